// SPDX-License-Identifier: GPL-2.0
/*
 * acc - run a command inside an accuracy window: cr3stat's counters are
 * read just inside the two marker instructions that the QEMU plugin
 * tests/oracle/cr3oracle.so counts between, so both observers cover the
 * same stretch of execution.
 *
 *   acc LABEL -- CMD [ARGS...]
 *
 * In this one process, with no exec in between: counters (A), the start
 * marker, counters (B); if an exact counter moved from A to B, an event
 * landed between the read and the marker, so it starts again (the plugin
 * zeroes its counts on every start marker).  Then CMD runs (fork, exec,
 * wait).  Then counters (C), the end marker, counters (D); if an exact
 * counter moved from C to D the end marker is executed again: the plugin
 * then closes one more window, counted from the same start.  So every
 * exact counter's B and C are its values at the two markers.
 *
 * The counts of markers this boot are kept in /tmp/acc.seq, so acc knows
 * the number the plugin gives its window (one per end marker).  Printed
 * to stdout after the window, for the host (tests/oracle/compare):
 *
 *   @@acc LABEL window N starts S begin-tries T end-tries U exit X stable Y
 *   @@acc LABEL snap A     then the counters file as read, B, C, D alike
 *   @@acc LABEL done
 *
 * Group pti is left out of the A/B and C/D checks: its exact counters
 * count this process's own reads (each one a system call).
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define COUNTERS "/sys/kernel/debug/cr3stat/counters"
#define SEQ "/tmp/acc.seq"
#define SNAP_MAX (1 << 16)
#define TRIES 50

/* The markers the plugin looks for: see tests/oracle/cr3oracle.c. */
static inline void mark_start(void)
{
	asm volatile(".byte 0x0f, 0x1f, 0x84, 0x00, 'C', 'R', '3', '<'"
		     ::: "memory");
}

static inline void mark_end(void)
{
	asm volatile(".byte 0x0f, 0x1f, 0x84, 0x00, 'C', 'R', '3', '>'"
		     ::: "memory");
}

static int fd;

/*
 * The whole counters file, in one system call: a seq_file read at offset
 * 0 starts over, and a short read means the end (the file is one record).
 */
static void snap(char *buf)
{
	ssize_t r = pread(fd, buf, SNAP_MAX - 1, 0);

	if (r < 0 || r == SNAP_MAX - 1) {
		fprintf(stderr, "acc: cannot read %s whole\n", COUNTERS);
		exit(1);
	}
	buf[r] = 0;
}

/*
 * Do the exact counters, pti's excepted, read the same in a and b?  Rows
 * are "counter group kind total cpu0 ...", in the same order every time.
 */
static int same(const char *a, const char *b)
{
	while (*a || *b) {
		size_t la = strcspn(a, "\n"), lb = strcspn(b, "\n");
		char name[64], group[32], kind[32];

		if (sscanf(a, "%63s %31s %31s", name, group, kind) != 3)
			return 0;
		if (!strcmp(kind, "exact") && strcmp(group, "pti") &&
		    (la != lb || memcmp(a, b, la)))
			return 0;
		a += la + (a[la] == '\n');
		b += lb + (b[lb] == '\n');
	}
	return 1;
}

int main(int argc, char **argv)
{
	static char s[4][SNAP_MAX];
	unsigned long starts = 0, ends = 0;
	int bt = 0, et = 0, status, i;
	const char *label;
	FILE *f;
	pid_t pid;

	if (argc < 4 || strcmp(argv[2], "--")) {
		fprintf(stderr, "usage: acc LABEL -- CMD [ARGS...]\n");
		return 2;
	}
	label = argv[1];
	f = fopen(SEQ, "r");
	if (f) {
		if (fscanf(f, "%lu %lu", &starts, &ends) != 2)
			starts = ends = 0;
		fclose(f);
	}
	fd = open(COUNTERS, O_RDONLY);
	if (fd < 0) {
		perror(COUNTERS);
		return 1;
	}
	/* Nothing buffered may be duplicated by fork. */
	fflush(NULL);

	do {
		snap(s[0]);
		mark_start();
		starts++;
		snap(s[1]);
	} while (!same(s[0], s[1]) && ++bt < TRIES);

	pid = fork();
	if (pid < 0) {
		perror("fork");
		return 1;
	}
	if (!pid) {
		execvp(argv[3], argv + 3);
		perror(argv[3]);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) != pid)
		status = -1;

	do {
		snap(s[2]);
		mark_end();
		ends++;
		snap(s[3]);
	} while (!same(s[2], s[3]) && ++et < TRIES);

	f = fopen(SEQ, "w");
	if (f) {
		fprintf(f, "%lu %lu\n", starts, ends);
		fclose(f);
	}
	printf("@@acc %s window %lu starts %lu begin-tries %d end-tries %d exit %d stable %s\n",
	       label, ends, starts, bt + 1, et + 1,
	       WIFEXITED(status) ? WEXITSTATUS(status) : -1,
	       bt < TRIES && et < TRIES ? "yes" : "no");
	for (i = 0; i < 4; i++)
		printf("@@acc %s snap %c\n%s", label, 'A' + i, s[i]);
	printf("@@acc %s done\n", label);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
