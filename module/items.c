// SPDX-License-Identifier: GPL-2.0
/*
 * The counter and group descriptor tables (see items.h).
 */
#include "pure.h"
#include "cr3.h"
#include "items.h"

const struct cr3stat_group_desc cr3stat_groups[] = {
	[CR3STAT_GROUP_CTXSW] = {
		.name = "ctxsw",
		.help = "context-switch CR3 writes: tlb:tlb_flush tracepoint in switch_mm_irqs_off()",
		.default_on = 1,
	},
	[CR3STAT_GROUP_CTXSW_WHY] = {
		.name = "ctxsw_why",
		.help = "why a switch wrote CR3 or not: kprobe on switch_mm_irqs_off(), sched:sched_switch (opt-in: a kprobe per switch)",
		.default_on = 0,
	},
	[CR3STAT_GROUP_VERIFY] = {
		.name = "verify",
		.help = "kprobes on the context-switch MOV-to-CR3 instructions, checking the tracepoint's counts (opt-in)",
		.default_on = 0,
	},
	[CR3STAT_GROUP_FLUSH] = {
		.name = "flush",
		.help = "local TLB flushes: native_flush_tlb_local()",
		.default_on = 1,
	},
	[CR3STAT_GROUP_OTHER] = {
		.name = "other",
		.help = "other CR3 writes safe to probe: native_write_cr3()",
		.default_on = 1,
	},
	[CR3STAT_GROUP_MSR] = {
		.name = "msr",
		.help = "MSR writes: msr:write_msr tracepoint; PASID task switches",
		.default_on = 1,
	},
	[CR3STAT_GROUP_PARANOID] = {
		.name = "paranoid",
		.help = "NMIs and #DBs, and their return's CR3 restore",
		.default_on = 1,
	},
	[CR3STAT_GROUP_PTI] = {
		.name = "pti",
		.help = "kernel entries from user mode and the PTI CR3 switches (opt-in: forces the syscall slow path)",
		.default_on = 0,
	},
	[CR3STAT_GROUP_KVM] = {
		.name = "kvm",
		.help = "KVM host: guest CR0/CR3/CR4 writes KVM handles, CR0.WP toggles, MMU resets and root loads (while kvm.ko is loaded)",
		.default_on = 1,
	},
};

/*
 * The six counters of one group's CR3 writes, all exact: each write is
 * seen once (@wsrc) and classified (@csrc) against the CR3 loaded before
 * it.
 */
#define CR3_BLOCK_DESC(G, grp, gname, wsrc, csrc)			\
	[CR3STAT_##G##_CR3_WRITES] = {					\
		.name = gname "_cr3_writes", .group = grp,		\
		.kind = CR3STAT_EXACT, .source = wsrc,			\
		.help = "CR3 writes",					\
	},								\
	[CR3STAT_##G##_CR3_SAME] = {					\
		.name = gname "_cr3_same", .group = grp,		\
		.kind = CR3STAT_EXACT, .source = csrc,			\
		.help = "writes of the value already loaded (page tables, PCID): redundant, or a pure flush", \
	},								\
	[CR3STAT_##G##_CR3_NEW_PGD] = {					\
		.name = gname "_cr3_new_pgd", .group = grp,		\
		.kind = CR3STAT_EXACT, .source = csrc,			\
		.help = "writes that load other page tables",		\
	},								\
	[CR3STAT_##G##_CR3_PCID_CHANGE] = {				\
		.name = gname "_cr3_pcid_change", .group = grp,		\
		.kind = CR3STAT_EXACT, .source = csrc,			\
		.help = "writes that load another PCID (0 without PCID)", \
	},								\
	[CR3STAT_##G##_CR3_NOFLUSH] = {					\
		.name = gname "_cr3_noflush", .group = grp,		\
		.kind = CR3STAT_EXACT, .source = csrc,			\
		.help = "writes with NOFLUSH: the PCID's TLB entries are kept; the others flush it", \
	},								\
	[CR3STAT_##G##_CR3_USER] = {					\
		.name = gname "_cr3_user", .group = grp,		\
		.kind = CR3STAT_EXACT, .source = csrc,			\
		.help = "writes of a PTI user CR3 (user page tables or user PCID)", \
	}

/* Where a kprobe sits on the MOV to CR3 itself. */
#define SITE_CLASS "site kprobe: value in the register vs CR3 loaded"

const struct cr3stat_item_desc cr3stat_items[] = {
	CR3_BLOCK_DESC(CTXSW, CR3STAT_GROUP_CTXSW, "ctxsw",
		       "tracepoint tlb:tlb_flush, TLB_FLUSH_ON_TASK_SWITCH: fired right after each CR3 write of switch_mm_irqs_off (where it is missing: kprobes on those writes, see info ctxsw_path)",
		       "tracepoint: CR3 after the write vs the value this CPU's previous switch wrote; NOFLUSH: pages == 0 (kprobe path: " SITE_CLASS ")"),
	[CR3STAT_CTXSW_CALLS] = {
		.name = "ctxsw_calls",
		.group = CR3STAT_GROUP_CTXSW_WHY,
		.kind = CR3STAT_EXACT,
		.source = "kprobe switch_mm_irqs_off",
		.help = "calls of switch_mm_irqs_off(): the scheduler (or text_poke, EFI, leave_mm) switching mm",
	},
	[CR3STAT_CTXSW_SAME_PGD] = {
		.name = "ctxsw_same_pgd",
		.group = CR3STAT_GROUP_CTXSW_WHY,
		.kind = CR3STAT_EXACT,
		.source = "kprobe switch_mm_irqs_off: next->pgd vs CR3",
		.help = "calls whose next mm's page tables are already loaded: no CR3 write unless a lazy TLB went stale",
	},
	[CR3STAT_CTXSW_FROM_LAZY] = {
		.name = "ctxsw_from_lazy",
		.group = CR3STAT_GROUP_CTXSW_WHY,
		.kind = CR3STAT_EXACT,
		.source = "kprobe switch_mm_irqs_off: cpu_tlbstate_shared.is_lazy",
		.help = "calls made while the CPU was in lazy TLB mode (after a kernel thread)",
	},
	[CR3STAT_CTXSW_LAZY_ENTER] = {
		.name = "ctxsw_lazy_enter",
		.group = CR3STAT_GROUP_CTXSW_WHY,
		.kind = CR3STAT_EXACT,
		.source = "tracepoint sched:sched_switch, next->mm == NULL: context_switch() calls enter_lazy_tlb() exactly then",
		.help = "switches to a task without an mm (kernel thread): the old mm stays loaded, no CR3 write",
	},
	CR3_BLOCK_DESC(VERIFY, CR3STAT_GROUP_VERIFY, "verify",
		       "kprobes on the MOV-to-CR3 sites of switch_mm_irqs_off / load_new_mm_cr3 (the same writes as ctxsw_cr3_*)",
		       SITE_CLASS),
	CR3_BLOCK_DESC(FLUSH, CR3STAT_GROUP_FLUSH, "flush",
		       "kprobes on the MOV-to-CR3 sites in native_flush_tlb_local",
		       SITE_CLASS),
	CR3_BLOCK_DESC(OTHER, CR3STAT_GROUP_OTHER, "other",
		       "kprobes on the MOV-to-CR3 sites in native_write_cr3",
		       SITE_CLASS),
	[CR3STAT_MSR_WRITES] = {
		.name = "msr_writes",
		.group = CR3STAT_GROUP_MSR,
		.kind = CR3STAT_EXACT,
		.source = "tracepoint msr:write_msr",
		.help = "MSR writes through the kernel's traced wrmsr paths (not the raw native_wrmsr() of noinstr code)",
	},
	[CR3STAT_MSR_WRITE_FAILED] = {
		.name = "msr_write_failed",
		.group = CR3STAT_GROUP_MSR,
		.kind = CR3STAT_EXACT,
		.source = "tracepoint msr:write_msr, failed",
		.help = "of those, writes that faulted (#GP caught by wrmsr_safe)",
	},
	[CR3STAT_MSR_PASID_WRITES] = {
		.name = "msr_pasid_writes",
		.group = CR3STAT_GROUP_MSR,
		.kind = CR3STAT_EXACT,
		.source = "tracepoint msr:write_msr, msr 0xd93",
		.help = "successful wrmsr of IA32_PASID; unsupported without ENQCMD",
	},
	[CR3STAT_MSR_PASID_FAILED] = {
		.name = "msr_pasid_failed",
		.group = CR3STAT_GROUP_MSR,
		.kind = CR3STAT_EXACT,
		.source = "tracepoint msr:write_msr, msr 0xd93, failed",
		.help = "failed wrmsr of IA32_PASID; unsupported without ENQCMD",
	},
	[CR3STAT_MSR_PASID_FIXUPS] = {
		.name = "msr_pasid_fixups",
		.group = CR3STAT_GROUP_MSR,
		.kind = CR3STAT_DERIVED,
		.source = "IA32_PASID writes with the VALID bit: the kernel's only such wrmsr is its ENQCMD #GP fix-up",
		.help = "ENQCMD #GP fix-ups that loaded the PASID MSR; unsupported without ENQCMD or kernel CPU PASID support",
	},
	[CR3STAT_MSR_PASID_CTXSW] = {
		.name = "msr_pasid_ctxsw",
		.group = CR3STAT_GROUP_MSR,
		.kind = CR3STAT_EXACT,
		.source = "tracepoint sched:sched_switch: next->pasid_activated",
		.help = "switches to a task whose PASID is active (its MSR comes back by XRSTORS, not wrmsr); unsupported without ENQCMD",
	},
	[CR3STAT_NMI_USER] = {
		.name = "nmi_user",
		.group = CR3STAT_GROUP_PARANOID,
		.kind = CR3STAT_EXACT,
		.source = "NMI_LOCAL handler: user_mode(regs)",
		.help = "NMIs that interrupted user mode (their return goes out through the PTI user switch, no paranoid restore)",
	},
	[CR3STAT_NMI_KERNEL] = {
		.name = "nmi_kernel",
		.group = CR3STAT_GROUP_PARANOID,
		.kind = CR3STAT_EXACT,
		.source = "NMI_LOCAL handler: !user_mode(regs)",
		.help = "NMIs that interrupted kernel mode: each returns through the paranoid CR3 restore",
	},
	[CR3STAT_NMI_KERNEL_ENTRY] = {
		.name = "nmi_kernel_entry",
		.group = CR3STAT_GROUP_PARANOID,
		.kind = CR3STAT_EXACT,
		.source = "NMI_LOCAL handler: regs->ip in entry text",
		.help = "of those, NMIs inside entry text, the only place a user CR3 can be loaded in kernel mode",
	},
	[CR3STAT_DB_USER] = {
		.name = "db_user",
		.group = CR3STAT_GROUP_PARANOID,
		.kind = CR3STAT_EXACT,
		.source = "kprobe hw_breakpoint_exceptions_notify, DIE_DEBUG: user_mode(regs)",
		.help = "#DB exceptions from user mode that reached the kernel's debug notifiers",
	},
	[CR3STAT_DB_KERNEL] = {
		.name = "db_kernel",
		.group = CR3STAT_GROUP_PARANOID,
		.kind = CR3STAT_EXACT,
		.source = "kprobe hw_breakpoint_exceptions_notify, DIE_DEBUG: !user_mode(regs)",
		.help = "#DB exceptions from kernel mode: each returns through paranoid_exit's CR3 restore",
	},
	[CR3STAT_DB_KERNEL_ENTRY] = {
		.name = "db_kernel_entry",
		.group = CR3STAT_GROUP_PARANOID,
		.kind = CR3STAT_EXACT,
		.source = "same, regs->ip in entry text",
		.help = "of those, #DBs inside entry text",
	},
	[CR3STAT_MCE] = {
		.name = "mce",
		.group = CR3STAT_GROUP_PARANOID,
		.kind = CR3STAT_EXACT,
		.source = "none: no hook a module may use runs at #MC time (do_machine_check is noinstr)",
		.help = "machine checks; always unsupported, so their paranoid returns are not in paranoid_cr3_restores",
	},
	[CR3STAT_PARANOID_CR3_RESTORES] = {
		.name = "paranoid_cr3_restores",
		.group = CR3STAT_GROUP_PARANOID,
		.kind = CR3STAT_DERIVED,
		.source = "nmi_kernel + db_kernel and the restore policy in info: always -> every one; user -> at most those in entry text; none -> 0",
		.help = "CR3 writes by NMI and #DB returns to kernel context; an upper bound with policy user, and on Intel KVM hosts (NMIs taken in a guest return through KVM)",
	},
	[CR3STAT_PARANOID_CR3_REDUNDANT] = {
		.name = "paranoid_cr3_redundant",
		.group = CR3STAT_GROUP_PARANOID,
		.kind = CR3STAT_DERIVED,
		.source = "policy always: NMIs and #DBs from kernel mode outside entry text, where CR3 is the kernel's",
		.help = "of those restores, writes of the CR3 already loaded (a lower bound: entry-text NMIs are not counted)",
	},
	[CR3STAT_PTI_SYSCALLS] = {
		.name = "pti_syscalls",
		.group = CR3STAT_GROUP_PTI,
		.kind = CR3STAT_EXACT,
		.source = "tracepoint raw_syscalls:sys_enter",
		.help = "system calls (every one enters from user mode)",
	},
	[CR3STAT_PTI_USER_FAULTS] = {
		.name = "pti_user_faults",
		.group = CR3STAT_GROUP_PTI,
		.kind = CR3STAT_EXACT,
		.source = "tracepoint exceptions:page_fault_user",
		.help = "page faults from user mode",
	},
	[CR3STAT_PTI_USER_IRQS] = {
		.name = "pti_user_irqs",
		.group = CR3STAT_GROUP_PTI,
		.kind = CR3STAT_EXACT,
		.source = "kprobes on __common_interrupt and the __sysvec_* handlers: user_mode(regs)",
		.help = "device and system-vector interrupts that interrupted user mode (not reschedule IPIs)",
	},
	[CR3STAT_PTI_RESCHED_IPIS] = {
		.name = "pti_resched_ipis",
		.group = CR3STAT_GROUP_PTI,
		.kind = CR3STAT_EXACT,
		.source = "tracepoint irq_vectors:reschedule_entry",
		.help = "reschedule IPIs from any context: their handler has no regs, so those from user mode are not told apart",
	},
	[CR3STAT_PTI_USER_STARTS] = {
		.name = "pti_user_starts",
		.group = CR3STAT_GROUP_PTI,
		.kind = CR3STAT_EXACT,
		.source = "tracepoint sched:sched_process_fork, child not a kernel or io_uring thread",
		.help = "new user tasks: each first enters user mode through ret_from_fork",
	},
	[CR3STAT_PTI_USER_KILLED] = {
		.name = "pti_user_killed",
		.group = CR3STAT_GROUP_PTI,
		.kind = CR3STAT_EXACT,
		.source = "tracepoint sched:sched_process_exit, not in exit() or exit_group()",
		.help = "user tasks that died without an exit system call (a signal): their last entry never returned",
	},
	[CR3STAT_PTI_CR3_WRITES] = {
		.name = "pti_cr3_writes",
		.group = CR3STAT_GROUP_PTI,
		.kind = CR3STAT_DERIVED,
		.source = "with PTI on: 2 per entry from user (syscalls, user faults, user irqs, and nmi_user/db_user with the paranoid group on), 1 for exit/exit_group, 1 per user start",
		.help = "PTI CR3 switches in entry text; 0 with PTI off (see the README for the bound)",
	},
	[CR3STAT_PTI_USER_FLUSHES] = {
		.name = "pti_user_flushes",
		.group = CR3STAT_GROUP_PTI,
		.kind = CR3STAT_DERIVED,
		.source = "without PCID: 1 per return to user counted in pti_cr3_writes; with PCID: bits of cpu_tlbstate.user_pcid_flush_mask seen cleared (kretprobes on the functions that set them, and the pti entries)",
		.help = "switches to a user CR3 that flush the user address space (returns to user mode; with PCID also paranoid restores of a user CR3); unsupported if the mask cannot be found and checked",
	},
	[CR3STAT_KVM_CR0_WRITES] = {
		.name = "kvm_cr0_writes",
		.group = CR3STAT_GROUP_KVM,
		.kind = CR3STAT_EXACT,
		.source = "kretprobe kvm_post_set_cr0 (kvm.ko)",
		.help = "guest CR0 writes KVM applied: MOV/LMSW/CLTS that exited or were emulated, SEV-ES CR0 traps, SMM transitions",
	},
	[CR3STAT_KVM_WP_TOGGLES] = {
		.name = "kvm_cr0_wp_toggles",
		.group = CR3STAT_GROUP_KVM,
		.kind = CR3STAT_EXACT,
		.source = "kretprobe kvm_post_set_cr0: old ^ new CR0 == WP",
		.help = "of those, writes that changed CR0.WP and nothing else (grsecurity's KERNEXEC does them constantly)",
	},
	[CR3STAT_KVM_WP_FAST] = {
		.name = "kvm_wp_fast",
		.group = CR3STAT_GROUP_KVM,
		.kind = CR3STAT_EXACT,
		.source = "kprobe kvm_init_mmu called by a WP-only kvm_post_set_cr0, no reset",
		.help = "WP-only toggles that kept the MMU roots and only recomputed permissions (TDP: EPT/NPT; the fast path of seed 003)",
	},
	[CR3STAT_KVM_WP_RESETS] = {
		.name = "kvm_wp_resets",
		.group = CR3STAT_GROUP_KVM,
		.kind = CR3STAT_EXACT,
		.source = "kprobe kvm_mmu_reset_context called by a WP-only kvm_post_set_cr0",
		.help = "WP-only toggles that reset the MMU context: roots unloaded, rebuilt at the next entry (shadow paging)",
	},
	[CR3STAT_KVM_WP_NOPAGING] = {
		.name = "kvm_wp_nopaging",
		.group = CR3STAT_GROUP_KVM,
		.kind = CR3STAT_EXACT,
		.source = "kretprobe kvm_post_set_cr0 returned from a WP-only toggle with neither of the two above",
		.help = "WP-only toggles that needed no MMU work (paging off; 6.12 and later skip them)",
	},
	[CR3STAT_KVM_MMU_RESETS] = {
		.name = "kvm_mmu_resets",
		.group = CR3STAT_GROUP_KVM,
		.kind = CR3STAT_EXACT,
		.source = "kprobe kvm_mmu_reset_context, and kvm_mmu_after_set_cpuid where it inlines the reset (decoded)",
		.help = "MMU context resets, all causes (CR0/CR4/EFER role changes, KVM_SET_SREGS, KVM_SET_CPUID, SMM, nested)",
	},
	[CR3STAT_KVM_ROOT_LOADS] = {
		.name = "kvm_root_loads",
		.group = CR3STAT_GROUP_KVM,
		.kind = CR3STAT_EXACT,
		.source = "kprobe kvm_mmu_load",
		.help = "MMU root (re)loads before a VM entry: roots allocated or found again after an unload",
	},
	[CR3STAT_KVM_ROOT_FREES] = {
		.name = "kvm_root_frees",
		.group = CR3STAT_GROUP_KVM,
		.kind = CR3STAT_EXACT,
		.source = "kprobe kvm_mmu_free_roots: KVM_MMU_ROOT_CURRENT asked and mmu->root.hpa valid",
		.help = "current MMU roots dropped (a reset, an obsolete root, vCPU teardown): the next entry must load one",
	},
	[CR3STAT_KVM_CR3_WRITES] = {
		.name = "kvm_cr3_writes",
		.group = CR3STAT_GROUP_KVM,
		.kind = CR3STAT_EXACT,
		.source = "kprobe kvm_set_cr3",
		.help = "guest CR3 writes KVM handled: exits under shadow paging, emulated MOVs, RSM (none exit with EPT/NPT)",
	},
	[CR3STAT_KVM_CR4_WRITES] = {
		.name = "kvm_cr4_writes",
		.group = CR3STAT_GROUP_KVM,
		.kind = CR3STAT_EXACT,
		.source = "kprobe kvm_post_set_cr4",
		.help = "guest CR4 writes KVM applied (exits and emulated MOVs, SEV-ES traps, SMM)",
	},
	[CR3STAT_KVM_CR_TRACED] = {
		.name = "kvm_cr_traced_writes",
		.group = CR3STAT_GROUP_KVM,
		.kind = CR3STAT_EXACT,
		.source = "tracepoint kvm:kvm_cr, rw = 1",
		.help = "MOV-to-CR exits the CPU decoded for KVM (any CR): VMX always, SVM only with DecodeAssists; emulated writes are not traced",
	},
};

/* A descriptor missing at the end; a gap inside is caught by a unit test. */
static_assert(ARRAY_SIZE(cr3stat_items) == NR_CR3STAT_ITEMS);
static_assert(ARRAY_SIZE(cr3stat_groups) == NR_CR3STAT_GROUPS);
static_assert(CR3STAT_CTXSW_CR3_USER - CR3STAT_CTXSW_CR3_WRITES + 1 ==
	      NR_CR3STAT_C);
static_assert(CR3STAT_VERIFY_CR3_USER - CR3STAT_VERIFY_CR3_WRITES + 1 ==
	      NR_CR3STAT_C);
static_assert(CR3STAT_FLUSH_CR3_USER - CR3STAT_FLUSH_CR3_WRITES + 1 ==
	      NR_CR3STAT_C);
static_assert(CR3STAT_OTHER_CR3_USER - CR3STAT_OTHER_CR3_WRITES + 1 ==
	      NR_CR3STAT_C);

const char *cr3stat_kind_name(enum cr3stat_kind kind)
{
	return kind == CR3STAT_EXACT ? "exact" : "derived";
}
