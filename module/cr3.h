/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Decoding and classifying CR3 values (x86-64).  Pure C: also built into
 * the userspace unit tests.
 */
#ifndef CR3STAT_CR3_H
#define CR3STAT_CR3_H

#include "pure.h"

/* Architectural fields, and the kernel's PTI conventions on top of them. */
#define CR3STAT_CR3_NOFLUSH	(1ULL << 63)	/* keep this PCID's TLB entries */
#define CR3STAT_CR3_LAM		(3ULL << 61)	/* LAM_U48 | LAM_U57 */
#define CR3STAT_CR3_PCID	0xfffULL	/* with CR4.PCIDE */
#define CR3STAT_CR3_FLAGS	0x18ULL		/* PWT | PCD without PCIDE */
#define CR3STAT_CR3_ADDR	0x000ffffffffff000ULL
#define CR3STAT_PTI_USER_PGD	(1ULL << 12)	/* user half of a PTI pgd pair */
#define CR3STAT_PTI_USER_PCID	(1ULL << 11)	/* user PCID of a PTI pair */

/**
 * struct cr3stat_cr3 - a CR3 value taken apart
 * @pgd: physical address of the page tables; with PTI, of the kernel half
 *	 (the user bit cleared, so a user and a kernel CR3 of one mm compare
 *	 equal); without PTI bit 12 is an address bit like the others
 * @pcid: the PCID (bits 11:0), or 0 when PCIDs are off
 * @user: with PTI, the value selects the user page tables (bit 12) or,
 *	  with PCIDs, the user PCID (bit 11); never without PTI
 * @noflush: bit 63, TLB entries of this PCID are kept (only with PCIDs)
 */
struct cr3stat_cr3 {
	u64 pgd;
	unsigned int pcid;
	bool user;
	bool noflush;
};

/**
 * enum cr3stat_cr3_class - what a CR3 write does, each a counter
 * @CR3STAT_C_WRITES: every write
 * @CR3STAT_C_SAME: same page tables and PCID as loaded: a redundant write
 *	(or, without NOFLUSH, a pure TLB flush)
 * @CR3STAT_C_NEW_PGD: other page tables than loaded
 * @CR3STAT_C_PCID_CHANGE: another PCID than loaded
 * @CR3STAT_C_NOFLUSH: NOFLUSH set: the new PCID's TLB entries are kept
 * @CR3STAT_C_USER: the value written selects PTI's user half
 * @NR_CR3STAT_C: number of classes
 */
enum cr3stat_cr3_class {
	CR3STAT_C_WRITES,
	CR3STAT_C_SAME,
	CR3STAT_C_NEW_PGD,
	CR3STAT_C_PCID_CHANGE,
	CR3STAT_C_NOFLUSH,
	CR3STAT_C_USER,
	NR_CR3STAT_C
};

void cr3stat_cr3_decode(u64 cr3, bool pcid_on, bool pti_on,
			struct cr3stat_cr3 *out);
unsigned int cr3stat_cr3_classify(u64 val, u64 cur, bool pcid_on, bool pti_on);

#endif /* CR3STAT_CR3_H */
