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
/*
 * With PTI a pgd is an 8 KiB pair and bit 12 selects its user half; the
 * user PCID is the kernel one with bit 11 set.  Without PTI a pgd is one
 * 4 KiB page: bit 12 is an address bit and bit 11 a plain PCID bit.
 */
#define CR3STAT_PTI_USER_PGD	(1ULL << 12)
#define CR3STAT_PTI_USER_PCID	(1ULL << 11)

/**
 * struct cr3stat_cr3 - a CR3 value taken apart
 * @pgd: physical address of the page tables; with PTI that of the kernel
 *	 half (the user bit cleared, so a user and a kernel CR3 of one mm
 *	 compare equal)
 * @pcid: the PCID, or 0 when PCIDs are off
 * @user: with PTI, the value selects the user page tables or user PCID
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

/**
 * struct cr3stat_cr3_masks - the bits of CR3 each class looks at, for a
 *	given PCID and PTI setting (they are fixed at boot)
 * @pgd: page-table address bits
 * @pcid: PCID bits (0 without PCID)
 * @user: bits that select PTI's user half (0 without PTI)
 * @noflush: the NOFLUSH bit (0 without PCID)
 */
struct cr3stat_cr3_masks {
	u64 pgd;
	u64 pcid;
	u64 user;
	u64 noflush;
};

void cr3stat_cr3_masks(bool pcid_on, bool pti_on, struct cr3stat_cr3_masks *m);
void cr3stat_cr3_decode(u64 cr3, bool pcid_on, bool pti_on,
			struct cr3stat_cr3 *out);
unsigned int cr3stat_cr3_classify(u64 val, u64 cur, bool pcid_on, bool pti_on);

/**
 * cr3stat_cr3_for_each_class() - call @fn for each class of one CR3 write
 * @m: from cr3stat_cr3_masks()
 * @val: the value written (NOFLUSH included)
 * @cur: the value loaded before it
 * @fn: called once per class the write belongs to, CR3STAT_C_WRITES
 *	always; inlined with it, so the probes test each class once and
 *	build nothing
 * @ctx: passed to @fn
 *
 * The probes' fast path; cr3stat_cr3_classify() is the same rule spelled
 * out field by field, and the unit tests hold the two equal.
 */
static __always_inline void
cr3stat_cr3_for_each_class(const struct cr3stat_cr3_masks *m, u64 val,
			   u64 cur, void (*fn)(void *ctx, unsigned int c),
			   void *ctx)
{
	u64 diff = (val ^ cur) & ~CR3STAT_CR3_NOFLUSH;

	fn(ctx, CR3STAT_C_WRITES);
	if (!diff) {
		fn(ctx, CR3STAT_C_SAME);
	} else {
		if (diff & m->pgd)
			fn(ctx, CR3STAT_C_NEW_PGD);
		if (diff & m->pcid)
			fn(ctx, CR3STAT_C_PCID_CHANGE);
	}
	if (val & m->noflush)
		fn(ctx, CR3STAT_C_NOFLUSH);
	if (val & m->user)
		fn(ctx, CR3STAT_C_USER);
}

#endif /* CR3STAT_CR3_H */
