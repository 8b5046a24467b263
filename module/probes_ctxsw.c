// SPDX-License-Identifier: GPL-2.0
/*
 * Context-switch groups: the CR3 writes of the scheduler's mm switch
 * (ctxsw), and why a switch wrote CR3 or did not (ctxsw_why, opt-in).
 *
 * switch_mm_irqs_off() fires trace_tlb_flush(TLB_FLUSH_ON_TASK_SWITCH,
 * pages) right after each of its CR3 writes, with pages TLB_FLUSH_ALL for
 * a flushing write and 0 for a NOFLUSH one, and at no other time (6.1,
 * 6.12 and 7.3 alike: load_new_mm_cr3() then the tracepoint, in both
 * branches, nothing between them).  A probe there sees every such write
 * at a fraction of the cost of a kprobe.  The value written is CR3 as it
 * reads right after (NOFLUSH is not readable; pages tells it), and the
 * value before is the one this CPU's previous switch wrote: outside
 * switch_mm_irqs_off() nothing changes the kernel CR3 of a running CPU
 * (a TLB flush rewrites the loaded value, PTI switches back to it on every
 * entry, a paranoid return restores what it saved), except CPU bring-up,
 * so a CPU's record starts when it is armed: when the group attaches, or
 * when the CPU comes online.  The verify group holds this against kprobes
 * on the MOV-to-CR3 instructions themselves, and the accuracy suite both
 * against the emulated CPU.
 *
 * Where the tracepoint is missing (or ctxsw_path=kprobe), ctxsw counts
 * through those kprobes instead.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpu.h>
#include <linux/cpuhotplug.h>
#include <linux/kprobes.h>
#include <linux/mm_types.h>
#include <linux/moduleparam.h>
#include <linux/percpu.h>
#include <linux/smp.h>
#include <linux/string.h>
#include <asm/special_insns.h>
#include <asm/tlbflush.h>
#include "compat/tlb.h"
#include "compat/tracepoint.h"
#include "counters.h"
#include "cr3.h"
#include "cr3stat.h"
#include "sites.h"

static char *ctxsw_path = "auto";
module_param(ctxsw_path, charp, 0444);
MODULE_PARM_DESC(ctxsw_path,
		 "How ctxsw counts: auto (the tlb:tlb_flush tracepoint where the kernel has it), tracepoint or kprobe");

static bool ctxsw_by_tp;
static const char *ctxsw_path_info;

/*
 * The CR3 this CPU's last context switch loaded, NOFLUSH clear; 0 while
 * the CPU is not armed (no kernel CR3 is 0).
 */
static DEFINE_PER_CPU(u64, ctxsw_last_cr3);

static void ctxsw_tlb_flush(void *data, int reason, unsigned long pages)
{
	u64 cur, val;

	if (reason != TLB_FLUSH_ON_TASK_SWITCH)
		return;
	cur = this_cpu_read(ctxsw_last_cr3);
	if (unlikely(!cur))
		return;
	val = __read_cr3();
	this_cpu_write(ctxsw_last_cr3, val);
	cr3stat_count_cr3(CR3STAT_CTXSW_CR3_WRITES,
			  pages ? val : val | CR3STAT_CR3_NOFLUSH, cur);
}
CR3STAT_TP(ctxsw_tp, tlb_flush, ctxsw_tlb_flush);

/* Called with interrupts off, so never inside a switch. */
static void ctxsw_arm(void *unused)
{
	this_cpu_write(ctxsw_last_cr3, __read_cr3());
}

static int ctxsw_cpu_online(unsigned int cpu)
{
	unsigned long flags;

	local_irq_save(flags);
	ctxsw_arm(NULL);
	local_irq_restore(flags);
	return 0;
}

static int ctxsw_cpu_offline(unsigned int cpu)
{
	/* Bring-up rewrites CR3 behind the record's back. */
	this_cpu_write(ctxsw_last_cr3, 0);
	return 0;
}

static int ctxsw_hp_state;

static int ctxsw_attach(unsigned int group)
{
	int err, cpu;

	if (!ctxsw_by_tp)
		return cr3stat_sites_attach(group);

	err = cr3stat_tp_register(&ctxsw_tp);
	if (err)
		return err;
	/* No CPU comes or goes between arming them and the hotplug hooks. */
	cpus_read_lock();
	on_each_cpu(ctxsw_arm, NULL, 1);
	err = cpuhp_setup_state_nocalls_cpuslocked(CPUHP_AP_ONLINE_DYN,
						   "cr3stat/ctxsw:online",
						   ctxsw_cpu_online,
						   ctxsw_cpu_offline);
	cpus_read_unlock();
	if (err < 0) {
		cr3stat_tp_unregister(&ctxsw_tp);
		tracepoint_synchronize_unregister();
		for_each_possible_cpu(cpu)
			per_cpu(ctxsw_last_cr3, cpu) = 0;
		return err;
	}
	ctxsw_hp_state = err;
	return 0;
}

static void ctxsw_detach(unsigned int group)
{
	int cpu;

	if (!ctxsw_by_tp) {
		cr3stat_sites_detach(group);
		return;
	}
	cpuhp_remove_state_nocalls(ctxsw_hp_state);
	cr3stat_tp_unregister(&ctxsw_tp);
	/* Once no probe runs, disarm: the next attach starts afresh. */
	tracepoint_synchronize_unregister();
	for_each_possible_cpu(cpu)
		per_cpu(ctxsw_last_cr3, cpu) = 0;
}

static int ctxsw_init(unsigned int group)
{
	static struct cr3stat_tp *const tps[] = { &ctxsw_tp };
	bool forced = strcmp(ctxsw_path, "auto");

	if (forced && strcmp(ctxsw_path, "tracepoint") &&
	    strcmp(ctxsw_path, "kprobe")) {
		pr_err("ctxsw_path=%s: not auto, tracepoint or kprobe\n",
		       ctxsw_path);
		return -EINVAL;
	}
	cr3stat_tp_find(tps, ARRAY_SIZE(tps));
	if (strcmp(ctxsw_path, "kprobe") && ctxsw_tp.tp) {
		ctxsw_by_tp = true;
		ctxsw_path_info = forced ? "tracepoint tlb:tlb_flush (forced)" :
			"tracepoint tlb:tlb_flush";
		/* The kprobes on the same writes become the verifier. */
		cr3stat_sites_regroup(CR3STAT_GROUP_CTXSW, CR3STAT_GROUP_VERIFY);
		return 0;
	}
	if (!strcmp(ctxsw_path, "tracepoint")) {
		cr3stat_group_unsupported(group, "ctxsw_path=tracepoint, but this kernel has no tlb:tlb_flush tracepoint");
		return -ENOENT;
	}
	ctxsw_path_info = forced ?
		"kprobes on the MOV-to-CR3 sites (forced)" :
		"kprobes on the MOV-to-CR3 sites (no tlb:tlb_flush tracepoint)";
	cr3stat_group_unsupported(CR3STAT_GROUP_VERIFY,
				  "ctxsw counts through these kprobes itself (see info ctxsw_path)");
	return cr3stat_sites_init(group);
}

const struct cr3stat_group_ops cr3stat_ctxsw_ops = {
	.init = ctxsw_init,
	.attach = ctxsw_attach,
	.detach = ctxsw_detach,
};

void cr3stat_ctxsw_info(struct seq_file *m)
{
	seq_printf(m, "ctxsw_path: %s\n", ctxsw_path_info ?: "none");
}

/*
 * ctxsw_why: a kprobe on the entry of switch_mm_irqs_off(prev, next, tsk)
 * says whether the next mm's page tables were already loaded and whether
 * the CPU came out of lazy TLB mode; sched:sched_switch, which fires right
 * before context_switch(), says when the scheduler switches to a task
 * without an mm: exactly when context_switch() calls enter_lazy_tlb()
 * (inlined in 7.x, so not probe-able itself).
 */
static int ctxsw_call_pre(struct kprobe *p, struct pt_regs *regs)
{
	struct mm_struct *next = (struct mm_struct *)regs->si;

	cr3stat_count(CR3STAT_CTXSW_CALLS);
	if ((__read_cr3() & cr3stat_masks.pgd) == cr3stat_pgd_cr3(next))
		cr3stat_count(CR3STAT_CTXSW_SAME_PGD);
	if (cr3stat_cpu_is_lazy())
		cr3stat_count(CR3STAT_CTXSW_FROM_LAZY);
	return 0;
}

static void ctxsw_sched_switch(void *data, bool preempt,
			       struct task_struct *prev,
			       struct task_struct *next,
			       unsigned int prev_state)
{
	if (!next->mm)
		cr3stat_count(CR3STAT_CTXSW_LAZY_ENTER);
}
CR3STAT_TP(ctxsw_why_tp, sched_switch, ctxsw_sched_switch);

static struct kprobe ctxsw_call_kp;
static bool ctxsw_call_ok;

static int ctxsw_why_attach(unsigned int group)
{
	int err;

	if (ctxsw_call_ok) {
		/* A kprobe must be pristine to be registered again. */
		ctxsw_call_kp = (struct kprobe) {
			.symbol_name = "switch_mm_irqs_off",
			.pre_handler = ctxsw_call_pre,
		};
		err = register_kprobe(&ctxsw_call_kp);
		if (err)
			return err;
	}
	if (!ctxsw_why_tp.tp)
		return 0;
	err = cr3stat_tp_register(&ctxsw_why_tp);
	if (err && ctxsw_call_ok)
		unregister_kprobe(&ctxsw_call_kp);
	return err;
}

static void ctxsw_why_detach(unsigned int group)
{
	if (ctxsw_call_ok)
		unregister_kprobe(&ctxsw_call_kp);
	cr3stat_tp_unregister(&ctxsw_why_tp);
	tracepoint_synchronize_unregister();
}

static int ctxsw_why_init(unsigned int group)
{
	static struct cr3stat_tp *const tps[] = { &ctxsw_why_tp };
	static const enum cr3stat_item call_items[] = {
		CR3STAT_CTXSW_CALLS, CR3STAT_CTXSW_SAME_PGD,
		CR3STAT_CTXSW_FROM_LAZY,
	};
	unsigned int i;

	ctxsw_call_ok = !cr3stat_probe_check_symbol("switch_mm_irqs_off");
	if (!ctxsw_call_ok)
		for (i = 0; i < ARRAY_SIZE(call_items); i++)
			cr3stat_counters_set_unsupported(call_items[i],
				"switch_mm_irqs_off cannot be kprobed in this kernel");
	if (!cr3stat_tp_find(tps, ARRAY_SIZE(tps)))
		cr3stat_counters_set_unsupported(CR3STAT_CTXSW_LAZY_ENTER,
			"no sched:sched_switch tracepoint in this kernel");
	return ctxsw_call_ok || ctxsw_why_tp.tp ? 0 : -ENOENT;
}

const struct cr3stat_group_ops cr3stat_ctxsw_why_ops = {
	.init = ctxsw_why_init,
	.attach = ctxsw_why_attach,
	.detach = ctxsw_why_detach,
};
