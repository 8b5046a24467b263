// SPDX-License-Identifier: GPL-2.0
/*
 * entries - enter the kernel from user mode a known number of times.
 *
 * usage: entries syscalls N   N getppid() system calls
 *        entries faults N     touch N fresh pages of an anonymous mapping:
 *                             N page faults from user mode
 *        entries msr CPU MSR  print an MSR read through /dev/cpu/CPU/msr
 *                             (hex; the msr module must be loaded)
 *        entries time CMD...  run CMD, print its wall time in ns (under
 *                             QEMU -icount shift=0: guest instructions)
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int msr_read(const char *cpu, const char *msr)
{
	char path[64];
	uint64_t v;
	int fd;

	snprintf(path, sizeof(path), "/dev/cpu/%s/msr", cpu);
	fd = open(path, O_RDONLY);
	if (fd < 0 ||
	    pread(fd, &v, sizeof(v), strtoul(msr, NULL, 16)) != sizeof(v)) {
		perror(path);
		return 1;
	}
	printf("%llx\n", (unsigned long long)v);
	return 0;
}

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int time_cmd(char **cmd)
{
	long long t0 = now_ns();
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		execv(cmd[0], cmd);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) < 0)
		return 1;
	printf("%lld\n", now_ns() - t0);
	return !WIFEXITED(status) || WEXITSTATUS(status);
}

int main(int argc, char **argv)
{
	long i, n;
	long page = sysconf(_SC_PAGESIZE);
	char *p;

	if (argc >= 3 && !strcmp(argv[1], "time"))
		return time_cmd(argv + 2);
	if (argc == 4 && !strcmp(argv[1], "msr"))
		return msr_read(argv[2], argv[3]);
	if (argc != 3) {
		fprintf(stderr, "usage: entries syscalls|faults N\n");
		return 2;
	}
	n = atol(argv[2]);
	if (!strcmp(argv[1], "syscalls")) {
		/* syscall(2), not getppid(3): no libc may cache the answer. */
		for (i = 0; i < n; i++)
			syscall(SYS_getppid);
		return 0;
	}
	if (!strcmp(argv[1], "faults")) {
		p = mmap(NULL, n * page, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED) {
			perror("mmap");
			return 1;
		}
		/* The barrier keeps the compiler from dropping a store. */
		for (i = 0; i < n; i++) {
			p[i * page] = 1;
			__asm__ __volatile__("" : : : "memory");
		}
		return 0;
	}
	fprintf(stderr, "entries: unknown mode %s\n", argv[1]);
	return 2;
}
