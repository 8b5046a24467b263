// SPDX-License-Identifier: GPL-2.0
/*
 * counter-doc - print the README's counter reference table from the
 * module's own counter table, so the documentation cannot drift.
 */
#include <stdio.h>
#include "../module/pure.h"
#include "../module/items.h"

int main(void)
{
	int i;

	printf("| counter | group | kind | source | meaning |\n");
	printf("| --- | --- | --- | --- | --- |\n");
	for (i = 0; i < NR_CR3STAT_ITEMS; i++) {
		const struct cr3stat_item_desc *d = &cr3stat_items[i];

		printf("| `%s` | %s | %s | %s | %s |\n", d->name,
		       cr3stat_groups[d->group].name,
		       cr3stat_kind_name(d->kind), d->source, d->help);
	}
	return 0;
}
