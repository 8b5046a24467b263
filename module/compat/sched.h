/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Tasks: which ones ever run in user mode, their PASID state, and the
 * exit system calls.  Checked against Debian 6.1, 6.12 and 7.3.
 */
#ifndef CR3STAT_COMPAT_SCHED_H
#define CR3STAT_COMPAT_SCHED_H

#include <linux/sched.h>
#include <linux/types.h>

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

#endif /* CR3STAT_COMPAT_SCHED_H */
