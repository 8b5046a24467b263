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

#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <asm/cpufeature.h>
#include <asm/msr-index.h>
#include "compat/msr.h"
#include "compat/sched.h"
#include "compat/tracepoint.h"
#include "counters.h"
#include "cr3stat.h"
#include "msr_parse.h"

/**
 * struct cr3stat_msr_watch - the MSRs whose writes are counted per slot
 * @n: number of MSRs
 * @first: the counter slot of msr[0]; msr[i] counts in slot @first + i
 * @msr: their indices
 * @rcu: for freeing after the tracepoint probe is done with it
 */
struct cr3stat_msr_watch {
	unsigned int n;
	unsigned int first;
	unsigned int msr[CR3STAT_MSR_WATCH_MAX];
	struct rcu_head rcu;
};

static struct cr3stat_msr_watch __rcu *cr3stat_watch;
static DEFINE_MUTEX(cr3stat_watch_lock);
static bool cr3stat_pasid_ok;
static const char *cr3stat_pasid_why = "";

/*
 * Tracepoint probes run with preemption off in older kernels and
 * preemptibly (SRCU) in newer ones: the list is held by an RCU read lock
 * of the probe's own, and never read past its array whatever n says.
 */
static void cr3stat_write_msr_probe(void *data, unsigned int msr, u64 val,
				    int failed)
{
	const struct cr3stat_msr_watch *w;
	unsigned int i, n;

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

	rcu_read_lock();
	w = rcu_dereference(cr3stat_watch);
	n = w ? min_t(unsigned int, w->n, CR3STAT_MSR_WATCH_MAX) : 0;
	for (i = 0; i < n; i++) {
		if (w->msr[i] == msr)
			cr3stat_count_msr(w->first + i);
	}
	rcu_read_unlock();
}
CR3STAT_TP(cr3stat_write_msr_tp, write_msr, cr3stat_write_msr_probe);

/*
 * A task whose PASID is active gets IA32_PASID back from its xstate
 * (XRSTORS) after every switch to it, not by wrmsr.
 */
static void cr3stat_pasid_switch(void *data, bool preempt,
				 struct task_struct *prev,
				 struct task_struct *next,
				 unsigned int prev_state)
{
	if (cr3stat_task_pasid_active(next))
		cr3stat_count(CR3STAT_MSR_PASID_CTXSW);
}
CR3STAT_TP(cr3stat_pasid_tp, sched_switch, cr3stat_pasid_switch);

static void cr3stat_msr_unregister(void)
{
	cr3stat_tp_unregister(&cr3stat_write_msr_tp);
	if (cr3stat_pasid_ok)
		cr3stat_tp_unregister(&cr3stat_pasid_tp);
	/* No probe may still be running once the group is detached. */
	tracepoint_synchronize_unregister();
}

static int cr3stat_msr_attach(unsigned int group)
{
	int err;

	err = cr3stat_tp_register(&cr3stat_write_msr_tp);
	/* Only where a task can have an active PASID: otherwise no cost. */
	if (!err && cr3stat_pasid_ok) {
		err = cr3stat_tp_register(&cr3stat_pasid_tp);
		if (err)
			cr3stat_tp_unregister(&cr3stat_write_msr_tp);
	}
	if (err)
		tracepoint_synchronize_unregister();
	return err;
}

static void cr3stat_msr_detach(unsigned int group)
{
	cr3stat_msr_unregister();
}

/**
 * cr3stat_msr_set_watch() - replace the watch list
 * @req: NUL-terminated request, see cr3stat_parse_msr_list()
 *
 * The new list counts in the other bank of slots, zeroed before the list
 * is published, so that it counts from the moment it is visible; the old
 * list may go on counting in its own bank until the grace period ends.
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
	old = rcu_dereference_protected(cr3stat_watch,
					lockdep_is_held(&cr3stat_watch_lock));
	/* Only the previous list used this bank, and it is long gone. */
	w->first = old && !old->first ? CR3STAT_MSR_WATCH_MAX : 0;
	cr3stat_counters_reset_slots(CR3STAT_MSR_SLOT(w->first),
				     CR3STAT_MSR_WATCH_MAX);
	rcu_assign_pointer(cr3stat_watch, w);
	/* Before the next change reuses old's bank, or old is freed. */
	synchronize_rcu();
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
		cr3stat_counters_row(m, CR3STAT_MSR_SLOT(w->first + i), val);
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
		cr3stat_pasid_why = "the CPU has no ENQCMD";
	else if (!CR3STAT_KERNEL_CPU_PASID)
		cr3stat_pasid_why = "kernel built without CPU PASID support";
	else if (!cpu_feature_enabled(X86_FEATURE_ENQCMD))
		cr3stat_pasid_why = "the kernel does not use ENQCMD";
	else if (!cr3stat_pasid_tp.tp)
		cr3stat_pasid_why = "no sched:sched_switch tracepoint in this kernel";
	else
		cr3stat_pasid_ok = true;
}

/* Whether IA32_PASID is written on this machine. */
bool cr3stat_msr_pasid(void)
{
	return cr3stat_pasid_ok;
}

/* The info line: "pasid: yes" or "pasid: unsupported: WHY". */
void cr3stat_msr_info(struct seq_file *m)
{
	seq_printf(m, "pasid: %s%s\n", cr3stat_pasid_ok ? "yes" : "unsupported: ",
		   cr3stat_pasid_ok ? "" : cr3stat_pasid_why);
}

/* Find the tracepoints, decide PASID support, watch IA32_PASID. */
static int cr3stat_msr_init(unsigned int group)
{
	static struct cr3stat_tp *const tps[] = {
		&cr3stat_write_msr_tp, &cr3stat_pasid_tp,
	};
	static const enum cr3stat_item pasid_items[] = {
		CR3STAT_MSR_PASID_WRITES, CR3STAT_MSR_PASID_FAILED,
		CR3STAT_MSR_PASID_FIXUPS, CR3STAT_MSR_PASID_CTXSW,
	};
	unsigned int i;
	int err;

	cr3stat_tp_find(tps, ARRAY_SIZE(tps));
	if (!cr3stat_write_msr_tp.tp) {
		cr3stat_group_unsupported(group, "no msr:write_msr tracepoint in this kernel");
		return -ENOENT;
	}
	cr3stat_pasid_support();
	if (!cr3stat_pasid_ok) {
		for (i = 0; i < ARRAY_SIZE(pasid_items); i++)
			cr3stat_counters_set_unsupported(pasid_items[i],
							 cr3stat_pasid_why);
	}
	err = cr3stat_msr_set_watch("0xd93");
	return err == -ENOMEM ? -ENOMEM : 0;
}

static void cr3stat_msr_exit(unsigned int group)
{
	/* The group is detached: no probe can see the list any more. */
	kfree(rcu_dereference_protected(cr3stat_watch, true));
	RCU_INIT_POINTER(cr3stat_watch, NULL);
}

const struct cr3stat_group_ops cr3stat_msr_ops = {
	.init = cr3stat_msr_init,
	.attach = cr3stat_msr_attach,
	.detach = cr3stat_msr_detach,
	.exit = cr3stat_msr_exit,
};
