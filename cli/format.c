// SPDX-License-Identifier: GPL-2.0
/*
 * Human-readable output: the grouped counters table (snapshot, command),
 * interval lines fitted to the terminal, the bench and the cost estimate.
 * Pure: it only writes to the FILE it is given.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "cr3stat.h"

#define UNSUP "unsupported"
#define RATE_WIDTH 8	/* a rate column is at least this wide */

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcmp(s + n - m, suffix);
}

/**
 * cs_priority() - how early a counter gets an interval column (0 first)
 * @c: the counter
 *
 * The CR3 write totals of each path first, then the other derived CR3
 * write and flush totals (paranoid restores, PTI flushes), then other
 * write totals (MSRs), the CR3 write classes, and everything else.
 * Unsupported counters carry no information and come last.
 */
int cs_priority(const struct cs_counter *c)
{
	int p;

	if (ends_with(c->name, "_cr3_writes"))
		p = 0;
	else if (ends_with(c->name, "_cr3_restores") ||
		 ends_with(c->name, "_flushes"))
		p = 1;
	else if (ends_with(c->name, "_writes"))
		p = 2;
	else if (strstr(c->name, "cr3"))
		p = 3;
	else
		p = 4;
	return c->unsupported ? p + 10 : p;
}

/* A counter's name without its group prefix, for interval columns. */
const char *cs_label(const struct cs_counter *c)
{
	size_t n = strlen(c->group);

	if (!strncmp(c->name, c->group, n) && c->name[n] == '_' &&
	    c->name[n + 1])
		return c->name + n + 1;
	return c->name;
}

static int col_width(const struct cs_counter *c)
{
	int w = strlen(cs_label(c));
	int min = c->unsupported ? (int)strlen(UNSUP) : RATE_WIDTH;

	return w > min ? w : min;
}

static const struct cs_table *sort_table;
static const struct cs_groups *sort_groups;

/* A group that is not attached counts nothing: its columns only show 0. */
static int fit_priority(int i)
{
	const struct cs_counter *c = &sort_table->c[i];
	const struct cs_group *g = cs_find_group(sort_groups, c->group);

	return cs_priority(c) + (g && !g->attached ? 5 : 0);
}

static int by_priority(const void *a, const void *b)
{
	int i = *(const int *)a, j = *(const int *)b;
	int pi = fit_priority(i), pj = fit_priority(j);

	return pi != pj ? pi - pj : i - j;
}

static int by_index(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

/**
 * cs_fit() - choose the interval columns that fit a terminal width
 * @t: the counters table
 * @v: the counters that may be shown, and the CPU choice
 * @width: the terminal width
 * @l: the layout: counters in table order (so groups stay together)
 *
 * Columns are taken by cs_priority(), groups that are not attached after
 * the others, while they fit; one that does not fit is dropped and
 * narrower ones after it may still be taken.  At least one column is
 * shown however narrow the terminal.
 */
void cs_fit(const struct cs_table *t, const struct cs_view *v, int width,
	    struct cs_layout *l)
{
	int *cand = cs_xcalloc(t->n, sizeof(*cand));
	int i, n = 0, used;

	memset(l, 0, sizeof(*l));
	l->lead = v->per_cpu ? 4 : 0;
	l->idx = cs_xcalloc(t->n, sizeof(*l->idx));
	l->width = cs_xcalloc(t->n, sizeof(*l->width));
	for (i = 0; i < t->n; i++)
		if (!v->show || v->show[i])
			cand[n++] = i;
	sort_table = t;
	sort_groups = v->groups;
	qsort(cand, n, sizeof(*cand), by_priority);
	used = l->lead;
	for (i = 0; i < n; i++) {
		int w = col_width(&t->c[cand[i]]);

		if (l->n && used + 1 + w > width)
			continue;
		l->idx[l->n++] = cand[i];
		used += 1 + w;
	}
	qsort(l->idx, l->n, sizeof(*l->idx), by_index);
	for (i = 0; i < l->n; i++)
		l->width[i] = col_width(&t->c[l->idx[i]]);
	free(cand);
}

void cs_layout_free(struct cs_layout *l)
{
	free(l->idx);
	free(l->width);
	memset(l, 0, sizeof(*l));
}

/*
 * Two header lines, like vmstat's: each group's name over its columns
 * ("---ctxsw---"), then the counters' names without the group prefix.
 */
void cs_print_interval_header(FILE *f, const struct cs_table *t,
			      const struct cs_layout *l)
{
	int i = 0, k;

	fprintf(f, "%*s", l->lead, "");
	while (i < l->n) {
		const char *g = t->c[l->idx[i]].group;
		int span = 0, len = strlen(g), left;

		for (k = i; k < l->n && !strcmp(t->c[l->idx[k]].group, g); k++)
			span += 1 + l->width[k];
		i = k;
		span--;		/* the blank that separates spans */
		if (len > span)
			len = span;
		left = (span - len) / 2;
		putc(' ', f);
		for (k = 0; k < left; k++)
			putc('-', f);
		fwrite(g, 1, len, f);
		for (k = left + len; k < span; k++)
			putc('-', f);
	}
	putc('\n', f);
	if (l->lead)
		fprintf(f, "%-*s", l->lead, "cpu");
	for (i = 0; i < l->n; i++)
		fprintf(f, " %*s", l->width[i], cs_label(&t->c[l->idx[i]]));
	putc('\n', f);
}

static void interval_line(FILE *f, const struct cs_table *d,
			  const struct cs_layout *l, int col, double seconds)
{
	int i;

	if (l->lead)
		fprintf(f, "%-*d", l->lead, d->cpus[col]);
	for (i = 0; i < l->n; i++) {
		const struct cs_counter *c = &d->c[l->idx[i]];
		unsigned long long v = col < 0 ? c->total : c->cpu[col];

		if (c->unsupported)
			fprintf(f, " %*s", l->width[i], UNSUP);
		else
			fprintf(f, " %*.0f", l->width[i],
				seconds > 0 ? v / seconds : (double)v);
	}
	putc('\n', f);
}

/**
 * cs_print_interval() - one interval's rates per second
 * @f: where to print
 * @d: the delta over the interval
 * @l: the columns (cs_fit())
 * @v: -A prints a line per CPU, else the totals
 * @seconds: the interval's measured length
 */
void cs_print_interval(FILE *f, const struct cs_table *d,
		       const struct cs_layout *l, const struct cs_view *v,
		       double seconds)
{
	int k;

	if (!v->per_cpu) {
		interval_line(f, d, l, -1, seconds);
		return;
	}
	for (k = 0; k < d->ncpu; k++)
		interval_line(f, d, l, k, seconds);
}

static void fmt_value(char *buf, size_t len, const struct cs_counter *c,
		      int col)
{
	if (c->unsupported)
		snprintf(buf, len, UNSUP);
	else
		snprintf(buf, len, "%llu", col < 0 ? c->total : c->cpu[col]);
}

/*
 * The value columns shown: the total (-1), then every CPU with -A.
 * Fills @cols, returns how many.
 */
static int value_cols(const struct cs_table *t, const struct cs_view *v,
		      int *cols)
{
	int n = 0, k;

	cols[n++] = -1;
	for (k = 0; v->per_cpu && k < t->ncpu; k++)
		cols[n++] = k;
	return n;
}

static void col_title(char *buf, size_t len, const struct cs_table *t,
		      const struct cs_view *v, int col)
{
	if (col >= 0)
		snprintf(buf, len, "cpu%d", t->cpus[col]);
	else
		snprintf(buf, len, "%s", v->cpus_label ?: "total");
}

/**
 * cs_print_table() - the counters, grouped, one per line
 * @f: where to print
 * @t: totals or a delta
 * @g: the groups file, to say which groups are off (may be NULL)
 * @v: which counters and columns
 *
 * A group that is not attached counts nothing, so it says so: its
 * counters are frozen.  Derived counters are marked.
 */
void cs_print_table(FILE *f, const struct cs_table *t,
		    const struct cs_groups *g, const struct cs_view *v)
{
	int *cols = cs_xcalloc(t->ncpu + 1, sizeof(*cols));
	int *w = cs_xcalloc(t->ncpu + 1, sizeof(*w));
	int ncols = value_cols(t, v, cols), namew = 0, i, k;
	const char *last = NULL;
	char buf[256];

	for (k = 0; k < ncols; k++) {
		col_title(buf, sizeof(buf), t, v, cols[k]);
		w[k] = strlen(buf) > 8 ? strlen(buf) : 8;
	}
	for (i = 0; i < t->n; i++) {
		if (v->show && !v->show[i])
			continue;
		if ((int)strlen(t->c[i].name) > namew)
			namew = strlen(t->c[i].name);
		for (k = 0; k < ncols; k++) {
			fmt_value(buf, sizeof(buf), &t->c[i], cols[k]);
			if ((int)strlen(buf) > w[k])
				w[k] = strlen(buf);
		}
	}
	if (ncols > 1 || v->cpus_label) {
		fprintf(f, "  %-*s", namew, "");
		for (k = 0; k < ncols; k++) {
			col_title(buf, sizeof(buf), t, v, cols[k]);
			fprintf(f, " %*s", w[k], buf);
		}
		putc('\n', f);
	}
	for (i = 0; i < t->n; i++) {
		const struct cs_counter *c = &t->c[i];

		if (v->show && !v->show[i])
			continue;
		if (!last || strcmp(last, c->group)) {
			const struct cs_group *gr = cs_find_group(g, c->group);

			fputs(c->group, f);
			if (gr && !gr->supported)
				fputs("  (unsupported on this kernel)", f);
			else if (gr && !gr->selected)
				fputs("  (group off: not counting)", f);
			else if (gr && !gr->attached)
				fputs("  (not attached: not counting)", f);
			putc('\n', f);
			last = c->group;
		}
		fprintf(f, "  %-*s", namew, c->name);
		for (k = 0; k < ncols; k++) {
			fmt_value(buf, sizeof(buf), c, cols[k]);
			fprintf(f, " %*s", w[k], buf);
		}
		if (strcmp(c->kind, "exact"))
			fprintf(f, "  %s", c->kind);
		putc('\n', f);
	}
	free(cols);
	free(w);
}

static void bench_cell(char *buf, size_t len, const struct cs_bench_op *op,
		       int k)
{
	if (op->supported)
		snprintf(buf, len, "%lld", op->val[k]);
	else
		snprintf(buf, len, UNSUP);
}

/**
 * cs_print_bench() - the bench table, then what each op's median prices
 * @f: where to print
 * @b: the parsed bench
 */
void cs_print_bench(FILE *f, const struct cs_bench *b)
{
	int w[3 + CS_B_NVAL] = { 2, 3, 4 };
	char buf[32];
	int i, k, pos;

	for (k = 0; k < CS_B_NVAL; k++)
		w[3 + k] = strlen(cs_bench_val_names[k]);
	for (i = 0; i < b->n; i++) {
		const struct cs_bench_op *op = &b->op[i];

		if ((int)strlen(op->op) > w[0])
			w[0] = strlen(op->op);
		snprintf(buf, sizeof(buf), "%lld", op->reps);
		if ((int)strlen(buf) > w[2])
			w[2] = strlen(buf);
		for (k = 0; k < CS_B_NVAL; k++) {
			bench_cell(buf, sizeof(buf), op, k);
			if ((int)strlen(buf) > w[3 + k])
				w[3 + k] = strlen(buf);
		}
	}
	fprintf(f, "%-*s %*s %*s", w[0], "op", w[1], "cpu", w[2], "reps");
	for (k = 0; k < CS_B_NVAL; k++)
		fprintf(f, " %*s", w[3 + k], cs_bench_val_names[k]);
	putc('\n', f);
	for (i = 0; i < b->n; i++) {
		const struct cs_bench_op *op = &b->op[i];

		fprintf(f, "%-*s %*lld %*lld", w[0], op->op, w[1], op->cpu,
			w[2], op->reps);
		for (k = 0; k < CS_B_NVAL; k++) {
			bench_cell(buf, sizeof(buf), op, k);
			fprintf(f, " %*s", w[3 + k], buf);
		}
		putc('\n', f);
	}
	fputs("\nTSC cycles per operation; every op but empty has the empty loop's median\nsubtracted.  An op's median prices these counters' events:\n",
	      f);
	for (i = 0; i < b->n; i++) {
		const struct cs_bench_op *op = &b->op[i];

		if (!op->nprices)
			continue;
		pos = fprintf(f, "  %-*s", w[0], op->op);
		for (k = 0; k < op->nprices; k++) {
			const struct cs_price *p = &op->prices[k];
			const char *sign = p->sign < 0 ? "- " : k ? "+ " : "";
			int len = 1 + strlen(sign) + strlen(p->counter);

			/* wrap long sums under their first term */
			if (k && pos + len > 79)
				pos = fprintf(f, "\n  %-*s", w[0], "") - 1;
			pos += fprintf(f, " %s%s", sign, p->counter);
		}
		putc('\n', f);
	}
}

/**
 * cs_print_estimate() - the cost estimate, labelled as one
 * @f: where to print
 * @e: the estimate
 */
void cs_print_estimate(FILE *f, const struct cs_estimate *e)
{
	int i, w = 6;

	fputs("Estimated cost (an estimate: bench medians", f);
	if (e->bench_cpu >= 0)
		fprintf(f, " on cpu%lld", e->bench_cpu);
	fputs(" x counted events):\n", f);
	for (i = 0; i < e->nops; i++)
		if ((int)strlen(e->ops[i].op) > w)
			w = strlen(e->ops[i].op);
	fprintf(f, "  %-*s %12s %8s %16s\n", w, "op", "events", "median",
		"cycles");
	for (i = 0; i < e->nops; i++)
		fprintf(f, "  %-*s %12lld %8lld %16lld\n", w, e->ops[i].op,
			e->ops[i].events, e->ops[i].median, e->ops[i].cycles);
	if (e->overflow)
		fprintf(f, "  %-*s %38s\n", w, "total", "(overflow)");
	else
		fprintf(f, "  %-*s %38lld cycles\n", w, "total", e->total);
	for (i = 0; i < e->nunpriced; i++)
		fprintf(f, "  not priced: %s (no bench figure on this machine), %lld events\n",
			e->unpriced[i].op, e->unpriced[i].events);
	for (i = 0; i < e->nskip; i++)
		fprintf(f, "  not counted: %s (%s)\n", e->skip[i].counter,
			e->skip[i].why == CS_SKIP_MISSING ?
			"not in the counters table" : "unsupported");
}

/* Does a word need quotes to be read back by a shell? */
static int plain_word(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && !strchr("_./=:,+-@%", *s))
			return 0;
	return 1;
}

/* The command line as one string, quoted as a shell would read it. */
char *cs_join_argv(char *const *argv)
{
	size_t len = 1;
	char *s, *o;
	const char *p;
	int i;

	for (i = 0; argv[i]; i++)
		len += 4 * strlen(argv[i]) + 3;
	s = cs_xmalloc(len);
	o = s;
	for (i = 0; argv[i]; i++) {
		if (i)
			*o++ = ' ';
		if (plain_word(argv[i])) {
			o = stpcpy(o, argv[i]);
			continue;
		}
		*o++ = '\'';
		for (p = argv[i]; *p; p++) {
			if (*p == '\'')
				o = stpcpy(o, "'\\''");
			else
				*o++ = *p;
		}
		*o++ = '\'';
	}
	*o = '\0';
	return s;
}
