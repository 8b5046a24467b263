// SPDX-License-Identifier: GPL-2.0
/*
 * Finding core-kernel tracepoints by name and probing them (see
 * compat/tracepoint.h for why they are found this way and how the probes
 * are type-checked).
 */
#include <linux/string.h>
#include <linux/tracepoint.h>
#include "compat/tracepoint.h"

struct cr3stat_tp_query {
	struct cr3stat_tp *const *tps;
	unsigned int n;
};

static void cr3stat_tp_match(struct tracepoint *tp, void *priv)
{
	const struct cr3stat_tp_query *q = priv;
	unsigned int i;

	for (i = 0; i < q->n; i++)
		if (!strcmp(tp->name, q->tps[i]->name))
			q->tps[i]->tp = tp;
}

/**
 * cr3stat_tp_find() - look up tracepoints of the core kernel by name
 * @tps: the probes, whose @tp is filled in
 * @n: how many
 *
 * Return: how many of them this kernel has.
 */
int cr3stat_tp_find(struct cr3stat_tp *const *tps, unsigned int n)
{
	struct cr3stat_tp_query q = { .tps = tps, .n = n };
	unsigned int i;
	int found = 0;

	for_each_kernel_tracepoint(cr3stat_tp_match, &q);
	for (i = 0; i < n; i++)
		found += !!tps[i]->tp;
	return found;
}

/* Return: 0, -ENOENT when the kernel has no such tracepoint, or an error. */
int cr3stat_tp_register(struct cr3stat_tp *t)
{
	if (!t->tp)
		return -ENOENT;
	return tracepoint_probe_register(t->tp, t->probe, NULL);
}

/*
 * The caller must tracepoint_synchronize_unregister() before it relies on
 * no probe running any more; doing it once for many probes saves grace
 * periods.
 */
void cr3stat_tp_unregister(struct cr3stat_tp *t)
{
	if (t->tp)
		tracepoint_probe_unregister(t->tp, t->probe, NULL);
}
