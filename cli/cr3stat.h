/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cr3stat(8): the userspace view of /sys/kernel/debug/cr3stat/.
 *
 * Everything the command knows about counters comes from the module's
 * tables at run time (names, groups, kinds, CPUs), so a new counter needs
 * no change here.  table.c parses those tables; format.c, json.c, csv.c
 * and prom.c print them; args.c reads the command line: all pure and
 * unit-tested.  run.c does the I/O (files, signals, the measured command).
 */
#ifndef CR3STAT_CLI_H
#define CR3STAT_CLI_H

#include <stdio.h>

#define CS_DEFAULT_DIR "/sys/kernel/debug/cr3stat"
#define CS_ERRLEN 256
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Exit statuses of cr3stat's own errors (cr3stat.8, EXIT STATUS). */
enum cs_exit {
	CS_EXIT_OK = 0,
	CS_EXIT_ERROR = 1,	/* I/O error, output the module should not print */
	CS_EXIT_USAGE = 2,	/* bad option, INTERVAL, COUNT, CPU, name */
	CS_EXIT_NODEBUGFS = 3,	/* no debugfs at /sys/kernel/debug */
	CS_EXIT_NOMODULE = 4,	/* no cr3stat directory */
	CS_EXIT_PERM = 5,	/* not root */
	CS_EXIT_NOEXEC = 126,	/* COMMAND found but not runnable */
	CS_EXIT_NOTFOUND = 127,	/* COMMAND not found */
};

/* One row of the counters table; values are 0 when unsupported. */
struct cs_counter {
	char *name;
	char *group;
	char *kind;
	int unsupported;
	unsigned long long total;
	unsigned long long *cpu;	/* one per column of cs_table.cpus */
};

struct cs_table {
	int ncpu;
	int *cpus;		/* the N of each cpuN column, in order */
	int n;
	struct cs_counter *c;
	int reset;		/* a delta: some counter went backwards */
};

struct cs_group {
	char *name;
	int selected;
	int attached;
	int supported;		/* 0: this kernel has nothing to probe for it */
};

struct cs_groups {
	int n;
	struct cs_group *g;
};

enum { CS_B_MIN, CS_B_MEDIAN, CS_B_P90, CS_B_MAX, CS_B_NVAL };

struct cs_price {
	char *counter;
	int sign;		/* +1, or -1 for a "-name" */
};

struct cs_bench_op {
	char *op;
	long long cpu;
	long long reps;
	int supported;		/* 0: every value read "unsupported" */
	long long val[CS_B_NVAL];
	int nprices;
	struct cs_price *prices;
};

struct cs_bench {
	int n;			/* 0 before the first run */
	struct cs_bench_op *op;
};

extern const char *const cs_bench_val_names[CS_B_NVAL];

struct cs_kv {
	char *key;
	char *val;
};

struct cs_info {
	int n;
	struct cs_kv *kv;
};

/* The cost estimate: bench medians times counted events. */
struct cs_est_op {
	const char *op;
	long long median;
	long long events;
	long long cycles;
};

enum cs_skip_why { CS_SKIP_MISSING, CS_SKIP_UNSUPPORTED };

struct cs_est_skip {
	const char *counter;
	enum cs_skip_why why;
};

struct cs_estimate {
	long long total;
	int overflow;
	long long bench_cpu;		/* -1: not stated or not one CPU */
	int nops;
	struct cs_est_op *ops;		/* ops with a median and prices */
	int nunpriced;
	struct cs_est_op *unpriced;	/* ops without a figure here */
	int nskip;
	struct cs_est_skip *skip;
};

/* A CPU list as -C takes it ("0-3,7"): sorted, each CPU once. */
struct cs_cpus {
	int n;
	int *cpu;
};

/*
 * What to show: the total over the table's CPUs, or every CPU (-A).  With
 * -C the table holds only the CPUs asked for (cs_keep_cpus()), so the
 * total is theirs; @cpus_label then names them.
 */
struct cs_view {
	int per_cpu;
	const char *cpus_label;		/* "cpu0-3,7" with -C, else NULL */
	const unsigned char *show;	/* per counter, or NULL for all */
	const struct cs_groups *groups;	/* to put detached groups last */
};

/* table.c */
void *cs_xmalloc(size_t n);
void *cs_xcalloc(size_t n, size_t size);
void *cs_xrealloc(void *p, size_t n);
char *cs_xstrdup(const char *s);
char *cs_slurp(const char *path);
int cs_parse_u64(const char *s, unsigned long long *v);
int cs_parse_counters(const char *text, struct cs_table *t, char *err);
void cs_table_free(struct cs_table *t);
int cs_find_counter(const struct cs_table *t, const char *name);
int cs_find_cpu(const struct cs_table *t, int cpu);
int cs_parse_cpus(const char *s, struct cs_cpus *c);
void cs_cpus_free(struct cs_cpus *c);
char *cs_cpus_str(const int *cpu, int n);
int cs_keep_cpus(struct cs_table *t, const struct cs_cpus *c);
int cs_delta(const struct cs_table *before, const struct cs_table *after,
	     struct cs_table *d, char *err);
int cs_parse_groups(const char *text, struct cs_groups *g, char *err);
void cs_groups_free(struct cs_groups *g);
const struct cs_group *cs_find_group(const struct cs_groups *g,
				     const char *name);
char *cs_groups_request(const struct cs_groups *g);
int cs_parse_bench(const char *text, struct cs_bench *b, char *err);
void cs_bench_free(struct cs_bench *b);
void cs_parse_info(const char *text, struct cs_info *info);
const char *cs_info_get(const struct cs_info *info, const char *key);
void cs_info_free(struct cs_info *info);
int cs_debugfs_at(const char *mounts, const char *path);
int cs_debugfs_where(const char *mounts, char *buf, size_t len);
void cs_estimate(const struct cs_bench *b, const struct cs_table *d,
		 struct cs_estimate *e);
void cs_estimate_free(struct cs_estimate *e);
int cs_select(const struct cs_table *t, const char *list, unsigned char *show,
	      char *err);

/* format.c */
struct cs_layout {
	int lead;		/* width of the leading cpu column, or 0 */
	int n;
	int *idx;		/* counters shown, in table order */
	int *width;
};

int cs_priority(const struct cs_counter *c);
const char *cs_label(const struct cs_counter *c);
void cs_fit(const struct cs_table *t, const struct cs_view *v, int width,
	    struct cs_layout *l);
void cs_layout_free(struct cs_layout *l);
void cs_print_interval_header(FILE *f, const struct cs_table *t,
			      const struct cs_layout *l);
void cs_print_interval(FILE *f, const struct cs_table *d,
		       const struct cs_layout *l, const struct cs_view *v,
		       double seconds);
void cs_print_table(FILE *f, const struct cs_table *t,
		    const struct cs_groups *g, const struct cs_view *v);
void cs_print_bench(FILE *f, const struct cs_bench *b);
void cs_print_estimate(FILE *f, const struct cs_estimate *e);
char *cs_join_argv(char *const *argv);

/* json.c */
#define CS_JSON_DEPTH 16

struct cs_json {
	FILE *f;
	int depth;
	int first[CS_JSON_DEPTH];
};

int cs_utf8_len(const unsigned char *s);
void cs_json_escape(FILE *f, const char *s);
void cs_json_init(struct cs_json *j, FILE *f);
void cs_json_open(struct cs_json *j, const char *key, char bracket);
void cs_json_close(struct cs_json *j, char bracket);
void cs_json_str(struct cs_json *j, const char *key, const char *s);
void cs_json_u64(struct cs_json *j, const char *key, unsigned long long v);
void cs_json_i64(struct cs_json *j, const char *key, long long v);
void cs_json_double(struct cs_json *j, const char *key, double v);
void cs_json_null(struct cs_json *j, const char *key);
void cs_json_bool(struct cs_json *j, const char *key, int v);
void cs_json_end(struct cs_json *j);
void cs_json_counters(struct cs_json *j, const struct cs_table *t,
		      const struct cs_view *v, const char *what,
		      double seconds);
void cs_json_groups(struct cs_json *j, const struct cs_groups *g);
void cs_json_info(struct cs_json *j, const struct cs_info *info);
void cs_json_bench(struct cs_json *j, const struct cs_bench *b);
void cs_json_estimate(struct cs_json *j, const struct cs_estimate *e);
void cs_json_cpus(struct cs_json *j, const struct cs_table *t);

/* csv.c */
enum cs_csv_what { CS_CSV_TOTAL, CS_CSV_DELTA, CS_CSV_INTERVAL };

void cs_csv_header(FILE *f, const char *sep, enum cs_csv_what what);
void cs_csv_rows(FILE *f, const char *sep, enum cs_csv_what what,
		 const struct cs_table *t, const struct cs_view *v,
		 double time, double seconds);

/* prom.c */
void cs_prom_escape(FILE *f, const char *s);
void cs_prom_write(FILE *f, const struct cs_table *t,
		   const struct cs_groups *g, const struct cs_info *info,
		   const unsigned char *show);

/* args.c */
enum cs_mode { CS_SNAPSHOT, CS_INTERVAL, CS_COMMAND, CS_BENCH, CS_HELP };
enum cs_format { CS_TEXT, CS_JSON, CS_CSV, CS_PROM };

struct cs_args {
	enum cs_mode mode;
	enum cs_format format;
	const char *sep;	/* -x */
	int per_cpu;		/* -A */
	int cost;
	struct cs_cpus cpus;	/* -C; n == 0 without it */
	const char *groups;	/* -g */
	const char *counters;	/* -e */
	const char *output;	/* -o */
	double interval;
	long count;		/* 0: until interrupted */
	char **argv;		/* the command */
};

int cs_parse_interval(const char *s, double *v);
int cs_parse_msec(const char *s, double *v);
int cs_parse_count(const char *s, long *v);
int cs_parse_args(int argc, char **argv, struct cs_args *a, char *err);
void cs_args_free(struct cs_args *a);
void cs_usage(FILE *f);

/* run.c */
int cr3stat_main(int argc, char **argv);

#endif /* CR3STAT_CLI_H */
