// SPDX-License-Identifier: GPL-2.0
/*
 * CR3 value decoding (see cr3.h).
 */
#include "cr3.h"

/**
 * cr3stat_cr3_masks() - the CR3 bits behind each class
 * @pcid_on: whether CR4.PCIDE is set (otherwise the low bits are flags)
 * @pti_on: whether PTI is on (otherwise bit 12 is an address bit and
 *	bit 11 a PCID bit)
 * @m: the masks
 */
void cr3stat_cr3_masks(bool pcid_on, bool pti_on, struct cr3stat_cr3_masks *m)
{
	m->pgd = CR3STAT_CR3_ADDR;
	m->user = 0;
	if (pti_on) {
		m->pgd &= ~CR3STAT_PTI_USER_PGD;
		m->user = CR3STAT_PTI_USER_PGD;
		if (pcid_on)
			m->user |= CR3STAT_PTI_USER_PCID;
	}
	m->pcid = pcid_on ? CR3STAT_CR3_PCID : 0;
	m->noflush = pcid_on ? CR3STAT_CR3_NOFLUSH : 0;
}

/**
 * cr3stat_cr3_decode() - take a CR3 value apart
 * @cr3: the value, as read from or written to CR3
 * @pcid_on: whether CR4.PCIDE is set
 * @pti_on: whether PTI is on
 * @out: the fields
 */
void cr3stat_cr3_decode(u64 cr3, bool pcid_on, bool pti_on,
			struct cr3stat_cr3 *out)
{
	out->pgd = cr3 & CR3STAT_CR3_ADDR;
	out->user = false;
	if (pti_on) {
		out->pgd &= ~CR3STAT_PTI_USER_PGD;
		out->user = (cr3 & CR3STAT_PTI_USER_PGD) ||
			    (pcid_on && (cr3 & CR3STAT_PTI_USER_PCID));
	}
	out->pcid = pcid_on ? (unsigned int)(cr3 & CR3STAT_CR3_PCID) : 0;
	out->noflush = pcid_on && (cr3 & CR3STAT_CR3_NOFLUSH);
}

/**
 * cr3stat_cr3_classify() - classify one CR3 write
 * @val: the value about to be written
 * @cur: the value loaded now
 * @pcid_on: whether CR4.PCIDE is set
 * @pti_on: whether PTI is on
 *
 * Return: a mask of BIT(&enum cr3stat_cr3_class); CR3STAT_C_WRITES is
 * always set.  A write is "same" when every bit but NOFLUSH matches what
 * is loaded: page tables (both PTI halves distinguished), PCID, flags
 * and LAM bits.
 */
unsigned int cr3stat_cr3_classify(u64 val, u64 cur, bool pcid_on, bool pti_on)
{
	struct cr3stat_cr3 v, c;
	unsigned int mask = 1U << CR3STAT_C_WRITES;

	cr3stat_cr3_decode(val, pcid_on, pti_on, &v);
	cr3stat_cr3_decode(cur, pcid_on, pti_on, &c);

	if ((val & ~CR3STAT_CR3_NOFLUSH) == (cur & ~CR3STAT_CR3_NOFLUSH))
		mask |= 1U << CR3STAT_C_SAME;
	if (v.pgd != c.pgd)
		mask |= 1U << CR3STAT_C_NEW_PGD;
	if (v.pcid != c.pcid)
		mask |= 1U << CR3STAT_C_PCID_CHANGE;
	if (v.noflush)
		mask |= 1U << CR3STAT_C_NOFLUSH;
	if (v.user)
		mask |= 1U << CR3STAT_C_USER;
	return mask;
}
