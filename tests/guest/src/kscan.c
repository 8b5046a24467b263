// SPDX-License-Identifier: GPL-2.0
/*
 * kscan - list every offset in a range of kernel memory, read through
 * /proc/kcore, where a MOV to CR3 could start if an instruction started
 * there: 0f 22 /3, behind a REX prefix without REX.R (40-43, 48-4b) or
 * not.  Such a byte before 0f 22 /3 gives both offsets: it may be a REX
 * prefix or the end of the instruction before, and telling which takes a
 * decoder.  The tests keep the offsets that kprobe_events accepts (the
 * kernel's decoder: an instruction boundary), independently of cr3stat's
 * scanner, which tries the REX reading first.  With -r, each offset is
 * followed by the source register as kprobe_events names it (ax, di,
 * r12, ...): the value the instruction writes.
 *
 * usage: kscan [-r] START END   (hex addresses)
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "kcore.h"

static const char *const regs[16] = {
	"ax", "cx", "dx", "bx", "sp", "bp", "si", "di",
	"r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15",
};

int main(int argc, char **argv)
{
	unsigned long addr, end;
	unsigned char *buf;
	size_t len, i;
	int fd, with_reg = 0;

	if (argc == 4 && !strcmp(argv[1], "-r")) {
		with_reg = 1;
		argv++;
		argc--;
	}
	if (argc != 3) {
		fprintf(stderr, "usage: kscan [-r] START END\n");
		return 2;
	}
	addr = strtoul(argv[1], NULL, 16);
	end = strtoul(argv[2], NULL, 16);
	if (end <= addr || end - addr > (1UL << 20)) {
		fprintf(stderr, "kscan: bad range\n");
		return 2;
	}
	len = end - addr;
	buf = malloc(len);
	fd = open("/proc/kcore", O_RDONLY);
	if (!buf || fd < 0 || kread(fd, addr, buf, len)) {
		perror("kscan");
		return 1;
	}
	for (i = 0; i + 3 <= len; i++) {
		const unsigned char *p = buf + i;
		int rex = 0;

		if ((p[0] & 0xf4) == 0x40 && i + 4 <= len) {
			rex = p[0];
			p++;
		}
		if (p[0] != 0x0f || p[1] != 0x22 || ((p[2] >> 3) & 7) != 3)
			continue;
		printf("%zx", i);
		/* ModRM.rm, extended by REX.B, is the source register. */
		if (with_reg)
			printf(" %s", regs[(p[2] & 7) | (rex & 1 ? 8 : 0)]);
		putchar('\n');
	}
	return 0;
}
