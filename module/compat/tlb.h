/* SPDX-License-Identifier: GPL-2.0 */
/*
 * TLB state the kernel keeps per CPU, and page tables as CR3 holds them.
 */
#ifndef CR3STAT_COMPAT_TLB_H
#define CR3STAT_COMPAT_TLB_H

#include <linux/mm_types.h>
#include <linux/percpu-defs.h>
#include <linux/types.h>
#include <asm/mem_encrypt.h>
#include <asm/page.h>

/*
 * cpu_tlbstate_shared is exported, but asm/tlbflush.h declares it only
 * #ifndef MODULE (6.1 to 7.3).  Its layout, a lone bool is_lazy, is the
 * same in all of them; declaring it here under the kernel's name binds to
 * the export.
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
 * The physical address of an mm's page tables as build_cr3() puts it in
 * CR3: with AMD SME or SEV the encryption bit is set (__sme_pa()), so a
 * plain __pa() would never match.
 */
static inline u64 cr3stat_pgd_cr3(const struct mm_struct *mm)
{
	return __sme_pa(mm->pgd);
}

#endif /* CR3STAT_COMPAT_TLB_H */
