/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What cr3stat needs from the kernel that differs between versions or that
 * the kernel's headers keep from modules, in one place (like lttng-modules'
 * wrapper/ layer).  Checked against Debian 6.1 and 6.12.
 */
#ifndef CR3STAT_COMPAT_H
#define CR3STAT_COMPAT_H

#include <linux/percpu-defs.h>
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

#endif /* CR3STAT_COMPAT_H */
