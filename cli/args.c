// SPDX-License-Identifier: GPL-2.0
/*
 * The command line: options, then nothing (a snapshot), "bench",
 * INTERVAL [COUNT], or "--" and a command.  Pure; errors are one line.
 */
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
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
 * at most a day.  No sign, exponent, blanks or "inf": those are typos.
 */
int cs_parse_interval(const char *s, double *v)
{
	double x = 0, scale = 1;
	int digits = 0;

	for (; *s >= '0' && *s <= '9'; s++, digits++)
		if (x <= MAX_INTERVAL)
			x = x * 10 + (*s - '0');
	if (*s == '.') {
		for (s++; *s >= '0' && *s <= '9'; s++, digits++) {
			scale /= 10;
			x += (*s - '0') * scale;
		}
	}
	if (*s || !digits || x < 0.001 || x > MAX_INTERVAL)
		return -1;
	*v = x;
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

/* A CPU number: decimal, 0 or more. */
int cs_parse_cpu(const char *s, int *v)
{
	unsigned long long x;

	if (cs_parse_u64(s, &x) || x > INT_MAX)
		return -1;
	*v = (int)x;
	return 0;
}

enum { OPT_COST = 256 };

static const struct option long_opts[] = {
	{ "cpu", required_argument, NULL, 'C' },
	{ "counters", required_argument, NULL, 'e' },
	{ "groups", required_argument, NULL, 'g' },
	{ "help", no_argument, NULL, 'h' },
	{ "json", no_argument, NULL, 'j' },
	{ "output", required_argument, NULL, 'o' },
	{ "per-cpu", no_argument, NULL, 'p' },
	{ "cost", no_argument, NULL, OPT_COST },
	{ NULL, 0, NULL, 0 },
};

/**
 * cs_parse_args() - read the command line
 * @argc: as given to main()
 * @argv: as given to main(); the command, if any, stays in it
 * @a: the result
 * @err: CS_ERRLEN bytes for the one-line reason of a usage error
 *
 * Options end at the first operand, so a command's own options are its
 * own.  A command needs "--" in front of it: without it the operands are
 * INTERVAL [COUNT], and a typo is an error, not a command run.
 *
 * Return: 0, or -1 with @err set.
 */
int cs_parse_args(int argc, char **argv, struct cs_args *a, char *err)
{
	const char *last_optarg = NULL;
	int c, n;

	memset(a, 0, sizeof(*a));
	a->cpu = -1;
	opterr = 0;
	optind = 0;	/* glibc: a full re-initialisation, for tests */
	while ((c = getopt_long(argc, argv, "+:C:e:g:hjo:p", long_opts,
				NULL)) != -1) {
		last_optarg = optarg;
		switch (c) {
		case 'C':
			if (cs_parse_cpu(optarg, &a->cpu))
				return seterr(err, "bad CPU '%s': a CPU number",
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
		case 'j':
			a->json = 1;
			break;
		case 'o':
			a->output = optarg;
			break;
		case 'p':
			a->per_cpu = 1;
			break;
		case OPT_COST:
			a->cost = 1;
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

	n = argc - optind;
	if (optind > 1 && !strcmp(argv[optind - 1], "--") &&
	    last_optarg != argv[optind - 1]) {
		if (!n)
			return seterr(err, "no COMMAND after --");
		a->mode = CS_COMMAND;
		a->argv = argv + optind;
	} else if (n >= 1 && !strcmp(argv[optind], "bench")) {
		if (n > 1)
			return seterr(err, "bench takes no operand ('%s')",
				      argv[optind + 1]);
		a->mode = CS_BENCH;
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

	if (a->per_cpu && a->cpu >= 0)
		return seterr(err, "-p and -C exclude each other");
	if (a->cost && a->mode != CS_SNAPSHOT && a->mode != CS_COMMAND)
		return seterr(err, "--cost goes with a snapshot or a COMMAND");
	if (a->mode == CS_BENCH && (a->per_cpu || a->counters))
		return seterr(err, "bench takes neither -p nor -e");
	return 0;
}

void cs_usage(FILE *f)
{
	fputs("usage: cr3stat [options]                      counts since load or reset\n"
	      "       cr3stat [options] INTERVAL [COUNT]     rates per second\n"
	      "       cr3stat [options] -- COMMAND [ARG...]  counts while COMMAND runs\n"
	      "       cr3stat [-j] [-C CPU] bench            the module's cost bench\n"
	      "\n"
	      "  -C, --cpu CPU        only CPU's column (bench: run it on CPU)\n"
	      "  -p, --per-cpu        a column (interval: a line) per CPU\n"
	      "  -e, --counters LIST  only these counters or groups (comma list)\n"
	      "  -g, --groups GROUPS  select probe groups for the run, then restore\n"
	      "                       (+NAME -NAME edits, a comma list, all, none)\n"
	      "  -j, --json           JSON (intervals: one object per line)\n"
	      "  -o, --output FILE    write the report to FILE (COMMAND: default stderr)\n"
	      "      --cost           estimate the cycles spent, from the bench\n"
	      "  -h, --help           this help\n"
	      "\n"
	      "CR3STAT_DIR overrides /sys/kernel/debug/cr3stat.  See cr3stat(8).\n",
	      f);
}
