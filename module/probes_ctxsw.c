// SPDX-License-Identifier: GPL-2.0
/*
 * Context-switch group: the scheduler's mm switch.
 *
 * Besides the CR3 writes inside switch_mm_irqs_off() (its sites, see
 * probes_cr3.c), two entry probes say why a switch did or did not write:
 * whether the next mm's page tables were already loaded, and whether the
 * CPU came out of lazy TLB mode.
 */
#include <linux/kprobes.h>
#include <linux/mm_types.h>
#include <asm/special_insns.h>
#include "compat.h"
#include "counters.h"
#include "cr3.h"
#include "cr3stat.h"
#include "sites.h"

/* switch_mm_irqs_off(prev, next, tsk): next is the second argument. */
static int ctxsw_call_pre(struct kprobe *p, struct pt_regs *regs)
{
	struct mm_struct *next = (struct mm_struct *)regs->si;
	u64 cr3 = __read_cr3();

	cr3stat_count(CR3STAT_CTXSW_CALLS);
	if ((cr3 & CR3STAT_CR3_ADDR) == __pa(next->pgd))
		cr3stat_count(CR3STAT_CTXSW_SAME_PGD);
	if (cr3stat_cpu_is_lazy())
		cr3stat_count(CR3STAT_CTXSW_FROM_LAZY);
	return 0;
}

static int ctxsw_lazy_pre(struct kprobe *p, struct pt_regs *regs)
{
	cr3stat_count(CR3STAT_CTXSW_LAZY_ENTER);
	return 0;
}

static struct kprobe ctxsw_call_kp, ctxsw_lazy_kp;
static struct kprobe *ctxsw_kps[] = { &ctxsw_call_kp, &ctxsw_lazy_kp };

static int ctxsw_attach(unsigned int group)
{
	int err;

	/* A kprobe must be pristine to be registered again after removal. */
	ctxsw_call_kp = (struct kprobe) {
		.symbol_name = "switch_mm_irqs_off",
		.pre_handler = ctxsw_call_pre,
	};
	ctxsw_lazy_kp = (struct kprobe) {
		.symbol_name = "enter_lazy_tlb",
		.pre_handler = ctxsw_lazy_pre,
	};
	err = register_kprobes(ctxsw_kps, ARRAY_SIZE(ctxsw_kps));
	if (err)
		return err;
	err = cr3stat_sites_attach(group);
	if (err)
		unregister_kprobes(ctxsw_kps, ARRAY_SIZE(ctxsw_kps));
	return err;
}

static void ctxsw_detach(unsigned int group)
{
	cr3stat_sites_detach(group);
	unregister_kprobes(ctxsw_kps, ARRAY_SIZE(ctxsw_kps));
}

const struct cr3stat_group_ops cr3stat_ctxsw_ops = {
	.attach = ctxsw_attach,
	.detach = ctxsw_detach,
};
