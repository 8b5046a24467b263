// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the counter and group tables (module/items.c): every slot
 * is filled, names are unique identifiers, and every counter says where it
 * comes from.
 */
#include "tap.h"
#include "../../module/pure.h"
#include "../../module/items.h"

static int is_ident(const char *s)
{
	if (!s || !*s)
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		      *s == '_'))
			return 0;
	return 1;
}

int main(void)
{
	int i, j;

	for (i = 0; i < NR_CR3STAT_GROUPS; i++) {
		const struct cr3stat_group_desc *g = &cr3stat_groups[i];

		ok(is_ident(g->name) && g->help && *g->help,
		   "group %d has a name and help", i);
		for (j = 0; j < i; j++)
			ok(g->name && strcmp(g->name, cr3stat_groups[j].name),
			   "groups %d and %d have different names", j, i);
	}
	for (i = 0; i < NR_CR3STAT_ITEMS; i++) {
		const struct cr3stat_item_desc *d = &cr3stat_items[i];

		ok(is_ident(d->name), "counter %d has an identifier name (%s)",
		   i, d->name ? d->name : "(null)");
		ok(d->source && *d->source && d->help && *d->help,
		   "counter %d says its source and meaning", i);
		ok(d->group < NR_CR3STAT_GROUPS &&
		   (d->kind == CR3STAT_EXACT || d->kind == CR3STAT_DERIVED),
		   "counter %d has a valid group and kind", i);
		for (j = 0; j < i; j++)
			ok(d->name && strcmp(d->name, cr3stat_items[j].name),
			   "counters %d and %d have different names", j, i);
	}
	return done_testing();
}
