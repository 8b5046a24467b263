// SPDX-License-Identifier: GPL-2.0
/*
 * Parser for the msr_watch file.  Pure C: it is also built into the
 * userspace unit tests.
 */
#include "pure.h"
#include "msr_parse.h"

static int is_sep(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == ',';
}

/* One MSR index: 0x-prefixed hex or decimal, at most 32 bits. */
static int parse_msr(const char *s, size_t len, unsigned int *msr)
{
	unsigned long long v = 0;
	unsigned int base = 10;
	size_t i = 0;

	if (len > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		i = 2;
	}
	if (i == len)
		return -EINVAL;
	for (; i < len; i++) {
		unsigned int d;

		if (s[i] >= '0' && s[i] <= '9')
			d = s[i] - '0';
		else if (base == 16 && s[i] >= 'a' && s[i] <= 'f')
			d = s[i] - 'a' + 10;
		else if (base == 16 && s[i] >= 'A' && s[i] <= 'F')
			d = s[i] - 'A' + 10;
		else
			return -EINVAL;
		v = v * base + d;
		if (v > 0xffffffffULL)
			return -EINVAL;
	}
	*msr = (unsigned int)v;
	return 0;
}

/**
 * cr3stat_parse_msr_list() - parse a watch list
 * @buf: NUL-terminated list of MSR indices (hex with 0x, or decimal),
 *	 separated by blanks, commas or newlines; or "none"
 * @msrs: CR3STAT_MSR_WATCH_MAX slots, filled only on success
 *
 * Return: the number of MSRs (0 for "none"), or -EINVAL for anything
 * else: an empty list, a bad number, a duplicate, more than
 * CR3STAT_MSR_WATCH_MAX entries.
 */
int cr3stat_parse_msr_list(const char *buf, unsigned int *msrs)
{
	unsigned int tmp[CR3STAT_MSR_WATCH_MAX];
	const char *p = buf;
	int n = 0, none = 0, i;

	for (;;) {
		const char *tok;
		size_t len;

		while (*p && is_sep(*p))
			p++;
		if (!*p)
			break;
		tok = p;
		while (*p && !is_sep(*p))
			p++;
		len = p - tok;
		if (len == 4 && !strncmp(tok, "none", 4)) {
			none++;
			continue;
		}
		if (n == CR3STAT_MSR_WATCH_MAX || parse_msr(tok, len, &tmp[n]))
			return -EINVAL;
		for (i = 0; i < n; i++) {
			if (tmp[i] == tmp[n])
				return -EINVAL;
		}
		n++;
	}
	if (none)
		return none == 1 && !n ? 0 : -EINVAL;
	if (!n)
		return -EINVAL;
	memcpy(msrs, tmp, n * sizeof(*tmp));
	return n;
}
