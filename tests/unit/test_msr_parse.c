// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the msr_watch parser (module/msr_parse.c).
 */
#include "tap.h"
#include "../../module/msr_parse.h"
#include "../../module/pure.h"

static void accept(const char *req, int n, const unsigned int *want)
{
	unsigned int got[CR3STAT_MSR_WATCH_MAX] = { 0 };
	int r = cr3stat_parse_msr_list(req, got);

	ok(r == n && !memcmp(got, want, n * sizeof(*got)),
	   "'%s' gives %d MSRs (got %d)", tap_esc(req), n, r);
}

static void reject(const char *req)
{
	unsigned int got[CR3STAT_MSR_WATCH_MAX] = { 7, 7, 7, 7, 7, 7, 7, 7 };
	int r = cr3stat_parse_msr_list(req, got);
	int i, untouched = 1;

	for (i = 0; i < CR3STAT_MSR_WATCH_MAX; i++)
		untouched &= got[i] == 7;
	ok(r == -EINVAL && untouched, "'%s' is -EINVAL and stores nothing",
	   tap_esc(req));
}

int main(void)
{
	static const unsigned int pasid[] = { 0xd93 };
	static const unsigned int two[] = { 0xd93, 0xc0000100 };
	static const unsigned int dec[] = { 16, 0xffffffff };
	static const unsigned int eight[] = { 1, 2, 3, 4, 5, 6, 7, 8 };

	accept("0xd93", 1, pasid);
	accept("0xD93\n", 1, pasid);
	accept("3475", 1, pasid);
	accept("0xd93 0xc0000100", 2, two);
	accept("0xd93,0xc0000100\n", 2, two);
	accept(" 16 , 0xffffffff ", 2, dec);
	accept("1 2 3 4 5 6 7 8", 8, eight);
	accept("none", 0, pasid);
	accept("none\n", 0, pasid);

	reject("");
	reject("\n");
	reject(",");
	reject("0x");
	reject("0xg1");
	reject("12a");
	reject("-1");
	reject("+5");
	reject("0x100000000");
	reject("4294967296");
	reject("0xd93 0xd93");
	reject("3475 0xd93");
	reject("1 2 3 4 5 6 7 8 9");
	reject("none 0xd93");
	reject("none none");
	reject("nonex");
	reject("0xd93;");
	return done_testing();
}
