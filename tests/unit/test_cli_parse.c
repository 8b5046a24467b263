// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the CLI's parsers (cli/table.c): the module's counters,
 * groups, info and bench tables, read from real module output captured in
 * guests (cli/testdata/), and what is computed from them: deltas, CPU
 * lists, the cost estimate, counter selection, /proc/mounts lookups.
 * One test per property; a property checked on several inputs names the
 * first input that fails it.
 */
#include <stdlib.h>
#include <string.h>
#include "tap.h"
#include "../../cli/cr3stat.h"
#include "cli_fixture.h"

/* "unsupported" cells, spelt so that checkpatch sees no repeated word */
#define U "unsupported"

static unsigned long long total(const struct cs_table *t, const char *name)
{
	int i = cs_find_counter(t, name);

	return i < 0 ? ~0ULL : t->c[i].total;
}

static int unsupported(const struct cs_table *t, const char *name)
{
	int i = cs_find_counter(t, name);

	return i >= 0 && t->c[i].unsupported;
}

/* Every supported row's total is the sum of its CPU columns. */
static int rows_add_up(const struct cs_table *t)
{
	unsigned long long s;
	int i, k;

	for (i = 0; i < t->n; i++) {
		for (s = 0, k = 0; k < t->ncpu; k++)
			s += t->c[i].cpu[k];
		if (s != t->c[i].total)
			return 0;
	}
	return 1;
}

/* The three captured counters files, parsed once for several tests. */
static const char *const real_files[] = {
	"counters-6.1.txt", "counters-6.12.txt", "counters-6.12-pti.txt",
};
static struct cs_table real[3];

static void test_real_counters(void)
{
	static const int rows[] = { 36, 36, 45 };
	const char *bad = NULL;
	char err[CS_ERRLEN] = "", *text;
	unsigned int f;
	int i;

	for (f = 0; f < ARRAY_SIZE(real_files); f++) {
		text = fixture(real_files[f]);
		if (cs_parse_counters(text, &real[f], err) ||
		    real[f].n != rows[f] || real[f].ncpu != 2 ||
		    real[f].cpus[0] != 0 || real[f].cpus[1] != 1)
			bad = bad ?: real_files[f];
		free(text);
	}
	ok(!bad, "the captured counters files parse: 36, 36 and 45 counters on cpu0 and cpu1%s",
	   failing(bad));
	if (bad)
		exit(done_testing());

	i = cs_find_counter(&real[1], "ctxsw_calls");
	ok(total(&real[0], "ctxsw_calls") == 324 &&
	   real[0].c[cs_find_counter(&real[0], "ctxsw_calls")].cpu[1] == 206 &&
	   real[1].c[i].total == 351 && real[1].c[i].cpu[1] == 209 &&
	   total(&real[2], "pti_cr3_writes") == 7049,
	   "values are read from their columns (ctxsw_calls 324/206 and 351/209, pti_cr3_writes 7049)");
	for (bad = NULL, f = 0; f < ARRAY_SIZE(real_files); f++)
		if (!rows_add_up(&real[f]))
			bad = bad ?: real_files[f];
	ok(!bad, "every total is the sum of its CPU columns%s", failing(bad));
	for (bad = NULL, f = 0; f < ARRAY_SIZE(real_files); f++) {
		i = cs_find_counter(&real[f], "msr_pasid_fixups");
		if (!unsupported(&real[f], "msr_pasid_writes") ||
		    unsupported(&real[f], "msr_writes") || i < 0 ||
		    real[f].c[i].total || real[f].c[i].cpu[0])
			bad = bad ?: real_files[f];
	}
	ok(!bad && unsupported(&real[2], "mce"),
	   "unsupported rows are unsupported, their values 0; msr_writes is not%s",
	   failing(bad));
	i = cs_find_counter(&real[1], "paranoid_cr3_restores");
	ok(i >= 0 && !strcmp(real[1].c[i].group, "paranoid") &&
	   !strcmp(real[1].c[i].kind, "derived") &&
	   !strcmp(real[1].c[0].name, "ctxsw_calls") &&
	   !strcmp(real[1].c[35].name, "paranoid_cr3_redundant"),
	   "groups, kinds and the module's row order are kept");
}

static void test_counters_formats(void)
{
	static const char *const bad[] = {
		"", "\n\n",
		"counter group kind cpu0\nx g exact 1\n",
		"counter kind total cpu0\nx exact 1 1\n",
		"counter group total cpu0\nx g 1 1\n",
		"counter group kind total\nx g exact 1\n",
		"counter group kind total cpu0 cpu1\nx g exact 1 1\n",
		"counter group kind total cpu0\nx g exact 1 1 1\n",
		"counter group kind total cpu0\nx g exact -1 -1\n",
		"counter group kind total cpu0\nx g exact 1x 1\n",
		"counter group kind total cpu0\nx g exact 18446744073709551616 0\n",
		"counter group kind total cpu0\nx g exact 0 0\nx g exact 0 0\n",
		"counter group kind total cpu1 cpu0\nx g exact 0 0 0\n",
		"counter counter group kind total cpu0\nx x g exact 0 0\n",
	};
	char err[CS_ERRLEN] = "", *sites = fixture("sites-6.1.txt");
	struct cs_table t;
	unsigned int i;
	int r;

	/* columns by name: reordered, an extra column, sparse CPU ids */
	r = cs_parse_counters("total  counter note cpu0 group cpu2 kind\n"
			      "7 a_writes x 3 a 4 exact\n"
			      "unsupported b_x y unsupported b unsupported derived\n",
			      &t, err);
	ok(r == 0 && t.n == 2 && t.ncpu == 2 && t.cpus[1] == 2 &&
	   t.c[0].total == 7 && t.c[0].cpu[0] == 3 && t.c[0].cpu[1] == 4 &&
	   !strcmp(t.c[0].group, "a") && t.c[1].unsupported &&
	   !strcmp(t.c[1].kind, "derived"),
	   "columns are found by header name, extra ones ignored");
	cs_table_free(&t);

	r = cs_parse_counters("counter group kind total cpu0 cpu1\r\n\r\n"
			      "x g exact 3 1 2\r\n\n", &t, err);
	ok(r == 0 && t.n == 1 && t.c[0].cpu[1] == 2,
	   "blank lines and CRLF are tolerated");
	cs_table_free(&t);

	r = cs_parse_counters("counter group kind total cpu0\n", &t, err);
	ok(r == 0 && t.n == 0, "a header without rows is an empty table");
	cs_table_free(&t);

	r = cs_parse_counters("counter group kind total cpu0\nx g exact 18446744073709551615 18446744073709551615\n",
			      &t, err);
	ok(r == 0 && t.c[0].total == ~0ULL, "the largest u64 parses");
	cs_table_free(&t);

	/* one unsupported cell makes the row unsupported, never a 0 */
	r = cs_parse_counters("counter group kind total cpu0 cpu1\n"
			      "x g exact 5 5 unsupported\n", &t, err);
	ok(r == 0 && t.c[0].unsupported && !t.c[0].total,
	   "a row with one unsupported cell is unsupported");
	cs_table_free(&t);

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		r = cs_parse_counters(bad[i], &t, err);
		if (r != -1 || !*err || t.n || t.c)
			break;
	}
	r = cs_parse_counters(sites, &t, err);
	ok(i == ARRAY_SIZE(bad) && r == -1,
	   "malformed tables are rejected with a reason: missing columns, short and long rows, bad values, a counter or column twice, CPUs out of order, the sites file%s",
	   failing(i < ARRAY_SIZE(bad) ? tap_esc(bad[i]) : NULL));
	free(sites);
}

static void test_delta(void)
{
	char err[CS_ERRLEN] = "";
	struct cs_table a, b, d;
	int r;

	cs_parse_counters("counter group kind total cpu0 cpu1\n"
			  "w g exact 10 4 6\n"
			  "u g exact " U " " U " " U "\n"
			  "v g exact 100 50 50\n", &a, err);
	/* rows in another order, v reset on cpu1 */
	cs_parse_counters("counter group kind total cpu0 cpu1\n"
			  "v g exact 80 70 10\n"
			  "w g exact 15 4 11\n"
			  "u g exact " U " " U " " U "\n",
			  &b, err);
	r = cs_delta(&a, &b, &d, err);
	ok(r == 0 && d.n == 3 && !strcmp(d.c[1].name, "w") &&
	   d.c[1].total == 5 && d.c[1].cpu[0] == 0 && d.c[1].cpu[1] == 5,
	   "delta matches counters by name (w: 5)");
	ok(d.c[2].unsupported, "delta of an unsupported counter is unsupported");
	ok(d.reset && d.c[0].cpu[0] == 20 && d.c[0].cpu[1] == 10 &&
	   d.c[0].total == 30,
	   "a value that went backwards counts since the reset, flagged");
	cs_table_free(&d);

	r = cs_delta(&a, &a, &d, err);
	ok(r == 0 && !d.reset && !d.c[0].total && !d.c[2].total,
	   "delta of a table with itself is 0, no reset");
	cs_table_free(&d);
	cs_table_free(&b);

	cs_parse_counters("counter group kind total cpu0\nw g exact 1 1\n", &b,
			  err);
	r = cs_delta(&a, &b, &d, err);
	ok(r == -1 && *err, "delta across different CPU columns fails (%s)",
	   err);
	cs_table_free(&b);

	cs_parse_counters("counter group kind total cpu0 cpu1\n"
			  "w g exact 10 4 6\nnew g exact 3 1 2\n", &b, err);
	r = cs_delta(&a, &b, &d, err);
	ok(r == 0 && d.reset && d.c[1].total == 3,
	   "a counter new in the later table counts from 0, flagged");
	cs_table_free(&d);
	cs_table_free(&b);
	cs_table_free(&a);
}

static void test_cpus(void)
{
	static const char *const bad[] = {
		"", ",", "1,", ",1", "1,,2", "3-1", "a", "-1", "1-", "1--2",
		"0x1", " 1", "+1", "65536", "0-65536",
	};
	char err[CS_ERRLEN], *s, *text = fixture("counters-6.12.txt");
	struct cs_cpus c;
	struct cs_table t;
	unsigned int i;
	int r;

	r = cs_parse_cpus("7,0-3,2", &c);
	ok(!r && c.n == 5 && c.cpu[0] == 0 && c.cpu[3] == 3 && c.cpu[4] == 7,
	   "CPU list '7,0-3,2': 0 1 2 3 7, sorted, each once");
	s = r ? NULL : cs_cpus_str(c.cpu, c.n);
	ok(s && !strcmp(s, "0-3,7"), "and written back as '%s'", s ?: "");
	free(s);
	cs_cpus_free(&c);
	for (i = 0; i < ARRAY_SIZE(bad); i++)
		if (!cs_parse_cpus(bad[i], &c) || c.n || c.cpu)
			break;
	ok(i == ARRAY_SIZE(bad),
	   "bad CPU lists are rejected: empty items, reversed ranges, signs, hex, blanks, CPUs beyond 65535%s",
	   failing(i < ARRAY_SIZE(bad) ? bad[i] : NULL));

	cs_parse_counters(text, &t, err);
	cs_parse_cpus("1", &c);
	r = cs_keep_cpus(&t, &c);
	i = cs_find_counter(&t, "ctxsw_calls");
	ok(!r && t.ncpu == 1 && t.cpus[0] == 1 && t.c[i].total == 209 &&
	   t.c[i].cpu[0] == 209 && unsupported(&t, "msr_pasid_writes"),
	   "keeping cpu1: its column alone, the total is its value (209)");
	cs_cpus_free(&c);
	cs_parse_cpus("1-2", &c);
	ok(cs_keep_cpus(&t, &c) == 3 && t.ncpu == 1,
	   "keeping a CPU the table has not: that CPU (2) is named, nothing changes");
	cs_cpus_free(&c);
	cs_table_free(&t);
	free(text);
}

static void test_groups(void)
{
	static const char *const bad[] = {
		"", "none", "group selected attached probes\nx maybe no p\n",
		"group selected attached probes\nx on maybe p\n",
		"group attached probes\nx no p\n",
		"group selected probes\nx on p\n",
		"selected attached probes\non no p\n",
		"group selected attached probes\nx on\n",
	};
	char err[CS_ERRLEN] = "", *text = fixture("groups-6.12.txt"), *req;
	struct cs_groups g;
	unsigned int i;
	int r;

	r = cs_parse_groups(text, &g, err);
	ok(r == 0 && g.n == 5 && !strcmp(g.g[0].name, "ctxsw") &&
	   !strcmp(g.g[4].name, "paranoid") && g.g[3].selected &&
	   g.g[3].attached == 1,
	   "the captured groups file: 5 groups, selected, attached%s",
	   failing(r ? err : NULL));
	req = cs_groups_request(&g);
	ok(!strcmp(req, "ctxsw,flush,other,msr,paranoid"),
	   "the request restoring it is '%s'", req);
	free(req);
	g.g[0].selected = 0;
	g.g[3].selected = 0;
	req = cs_groups_request(&g);
	ok(!strcmp(req, "flush,other,paranoid"),
	   "with two groups off: '%s'", req);
	free(req);
	ok(cs_find_group(&g, "msr") == &g.g[3] && !cs_find_group(&g, "pti") &&
	   !cs_find_group(NULL, "msr"), "groups are found by name");
	cs_groups_free(&g);
	free(text);

	r = cs_parse_groups("group      selected attached probes\n"
			    "ctxsw      off      no       context switches\n"
			    "pti        off      no       kernel entries from user mode and the PTI CR3 switches (opt-in)\n",
			    &g, err);
	req = r ? NULL : cs_groups_request(&g);
	ok(r == 0 && g.n == 2 && !g.g[1].selected && !g.g[1].attached &&
	   !strcmp(req, "none"),
	   "free-text probes column; nothing selected restores with 'none'");
	free(req);
	cs_groups_free(&g);

	for (i = 0; i < ARRAY_SIZE(bad); i++)
		if (cs_parse_groups(bad[i], &g, err) != -1 || g.n)
			break;
	ok(i == ARRAY_SIZE(bad),
	   "malformed groups tables are rejected: bad states, missing columns, short rows, a request text%s",
	   failing(i < ARRAY_SIZE(bad) ? tap_esc(bad[i]) : NULL));
}

static void test_info(void)
{
	char *text = fixture("info-6.1.txt");
	struct cs_info info;

	cs_parse_info(text, &info);
	ok(info.n == 11 && !strcmp(cs_info_get(&info, "kernel"),
				   "6.1.0-56-amd64") &&
	   !strcmp(cs_info_get(&info, "pasid"),
		   "unsupported: the CPU has no ENQCMD") &&
	   !strcmp(cs_info_get(&info, "paranoid_restore"),
		   "always (detected)") && !cs_info_get(&info, "nope"),
	   "info: 11 keys; values keep their blanks and colons");
	cs_info_free(&info);
	free(text);
}

static int find_op(const struct cs_bench *b, const char *op)
{
	int i;

	for (i = 0; i < b->n; i++)
		if (!strcmp(b->op[i].op, op))
			return i;
	return -1;
}

static void test_bench(void)
{
	static const char *const bad[] = {
		"",
		"op cpu reps min p90 max prices\nx 0 1 1 1 1 -\n",
		"op reps min median p90 max prices\nx 1 1 1 1 1 -\n",
		"op cpu min median p90 max prices\nx 0 1 1 1 1 -\n",
		"op cpu reps min median p90 max\nx 0 1 1 1 1 1\n",
		"op cpu reps min median p90 max prices\nx 0 1 1 1 1 1 a,,b\n",
		"op cpu reps min median p90 max prices\nx 0 1 1 1 1 1 a,--\n",
		"op cpu reps min median p90 max prices\nx 0 1 1 1 1 1\n",
		"op cpu reps min median p90 max prices\nx 0 1 1 1.5 1 1 -\n",
		"op cpu reps min median p90 max prices\nx 0 1 1 -3 1 1 -\n",
		"op cpu reps min median p90 max prices\nx - 1 1 1 1 1 -\n",
		"op cpu reps min median p90 max prices\nx 0 1 unsupported 1 1 1 -\n",
	};
	char err[CS_ERRLEN] = "", *text = fixture("bench-6.12.txt");
	const struct cs_bench_op *op;
	struct cs_bench b;
	unsigned int i;
	int r;

	r = cs_parse_bench(text, &b, err);
	ok(r == 0 && b.n == 6, "the captured bench: 6 ops%s",
	   failing(r ? err : NULL));
	if (r)
		return;
	op = &b.op[find_op(&b, "cr3_flush")];
	ok(op->supported && op->val[CS_B_MEDIAN] == 11518 &&
	   op->val[CS_B_MIN] == 8658 && op->val[CS_B_P90] == 12896 &&
	   op->val[CS_B_MAX] == 97604 && op->cpu == 0 && op->reps == 1000,
	   "bench: cr3_flush's figures, cpu and reps");
	ok(op->nprices == 8 && !strcmp(op->prices[1].counter,
				       "ctxsw_cr3_noflush") &&
	   op->prices[1].sign == -1 && op->prices[0].sign == 1 &&
	   !strcmp(op->prices[7].counter, "paranoid_cr3_restores"),
	   "bench: prices with their signs");
	op = &b.op[find_op(&b, "cr3_noflush")];
	ok(!op->supported && op->nprices == 3 &&
	   !b.op[find_op(&b, "empty")].nprices &&
	   !b.op[find_op(&b, "invpcid_single")].nprices,
	   "bench: an unsupported op is still priced; '-' prices nothing");
	cs_bench_free(&b);
	free(text);

	r = cs_parse_bench("op               cpu   reps         min      median         p90         max  prices\n",
			   &b, err);
	ok(r == 0 && b.n == 0, "bench before any run: the header alone, no ops");
	cs_bench_free(&b);
	r = cs_parse_bench("prices max p90 median min reps cpu op extra\n- 4 3 2 1 5 1 new x\n",
			   &b, err);
	ok(r == 0 && b.n == 1 && b.op[0].cpu == 1 && b.op[0].reps == 5 &&
	   b.op[0].val[CS_B_MEDIAN] == 2 && !strcmp(b.op[0].op, "new"),
	   "bench: columns by name, extra ones ignored, new ops kept");
	cs_bench_free(&b);

	for (i = 0; i < ARRAY_SIZE(bad); i++)
		if (cs_parse_bench(bad[i], &b, err) != -1 || b.n)
			break;
	ok(i == ARRAY_SIZE(bad),
	   "malformed bench tables are rejected: each missing column, bad prices, short rows, non-integer, negative or partly unsupported figures%s",
	   failing(i < ARRAY_SIZE(bad) ? tap_esc(bad[i]) : NULL));
}

static void test_estimate(void)
{
	char err[CS_ERRLEN] = "", *text = fixture("bench-6.12.txt");
	struct cs_estimate e;
	struct cs_table t;
	struct cs_bench b;
	int i, r;

	cs_parse_bench(text, &b, err);
	/* as a delta: msr_pasid_writes unsupported, no pti, no paranoid */
	r = cs_parse_counters("counter group kind total cpu0 cpu1\n"
			      "ctxsw_cr3_writes ctxsw exact 400 100 300\n"
			      "ctxsw_cr3_noflush ctxsw exact 50 0 50\n"
			      "flush_cr3_writes flush exact 10 10 0\n"
			      "flush_cr3_noflush flush exact 0 0 0\n"
			      "other_cr3_writes other exact 1 0 1\n"
			      "other_cr3_noflush other exact 0 0 0\n"
			      "msr_writes msr exact 7 3 4\n"
			      "msr_pasid_writes msr exact " U " " U " " U "\n",
			      &t, err);
	cs_estimate(&b, &t, &e);
	/* cr3_flush: 400 - 50 + 10 - 0 + 1 - 0 = 361 x 11518; wrmsr: 7 x 52 */
	ok(!r && e.nops == 2 && e.ops[0].events == 361 &&
	   e.ops[0].median == 11518 && e.ops[0].cycles == 361 * 11518 &&
	   e.ops[1].events == 7 && e.ops[1].cycles == 7 * 52 && !e.overflow &&
	   e.total == 361 * 11518 + 7 * 52 && e.bench_cpu == 0,
	   "estimate: cr3_flush 361 x 11518, wrmsr 7 x 52, bench on cpu0");
	ok(e.nunpriced == 2 && !strcmp(e.unpriced[0].op, "cr3_noflush") &&
	   e.unpriced[0].events == 50 && !strcmp(e.unpriced[1].op,
						 "wrmsr_pasid"),
	   "estimate: ops without a figure are listed as not priced");
	for (r = 0, i = 0; i < e.nskip; i++)
		r |= (!strcmp(e.skip[i].counter, "pti_cr3_writes") &&
		      e.skip[i].why == CS_SKIP_MISSING) << 0 |
		     (!strcmp(e.skip[i].counter, "msr_pasid_writes") &&
		      e.skip[i].why == CS_SKIP_UNSUPPORTED) << 1;
	ok(e.nskip == 3 && r == 3,
	   "estimate: missing and unsupported counters are listed once each");
	cs_estimate_free(&e);

	t.c[1].total = 1000;	/* more NOFLUSH than writes: clamp at 0 */
	cs_estimate(&b, &t, &e);
	ok(e.ops[0].events == 0, "a negative event sum counts as 0");
	cs_estimate_free(&e);
	cs_table_free(&t);

	/* the captured counters with the pti group on */
	cs_estimate(&b, &real[2], &e);
	/* 2455 ctxsw + 56 flush + 0 other + 7049 pti + 0 paranoid writes */
	ok(e.nops == 2 && e.ops[0].events == 9560 &&
	   e.total == 9560LL * 11518 && e.nskip == 1 &&
	   !strcmp(e.skip[0].counter, "msr_pasid_writes"),
	   "estimate on captured figures: 9560 x 11518 = %lld cycles", e.total);
	cs_estimate_free(&e);
	cs_bench_free(&b);
	free(text);
}

static void test_mounts(void)
{
	static const char mounts[] =
		"rootfs / rootfs rw 0 0\n"
		"sysfs /sys sysfs rw,relatime 0 0\n"
		"debugfs /sys/kernel/debug debugfs rw,relatime 0 0\n"
		"none /mnt/my\\040dbg debugfs rw 0 0\n";
	char where[64] = "";

	ok(cs_debugfs_at(mounts, "/sys/kernel/debug") &&
	   cs_debugfs_at(mounts, "/mnt/my dbg") && !cs_debugfs_at(mounts, "/sys") &&
	   !cs_debugfs_at(mounts, "/sys/kernel"),
	   "debugfs mount points, \\040 unescaped");
	ok(!cs_debugfs_at("sysfs /sys sysfs rw 0 0\n", "/sys/kernel/debug") &&
	   !cs_debugfs_where("", where, sizeof(where)) &&
	   !cs_debugfs_where("sysfs /sys sysfs rw 0 0\n", where, sizeof(where)),
	   "no debugfs mounted");
	ok(cs_debugfs_where("x /d debugfs rw 0 0\n", where, sizeof(where)) &&
	   !strcmp(where, "/d"), "where debugfs is mounted: %s", where);
}

static void test_select(void)
{
	char err[CS_ERRLEN] = "";
	unsigned char show[64];
	int i, n;

	ok(cs_select(&real[1], "msr,ctxsw_cr3_writes", show, err) == 0,
	   "select a group and a counter");
	for (n = 0, i = 0; i < real[1].n; i++)
		n += show[i];
	ok(n == 7 && show[cs_find_counter(&real[1], "ctxsw_cr3_writes")] &&
	   show[cs_find_counter(&real[1], "msr_pasid_ctxsw")] && !show[0],
	   "6 msr counters and ctxsw_cr3_writes selected (%d)", n);
	ok(cs_select(&real[1], "msr,nope", show, err) == -1 &&
	   strstr(err, "nope") && cs_select(&real[1], "msr,", show, err) == -1,
	   "an unknown or empty name is rejected");
}

static void test_u64(void)
{
	static const char *const bad[] = {
		"", "+1", "-1", " 1", "1 ", "0x10", "1e3",
		"18446744073709551616", "99999999999999999999",
	};
	unsigned long long v, w;
	unsigned int i;

	ok(!cs_parse_u64("0", &v) && !v && !cs_parse_u64("0042", &v) &&
	   v == 42 && !cs_parse_u64("18446744073709551615", &w) && w == ~0ULL,
	   "u64: 0, 0042, the largest");
	for (i = 0; i < ARRAY_SIZE(bad); i++)
		if (!cs_parse_u64(bad[i], &v))
			break;
	ok(i == ARRAY_SIZE(bad),
	   "u64: empty, signs, blanks, hex, exponents, overflow rejected%s",
	   failing(i < ARRAY_SIZE(bad) ? bad[i] : NULL));
}

int main(void)
{
	unsigned int f;

	test_real_counters();
	test_counters_formats();
	test_delta();
	test_cpus();
	test_groups();
	test_info();
	test_bench();
	test_estimate();
	test_mounts();
	test_select();
	test_u64();
	for (f = 0; f < ARRAY_SIZE(real); f++)
		cs_table_free(&real[f]);
	return done_testing();
}
