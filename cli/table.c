// SPDX-License-Identifier: GPL-2.0
/*
 * Parsers for what the module prints (counters, groups, bench, info) and
 * /proc/mounts, and the arithmetic on parsed tables: deltas, CPU lists,
 * the cost estimate, counter selection.  Pure: no I/O beyond allocation
 * (and a memory stream for getmntent()).
 *
 * Tables are read by their header names, never by position, and every
 * row must have as many fields as the header: the module may add columns
 * and rows, and a misread table must fail loudly rather than show numbers
 * from the wrong column.  The columns every module has printed are
 * required.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <mntent.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "cr3stat.h"

/* CPU numbers beyond this are typos (the kernel's NR_CPUS is at most 8192) */
#define MAX_CPU 65535

const char *const cs_bench_val_names[CS_B_NVAL] = {
	[CS_B_MIN] = "min",
	[CS_B_MEDIAN] = "median",
	[CS_B_P90] = "p90",
	[CS_B_MAX] = "max",
};

static void cs_oom(void)
{
	fputs("cr3stat: out of memory\n", stderr);
	exit(CS_EXIT_ERROR);
}

void *cs_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		cs_oom();
	return p;
}

void *cs_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		cs_oom();
	return p;
}

void *cs_xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		cs_oom();
	return p;
}

char *cs_xstrdup(const char *s)
{
	char *p = strdup(s);

	if (!p)
		cs_oom();
	return p;
}

static int seterr(char *err, const char *fmt, ...)
{
	va_list ap;

	if (err) {
		va_start(ap, fmt);
		vsnprintf(err, CS_ERRLEN, fmt, ap);
		va_end(ap);
	}
	return -1;
}

/* The fields of one line, split in place at blanks. */
struct fields {
	int n, cap;
	char **f;
};

static int split(char *line, struct fields *fl)
{
	char *p = line;

	fl->n = 0;
	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '\r')
			p++;
		if (!*p)
			break;
		if (fl->n == fl->cap) {
			fl->cap = fl->cap ? 2 * fl->cap : 16;
			fl->f = cs_xrealloc(fl->f, fl->cap * sizeof(*fl->f));
		}
		fl->f[fl->n++] = p;
		while (*p && *p != ' ' && *p != '\t' && *p != '\r')
			p++;
		if (*p)
			*p++ = '\0';
	}
	return fl->n;
}

/* Cut the next line off *pos; NULL at the end of the text. */
static char *next_line(char **pos)
{
	char *line = *pos, *nl;

	if (!line || !*line)
		return NULL;
	nl = strchr(line, '\n');
	if (nl) {
		*nl = '\0';
		*pos = nl + 1;
	} else {
		*pos = NULL;
	}
	return line;
}

/* Unsigned decimal, digits only, no overflow: 0 or -1. */
int cs_parse_u64(const char *s, unsigned long long *v)
{
	unsigned long long x;
	char *end;

	/* strtoull() takes blanks and a sign, and negates "-1": not here */
	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	x = strtoull(s, &end, 10);
	if (*end || errno)
		return -1;
	*v = x;
	return 0;
}

/* A bench figure: as cs_parse_u64(), and it fits in a long long. */
static int parse_figure(const char *s, long long *v)
{
	unsigned long long x;

	if (cs_parse_u64(s, &x) || x > LLONG_MAX)
		return -1;
	*v = (long long)x;
	return 0;
}

/* The N of a "cpuN" column name, or -1. */
static int cpu_column(const char *name)
{
	unsigned long long n;

	if (strncmp(name, "cpu", 3) || cs_parse_u64(name + 3, &n) ||
	    n > MAX_CPU || (name[3] == '0' && name[4]))
		return -1;
	return (int)n;
}

void cs_table_free(struct cs_table *t)
{
	int i;

	for (i = 0; i < t->n; i++) {
		free(t->c[i].name);
		free(t->c[i].group);
		free(t->c[i].kind);
		free(t->c[i].cpu);
	}
	free(t->c);
	free(t->cpus);
	memset(t, 0, sizeof(*t));
}

int cs_find_counter(const struct cs_table *t, const char *name)
{
	int i;

	for (i = 0; i < t->n; i++)
		if (!strcmp(t->c[i].name, name))
			return i;
	return -1;
}

int cs_find_cpu(const struct cs_table *t, int cpu)
{
	int i;

	for (i = 0; i < t->ncpu; i++)
		if (t->cpus[i] == cpu)
			return i;
	return -1;
}

/* A value cell: a number, or "unsupported" (sets *unsup). */
static int value_cell(const char *s, unsigned long long *v, int *unsup)
{
	if (!strcmp(s, "unsupported")) {
		*unsup = 1;
		*v = 0;
		return 0;
	}
	return cs_parse_u64(s, v);
}

/**
 * cs_parse_counters() - parse the module's counters table
 * @text: the file's contents
 * @t: filled on success, empty on failure
 * @err: CS_ERRLEN bytes for the reason of a failure
 *
 * Header "counter group kind total cpu0 ... cpuN" in any order, extra
 * columns ignored, all of these required (one cpuN at least); a row with
 * "unsupported" in a value column is unsupported as a whole, so it can
 * never be shown as 0.
 *
 * Return: 0, or -1 with @err set.
 */
int cs_parse_counters(const char *text, struct cs_table *t, char *err)
{
	char *copy = cs_xstrdup(text), *pos = copy, *line;
	int c_name = -1, c_group = -1, c_kind = -1, c_total = -1;
	int *cpucol = NULL, ncol = 0, lineno = 0, i, k, r = -1;
	struct fields fl = { 0 };

	memset(t, 0, sizeof(*t));
	while ((line = next_line(&pos))) {
		lineno++;
		if (!split(line, &fl))
			continue;
		if (!ncol) {
			ncol = fl.n;
			cpucol = cs_xcalloc(ncol, sizeof(*cpucol));
			t->cpus = cs_xcalloc(ncol, sizeof(*t->cpus));
			for (i = 0; i < ncol; i++) {
				const char *h = fl.f[i];
				int cpu = cpu_column(h);
				int *col = !strcmp(h, "counter") ? &c_name :
					   !strcmp(h, "group") ? &c_group :
					   !strcmp(h, "kind") ? &c_kind :
					   !strcmp(h, "total") ? &c_total : NULL;

				if (col && *col >= 0) {
					seterr(err, "line %d: column %s twice",
					       lineno, h);
					goto out;
				}
				if (col)
					*col = i;
				if (cpu < 0)
					continue;
				if (t->ncpu && cpu <= t->cpus[t->ncpu - 1]) {
					seterr(err, "line %d: CPU columns out of order at %s",
					       lineno, h);
					goto out;
				}
				cpucol[t->ncpu] = i;
				t->cpus[t->ncpu++] = cpu;
			}
			if (c_name < 0 || c_group < 0 || c_kind < 0 ||
			    c_total < 0 || !t->ncpu) {
				seterr(err, "line %d: no %s column in the header",
				       lineno, c_name < 0 ? "counter" :
				       c_group < 0 ? "group" :
				       c_kind < 0 ? "kind" :
				       c_total < 0 ? "total" : "cpuN");
				goto out;
			}
			continue;
		}
		if (fl.n != ncol) {
			seterr(err, "line %d: %d fields, the header has %d",
			       lineno, fl.n, ncol);
			goto out;
		}
		if (cs_find_counter(t, fl.f[c_name]) >= 0) {
			seterr(err, "line %d: counter %s twice", lineno,
			       fl.f[c_name]);
			goto out;
		}
		t->c = cs_xrealloc(t->c, (t->n + 1) * sizeof(*t->c));
		{
			struct cs_counter *c = &t->c[t->n++];

			memset(c, 0, sizeof(*c));
			c->name = cs_xstrdup(fl.f[c_name]);
			c->group = cs_xstrdup(fl.f[c_group]);
			c->kind = cs_xstrdup(fl.f[c_kind]);
			c->cpu = cs_xcalloc(t->ncpu, sizeof(*c->cpu));
			if (value_cell(fl.f[c_total], &c->total,
				       &c->unsupported)) {
				seterr(err, "line %d: bad total '%s'", lineno,
				       fl.f[c_total]);
				goto out;
			}
			for (k = 0; k < t->ncpu; k++) {
				if (value_cell(fl.f[cpucol[k]], &c->cpu[k],
					       &c->unsupported)) {
					seterr(err, "line %d: bad value '%s' for cpu%d",
					       lineno, fl.f[cpucol[k]],
					       t->cpus[k]);
					goto out;
				}
			}
			if (c->unsupported) {
				c->total = 0;
				memset(c->cpu, 0, t->ncpu * sizeof(*c->cpu));
			}
		}
	}
	if (!ncol)
		seterr(err, "empty table");
	else
		r = 0;
out:
	if (r)
		cs_table_free(t);
	free(fl.f);
	free(cpucol);
	free(copy);
	return r;
}

/**
 * cs_delta() - what happened between two reads of the counters
 * @before: the earlier table
 * @after: the later one
 * @d: @after's rows with @after - @before as values
 * @err: CS_ERRLEN bytes for the reason of a failure
 *
 * Counters are matched by name.  A value that went backwards was reset in
 * between: its delta is the count since the reset (a lower bound) and
 * @d->reset says so; so does a counter that was not there before.  The
 * total is the sum of the CPU deltas, as the module's total is the sum of
 * its CPU columns.
 *
 * Return: 0, or -1 when the CPU columns differ.
 */
int cs_delta(const struct cs_table *before, const struct cs_table *after,
	     struct cs_table *d, char *err)
{
	int i, k;

	memset(d, 0, sizeof(*d));
	if (before->ncpu != after->ncpu ||
	    memcmp(before->cpus, after->cpus,
		   after->ncpu * sizeof(*after->cpus)))
		return seterr(err, "the CPU columns changed between two reads (module reloaded?)");

	d->ncpu = after->ncpu;
	d->cpus = cs_xcalloc(d->ncpu, sizeof(*d->cpus));
	memcpy(d->cpus, after->cpus, d->ncpu * sizeof(*d->cpus));
	d->n = after->n;
	d->c = cs_xcalloc(d->n, sizeof(*d->c));
	for (i = 0; i < d->n; i++) {
		const struct cs_counter *a = &after->c[i], *b = NULL;
		struct cs_counter *c = &d->c[i];
		unsigned long long bv;
		int j = i < before->n && !strcmp(before->c[i].name, a->name) ?
			i : cs_find_counter(before, a->name);

		if (j >= 0)
			b = &before->c[j];
		else
			d->reset = 1;
		c->name = cs_xstrdup(a->name);
		c->group = cs_xstrdup(a->group);
		c->kind = cs_xstrdup(a->kind);
		c->cpu = cs_xcalloc(d->ncpu, sizeof(*c->cpu));
		c->unsupported = a->unsupported || (b && b->unsupported);
		if (c->unsupported)
			continue;
		for (k = 0; k < d->ncpu; k++) {
			bv = b ? b->cpu[k] : 0;
			if (a->cpu[k] < bv) {
				d->reset = 1;
				bv = 0;
			}
			c->cpu[k] = a->cpu[k] - bv;
			c->total += c->cpu[k];
		}
	}
	return 0;
}

void cs_cpus_free(struct cs_cpus *c)
{
	free(c->cpu);
	memset(c, 0, sizeof(*c));
}

static int by_int(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

/**
 * cs_parse_cpus() - a CPU list, as perf's -C and the kernel's cpulists
 * @s: "N", "N-M" or a comma list of those ("0-3,7")
 * @c: the CPUs, sorted, each once
 *
 * Return: 0, or -1 for a list that does not parse (empty items, M < N,
 * CPUs beyond MAX_CPU), with @c empty.
 */
int cs_parse_cpus(const char *s, struct cs_cpus *c)
{
	char *copy = cs_xstrdup(s), *item, *save = NULL, *dash;
	unsigned long long lo, hi, k;
	int i, n = 0;

	memset(c, 0, sizeof(*c));
	/* strtok_r() would skip empty items: "1,,2" must fail */
	if (!*s || *s == ',' || s[strlen(s) - 1] == ',' || strstr(s, ",,"))
		goto bad;
	for (item = strtok_r(copy, ",", &save); item;
	     item = strtok_r(NULL, ",", &save)) {
		dash = strchr(item, '-');
		if (dash)
			*dash++ = '\0';
		if (cs_parse_u64(item, &lo) ||
		    cs_parse_u64(dash ?: item, &hi) || hi < lo || hi > MAX_CPU)
			goto bad;
		c->cpu = cs_xrealloc(c->cpu, (c->n + hi - lo + 1) *
				     sizeof(*c->cpu));
		for (k = lo; k <= hi; k++)
			c->cpu[c->n++] = (int)k;
	}
	qsort(c->cpu, c->n, sizeof(*c->cpu), by_int);
	for (i = 0; i < c->n; i++)
		if (!n || c->cpu[i] != c->cpu[n - 1])
			c->cpu[n++] = c->cpu[i];
	c->n = n;
	free(copy);
	return 0;
bad:
	free(copy);
	cs_cpus_free(c);
	return -1;
}

/* The CPUs @cpu[0..n) as a cpulist ("0-3,7"), allocated. */
char *cs_cpus_str(const int *cpu, int n)
{
	char *buf = cs_xmalloc(24 * (size_t)n + 1), *o = buf;
	int i, j;

	*buf = '\0';
	for (i = 0; i < n; i = j + 1) {
		for (j = i; j + 1 < n && cpu[j + 1] == cpu[j] + 1; j++)
			;
		o += sprintf(o, "%s%d", i ? "," : "", cpu[i]);
		if (j > i)
			o += sprintf(o, "-%d", cpu[j]);
	}
	return buf;
}

/**
 * cs_keep_cpus() - keep only some CPU columns of a table
 * @t: the table; its totals become the sums of the columns kept
 * @c: the CPUs to keep
 *
 * Return: 0, or the first CPU of @c that @t has no column for (the table
 * is then unchanged), as a positive number plus one.
 */
int cs_keep_cpus(struct cs_table *t, const struct cs_cpus *c)
{
	int *col = cs_xcalloc(c->n, sizeof(*col));
	int i, k;

	for (k = 0; k < c->n; k++) {
		col[k] = cs_find_cpu(t, c->cpu[k]);
		if (col[k] < 0) {
			free(col);
			return c->cpu[k] + 1;
		}
	}
	for (i = 0; i < t->n; i++) {
		struct cs_counter *r = &t->c[i];

		r->total = 0;
		for (k = 0; k < c->n; k++) {
			r->cpu[k] = r->cpu[col[k]];
			r->total += r->cpu[k];
		}
	}
	memcpy(t->cpus, c->cpu, c->n * sizeof(*t->cpus));
	t->ncpu = c->n;
	free(col);
	return 0;
}

static int on_off(const char *s)
{
	if (!strcmp(s, "on") || !strcmp(s, "yes"))
		return 1;
	if (!strcmp(s, "off") || !strcmp(s, "no"))
		return 0;
	return -1;
}

void cs_groups_free(struct cs_groups *g)
{
	int i;

	for (i = 0; i < g->n; i++)
		free(g->g[i].name);
	free(g->g);
	memset(g, 0, sizeof(*g));
}

/**
 * cs_parse_groups() - parse the module's groups file
 * @text: the file's contents
 * @g: filled on success, empty on failure
 * @err: CS_ERRLEN bytes for the reason of a failure
 *
 * Header "group selected attached probes", the first three required; the
 * last column is free text with blanks, so rows may have more fields
 * than the header.
 *
 * Return: 0, or -1 with @err set.
 */
int cs_parse_groups(const char *text, struct cs_groups *g, char *err)
{
	char *copy = cs_xstrdup(text), *pos = copy, *line;
	int c_name = -1, c_sel = -1, c_att = -1, need = 0, lineno = 0;
	int hdr = 0, i, r = -1;
	struct fields fl = { 0 };

	memset(g, 0, sizeof(*g));
	while ((line = next_line(&pos))) {
		struct cs_group *e;

		lineno++;
		if (!split(line, &fl))
			continue;
		if (!hdr) {
			hdr = 1;
			for (i = 0; i < fl.n; i++) {
				if (!strcmp(fl.f[i], "group") && c_name < 0)
					c_name = i;
				else if (!strcmp(fl.f[i], "selected") &&
					 c_sel < 0)
					c_sel = i;
				else if (!strcmp(fl.f[i], "attached") &&
					 c_att < 0)
					c_att = i;
			}
			if (c_name < 0 || c_sel < 0 || c_att < 0) {
				seterr(err, "line %d: no %s column in the header",
				       lineno, c_name < 0 ? "group" :
				       c_sel < 0 ? "selected" : "attached");
				goto out;
			}
			need = 1 + (c_name > c_sel ? c_name : c_sel);
			if (c_att >= need)
				need = c_att + 1;
			continue;
		}
		if (fl.n < need) {
			seterr(err, "line %d: %d fields, need %d", lineno,
			       fl.n, need);
			goto out;
		}
		g->g = cs_xrealloc(g->g, (g->n + 1) * sizeof(*g->g));
		e = &g->g[g->n++];
		e->name = cs_xstrdup(fl.f[c_name]);
		e->selected = on_off(fl.f[c_sel]);
		e->supported = strcmp(fl.f[c_att], "unsupported") != 0;
		e->attached = e->supported ? on_off(fl.f[c_att]) : 0;
		if (e->selected < 0 || e->attached < 0) {
			seterr(err, "line %d: bad state for group %s", lineno,
			       e->name);
			goto out;
		}
	}
	if (!hdr)
		seterr(err, "empty table");
	else
		r = 0;
out:
	if (r)
		cs_groups_free(g);
	free(fl.f);
	free(copy);
	return r;
}

const struct cs_group *cs_find_group(const struct cs_groups *g,
				     const char *name)
{
	int i;

	for (i = 0; g && i < g->n; i++)
		if (!strcmp(g->g[i].name, name))
			return &g->g[i];
	return NULL;
}

/* The groups request that selects exactly what @g has selected. */
char *cs_groups_request(const struct cs_groups *g)
{
	size_t len = sizeof("none");
	char *req;
	int i;

	for (i = 0; i < g->n; i++)
		len += strlen(g->g[i].name) + 1;
	req = cs_xmalloc(len);
	*req = '\0';
	for (i = 0; i < g->n; i++) {
		if (!g->g[i].selected)
			continue;
		if (*req)
			strcat(req, ",");
		strcat(req, g->g[i].name);
	}
	if (!*req)
		memcpy(req, "none", sizeof("none"));
	return req;
}

void cs_bench_free(struct cs_bench *b)
{
	int i, k;

	for (i = 0; i < b->n; i++) {
		for (k = 0; k < b->op[i].nprices; k++)
			free(b->op[i].prices[k].counter);
		free(b->op[i].prices);
		free(b->op[i].op);
	}
	free(b->op);
	memset(b, 0, sizeof(*b));
}

/* Counter names are identifiers: [a-z0-9_], as the module's table has. */
static int ident(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '_')
			return 0;
	return 1;
}

/* "-", or a comma list of counter names, each optionally "-"-prefixed. */
static int parse_prices(const char *s, struct cs_bench_op *op)
{
	const char *p = s;

	if (!strcmp(s, "-"))
		return 0;
	for (;;) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		struct cs_price *pr;
		int sign = 1;

		if (len && *p == '-') {
			sign = -1;
			p++;
			len--;
		}
		if (!len || !ident(p, len))
			return -1;
		op->prices = cs_xrealloc(op->prices,
					 (op->nprices + 1) * sizeof(*pr));
		pr = &op->prices[op->nprices++];
		pr->sign = sign;
		pr->counter = cs_xmalloc(len + 1);
		memcpy(pr->counter, p, len);
		pr->counter[len] = '\0';
		if (!end)
			return 0;
		p = end + 1;
	}
}

/**
 * cs_parse_bench() - parse the module's bench table
 * @text: the file's contents
 * @b: filled on success, empty on failure
 * @err: CS_ERRLEN bytes for the reason of a failure
 *
 * Header "op cpu reps min median p90 max prices", all required, extra
 * columns ignored; before the first run the table is its header alone.
 * An op this machine cannot run reads "unsupported" in every value.
 *
 * Return: 0, or -1 with @err set.
 */
int cs_parse_bench(const char *text, struct cs_bench *b, char *err)
{
	static const char *const fixed[] = { "op", "cpu", "reps", "prices" };
	enum { C_OP, C_CPU, C_REPS, C_PRICES, C_NFIXED };
	char *copy = cs_xstrdup(text), *pos = copy, *line;
	int col[C_NFIXED], c_val[CS_B_NVAL], ncol = 0, lineno = 0, i, k;
	int r = -1;
	struct fields fl = { 0 };

	memset(b, 0, sizeof(*b));
	while ((line = next_line(&pos))) {
		struct cs_bench_op *op;
		int unsup = 0;

		lineno++;
		if (!split(line, &fl))
			continue;
		if (!ncol) {
			ncol = fl.n;
			for (k = 0; k < C_NFIXED; k++)
				col[k] = -1;
			for (k = 0; k < CS_B_NVAL; k++)
				c_val[k] = -1;
			for (i = ncol - 1; i >= 0; i--) {
				for (k = 0; k < C_NFIXED; k++)
					if (!strcmp(fl.f[i], fixed[k]))
						col[k] = i;
				for (k = 0; k < CS_B_NVAL; k++)
					if (!strcmp(fl.f[i], cs_bench_val_names[k]))
						c_val[k] = i;
			}
			for (k = 0; k < C_NFIXED; k++)
				if (col[k] < 0)
					break;
			if (k < C_NFIXED) {
				seterr(err, "line %d: no %s column in the header",
				       lineno, fixed[k]);
				goto out;
			}
			for (k = 0; k < CS_B_NVAL; k++)
				if (c_val[k] < 0)
					break;
			if (k < CS_B_NVAL) {
				seterr(err, "line %d: no %s column in the header",
				       lineno, cs_bench_val_names[k]);
				goto out;
			}
			continue;
		}
		if (fl.n != ncol) {
			seterr(err, "line %d: %d fields, the header has %d",
			       lineno, fl.n, ncol);
			goto out;
		}
		b->op = cs_xrealloc(b->op, (b->n + 1) * sizeof(*b->op));
		op = &b->op[b->n++];
		memset(op, 0, sizeof(*op));
		op->op = cs_xstrdup(fl.f[col[C_OP]]);
		if (parse_figure(fl.f[col[C_CPU]], &op->cpu) ||
		    parse_figure(fl.f[col[C_REPS]], &op->reps)) {
			seterr(err, "line %d: bad cpu or reps", lineno);
			goto out;
		}
		for (k = 0; k < CS_B_NVAL; k++) {
			const char *v = fl.f[c_val[k]];

			if (!strcmp(v, "unsupported")) {
				unsup++;
			} else if (parse_figure(v, &op->val[k])) {
				seterr(err, "line %d: bad %s '%s'", lineno,
				       cs_bench_val_names[k], v);
				goto out;
			}
		}
		if (unsup && unsup != CS_B_NVAL) {
			seterr(err, "line %d: %s is unsupported in some columns only",
			       lineno, op->op);
			goto out;
		}
		op->supported = !unsup;
		if (parse_prices(fl.f[col[C_PRICES]], op)) {
			seterr(err, "line %d: bad prices '%s'", lineno,
			       fl.f[col[C_PRICES]]);
			goto out;
		}
	}
	if (!ncol)
		seterr(err, "empty table");
	else
		r = 0;
out:
	if (r)
		cs_bench_free(b);
	free(fl.f);
	free(copy);
	return r;
}

/* "key: value" lines; anything else is skipped. */
void cs_parse_info(const char *text, struct cs_info *info)
{
	char *copy = cs_xstrdup(text), *pos = copy, *line;

	memset(info, 0, sizeof(*info));
	while ((line = next_line(&pos))) {
		char *sep = strstr(line, ": ");
		struct cs_kv *kv;

		if (!sep || sep == line)
			continue;
		*sep = '\0';
		info->kv = cs_xrealloc(info->kv,
				       (info->n + 1) * sizeof(*info->kv));
		kv = &info->kv[info->n++];
		kv->key = cs_xstrdup(line);
		kv->val = cs_xstrdup(sep + 2);
	}
	free(copy);
}

const char *cs_info_get(const struct cs_info *info, const char *key)
{
	int i;

	for (i = 0; info && i < info->n; i++)
		if (!strcmp(info->kv[i].key, key))
			return info->kv[i].val;
	return NULL;
}

void cs_info_free(struct cs_info *info)
{
	int i;

	for (i = 0; i < info->n; i++) {
		free(info->kv[i].key);
		free(info->kv[i].val);
	}
	free(info->kv);
	memset(info, 0, sizeof(*info));
}

/*
 * Walk the debugfs mounts of a /proc/mounts text with getmntent(), which
 * undoes its octal escapes: returns 1 at the first one mounted on @path
 * (any one when @path is NULL), copying its mount point to @buf.
 */
static int debugfs_mount(const char *mounts, const char *path, char *buf,
			 size_t len)
{
	FILE *f = *mounts ? fmemopen((void *)mounts, strlen(mounts), "r") :
		  NULL;
	struct mntent *m;
	int found = 0;

	while (f && !found && (m = getmntent(f))) {
		if (strcmp(m->mnt_type, "debugfs") ||
		    (path && strcmp(m->mnt_dir, path)))
			continue;
		found = 1;
		if (buf && len)
			snprintf(buf, len, "%s", m->mnt_dir);
	}
	if (f)
		fclose(f);
	return found;
}

/* Is a debugfs mounted at @path, according to the /proc/mounts text? */
int cs_debugfs_at(const char *mounts, const char *path)
{
	return debugfs_mount(mounts, path, NULL, 0);
}

/* Where is a debugfs mounted, if anywhere? 1 with @buf set, or 0. */
int cs_debugfs_where(const char *mounts, char *buf, size_t len)
{
	return debugfs_mount(mounts, NULL, buf, len);
}

static void add_skip(struct cs_estimate *e, const char *counter,
		     enum cs_skip_why why)
{
	int i;

	for (i = 0; i < e->nskip; i++)
		if (!strcmp(e->skip[i].counter, counter))
			return;
	e->skip = cs_xrealloc(e->skip, (e->nskip + 1) * sizeof(*e->skip));
	e->skip[e->nskip].counter = counter;
	e->skip[e->nskip++].why = why;
}

static void add_op(struct cs_est_op **ops, int *n, const struct cs_est_op *o)
{
	*ops = cs_xrealloc(*ops, (*n + 1) * sizeof(**ops));
	(*ops)[(*n)++] = *o;
}

/**
 * cs_estimate() - price counted events with the bench's medians
 * @b: the bench table
 * @d: the counts (a delta, or totals since load); their totals are priced
 * @e: the estimate; its strings point into @b
 *
 * Each op with prices counts the signed sum of its counters' values as its
 * events; ops with a median contribute median x events cycles, the others
 * are listed as not priced.  Counters that are missing or unsupported
 * count as 0 and are listed.  A negative event sum (counters read at
 * slightly different times) counts as 0.
 */
void cs_estimate(const struct cs_bench *b, const struct cs_table *d,
		 struct cs_estimate *e)
{
	int i, k;

	memset(e, 0, sizeof(*e));
	e->bench_cpu = -1;
	for (i = 0; i < b->n; i++) {
		const struct cs_bench_op *op = &b->op[i];
		struct cs_est_op o = { .op = op->op };

		if (i == 0 || op->cpu == e->bench_cpu)
			e->bench_cpu = op->cpu;
		else
			e->bench_cpu = -2;
		if (!op->nprices)
			continue;
		for (k = 0; k < op->nprices; k++) {
			const struct cs_price *p = &op->prices[k];
			int j = cs_find_counter(d, p->counter);
			unsigned long long v;

			if (j < 0) {
				add_skip(e, p->counter, CS_SKIP_MISSING);
				continue;
			}
			if (d->c[j].unsupported) {
				add_skip(e, p->counter, CS_SKIP_UNSUPPORTED);
				continue;
			}
			v = d->c[j].total;
			if (v > (unsigned long long)(~0ULL >> 2))
				e->overflow = 1;
			else
				o.events += p->sign * (long long)v;
		}
		if (o.events < 0)
			o.events = 0;
		if (!op->supported) {
			add_op(&e->unpriced, &e->nunpriced, &o);
			continue;
		}
		o.median = op->val[CS_B_MEDIAN];
		if (__builtin_mul_overflow(o.median, o.events, &o.cycles) ||
		    __builtin_add_overflow(e->total, o.cycles, &e->total))
			e->overflow = 1;
		add_op(&e->ops, &e->nops, &o);
	}
	if (e->bench_cpu < 0)
		e->bench_cpu = -1;
}

void cs_estimate_free(struct cs_estimate *e)
{
	free(e->ops);
	free(e->unpriced);
	free(e->skip);
	memset(e, 0, sizeof(*e));
}

/**
 * cs_select() - which counters a -e list names
 * @t: the counters table
 * @list: comma list of counter or group names
 * @show: one flag per counter of @t, set for the counters named
 * @err: CS_ERRLEN bytes for the reason of a failure
 *
 * Return: 0, or -1 for a name that is neither.
 */
int cs_select(const struct cs_table *t, const char *list, unsigned char *show,
	      char *err)
{
	char *copy = cs_xstrdup(list), *p = copy, *tok;
	int i, hit, r = 0;

	memset(show, 0, t->n);
	for (;;) {
		tok = p;
		p = strchr(p, ',');
		if (p)
			*p++ = '\0';
		hit = 0;
		for (i = 0; *tok && i < t->n; i++) {
			if (!strcmp(t->c[i].name, tok) ||
			    !strcmp(t->c[i].group, tok)) {
				show[i] = 1;
				hit = 1;
			}
		}
		if (!hit) {
			r = seterr(err, "no counter or group named '%s'", tok);
			break;
		}
		if (!p)
			break;
	}
	free(copy);
	return r;
}
