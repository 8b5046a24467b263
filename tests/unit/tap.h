/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Minimal TAP output for the userspace unit tests: "ok N - desc" lines,
 * a plan at the end, exit status 1 on any failure.
 */
#ifndef CR3STAT_TAP_H
#define CR3STAT_TAP_H

#include <stdarg.h>
#include <stdio.h>

static int tap_n, tap_failed;

static int ok(int cond, const char *fmt, ...)
{
	va_list ap;

	tap_n++;
	if (!cond)
		tap_failed++;
	printf("%sok %d - ", cond ? "" : "not ", tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	return cond;
}

static int done_testing(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}

#endif /* CR3STAT_TAP_H */
