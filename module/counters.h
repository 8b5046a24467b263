/* SPDX-License-Identifier: GPL-2.0 */
#ifndef CR3STAT_COUNTERS_H
#define CR3STAT_COUNTERS_H

#include <linux/percpu.h>
#include <linux/seq_file.h>
#include "items.h"

struct cr3stat_cpu_counts {
	u64 v[NR_CR3STAT_ITEMS];
};

extern struct cr3stat_cpu_counts __percpu *cr3stat_pcpu;

/**
 * cr3stat_count() - count one event on this CPU
 * @item: the counter
 *
 * A single this_cpu_inc(): one instruction on x86, so it is safe from any
 * context including NMI, and the counter is never written by another CPU.
 */
static __always_inline void cr3stat_count(enum cr3stat_item item)
{
	this_cpu_inc(cr3stat_pcpu->v[item]);
}

int cr3stat_counters_init(void);
void cr3stat_counters_exit(void);
void cr3stat_counters_reset(void);
void cr3stat_counters_set_unsupported(enum cr3stat_item item);
int cr3stat_counters_show(struct seq_file *m);

#endif /* CR3STAT_COUNTERS_H */
