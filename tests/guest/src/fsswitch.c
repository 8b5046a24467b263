// SPDX-License-Identifier: GPL-2.0
/*
 * fsswitch - N round trips between two threads of one process pinned to
 * one CPU.  Each thread has its own TLS, so its own FS base: without
 * FSGSBASE (nofsgsbase) the kernel loads FS_BASE with wrmsr on every
 * switch between them.
 *
 * usage: fsswitch CPU N
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static int ab[2], ba[2];
static long rounds;

static void *echo_thread(void *arg)
{
	char c;
	long i;

	(void)arg;
	for (i = 0; i < rounds; i++) {
		if (read(ab[0], &c, 1) != 1 || write(ba[1], &c, 1) != 1)
			exit(3);
	}
	return NULL;
}

int main(int argc, char **argv)
{
	cpu_set_t set;
	pthread_t t;
	char c = 'x';
	long i;

	if (argc != 3) {
		fprintf(stderr, "usage: fsswitch CPU N\n");
		return 2;
	}
	rounds = atol(argv[2]);
	CPU_ZERO(&set);
	CPU_SET(atoi(argv[1]), &set);
	if (sched_setaffinity(0, sizeof(set), &set) || pipe(ab) || pipe(ba)) {
		perror("fsswitch");
		return 2;
	}
	/* The thread inherits the affinity. */
	if (pthread_create(&t, NULL, echo_thread, NULL))
		return 2;
	for (i = 0; i < rounds; i++) {
		if (write(ab[1], &c, 1) != 1 || read(ba[0], &c, 1) != 1)
			return 3;
	}
	return pthread_join(t, NULL) ? 1 : 0;
}
