// SPDX-License-Identifier: GPL-2.0
/*
 * Where in kernel text a MOV to CR3 may start.
 *
 * MOV to CR3 is 0f 22 /3 (ModRM.reg = 3), behind a REX prefix when the
 * source is r8-r15.  A byte pattern is not an instruction: the same bytes
 * occur inside longer instructions, and a byte 0x40-0x4f in front of the
 * pattern is a REX prefix only if an instruction starts there.  It may as
 * well be the last byte of the instruction before, the disp8 of
 * "mov 0x48(%rdi),%rax" (48 8b 47 48) for one.  So both readings are
 * candidates, the longer one first, and the caller says which of them, if
 * any, is an instruction; an instruction at addr - 1 that spans addr
 * excludes one at addr.
 *
 * Text is read in chunks, each with one byte of look-behind, so that a
 * REX prefix in the last byte of a chunk is seen with the pattern at the
 * start of the next, and two bytes of look-ahead, so that a pattern that
 * starts in the last two bytes of a chunk is seen whole.  Each pattern is
 * looked at in exactly one chunk: the one holding its 0f byte.
 */
#include "pure.h"
#include "scan.h"

static bool cr3stat_scan_is_rex(unsigned char b)
{
	return (b & 0xf0) == 0x40;
}

/**
 * cr3stat_scan_chunk() - ask about the candidates in a buffer of text
 * @buf: text, @len bytes, the first at address @base
 * @len: bytes in @buf
 * @from: index of the first 0f byte to look at; @buf[@from - 1], if it
 *	exists, is the look-behind
 * @to: index one past the last 0f byte to look at
 * @base: the address of @buf[0]
 * @ops: the caller's decision (only @ops->site is used)
 *
 * Return: how many candidates @ops->site() accepted.
 */
unsigned int cr3stat_scan_chunk(const unsigned char *buf, size_t len,
				size_t from, size_t to, unsigned long base,
				const struct cr3stat_scan_ops *ops)
{
	unsigned int found = 0;
	size_t i;

	for (i = from; i < to && i + 3 <= len; i++) {
		if (buf[i] != 0x0f || buf[i + 1] != 0x22 ||
		    ((buf[i + 2] >> 3) & 7) != 3)
			continue;
		if (i > 0 && cr3stat_scan_is_rex(buf[i - 1]) &&
		    ops->site(ops->arg, base + i - 1) == 1) {
			found++;
			continue;
		}
		if (ops->site(ops->arg, base + i) == 1)
			found++;
	}
	return found;
}

/**
 * cr3stat_scan_text() - ask about every candidate in a range of text
 * @start: the first address of the text
 * @end: one past its last byte
 * @buf: %CR3STAT_SCAN_BUF bytes of scratch space
 * @ops: how to read text and what is an instruction
 *
 * A chunk whose look-behind cannot be read (the page before it is not
 * mapped) is read without it; a chunk that cannot be read is skipped.
 *
 * Return: how many candidates @ops->site() accepted.
 */
unsigned int cr3stat_scan_text(unsigned long start, unsigned long end,
			       unsigned char *buf,
			       const struct cr3stat_scan_ops *ops)
{
	unsigned int found = 0;
	unsigned long a;

	for (a = start; a < end; a += CR3STAT_SCAN_CHUNK) {
		unsigned long lo = a > start ? a - CR3STAT_SCAN_BEHIND : a;
		unsigned long hi = end - a > CR3STAT_SCAN_CHUNK +
				   CR3STAT_SCAN_AHEAD ?
				   a + CR3STAT_SCAN_CHUNK + CR3STAT_SCAN_AHEAD :
				   end;
		unsigned long last = end - a > CR3STAT_SCAN_CHUNK ?
				     a + CR3STAT_SCAN_CHUNK : end;

		if (ops->read(ops->arg, lo, buf, hi - lo)) {
			if (lo == a || ops->read(ops->arg, a, buf, hi - a))
				continue;
			lo = a;
		}
		found += cr3stat_scan_chunk(buf, hi - lo, a - lo, last - lo, lo,
					    ops);
	}
	return found;
}
