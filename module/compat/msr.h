/* SPDX-License-Identifier: GPL-2.0 */
/*
 * MSR and CPUID access.
 *
 * Kernel 6.16 renamed the 64-bit MSR helpers (rdmsrl_safe() became
 * rdmsrq_safe(), __wrmsr(msr, lo, hi) became __wrmsrq(msr, val)) and 6.17
 * moved cpuid_count() to <asm/cpuid/api.h>.  rdmsr_safe() and
 * native_wrmsr() kept their names and meaning throughout, so cr3stat uses
 * only those.
 */
#ifndef CR3STAT_COMPAT_MSR_H
#define CR3STAT_COMPAT_MSR_H

#include <linux/types.h>
#include <asm/msr.h>
#if __has_include("asm/cpuid/api.h")
#include <asm/cpuid/api.h>
#else
#include <asm/processor.h>
#endif

/* Read an MSR; 0, or -EIO if it faulted (it does not exist). */
static inline int cr3stat_rdmsr_safe(u32 msr, u64 *val)
{
	u32 lo, hi;
	int err = rdmsr_safe(msr, &lo, &hi);

	*val = (u64)hi << 32 | lo;
	return err;
}

/*
 * Write an MSR without the msr:write_msr tracepoint (native_wrmsr() is
 * the raw instruction in every kernel), so that the cost bench never
 * counts itself.
 */
static inline void cr3stat_wrmsr_notrace(u32 msr, u64 val)
{
	native_wrmsr(msr, (u32)val, (u32)(val >> 32));
}

#endif /* CR3STAT_COMPAT_MSR_H */
