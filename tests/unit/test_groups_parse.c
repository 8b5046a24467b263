// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the groups request parser (module/groups_parse.c).
 */
#include "tap.h"
#include "../../module/pure.h"
#include "../../module/items.h"
#include "../../module/groups_parse.h"

#define ALL ((1UL << NR_CR3STAT_GROUPS) - 1)
#define CTXSW (1UL << CR3STAT_GROUP_CTXSW)
#define OTHER (1UL << CR3STAT_GROUP_OTHER)
#define UNTOUCHED 0xdeadUL

static void accept_avail(const char *req, unsigned long cur,
			 unsigned long avail, unsigned long want)
{
	unsigned long out = UNTOUCHED;
	int err = cr3stat_parse_groups(req, cur, avail, &out);

	ok(!err && out == want,
	   "'%s' on %#lx, %#lx available, gives %#lx (got %d, %#lx)",
	   tap_esc(req), cur, avail, want, err, out);
}

static void accept(const char *req, unsigned long cur, unsigned long want)
{
	accept_avail(req, cur, ALL, want);
}

static void reject_err(const char *req, unsigned long cur,
		       unsigned long avail, int want)
{
	unsigned long out = UNTOUCHED;
	int err = cr3stat_parse_groups(req, cur, avail, &out);

	ok(err == want && out == UNTOUCHED,
	   "'%s' is %d and stores nothing (got %d)", tap_esc(req), want, err);
}

static void reject(const char *req, unsigned long cur)
{
	reject_err(req, cur, ALL, -EINVAL);
}

int main(void)
{
	char longname[300];

	accept("ctxsw", 0, CTXSW);
	accept("ctxsw\n", 0, CTXSW);
	accept("  ctxsw ,\t", 0, CTXSW);
	accept("+ctxsw", 0, CTXSW);
	accept("-ctxsw", CTXSW, 0);
	accept("-ctxsw", 0, 0);
	accept("+ctxsw", CTXSW, CTXSW);
	accept("all", 0, ALL);
	accept("+all", 0, ALL);
	accept("-all", ALL, 0);
	accept("none", ALL, 0);
	accept("none\n", CTXSW, 0);
	accept("ctxsw,ctxsw", 0, CTXSW);

	reject("", CTXSW);
	reject("\n", CTXSW);
	reject(",, ,", CTXSW);
	reject("+", CTXSW);
	reject("-", CTXSW);
	reject("nosuch", CTXSW);
	reject("+nosuch", CTXSW);
	reject("ctxs", CTXSW);
	reject("ctxsww", CTXSW);
	reject("CTXSW", CTXSW);
	reject("ctxsw +ctxsw", 0);
	reject("+ctxsw -ctxsw", 0);
	reject("none ctxsw", 0);
	reject("none none", 0);
	reject("+none", 0);
	reject("++ctxsw", 0);
	reject("ctxsw;", 0);

	/* A group this kernel cannot attach: never turned on. */
	accept_avail("all", 0, ALL & ~OTHER, ALL & ~OTHER);
	accept_avail("-other", CTXSW, ALL & ~OTHER, CTXSW);
	accept_avail("none", CTXSW, ALL & ~OTHER, 0);
	reject_err("+other", CTXSW, ALL & ~OTHER, -EOPNOTSUPP);
	reject_err("ctxsw other", CTXSW, ALL & ~OTHER, -EOPNOTSUPP);
	reject_err("other +nosuch", CTXSW, ALL & ~OTHER, -EINVAL);

	memset(longname, 'a', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	reject(longname, CTXSW);

	return done_testing();
}
