/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Processes on one CPU: pinning, and a one-byte token passed around them
 * over pipes, each pass a context switch to another mm (pingpong, uflush,
 * spin).  Needs _GNU_SOURCE before the first include.
 */
#ifndef ONECPU_H
#define ONECPU_H

#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* Run on cpu only, from now on (exit status 2 if that is refused). */
static inline void pin(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set)) {
		perror("sched_setaffinity");
		exit(2);
	}
}

/*
 * Pass the token on n times: read it from in, write it to out; the first
 * member writes before it reads, so that the token starts moving.
 */
static inline void token_pass(int in, int out, long n, int first)
{
	char c = 't';
	long i;

	for (i = 0; i < n; i++) {
		if (first && write(out, &c, 1) != 1)
			exit(3);
		if (read(in, &c, 1) != 1)
			exit(3);
		if (!first && write(out, &c, 1) != 1)
			exit(3);
	}
}

#endif /* ONECPU_H */
