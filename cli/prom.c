// SPDX-License-Identifier: GPL-2.0
/*
 * --prometheus: the counters in the Prometheus text exposition format
 * (version 0.0.4), which node_exporter's textfile collector reads from
 * *.prom files.  Per CPU only: Prometheus sums with sum without (cpu),
 * and a total beside the CPUs in one family would be counted twice by
 * every such sum.  No timestamps: the textfile collector refuses them.
 *
 *   cr3stat_info{version=...,kernel=...,pti=...} 1     the info file
 *   cr3stat_group_attached{group}                      1 counting, 0 not
 *   cr3stat_supported{counter,group,kind}      1, or 0: no series
 *   cr3stat_<counter>_total{cpu,group,kind}            the counts
 *
 * An unsupported counter has no series at all, not a 0: its
 * cr3stat_supported is 0 instead.  Each family is written whole,
 * HELP and TYPE first.  Pure: it only writes to the FILE it is given.
 */
#include <string.h>
#include "cr3stat.h"

/* A label value: backslash, quote and newline escaped; valid UTF-8. */
void cs_prom_escape(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	putc('"', f);
	while (*p) {
		int n = cs_utf8_len(p);

		if (!n)
			fputs("\xef\xbf\xbd", f);	/* U+FFFD */
		else if (*p == '\\' || *p == '"')
			fprintf(f, "\\%c", *p);
		else if (*p == '\n')
			fputs("\\n", f);
		else
			fwrite(p, 1, n, f);
		p += n ? n : 1;
	}
	putc('"', f);
}

/* [a-zA-Z_][a-zA-Z0-9_]*, and not "__" (reserved): a label name. */
static int label_name(const char *s)
{
	const char *p;

	if (!*s || (*s >= '0' && *s <= '9') || !strncmp(s, "__", 2))
		return 0;
	for (p = s; *p; p++)
		if (!(*p >= 'a' && *p <= 'z') && !(*p >= 'A' && *p <= 'Z') &&
		    !(*p >= '0' && *p <= '9') && *p != '_')
			return 0;
	return 1;
}

static void family(FILE *f, const char *name, const char *suffix,
		   const char *type, const char *help)
{
	fprintf(f, "# HELP %s%s %s\n# TYPE %s%s %s\n", name, suffix, help,
		name, suffix, type);
}

static void info_metric(FILE *f, const struct cs_info *info)
{
	int i, k, n = 0;

	family(f, "cr3stat_info", "", "gauge",
	       "The loaded cr3stat module and the kernel features that decide what it counts (its info file), as labels.");
	fputs("cr3stat_info{", f);
	for (i = 0; i < info->n; i++) {
		const char *key = info->kv[i].key;

		for (k = 0; k < i; k++)
			if (!strcmp(info->kv[k].key, key))
				break;
		if (k < i || !label_name(key))
			continue;	/* a label twice is an error */
		fprintf(f, "%s%s=", n++ ? "," : "", key);
		cs_prom_escape(f, info->kv[i].val);
	}
	fputs("} 1\n", f);
}

/**
 * cs_prom_write() - the Prometheus text format of a counters snapshot
 * @f: where to write
 * @t: the counters since load or reset, per CPU (all, or those of -C)
 * @g: the groups file (may be empty)
 * @info: the info file (may be empty)
 * @show: per counter of @t, or NULL for all (-e)
 */
void cs_prom_write(FILE *f, const struct cs_table *t,
		   const struct cs_groups *g, const struct cs_info *info,
		   const unsigned char *show)
{
	int i, k;

	info_metric(f, info);
	family(f, "cr3stat_group_attached", "", "gauge",
	       "1 when the probe group's probes are registered and counting, 0 when its counters stand still.");
	for (i = 0; i < g->n; i++) {
		fputs("cr3stat_group_attached{group=", f);
		cs_prom_escape(f, g->g[i].name);
		fprintf(f, "} %d\n", g->g[i].attached);
	}
	family(f, "cr3stat_supported", "", "gauge",
	       "1 when this machine produces the counter's events; 0 when the module reports it unsupported, and cr3stat_<counter>_total is then left out.");
	for (i = 0; i < t->n; i++) {
		const struct cs_counter *c = &t->c[i];

		if (show && !show[i])
			continue;
		fputs("cr3stat_supported{counter=", f);
		cs_prom_escape(f, c->name);
		fputs(",group=", f);
		cs_prom_escape(f, c->group);
		fputs(",kind=", f);
		cs_prom_escape(f, c->kind);
		fprintf(f, "} %d\n", !c->unsupported);
	}
	for (i = 0; i < t->n; i++) {
		const struct cs_counter *c = &t->c[i];
		char help[256];

		/* counter names are identifiers: valid in a metric name */
		if ((show && !show[i]) || c->unsupported || !label_name(c->name))
			continue;
		snprintf(help, sizeof(help),
			 "cr3stat counter %s (group %s, %s): events per CPU since the module was loaded or reset.",
			 c->name, c->group, c->kind);
		fprintf(f, "# HELP cr3stat_%s_total ", c->name);
		for (k = 0; help[k]; k++) {
			if (help[k] == '\\' || help[k] == '\n')
				fputs(help[k] == '\\' ? "\\\\" : "\\n", f);
			else
				putc(help[k], f);
		}
		fprintf(f, "\n# TYPE cr3stat_%s_total counter\n", c->name);
		for (k = 0; k < t->ncpu; k++) {
			fprintf(f, "cr3stat_%s_total{cpu=\"%d\",group=", c->name,
				t->cpus[k]);
			cs_prom_escape(f, c->group);
			fputs(",kind=", f);
			cs_prom_escape(f, c->kind);
			fprintf(f, "} %llu\n", c->cpu[k]);
		}
	}
}
