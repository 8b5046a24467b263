// SPDX-License-Identifier: GPL-2.0
/*
 * wrmsrs - list every WRMSR byte pattern (0f 30) in the core kernel text
 * (_text to _etext, read through /proc/kcore) as "ADDRESS SYMBOL+0xOFF",
 * from /proc/kallsyms.  The host uses the list to name the WRMSR addresses
 * the accuracy oracle reports; a pattern inside another instruction is
 * listed too, but the oracle only reports real instructions.
 *
 * usage: wrmsrs
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "kcore.h"

struct sym {
	unsigned long addr;
	char name[128];
};

static struct sym *syms;
static size_t nsyms;

static int cmp(const void *a, const void *b)
{
	const struct sym *x = a, *y = b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

/* Text symbols of the core kernel, sorted; _text and _etext returned. */
static int read_syms(unsigned long *text, unsigned long *etext)
{
	char line[512], type, name[128], mod[128];
	size_t cap = 0;
	unsigned long a;
	FILE *f = fopen("/proc/kallsyms", "r");

	if (!f)
		return -1;
	*text = *etext = 0;
	while (fgets(line, sizeof(line), f)) {
		int n = sscanf(line, "%lx %c %127s %127s", &a, &type, name, mod);

		if (n != 3 || (type != 't' && type != 'T'))
			continue;
		if (!strcmp(name, "_text"))
			*text = a;
		if (!strcmp(name, "_etext"))
			*etext = a;
		if (nsyms == cap) {
			cap = cap ? 2 * cap : 65536;
			syms = realloc(syms, cap * sizeof(*syms));
			if (!syms)
				return -1;
		}
		syms[nsyms].addr = a;
		snprintf(syms[nsyms].name, sizeof(syms[nsyms].name), "%s", name);
		nsyms++;
	}
	fclose(f);
	qsort(syms, nsyms, sizeof(*syms), cmp);
	return *text && *etext > *text ? 0 : -1;
}

int main(void)
{
	unsigned long text, etext;
	unsigned char *buf;
	size_t len, i, lo, hi;
	int fd;

	if (read_syms(&text, &etext)) {
		fprintf(stderr, "wrmsrs: cannot read /proc/kallsyms\n");
		return 1;
	}
	len = etext - text;
	buf = malloc(len);
	fd = open("/proc/kcore", O_RDONLY);
	if (!buf || fd < 0 || kread(fd, text, buf, len)) {
		perror("wrmsrs: /proc/kcore");
		return 1;
	}
	for (i = 0; i + 2 <= len; i++) {
		if (buf[i] != 0x0f || buf[i + 1] != 0x30)
			continue;
		/* The last symbol at or below the address. */
		lo = 0;
		hi = nsyms;
		while (hi - lo > 1) {
			size_t mid = (lo + hi) / 2;

			if (syms[mid].addr <= text + i)
				lo = mid;
			else
				hi = mid;
		}
		printf("%lx %s+0x%lx\n", text + i, syms[lo].name,
		       text + i - syms[lo].addr);
	}
	return 0;
}
