/* SPDX-License-Identifier: GPL-2.0 */
#ifndef CR3STAT_COUNTERS_H
#define CR3STAT_COUNTERS_H

#include <linux/percpu.h>
#include <linux/seq_file.h>
#include "cr3.h"
#include "items.h"
#include "msr_parse.h"

/* Most MOV-to-CR3 sites one kernel may have; Debian 6.x has about 20. */
#define CR3STAT_MAX_SITES 64

/*
 * One CPU's counters: the items of the counter table, the hits of each CR3
 * write site, then the writes of each watched MSR, in two banks: a new
 * watch list counts in the bank the list before the last one used, zeroed
 * before the list is published, while the old list may still count in
 * its own.  Slots are addressed as a flat array.
 */
#define CR3STAT_MSR_BANKS	2
#define CR3STAT_SITE_SLOT(i)	(NR_CR3STAT_ITEMS + (i))
#define CR3STAT_MSR_SLOT(i)	(CR3STAT_SITE_SLOT(CR3STAT_MAX_SITES) + (i))
#define NR_CR3STAT_SLOTS \
	CR3STAT_MSR_SLOT(CR3STAT_MSR_BANKS * CR3STAT_MSR_WATCH_MAX)

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

/* Which CR3 bits mean what on this boot (PCID and PTI are fixed). */
extern struct cr3stat_cr3_masks cr3stat_masks;

struct cr3stat_cr3_block {
	struct cr3stat_cpu_counts __percpu *p;
	enum cr3stat_item first;
};

static __always_inline void cr3stat_count_class(void *ctx, unsigned int c)
{
	const struct cr3stat_cr3_block *b = ctx;

	this_cpu_inc(b->p->v[b->first + c]);
}

/**
 * cr3stat_count_cr3() - count one CR3 write into a block of counters
 * @block: the block's first counter (its *_cr3_writes)
 * @val: the value written, NOFLUSH included
 * @cur: the value loaded before it
 *
 * Inline, with the counters' base in a register: it runs on every
 * context switch (the ctxsw group's tracepoint probe).
 */
static __always_inline void cr3stat_count_cr3(enum cr3stat_item block,
					      u64 val, u64 cur)
{
	struct cr3stat_cr3_block b = { .p = cr3stat_pcpu, .first = block };

	cr3stat_cr3_for_each_class(&cr3stat_masks, val, cur,
				   cr3stat_count_class, &b);
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
bool cr3stat_counters_supported(enum cr3stat_item item);
void cr3stat_counters_info(struct seq_file *m);
void cr3stat_counters_log_unsupported(void);
int cr3stat_counters_show(struct seq_file *m);
void cr3stat_counters_header(struct seq_file *m);
void cr3stat_counters_row(struct seq_file *m, unsigned int slot, u64 *val);
u64 *cr3stat_counters_scratch(void);
void cr3stat_counters_lock(void);
void cr3stat_counters_unlock(void);

#endif /* CR3STAT_COUNTERS_H */
