// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the CLI's output and command line (cli/format.c,
 * cli/json.c, cli/args.c): JSON escaping and structure, interval column
 * fitting on the real counters table, the printed tables, the estimate's
 * labelling, argument parsing.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "tap.h"
#include "../../cli/cr3stat.h"
#include "cli_fixture.h"

/* "unsupported" cells, spelt so that checkpatch sees no repeated word */
#define U "unsupported"

/* Output captured in memory. */
static char *mem_buf;
static size_t mem_len;

static FILE *mem_open(void)
{
	free(mem_buf);
	mem_buf = NULL;
	return open_memstream(&mem_buf, &mem_len);
}

static const char *mem_close(FILE *f)
{
	fclose(f);
	return mem_buf;
}

/* On a failure, what was printed, as TAP comments. */
static void show(int passed, const char *got)
{
	const char *p = got, *nl;

	while (!passed && p && *p) {
		nl = strchr(p, '\n');
		printf("# %.*s\n", nl ? (int)(nl - p) : (int)strlen(p), p);
		p = nl ? nl + 1 : NULL;
	}
}

static void check_escape(const char *in, const char *want)
{
	FILE *f = mem_open();
	const char *got;

	cs_json_escape(f, in);
	got = mem_close(f);
	ok(!strcmp(got, want), "escape '%s' -> %s (got %s)", tap_esc(in), want,
	   got);
}

static void test_json(void)
{
	struct cs_table t;
	struct cs_view v = { .col = -1 };
	struct cs_json j;
	char err[CS_ERRLEN];
	const char *got;
	FILE *f;

	check_escape("plain", "\"plain\"");
	check_escape("", "\"\"");
	check_escape("a\"b\\c/d", "\"a\\\"b\\\\c/d\"");
	check_escape("\n\t\r\b\f", "\"\\n\\t\\r\\b\\f\"");
	check_escape("\x01\x1f\x7f", "\"\\u0001\\u001f\x7f\"");
	check_escape("caf\xc3\xa9 \xf0\x9f\x98\x80", "\"caf\xc3\xa9 \xf0\x9f\x98\x80\"");
	check_escape("a\xff\x62", "\"a\\ufffdb\"");
	check_escape("\xc3", "\"\\ufffd\"");
	check_escape("\xc0\xaf", "\"\\ufffd\\ufffd\"");
	check_escape("\xe0\x80\xaf", "\"\\ufffd\\ufffd\\ufffd\"");
	check_escape("\xed\xa0\x80", "\"\\ufffd\\ufffd\\ufffd\"");
	check_escape("\xf4\x90\x80\x80", "\"\\ufffd\\ufffd\\ufffd\\ufffd\"");
	check_escape("\xe2\x82", "\"\\ufffd\\ufffd\"");

	f = mem_open();
	cs_json_init(&j, f);
	cs_json_open(&j, NULL, '{');
	cs_json_str(&j, "a", "x");
	cs_json_open(&j, "b", '[');
	cs_json_u64(&j, NULL, 18446744073709551615ULL);
	cs_json_null(&j, NULL);
	cs_json_i64(&j, NULL, -3);
	cs_json_open(&j, NULL, '{');
	cs_json_close(&j, '}');
	cs_json_close(&j, ']');
	cs_json_bool(&j, "c", 1);
	cs_json_double(&j, "d", 0.5);
	cs_json_double(&j, "e", 1.0 / 0.0);
	cs_json_close(&j, '}');
	cs_json_end(&j);
	got = mem_close(f);
	ok(!strcmp(got, "{\"a\":\"x\",\"b\":[18446744073709551615,null,-3,{}],\"c\":true,\"d\":0.500,\"e\":null}\n"),
	   "JSON writer: commas, nesting, one line (%s)", tap_esc(got));

	cs_parse_counters("counter group kind total cpu0 cpu3\n"
			  "u g derived " U " " U " " U "\n"
			  "w g exact 6 2 4\n", &t, err);
	v.per_cpu = 1;
	f = mem_open();
	cs_json_init(&j, f);
	cs_json_open(&j, NULL, '{');
	cs_json_counters(&j, &t, &v, "delta", 2.0);
	cs_json_close(&j, '}');
	cs_json_end(&j);
	got = mem_close(f);
	ok(strstr(got, "{\"counters\":[{\"name\":\"u\",\"group\":\"g\",\"kind\":\"derived\",\"supported\":false,\"delta\":null,\"rate\":null,\"per_cpu\":{\"cpu0\":null,\"cpu3\":null},\"per_cpu_rate\":{\"cpu0\":null,\"cpu3\":null}},") &&
	   strstr(got, "{\"name\":\"w\",\"group\":\"g\",\"kind\":\"exact\",\"supported\":true,\"delta\":6,\"rate\":3.000,\"per_cpu\":{\"cpu0\":2,\"cpu3\":4},\"per_cpu_rate\":{\"cpu0\":1.000,\"cpu3\":2.000}}]}\n"),
	   "JSON counters: unsupported is null, never 0; rates; per CPU");
	v.per_cpu = 0;
	v.col = 1;
	f = mem_open();
	cs_json_init(&j, f);
	cs_json_open(&j, NULL, '{');
	cs_json_counters(&j, &t, &v, "total", 0);
	cs_json_close(&j, '}');
	got = mem_close(f);
	ok(strstr(got, "\"total\":6,\"per_cpu\":{\"cpu3\":4}}") &&
	   !strstr(got, "cpu0") && !strstr(got, "rate"),
	   "JSON counters with -C: the one CPU, no rates");
	cs_table_free(&t);
}

static int layout_width(const struct cs_layout *l)
{
	int i, w = l->lead;

	for (i = 0; i < l->n; i++)
		w += 1 + l->width[i];
	return w;
}

static int shown(const struct cs_table *t, const struct cs_layout *l,
		 const char *name)
{
	int i;

	for (i = 0; i < l->n; i++)
		if (!strcmp(t->c[l->idx[i]].name, name))
			return 1;
	return 0;
}

static int in_order(const struct cs_layout *l)
{
	int i;

	for (i = 1; i < l->n; i++)
		if (l->idx[i] <= l->idx[i - 1])
			return 0;
	return 1;
}

static void test_fit(void)
{
	char err[CS_ERRLEN], *text = fixture("counters-6.12.txt");
	unsigned char show[64];
	struct cs_view v = { .col = -1 };
	struct cs_layout l;
	struct cs_groups g;
	struct cs_table t;
	int i;

	cs_parse_counters(text, &t, err);
	ok(cs_priority(&t.c[cs_find_counter(&t, "ctxsw_cr3_writes")]) == 0 &&
	   cs_priority(&t.c[cs_find_counter(&t, "paranoid_cr3_restores")]) == 1 &&
	   cs_priority(&t.c[cs_find_counter(&t, "msr_writes")]) == 2 &&
	   cs_priority(&t.c[cs_find_counter(&t, "ctxsw_cr3_same")]) == 3 &&
	   cs_priority(&t.c[cs_find_counter(&t, "nmi_user")]) == 4 &&
	   cs_priority(&t.c[cs_find_counter(&t, "msr_pasid_writes")]) == 12,
	   "priorities: cr3 writes, restores, writes, cr3 classes, rest; unsupported last");
	ok(!strcmp(cs_label(&t.c[cs_find_counter(&t, "ctxsw_cr3_writes")]),
		   "cr3_writes") &&
	   !strcmp(cs_label(&t.c[cs_find_counter(&t, "nmi_user")]),
		   "nmi_user"), "labels drop the group prefix only");

	cs_fit(&t, &v, 80, &l);
	ok(l.n == 7 && layout_width(&l) <= 80 && in_order(&l) &&
	   shown(&t, &l, "ctxsw_cr3_writes") &&
	   shown(&t, &l, "flush_cr3_writes") &&
	   shown(&t, &l, "other_cr3_writes") &&
	   shown(&t, &l, "paranoid_cr3_restores") &&
	   shown(&t, &l, "msr_writes") && !shown(&t, &l, "msr_pasid_writes"),
	   "80 columns: 7 counters, the CR3 write totals first (%d, width %d)",
	   l.n, layout_width(&l));
	cs_layout_free(&l);

	cs_fit(&t, &v, 40, &l);
	ok(l.n == 3 && layout_width(&l) <= 40 &&
	   shown(&t, &l, "other_cr3_writes"),
	   "40 columns: the three CR3 write totals");
	cs_layout_free(&l);

	cs_fit(&t, &v, 5, &l);
	ok(l.n == 1 && shown(&t, &l, "ctxsw_cr3_writes"),
	   "too narrow: still the first column");
	cs_layout_free(&l);

	cs_fit(&t, &v, 10000, &l);
	ok(l.n == t.n && in_order(&l), "wide: every counter, in table order");
	cs_layout_free(&l);

	v.per_cpu = 1;
	cs_fit(&t, &v, 80, &l);
	ok(l.lead == 4 && layout_width(&l) <= 80 && l.n >= 4,
	   "-p: a cpu column, still within 80 (%d)", layout_width(&l));
	cs_layout_free(&l);
	v.per_cpu = 0;

	cs_select(&t, "msr", show, err);
	v.show = show;
	cs_fit(&t, &v, 80, &l);
	for (i = 0; i < l.n; i++)
		if (strcmp(t.c[l.idx[i]].group, "msr"))
			break;
	ok(l.n == 6 && i == 6 && layout_width(&l) <= 80,
	   "-e msr: only msr columns, all 6 fit");
	ok(l.width[2] >= 11, "an unsupported column fits the word");
	cs_layout_free(&l);
	cs_table_free(&t);

	/* a table with a group the CLI has never heard of */
	text = cs_xrealloc(fixture("counters-6.12.txt"), 8192);
	strcat(text, "pti_syscalls pti exact 9 4 5\n"
		     "pti_cr3_writes pti derived 18 8 10\n"
		     "pti_user_flushes pti derived 9 4 5\n");
	cs_parse_counters(text, &t, err);
	v.show = NULL;
	cs_fit(&t, &v, 80, &l);
	ok(shown(&t, &l, "pti_cr3_writes") && shown(&t, &l, "pti_user_flushes") &&
	   shown(&t, &l, "ctxsw_cr3_writes") && layout_width(&l) <= 80,
	   "a new group's CR3 writes and flushes get columns (%d wide)",
	   layout_width(&l));
	cs_layout_free(&l);

	/* the same group not attached goes after the others */
	cs_parse_groups("group selected attached probes\npti off no p\n", &g,
			err);
	v.groups = &g;
	cs_fit(&t, &v, 80, &l);
	ok(!shown(&t, &l, "pti_cr3_writes") && shown(&t, &l, "msr_writes") &&
	   shown(&t, &l, "ctxsw_cr3_same"),
	   "a group that is not attached comes after the attached ones");
	cs_layout_free(&l);
	v.groups = NULL;
	cs_groups_free(&g);
	cs_table_free(&t);
	free(text);
}

static void test_interval_output(void)
{
	struct cs_view v = { .col = -1 };
	struct cs_layout l;
	struct cs_table t;
	char err[CS_ERRLEN];
	const char *got;
	FILE *f;

	cs_parse_counters("counter group kind total cpu0 cpu1\n"
			  "ctxsw_cr3_writes ctxsw exact 30 10 20\n"
			  "ctxsw_calls ctxsw exact 1 1 0\n"
			  "msr_pasid_writes msr exact " U " " U " " U "\n"
			  "paranoid_cr3_restores paranoid derived 4 4 0\n",
			  &t, err);
	cs_fit(&t, &v, 80, &l);
	f = mem_open();
	cs_print_interval_header(f, &t, &l);
	cs_print_interval(f, &t, &l, &v, 2.0);
	got = mem_close(f);
	show(ok(!strcmp(got,
		   " -------ctxsw------- ----msr----- --paranoid--\n"
		   " cr3_writes    calls pasid_writes cr3_restores\n"
		   "         15        0  unsupported            2\n"),
	   "interval: group spans, labels, rates, unsupported"), got);
	cs_layout_free(&l);

	v.per_cpu = 1;
	cs_fit(&t, &v, 30, &l);
	f = mem_open();
	cs_print_interval_header(f, &t, &l);
	cs_print_interval(f, &t, &l, &v, 0.5);
	got = mem_close(f);
	show(ok(!strcmp(got,
		   "     --ctxsw--- --paranoid--\n"
		   "cpu  cr3_writes cr3_restores\n"
		   "0            20            8\n"
		   "1            40            0\n"),
	   "interval -p at 30 columns: a line per CPU"), got);
	cs_layout_free(&l);
	cs_table_free(&t);
}

static void test_table_output(void)
{
	struct cs_view v = { .col = -1 };
	struct cs_groups g;
	struct cs_table t;
	char err[CS_ERRLEN];
	const char *got;
	FILE *f;

	cs_parse_counters("counter group kind total cpu0 cpu1\n"
			  "a_x a exact 30 10 20\n"
			  "b_y b derived " U " " U " " U "\n",
			  &t, err);
	cs_parse_groups("group selected attached probes\na on yes p\nb off no q r\n",
			&g, err);
	f = mem_open();
	cs_print_table(f, &t, &g, &v);
	got = mem_close(f);
	show(ok(!strcmp(got, "a\n"
		   "  a_x          30\n"
		   "b  (group off: not counting)\n"
		   "  b_y unsupported  derived\n"),
	   "table: groups, values, unsupported, derived, a group off"), got);
	v.per_cpu = 1;
	f = mem_open();
	cs_print_table(f, &t, NULL, &v);
	got = mem_close(f);
	show(ok(!strcmp(got, "            total        cpu0        cpu1\n"
		   "a\n"
		   "  a_x          30          10          20\n"
		   "b\n"
		   "  b_y " U " " U " " U "  derived\n"),
	   "table -p: a column per CPU"), got);
	v.per_cpu = 0;
	v.col = 1;
	f = mem_open();
	cs_print_table(f, &t, NULL, &v);
	got = mem_close(f);
	show(ok(!strcmp(got, "             cpu1\n"
		   "a\n"
		   "  a_x          20\n"
		   "b\n"
		   "  b_y unsupported  derived\n"),
	   "table -C 1: that CPU only"), got);
	cs_groups_free(&g);
	cs_table_free(&t);
}

static void test_bench_output(void)
{
	char err[CS_ERRLEN], *text = fixture("bench-spec.txt");
	struct cs_estimate e;
	struct cs_bench b;
	struct cs_table t;
	const char *got;
	FILE *f;

	cs_parse_bench(text, &b, err);
	f = mem_open();
	cs_print_bench(f, &b);
	got = mem_close(f);
	show(ok(strstr(got, "op             cpu reps         min      median         p90         max\n") &&
	   strstr(got, "cr3_flush        0 1000         310         320         350        1200\n") &&
	   strstr(got, "cr3_noflush      0 1000 " U " " U " " U " " U "\n") &&
	   strstr(got, "  cr3_flush      ctxsw_cr3_writes - ctxsw_cr3_noflush + flush_cr3_writes\n"
			"                 - flush_cr3_noflush + other_cr3_writes - other_cr3_noflush\n"
			"                 + pti_cr3_writes\n") &&
	   strstr(got, "  wrmsr          msr_writes - msr_pasid_writes\n"),
	   "bench table and what each median prices"), got);

	cs_parse_counters("counter group kind total cpu0\n"
			  "ctxsw_cr3_writes ctxsw exact 400 400\n"
			  "msr_writes msr exact 2 2\n"
			  "msr_pasid_writes msr exact unsupported unsupported\n",
			  &t, err);
	cs_estimate(&b, &t, -1, &e);
	f = mem_open();
	cs_print_estimate(f, &e);
	got = mem_close(f);
	show(ok(strstr(got, "Estimated cost (an estimate: bench medians on cpu0 x counted events):\n") &&
	   strstr(got, "  cr3_flush          400      320           128000\n") &&
	   strstr(got, "  total                                     128300 cycles\n") &&
	   strstr(got, "not priced: cr3_noflush (no bench figure on this machine), 0 events\n") &&
	   strstr(got, "not counted: msr_pasid_writes (unsupported)\n") &&
	   strstr(got, "not counted: ctxsw_cr3_noflush (not in the counters table)\n"),
	   "estimate: labelled, per op, total, what was left out"), got);
	cs_estimate_free(&e);
	cs_table_free(&t);
	cs_bench_free(&b);
	free(text);
}

/* Parse a NULL-terminated argument list (after argv[0]). */
static int args(struct cs_args *a, char *err, ...)
{
	static char *argv[16];
	va_list ap;
	int argc = 1;

	argv[0] = "cr3stat";
	va_start(ap, err);
	while ((argv[argc] = va_arg(ap, char *)))
		argc++;
	va_end(ap);
	*err = '\0';
	return cs_parse_args(argc, argv, a, err);
}

static void bad(const char *why, const char *want, int r, const char *err)
{
	ok(r == -1 && strstr(err, want), "%s: '%s'", why, err);
}

static void test_args(void)
{
	char err[CS_ERRLEN];
	struct cs_args a;
	double d;
	long n;
	int r;

	r = args(&a, err, NULL);
	ok(!r && a.mode == CS_SNAPSHOT && a.cpu == -1 && !a.json,
	   "no operand: a snapshot");
	r = args(&a, err, "1", NULL);
	ok(!r && a.mode == CS_INTERVAL && a.interval == 1 && !a.count,
	   "INTERVAL alone: forever");
	r = args(&a, err, "-p", "0.25", "3", NULL);
	ok(!r && a.per_cpu && a.interval == 0.25 && a.count == 3,
	   "-p 0.25 3");
	r = args(&a, err, "--cpu=1", "-j", "2", NULL);
	ok(!r && a.cpu == 1 && a.json && a.mode == CS_INTERVAL, "--cpu=1 -j 2");
	r = args(&a, err, "--", "sh", "-c", "exit 3", NULL);
	ok(!r && a.mode == CS_COMMAND && !strcmp(a.argv[0], "sh") &&
	   !strcmp(a.argv[2], "exit 3") && !a.argv[3],
	   "-- COMMAND: the command keeps its own options");
	r = args(&a, err, "-g", "none", "--cost", "-o", "f", "--", "true",
		 NULL);
	ok(!r && a.mode == CS_COMMAND && !strcmp(a.groups, "none") &&
	   a.cost && !strcmp(a.output, "f"), "-g none --cost -o f -- true");
	r = args(&a, err, "-e", "msr,ctxsw", NULL);
	ok(!r && !strcmp(a.counters, "msr,ctxsw"), "-e LIST");
	r = args(&a, err, "-jC", "0", "bench", NULL);
	ok(!r && a.mode == CS_BENCH && a.cpu == 0 && a.json,
	   "-jC 0 bench");
	r = args(&a, err, "--help", NULL);
	ok(!r && a.mode == CS_HELP, "--help");

	bad("bad INTERVAL", "bad INTERVAL 'x'", args(&a, err, "x", NULL), err);
	bad("a command without --", "COMMAND goes after --",
	    args(&a, err, "true", NULL), err);
	bad("INTERVAL 0", "bad INTERVAL '0'", args(&a, err, "0", NULL), err);
	bad("INTERVAL 1e3", "bad INTERVAL", args(&a, err, "1e3", NULL), err);
	bad("INTERVAL too long", "bad INTERVAL",
	    args(&a, err, "86401", NULL), err);
	bad("negative INTERVAL", "unknown option -1",
	    args(&a, err, "-1", NULL), err);
	bad("COUNT 0", "bad COUNT '0'", args(&a, err, "1", "0", NULL), err);
	bad("COUNT -5", "bad COUNT '-5'", args(&a, err, "1", "-5", NULL), err);
	bad("COUNT x", "bad COUNT", args(&a, err, "1", "x", NULL), err);
	bad("three operands", "too many operands",
	    args(&a, err, "1", "2", "3", NULL), err);
	bad("bad CPU", "bad CPU 'one'", args(&a, err, "-C", "one", NULL), err);
	bad("negative CPU", "bad CPU", args(&a, err, "-C", "-1", NULL), err);
	bad("-C without its argument", "option -C needs an argument",
	    args(&a, err, "-C", NULL), err);
	bad("--cpu without its argument", "option --cpu needs an argument",
	    args(&a, err, "--cpu", NULL), err);
	bad("unknown short option", "unknown option -x",
	    args(&a, err, "-x", NULL), err);
	bad("unknown long option", "unknown option --nope",
	    args(&a, err, "--nope", NULL), err);
	bad("-- alone", "no COMMAND after --", args(&a, err, "--", NULL),
	    err);
	bad("-g swallowing --", "bad INTERVAL 'true'",
	    args(&a, err, "-g", "--", "true", NULL), err);
	bad("-p with -C", "exclude", args(&a, err, "-p", "-C", "0", NULL),
	    err);
	bad("--cost at an interval", "--cost",
	    args(&a, err, "--cost", "1", NULL), err);
	bad("bench with an operand", "bench takes no operand",
	    args(&a, err, "bench", "x", NULL), err);
	bad("bench -p", "bench takes neither",
	    args(&a, err, "-p", "bench", NULL), err);

	ok(!cs_parse_interval("0.001", &d) && !cs_parse_interval("86400", &d) &&
	   !cs_parse_interval(".5", &d) && d == 0.5 &&
	   cs_parse_interval("0.0009", &d) && cs_parse_interval(".", &d) &&
	   cs_parse_interval("", &d) && cs_parse_interval(" 1", &d) &&
	   cs_parse_interval("inf", &d) && cs_parse_interval("1,5", &d),
	   "INTERVAL bounds and forms");
	ok(!cs_parse_count("9223372036854775807", &n) &&
	   cs_parse_count("9223372036854775808", &n) &&
	   cs_parse_count("+1", &n), "COUNT bounds and forms");
}

static void test_join(void)
{
	char *argv[6], *s;

	argv[0] = "sh";
	argv[1] = "-c";
	argv[2] = "echo 'hi'; exit 3";
	argv[3] = "";
	argv[4] = "a=b,c";
	argv[5] = NULL;
	s = cs_join_argv(argv);

	ok(!strcmp(s, "sh -c 'echo '\\''hi'\\''; exit 3' '' a=b,c"),
	   "a command line quoted as a shell reads it: %s", s);
	free(s);
}

int main(void)
{
	test_json();
	test_fit();
	test_interval_output();
	test_table_output();
	test_bench_output();
	test_args();
	test_join();
	free(mem_buf);
	return done_testing();
}
