// SPDX-License-Identifier: GPL-2.0
/*
 * x86-64 instruction length decoder, written from the opcode maps of the
 * Intel SDM (volume 2, appendix A).  The kernel's own decoder is not
 * exported to modules, and we only need lengths: the decoder tells where
 * an instruction ends, not what it does.  Only 64-bit mode is handled.
 *
 * Pure C: it is also built into the userspace unit tests and into the
 * cross-check against objdump on real kernel images.
 */
#include "pure.h"
#include "insn.h"

/*
 * Opcode attributes.  The low three bits say which immediate follows the
 * ModRM/SIB/displacement bytes; the flags above them say whether there is
 * a ModRM byte at all, and mark prefixes and opcodes we must refuse.
 */
#define IB	1	/* imm8 or rel8 */
#define IW	2	/* imm16: RET imm16 */
#define IZ	3	/* imm16, or imm32 (also with REX.W) */
#define IV	4	/* imm16, imm32 or imm64: MOV reg, imm */
#define IMO	5	/* moffs64, or moffs32 with an address size prefix */
#define IWB	6	/* ENTER imm16, imm8 */
#define IJ	7	/* rel32 of a near branch */
#define IMM	7
#define MRM	0x08	/* a ModRM byte follows the opcode */
#define BAD	0x10	/* invalid in 64-bit mode, or not supported here */
#define PFX	0x20	/* a legacy prefix */

/*
 * The one-byte map.  Not in the table: 0x0f (escape to the other maps),
 * 0x40-0x4f (REX), 0x62, 0xc4 and 0xc5 (EVEX and VEX in 64-bit mode).
 * Entries left zero are opcodes with neither ModRM nor immediate.
 */
static const unsigned char map_one[256] = {
	[0x00 ... 0x03] = MRM, [0x04] = IB, [0x05] = IZ, [0x06 ... 0x07] = BAD,
	[0x08 ... 0x0b] = MRM, [0x0c] = IB, [0x0d] = IZ, [0x0e] = BAD,
	[0x10 ... 0x13] = MRM, [0x14] = IB, [0x15] = IZ, [0x16 ... 0x17] = BAD,
	[0x18 ... 0x1b] = MRM, [0x1c] = IB, [0x1d] = IZ, [0x1e ... 0x1f] = BAD,
	[0x20 ... 0x23] = MRM, [0x24] = IB, [0x25] = IZ, [0x26] = PFX,
	[0x27] = BAD,
	[0x28 ... 0x2b] = MRM, [0x2c] = IB, [0x2d] = IZ, [0x2e] = PFX,
	[0x2f] = BAD,
	[0x30 ... 0x33] = MRM, [0x34] = IB, [0x35] = IZ, [0x36] = PFX,
	[0x37] = BAD,
	[0x38 ... 0x3b] = MRM, [0x3c] = IB, [0x3d] = IZ, [0x3e] = PFX,
	[0x3f] = BAD,
	[0x60 ... 0x61] = BAD, [0x63] = MRM, [0x64 ... 0x67] = PFX,
	[0x68] = IZ, [0x69] = MRM | IZ, [0x6a] = IB, [0x6b] = MRM | IB,
	[0x70 ... 0x7f] = IB,
	[0x80] = MRM | IB, [0x81] = MRM | IZ, [0x82] = BAD, [0x83] = MRM | IB,
	[0x84 ... 0x8f] = MRM,
	[0x9a] = BAD,
	[0xa0 ... 0xa3] = IMO, [0xa8] = IB, [0xa9] = IZ,
	[0xb0 ... 0xb7] = IB, [0xb8 ... 0xbf] = IV,
	[0xc0 ... 0xc1] = MRM | IB, [0xc2] = IW,
	[0xc6] = MRM | IB, [0xc7] = MRM | IZ, [0xc8] = IWB, [0xca] = IW,
	[0xcd] = IB, [0xce] = BAD,
	[0xd0 ... 0xd3] = MRM, [0xd4 ... 0xd6] = BAD, [0xd8 ... 0xdf] = MRM,
	[0xe0 ... 0xe7] = IB, [0xe8 ... 0xe9] = IJ, [0xea] = BAD, [0xeb] = IB,
	[0xf0] = PFX, [0xf2 ... 0xf3] = PFX,
	[0xf6 ... 0xf7] = MRM, [0xfe ... 0xff] = MRM,
};

/*
 * The 0x0f map.  0x38 and 0x3a escape to the three-byte maps, where every
 * opcode has a ModRM byte, and in the 0x3a map an imm8 too.  0x0f 0x0f is
 * 3DNow!, whose real opcode follows the operands like an imm8.
 */
static const unsigned char map_0f[256] = {
	[0x00 ... 0x03] = MRM, [0x04] = BAD, [0x0a] = BAD, [0x0c] = BAD,
	[0x0d] = MRM, [0x0f] = MRM | IB,
	[0x10 ... 0x23] = MRM, [0x24 ... 0x27] = BAD, [0x28 ... 0x2f] = MRM,
	[0x36] = BAD, [0x39] = BAD, [0x3b ... 0x3f] = BAD,
	[0x40 ... 0x6f] = MRM, [0x70 ... 0x73] = MRM | IB,
	[0x74 ... 0x76] = MRM, [0x78 ... 0x79] = MRM, [0x7a ... 0x7b] = BAD,
	[0x7c ... 0x7f] = MRM,
	[0x80 ... 0x8f] = IJ, [0x90 ... 0x9f] = MRM,
	[0xa3] = MRM, [0xa4] = MRM | IB, [0xa5] = MRM,
	[0xa6 ... 0xa7] = MRM,	/* VIA PadLock groups (xsha*, xcrypt*) */
	[0xab] = MRM, [0xac] = MRM | IB, [0xad ... 0xaf] = MRM,
	[0xb0 ... 0xb9] = MRM, [0xba] = MRM | IB, [0xbb ... 0xc1] = MRM,
	[0xc2] = MRM | IB, [0xc3] = MRM, [0xc4 ... 0xc6] = MRM | IB,
	[0xc7] = MRM, [0xd0 ... 0xff] = MRM,
};

enum opmap { MAP_ONE, MAP_0F, MAP_0F38, MAP_0F3A };

/* Legacy prefixes that change the length or validity of what follows. */
#define P_OPSIZE	0x01	/* 0x66 */
#define P_ADSIZE	0x02	/* 0x67 */
#define P_LOCKREP	0x04	/* 0xf0, 0xf3 */
#define P_REPNE		0x08	/* 0xf2 */

#define REX_W		0x08
#define REX_R		0x04
#define REX_B		0x01

/*
 * The attributes of a VEX or EVEX encoded opcode.  All of them take ModRM
 * except VZEROUPPER/VZEROALL; the immediates are those of the same opcode
 * in the legacy map, which the 0x0f table already knows.
 */
static unsigned char vex_attr(enum opmap map, unsigned char op, bool evex)
{
	switch (map) {
	case MAP_0F:
		if (op == 0x77 && !evex)
			return 0;
		return MRM | ((map_0f[op] & IMM) == IB ? IB : 0);
	case MAP_0F38:
		return MRM;
	default:
		return MRM | IB;
	}
}

/*
 * Reject opcodes whose ModRM.reg makes them invalid in 64-bit mode or an
 * encoding we do not decode, and add the immediate of TEST in group 3.
 */
static int group_attr(enum opmap map, unsigned char op, unsigned char modrm,
		      unsigned char *attr)
{
	unsigned int reg = (modrm >> 3) & 7;

	if (map == MAP_ONE) {
		switch (op) {
		case 0x8f:		/* POP r/m, or AMD's XOP prefix */
			return reg ? -EINVAL : 0;
		case 0xf6:
			if (reg < 2)
				*attr |= IB;
			return 0;
		case 0xf7:
			if (reg < 2)
				*attr |= IZ;
			return 0;
		case 0xfe:
			return reg < 2 ? 0 : -EINVAL;
		case 0xff:
			return reg == 7 ? -EINVAL : 0;
		}
	}
	return 0;
}

/* Bytes of SIB and displacement that a ModRM byte calls for. */
static int modrm_extra(const unsigned char *p, size_t i, size_t lim,
		       unsigned char modrm, bool reg_only)
{
	unsigned int mod = modrm >> 6, rm = modrm & 7;
	int n = 0;

	/* MOV to/from control and debug registers ignores mod. */
	if (mod == 3 || reg_only)
		return 0;
	if (rm == 4) {
		if (i >= lim)
			return -EINVAL;
		n = 1;
		if (mod == 0 && (p[i] & 7) == 5)
			return n + 4;
	} else if (mod == 0 && rm == 5) {
		return 4;		/* RIP-relative */
	}
	if (mod == 1)
		n += 1;
	else if (mod == 2)
		n += 4;
	return n;
}

static int imm_len(unsigned char attr, unsigned int pfx, unsigned char rex)
{
	bool op16 = (pfx & P_OPSIZE) && !(rex & REX_W);

	switch (attr & IMM) {
	case IB:
		return 1;
	case IW:
		return 2;
	case IZ:
		return op16 ? 2 : 4;
	case IV:
		return (rex & REX_W) ? 8 : op16 ? 2 : 4;
	case IMO:
		return (pfx & P_ADSIZE) ? 4 : 8;
	case IWB:
		return 3;
	case IJ:
		/*
		 * Intel ignores an operand size prefix on near branches in
		 * 64-bit mode, AMD makes them rel16: refuse to guess.
		 */
		return (pfx & P_OPSIZE) ? -EINVAL : 4;
	}
	return 0;
}

/**
 * cr3stat_insn_len() - length of one x86-64 instruction
 * @p: the instruction's first byte (its first prefix, if any)
 * @avail: bytes readable at @p; nothing beyond them is touched
 *
 * Decodes prefixes, REX, VEX and EVEX, the opcode, ModRM, SIB,
 * displacement and immediate far enough to know where the instruction
 * ends, as a 64-bit mode CPU would.
 *
 * Return: the length, 1 to %CR3STAT_INSN_MAX, or -EINVAL when the bytes
 * are truncated, invalid in 64-bit mode, longer than the architectural
 * limit, or an encoding this decoder deliberately does not handle (XOP,
 * operand size prefixed near branches, AMD's SSE4a immediates).
 */
int cr3stat_insn_len(const unsigned char *p, size_t avail)
{
	size_t lim = avail < CR3STAT_INSN_MAX ? avail : CR3STAT_INSN_MAX;
	unsigned char b, op, attr, modrm = 0, rex = 0;
	enum opmap map = MAP_ONE;
	unsigned int pfx = 0;
	size_t i = 0;
	int n;

	for (;; i++) {
		if (i >= lim)
			return -EINVAL;
		b = p[i];
		if ((b & 0xf0) == 0x40) {
			rex = b;
			continue;
		}
		if (!(map_one[b] & PFX))
			break;
		/* A REX is only heeded right before the opcode. */
		rex = 0;
		if (b == 0x66)
			pfx |= P_OPSIZE;
		else if (b == 0x67)
			pfx |= P_ADSIZE;
		else if (b == 0xf0 || b == 0xf3)
			pfx |= P_LOCKREP;
		else if (b == 0xf2)
			pfx |= P_REPNE;
	}

	if (b == 0xc4 || b == 0xc5 || b == 0x62) {
		bool evex = b == 0x62;
		unsigned int sel;

		/* These prefixes make a VEX or EVEX instruction #UD. */
		if (rex || (pfx & (P_OPSIZE | P_LOCKREP | P_REPNE)))
			return -EINVAL;
		n = b == 0xc5 ? 2 : b == 0xc4 ? 3 : 4;
		if (i + n >= lim)
			return -EINVAL;
		if (b == 0xc5) {
			sel = 1;
		} else if (b == 0xc4) {
			sel = p[i + 1] & 0x1f;
		} else {
			sel = p[i + 1] & 0x07;
			/* Fixed bits of the EVEX payload. */
			if ((p[i + 1] & 0x08) || !(p[i + 2] & 0x04))
				return -EINVAL;
		}
		if (sel < 1 || sel > 3)
			return -EINVAL;
		map = sel;	/* 1, 2, 3: the 0x0f, 0x0f38, 0x0f3a maps */
		i += n;
		op = p[i++];
		attr = vex_attr(map, op, evex);
	} else if (b == 0x0f) {
		if (++i >= lim)
			return -EINVAL;
		op = p[i++];
		if (op == 0x38 || op == 0x3a) {
			map = op == 0x38 ? MAP_0F38 : MAP_0F3A;
			if (i >= lim)
				return -EINVAL;
			op = p[i++];
			attr = map == MAP_0F38 ? MRM : MRM | IB;
		} else {
			map = MAP_0F;
			attr = map_0f[op];
			/* AMD's EXTRQ/INSERTQ with immediates: not decoded. */
			if ((op == 0x78 || op == 0x79) &&
			    (pfx & (P_OPSIZE | P_REPNE)))
				return -EINVAL;
		}
	} else {
		op = b;
		i++;
		attr = map_one[op];
	}
	if (attr & BAD)
		return -EINVAL;

	if (attr & MRM) {
		if (i >= lim)
			return -EINVAL;
		modrm = p[i++];
		if (group_attr(map, op, modrm, &attr))
			return -EINVAL;
		n = modrm_extra(p, i, lim, modrm,
				map == MAP_0F && op >= 0x20 && op <= 0x23);
		if (n < 0)
			return n;
		i += n;
	}
	n = imm_len(attr, pfx, rex);
	if (n < 0)
		return n;
	i += n;
	return i <= lim ? (int)i : -EINVAL;
}

/**
 * cr3stat_insn_mov_cr3() - is this a plain MOV to CR3?
 * @p: the instruction's first byte
 * @avail: bytes readable at @p
 *
 * Only the forms a compiler or the kernel's assembly emit are accepted:
 * 0f 22 /r with ModRM.reg = 3, optionally behind one REX whose B bit
 * selects r8-r15.  In 64-bit mode the ModRM.mod bits are ignored and the
 * operand is always a register.  Any other prefix, and REX.R (which would
 * name CR11), mean this is not such an instruction.
 *
 * Return: the source register number, 0 (rax) to 15 (r15), or -1.
 */
int cr3stat_insn_mov_cr3(const unsigned char *p, size_t avail)
{
	unsigned char rex = 0;
	size_t i = 0;

	if (avail && (p[0] & 0xf0) == 0x40)
		rex = p[i++];
	if (avail < i + 3 || (rex & REX_R))
		return -1;
	if (p[i] != 0x0f || p[i + 1] != 0x22 || ((p[i + 2] >> 3) & 7) != 3)
		return -1;
	return (p[i + 2] & 7) | ((rex & REX_B) ? 8 : 0);
}

/**
 * cr3stat_insn_boundary() - does an instruction start at this offset?
 * @func: the first byte of a function, where decoding starts
 * @len: the function's length; decoding never reads beyond it
 * @off: the offset to check, less than @len
 *
 * Walks instruction lengths from @func up to @off.  This only proves
 * anything if @func really is an instruction start and the function holds
 * no data before @off, which is true of compiled kernel functions.
 *
 * Return: 1 if an instruction starts at @off, 0 if one spans it, -EINVAL
 * if @off is out of range or an instruction before it does not decode.
 */
int cr3stat_insn_boundary(const unsigned char *func, size_t len, size_t off)
{
	size_t pos = 0;

	if (off >= len)
		return -EINVAL;
	while (pos < off) {
		int n = cr3stat_insn_len(func + pos, len - pos);

		if (n < 0)
			return -EINVAL;
		pos += n;
	}
	return pos == off;
}
