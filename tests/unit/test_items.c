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

/*
 * Each property below is one test over the whole table; the rows that
 * break it are named in diagnostics.
 */
static int groups_named(void)
{
	int i, bad = 0;

	for (i = 0; i < NR_CR3STAT_GROUPS; i++) {
		const struct cr3stat_group_desc *g = &cr3stat_groups[i];

		if (!is_ident(g->name) || !g->help || !*g->help) {
			printf("# group %d: name or help missing\n", i);
			bad = 1;
		}
	}
	return !bad;
}

static int groups_unique(void)
{
	int i, j, bad = 0;

	for (i = 0; i < NR_CR3STAT_GROUPS; i++)
		for (j = 0; j < i; j++)
			if (!cr3stat_groups[i].name || !cr3stat_groups[j].name ||
			    !strcmp(cr3stat_groups[i].name,
				    cr3stat_groups[j].name)) {
				printf("# groups %d and %d share a name\n", j, i);
				bad = 1;
			}
	return !bad;
}

static int items_named(void)
{
	int i, bad = 0;

	for (i = 0; i < NR_CR3STAT_ITEMS; i++)
		if (!is_ident(cr3stat_items[i].name)) {
			printf("# counter %d: '%s' is no identifier\n", i,
			       cr3stat_items[i].name ? cr3stat_items[i].name :
			       "(null)");
			bad = 1;
		}
	return !bad;
}

static int items_documented(void)
{
	int i, bad = 0;

	for (i = 0; i < NR_CR3STAT_ITEMS; i++) {
		const struct cr3stat_item_desc *d = &cr3stat_items[i];

		if (!d->source || !*d->source || !d->help || !*d->help) {
			printf("# counter %d (%s): source or help missing\n", i,
			       d->name ? d->name : "(null)");
			bad = 1;
		}
	}
	return !bad;
}

static int items_classified(void)
{
	int i, bad = 0;

	for (i = 0; i < NR_CR3STAT_ITEMS; i++) {
		const struct cr3stat_item_desc *d = &cr3stat_items[i];

		if (d->group >= NR_CR3STAT_GROUPS ||
		    (d->kind != CR3STAT_EXACT && d->kind != CR3STAT_DERIVED)) {
			printf("# counter %d (%s): bad group or kind\n", i,
			       d->name ? d->name : "(null)");
			bad = 1;
		}
	}
	return !bad;
}

static int items_unique(void)
{
	int i, j, bad = 0;

	for (i = 0; i < NR_CR3STAT_ITEMS; i++)
		for (j = 0; j < i; j++)
			if (!cr3stat_items[i].name || !cr3stat_items[j].name ||
			    !strcmp(cr3stat_items[i].name,
				    cr3stat_items[j].name)) {
				printf("# counters %d and %d share a name\n", j, i);
				bad = 1;
			}
	return !bad;
}

int main(void)
{
	ok(groups_named(), "every group (%d) has an identifier name and help",
	   NR_CR3STAT_GROUPS);
	ok(groups_unique(), "group names are unique");
	ok(items_named(), "every counter (%d) has an identifier name",
	   NR_CR3STAT_ITEMS);
	ok(items_documented(), "every counter says its source and meaning");
	ok(items_classified(), "every counter has a valid group and kind");
	ok(items_unique(), "counter names are unique");
	return done_testing();
}
