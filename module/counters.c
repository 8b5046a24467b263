// SPDX-License-Identifier: GPL-2.0
/*
 * Per-CPU counter storage, reset and the one summing loop.
 *
 * Probes only ever increment their own CPU's slot.  A reset does not write
 * those slots (that would race with a probe on the other CPU and could lose
 * an event or the reset); it records the current values as a baseline that
 * readers subtract, so every event after a reset is counted.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpumask.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include "counters.h"

struct cr3stat_cpu_counts __percpu *cr3stat_pcpu;
static struct cr3stat_cpu_counts __percpu *cr3stat_base;

/*
 * Counters this machine cannot produce, and why (a static string each).
 * Most are decided at load; a group whose probe points come and go with
 * another module (kvm) changes them at run time, so readers test each bit
 * once per row and take whatever it says at that moment.
 */
static DECLARE_BITMAP(cr3stat_unsupported, NR_CR3STAT_ITEMS);
static const char *cr3stat_unsupported_why[NR_CR3STAT_ITEMS];

/* Serialises reset against readers so no reader sees half a baseline. */
static DEFINE_MUTEX(counters_mutex);

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
 * @why: the reason, a static string
 *
 * Called by a group that finds the machine cannot produce the event, so
 * that the counter reads "unsupported" instead of a silent zero.  May be
 * called at any time; the reason is published before the bit.
 */
void cr3stat_counters_set_unsupported(enum cr3stat_item item, const char *why)
{
	WRITE_ONCE(cr3stat_unsupported_why[item], why);
	/* Pairs with the barrier in cr3stat_counters_unsupported_why(). */
	smp_mb__before_atomic();
	set_bit(item, cr3stat_unsupported);
}

/**
 * cr3stat_counters_set_supported() - a counter is measurable again
 * @item: the counter
 *
 * Its value continues from what it was; nothing is reset.
 */
void cr3stat_counters_set_supported(enum cr3stat_item item)
{
	clear_bit(item, cr3stat_unsupported);
}

/**
 * cr3stat_counters_unsupported_why() - why a counter is unsupported
 * @item: the counter
 *
 * Return: the reason, or NULL when the counter is supported.
 */
const char *cr3stat_counters_unsupported_why(enum cr3stat_item item)
{
	if (!test_bit(item, cr3stat_unsupported))
		return NULL;
	/* The reason was written before the bit: see set_unsupported(). */
	smp_mb__after_atomic();
	return READ_ONCE(cr3stat_unsupported_why[item]) ?: "unsupported";
}

bool cr3stat_counters_supported(enum cr3stat_item item)
{
	return !test_bit(item, cr3stat_unsupported);
}

/* Say at load which counters are unsupported, and why. */
void cr3stat_counters_log_unsupported(void)
{
	unsigned int i;

	for (i = 0; i < NR_CR3STAT_ITEMS; i++) {
		const char *why = cr3stat_counters_unsupported_why(i);

		if (why)
			pr_info("%s: unsupported: %s\n", cr3stat_items[i].name,
				why);
	}
}

/**
 * cr3stat_counters_info() - the info lines of unsupported counters
 * @m: the seq_file of info
 *
 * One line per unsupported counter: "unsupported: NAME: WHY".
 */
void cr3stat_counters_info(struct seq_file *m)
{
	unsigned int i;

	for (i = 0; i < NR_CR3STAT_ITEMS; i++) {
		const char *why = cr3stat_counters_unsupported_why(i);

		if (why)
			seq_printf(m, "unsupported: %s: %s\n",
				   cr3stat_items[i].name, why);
	}
}

/**
 * cr3stat_counters_reset_slots() - zero some counters
 * @first: first slot
 * @n: number of slots
 *
 * The slots' current values become their baseline.
 */
void cr3stat_counters_reset_slots(unsigned int first, unsigned int n)
{
	int cpu;

	mutex_lock(&counters_mutex);
	for_each_possible_cpu(cpu) {
		struct cr3stat_cpu_counts *c = per_cpu_ptr(cr3stat_pcpu, cpu);
		struct cr3stat_cpu_counts *b = per_cpu_ptr(cr3stat_base, cpu);
		unsigned int i;

		for (i = first; i < first + n; i++)
			b->v[i] = READ_ONCE(c->v[i]);
	}
	mutex_unlock(&counters_mutex);
}

void cr3stat_counters_reset(void)
{
	cr3stat_counters_reset_slots(0, NR_CR3STAT_SLOTS);
}

static u64 cr3stat_read(int cpu, unsigned int slot)
{
	return READ_ONCE(per_cpu_ptr(cr3stat_pcpu, cpu)->v[slot]) -
	       per_cpu_ptr(cr3stat_base, cpu)->v[slot];
}

/* Scratch space for one row, one value per possible CPU. */
u64 *cr3stat_counters_scratch(void)
{
	return kmalloc_array(nr_cpu_ids, sizeof(u64), GFP_KERNEL);
}

/* Readers hold this so that a reset never shows them half a baseline. */
void cr3stat_counters_lock(void)
{
	mutex_lock(&counters_mutex);
}

void cr3stat_counters_unlock(void)
{
	mutex_unlock(&counters_mutex);
}

/* The value columns of a table header: "total cpu0 ... cpuN". */
void cr3stat_counters_header(struct seq_file *m)
{
	char col[16];
	int cpu;

	seq_printf(m, " %20s", "total");
	for_each_possible_cpu(cpu) {
		snprintf(col, sizeof(col), "cpu%d", cpu);
		seq_printf(m, " %12s", col);
	}
	seq_putc(m, '\n');
}

/**
 * cr3stat_counters_row() - print the value columns of one slot
 * @m: the seq_file
 * @slot: counter item or site slot
 * @val: scratch from cr3stat_counters_scratch()
 *
 * Each CPU's value is read once and the total is the sum of the printed
 * values, so a row always adds up.  Call with the counters lock held.
 */
void cr3stat_counters_row(struct seq_file *m, unsigned int slot, u64 *val)
{
	u64 total = 0;
	int cpu;

	lockdep_assert_held(&counters_mutex);
	for_each_possible_cpu(cpu) {
		val[cpu] = cr3stat_read(cpu, slot);
		total += val[cpu];
	}
	seq_printf(m, " %20llu", total);
	for_each_possible_cpu(cpu)
		seq_printf(m, " %12llu", val[cpu]);
	seq_putc(m, '\n');
}

/**
 * cr3stat_counters_show() - print the counters table
 * @m: the seq_file of the counters file
 *
 * One header line, then one row per counter: name, group, kind, total and
 * one column per possible CPU.  A counter the machine cannot produce shows
 * "unsupported" in every value column.
 */
int cr3stat_counters_show(struct seq_file *m)
{
	u64 *val = cr3stat_counters_scratch();
	int cpu, i;

	if (!val)
		return -ENOMEM;

	seq_printf(m, "%-24s %-10s %-8s", "counter", "group", "kind");
	cr3stat_counters_header(m);

	mutex_lock(&counters_mutex);
	for (i = 0; i < NR_CR3STAT_ITEMS; i++) {
		const struct cr3stat_item_desc *d = &cr3stat_items[i];

		seq_printf(m, "%-24s %-10s %-8s", d->name,
			   cr3stat_groups[d->group].name,
			   cr3stat_kind_name(d->kind));
		if (!test_bit(i, cr3stat_unsupported)) {
			cr3stat_counters_row(m, i, val);
			continue;
		}
		seq_printf(m, " %20s", "unsupported");
		for_each_possible_cpu(cpu)
			seq_printf(m, " %12s", "unsupported");
		seq_putc(m, '\n');
	}
	mutex_unlock(&counters_mutex);
	kfree(val);
	return 0;
}
