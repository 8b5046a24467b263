// SPDX-License-Identifier: GPL-2.0
/*
 * Does one function call another?  A kprobe on a function's entry sees
 * only its out-of-line calls: where the compiler inlined it into a caller
 * in the same file, that caller's uses go unseen.  Decoding the caller and
 * finding a direct CALL (or a tail JMP or Jcc) to the function shows it
 * was not inlined there.
 *
 * Pure C, also built into the userspace unit tests.
 */
#include "pure.h"
#include "insn.h"
#include "calls.h"

/* The rel32 of a direct near CALL, JMP or Jcc at @p, if it is one. */
static bool cr3stat_rel32(const unsigned char *p, int len, int *rel)
{
	const unsigned char *imm;

	if (len == 5 && (p[0] == 0xe8 || p[0] == 0xe9))
		imm = p + 1;
	else if (len == 6 && p[0] == 0x0f && (p[1] & 0xf0) == 0x80)
		imm = p + 2;
	else
		return false;
	*rel = (int)((u32)imm[0] | (u32)imm[1] << 8 | (u32)imm[2] << 16 |
		     (u32)imm[3] << 24);
	return true;
}

/**
 * cr3stat_branches_to() - does a function branch directly into a range?
 * @func: the function's bytes, from its first instruction
 * @len: their number
 * @base: the address of @func[0]
 * @lo: lowest target accepted
 * @hi: highest target accepted
 *
 * Walks @func one instruction at a time and looks for a CALL rel32, JMP
 * rel32 or Jcc rel32 whose target is in [@lo, @hi] (a function's start,
 * its ENDBR, or the padding in front of it that call thunks use).
 *
 * Return: 1 if there is one, 0 if the whole function was decoded without
 * one, -EINVAL if decoding stopped first.
 */
int cr3stat_branches_to(const unsigned char *func, size_t len, u64 base,
			u64 lo, u64 hi)
{
	size_t off = 0;
	int n, rel;

	while (off < len) {
		n = cr3stat_insn_len(func + off, len - off);
		if (n < 0)
			return -EINVAL;
		if (cr3stat_rel32(func + off, n, &rel)) {
			u64 to = base + off + n + (u64)(long long)rel;

			if (to >= lo && to <= hi)
				return 1;
		}
		off += n;
	}
	return 0;
}
