// SPDX-License-Identifier: GPL-2.0
/*
 * PTI group: kernel entries from user mode and, derived from them, the PTI
 * CR3 switches of entry text.
 *
 * With PTI every entry from user mode loads the kernel CR3 and every
 * return to user mode loads the user CR3 again.  Both writes are entry
 * text, which no kprobe may touch, and there is no hook on the return at
 * all (exit_to_user_mode_prepare() is inlined into noinstr code).  So the
 * entries are observed and the returns follow from a kernel rule: every
 * entry returns, except the exit system calls and the last entry of a task
 * killed by a signal; a new user task returns once without having entered.
 *
 * Entries are observed where the kernel says where it came from:
 * raw_syscalls:sys_enter (only user mode makes system calls),
 * exceptions:page_fault_user, and for interrupts kprobes on the C handlers
 * that get the interrupted pt_regs (__common_interrupt() and the
 * __sysvec_*() bodies of DEFINE_IDTENTRY_SYSVEC).  Reschedule IPIs use
 * DEFINE_IDTENTRY_SYSVEC_SIMPLE, whose body is inlined into noinstr code
 * and never sees regs: they are counted whole, from their tracepoint.
 *
 * Off by default: enabling raw_syscalls:sys_enter sets the syscall
 * tracepoint work flag on every task, which sends every system call down
 * the slow path.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpufeature.h>
#include <linux/kernel.h>
#include <linux/kprobes.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <asm/ptrace.h>
#include <asm/syscall.h>
#include <asm/unistd.h>
#include "compat/sched.h"
#include "compat/tlbstate.h"
#include "compat/tracepoint.h"
#include "counters.h"
#include "cr3stat.h"

/* Whether the group's probes are live, for the paranoid group's NMIs. */
static bool cr3stat_pti_live;

/* PTI on: entries and returns switch CR3.  PCID: returns flush lazily. */
static bool cr3stat_pti_switches;
static bool cr3stat_pti_pcid;
/* PTI and PCID, and user_pcid_flush_mask found: flushes counted from it. */
static bool cr3stat_pti_uflush;

/*
 * One switch back to the user CR3.  Without PCID it flushes the TLB (no
 * NOFLUSH bit to keep it).  Call only when PTI switches.
 */
static void cr3stat_pti_return(void)
{
	cr3stat_count(CR3STAT_PTI_CR3_WRITES);
	if (!cr3stat_pti_pcid)
		cr3stat_count(CR3STAT_PTI_USER_FLUSHES);
}

/**
 * cr3stat_pti_entry() - account one entry from user mode
 * @returns: whether it comes back out to user mode
 *
 * The entry's switch to the kernel CR3 and, if it returns, the switch back.
 */
static void cr3stat_pti_entry(bool returns)
{
	if (!cr3stat_pti_switches)
		return;
	/* The return before this entry may have consumed a flush bit. */
	if (cr3stat_pti_uflush)
		cr3stat_uflush_observe();
	cr3stat_count(CR3STAT_PTI_CR3_WRITES);
	if (returns)
		cr3stat_pti_return();
}

/* An NMI or #DB from user mode, seen by the paranoid group. */
void cr3stat_pti_user_exception(void)
{
	if (READ_ONCE(cr3stat_pti_live))
		cr3stat_pti_entry(true);
}

/* The exit system calls of the native, x32 and ia32 ABIs never return. */
static bool cr3stat_syscall_noreturn(long id)
{
	if (in_ia32_syscall())
		return id == CR3STAT_IA32_NR_EXIT ||
		       id == CR3STAT_IA32_NR_EXIT_GROUP;
	id &= ~(long)__X32_SYSCALL_BIT;
	return id == __NR_exit || id == __NR_exit_group;
}

static void cr3stat_sys_enter(void *data, struct pt_regs *regs, long id)
{
	cr3stat_count(CR3STAT_PTI_SYSCALLS);
	cr3stat_pti_entry(!cr3stat_syscall_noreturn(id));
}

static void cr3stat_fault_user(void *data, unsigned long address,
			       struct pt_regs *regs, unsigned long error_code)
{
	cr3stat_count(CR3STAT_PTI_USER_FAULTS);
	cr3stat_pti_entry(true);
}

static void cr3stat_resched(void *data, int vector)
{
	cr3stat_count(CR3STAT_PTI_RESCHED_IPIS);
}

static void cr3stat_fork(void *data, struct task_struct *parent,
			 struct task_struct *child)
{
	if (child->flags & CR3STAT_PF_NEVER_USER)
		return;
	cr3stat_count(CR3STAT_PTI_USER_STARTS);
	/* Its first return to user mode, with no entry before it. */
	if (cr3stat_pti_switches)
		cr3stat_pti_return();
}

/* Fires in do_exit() of @p, which is current. */
static void cr3stat_exit(struct task_struct *p)
{
	long nr;

	if (p->flags & CR3STAT_PF_NEVER_USER)
		return;
	nr = syscall_get_nr(p, task_pt_regs(p));
	if (!cr3stat_syscall_noreturn(nr))
		cr3stat_count(CR3STAT_PTI_USER_KILLED);
}

/*
 * The C bodies of the interrupt entries; each takes the interrupted
 * pt_regs first.  Not every kernel has every one: missing ones are
 * skipped.
 */
static const char *const cr3stat_irq_funcs[] = {
	"__common_interrupt",
	"__sysvec_apic_timer_interrupt",
	"__sysvec_call_function",
	"__sysvec_call_function_single",
	"__sysvec_irq_work",
	"__sysvec_x86_platform_ipi",
	"__sysvec_spurious_apic_interrupt",
	"__sysvec_error_interrupt",
	"__sysvec_thermal",
	"__sysvec_threshold",
	"__sysvec_deferred_error",
	"__sysvec_reboot",
	"__sysvec_irq_move_cleanup",
	"__sysvec_posted_msi_notification",
	"__sysvec_kvm_asyncpf_interrupt",
	"__sysvec_kvm_posted_intr_wakeup_ipi",
	"__sysvec_hyperv_callback",
	"__sysvec_hyperv_stimer0",
	"__sysvec_acrn_hv_callback",
};

static struct kprobe cr3stat_irq_kps[ARRAY_SIZE(cr3stat_irq_funcs)];
static bool cr3stat_irq_found[ARRAY_SIZE(cr3stat_irq_funcs)];
static unsigned int cr3stat_irq_nr_found;

static int cr3stat_irq_pre(struct kprobe *p, struct pt_regs *regs)
{
	if (user_mode((struct pt_regs *)regs->di)) {
		cr3stat_count(CR3STAT_PTI_USER_IRQS);
		cr3stat_pti_entry(true);
	}
	return 0;
}

CR3STAT_DEFINE_SCHED_EXIT_PROBE(cr3stat_exit)

CR3STAT_TP(cr3stat_tp_sys_enter, sys_enter, cr3stat_sys_enter);
CR3STAT_TP(cr3stat_tp_fault, page_fault_user, cr3stat_fault_user);
CR3STAT_TP(cr3stat_tp_resched, reschedule_entry, cr3stat_resched);
CR3STAT_TP(cr3stat_tp_fork, sched_process_fork, cr3stat_fork);
CR3STAT_TP(cr3stat_tp_exit, sched_process_exit,
	   CR3STAT_SCHED_EXIT_PROBE(cr3stat_exit));

/* Each tracepoint and the counter it feeds. */
static struct cr3stat_tp *const cr3stat_pti_tps[] = {
	&cr3stat_tp_sys_enter, &cr3stat_tp_fault, &cr3stat_tp_resched,
	&cr3stat_tp_fork, &cr3stat_tp_exit,
};
static const enum cr3stat_item cr3stat_pti_tp_items[] = {
	CR3STAT_PTI_SYSCALLS, CR3STAT_PTI_USER_FAULTS,
	CR3STAT_PTI_RESCHED_IPIS, CR3STAT_PTI_USER_STARTS,
	CR3STAT_PTI_USER_KILLED,
};
static_assert(ARRAY_SIZE(cr3stat_pti_tps) == ARRAY_SIZE(cr3stat_pti_tp_items));

static void cr3stat_pti_unregister(unsigned int ntp, unsigned int nkp)
{
	struct kprobe *kps[ARRAY_SIZE(cr3stat_irq_funcs)];
	unsigned int n = 0;

	/* One grace period for all of them, not one each. */
	while (nkp--)
		if (cr3stat_irq_found[nkp])
			kps[n++] = &cr3stat_irq_kps[nkp];
	if (n)
		unregister_kprobes(kps, n);
	while (ntp--)
		cr3stat_tp_unregister(cr3stat_pti_tps[ntp]);
	/* No probe may still be running once the group is detached. */
	tracepoint_synchronize_unregister();
}

static int cr3stat_pti_attach(unsigned int group)
{
	unsigned int t, k;
	int err = 0;

	for (t = 0; t < ARRAY_SIZE(cr3stat_pti_tps); t++) {
		if (!cr3stat_pti_tps[t]->tp)
			continue;
		err = cr3stat_tp_register(cr3stat_pti_tps[t]);
		if (err) {
			cr3stat_pti_unregister(t, 0);
			return err;
		}
	}
	for (k = 0; k < ARRAY_SIZE(cr3stat_irq_funcs); k++) {
		if (!cr3stat_irq_found[k])
			continue;
		cr3stat_irq_kps[k] = (struct kprobe) {
			.symbol_name = cr3stat_irq_funcs[k],
			.pre_handler = cr3stat_irq_pre,
		};
		err = register_kprobe(&cr3stat_irq_kps[k]);
		if (err) {
			cr3stat_pti_unregister(t, k);
			return err;
		}
	}
	if (cr3stat_pti_uflush) {
		err = cr3stat_uflush_attach();
		if (err) {
			cr3stat_pti_unregister(t, k);
			return err;
		}
	}
	WRITE_ONCE(cr3stat_pti_live, true);
	return 0;
}

static void cr3stat_pti_detach(unsigned int group)
{
	WRITE_ONCE(cr3stat_pti_live, false);
	if (cr3stat_pti_uflush)
		cr3stat_uflush_detach();
	cr3stat_pti_unregister(ARRAY_SIZE(cr3stat_pti_tps),
			       ARRAY_SIZE(cr3stat_irq_funcs));
}

void cr3stat_pti_info(struct seq_file *m)
{
	seq_printf(m, "pti_switches: %s\n", cr3stat_pti_switches ?
		   "derived from entries from user mode (group pti)" :
		   "none: PTI is off, entry and exit keep one CR3");
	if (cr3stat_pti_uflush)
		seq_printf(m, "pti_user_flushes: derived from user_pcid_flush_mask at per-CPU %#llx\n",
			   cr3stat_tlbstate_mask_operand());
	seq_printf(m, "pti_irq_handlers: %u of %zu\n", cr3stat_irq_nr_found,
		   ARRAY_SIZE(cr3stat_irq_funcs));
}

/**
 * cr3stat_pti_init() - find the group's tracepoints and interrupt handlers
 * @group: the group
 *
 * A missing tracepoint makes its counter unsupported, and the derived
 * PTI switches too, since their rule needs every kind of entry.
 *
 * Return: 0, or -ENOENT when none of the probe points exists.
 */
static int cr3stat_pti_init(unsigned int group)
{
	static const char derived_why[] =
		"an entry counter it is derived from is unsupported";
	bool all = true;
	unsigned int i;
	int found;

	cr3stat_pti_switches = cpu_feature_enabled(X86_FEATURE_PTI);
	cr3stat_pti_pcid = cpu_feature_enabled(X86_FEATURE_PCID);
	/*
	 * With PCID the flush waits in a per-CPU mask: counted from it when
	 * it can be found and checked (compat/tlbstate.c), else unsupported.
	 */
	if (cr3stat_pti_switches && cr3stat_pti_pcid) {
		const char *why = cr3stat_tlbstate_init();

		cr3stat_pti_uflush = !why;
		if (why)
			cr3stat_counters_set_unsupported(CR3STAT_PTI_USER_FLUSHES,
							 why);
	}

	found = cr3stat_tp_find(cr3stat_pti_tps, ARRAY_SIZE(cr3stat_pti_tps));
	for (i = 0; i < ARRAY_SIZE(cr3stat_pti_tps); i++) {
		if (cr3stat_pti_tps[i]->tp)
			continue;
		cr3stat_counters_set_unsupported(cr3stat_pti_tp_items[i],
			"its tracepoint is missing in this kernel");
		/* Reschedule IPIs are not part of the rule. */
		if (cr3stat_pti_tp_items[i] != CR3STAT_PTI_RESCHED_IPIS)
			all = false;
	}
	for (i = 0; i < ARRAY_SIZE(cr3stat_irq_funcs); i++) {
		cr3stat_irq_found[i] =
			!cr3stat_probe_check_symbol(cr3stat_irq_funcs[i]);
		cr3stat_irq_nr_found += cr3stat_irq_found[i];
	}
	if (!cr3stat_irq_nr_found) {
		cr3stat_counters_set_unsupported(CR3STAT_PTI_USER_IRQS,
			"no interrupt handler body can be kprobed in this kernel");
		all = false;
	}
	if (!all) {
		cr3stat_counters_set_unsupported(CR3STAT_PTI_CR3_WRITES,
						 derived_why);
		cr3stat_counters_set_unsupported(CR3STAT_PTI_USER_FLUSHES,
						 derived_why);
	}
	return found || cr3stat_irq_nr_found ? 0 : -ENOENT;
}

const struct cr3stat_group_ops cr3stat_pti_ops = {
	.init = cr3stat_pti_init,
	.attach = cr3stat_pti_attach,
	.detach = cr3stat_pti_detach,
};
