// SPDX-License-Identifier: GPL-2.0
/*
 * tpkey - is anything probing a tracepoint?  An observer of the kernel's
 * own state, independent of cr3stat: for each tracepoint NAME, the
 * "enabled" count of its static key (struct tracepoint { name; key; ... },
 * the key's atomic_t first, at offset 8 in 6.1 to 7.3), read through
 * /proc/kcore at __tracepoint_NAME.  The kernel turns the key on with the
 * first probe and off with the last, so 0 means no probe at all.
 *
 * usage: tpkey NAME...   prints "NAME COUNT" per tracepoint
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "kcore.h"

#define KEY_OFFSET 8

/* The address of a kernel symbol, from /proc/kallsyms; 0 if none. */
static unsigned long ksym(const char *name)
{
	char line[512], sym[256], type;
	unsigned long addr;
	FILE *f = fopen("/proc/kallsyms", "r");

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%lx %c %255s", &addr, &type, sym) == 3 &&
		    !strcmp(sym, name)) {
			fclose(f);
			return addr;
		}
	}
	fclose(f);
	return 0;
}

int main(int argc, char **argv)
{
	int fd = open("/proc/kcore", O_RDONLY);
	int i, rc = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: tpkey NAME...\n");
		return 2;
	}
	if (fd < 0) {
		perror("tpkey: /proc/kcore");
		return 1;
	}
	for (i = 1; i < argc; i++) {
		char sym[256];
		unsigned long addr;
		int enabled;

		snprintf(sym, sizeof(sym), "__tracepoint_%s", argv[i]);
		addr = ksym(sym);
		if (!addr || kread(fd, addr + KEY_OFFSET,
				   (unsigned char *)&enabled, sizeof(enabled))) {
			fprintf(stderr, "tpkey: cannot read %s\n", sym);
			rc = 1;
			continue;
		}
		printf("%s %d\n", argv[i], enabled);
	}
	return rc;
}
