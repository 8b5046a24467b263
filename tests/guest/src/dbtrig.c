// SPDX-License-Identifier: GPL-2.0
/*
 * dbtrig - raise a known number of #DB exceptions with a perf hardware
 * breakpoint, and print how many the breakpoint event itself counted.
 *
 *   dbtrig user N          a write watchpoint on a user variable, written
 *                          N times: N #DBs from user mode
 *   dbtrig kernel ADDR N   an execute breakpoint on a kernel function
 *                          (hex ADDR, e.g. __x64_sys_getppid) for this
 *                          task, then N getppid(): N #DBs from kernel mode
 */
#include <linux/hw_breakpoint.h>
#include <linux/perf_event.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static long target;

int main(int argc, char **argv)
{
	struct perf_event_attr attr;
	int kernel, fd;
	uint64_t count;
	long i, n;

	if (argc < 3) {
		fprintf(stderr, "usage: dbtrig user N | dbtrig kernel ADDR N\n");
		return 2;
	}
	kernel = !strcmp(argv[1], "kernel");
	n = atol(argv[kernel ? 3 : 2]);

	memset(&attr, 0, sizeof(attr));
	attr.type = PERF_TYPE_BREAKPOINT;
	attr.size = sizeof(attr);
	attr.sample_period = 1;
	if (kernel) {
		attr.bp_type = HW_BREAKPOINT_X;
		attr.bp_addr = strtoull(argv[2], NULL, 16);
		attr.bp_len = sizeof(long);
		attr.exclude_user = 1;
	} else {
		attr.bp_type = HW_BREAKPOINT_W;
		attr.bp_addr = (uintptr_t)&target;
		attr.bp_len = HW_BREAKPOINT_LEN_8;
		attr.exclude_kernel = 1;
	}
	fd = syscall(SYS_perf_event_open, &attr, 0, -1, -1, 0);
	if (fd < 0) {
		perror("perf_event_open");
		return 1;
	}
	for (i = 0; i < n; i++) {
		if (kernel) {
			syscall(SYS_getppid);
		} else {
			target = i;
			/* Each store must happen: the barrier may read it. */
			__asm__ __volatile__("" : : : "memory");
		}
	}
	if (read(fd, &count, sizeof(count)) != sizeof(count))
		return 1;
	printf("%llu\n", (unsigned long long)count);
	return 0;
}
