// SPDX-License-Identifier: GPL-2.0
/*
 * forkexec - fork and exec /bin/true N times, one after the other: a
 * known number of new mms, execs and exits.
 *
 * usage: forkexec N
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long i, n;

	if (argc != 2) {
		fprintf(stderr, "usage: forkexec N\n");
		return 2;
	}
	n = atol(argv[1]);
	for (i = 0; i < n; i++) {
		int status;
		pid_t pid = fork();

		if (pid < 0)
			return 1;
		if (!pid) {
			execl("/bin/true", "true", (char *)NULL);
			_exit(127);
		}
		if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
		    WEXITSTATUS(status))
			return 1;
	}
	return 0;
}
