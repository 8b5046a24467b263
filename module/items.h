/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cr3stat counter table: the one list of every counter the module keeps.
 *
 * Like include/linux/vm_event_item.h, an enum names the counters and a
 * descriptor table (items.c) gives each one its name, group, kind and
 * meaning.  That table drives the per-CPU storage, the debugfs output and
 * the README's reference table, so a counter is added in exactly two
 * places: the enum below and its descriptor.
 *
 * This header and items.c also build in userspace (the doc generator and
 * the unit tests), so they use nothing but plain C.
 */
#ifndef CR3STAT_ITEMS_H
#define CR3STAT_ITEMS_H

enum cr3stat_group_id {
	CR3STAT_GROUP_CTXSW,
	CR3STAT_GROUP_CTXSW_WHY,
	CR3STAT_GROUP_VERIFY,
	CR3STAT_GROUP_FLUSH,
	CR3STAT_GROUP_OTHER,
	CR3STAT_GROUP_MSR,
	CR3STAT_GROUP_PARANOID,
	CR3STAT_GROUP_PTI,
	CR3STAT_GROUP_KVM,
	NR_CR3STAT_GROUPS
};

enum cr3stat_item {
	/*
	 * Each group's CR3 writes: one block per group, in the order of
	 * enum cr3stat_cr3_class (cr3.h), which items.c checks.
	 */
	/* context-switch group */
	CR3STAT_CTXSW_CR3_WRITES,
	CR3STAT_CTXSW_CR3_SAME,
	CR3STAT_CTXSW_CR3_NEW_PGD,
	CR3STAT_CTXSW_CR3_PCID_CHANGE,
	CR3STAT_CTXSW_CR3_NOFLUSH,
	CR3STAT_CTXSW_CR3_USER,
	/* why a context switch did or did not write CR3 (opt-in) */
	CR3STAT_CTXSW_CALLS,
	CR3STAT_CTXSW_SAME_PGD,
	CR3STAT_CTXSW_FROM_LAZY,
	CR3STAT_CTXSW_LAZY_ENTER,
	/* the context-switch sites' own kprobes, as a verifier (opt-in) */
	CR3STAT_VERIFY_CR3_WRITES,
	CR3STAT_VERIFY_CR3_SAME,
	CR3STAT_VERIFY_CR3_NEW_PGD,
	CR3STAT_VERIFY_CR3_PCID_CHANGE,
	CR3STAT_VERIFY_CR3_NOFLUSH,
	CR3STAT_VERIFY_CR3_USER,
	/* TLB-flush group */
	CR3STAT_FLUSH_CR3_WRITES,
	CR3STAT_FLUSH_CR3_SAME,
	CR3STAT_FLUSH_CR3_NEW_PGD,
	CR3STAT_FLUSH_CR3_PCID_CHANGE,
	CR3STAT_FLUSH_CR3_NOFLUSH,
	CR3STAT_FLUSH_CR3_USER,
	/* other CR3 writers */
	CR3STAT_OTHER_CR3_WRITES,
	CR3STAT_OTHER_CR3_SAME,
	CR3STAT_OTHER_CR3_NEW_PGD,
	CR3STAT_OTHER_CR3_PCID_CHANGE,
	CR3STAT_OTHER_CR3_NOFLUSH,
	CR3STAT_OTHER_CR3_USER,
	/* MSR writes */
	CR3STAT_MSR_WRITES,
	CR3STAT_MSR_WRITE_FAILED,
	CR3STAT_MSR_PASID_WRITES,
	CR3STAT_MSR_PASID_FAILED,
	CR3STAT_MSR_PASID_FIXUPS,
	CR3STAT_MSR_PASID_CTXSW,
	/* paranoid exceptions and their CR3 restore */
	CR3STAT_NMI_USER,
	CR3STAT_NMI_KERNEL,
	CR3STAT_NMI_KERNEL_ENTRY,
	CR3STAT_DB_USER,
	CR3STAT_DB_KERNEL,
	CR3STAT_DB_KERNEL_ENTRY,
	CR3STAT_MCE,
	CR3STAT_PARANOID_CR3_RESTORES,
	CR3STAT_PARANOID_CR3_REDUNDANT,
	/* PTI user<->kernel switches */
	CR3STAT_PTI_SYSCALLS,
	CR3STAT_PTI_USER_FAULTS,
	CR3STAT_PTI_USER_IRQS,
	CR3STAT_PTI_RESCHED_IPIS,
	CR3STAT_PTI_USER_STARTS,
	CR3STAT_PTI_USER_KILLED,
	CR3STAT_PTI_CR3_WRITES,
	CR3STAT_PTI_USER_FLUSHES,
	/* KVM host: the guest control-register writes KVM handles */
	CR3STAT_KVM_CR0_WRITES,
	CR3STAT_KVM_WP_TOGGLES,
	CR3STAT_KVM_WP_FAST,
	CR3STAT_KVM_WP_RESETS,
	CR3STAT_KVM_WP_NOPAGING,
	CR3STAT_KVM_MMU_RESETS,
	CR3STAT_KVM_ROOT_LOADS,
	CR3STAT_KVM_ROOT_FREES,
	CR3STAT_KVM_CR3_WRITES,
	CR3STAT_KVM_CR4_WRITES,
	CR3STAT_KVM_CR_TRACED,
	NR_CR3STAT_ITEMS
};

/**
 * enum cr3stat_kind - how a counter's value is obtained
 * @CR3STAT_EXACT: every event is observed by a probe
 * @CR3STAT_DERIVED: computed from observed events and a stated kernel rule
 */
enum cr3stat_kind {
	CR3STAT_EXACT,
	CR3STAT_DERIVED,
};

/**
 * struct cr3stat_item_desc - what one counter is
 * @name: identifier shown in debugfs and by the CLI
 * @group: the probe group that feeds it
 * @kind: exact or derived
 * @source: the probe or rule it comes from
 * @help: one-line meaning, for the README's reference table
 */
struct cr3stat_item_desc {
	const char *name;
	enum cr3stat_group_id group;
	enum cr3stat_kind kind;
	const char *source;
	const char *help;
};

/**
 * struct cr3stat_group_desc - a group of probes switched on and off together
 * @name: identifier used by the groups file and module parameter
 * @help: one-line meaning
 * @default_on: attached at load unless the groups parameter says otherwise
 */
struct cr3stat_group_desc {
	const char *name;
	const char *help;
	int default_on;
};

extern const struct cr3stat_item_desc cr3stat_items[];
extern const struct cr3stat_group_desc cr3stat_groups[];

const char *cr3stat_kind_name(enum cr3stat_kind kind);

#endif /* CR3STAT_ITEMS_H */
