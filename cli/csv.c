// SPDX-License-Identifier: GPL-2.0
/*
 * -x SEP: the counters as CSV, for spreadsheets and data frames.  A
 * header line, then one row per counter and CPU: with -A a row per CPU,
 * else one row whose cpu field is the cpulist summed ("0-1").  Fields
 * never hold SEP (args.c refuses separators a name or number could
 * contain), so nothing is quoted.  Unsupported values read "unsupported",
 * never 0.  Pure: it only writes to the FILE it is given.
 */
#include <stdlib.h>
#include "cr3stat.h"

static const char *const value_name[] = {
	[CS_CSV_TOTAL] = "total",
	[CS_CSV_DELTA] = "delta",
	[CS_CSV_INTERVAL] = "delta",
};

/**
 * cs_csv_header() - the header line
 * @f: where to print
 * @sep: the separator
 * @what: snapshot totals, a command's deltas, or an interval's deltas
 *	  (which come with the time and rates per second)
 */
void cs_csv_header(FILE *f, const char *sep, enum cs_csv_what what)
{
	if (what == CS_CSV_INTERVAL)
		fprintf(f, "time%s", sep);
	fprintf(f, "counter%sgroup%skind%scpu%s%s", sep, sep, sep, sep,
		value_name[what]);
	if (what == CS_CSV_INTERVAL)
		fprintf(f, "%srate", sep);
	putc('\n', f);
}

static void row(FILE *f, const char *sep, enum cs_csv_what what,
		const struct cs_counter *c, const char *cpu,
		unsigned long long v, double time, double seconds)
{
	if (what == CS_CSV_INTERVAL)
		fprintf(f, "%.3f%s", time, sep);
	fprintf(f, "%s%s%s%s%s%s%s%s", c->name, sep, c->group, sep, c->kind,
		sep, cpu, sep);
	if (c->unsupported)
		fputs("unsupported", f);
	else
		fprintf(f, "%llu", v);
	if (what == CS_CSV_INTERVAL) {
		if (c->unsupported)
			fprintf(f, "%sunsupported", sep);
		else
			fprintf(f, "%s%.3f", sep, seconds > 0 ? v / seconds : 0);
	}
	putc('\n', f);
}

/**
 * cs_csv_rows() - the rows of one table
 * @f: where to print
 * @sep: the separator
 * @what: as for cs_csv_header()
 * @t: totals or deltas
 * @v: which counters; a row per CPU with -A
 * @time: seconds since the start (intervals)
 * @seconds: the interval's length (intervals)
 */
void cs_csv_rows(FILE *f, const char *sep, enum cs_csv_what what,
		 const struct cs_table *t, const struct cs_view *v,
		 double time, double seconds)
{
	char *cpus = cs_cpus_str(t->cpus, t->ncpu), one[16];
	int i, k;

	for (i = 0; i < t->n; i++) {
		const struct cs_counter *c = &t->c[i];

		if (v->show && !v->show[i])
			continue;
		if (!v->per_cpu) {
			row(f, sep, what, c, cpus, c->total, time, seconds);
			continue;
		}
		for (k = 0; k < t->ncpu; k++) {
			snprintf(one, sizeof(one), "%d", t->cpus[k]);
			row(f, sep, what, c, one, c->cpu[k], time, seconds);
		}
	}
	free(cpus);
}
