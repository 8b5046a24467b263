// SPDX-License-Identifier: GPL-2.0
/*
 * The MOV-to-CR3 scanner's rule before issue #12, kept as a negative
 * control for tests/unit/test_scan.c, which must fail against it: a byte
 * 0x40-0x4f before 0f 22 /3 is always taken as a REX prefix, so the other
 * reading is never asked about, and a chunk has no look-behind, so a REX
 * prefix in the last byte of the chunk before is lost.
 */
#include "../../module/pure.h"
#include "../../module/scan.h"

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
		if (i > 0 && (buf[i - 1] & 0xf0) == 0x40)
			found += ops->site(ops->arg, base + i - 1) == 1;
		else
			found += ops->site(ops->arg, base + i) == 1;
	}
	return found;
}

unsigned int cr3stat_scan_text(unsigned long start, unsigned long end,
			       unsigned char *buf,
			       const struct cr3stat_scan_ops *ops)
{
	unsigned int found = 0;
	unsigned long a;

	for (a = start; a < end; a += CR3STAT_SCAN_CHUNK) {
		size_t len = end - a < CR3STAT_SCAN_CHUNK + 4 ?
			     end - a : CR3STAT_SCAN_CHUNK + 4;

		if (ops->read(ops->arg, a, buf, len))
			continue;
		found += cr3stat_scan_chunk(buf, len, 0,
					    len < CR3STAT_SCAN_CHUNK ?
					    len : CR3STAT_SCAN_CHUNK, a, ops);
	}
	return found;
}
