// SPDX-License-Identifier: GPL-2.0
/*
 * kscan - list the byte patterns of MOV to CR3 (0f 22 /3, with an optional
 * REX prefix) in a range of kernel memory, read through /proc/kcore, as
 * hex offsets from ADDR.  The tests turn these candidates into sites with
 * kprobe_events, independently of cr3stat's own discovery.  With -r, each
 * offset is followed by the source register as kprobe_events names it
 * (ax, di, r12, ...): the value the instruction writes.
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
		int rex, reg;

		if (buf[i] != 0x0f || buf[i + 1] != 0x22 ||
		    (buf[i + 2] & 0x38) != 0x18)
			continue;
		rex = i > 0 && (buf[i - 1] & 0xf0) == 0x40;
		/* ModRM.rm, extended by REX.B, is the source register. */
		reg = (buf[i + 2] & 7) | (rex && (buf[i - 1] & 1) ? 8 : 0);
		printf("%zx", rex ? i - 1 : i);
		if (with_reg)
			printf(" %s", regs[reg]);
		putchar('\n');
	}
	return 0;
}
