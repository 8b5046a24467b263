// SPDX-License-Identifier: GPL-2.0
/*
 * spin - burn CPU in user mode on one CPU, making no system call at all,
 * until SIGALRM ends it after a number of seconds (or it is killed).
 *
 * usage: spin CPU SECONDS
 */
#define _GNU_SOURCE
#include "onecpu.h"

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: spin CPU SECONDS\n");
		return 2;
	}
	pin(atoi(argv[1]));
	/* SIGALRM's default action ends the process. */
	alarm(atoi(argv[2]));
	for (;;)
		;
}
