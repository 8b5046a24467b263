// SPDX-License-Identifier: GPL-2.0
/*
 * The counter and group descriptor tables (see items.h).
 */
#include "pure.h"
#include "items.h"

const struct cr3stat_group_desc cr3stat_groups[] = {
	[CR3STAT_GROUP_CTXSW] = {
		.name = "ctxsw",
		.help = "context switches: switch_mm_irqs_off()",
		.default_on = 1,
	},
};

const struct cr3stat_item_desc cr3stat_items[] = {
	[CR3STAT_CTXSW_CALLS] = {
		.name = "ctxsw_calls",
		.group = CR3STAT_GROUP_CTXSW,
		.kind = CR3STAT_EXACT,
		.source = "kprobe switch_mm_irqs_off",
		.help = "calls of switch_mm_irqs_off(): the scheduler switching to a task with another or the same mm",
	},
};

/* A descriptor missing at the end; a gap inside is caught by a unit test. */
static_assert(ARRAY_SIZE(cr3stat_items) == NR_CR3STAT_ITEMS);
static_assert(ARRAY_SIZE(cr3stat_groups) == NR_CR3STAT_GROUPS);

const char *cr3stat_kind_name(enum cr3stat_kind kind)
{
	return kind == CR3STAT_EXACT ? "exact" : "derived";
}
