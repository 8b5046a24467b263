// SPDX-License-Identifier: GPL-2.0
/*
 * uflush - workloads whose deferred user-ASID flushes follow from the
 * kernel's code, each measured from inside: the process reads cr3stat's
 * counter for its own CPU just before and just after the loop and prints
 * the difference, so that its own start and exit are not in it.
 *
 * usage: uflush madv CPU N PAGES   N rounds of madvise(MADV_DONTNEED) on
 *                                  PAGES populated pages, touched again
 *        uflush ring CPU K N       K processes pass a token round a pipe
 *                                  ring N times, all on CPU
 *
 * madv: more than 33 pages (tlb_single_page_flush_ceiling) make each
 * round a full local flush of the task's own mm (native_flush_tlb_local,
 * which defers the user ASID's flush), then one return to user mode from
 * madvise() that consumes it: N flushes.  At most 33 pages are flushed
 * one by one (native_flush_tlb_one_user): with INVPCID at once, 0
 * deferred; without, one deferred flush per round: N.  Touching the pages
 * again faults fresh ones in, which flushes nothing.
 *
 * ring: with more mms than the kernel's 6 dynamic ASIDs per CPU, each
 * switch to the next process allocates an ASID round-robin and so needs a
 * flush (a CR3 write without NOFLUSH, and the user ASID deferred) that its
 * return to user mode consumes; with 6 or fewer, every mm keeps its ASID
 * and, after the first round, no switch flushes.  Here the counts are
 * bounded, not exact: bits pending when the window opens or closes (at
 * most one per ASID), and the local flushes of the exiting members.
 *
 * Output: "COUNTER DELTA" lines, COUNTER's cpuCPU column, for
 * pti_user_flushes, ctxsw_cr3_writes, ctxsw_cr3_noflush and
 * flush_cr3_writes ("NA" when a counter is missing or unsupported).
 */
#define _GNU_SOURCE
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
#include "onecpu.h"

#define COUNTERS "/sys/kernel/debug/cr3stat/counters"
#define PAGE 4096

static const char *const names[] = {
	"pti_user_flushes", "ctxsw_cr3_writes", "ctxsw_cr3_noflush",
	"flush_cr3_writes",
};
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define NR_NAMES ARRAY_SIZE(names)

/* The cpuCPU column of each counter in names[]; -1 when not a number. */
static void snap(int cpu, long long *v)
{
	char line[4096], col[32], *tok, *save;
	int want = -1, i, c;
	unsigned int n;
	FILE *f;

	for (n = 0; n < NR_NAMES; n++)
		v[n] = -1;
	f = fopen(COUNTERS, "r");
	if (!f) {
		perror(COUNTERS);
		exit(2);
	}
	snprintf(col, sizeof(col), "cpu%d", cpu);
	for (i = 0; fgets(line, sizeof(line), f); i++) {
		char *name = NULL;

		for (c = 0, tok = strtok_r(line, " \t\n", &save); tok;
		     c++, tok = strtok_r(NULL, " \t\n", &save)) {
			if (i == 0 && !strcmp(tok, col))
				want = c;
			if (i > 0 && c == 0)
				name = tok;
			if (i > 0 && c == want && name)
				for (n = 0; n < NR_NAMES; n++)
					if (!strcmp(name, names[n]) &&
					    tok[0] >= '0' && tok[0] <= '9')
						v[n] = atoll(tok);
		}
	}
	fclose(f);
}

static void report(const long long *a, const long long *b)
{
	unsigned int n;

	for (n = 0; n < NR_NAMES; n++)
		if (a[n] < 0 || b[n] < 0)
			printf("%s NA\n", names[n]);
		else
			printf("%s %lld\n", names[n], b[n] - a[n]);
}

static int madv(int cpu, long n, long pages)
{
	long long a[NR_NAMES], b[NR_NAMES];
	size_t len = (size_t)pages * PAGE;
	char *p;
	long i, j;

	pin(cpu);
	p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		perror("mmap");
		return 2;
	}
	for (j = 0; j < pages; j++)
		p[j * PAGE] = 1;
	snap(cpu, a);
	for (i = 0; i < n; i++) {
		if (madvise(p, len, MADV_DONTNEED)) {
			perror("madvise");
			return 2;
		}
		for (j = 0; j < pages; j++)
			p[j * PAGE] = 1;
	}
	snap(cpu, b);
	report(a, b);
	return 0;
}

static int ring(int cpu, int k, long n)
{
	long long a[NR_NAMES], b[NR_NAMES];
	int fds[64][2], i, status, bad = 0, go[2];
	pid_t pid[64];
	char c;

	if (k < 2 || k > 64)
		return 2;
	pin(cpu);
	for (i = 0; i < k; i++)
		if (pipe(fds[i]))
			return 2;
	if (pipe(go))
		return 2;
	/* Member i reads pipe i and writes pipe i+1; all wait for "go". */
	for (i = 0; i < k; i++) {
		pid[i] = fork();
		if (pid[i] < 0)
			return 2;
		if (!pid[i]) {
			/* End of file on "go" (its writer closed) is the start. */
			close(go[1]);
			if (read(go[0], &c, 1) < 0)
				_exit(3);
			token_pass(fds[i][0], fds[(i + 1) % k][1], n, i == 0);
			_exit(0);
		}
	}
	close(go[0]);
	snap(cpu, a);
	/* Closing "go" starts them all; then wait for every one. */
	close(go[1]);
	for (i = 0; i < k; i++) {
		waitpid(pid[i], &status, 0);
		bad |= !WIFEXITED(status) || WEXITSTATUS(status);
	}
	snap(cpu, b);
	report(a, b);
	return bad ? 3 : 0;
}

int main(int argc, char **argv)
{
	if (argc == 5 && !strcmp(argv[1], "madv"))
		return madv(atoi(argv[2]), atol(argv[3]), atol(argv[4]));
	if (argc == 5 && !strcmp(argv[1], "ring"))
		return ring(atoi(argv[2]), atoi(argv[3]), atol(argv[4]));
	fprintf(stderr, "usage: uflush madv CPU N PAGES | ring CPU K N\n");
	return 2;
}
