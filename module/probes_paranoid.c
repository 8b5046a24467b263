// SPDX-License-Identifier: GPL-2.0
/*
 * Paranoid group: NMIs and #DBs by interrupted context, and the CR3
 * writes of their return to kernel context.
 *
 * The restore itself is entry text, which cannot be probed.  What it does
 * is decided once, from the running kernel's own code (restore.c): the old
 * RESTORE_CR3 writes the saved CR3 back on every return to kernel context,
 * PARANOID_RESTORE_CR3 only a saved user CR3.  Each NMI seen by an
 * NMI_LOCAL handler, and each #DB, then implies its return's write by that
 * rule.  The NMI handler never claims an NMI: it returns NMI_DONE.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpufeature.h>
#include <linux/kernel.h>
#include <linux/moduleparam.h>
#include <linux/string.h>
#include <linux/kdebug.h>
#include <linux/kprobes.h>
#include <asm/nmi.h>
#include <asm/ptrace.h>
#include "counters.h"
#include "cr3stat.h"
#include "restore.h"
#include "sites.h"

static char *paranoid_restore;
module_param(paranoid_restore, charp, 0444);
MODULE_PARM_DESC(paranoid_restore,
		 "Override the detected paranoid CR3 restore policy: none, always or user");

static enum cr3stat_restore cr3stat_policy;
static const char *cr3stat_policy_how = "detected";

/* Longest stretch of a function decoded to find the restore's guard. */
#define RESTORE_MAX_OFF 512

/* The first notifier of DIE_DEBUG, where #DBs are counted. */
#define CR3STAT_DB_NOTIFIER "hw_breakpoint_exceptions_notify"

/* Items of one exception, in this order: user, kernel, kernel in entry. */
#define PARANOID_USER		0
#define PARANOID_KERNEL		1
#define PARANOID_KERNEL_ENTRY	2
static_assert(CR3STAT_NMI_KERNEL_ENTRY - CR3STAT_NMI_USER ==
	      PARANOID_KERNEL_ENTRY);
static_assert(CR3STAT_DB_KERNEL_ENTRY - CR3STAT_DB_USER ==
	      PARANOID_KERNEL_ENTRY);

/* Count one paranoid exception by the context it interrupted. */
static void cr3stat_paranoid_event(enum cr3stat_item base,
				   struct pt_regs *regs)
{
	bool entry;

	if (user_mode(regs)) {
		cr3stat_count(base + PARANOID_USER);
		cr3stat_pti_user_exception();
		return;
	}
	cr3stat_count(base + PARANOID_KERNEL);
	entry = cr3stat_in_entry_text(regs->ip);
	if (entry)
		cr3stat_count(base + PARANOID_KERNEL_ENTRY);

	switch (cr3stat_policy) {
	case CR3STAT_RESTORE_ALWAYS:
		cr3stat_count(CR3STAT_PARANOID_CR3_RESTORES);
		if (!entry)
			cr3stat_count(CR3STAT_PARANOID_CR3_REDUNDANT);
		break;
	case CR3STAT_RESTORE_USER:
		if (entry)
			cr3stat_count(CR3STAT_PARANOID_CR3_RESTORES);
		break;
	default:
		break;
	}
}

static int cr3stat_nmi(unsigned int type, struct pt_regs *regs)
{
	cr3stat_paranoid_event(CR3STAT_NMI_USER, regs);
	return NMI_DONE;
}

/*
 * #DB: the die chain's DIE_DEBUG notification, once per #DB the kernel
 * hands to its notifiers.  A notifier of cr3stat's own would come after
 * perf's hw_breakpoint notifier (it has the highest priority) and miss
 * every breakpoint that one consumes, so the probe sits on the entry of
 * that first notifier instead: hw_breakpoint_exceptions_notify(nb, val,
 * data).
 */
static int cr3stat_db_pre(struct kprobe *p, struct pt_regs *regs)
{
	struct die_args *args = (struct die_args *)regs->dx;

	if (regs->si == DIE_DEBUG && args && args->regs)
		cr3stat_paranoid_event(CR3STAT_DB_USER, args->regs);
	return 0;
}

static struct kprobe cr3stat_db_kp;
static bool cr3stat_db_ok;

static int cr3stat_paranoid_attach(unsigned int group)
{
	int err = register_nmi_handler(NMI_LOCAL, cr3stat_nmi, 0, "cr3stat");

	if (err || !cr3stat_db_ok)
		return err;
	cr3stat_db_kp = (struct kprobe) {
		.symbol_name = CR3STAT_DB_NOTIFIER,
		.pre_handler = cr3stat_db_pre,
	};
	err = register_kprobe(&cr3stat_db_kp);
	if (err)
		unregister_nmi_handler(NMI_LOCAL, "cr3stat");
	return err;
}

static void cr3stat_paranoid_detach(unsigned int group)
{
	if (cr3stat_db_ok)
		unregister_kprobe(&cr3stat_db_kp);
	/* Waits for a handler that is running on another CPU. */
	unregister_nmi_handler(NMI_LOCAL, "cr3stat");
}


/* Every paranoid restore site must tell the same policy. */
static enum cr3stat_restore cr3stat_detect_policy(void)
{
	enum cr3stat_restore policy = CR3STAT_RESTORE_UNKNOWN;
	unsigned int i;

	if (!cpu_feature_enabled(X86_FEATURE_PTI))
		return CR3STAT_RESTORE_NONE;
	for (i = 0; i < cr3stat_nr_sites; i++) {
		const struct cr3stat_site *s = &cr3stat_sites[i];
		enum cr3stat_restore p;
		int g;

		if (s->group != CR3STAT_GROUP_PARANOID)
			continue;
		g = cr3stat_site_decode(s->addr, s->off, RESTORE_MAX_OFF,
					cr3stat_restore_guarded);
		if (g < 0)
			return CR3STAT_RESTORE_UNKNOWN;
		p = g ? CR3STAT_RESTORE_USER : CR3STAT_RESTORE_ALWAYS;
		if (policy != CR3STAT_RESTORE_UNKNOWN && p != policy)
			return CR3STAT_RESTORE_UNKNOWN;
		policy = p;
	}
	return policy;
}

/**
 * cr3stat_paranoid_init() - find the #DB probe point, decide the restore
 *	policy
 * @group: the group
 *
 * The policy comes from the paranoid_restore parameter if given, else
 * from the kernel's code; site discovery has run.  When it stays unknown,
 * the derived restore counters read "unsupported".
 *
 * Return: 0, or -EINVAL for a parameter that names no policy.
 */
static int cr3stat_paranoid_init(unsigned int group)
{
	static const char db_why[] =
		"hw_breakpoint_exceptions_notify, the first DIE_DEBUG notifier, cannot be kprobed in this kernel";

	cr3stat_counters_set_unsupported(CR3STAT_MCE,
		"no hook a module may use runs at #MC time (do_machine_check is noinstr)");
	cr3stat_db_ok = !cr3stat_probe_check(cr3stat_ksym(CR3STAT_DB_NOTIFIER));
	if (!cr3stat_db_ok) {
		cr3stat_counters_set_unsupported(CR3STAT_DB_USER, db_why);
		cr3stat_counters_set_unsupported(CR3STAT_DB_KERNEL, db_why);
		cr3stat_counters_set_unsupported(CR3STAT_DB_KERNEL_ENTRY, db_why);
	}
	if (paranoid_restore) {
		if (cr3stat_restore_parse(paranoid_restore, &cr3stat_policy)) {
			pr_err("paranoid_restore=%s: not none, always or user\n",
			       paranoid_restore);
			return -EINVAL;
		}
		cr3stat_policy_how = "forced";
	} else {
		cr3stat_policy = cr3stat_detect_policy();
	}
	if (cr3stat_policy == CR3STAT_RESTORE_UNKNOWN) {
		static const char why[] =
			"the paranoid CR3 restore policy cannot be told from this kernel's code (set paranoid_restore=)";

		cr3stat_counters_set_unsupported(CR3STAT_PARANOID_CR3_RESTORES, why);
		cr3stat_counters_set_unsupported(CR3STAT_PARANOID_CR3_REDUNDANT, why);
	}
	return 0;
}

const struct cr3stat_group_ops cr3stat_paranoid_ops = {
	.init = cr3stat_paranoid_init,
	.attach = cr3stat_paranoid_attach,
	.detach = cr3stat_paranoid_detach,
};

/* The info line: "POLICY (detected|forced)", or "unknown". */
void cr3stat_paranoid_info(struct seq_file *m)
{
	if (cr3stat_policy == CR3STAT_RESTORE_UNKNOWN)
		seq_puts(m, "paranoid_restore: unknown\n");
	else
		seq_printf(m, "paranoid_restore: %s (%s)\n",
			   cr3stat_restore_name(cr3stat_policy),
			   cr3stat_policy_how);
}
