// SPDX-License-Identifier: GPL-2.0
/*
 * MSR group: MSR writes seen by the msr:write_msr tracepoint, the PASID
 * MSR in particular, and a run-time watch list of MSR indices.
 *
 * The tracepoint fires in native_write_msr() and native_write_msr_safe(),
 * the paths behind wrmsr()/wrmsrl()/wrmsr_safe(); noinstr code that uses
 * the raw native_wrmsr() (entry's SPEC_CTRL updates, for one) is not seen.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kprobes.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/tracepoint.h>
#include <asm/cpufeature.h>
#include <asm/msr-index.h>
#include <asm/processor.h>
#include "compat.h"
#include "counters.h"
#include "cr3stat.h"
#include "msr_parse.h"

/**
 * struct cr3stat_msr_watch - the MSRs whose writes are counted per slot
 * @n: number of MSRs
 * @msr: their indices; slot i counts writes of msr[i]
 * @rcu: for freeing after the tracepoint probe is done with it
 */
struct cr3stat_msr_watch {
	unsigned int n;
	unsigned int msr[CR3STAT_MSR_WATCH_MAX];
	struct rcu_head rcu;
};

static struct cr3stat_msr_watch __rcu *cr3stat_watch;
static DEFINE_MUTEX(cr3stat_watch_lock);
static struct tracepoint *cr3stat_write_msr_tp;
static bool cr3stat_pasid_ok;
static const char *cr3stat_pasid_why = "";

/* Called with preemption off, as tracepoint probes are (RCU-sched). */
static void cr3stat_write_msr_probe(void *data, unsigned int msr, u64 val,
				    int failed)
{
	const struct cr3stat_msr_watch *w;
	unsigned int i;

	cr3stat_count(CR3STAT_MSR_WRITES);
	if (failed)
		cr3stat_count(CR3STAT_MSR_WRITE_FAILED);
	if (msr == MSR_IA32_PASID && cr3stat_pasid_ok) {
		if (failed)
			cr3stat_count(CR3STAT_MSR_PASID_FAILED);
		else
			cr3stat_count(CR3STAT_MSR_PASID_WRITES);
		if (!failed && (val & MSR_IA32_PASID_VALID))
			cr3stat_count(CR3STAT_MSR_PASID_FIXUPS);
	}

	w = rcu_dereference_sched(cr3stat_watch);
	for (i = 0; w && i < w->n; i++) {
		if (w->msr[i] == msr)
			cr3stat_count_msr(i);
	}
}

/* switch_mm_irqs_off(prev, next, tsk): tsk is the third argument. */
static int cr3stat_pasid_switch_pre(struct kprobe *p, struct pt_regs *regs)
{
	if (cr3stat_task_pasid_active((struct task_struct *)regs->dx))
		cr3stat_count(CR3STAT_MSR_PASID_CTXSW);
	return 0;
}

static struct kprobe cr3stat_pasid_kp;

static void cr3stat_find_tp(struct tracepoint *tp, void *priv)
{
	if (!strcmp(tp->name, "write_msr"))
		cr3stat_write_msr_tp = tp;
}

static int cr3stat_msr_attach(unsigned int group)
{
	int err;

	if (!cr3stat_write_msr_tp)
		return -ENOENT;
	err = tracepoint_probe_register(cr3stat_write_msr_tp,
					cr3stat_write_msr_probe, NULL);
	if (err || !cr3stat_pasid_ok)
		return err;

	/* Only where a task can have an active PASID: otherwise no cost. */
	cr3stat_pasid_kp = (struct kprobe) {
		.symbol_name = "switch_mm_irqs_off",
		.pre_handler = cr3stat_pasid_switch_pre,
	};
	err = register_kprobe(&cr3stat_pasid_kp);
	if (err) {
		tracepoint_probe_unregister(cr3stat_write_msr_tp,
					    cr3stat_write_msr_probe, NULL);
		tracepoint_synchronize_unregister();
	}
	return err;
}

static void cr3stat_msr_detach(unsigned int group)
{
	if (cr3stat_pasid_ok)
		unregister_kprobe(&cr3stat_pasid_kp);
	tracepoint_probe_unregister(cr3stat_write_msr_tp,
				    cr3stat_write_msr_probe, NULL);
	/* No probe may still be running once the group is detached. */
	tracepoint_synchronize_unregister();
}

const struct cr3stat_group_ops cr3stat_msr_ops = {
	.attach = cr3stat_msr_attach,
	.detach = cr3stat_msr_detach,
};

/**
 * cr3stat_msr_set_watch() - replace the watch list
 * @req: NUL-terminated request, see cr3stat_parse_msr_list()
 *
 * The new list is published before the old one is freed, and the slots'
 * counts start from zero once no probe can still see the old list.
 *
 * Return: 0, -EINVAL if @req does not parse (nothing changes), -ENOMEM.
 */
int cr3stat_msr_set_watch(const char *req)
{
	struct cr3stat_msr_watch *w, *old;
	int n;

	w = kzalloc(sizeof(*w), GFP_KERNEL);
	if (!w)
		return -ENOMEM;
	n = cr3stat_parse_msr_list(req, w->msr);
	if (n < 0) {
		kfree(w);
		return n;
	}
	w->n = n;

	mutex_lock(&cr3stat_watch_lock);
	old = rcu_replace_pointer(cr3stat_watch, w,
				  lockdep_is_held(&cr3stat_watch_lock));
	synchronize_rcu();
	cr3stat_counters_reset_slots(CR3STAT_MSR_SLOT(0),
				     CR3STAT_MSR_WATCH_MAX);
	mutex_unlock(&cr3stat_watch_lock);
	kfree(old);
	return 0;
}

/**
 * cr3stat_msr_watch_show() - print the msr_watch file
 * @m: its seq_file
 *
 * One line per watched MSR: its index, then its writes since it was
 * added or the last reset, total and per CPU.
 */
int cr3stat_msr_watch_show(struct seq_file *m)
{
	const struct cr3stat_msr_watch *w;
	u64 *val = cr3stat_counters_scratch();
	unsigned int i;

	if (!val)
		return -ENOMEM;
	seq_printf(m, "%-10s", "msr");
	cr3stat_counters_header(m);
	mutex_lock(&cr3stat_watch_lock);
	w = rcu_dereference_protected(cr3stat_watch,
				      lockdep_is_held(&cr3stat_watch_lock));
	cr3stat_counters_lock();
	for (i = 0; w && i < w->n; i++) {
		seq_printf(m, "0x%08x", w->msr[i]);
		cr3stat_counters_row(m, CR3STAT_MSR_SLOT(i), val);
	}
	cr3stat_counters_unlock();
	mutex_unlock(&cr3stat_watch_lock);
	kfree(val);
	return 0;
}

/* Whether IA32_PASID can be written here at all, and if not, why. */
static void cr3stat_pasid_support(void)
{
	unsigned int eax, ebx, ecx, edx;

	cpuid_count(7, 0, &eax, &ebx, &ecx, &edx);
	if (!(ecx & BIT(X86_FEATURE_ENQCMD & 31)))
		cr3stat_pasid_why = "unsupported: the CPU has no ENQCMD";
	else if (!CR3STAT_KERNEL_CPU_PASID)
		cr3stat_pasid_why = "unsupported: kernel built without CPU PASID support";
	else if (!cpu_feature_enabled(X86_FEATURE_ENQCMD))
		cr3stat_pasid_why = "unsupported: the kernel does not use ENQCMD";
	else
		cr3stat_pasid_ok = true;
}

/**
 * cr3stat_msr_pasid_info() - what info says about PASID
 *
 * Return: "yes" or "unsupported: WHY".
 */
const char *cr3stat_msr_pasid_info(void)
{
	return cr3stat_pasid_ok ? "yes" : cr3stat_pasid_why;
}

/**
 * cr3stat_msr_init() - find the tracepoint, decide PASID support
 *
 * Return: 0, or -ENOMEM for the initial watch list.
 */
int cr3stat_msr_init(void)
{
	static const enum cr3stat_item pasid_items[] = {
		CR3STAT_MSR_PASID_WRITES, CR3STAT_MSR_PASID_FAILED,
		CR3STAT_MSR_PASID_FIXUPS, CR3STAT_MSR_PASID_CTXSW,
	};
	unsigned int i;

	for_each_kernel_tracepoint(cr3stat_find_tp, NULL);
	if (!cr3stat_write_msr_tp)
		pr_warn("no msr:write_msr tracepoint: the msr group cannot attach\n");
	cr3stat_pasid_support();
	if (!cr3stat_pasid_ok) {
		for (i = 0; i < ARRAY_SIZE(pasid_items); i++)
			cr3stat_counters_set_unsupported(pasid_items[i],
							 cr3stat_pasid_why);
	}
	return cr3stat_msr_set_watch("0xd93");
}

void cr3stat_msr_exit(void)
{
	/* The group is detached: no probe can see the list any more. */
	kfree(rcu_dereference_protected(cr3stat_watch, true));
	RCU_INIT_POINTER(cr3stat_watch, NULL);
}
