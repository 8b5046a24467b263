// SPDX-License-Identifier: GPL-2.0
/*
 * Per-CPU counter storage, reset and the one summing loop.
 *
 * Probes only ever increment their own CPU's slot.  A reset does not write
 * those slots (that would race with a probe on the other CPU and could lose
 * an event or the reset); it records the current values as a baseline that
 * readers subtract, so every event after a reset is counted.
 */
#include <linux/cpumask.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include "counters.h"

struct cr3stat_cpu_counts __percpu *cr3stat_pcpu;
static struct cr3stat_cpu_counts __percpu *cr3stat_base;

/* Counters this machine cannot produce; set once at load. */
static DECLARE_BITMAP(cr3stat_unsupported, NR_CR3STAT_ITEMS);

/* Serialises reset against readers so no reader sees half a baseline. */
static DEFINE_MUTEX(cr3stat_counters_lock);

int cr3stat_counters_init(void)
{
	cr3stat_pcpu = alloc_percpu(struct cr3stat_cpu_counts);
	cr3stat_base = alloc_percpu(struct cr3stat_cpu_counts);
	if (!cr3stat_pcpu || !cr3stat_base) {
		cr3stat_counters_exit();
		return -ENOMEM;
	}
	return 0;
}

void cr3stat_counters_exit(void)
{
	free_percpu(cr3stat_base);
	free_percpu(cr3stat_pcpu);
	cr3stat_base = NULL;
	cr3stat_pcpu = NULL;
}

/**
 * cr3stat_counters_set_unsupported() - mark a counter as not measurable here
 * @item: the counter
 *
 * Called at load by a group that finds the machine cannot produce the
 * event, so that the counter reads "unsupported" instead of a silent zero.
 */
void cr3stat_counters_set_unsupported(enum cr3stat_item item)
{
	set_bit(item, cr3stat_unsupported);
}

void cr3stat_counters_reset(void)
{
	int cpu;

	mutex_lock(&cr3stat_counters_lock);
	for_each_possible_cpu(cpu) {
		struct cr3stat_cpu_counts *c = per_cpu_ptr(cr3stat_pcpu, cpu);
		struct cr3stat_cpu_counts *b = per_cpu_ptr(cr3stat_base, cpu);
		int i;

		for (i = 0; i < NR_CR3STAT_ITEMS; i++)
			b->v[i] = READ_ONCE(c->v[i]);
	}
	mutex_unlock(&cr3stat_counters_lock);
}

static u64 cr3stat_read(int cpu, enum cr3stat_item item)
{
	return READ_ONCE(per_cpu_ptr(cr3stat_pcpu, cpu)->v[item]) -
	       per_cpu_ptr(cr3stat_base, cpu)->v[item];
}

/**
 * cr3stat_counters_show() - print the counters table
 * @m: the seq_file of the counters file
 *
 * One header line, then one row per counter: name, group, kind, total and
 * one column per possible CPU.  Each CPU's value is read once and the total
 * is the sum of the printed values, so a row always adds up.  A counter the
 * machine cannot produce shows "unsupported" in every value column.
 */
int cr3stat_counters_show(struct seq_file *m)
{
	char col[16];
	u64 *val;
	int cpu, i;

	val = kmalloc_array(nr_cpu_ids, sizeof(*val), GFP_KERNEL);
	if (!val)
		return -ENOMEM;

	seq_printf(m, "%-24s %-8s %-8s %20s", "counter", "group", "kind",
		   "total");
	for_each_possible_cpu(cpu) {
		snprintf(col, sizeof(col), "cpu%d", cpu);
		seq_printf(m, " %12s", col);
	}
	seq_putc(m, '\n');

	mutex_lock(&cr3stat_counters_lock);
	for (i = 0; i < NR_CR3STAT_ITEMS; i++) {
		const struct cr3stat_item_desc *d = &cr3stat_items[i];
		bool unsup = test_bit(i, cr3stat_unsupported);
		u64 total = 0;

		seq_printf(m, "%-24s %-8s %-8s", d->name,
			   cr3stat_groups[d->group].name,
			   cr3stat_kind_name(d->kind));
		if (unsup) {
			seq_printf(m, " %20s", "unsupported");
			for_each_possible_cpu(cpu)
				seq_printf(m, " %12s", "unsupported");
			seq_putc(m, '\n');
			continue;
		}
		for_each_possible_cpu(cpu) {
			val[cpu] = cr3stat_read(cpu, i);
			total += val[cpu];
		}
		seq_printf(m, " %20llu", total);
		for_each_possible_cpu(cpu)
			seq_printf(m, " %12llu", val[cpu]);
		seq_putc(m, '\n');
	}
	mutex_unlock(&cr3stat_counters_lock);
	kfree(val);
	return 0;
}
