// SPDX-License-Identifier: GPL-2.0
/*
 * Context-switch group: probes on the scheduler's mm switch.
 */
#include <linux/kprobes.h>
#include "counters.h"
#include "cr3stat.h"

static int ctxsw_call_pre(struct kprobe *p, struct pt_regs *regs)
{
	cr3stat_count(CR3STAT_CTXSW_CALLS);
	return 0;
}

static struct kprobe ctxsw_call_kp;

static int ctxsw_attach(void)
{
	/* A kprobe must be pristine to be registered again after removal. */
	ctxsw_call_kp = (struct kprobe) {
		.symbol_name = "switch_mm_irqs_off",
		.pre_handler = ctxsw_call_pre,
	};
	return register_kprobe(&ctxsw_call_kp);
}

static void ctxsw_detach(void)
{
	unregister_kprobe(&ctxsw_call_kp);
}

const struct cr3stat_group_ops cr3stat_ctxsw_ops = {
	.attach = ctxsw_attach,
	.detach = ctxsw_detach,
};
