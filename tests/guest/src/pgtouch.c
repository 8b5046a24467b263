// SPDX-License-Identifier: GPL-2.0
/*
 * pgtouch - page-fault heavy work: ROUNDS times, map MB megabytes of
 * anonymous memory, write one byte per page and unmap it (a TLB flush of
 * the whole range).  Transparent huge pages are refused for the range, so
 * that every page is one fault.
 *
 * usage: pgtouch MB ROUNDS
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long page = sysconf(_SC_PAGESIZE), r, rounds;
	size_t len, off;
	char *p;

	if (argc != 3) {
		fprintf(stderr, "usage: pgtouch MB ROUNDS\n");
		return 2;
	}
	len = (size_t)atol(argv[1]) << 20;
	rounds = atol(argv[2]);
	for (r = 0; r < rounds; r++) {
		p = mmap(NULL, len, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED) {
			perror("mmap");
			return 1;
		}
		if (madvise(p, len, MADV_NOHUGEPAGE)) {
			perror("madvise");
			return 1;
		}
		for (off = 0; off < len; off += page)
			p[off] = 1;
		munmap(p, len);
	}
	return 0;
}
