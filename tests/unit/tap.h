/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Minimal KTAP output for the userspace unit tests: a version line, then
 * "ok N - desc" lines ("# SKIP reason" on a test that does not apply), a
 * plan at the end, exit status 1 on any failure.
 */
#ifndef CR3STAT_TAP_H
#define CR3STAT_TAP_H

#include <stdarg.h>
#include <stdio.h>

static int tap_n, tap_failed;

/* The version line comes first, before any diagnostic. */
__attribute__((constructor)) static void tap_version(void)
{
	puts("KTAP version 1");
}

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

/* A test that does not apply here, and why: not a pass. */
static inline void skip(const char *reason, const char *desc)
{
	printf("ok %d - %s # SKIP %s\n", ++tap_n, desc, reason);
}

/* A test input with its newlines and tabs made visible, for descriptions. */
static inline const char *tap_esc(const char *s)
{
	static char buf[64];
	size_t i = 0;

	for (; *s && i < sizeof(buf) - 3; s++) {
		if (*s == '\n' || *s == '\t') {
			buf[i++] = '\\';
			buf[i++] = *s == '\n' ? 'n' : 't';
		} else {
			buf[i++] = *s;
		}
	}
	buf[i] = '\0';
	return buf;
}

static int done_testing(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}

#endif /* CR3STAT_TAP_H */
