/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cpu_tlbstate.user_pcid_flush_mask and the deferred user-ASID flushes
 * counted from it (tlbstate.c).
 */
#ifndef CR3STAT_TLBSTATE_H
#define CR3STAT_TLBSTATE_H

#include <linux/types.h>

const char *cr3stat_tlbstate_init(void);
u64 cr3stat_tlbstate_mask_operand(void);
void cr3stat_uflush_observe(void);
int cr3stat_uflush_attach(void);
void cr3stat_uflush_detach(void);

#endif /* CR3STAT_TLBSTATE_H */
