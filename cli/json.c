// SPDX-License-Identifier: GPL-2.0
/*
 * A small JSON writer: compact, one document per line, so that interval
 * output is one object per line.  Strings are escaped per RFC 8259; bytes
 * that are not valid UTF-8 (a command's arguments can hold any) become
 * U+FFFD, so the output is always valid JSON.
 */
#include <math.h>
#include <string.h>
#include "cr3stat.h"

/* Length of the valid UTF-8 sequence at @s, or 0. */
int cs_utf8_len(const unsigned char *s)
{
	unsigned int cp;
	int n, i;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 2;
		cp = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3;
		cp = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4;
		cp = s[0] & 0x07;
	} else {
		return 0;
	}
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	/* overlong forms, surrogates, beyond U+10FFFF */
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return n;
}

/* @s as a JSON string, with its quotes. */
void cs_json_escape(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	putc('"', f);
	while (*p) {
		int n = cs_utf8_len(p);

		if (!n) {
			fputs("\\ufffd", f);
			p++;
			continue;
		}
		switch (*p) {
		case '"':
			fputs("\\\"", f);
			break;
		case '\\':
			fputs("\\\\", f);
			break;
		case '\n':
			fputs("\\n", f);
			break;
		case '\t':
			fputs("\\t", f);
			break;
		case '\r':
			fputs("\\r", f);
			break;
		case '\b':
			fputs("\\b", f);
			break;
		case '\f':
			fputs("\\f", f);
			break;
		default:
			if (*p < 0x20)
				fprintf(f, "\\u%04x", *p);
			else
				fwrite(p, 1, n, f);
		}
		p += n;
	}
	putc('"', f);
}

void cs_json_init(struct cs_json *j, FILE *f)
{
	memset(j, 0, sizeof(*j));
	j->f = f;
	j->first[0] = 1;
}

/* The separator and key before a value; @key is NULL inside arrays. */
static void member(struct cs_json *j, const char *key)
{
	if (!j->first[j->depth])
		putc(',', j->f);
	j->first[j->depth] = 0;
	if (key) {
		cs_json_escape(j->f, key);
		putc(':', j->f);
	}
}

void cs_json_open(struct cs_json *j, const char *key, char bracket)
{
	member(j, key);
	putc(bracket, j->f);
	if (j->depth < CS_JSON_DEPTH - 1)
		j->depth++;
	j->first[j->depth] = 1;
}

void cs_json_close(struct cs_json *j, char bracket)
{
	putc(bracket, j->f);
	if (j->depth)
		j->depth--;
}

void cs_json_str(struct cs_json *j, const char *key, const char *s)
{
	member(j, key);
	cs_json_escape(j->f, s);
}

void cs_json_u64(struct cs_json *j, const char *key, unsigned long long v)
{
	member(j, key);
	fprintf(j->f, "%llu", v);
}

void cs_json_i64(struct cs_json *j, const char *key, long long v)
{
	member(j, key);
	fprintf(j->f, "%lld", v);
}

void cs_json_double(struct cs_json *j, const char *key, double v)
{
	member(j, key);
	if (isfinite(v))
		fprintf(j->f, "%.3f", v);
	else
		fputs("null", j->f);
}

void cs_json_null(struct cs_json *j, const char *key)
{
	member(j, key);
	fputs("null", j->f);
}

void cs_json_bool(struct cs_json *j, const char *key, int v)
{
	member(j, key);
	fputs(v ? "true" : "false", j->f);
}

/* End of a document: one per line. */
void cs_json_end(struct cs_json *j)
{
	putc('\n', j->f);
	j->depth = 0;
	j->first[0] = 1;
}

static void json_value(struct cs_json *j, const char *key,
		       const struct cs_counter *c, unsigned long long v)
{
	if (c->unsupported)
		cs_json_null(j, key);
	else
		cs_json_u64(j, key, v);
}

static void json_rate(struct cs_json *j, const char *key,
		      const struct cs_counter *c, unsigned long long v,
		      double seconds)
{
	if (c->unsupported)
		cs_json_null(j, key);
	else
		cs_json_double(j, key, v / seconds);
}

static void json_per_cpu(struct cs_json *j, const char *key,
			 const struct cs_table *t, const struct cs_counter *c,
			 double seconds)
{
	char col[24];
	int k;

	cs_json_open(j, key, '{');
	for (k = 0; k < t->ncpu; k++) {
		snprintf(col, sizeof(col), "cpu%d", t->cpus[k]);
		if (seconds > 0)
			json_rate(j, col, c, c->cpu[k], seconds);
		else
			json_value(j, col, c, c->cpu[k]);
	}
	cs_json_close(j, '}');
}

/**
 * cs_json_counters() - the "counters" array member
 * @j: the writer, inside an object
 * @t: a table of totals or deltas
 * @v: which counters; per CPU values with -A
 * @what: the name of the value member ("total", "delta")
 * @seconds: > 0 to add rates per second
 *
 * Unsupported counters have "supported": false and null values, never 0.
 */
void cs_json_counters(struct cs_json *j, const struct cs_table *t,
		      const struct cs_view *v, const char *what,
		      double seconds)
{
	int i;

	cs_json_open(j, "counters", '[');
	for (i = 0; i < t->n; i++) {
		const struct cs_counter *c = &t->c[i];

		if (v->show && !v->show[i])
			continue;
		cs_json_open(j, NULL, '{');
		cs_json_str(j, "name", c->name);
		cs_json_str(j, "group", c->group);
		cs_json_str(j, "kind", c->kind);
		cs_json_bool(j, "supported", !c->unsupported);
		json_value(j, what, c, c->total);
		if (seconds > 0)
			json_rate(j, "rate", c, c->total, seconds);
		if (v->per_cpu) {
			json_per_cpu(j, "per_cpu", t, c, 0);
			if (seconds > 0)
				json_per_cpu(j, "per_cpu_rate", t, c, seconds);
		}
		cs_json_close(j, '}');
	}
	cs_json_close(j, ']');
}

/* The CPUs counted: all the module's, or those of -C. */
void cs_json_cpus(struct cs_json *j, const struct cs_table *t)
{
	int k;

	cs_json_open(j, "cpus", '[');
	for (k = 0; k < t->ncpu; k++)
		cs_json_i64(j, NULL, t->cpus[k]);
	cs_json_close(j, ']');
}

void cs_json_groups(struct cs_json *j, const struct cs_groups *g)
{
	int i;

	cs_json_open(j, "groups", '[');
	for (i = 0; i < g->n; i++) {
		cs_json_open(j, NULL, '{');
		cs_json_str(j, "name", g->g[i].name);
		cs_json_bool(j, "selected", g->g[i].selected);
		cs_json_bool(j, "attached", g->g[i].attached);
		cs_json_bool(j, "supported", g->g[i].supported);
		cs_json_close(j, '}');
	}
	cs_json_close(j, ']');
}

void cs_json_info(struct cs_json *j, const struct cs_info *info)
{
	int i;

	cs_json_open(j, "info", '{');
	for (i = 0; i < info->n; i++)
		cs_json_str(j, info->kv[i].key, info->kv[i].val);
	cs_json_close(j, '}');
}

void cs_json_bench(struct cs_json *j, const struct cs_bench *b)
{
	int i, k;

	cs_json_open(j, "bench", '[');
	for (i = 0; i < b->n; i++) {
		const struct cs_bench_op *op = &b->op[i];

		cs_json_open(j, NULL, '{');
		cs_json_str(j, "op", op->op);
		cs_json_i64(j, "cpu", op->cpu);
		cs_json_i64(j, "reps", op->reps);
		cs_json_bool(j, "supported", op->supported);
		for (k = 0; k < CS_B_NVAL; k++) {
			if (op->supported)
				cs_json_i64(j, cs_bench_val_names[k],
					    op->val[k]);
			else
				cs_json_null(j, cs_bench_val_names[k]);
		}
		cs_json_open(j, "prices", '[');
		for (k = 0; k < op->nprices; k++) {
			cs_json_open(j, NULL, '{');
			cs_json_str(j, "counter", op->prices[k].counter);
			cs_json_i64(j, "sign", op->prices[k].sign);
			cs_json_close(j, '}');
		}
		cs_json_close(j, ']');
		cs_json_close(j, '}');
	}
	cs_json_close(j, ']');
}

static void json_est_ops(struct cs_json *j, const char *key,
			 const struct cs_est_op *ops, int n, int priced)
{
	int i;

	cs_json_open(j, key, '[');
	for (i = 0; i < n; i++) {
		cs_json_open(j, NULL, '{');
		cs_json_str(j, "op", ops[i].op);
		cs_json_i64(j, "events", ops[i].events);
		if (priced) {
			cs_json_i64(j, "median_cycles", ops[i].median);
			cs_json_i64(j, "cycles", ops[i].cycles);
		}
		cs_json_close(j, '}');
	}
	cs_json_close(j, ']');
}

void cs_json_estimate(struct cs_json *j, const struct cs_estimate *e)
{
	int i;

	cs_json_open(j, "estimate", '{');
	cs_json_str(j, "note",
		    "an estimate: bench medians times counted events, not a measurement");
	if (e->overflow)
		cs_json_null(j, "cycles");
	else
		cs_json_i64(j, "cycles", e->total);
	if (e->bench_cpu >= 0)
		cs_json_i64(j, "bench_cpu", e->bench_cpu);
	json_est_ops(j, "ops", e->ops, e->nops, 1);
	json_est_ops(j, "not_priced", e->unpriced, e->nunpriced, 0);
	cs_json_open(j, "skipped", '[');
	for (i = 0; i < e->nskip; i++) {
		cs_json_open(j, NULL, '{');
		cs_json_str(j, "counter", e->skip[i].counter);
		cs_json_str(j, "reason",
			    e->skip[i].why == CS_SKIP_MISSING ?
			    "not in the counters table" : "unsupported");
		cs_json_close(j, '}');
	}
	cs_json_close(j, ']');
	cs_json_close(j, '}');
}
