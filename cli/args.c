// SPDX-License-Identifier: GPL-2.0
/*
 * The command line: options, then nothing (a snapshot), "bench",
 * INTERVAL [COUNT], or "--" and a command.  Options follow perf stat's
 * where perf has them (-A, -C LIST, -e, -I, -x, -o).  Pure; errors are
 * one line.
 */
#include <ctype.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "cr3stat.h"

#define MAX_INTERVAL 86400.0

static int seterr(char *err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, CS_ERRLEN, fmt, ap);
	va_end(ap);
	return -1;
}

/*
 * Seconds: digits with an optional fraction ("1", "0.5"), more than 0 and
 * at most a day.  strtod() would also take a sign, an exponent, blanks,
 * hex and "inf": those are typos here, so only digits and a dot get to it.
 */
int cs_parse_interval(const char *s, double *v)
{
	char *end;
	double x;

	if (!*s || s[strspn(s, "0123456789.")] || !strpbrk(s, "0123456789") ||
	    strchr(s, '.') != strrchr(s, '.'))
		return -1;
	x = strtod(s, &end);
	if (*end || x < 0.001 || x > MAX_INTERVAL)
		return -1;
	*v = x;
	return 0;
}

/* perf's -I: whole milliseconds, as seconds. */
int cs_parse_msec(const char *s, double *v)
{
	unsigned long long ms;

	if (cs_parse_u64(s, &ms) || !ms || ms > MAX_INTERVAL * 1000)
		return -1;
	*v = ms / 1000.0;
	return 0;
}

/* A positive decimal count. */
int cs_parse_count(const char *s, long *v)
{
	unsigned long long x;

	if (cs_parse_u64(s, &x) || !x || x > LONG_MAX)
		return -1;
	*v = (long)x;
	return 0;
}

enum { OPT_COST = 256, OPT_PROM };

/* perf stat's names where perf has the option */
static const struct option long_opts[] = {
	{ "no-aggr", no_argument, NULL, 'A' },
	{ "cpu", required_argument, NULL, 'C' },
	{ "counters", required_argument, NULL, 'e' },
	{ "groups", required_argument, NULL, 'g' },
	{ "help", no_argument, NULL, 'h' },
	{ "interval-print", required_argument, NULL, 'I' },
	{ "json", no_argument, NULL, 'j' },
	{ "output", required_argument, NULL, 'o' },
	{ "field-separator", required_argument, NULL, 'x' },
	{ "cost", no_argument, NULL, OPT_COST },
	{ "prometheus", no_argument, NULL, OPT_PROM },
	{ NULL, 0, NULL, 0 },
};

/* -x: a separator that no field can hold (names, numbers, cpulists). */
static int good_sep(const char *s)
{
	for (; *s; s++)
		if (isalnum((unsigned char)*s) || strchr("_.-\n\r\"", *s))
			return 0;
	return 1;
}

static int set_format(struct cs_args *a, enum cs_format f, char *err)
{
	if (a->format != CS_TEXT && a->format != f)
		return seterr(err, "-j, -x and --prometheus exclude each other");
	a->format = f;
	return 0;
}

static int parse_operands(int argc, char **argv, struct cs_args *a,
		    const char *last_optarg, int msec, char *err)
{
	int n = argc - optind;

	if (optind > 1 && !strcmp(argv[optind - 1], "--") &&
	    last_optarg != argv[optind - 1]) {
		if (!n)
			return seterr(err, "no COMMAND after --");
		if (msec)
			return seterr(err, "-I goes without a COMMAND");
		a->mode = CS_COMMAND;
		a->argv = argv + optind;
	} else if (n >= 1 && !strcmp(argv[optind], "bench") && !msec) {
		if (n > 1)
			return seterr(err, "bench takes no operand ('%s')",
				      argv[optind + 1]);
		a->mode = CS_BENCH;
	} else if (msec) {
		if (n >= 1 && cs_parse_count(argv[optind], &a->count))
			return seterr(err, "bad COUNT '%s': a positive number (-I is the INTERVAL)",
				      argv[optind]);
		if (n > 1)
			return seterr(err, "too many operands ('%s'); a COMMAND goes after --",
				      argv[optind + 1]);
		a->mode = CS_INTERVAL;
	} else if (n >= 1) {
		if (cs_parse_interval(argv[optind], &a->interval))
			return seterr(err, "bad INTERVAL '%s': seconds, more than 0 and at most 86400 (a COMMAND goes after --)",
				      argv[optind]);
		if (n >= 2 && cs_parse_count(argv[optind + 1], &a->count))
			return seterr(err, "bad COUNT '%s': a positive number",
				      argv[optind + 1]);
		if (n > 2)
			return seterr(err, "too many operands ('%s'); a COMMAND goes after --",
				      argv[optind + 2]);
		a->mode = CS_INTERVAL;
	} else {
		a->mode = CS_SNAPSHOT;
	}
	return 0;
}

/* Options that make no sense together or in this mode. */
static int conflicts(const struct cs_args *a, char *err)
{
	if (a->cost && a->mode != CS_SNAPSHOT && a->mode != CS_COMMAND)
		return seterr(err, "--cost goes with a snapshot or a COMMAND");
	if (a->cost && (a->format == CS_CSV || a->format == CS_PROM))
		return seterr(err, "--cost goes with the table or -j");
	if (a->format == CS_PROM && a->mode != CS_SNAPSHOT)
		return seterr(err, "--prometheus writes a snapshot: no INTERVAL, COMMAND or bench");
	if (a->mode != CS_BENCH)
		return 0;
	if (a->per_cpu || a->counters || a->format == CS_CSV)
		return seterr(err, "bench takes none of -A, -e, -x");
	if (a->cpus.n > 1)
		return seterr(err, "bench runs on one CPU: -C takes one here");
	return 0;
}

static int parse_args(int argc, char **argv, struct cs_args *a, char *err)
{
	const char *last_optarg = NULL;
	int c, msec = 0;

	memset(a, 0, sizeof(*a));
	opterr = 0;
	optind = 0;	/* glibc: a full re-initialisation, for tests */
	while ((c = getopt_long(argc, argv, "+:AC:e:g:hI:jo:px:", long_opts,
				NULL)) != -1) {
		last_optarg = optarg;
		switch (c) {
		case 'A':
			a->per_cpu = 1;
			break;
		case 'C':
			cs_cpus_free(&a->cpus);
			if (cs_parse_cpus(optarg, &a->cpus))
				return seterr(err, "bad CPU list '%s': CPUs and ranges, as 0-3,7",
					      optarg);
			break;
		case 'e':
			a->counters = optarg;
			break;
		case 'g':
			a->groups = optarg;
			break;
		case 'h':
			a->mode = CS_HELP;
			return 0;
		case 'I':
			if (cs_parse_msec(optarg, &a->interval))
				return seterr(err, "bad -I '%s': milliseconds, 1 to 86400000",
					      optarg);
			msec = 1;
			break;
		case 'j':
			if (set_format(a, CS_JSON, err))
				return -1;
			break;
		case 'o':
			a->output = optarg;
			break;
		case 'p':
			return seterr(err, "no -p: cr3stat counts system-wide, not per process (per-CPU columns are -A)");
		case 'x':
			if (!*optarg || !good_sep(optarg))
				return seterr(err, "bad -x '%s': a separator such as , or ; (no letters, digits, _ . - or quotes)",
					      optarg);
			if (set_format(a, CS_CSV, err))
				return -1;
			a->sep = optarg;
			break;
		case OPT_COST:
			a->cost = 1;
			break;
		case OPT_PROM:
			if (set_format(a, CS_PROM, err))
				return -1;
			break;
		case ':':
			if (optopt && optopt < 256 && argv[optind - 1][1] != '-')
				return seterr(err, "option -%c needs an argument",
					      optopt);
			return seterr(err, "option %s needs an argument",
				      argv[optind - 1]);
		default:
			if (optopt && optopt < 256)
				return seterr(err, "unknown option -%c", optopt);
			return seterr(err, "unknown option %s",
				      argv[optind - 1]);
		}
	}
	if (parse_operands(argc, argv, a, last_optarg, msec, err))
		return -1;
	return conflicts(a, err);
}

/**
 * cs_parse_args() - read the command line
 * @argc: as given to main()
 * @argv: as given to main(); the command, if any, stays in it
 * @a: the result; cs_args_free() it
 * @err: CS_ERRLEN bytes for the one-line reason of a usage error
 *
 * Options end at the first operand, so a command's own options are its
 * own.  A command needs "--" in front of it: without it the operands are
 * INTERVAL [COUNT] (or COUNT after -I), and a typo is an error, not a
 * command run.
 *
 * Return: 0, or -1 with @err set.
 */
int cs_parse_args(int argc, char **argv, struct cs_args *a, char *err)
{
	if (!parse_args(argc, argv, a, err))
		return 0;
	cs_args_free(a);
	return -1;
}

void cs_args_free(struct cs_args *a)
{
	cs_cpus_free(&a->cpus);
}

void cs_usage(FILE *f)
{
	fputs("usage: cr3stat [options]                      counts since load or reset\n"
	      "       cr3stat [options] INTERVAL [COUNT]     rates per second\n"
	      "       cr3stat [options] -I MSEC [COUNT]      the same, perf's way\n"
	      "       cr3stat [options] -- COMMAND [ARG...]  counts while COMMAND runs\n"
	      "       cr3stat [-j] [-C CPU] bench            run the module's cost bench\n"
	      "\n"
	      "  -A, --no-aggr          a column (interval: a line) per CPU\n"
	      "  -C, --cpu LIST         only these CPUs (0-3,7); bench: run it on CPU\n"
	      "  -e, --counters LIST    only these counters or groups (comma list)\n"
	      "  -g, --groups GROUPS    select probe groups for the run, then restore\n"
	      "                         (+NAME -NAME edits, a comma list, all, none)\n"
	      "  -I, --interval-print MSEC  INTERVAL in milliseconds\n"
	      "  -j, --json             JSON (intervals: one object per line)\n"
	      "  -x, --field-separator SEP  CSV with SEP: a header, a row per counter\n"
	      "      --prometheus       Prometheus text format, per CPU (node_exporter)\n"
	      "  -o, --output FILE      write to FILE (COMMAND: default stderr;\n"
	      "                         --prometheus: replaced atomically)\n"
	      "      --cost             estimate the cycles spent, from the bench\n"
	      "  -h, --help             this help\n"
	      "\n"
	      "CR3STAT_DIR overrides /sys/kernel/debug/cr3stat.  See cr3stat(8).\n",
	      f);
}
