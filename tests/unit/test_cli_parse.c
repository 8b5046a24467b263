// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the CLI's parsers (cli/table.c): the module's counters,
 * groups, info and bench tables, read from real module output captured in
 * guests (cli/testdata/), and what is computed from them: deltas, the
 * cost estimate, counter selection, /proc/mounts lookups.
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

static void test_real_counters(const char *file, unsigned long long calls,
			       unsigned long long calls_cpu1)
{
	char err[CS_ERRLEN] = "", *text = fixture(file);
	struct cs_table t;
	int r = cs_parse_counters(text, &t, err), i;

	ok(r == 0, "%s parses (%s)", file, err);
	if (r)
		return;
	ok(t.n == 36 && t.ncpu == 2 && t.cpus[0] == 0 && t.cpus[1] == 1,
	   "%s: 36 counters, cpu0 and cpu1 (got %d, %d)", file, t.n, t.ncpu);
	ok(total(&t, "ctxsw_calls") == calls &&
	   t.c[cs_find_counter(&t, "ctxsw_calls")].cpu[1] == calls_cpu1,
	   "%s: ctxsw_calls is %llu, %llu on cpu1", file, calls, calls_cpu1);
	ok(rows_add_up(&t), "%s: totals are the sums of the CPU columns",
	   file);
	ok(unsupported(&t, "msr_pasid_writes") &&
	   unsupported(&t, "msr_pasid_ctxsw") &&
	   !unsupported(&t, "msr_writes"),
	   "%s: the msr_pasid_* counters are unsupported, msr_writes is not",
	   file);
	i = cs_find_counter(&t, "msr_pasid_fixups");
	ok(i >= 0 && !t.c[i].total && !t.c[i].cpu[0] &&
	   !strcmp(t.c[i].kind, "derived") && !strcmp(t.c[i].group, "msr"),
	   "%s: msr_pasid_fixups is msr, derived, values zeroed", file);
	i = cs_find_counter(&t, "paranoid_cr3_restores");
	ok(i >= 0 && !strcmp(t.c[i].group, "paranoid") &&
	   !strcmp(t.c[i].kind, "derived"),
	   "%s: paranoid_cr3_restores is paranoid, derived", file);
	ok(!strcmp(t.c[0].name, "ctxsw_calls") &&
	   !strcmp(t.c[35].name, "paranoid_cr3_redundant"),
	   "%s: rows keep the module's order", file);
	cs_table_free(&t);
	free(text);
}

static void reject_counters(const char *text, const char *why)
{
	char err[CS_ERRLEN] = "";
	struct cs_table t;
	int r = cs_parse_counters(text, &t, err);

	ok(r == -1 && *err && !t.n && !t.c,
	   "counters %s: rejected (%s)", why, err);
}

static void test_counters_formats(void)
{
	char err[CS_ERRLEN] = "", *sites = fixture("sites-6.1.txt");
	struct cs_table t;
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
	   "columns are found by header name, extra ones ignored (%s)", err);
	cs_table_free(&t);

	r = cs_parse_counters("counter group kind total cpu0 cpu1\r\n\r\n"
			      "x g exact 3 1 2\r\n\n", &t, err);
	ok(r == 0 && t.n == 1 && t.c[0].cpu[1] == 2,
	   "blank lines and CRLF are tolerated");
	cs_table_free(&t);

	r = cs_parse_counters("counter group kind total cpu0\n", &t, err);
	ok(r == 0 && t.n == 0, "a header without rows is an empty table");
	cs_table_free(&t);

	r = cs_parse_counters("counter total\nx 18446744073709551615\n", &t,
			      err);
	ok(r == 0 && t.ncpu == 0 && t.c[0].total == ~0ULL,
	   "no CPU columns; the largest u64 parses");
	cs_table_free(&t);

	/* one unsupported cell makes the row unsupported, never a 0 */
	r = cs_parse_counters("counter group kind total cpu0 cpu1\n"
			      "x g exact 5 5 unsupported\n", &t, err);
	ok(r == 0 && t.c[0].unsupported && !t.c[0].total,
	   "a row with one unsupported cell is unsupported");
	cs_table_free(&t);

	reject_counters("", "empty");
	reject_counters("\n\n", "blank");
	reject_counters(sites, "of the sites file (no counter column)");
	reject_counters("counter group kind cpu0\nx g exact 1\n",
			"without a total column");
	reject_counters("counter group kind total cpu0 cpu1\nx g exact 1 1\n",
			"with a short row");
	reject_counters("counter group kind total cpu0\nx g exact 1 1 1\n",
			"with a long row");
	reject_counters("counter group kind total cpu0\nx g exact -1 -1\n",
			"with a negative value");
	reject_counters("counter group kind total cpu0\nx g exact 1x 1\n",
			"with a non-numeric value");
	reject_counters("counter group kind total cpu0\nx g exact 18446744073709551616 0\n",
			"with a value beyond u64");
	reject_counters("counter group kind total cpu0\nx g exact 0 0\nx g exact 0 0\n",
			"with a counter twice");
	reject_counters("counter group kind total cpu1 cpu0\nx g exact 0 0 0\n",
			"with CPU columns out of order");
	reject_counters("counter counter total\nx x 0\n",
			"with a column twice");
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
	/* rows in another order, one new counter, v reset on cpu1 */
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

static void test_groups(void)
{
	char err[CS_ERRLEN] = "", *text = fixture("groups-6.12.txt"), *req;
	struct cs_groups g;
	int r;

	r = cs_parse_groups(text, &g, err);
	ok(r == 0 && g.n == 5, "real groups file: 5 groups (%s)", err);
	ok(g.n == 5 && !strcmp(g.g[0].name, "ctxsw") &&
	   !strcmp(g.g[4].name, "paranoid") && g.g[3].selected &&
	   g.g[3].attached == 1, "groups: names, selected, attached");
	req = cs_groups_request(&g);
	ok(!strcmp(req, "ctxsw,flush,other,msr,paranoid"),
	   "the request restoring it is '%s'", req);
	free(req);
	g.g[0].selected = 0;
	g.g[3].selected = 0;
	req = cs_groups_request(&g);
	ok(!strcmp(req, "flush,other,paranoid"),
	   "with two off: '%s'", req);
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

	r = cs_parse_groups("selected group\non a\n", &g, err);
	ok(r == 0 && g.n == 1 && g.g[0].attached == -1 &&
	   !strcmp(g.g[0].name, "a"),
	   "groups columns by name; attached is optional");
	cs_groups_free(&g);

	ok(cs_parse_groups("group selected attached probes\nx maybe no p\n",
			   &g, err) == -1, "a bad selected state is rejected");
	ok(cs_parse_groups("group attached probes\nx no p\n", &g, err) == -1,
	   "a groups file without selected column is rejected");
	ok(cs_parse_groups("group selected attached probes\nx on\n", &g,
			   err) == -1, "a short groups row is rejected");
	ok(cs_parse_groups("", &g, err) == -1, "an empty groups file is rejected");
	ok(cs_parse_groups("none", &g, err) == -1,
	   "a request text is not a groups table");
}

static void test_info(void)
{
	char *text = fixture("info-6.1.txt");
	struct cs_info info;

	cs_parse_info(text, &info);
	ok(info.n == 11 && !strcmp(cs_info_get(&info, "kernel"),
				   "6.1.0-56-amd64"),
	   "info: 11 keys, kernel 6.1.0-56-amd64");
	ok(!strcmp(cs_info_get(&info, "pasid"),
		   "unsupported: the CPU has no ENQCMD") &&
	   !strcmp(cs_info_get(&info, "paranoid_restore"),
		   "always (detected)") && !cs_info_get(&info, "nope"),
	   "info: values keep their blanks and colons");
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
	char err[CS_ERRLEN] = "", *text = fixture("bench-spec.txt");
	const struct cs_bench_op *op;
	struct cs_bench b;
	int r, i;

	r = cs_parse_bench(text, &b, err);
	ok(r == 0 && b.n == 6 && b.has_cpu && b.has_reps,
	   "bench: 6 ops (%s)", err);
	if (r)
		return;
	op = &b.op[find_op(&b, "cr3_flush")];
	ok(op->state[CS_B_MEDIAN] == CS_BV_NUM && op->val[CS_B_MEDIAN] == 320 &&
	   op->val[CS_B_MIN] == 310 && op->val[CS_B_MAX] == 1200 &&
	   op->cpu == 0 && op->reps == 1000, "bench: cr3_flush figures");
	ok(op->nprices == 7 && !strcmp(op->prices[1].counter,
				       "ctxsw_cr3_noflush") &&
	   op->prices[1].sign == -1 && op->prices[0].sign == 1 &&
	   !strcmp(op->prices[6].counter, "pti_cr3_writes"),
	   "bench: prices with signs");
	op = &b.op[find_op(&b, "cr3_noflush")];
	for (r = 1, i = 0; i < CS_B_NVAL; i++)
		r &= op->state[i] == CS_BV_UNSUP;
	ok(r && op->nprices == 3, "bench: an unsupported op, still priced");
	ok(!b.op[find_op(&b, "empty")].nprices &&
	   !b.op[find_op(&b, "invpcid_single")].nprices,
	   "bench: '-' prices nothing");
	cs_bench_free(&b);
	free(text);

	r = cs_parse_bench("reps op extra median\n5 new_op x -3\n7 other y unsupported\n",
			   &b, err);
	ok(r == 0 && b.n == 2 && !b.has_cpu && b.op[0].cpu == -1 &&
	   b.op[0].reps == 5 && b.op[0].val[CS_B_MEDIAN] == -3 &&
	   b.op[0].state[CS_B_P90] == CS_BV_NONE && !b.op[0].nprices &&
	   b.op[1].state[CS_B_MEDIAN] == CS_BV_UNSUP,
	   "bench: columns by name, unknown ones and ops kept, no prices column");
	cs_bench_free(&b);

	ok(cs_parse_bench("op cpu reps min p90\nx 0 1 1 1\n", &b, err) == -1,
	   "bench without median is rejected (%s)", err);
	ok(cs_parse_bench("op median prices\nx 1 a,,b\n", &b, err) == -1,
	   "bench with an empty price is rejected");
	ok(cs_parse_bench("op median prices\nx 1 -\n", &b, err) == 0 &&
	   b.n == 1, "'-' alone is no price");
	cs_bench_free(&b);
	ok(cs_parse_bench("op median prices\nx 1 a,--\n", &b, err) == -1,
	   "a price '--' is rejected");
	ok(cs_parse_bench("op median prices\nx 1\n", &b, err) == -1,
	   "a short bench row is rejected");
	ok(cs_parse_bench("op median\nx 1.5\n", &b, err) == -1,
	   "a non-integer median is rejected");
	ok(cs_parse_bench("", &b, err) == -1, "an empty bench is rejected");
}

static void test_estimate(void)
{
	char err[CS_ERRLEN] = "", *text = fixture("bench-spec.txt");
	struct cs_estimate e;
	struct cs_table t;
	struct cs_bench b;
	int i, r;

	cs_parse_bench(text, &b, err);
	/* as a delta: two CPUs; msr_pasid_writes unsupported, no pti */
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
	ok(r == 0, "estimate input parses (%s)", err);
	cs_estimate(&b, &t, -1, &e);
	/* cr3_flush: 400 - 50 + 10 - 0 + 1 - 0 = 361 x 320; wrmsr: 7 x 150 */
	ok(e.nops == 2 && e.ops[0].events == 361 && e.ops[0].median == 320 &&
	   e.ops[0].cycles == 361 * 320 && e.ops[1].events == 7 &&
	   e.ops[1].cycles == 7 * 150,
	   "estimate: cr3_flush 361 x 320, wrmsr 7 x 150");
	ok(!e.overflow && e.total == 361 * 320 + 7 * 150 && e.bench_cpu == 0,
	   "estimate: total %lld cycles, bench on cpu0", e.total);
	ok(e.nunpriced == 2 && !strcmp(e.unpriced[0].op, "cr3_noflush") &&
	   e.unpriced[0].events == 50 && !strcmp(e.unpriced[1].op,
						 "wrmsr_pasid"),
	   "estimate: ops without a figure are listed as not priced");
	for (r = 0, i = 0; i < e.nskip; i++)
		r |= (!strcmp(e.skip[i].counter, "pti_cr3_writes") &&
		      e.skip[i].why == CS_SKIP_MISSING) << 0 |
		     (!strcmp(e.skip[i].counter, "msr_pasid_writes") &&
		      e.skip[i].why == CS_SKIP_UNSUPPORTED) << 1;
	ok(e.nskip == 2 && r == 3,
	   "estimate: missing and unsupported counters are listed once each");
	cs_estimate_free(&e);

	cs_estimate(&b, &t, 0, &e);
	ok(e.ops[0].events == 110 && e.ops[1].events == 3,
	   "estimate on cpu0's column: 110 and 3 events");
	cs_estimate_free(&e);

	t.c[1].total = 1000;	/* more NOFLUSH than writes: clamp at 0 */
	cs_estimate(&b, &t, -1, &e);
	ok(e.ops[0].events == 0, "a negative event sum counts as 0");
	cs_estimate_free(&e);
	cs_table_free(&t);
	cs_bench_free(&b);
	free(text);
}

/* The bench and counters of a module with the pti group on (6.12 guest). */
static void test_real_bench(void)
{
	char err[CS_ERRLEN] = "", *btext = fixture("bench-6.12.txt");
	char *ctext = fixture("counters-6.12-pti.txt");
	char *gtext = fixture("groups-6.12-pti.txt"), *req;
	const struct cs_bench_op *op;
	struct cs_estimate e;
	struct cs_groups g;
	struct cs_table t;
	struct cs_bench b;
	int r;

	r = cs_parse_bench(btext, &b, err);
	ok(r == 0 && b.n == 6, "real bench: 6 ops (%s)", err);
	if (r)
		return;
	op = &b.op[find_op(&b, "cr3_flush")];
	ok(op->val[CS_B_MEDIAN] == 11518 && op->val[CS_B_MIN] == 8658 &&
	   op->val[CS_B_MAX] == 97604 && op->nprices == 8 &&
	   !strcmp(op->prices[7].counter, "paranoid_cr3_restores") &&
	   op->prices[7].sign == 1,
	   "real bench: cr3_flush median 11518, prices the entry writes too");
	ok(b.op[find_op(&b, "empty")].val[CS_B_MEDIAN] == 104 &&
	   b.op[find_op(&b, "wrmsr")].val[CS_B_MEDIAN] == 52 &&
	   b.op[find_op(&b, "invpcid_single")].state[CS_B_P90] ==
	   CS_BV_UNSUP, "real bench: empty, wrmsr, unsupported invpcid");

	r = cs_parse_counters(ctext, &t, err);
	ok(r == 0 && t.n == 45 && unsupported(&t, "mce") &&
	   total(&t, "pti_cr3_writes") == 7049 &&
	   !strcmp(t.c[cs_find_counter(&t, "pti_cr3_writes")].group, "pti") &&
	   rows_add_up(&t),
	   "counters with the pti group: 45, mce unsupported, rows add up (%s)",
	   err);
	cs_estimate(&b, &t, -1, &e);
	/* 2455 ctxsw + 56 flush + 0 other + 7049 pti + 0 paranoid writes */
	ok(e.nops == 2 && e.ops[0].events == 9560 &&
	   e.total == 9560LL * 11518 && e.nskip == 1 &&
	   !strcmp(e.skip[0].counter, "msr_pasid_writes"),
	   "estimate on real figures: 9560 x 11518 = %lld cycles", e.total);
	cs_estimate_free(&e);
	cs_table_free(&t);
	cs_bench_free(&b);

	r = cs_parse_groups(gtext, &g, err);
	req = r ? NULL : cs_groups_request(&g);
	ok(r == 0 && g.n == 6 && g.g[5].selected && g.g[5].attached == 1 &&
	   !strcmp(req, "ctxsw,flush,other,msr,paranoid,pti"),
	   "groups with pti on: the request '%s'", req ? req : "");
	free(req);
	cs_groups_free(&g);
	free(btext);
	free(ctext);
	free(gtext);
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
	   !cs_debugfs_where("sysfs /sys sysfs rw 0 0\n", where, sizeof(where)),
	   "no debugfs mounted");
	ok(cs_debugfs_where("x /d debugfs rw 0 0\n", where, sizeof(where)) &&
	   !strcmp(where, "/d"), "where debugfs is mounted: %s", where);
}

static void test_select(void)
{
	char err[CS_ERRLEN] = "", *text = fixture("counters-6.12.txt");
	unsigned char show[64];
	struct cs_table t;
	int i, n;

	cs_parse_counters(text, &t, err);
	ok(cs_select(&t, "msr,ctxsw_cr3_writes", show, err) == 0,
	   "select a group and a counter");
	for (n = 0, i = 0; i < t.n; i++)
		n += show[i];
	ok(n == 7 && show[cs_find_counter(&t, "ctxsw_cr3_writes")] &&
	   show[cs_find_counter(&t, "msr_pasid_ctxsw")] && !show[0],
	   "6 msr counters and ctxsw_cr3_writes selected (%d)", n);
	ok(cs_select(&t, "msr,nope", show, err) == -1 && strstr(err, "nope"),
	   "an unknown name is rejected (%s)", err);
	ok(cs_select(&t, "msr,", show, err) == -1,
	   "an empty name is rejected");
	cs_table_free(&t);
	free(text);
}

static void test_u64(void)
{
	unsigned long long v;

	ok(!cs_parse_u64("0", &v) && !v && !cs_parse_u64("0042", &v) &&
	   v == 42, "u64: 0, 0042");
	ok(cs_parse_u64("", &v) && cs_parse_u64("+1", &v) &&
	   cs_parse_u64("1 ", &v) && cs_parse_u64("0x10", &v) &&
	   cs_parse_u64("99999999999999999999", &v),
	   "u64: empty, sign, blank, hex, overflow rejected");
}

int main(void)
{
	test_real_counters("counters-6.12.txt", 351, 209);
	test_real_counters("counters-6.1.txt", 324, 206);
	test_counters_formats();
	test_delta();
	test_groups();
	test_info();
	test_bench();
	test_estimate();
	test_real_bench();
	test_mounts();
	test_select();
	test_u64();
	return done_testing();
}
