/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What cr3stat needs from the kernel that differs between versions or that
 * the kernel's headers keep from modules, in one place (like lttng-modules'
 * wrapper/ layer).  Checked against Debian 6.1 and 6.12.
 */
#ifndef CR3STAT_COMPAT_H
#define CR3STAT_COMPAT_H

#include <linux/percpu-defs.h>
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

#endif /* CR3STAT_COMPAT_H */
