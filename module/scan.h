/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The search of kernel text for MOV-to-CR3 instructions: which addresses
 * are worth asking about, chunk by chunk.  Pure C: built into the module,
 * the unit tests and the cross-check against objdump.
 */
#ifndef CR3STAT_SCAN_H
#define CR3STAT_SCAN_H

#include "pure.h"

/* Text is read in chunks of this size... */
#define CR3STAT_SCAN_CHUNK	4096
/* ...with one byte before them (a REX prefix) and two after (22 /3). */
#define CR3STAT_SCAN_BEHIND	1
#define CR3STAT_SCAN_AHEAD	2
#define CR3STAT_SCAN_BUF	(CR3STAT_SCAN_BEHIND + CR3STAT_SCAN_CHUNK + \
				 CR3STAT_SCAN_AHEAD)

/**
 * struct cr3stat_scan_ops - what the scanner needs from its caller
 * @read: copy @len bytes of text at @addr to @buf; 0, or -errno when they
 *	cannot be had (the chunk is then skipped)
 * @site: is @addr the start of a MOV to CR3?  Return 1 if it is (the
 *	caller records it), 0 if not.  The caller decides, with whatever
 *	knows where instructions begin: kprobes and the decoder in the
 *	module, objdump's view in the cross-check, a table in unit tests.
 * @arg: passed to both
 */
struct cr3stat_scan_ops {
	int (*read)(void *arg, unsigned long addr, unsigned char *buf,
		    size_t len);
	int (*site)(void *arg, unsigned long addr);
	void *arg;
};

unsigned int cr3stat_scan_chunk(const unsigned char *buf, size_t len,
				size_t from, size_t to, unsigned long base,
				const struct cr3stat_scan_ops *ops);
unsigned int cr3stat_scan_text(unsigned long start, unsigned long end,
			       unsigned char *buf,
			       const struct cr3stat_scan_ops *ops);

#endif /* CR3STAT_SCAN_H */
