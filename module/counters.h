/* SPDX-License-Identifier: GPL-2.0 */
#ifndef CR3STAT_COUNTERS_H
#define CR3STAT_COUNTERS_H

#include <linux/percpu.h>
#include <linux/seq_file.h>
#include "items.h"
#include "msr_parse.h"

/* Most MOV-to-CR3 sites one kernel may have; Debian 6.x has about 20. */
#define CR3STAT_MAX_SITES 64

/*
 * One CPU's counters: the items of the counter table, the hits of each CR3
 * write site, then the writes of each watched MSR.  Slots are addressed as
 * a flat array.
 */
#define CR3STAT_SITE_SLOT(i)	(NR_CR3STAT_ITEMS + (i))
#define CR3STAT_MSR_SLOT(i)	(CR3STAT_SITE_SLOT(CR3STAT_MAX_SITES) + (i))
#define NR_CR3STAT_SLOTS	CR3STAT_MSR_SLOT(CR3STAT_MSR_WATCH_MAX)

struct cr3stat_cpu_counts {
	u64 v[NR_CR3STAT_SLOTS];
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

static __always_inline void cr3stat_count_site(unsigned int site)
{
	this_cpu_inc(cr3stat_pcpu->v[CR3STAT_SITE_SLOT(site)]);
}

static __always_inline void cr3stat_count_msr(unsigned int slot)
{
	this_cpu_inc(cr3stat_pcpu->v[CR3STAT_MSR_SLOT(slot)]);
}

int cr3stat_counters_init(void);
void cr3stat_counters_exit(void);
void cr3stat_counters_reset(void);
void cr3stat_counters_reset_slots(unsigned int first, unsigned int n);
void cr3stat_counters_set_unsupported(enum cr3stat_item item, const char *why);
void cr3stat_counters_set_supported(enum cr3stat_item item);
const char *cr3stat_counters_unsupported_why(enum cr3stat_item item);
int cr3stat_counters_show(struct seq_file *m);
void cr3stat_counters_header(struct seq_file *m);
void cr3stat_counters_row(struct seq_file *m, unsigned int slot, u64 *val);
u64 *cr3stat_counters_scratch(void);
void cr3stat_counters_lock(void);
void cr3stat_counters_unlock(void);

#endif /* CR3STAT_COUNTERS_H */
