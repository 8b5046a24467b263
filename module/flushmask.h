/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Finding cpu_tlbstate.user_pcid_flush_mask in the kernel's entry code.
 * Pure C: also built into the userspace unit tests.
 */
#ifndef CR3STAT_FLUSHMASK_H
#define CR3STAT_FLUSHMASK_H

#include "pure.h"

/*
 * struct tlb_state as Debian 6.1, 6.12 and 7.3 lay it out (the headers
 * hide it from modules: asm/tlbflush.h declares it #ifndef MODULE).  Only
 * these offsets are used, and each is checked against the running kernel
 * before anything is counted (tlbstate.c).
 */
#define CR3STAT_TLBS_LOADED_MM		0	/* struct mm_struct * */
#define CR3STAT_TLBS_LOADED_MM_ASID	16	/* u16 */
#define CR3STAT_TLBS_USER_PCID_FLUSH	22	/* unsigned short */
#define CR3STAT_TLBS_CR4		24	/* unsigned long, CR4 shadow */
#define CR3STAT_TLBS_CTXS		32	/* struct tlb_context[] */
#define CR3STAT_TLBS_CTX_SIZE		16	/* { u64 ctx_id, tlb_gen } */
#define CR3STAT_TLB_NR_DYN_ASIDS	6

/* The bits a kernel PCID (ASID + 1) can have in user_pcid_flush_mask. */
#define CR3STAT_FLUSHMASK_VALID \
	(((1U << CR3STAT_TLB_NR_DYN_ASIDS) - 1) << 1)

int cr3stat_flushmask_operand(const unsigned char *func, size_t len,
			      size_t site, u64 func_addr, u64 *operand);

#endif /* CR3STAT_FLUSHMASK_H */
