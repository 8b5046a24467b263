// SPDX-License-Identifier: GPL-2.0
/*
 * spin - burn CPU in user mode on one CPU, making no system call at all,
 * until SIGALRM ends it after a number of seconds (or it is killed).
 *
 * usage: spin CPU SECONDS
 */
#define _GNU_SOURCE
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	cpu_set_t set;

	if (argc != 3) {
		fprintf(stderr, "usage: spin CPU SECONDS\n");
		return 2;
	}
	CPU_ZERO(&set);
	CPU_SET(atoi(argv[1]), &set);
	if (sched_setaffinity(0, sizeof(set), &set)) {
		perror("sched_setaffinity");
		return 2;
	}
	/* SIGALRM's default action ends the process. */
	alarm(atoi(argv[2]));
	for (;;)
		;
}
