// SPDX-License-Identifier: GPL-2.0
/*
 * pingpong - N round trips of one byte between two processes over pipes,
 * both pinned to one CPU, so that every round trip is two context switches
 * between two different mms on that CPU.
 *
 * usage: pingpong CPU N
 */
#define _GNU_SOURCE
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>
#include "onecpu.h"

int main(int argc, char **argv)
{
	int ab[2], ba[2], status;
	long n;
	pid_t pid;

	if (argc != 3) {
		fprintf(stderr, "usage: pingpong CPU N\n");
		return 2;
	}
	n = atol(argv[2]);
	pin(atoi(argv[1]));
	if (pipe(ab) || pipe(ba)) {
		perror("pipe");
		return 2;
	}
	pid = fork();
	if (pid < 0) {
		perror("fork");
		return 2;
	}
	if (!pid) {
		token_pass(ab[0], ba[1], n, 0);
		_exit(0);
	}
	token_pass(ba[0], ab[1], n, 1);
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status))
		return 1;
	return 0;
}
