// SPDX-License-Identifier: GPL-2.0
/*
 * Parsers for what the module prints (counters, groups, bench, info) and
 * /proc/mounts, and the arithmetic on parsed tables: deltas, the cost
 * estimate, counter selection.  Pure: no I/O beyond allocation.
 *
 * Tables are read by their header names, never by position, and every
 * row must have as many fields as the header: the module may add columns
 * and rows, and a misread table must fail loudly rather than show numbers
 * from the wrong column.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "cr3stat.h"

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
	unsigned long long x = 0;

	if (!*s)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		if (x > (~0ULL - (*s - '0')) / 10)
			return -1;
		x = x * 10 + (*s - '0');
	}
	*v = x;
	return 0;
}

/* Signed decimal that fits in a long long: 0 or -1. */
static int parse_s64(const char *s, long long *v)
{
	unsigned long long x;
	int neg = *s == '-';

	if (cs_parse_u64(s + neg, &x))
		return -1;
	if (x > (unsigned long long)(~0ULL >> 1) + neg)
		return -1;
	*v = neg ? (long long)(0 - x) : (long long)x;
	return 0;
}

/* The N of a "cpuN" column name, or -1. */
static int cpu_column(const char *name)
{
	unsigned long long n;

	if (strncmp(name, "cpu", 3) || cs_parse_u64(name + 3, &n) ||
	    n > 1000000 || (name[3] == '0' && name[4]))
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
 * columns ignored; a row with "unsupported" in a value column is
 * unsupported as a whole, so it can never be shown as 0.
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
			if (c_name < 0 || c_total < 0) {
				seterr(err, "line %d: no %s column in the header",
				       lineno, c_name < 0 ? "counter" : "total");
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
			c->group = cs_xstrdup(c_group >= 0 ? fl.f[c_group] : "-");
			c->kind = cs_xstrdup(c_kind >= 0 ? fl.f[c_kind] : "-");
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
		if (!d->ncpu) {
			bv = b ? b->total : 0;
			if (a->total < bv) {
				d->reset = 1;
				bv = 0;
			}
			c->total = a->total - bv;
		}
	}
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
 * Header "group selected attached probes"; the last column is free text
 * with blanks, so rows may have more fields than the header.
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
			if (c_name < 0 || c_sel < 0) {
				seterr(err, "line %d: no %s column in the header",
				       lineno, c_name < 0 ? "group" : "selected");
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
		e->attached = c_att >= 0 ? on_off(fl.f[c_att]) : -1;
		if (e->selected < 0 || (c_att >= 0 && e->attached < 0)) {
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
 * Header "op cpu reps min median p90 max prices"; op and median are
 * required, unknown columns and ops are ignored or kept as they are.
 *
 * Return: 0, or -1 with @err set.
 */
int cs_parse_bench(const char *text, struct cs_bench *b, char *err)
{
	char *copy = cs_xstrdup(text), *pos = copy, *line;
	int c_op = -1, c_cpu = -1, c_reps = -1, c_prices = -1;
	int c_val[CS_B_NVAL], ncol = 0, lineno = 0, i, k, r = -1;
	struct fields fl = { 0 };

	memset(b, 0, sizeof(*b));
	for (k = 0; k < CS_B_NVAL; k++)
		c_val[k] = -1;
	while ((line = next_line(&pos))) {
		struct cs_bench_op *op;

		lineno++;
		if (!split(line, &fl))
			continue;
		if (!ncol) {
			ncol = fl.n;
			for (i = 0; i < ncol; i++) {
				const char *h = fl.f[i];

				if (!strcmp(h, "op") && c_op < 0)
					c_op = i;
				else if (!strcmp(h, "cpu") && c_cpu < 0)
					c_cpu = i;
				else if (!strcmp(h, "reps") && c_reps < 0)
					c_reps = i;
				else if (!strcmp(h, "prices") && c_prices < 0)
					c_prices = i;
				for (k = 0; k < CS_B_NVAL; k++)
					if (!strcmp(h, cs_bench_val_names[k]) &&
					    c_val[k] < 0)
						c_val[k] = i;
			}
			if (c_op < 0 || c_val[CS_B_MEDIAN] < 0) {
				seterr(err, "line %d: no %s column in the header",
				       lineno, c_op < 0 ? "op" : "median");
				goto out;
			}
			b->has_cpu = c_cpu >= 0;
			b->has_reps = c_reps >= 0;
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
		op->op = cs_xstrdup(fl.f[c_op]);
		op->cpu = -1;
		op->reps = -1;
		if ((c_cpu >= 0 && strcmp(fl.f[c_cpu], "-") &&
		     (parse_s64(fl.f[c_cpu], &op->cpu) || op->cpu < 0)) ||
		    (c_reps >= 0 && strcmp(fl.f[c_reps], "-") &&
		     (parse_s64(fl.f[c_reps], &op->reps) || op->reps < 0))) {
			seterr(err, "line %d: bad cpu or reps", lineno);
			goto out;
		}
		for (k = 0; k < CS_B_NVAL; k++) {
			const char *v;

			if (c_val[k] < 0)
				continue;
			v = fl.f[c_val[k]];
			if (!strcmp(v, "unsupported") || !strcmp(v, "-")) {
				op->state[k] = CS_BV_UNSUP;
			} else if (!parse_s64(v, &op->val[k])) {
				op->state[k] = CS_BV_NUM;
			} else {
				seterr(err, "line %d: bad %s '%s'", lineno,
				       cs_bench_val_names[k], v);
				goto out;
			}
		}
		if (c_prices >= 0 && parse_prices(fl.f[c_prices], op)) {
			seterr(err, "line %d: bad prices '%s'", lineno,
			       fl.f[c_prices]);
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

/* /proc/mounts escapes blanks and backslashes as \ooo. */
static void unescape_octal(char *s)
{
	char *o = s;

	for (; *s; s++) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' &&
		    s[2] >= '0' && s[2] <= '7' && s[3] >= '0' && s[3] <= '7') {
			*o++ = (char)((s[1] - '0') * 64 + (s[2] - '0') * 8 +
				      (s[3] - '0'));
			s += 3;
		} else {
			*o++ = *s;
		}
	}
	*o = '\0';
}

/*
 * Walk the debugfs mounts of a /proc/mounts text: returns 1 at the first
 * one equal to @path (any one when @path is NULL), copying its mount
 * point to @buf.
 */
static int debugfs_mount(const char *mounts, const char *path, char *buf,
			 size_t len)
{
	char *copy = cs_xstrdup(mounts), *pos = copy, *line;
	struct fields fl = { 0 };
	int found = 0;

	while (!found && (line = next_line(&pos))) {
		if (split(line, &fl) < 3 || strcmp(fl.f[2], "debugfs"))
			continue;
		unescape_octal(fl.f[1]);
		if (path && strcmp(fl.f[1], path))
			continue;
		found = 1;
		if (buf && len)
			snprintf(buf, len, "%s", fl.f[1]);
	}
	free(fl.f);
	free(copy);
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
 * @d: the counts (a delta, or totals since load)
 * @col: the column priced: -1 for the total, else a CPU column of @d
 * @e: the estimate; its strings point into @b
 *
 * Each op with prices counts the signed sum of its counters' values as its
 * events; ops with a median contribute median x events cycles, the others
 * are listed as not priced.  Counters that are missing or unsupported
 * count as 0 and are listed.  A negative event sum (counters read at
 * slightly different times) counts as 0.
 */
void cs_estimate(const struct cs_bench *b, const struct cs_table *d, int col,
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
			v = col < 0 ? d->c[j].total : d->c[j].cpu[col];
			if (v > (unsigned long long)(~0ULL >> 2))
				e->overflow = 1;
			else
				o.events += p->sign * (long long)v;
		}
		if (o.events < 0)
			o.events = 0;
		if (op->state[CS_B_MEDIAN] != CS_BV_NUM) {
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
