// SPDX-License-Identifier: GPL-2.0
/*
 * Where the kernel keeps cpu_tlbstate.user_pcid_flush_mask, read from the
 * entry code that consumes it.  Pure C: also built into the userspace
 * unit tests.
 *
 * With PTI and PCID, a flush of a user ASID is deferred: the kernel sets
 * the ASID's bit in the per-CPU user_pcid_flush_mask, and the next switch
 * to that user CR3 (SWITCH_TO_USER_CR3 on a return to user mode, or a
 * paranoid restore of a saved user CR3) tests and clears the bit with
 * "bt/btr %reg, %gs:mask" and then writes CR3 without NOFLUSH.  Both
 * instructions address the mask itself, so decoding them gives its
 * per-CPU address exactly as the consumer uses it, whatever the layout of
 * struct tlb_state around it.
 */
#include "insn.h"
#include "flushmask.h"

#define PREFIX_GS	0x65

static u32 le32(const unsigned char *p)
{
	return (u32)p[0] | (u32)p[1] << 8 | (u32)p[2] << 16 | (u32)p[3] << 24;
}

/*
 * If the instruction at p (len bytes, at address ip) is "bt" or "btr" of a
 * register into a %gs memory operand without base or index, store that
 * operand's address and return 1 for bt, 2 for btr; else return 0.  The
 * operand is an absolute disp32 (zero-based per-CPU offsets, x86-64 up
 * to 6.14) or RIP-relative (per-CPU symbols at their link address).
 */
static int gs_bit_test(const unsigned char *p, int len, u64 ip, u64 *op)
{
	bool gs = false;
	int i = 0, kind;
	unsigned char modrm;
	s32 disp;

	while (i < len && (p[i] == PREFIX_GS || p[i] == 0x66 ||
			   p[i] == 0xf0 || p[i] == 0x2e || p[i] == 0x3e)) {
		gs |= p[i] == PREFIX_GS;
		i++;
	}
	if (i < len && (p[i] & 0xf0) == 0x40)
		i++;				/* REX */
	if (!gs || i + 3 > len || p[i] != 0x0f)
		return 0;
	if (p[i + 1] == 0xa3)
		kind = 1;			/* bt r/m, reg */
	else if (p[i + 1] == 0xb3)
		kind = 2;			/* btr r/m, reg */
	else
		return 0;
	modrm = p[i + 2];
	i += 3;
	if ((modrm & 0xc0) != 0)
		return 0;			/* a register, or a base + disp */
	if ((modrm & 7) == 4 && i + 5 <= len && p[i] == 0x25) {
		disp = (s32)le32(p + i + 1);	/* SIB: no base, no index */
		*op = (u64)(s64)disp;
		return i + 5 == len ? kind : 0;
	}
	if ((modrm & 7) == 5 && i + 4 <= len) {
		disp = (s32)le32(p + i);	/* RIP-relative */
		*op = ip + (u64)len + (u64)(s64)disp;
		return i + 4 == len ? kind : 0;
	}
	return 0;
}

/**
 * cr3stat_flushmask_operand() - the flush mask as an entry path uses it
 * @func: the bytes of an entry-text function, from its start
 * @len: how many bytes @func has (at least through the instruction at @site)
 * @site: offset of a MOV to CR3 in @func
 * @func_addr: the address of @func in the kernel (for RIP-relative operands)
 * @operand: the per-CPU address of user_pcid_flush_mask (an offset from the
 *	     CPU's per-CPU base, or a link address: per_cpu_ptr() takes both)
 *
 * The function is decoded from its start up to the write; every "bt" or
 * "btr" of a register into a %gs memory operand on the way must address
 * the same place, and at least one must be a "btr" (the consumption).
 *
 * Return: 0 with *@operand set; -ENOENT when the path has no such "btr"
 * (a switch to the kernel CR3, which consumes nothing); -EILSEQ when two
 * operands disagree; -EINVAL when the code does not decode up to @site.
 */
int cr3stat_flushmask_operand(const unsigned char *func, size_t len,
			      size_t site, u64 func_addr, u64 *operand)
{
	bool have = false, btr = false;
	size_t off = 0;
	u64 op = 0, o;
	int l, k;

	while (off < site) {
		l = cr3stat_insn_len(func + off, len - off);
		if (l < 0)
			return -EINVAL;
		k = gs_bit_test(func + off, l, func_addr + off, &o);
		if (k) {
			if (have && o != op)
				return -EILSEQ;
			have = true;
			op = o;
			btr |= k == 2;
		}
		off += l;
	}
	if (off != site)
		return -EINVAL;
	if (!btr)
		return -ENOENT;
	*operand = op;
	return 0;
}
