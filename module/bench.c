// SPDX-License-Identifier: GPL-2.0
/*
 * The cost bench: what one CR3 or MSR write costs on this CPU.
 *
 * It runs when asked (write "run" to the bench file), on the writer's CPU,
 * never when the file is read: reading shows the last run.  The task is
 * kept on its CPU for the whole run (migrate_disable()), and preemption
 * and interrupts are off only for one timed batch at a time, so a run
 * stays out of the way of latency-sensitive work (PREEMPT_RT).
 *
 * Each operation is timed CR3STAT_BENCH_REPS times, each time
 * CR3STAT_BENCH_BATCH runs of it back to back between two rdtsc_ordered()
 * with interrupts off: a batch lifts cheap operations above the TSC's
 * resolution (an emulated one ticks in steps of tens of cycles).  The
 * median of the same measurement around nothing is subtracted and the
 * result divided by the batch, so a figure is the price of one operation
 * in TSC cycles.
 *
 * Nothing is left changed: CR3 is written back with the value it holds
 * (which only flushes TLB entries, as any flush may), INVPCID flushes the
 * running PCID, and an MSR is written with the value just read from it,
 * by cr3stat_wrmsr_notrace(), which bypasses the msr:write_msr tracepoint so the bench
 * does not show up in the msr group's counters.  These instructions live
 * in module text, which the CR3 site scan does not cover, so the bench
 * does not count itself either.
 */
#include <linux/cpufeature.h>
#include <linux/irqflags.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/preempt.h>
#include <linux/string.h>
#include <asm/invpcid.h>
#include <asm/msr-index.h>
#include <asm/processor-flags.h>
#include <asm/special_insns.h>
#include "compat/msr.h"
#include "cr3stat.h"
#include "items.h"

#define CR3STAT_BENCH_REPS 1000
#define CR3STAT_BENCH_BATCH 8

/* An item priced by an operation, and whether it is added or taken off. */
struct cr3stat_price {
	enum cr3stat_item item;
	bool minus;
};

/**
 * struct cr3stat_bench_op - one measured operation
 * @name: shown in the op column
 * @supported: whether this CPU can run it; NULL means always
 * @run: the operation, called with interrupts off
 * @nr_prices: entries in @prices
 * @prices: the counters whose writes this operation prices
 */
struct cr3stat_bench_op {
	const char *name;
	bool (*supported)(void);
	void (*run)(void);
	unsigned int nr_prices;
	const struct cr3stat_price *prices;
};

static bool cr3stat_has_pcid(void)
{
	return cpu_feature_enabled(X86_FEATURE_PCID) &&
	       (native_read_cr4() & X86_CR4_PCIDE);
}

static bool cr3stat_has_invpcid(void)
{
	return cpu_feature_enabled(X86_FEATURE_INVPCID);
}

static bool cr3stat_has_tsc_aux(void)
{
	u64 v;

	return (cpu_feature_enabled(X86_FEATURE_RDTSCP) ||
		cpu_feature_enabled(X86_FEATURE_RDPID)) &&
	       !cr3stat_rdmsr_safe(MSR_TSC_AUX, &v);
}

static bool cr3stat_has_pasid_msr(void)
{
	u64 v;

	return cr3stat_msr_pasid() && !cr3stat_rdmsr_safe(MSR_IA32_PASID, &v);
}

static void cr3stat_op_empty(void)
{
}

static void cr3stat_op_cr3_flush(void)
{
	native_write_cr3(__native_read_cr3());
}

static void cr3stat_op_cr3_noflush(void)
{
	native_write_cr3(__native_read_cr3() | X86_CR3_PCID_NOFLUSH);
}

static void cr3stat_op_invpcid(void)
{
	invpcid_flush_single_context(__native_read_cr3() & X86_CR3_PCID_MASK);
}

static void cr3stat_msr_rewrite(unsigned int msr)
{
	u64 v;

	if (!cr3stat_rdmsr_safe(msr, &v))
		cr3stat_wrmsr_notrace(msr, v);
}

static void cr3stat_op_wrmsr(void)
{
	cr3stat_msr_rewrite(MSR_TSC_AUX);
}

static void cr3stat_op_wrmsr_pasid(void)
{
	cr3stat_msr_rewrite(MSR_IA32_PASID);
}

/*
 * What each write costs: a CR3 write without NOFLUSH flushes the PCID it
 * loads.  The PTI switches and paranoid restores set NOFLUSH when PCID is
 * on, so their price depends on it (cr3stat_bench_show()).
 */
static const struct cr3stat_price cr3stat_flush_prices[] = {
	{ CR3STAT_CTXSW_CR3_WRITES }, { CR3STAT_CTXSW_CR3_NOFLUSH, true },
	{ CR3STAT_FLUSH_CR3_WRITES }, { CR3STAT_FLUSH_CR3_NOFLUSH, true },
	{ CR3STAT_OTHER_CR3_WRITES }, { CR3STAT_OTHER_CR3_NOFLUSH, true },
};

static const struct cr3stat_price cr3stat_noflush_prices[] = {
	{ CR3STAT_CTXSW_CR3_NOFLUSH }, { CR3STAT_FLUSH_CR3_NOFLUSH },
	{ CR3STAT_OTHER_CR3_NOFLUSH },
};

static const struct cr3stat_price cr3stat_entry_prices[] = {
	{ CR3STAT_PTI_CR3_WRITES }, { CR3STAT_PARANOID_CR3_RESTORES },
};

static const struct cr3stat_price cr3stat_wrmsr_prices[] = {
	{ CR3STAT_MSR_WRITES }, { CR3STAT_MSR_PASID_WRITES, true },
};

static const struct cr3stat_price cr3stat_pasid_prices[] = {
	{ CR3STAT_MSR_PASID_WRITES },
};

#define PRICES(p) .nr_prices = ARRAY_SIZE(p), .prices = p

enum { OP_EMPTY, OP_CR3_FLUSH, OP_CR3_NOFLUSH };

static const struct cr3stat_bench_op cr3stat_bench_ops[] = {
	[OP_EMPTY] = { "empty", NULL, cr3stat_op_empty },
	[OP_CR3_FLUSH] = { "cr3_flush", NULL, cr3stat_op_cr3_flush,
			   PRICES(cr3stat_flush_prices) },
	[OP_CR3_NOFLUSH] = { "cr3_noflush", cr3stat_has_pcid,
			     cr3stat_op_cr3_noflush,
			     PRICES(cr3stat_noflush_prices) },
	{ "invpcid_single", cr3stat_has_invpcid, cr3stat_op_invpcid },
	{ "wrmsr", cr3stat_has_tsc_aux, cr3stat_op_wrmsr,
	  PRICES(cr3stat_wrmsr_prices) },
	{ "wrmsr_pasid", cr3stat_has_pasid_msr, cr3stat_op_wrmsr_pasid,
	  PRICES(cr3stat_pasid_prices) },
};

#define NR_BENCH_OPS ARRAY_SIZE(cr3stat_bench_ops)

/* Results of one run; min/median/p90/max, or all U64_MAX if unsupported. */
struct cr3stat_bench_result {
	int cpu;
	u64 stat[4];
};

/* The last run, shown by every read until the next run. */
static DEFINE_MUTEX(cr3stat_bench_lock);
static struct cr3stat_bench_result cr3stat_results[NR_BENCH_OPS];
static bool cr3stat_have_results;
static u64 cr3stat_samples[CR3STAT_BENCH_REPS];

static int cr3stat_u64_cmp(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

/* Sample one operation on this CPU; sorted samples in cr3stat_samples. */
static void cr3stat_bench_one(const struct cr3stat_bench_op *op)
{
	unsigned long flags;
	unsigned int i;

	for (i = 0; i < CR3STAT_BENCH_REPS; i++) {
		unsigned int b;
		u64 t0, t1;

		/* Only one batch at a time runs with preemption off. */
		preempt_disable();
		local_irq_save(flags);
		t0 = rdtsc_ordered();
		for (b = 0; b < CR3STAT_BENCH_BATCH; b++)
			op->run();
		t1 = rdtsc_ordered();
		local_irq_restore(flags);
		preempt_enable();
		cr3stat_samples[i] = t1 - t0;
		cond_resched();
	}
	sort(cr3stat_samples, CR3STAT_BENCH_REPS, sizeof(u64),
	     cr3stat_u64_cmp, NULL);
}

/*
 * Every operation, the empty baseline first, on the one CPU the task is
 * kept on.  Called with cr3stat_bench_lock held.
 */
static void cr3stat_bench_run(struct cr3stat_bench_result *res)
{
	static const unsigned int at[4] = {
		0, CR3STAT_BENCH_REPS / 2, CR3STAT_BENCH_REPS * 9 / 10,
		CR3STAT_BENCH_REPS - 1,
	};
	u64 base = 0;
	unsigned int i, s;
	int cpu;

	migrate_disable();
	cpu = raw_smp_processor_id();
	for (i = 0; i < NR_BENCH_OPS; i++) {
		const struct cr3stat_bench_op *op = &cr3stat_bench_ops[i];

		res[i].cpu = cpu;
		if (op->supported && !op->supported()) {
			for (s = 0; s < 4; s++)
				res[i].stat[s] = U64_MAX;
			continue;
		}
		cr3stat_bench_one(op);
		if (i == OP_EMPTY)
			base = cr3stat_samples[at[1]];
		for (s = 0; s < 4; s++) {
			u64 v = cr3stat_samples[at[s]];

			if (i != OP_EMPTY)
				v = v > base ? v - base : 0;
			res[i].stat[s] = DIV_ROUND_CLOSEST_ULL(v,
						CR3STAT_BENCH_BATCH);
		}
	}
	migrate_enable();
}

/**
 * cr3stat_bench_request() - a write to the bench file
 * @req: "run" (a trailing newline allowed): run the bench on this CPU
 *
 * Return: 0 after the run, -EINVAL for anything else.
 */
int cr3stat_bench_request(const char *req)
{
	if (strcmp(req, "run") && strcmp(req, "run\n"))
		return -EINVAL;
	mutex_lock(&cr3stat_bench_lock);
	cr3stat_bench_run(cr3stat_results);
	cr3stat_have_results = true;
	mutex_unlock(&cr3stat_bench_lock);
	return 0;
}

static void cr3stat_bench_prices(struct seq_file *m,
				 const struct cr3stat_price *p, unsigned int n,
				 bool *first)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		seq_printf(m, "%s%s%s", *first ? "" : ",", p[i].minus ? "-" : "",
			   cr3stat_items[p[i].item].name);
		*first = false;
	}
}

/**
 * cr3stat_bench_show() - print the last run of the bench
 * @m: the seq_file of the bench file
 *
 * One header line, then, once the bench has run, one line per operation:
 * name, CPU, timed batches, min, median, p90 and max in TSC cycles per
 * operation (less the empty median), and the counters the operation's
 * median prices ("-name" is subtracted).  Reading never runs the bench.
 *
 * Return: 0.
 */
int cr3stat_bench_show(struct seq_file *m)
{
	bool pcid = cr3stat_has_pcid();
	unsigned int i, s;

	seq_printf(m, "%-15s %4s %6s %11s %11s %11s %11s  %s\n", "op", "cpu",
		   "reps", "min", "median", "p90", "max", "prices");
	mutex_lock(&cr3stat_bench_lock);
	for (i = 0; cr3stat_have_results && i < NR_BENCH_OPS; i++) {
		const struct cr3stat_bench_op *op = &cr3stat_bench_ops[i];
		const struct cr3stat_bench_result *r = &cr3stat_results[i];
		bool first = true;

		seq_printf(m, "%-15s %4d %6d", op->name, r->cpu,
			   CR3STAT_BENCH_REPS);
		for (s = 0; s < 4; s++) {
			if (r->stat[s] == U64_MAX)
				seq_printf(m, " %11s", "unsupported");
			else
				seq_printf(m, " %11llu", r->stat[s]);
		}
		seq_puts(m, "  ");
		cr3stat_bench_prices(m, op->prices, op->nr_prices, &first);
		/* Entry-text writes set NOFLUSH exactly when PCID is on. */
		if (i == (pcid ? OP_CR3_NOFLUSH : OP_CR3_FLUSH))
			cr3stat_bench_prices(m, cr3stat_entry_prices,
					     ARRAY_SIZE(cr3stat_entry_prices),
					     &first);
		seq_puts(m, first ? "-\n" : "\n");
	}
	mutex_unlock(&cr3stat_bench_lock);
	return 0;
}
