// SPDX-License-Identifier: GPL-2.0
/*
 * Parser for the groups file and module parameter.  Pure C: it is also
 * built into the userspace unit tests.
 */
#include "pure.h"
#include "items.h"
#include "groups_parse.h"

#define GROUP_ALL ((1UL << NR_CR3STAT_GROUPS) - 1)

static int is_sep(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == ',';
}

/* The bit(s) a group name stands for, or 0 when it names nothing. */
static unsigned long group_bits(const char *name, size_t len,
				unsigned long avail)
{
	unsigned int i;

	if (len == 3 && !strncmp(name, "all", 3))
		return GROUP_ALL & avail;
	for (i = 0; i < NR_CR3STAT_GROUPS; i++) {
		if (strlen(cr3stat_groups[i].name) == len &&
		    !strncmp(cr3stat_groups[i].name, name, len))
			return 1UL << i;
	}
	return 0;
}

/**
 * cr3stat_parse_groups() - apply a groups request to a set of groups
 * @buf: NUL-terminated request; tokens separated by blanks, commas or newlines
 * @cur: the current set, one bit per &enum cr3stat_group_id
 * @avail: the groups this kernel can attach
 * @out: where the resulting set is stored, only on success
 *
 * A request is either a list of edits ("+ctxsw -flush": turn on, turn off)
 * applied to @cur, or a list of bare names ("ctxsw flush") that replaces
 * it; "all" names every available group and "none" alone is the empty
 * set.  Mixing the two forms, unknown names and empty requests are
 * rejected as a whole; so is a request that turns on a group this kernel
 * cannot attach.  Turning such a group off is allowed (it is off).
 *
 * Return: 0 on success, -EINVAL if @buf does not parse, -EOPNOTSUPP if it
 * asks for a group outside @avail.
 */
int cr3stat_parse_groups(const char *buf, unsigned long cur,
			 unsigned long avail, unsigned long *out)
{
	unsigned long set = 0, add = 0, del = 0;
	int ntok = 0, nbare = 0, none = 0;
	const char *p = buf;

	for (;;) {
		const char *tok;
		unsigned long bits;
		size_t len;
		char op = 0;

		while (*p && is_sep(*p))
			p++;
		if (!*p)
			break;
		if (*p == '+' || *p == '-')
			op = *p++;
		tok = p;
		while (*p && !is_sep(*p))
			p++;
		len = p - tok;
		ntok++;

		if (!op && len == 4 && !strncmp(tok, "none", 4)) {
			none = 1;
			continue;
		}
		bits = group_bits(tok, len, avail);
		if (!bits)
			return -EINVAL;
		if (op == '+') {
			add |= bits;
		} else if (op == '-') {
			del |= bits;
		} else {
			set |= bits;
			nbare++;
		}
	}

	if (!ntok || (none && ntok > 1))
		return -EINVAL;
	if (nbare && nbare != ntok)
		return -EINVAL;
	/* An edit list names each group at most once in one direction. */
	if (add & del)
		return -EINVAL;
	if ((set | add) & ~avail)
		return -EOPNOTSUPP;
	if (none) {
		*out = 0;
		return 0;
	}
	if (nbare) {
		*out = set;
		return 0;
	}
	*out = (cur | add) & ~del;
	return 0;
}
