/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What cr3stat needs from the kernel that differs between versions or that
 * the kernel's headers keep from modules, in one place (like lttng-modules'
 * wrapper/ layer).  Checked against Debian 6.1 and 6.12.
 */
#ifndef CR3STAT_COMPAT_H
#define CR3STAT_COMPAT_H

#include <linux/percpu-defs.h>
#include <asm/cpufeature.h>
#include <linux/sched.h>
#include <linux/types.h>

/*
 * cpu_tlbstate_shared is exported, but asm/tlbflush.h declares it only
 * #ifndef MODULE.  Its layout, a lone bool is_lazy, is the same in 6.1
 * and 6.12; declaring it here under the kernel's name binds to the export.
 */
struct cr3stat_tlb_state_shared {
	bool is_lazy;
};
DECLARE_PER_CPU_SHARED_ALIGNED(struct cr3stat_tlb_state_shared,
			       cpu_tlbstate_shared);

static inline bool cr3stat_cpu_is_lazy(void)
{
	return this_cpu_read(cpu_tlbstate_shared.is_lazy);
}

/*
 * Whether the kernel can put a PASID into IA32_PASID at all: 6.6 and later
 * build the ENQCMD #GP fix-up with CONFIG_ARCH_HAS_CPU_PASID, 6.1 with
 * CONFIG_IOMMU_SVA (which on x86 goes with it in later kernels too).
 * task_struct's pasid_activated exists under CONFIG_IOMMU_SVA in both.
 */
#if defined(CONFIG_ARCH_HAS_CPU_PASID) || defined(CONFIG_IOMMU_SVA)
#define CR3STAT_KERNEL_CPU_PASID 1
#else
#define CR3STAT_KERNEL_CPU_PASID 0
#endif

static inline bool cr3stat_task_pasid_active(struct task_struct *tsk)
{
#ifdef CONFIG_IOMMU_SVA
	return tsk && tsk->pasid_activated;
#else
	return false;
#endif
}

/*
 * Tasks that never run in user mode: kernel threads, io_uring workers and,
 * from 6.4, the user workers (vhost) that have an mm but no user return.
 */
#ifdef PF_USER_WORKER
#define CR3STAT_PF_NEVER_USER (PF_KTHREAD | PF_IO_WORKER | PF_USER_WORKER)
#else
#define CR3STAT_PF_NEVER_USER (PF_KTHREAD | PF_IO_WORKER)
#endif

/*
 * exit and exit_group in the ia32 table (arch/x86/entry/syscalls/
 * syscall_32.tbl): a fixed ABI, but asm/unistd_32_ia32.h is not part of
 * every headers package.
 */
#define CR3STAT_IA32_NR_EXIT		1
#define CR3STAT_IA32_NR_EXIT_GROUP	252

/*
 * Whether native_flush_tlb_one_user() leaves the user PCID's flush to
 * user_pcid_flush_mask (invalidate_user_asid()) instead of INVPCID'ing the
 * address at once: 6.1 asks for X86_FEATURE_INVPCID_SINGLE (INVPCID with
 * CR4.PCIDE), 6.12 and 7.3 for X86_FEATURE_INVPCID and CR4.PCIDE (set on
 * every CPU long before a module loads).
 */
static inline bool cr3stat_kernel_defers_one_user(void)
{
#ifdef X86_FEATURE_INVPCID_SINGLE
	return !boot_cpu_has(X86_FEATURE_INVPCID_SINGLE);
#else
	return !boot_cpu_has(X86_FEATURE_INVPCID);
#endif
}

#endif /* CR3STAT_COMPAT_H */
