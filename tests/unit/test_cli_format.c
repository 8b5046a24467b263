// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the CLI's output and command line (cli/format.c,
 * cli/json.c, cli/csv.c, cli/prom.c, cli/args.c): JSON escaping and
 * structure, interval column fitting on the real counters table, the
 * printed tables, the estimate's labelling, CSV, the Prometheus text
 * format, argument parsing.  Real parsers (jq, promtool) check the
 * command's output in test_cli_run.c.
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

/* Each case escapes as wanted: NULL, or the first case that does not. */
static const char *escapes(void (*esc)(FILE *, const char *),
			   const char *const *cases, int n)
{
	const char *got;
	int i;

	for (i = 0; i < n; i += 2) {
		FILE *f = mem_open();

		esc(f, cases[i]);
		got = mem_close(f);
		if (strcmp(got, cases[i + 1]))
			return tap_esc(cases[i]);
	}
	return NULL;
}

#define ESCAPES(esc, cases) escapes(esc, cases, ARRAY_SIZE(cases))

static void test_json(void)
{
	static const char *const specials[] = {
		"plain", "\"plain\"", "", "\"\"",
		"a\"b\\c/d", "\"a\\\"b\\\\c/d\"",
		"\n\t\r\b\f", "\"\\n\\t\\r\\b\\f\"",
	};
	static const char *const controls[] = {
		"\x01\x1f\x7f", "\"\\u0001\\u001f\x7f\"",
	};
	static const char *const utf8[] = {
		"caf\xc3\xa9 \xf0\x9f\x98\x80", "\"caf\xc3\xa9 \xf0\x9f\x98\x80\"",
	};
	static const char *const invalid[] = {
		"a\xff\x62", "\"a\\ufffdb\"",
		"\xc3", "\"\\ufffd\"",
		"\xc0\xaf", "\"\\ufffd\\ufffd\"",
		"\xe0\x80\xaf", "\"\\ufffd\\ufffd\\ufffd\"",
		"\xed\xa0\x80", "\"\\ufffd\\ufffd\\ufffd\"",
		"\xf4\x90\x80\x80", "\"\\ufffd\\ufffd\\ufffd\\ufffd\"",
		"\xe2\x82", "\"\\ufffd\\ufffd\"",
	};
	struct cs_table t;
	struct cs_view v = { 0 };
	struct cs_json j;
	char err[CS_ERRLEN];
	const char *got;
	FILE *f;

	got = ESCAPES(cs_json_escape, specials);
	ok(!got,
	   "JSON strings: quotes, backslashes and \\n \\t \\r \\b \\f escaped%s",
	   failing(got));
	got = ESCAPES(cs_json_escape, controls);
	ok(!got,
	   "JSON strings: other controls as \\u00XX, DEL kept%s", failing(got));
	got = ESCAPES(cs_json_escape, utf8);
	ok(!got,
	   "JSON strings: valid UTF-8 kept as it is%s", failing(got));
	got = ESCAPES(cs_json_escape, invalid);
	ok(!got,
	   "JSON strings: each byte of invalid UTF-8 (stray, truncated, overlong, surrogate, beyond U+10FFFF) becomes U+FFFD%s",
	   failing(got));

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
	cs_json_cpus(&j, &t);
	cs_json_counters(&j, &t, &v, "delta", 2.0);
	cs_json_close(&j, '}');
	cs_json_end(&j);
	got = mem_close(f);
	ok(strstr(got, "{\"cpus\":[0,3],\"counters\":[{\"name\":\"u\",\"group\":\"g\",\"kind\":\"derived\",\"supported\":false,\"delta\":null,\"rate\":null,\"per_cpu\":{\"cpu0\":null,\"cpu3\":null},\"per_cpu_rate\":{\"cpu0\":null,\"cpu3\":null}},") &&
	   strstr(got, "{\"name\":\"w\",\"group\":\"g\",\"kind\":\"exact\",\"supported\":true,\"delta\":6,\"rate\":3.000,\"per_cpu\":{\"cpu0\":2,\"cpu3\":4},\"per_cpu_rate\":{\"cpu0\":1.000,\"cpu3\":2.000}}]}\n"),
	   "JSON counters -A: the CPUs; unsupported is null, never 0; rates");
	v.per_cpu = 0;
	f = mem_open();
	cs_json_init(&j, f);
	cs_json_open(&j, NULL, '{');
	cs_json_counters(&j, &t, &v, "total", 0);
	cs_json_close(&j, '}');
	got = mem_close(f);
	ok(strstr(got, "\"supported\":true,\"total\":6}]}") &&
	   !strstr(got, "per_cpu") && !strstr(got, "rate"),
	   "JSON counters without -A: totals, no rates");
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
	struct cs_view v = { 0 };
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
	   "-A: a cpu column, still within 80 (%d)", layout_width(&l));
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
	free(text);
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
	struct cs_view v = { 0 };
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
	   "interval -A at 30 columns: a line per CPU"), got);
	cs_layout_free(&l);
	cs_table_free(&t);
}

static void test_table_output(void)
{
	struct cs_view v = { 0 };
	struct cs_cpus c;
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
	   "table -A: a column per CPU"), got);
	v.per_cpu = 0;
	v.cpus_label = "cpu1";
	cs_parse_cpus("1", &c);
	cs_keep_cpus(&t, &c);
	cs_cpus_free(&c);
	f = mem_open();
	cs_print_table(f, &t, NULL, &v);
	got = mem_close(f);
	show(ok(!strcmp(got, "             cpu1\n"
		   "a\n"
		   "  a_x          20\n"
		   "b\n"
		   "  b_y unsupported  derived\n"),
	   "table -C 1: that CPU's counts, titled so"), got);
	cs_groups_free(&g);
	cs_table_free(&t);
}

static void test_bench_output(void)
{
	char err[CS_ERRLEN], *text = fixture("bench-6.12.txt");
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
	   strstr(got, "cr3_flush        0 1000        8658       11518       12896       97604\n") &&
	   strstr(got, "cr3_noflush      0 1000 " U " " U " " U " " U "\n") &&
	   strstr(got, "  cr3_flush      ctxsw_cr3_writes - ctxsw_cr3_noflush + flush_cr3_writes\n"
			"                 - flush_cr3_noflush + other_cr3_writes - other_cr3_noflush\n"
			"                 + pti_cr3_writes + paranoid_cr3_restores\n") &&
	   strstr(got, "  wrmsr          msr_writes - msr_pasid_writes\n"),
	   "bench table and what each median prices"), got);

	cs_parse_counters("counter group kind total cpu0\n"
			  "ctxsw_cr3_writes ctxsw exact 400 400\n"
			  "msr_writes msr exact 2 2\n"
			  "msr_pasid_writes msr exact unsupported unsupported\n",
			  &t, err);
	cs_estimate(&b, &t, &e);
	f = mem_open();
	cs_print_estimate(f, &e);
	got = mem_close(f);
	show(ok(strstr(got, "Estimated cost (an estimate: bench medians on cpu0 x counted events):\n") &&
	   strstr(got, "  cr3_flush          400    11518          4607200\n") &&
	   strstr(got, "  total                                    4607304 cycles\n") &&
	   strstr(got, "not priced: cr3_noflush (no bench figure on this machine), 0 events\n") &&
	   strstr(got, "not counted: msr_pasid_writes (unsupported)\n") &&
	   strstr(got, "not counted: ctxsw_cr3_noflush (not in the counters table)\n"),
	   "estimate: labelled, per op, total, what was left out"), got);
	cs_estimate_free(&e);
	cs_table_free(&t);
	cs_bench_free(&b);
	free(text);
}

static void test_csv(void)
{
	struct cs_view v = { 0 };
	struct cs_table t;
	char err[CS_ERRLEN];
	const char *got;
	FILE *f;

	cs_parse_counters("counter group kind total cpu0 cpu1\n"
			  "a_x a exact 30 10 20\n"
			  "b_y b derived " U " " U " " U "\n",
			  &t, err);
	f = mem_open();
	cs_csv_header(f, ",", CS_CSV_TOTAL);
	cs_csv_rows(f, ",", CS_CSV_TOTAL, &t, &v, 0, 0);
	got = mem_close(f);
	show(ok(!strcmp(got, "counter,group,kind,cpu,total\n"
			"a_x,a,exact,0-1,30\n"
			"b_y,b,derived,0-1," U "\n"),
		"CSV: a header, a row per counter summed over the CPUs (0-1), unsupported said"),
	     got);
	v.per_cpu = 1;
	f = mem_open();
	cs_csv_header(f, ";", CS_CSV_DELTA);
	cs_csv_rows(f, ";", CS_CSV_DELTA, &t, &v, 0, 0);
	got = mem_close(f);
	show(ok(!strcmp(got, "counter;group;kind;cpu;delta\n"
			"a_x;a;exact;0;10\n"
			"a_x;a;exact;1;20\n"
			"b_y;b;derived;0;" U "\n"
			"b_y;b;derived;1;" U "\n"),
		"CSV -A with another separator: a row per counter and CPU"), got);
	v.per_cpu = 0;
	f = mem_open();
	cs_csv_header(f, ",", CS_CSV_INTERVAL);
	cs_csv_rows(f, ",", CS_CSV_INTERVAL, &t, &v, 1.5, 0.5);
	got = mem_close(f);
	show(ok(!strcmp(got, "time,counter,group,kind,cpu,delta,rate\n"
			"1.500,a_x,a,exact,0-1,30,60.000\n"
			"1.500,b_y,b,derived,0-1," U "," U "\n"),
		"CSV at an interval: the time, the delta and the rate per second"),
	     got);
	cs_table_free(&t);
}

static void test_prom(void)
{
	static const char *const labels[] = {
		"a\"b\\c\nd", "\"a\\\"b\\\\c\\nd\"",
		"tab\there", "\"tab\there\"",
		"bad\xff", "\"bad\xef\xbf\xbd\"",
	};
	struct cs_groups g;
	struct cs_table t;
	struct cs_info info;
	char err[CS_ERRLEN];
	unsigned char sel[2] = { 1, 0 };
	const char *got;
	FILE *f;

	got = ESCAPES(cs_prom_escape, labels);
	ok(!got,
	   "Prometheus label values: quote, backslash and newline escaped, invalid UTF-8 replaced%s",
	   failing(got));

	cs_parse_counters("counter group kind total cpu0 cpu2\n"
			  "a_x a exact 30 10 20\n"
			  "b_y b derived " U " " U " " U "\n",
			  &t, err);
	cs_parse_groups("group selected attached probes\na on yes p\nb off no q\n",
			&g, err);
	cs_parse_info("version: 0.1.0\nkernel: 6.12\nbad-key: x\n"
		      "pasid: unsupported: \"no\"\nversion: 2\n", &info);
	f = mem_open();
	cs_prom_write(f, &t, &g, &info, NULL);
	got = mem_close(f);
	show(ok(!strcmp(got,
		"# HELP cr3stat_info The loaded cr3stat module and the kernel features that decide what it counts (its info file), as labels.\n"
		"# TYPE cr3stat_info gauge\n"
		"cr3stat_info{version=\"0.1.0\",kernel=\"6.12\",pasid=\"unsupported: \\\"no\\\"\"} 1\n"
		"# HELP cr3stat_group_attached 1 when the probe group's probes are registered and counting, 0 when its counters stand still.\n"
		"# TYPE cr3stat_group_attached gauge\n"
		"cr3stat_group_attached{group=\"a\"} 1\n"
		"cr3stat_group_attached{group=\"b\"} 0\n"
		"# HELP cr3stat_supported 1 when this machine produces the counter's events; 0 when the module reports it unsupported, and cr3stat_<counter>_total is then left out.\n"
		"# TYPE cr3stat_supported gauge\n"
		"cr3stat_supported{counter=\"a_x\",group=\"a\",kind=\"exact\"} 1\n"
		"cr3stat_supported{counter=\"b_y\",group=\"b\",kind=\"derived\"} 0\n"
		"# HELP cr3stat_a_x_total cr3stat counter a_x (group a, exact): events per CPU since the module was loaded or reset.\n"
		"# TYPE cr3stat_a_x_total counter\n"
		"cr3stat_a_x_total{cpu=\"0\",group=\"a\",kind=\"exact\"} 10\n"
		"cr3stat_a_x_total{cpu=\"2\",group=\"a\",kind=\"exact\"} 20\n"),
		"Prometheus: info labels (a key twice or not a label name left out), groups, a series per CPU, an unsupported counter left out and said so"),
	     got);
	f = mem_open();
	sel[0] = 0;
	sel[1] = 1;
	cs_prom_write(f, &t, &g, &info, sel);
	got = mem_close(f);
	ok(!strstr(got, "a_x") && strstr(got, "counter=\"b_y\"") &&
	   strstr(got, "cr3stat_info{"),
	   "Prometheus -e: only the counters selected");
	cs_info_free(&info);
	cs_groups_free(&g);
	cs_table_free(&t);
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

/*
 * Each NULL-terminated argument list of @cases (after argv[0]) fails to
 * parse with an error containing its expected text: NULL, or the first
 * case that does not.
 */
static const char *all_bad(const char *const cases[][6], int n)
{
	static char desc[CS_ERRLEN + 64];
	char err[CS_ERRLEN];
	struct cs_args a;
	char *argv[8];
	int i, k;

	for (i = 0; i < n; i++) {
		argv[0] = "cr3stat";
		for (k = 1; cases[i][k]; k++)
			argv[k] = (char *)cases[i][k];
		argv[k] = NULL;
		*err = '\0';
		if (cs_parse_args(k, argv, &a, err) != -1 ||
		    !strstr(err, cases[i][0]) || a.cpus.n || a.cpus.cpu) {
			snprintf(desc, sizeof(desc), "%s: '%s'", argv[1], err);
			return desc;
		}
	}
	return NULL;
}

#define ALL_BAD(cases) all_bad(cases, ARRAY_SIZE(cases))

static void test_args(void)
{
	/* the expected error, then the arguments */
	static const char *const operands[][6] = {
		{ "bad INTERVAL 'x'", "x" },
		{ "COMMAND goes after --", "true" },
		{ "bad INTERVAL '0'", "0" },
		{ "bad INTERVAL", "1e3" },
		{ "bad INTERVAL", "86401" },
		{ "unknown option -1", "-1" },
		{ "bad COUNT '0'", "1", "0" },
		{ "bad COUNT '-5'", "1", "-5" },
		{ "bad COUNT", "1", "x" },
		{ "too many operands", "1", "2", "3" },
		{ "no COMMAND after --", "--" },
		{ "bad INTERVAL 'true'", "-g", "--", "true" },
		{ "bench takes no operand", "bench", "x" },
	};
	static const char *const options[][6] = {
		{ "unknown option -z", "-z" },
		{ "unknown option --nope", "--nope" },
		{ "option -C needs an argument", "-C" },
		{ "option --cpu needs an argument", "--cpu" },
		{ "bad CPU list 'one'", "-C", "one" },
		{ "bad CPU list", "-C", "-1" },
		{ "bad CPU list '1,,2'", "-C", "1,,2" },
		{ "bad CPU list '0,3-1'", "-C", "0,3-1" },
		{ "bad -I '0'", "-I", "0" },
		{ "bad -I '0.5'", "-I", "0.5" },
		{ "bad -I", "-I", "86400001" },
		{ "bad -x ''", "-x", "" },
		{ "bad -x 'a'", "-x", "a" },
		{ "bad -x", "-x", "." },
	};
	static const char *const conflicting[][6] = {
		{ "not per process", "-p", "1234" },
		{ "exclude each other", "-j", "-x", "," },
		{ "exclude each other", "--prometheus", "-j" },
		{ "--cost goes with a snapshot", "--cost", "1" },
		{ "--cost goes with the table or -j", "--cost", "-x", "," },
		{ "--prometheus writes a snapshot", "--prometheus", "1" },
		{ "--prometheus writes a snapshot", "--prometheus", "bench" },
		{ "--prometheus writes a snapshot", "--prometheus", "--", "true" },
		{ "bench takes none of", "-A", "bench" },
		{ "bench takes none of", "-x", ",", "bench" },
		{ "bench runs on one CPU", "-C", "0-1", "bench" },
		{ "-I goes without a COMMAND", "-I", "100", "--", "true" },
		{ "bad COUNT 'bench'", "-I", "100", "bench" },
		{ "too many operands", "-I", "100", "1", "2" },
	};
	char err[CS_ERRLEN];
	const char *why;
	struct cs_args a;
	double d;
	long n;
	int r;

	r = args(&a, err, NULL);
	ok(!r && a.mode == CS_SNAPSHOT && !a.cpus.n && a.format == CS_TEXT,
	   "no operand: a snapshot");
	r = args(&a, err, "1", NULL);
	ok(!r && a.mode == CS_INTERVAL && a.interval == 1 && !a.count,
	   "INTERVAL alone: forever");
	r = args(&a, err, "-A", "0.25", "3", NULL);
	ok(!r && a.per_cpu && a.interval == 0.25 && a.count == 3,
	   "-A 0.25 3");
	r = args(&a, err, "-I", "250", "3", NULL);
	ok(!r && a.mode == CS_INTERVAL && a.interval == 0.25 && a.count == 3,
	   "-I 250 3 is 0.25 3");
	r = args(&a, err, "--cpu=1,3-4", "-j", "2", NULL);
	ok(!r && a.cpus.n == 3 && a.cpus.cpu[0] == 1 && a.cpus.cpu[2] == 4 &&
	   a.format == CS_JSON && a.mode == CS_INTERVAL,
	   "--cpu=1,3-4 -j 2: a CPU list");
	cs_args_free(&a);
	r = args(&a, err, "-x", ";", "-A", "-e", "msr,ctxsw", NULL);
	ok(!r && a.format == CS_CSV && !strcmp(a.sep, ";") && a.per_cpu &&
	   !strcmp(a.counters, "msr,ctxsw"), "-x ';' -A -e LIST");
	r = args(&a, err, "--prometheus", "-o", "f.prom", "-C", "0", NULL);
	ok(!r && a.format == CS_PROM && !strcmp(a.output, "f.prom") &&
	   a.mode == CS_SNAPSHOT, "--prometheus -o f.prom -C 0");
	cs_args_free(&a);
	r = args(&a, err, "--", "sh", "-c", "exit 3", NULL);
	ok(!r && a.mode == CS_COMMAND && !strcmp(a.argv[0], "sh") &&
	   !strcmp(a.argv[2], "exit 3") && !a.argv[3],
	   "-- COMMAND: the command keeps its own options");
	r = args(&a, err, "-g", "none", "--cost", "-o", "f", "--", "true",
		 NULL);
	ok(!r && a.mode == CS_COMMAND && !strcmp(a.groups, "none") &&
	   a.cost && !strcmp(a.output, "f"), "-g none --cost -o f -- true");
	r = args(&a, err, "-jC", "0", "bench", NULL);
	ok(!r && a.mode == CS_BENCH && a.cpus.n == 1 && !a.cpus.cpu[0] &&
	   a.format == CS_JSON, "-jC 0 bench");
	cs_args_free(&a);
	r = args(&a, err, "--help", NULL);
	ok(!r && a.mode == CS_HELP, "--help");

	why = ALL_BAD(operands);
	ok(!why,
	   "bad operands are usage errors: INTERVAL, COUNT, a COMMAND without --, bench's operand%s",
	   failing(why));
	why = ALL_BAD(options);
	ok(!why,
	   "bad options are usage errors: unknown, without their argument, bad CPU lists, -I, -x%s",
	   failing(why));
	why = ALL_BAD(conflicting);
	ok(!why,
	   "options that do not go together are usage errors: -p, two formats, --cost, --prometheus, bench, -I%s",
	   failing(why));

	ok(!cs_parse_interval("0.001", &d) && !cs_parse_interval("86400", &d) &&
	   !cs_parse_interval("1.", &d) && d == 1 &&
	   !cs_parse_interval(".5", &d) && d == 0.5 &&
	   cs_parse_interval("0.0009", &d) && cs_parse_interval(".", &d) &&
	   cs_parse_interval("", &d) && cs_parse_interval(" 1", &d) &&
	   cs_parse_interval("+1", &d) && cs_parse_interval("1..2", &d) &&
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
	test_csv();
	test_prom();
	test_args();
	test_join();
	free(mem_buf);
	return done_testing();
}
