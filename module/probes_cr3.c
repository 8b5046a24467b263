// SPDX-License-Identifier: GPL-2.0
/*
 * Kprobes on the MOV-to-CR3 instructions themselves.
 *
 * A kprobe on the instruction fires once before each execution, with the
 * value about to be written in the source register of pt_regs, and with
 * the old value still in CR3: each hit is exactly one write, and comparing
 * the two classifies it (cr3.h).  The instruction then runs out of line
 * from the kprobe's slot.  The flush and other groups are made of these;
 * so is verify, which probes the context-switch writes that the ctxsw
 * group counts from a tracepoint (and ctxsw itself where that tracepoint
 * is missing).
 */
#include <linux/cpufeature.h>
#include <linux/kprobes.h>
#include <linux/ptrace.h>
#include <asm/special_insns.h>
#include "counters.h"
#include "cr3.h"
#include "cr3stat.h"
#include "sites.h"

/* The first counter of each group's block of CR3 write counters. */
static const enum cr3stat_item cr3stat_cr3_block[NR_CR3STAT_GROUPS] = {
	[CR3STAT_GROUP_CTXSW] = CR3STAT_CTXSW_CR3_WRITES,
	[CR3STAT_GROUP_VERIFY] = CR3STAT_VERIFY_CR3_WRITES,
	[CR3STAT_GROUP_FLUSH] = CR3STAT_FLUSH_CR3_WRITES,
	[CR3STAT_GROUP_OTHER] = CR3STAT_OTHER_CR3_WRITES,
};

/* pt_regs offset of each general-purpose register, by encoding. */
static const unsigned int cr3stat_reg_off[16] = {
	offsetof(struct pt_regs, ax), offsetof(struct pt_regs, cx),
	offsetof(struct pt_regs, dx), offsetof(struct pt_regs, bx),
	offsetof(struct pt_regs, sp), offsetof(struct pt_regs, bp),
	offsetof(struct pt_regs, si), offsetof(struct pt_regs, di),
	offsetof(struct pt_regs, r8), offsetof(struct pt_regs, r9),
	offsetof(struct pt_regs, r10), offsetof(struct pt_regs, r11),
	offsetof(struct pt_regs, r12), offsetof(struct pt_regs, r13),
	offsetof(struct pt_regs, r14), offsetof(struct pt_regs, r15),
};

struct cr3stat_cr3_masks cr3stat_masks __read_mostly;

static int cr3stat_site_pre(struct kprobe *kp, struct pt_regs *regs)
{
	const struct cr3stat_site *s = container_of(kp, struct cr3stat_site, kp);
	u64 val = regs_get_register(regs, cr3stat_reg_off[s->reg]);

	cr3stat_count_site(s - cr3stat_sites);
	cr3stat_count_cr3(cr3stat_cr3_block[s->group], val, __read_cr3());
	return 0;
}

/* The kprobes live for each group, so that they go in one batch. */
static struct kprobe *cr3stat_live[NR_CR3STAT_GROUPS][CR3STAT_MAX_SITES];
static unsigned int cr3stat_nr_live[NR_CR3STAT_GROUPS];

/**
 * cr3stat_sites_attach() - put a kprobe on every probe-able site of a group
 * @group: the group
 *
 * Return: 0, or the error of register_kprobes(), which then leaves none.
 */
int cr3stat_sites_attach(unsigned int group)
{
	struct kprobe **kps = cr3stat_live[group];
	unsigned int i, n = 0;
	int err;

	for (i = 0; i < cr3stat_nr_sites; i++) {
		struct cr3stat_site *s = &cr3stat_sites[i];

		if (s->group != group || s->refused)
			continue;
		/* A kprobe must be pristine to be registered again. */
		s->kp = (struct kprobe) {
			.addr = (kprobe_opcode_t *)s->addr,
			.pre_handler = cr3stat_site_pre,
		};
		kps[n++] = &s->kp;
	}
	if (!n)
		return 0;
	err = register_kprobes(kps, n);
	if (err)
		return err;
	cr3stat_nr_live[group] = n;
	for (i = 0; i < n; i++)
		WRITE_ONCE(container_of(kps[i], struct cr3stat_site, kp)->attached,
			   true);
	return 0;
}

/**
 * cr3stat_sites_detach() - remove the kprobes of a group's sites
 * @group: the group
 *
 * On return no handler of the group runs any more: unregister_kprobes()
 * waits for them.
 */
void cr3stat_sites_detach(unsigned int group)
{
	struct kprobe **kps = cr3stat_live[group];
	unsigned int i, n = cr3stat_nr_live[group];

	if (!n)
		return;
	unregister_kprobes(kps, n);
	for (i = 0; i < n; i++)
		WRITE_ONCE(container_of(kps[i], struct cr3stat_site, kp)->attached,
			   false);
	cr3stat_nr_live[group] = 0;
}

/* Why a group made of site kprobes has nothing to probe here. */
static const char *const cr3stat_no_site[NR_CR3STAT_GROUPS] = {
	[CR3STAT_GROUP_CTXSW] =
		"no probe-able MOV-to-CR3 site in switch_mm_irqs_off or load_new_mm_cr3",
	[CR3STAT_GROUP_VERIFY] =
		"no probe-able MOV-to-CR3 site in switch_mm_irqs_off or load_new_mm_cr3",
	[CR3STAT_GROUP_FLUSH] =
		"no probe-able MOV-to-CR3 site in native_flush_tlb_local",
	[CR3STAT_GROUP_OTHER] =
		"no out-of-line native_write_cr3 with a probe-able MOV to CR3 in this kernel",
};

/**
 * cr3stat_sites_init() - can a group of site kprobes count here?
 * @group: the group
 *
 * Return: 0, or -ENOENT when the kernel has no probe-able site of it (the
 * group is then unsupported, and says why).
 */
int cr3stat_sites_init(unsigned int group)
{
	if (cr3stat_sites_probeable(group))
		return 0;
	cr3stat_group_unsupported(group, cr3stat_no_site[group]);
	return -ENOENT;
}

/* The flush, other and verify groups are nothing but their sites' kprobes. */
const struct cr3stat_group_ops cr3stat_sites_ops = {
	.init = cr3stat_sites_init,
	.attach = cr3stat_sites_attach,
	.detach = cr3stat_sites_detach,
};
