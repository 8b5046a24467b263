// SPDX-License-Identifier: GPL-2.0
/*
 * End-to-end tests of the cr3stat command (cli/run.c) against a fake
 * module directory (CR3STAT_DIR) holding real module output: every mode,
 * the exit statuses of each error class, the measured command's status,
 * -g restoring the groups file (also on SIGTERM), and JSON that parses.
 * Each run is cr3stat_main() in a forked child with its output in files.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "tap.h"
#include "../../cli/cr3stat.h"

static char dir[64];
static char *out, *err;

/* A file's text, or "" if it cannot be read. */
static char *slurp(const char *path)
{
	char *buf = cs_slurp(path);

	return buf ? buf : cs_xstrdup("");
}

static void put(const char *name, const char *text)
{
	char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (!f) {
		printf("Bail out! cannot write %s\n", path);
		exit(1);
	}
	fputs(text, f);
	fclose(f);
}

static char *get(const char *name)
{
	char path[128];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return slurp(path);
}

static void put_fixture(const char *name, const char *fixture)
{
	char path[512], *text;

	snprintf(path, sizeof(path), "%s/%s", CLI_TESTDATA, fixture);
	text = slurp(path);
	if (!*text) {
		printf("Bail out! cannot read %s\n", path);
		exit(1);
	}
	put(name, text);
	free(text);
}

static void rm(const char *name)
{
	char path[128];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	unlink(path);
}

/* How a run should start: as nobody, or with a SIGTERM after a while. */
static int as_nobody;
static int term_after_ms;

/* Run cr3stat with a NULL-terminated argument list; its exit status. */
static int run(const char *first, ...)
{
	char *argv[32], ofile[128], efile[128];
	int argc = 0, status;
	va_list ap;
	pid_t pid;

	argv[argc++] = "cr3stat";
	va_start(ap, first);
	for (argv[argc] = (char *)first; argv[argc];
	     argv[argc] = va_arg(ap, char *))
		argc++;
	va_end(ap);
	snprintf(ofile, sizeof(ofile), "%s.out", dir);
	snprintf(efile, sizeof(efile), "%s.err", dir);
	fflush(NULL);
	pid = fork();
	if (!pid) {
		int o = open(ofile, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		int e = open(efile, O_WRONLY | O_CREAT | O_TRUNC, 0644);

		dup2(o, 1);
		dup2(e, 2);
		if (as_nobody && (setgid(65534) || setuid(65534)))
			_exit(99);
		exit(cr3stat_main(argc, argv));
	}
	if (term_after_ms) {
		struct timespec ts = { 0, term_after_ms * 1000000L };

		nanosleep(&ts, NULL);
		kill(pid, SIGTERM);
	}
	waitpid(pid, &status, 0);
	free(out);
	free(err);
	out = slurp(ofile);
	err = slurp(efile);
	unlink(ofile);
	unlink(efile);
	return WIFSIGNALED(status) ? 128 + WTERMSIG(status) :
	       WEXITSTATUS(status);
}

/* An error: one line, "cr3stat: " and the reason. */
static int one_line(const char *s, const char *want)
{
	size_t n = strlen(s);

	return !strncmp(s, "cr3stat: ", 9) && n && s[n - 1] == '\n' &&
	       strchr(s, '\n') == s + n - 1 && strstr(s, want);
}

static int lines(const char *s)
{
	int n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

/* A strict JSON parser that only says yes or no (RFC 8259). */
static const char *json_value(const char *p);

static const char *json_ws(const char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	return p;
}

static const char *json_string(const char *p)
{
	if (*p++ != '"')
		return NULL;
	for (; *p != '"'; p++) {
		if ((unsigned char)*p < 0x20)
			return NULL;
		if (*p != '\\')
			continue;
		p++;
		if (*p == 'u') {
			int i;

			for (i = 1; i <= 4; i++)
				if (!strchr("0123456789abcdefABCDEF", p[i]) ||
				    !p[i])
					return NULL;
			p += 4;
		} else if (!*p || !strchr("\"\\/bfnrt", *p)) {
			return NULL;
		}
	}
	return p + 1;
}

static const char *json_digits(const char *p)
{
	const char *s = p;

	while (*p >= '0' && *p <= '9')
		p++;
	return p > s ? p : NULL;
}

static const char *json_number(const char *p)
{
	if (*p == '-')
		p++;
	if (*p == '0')
		p++;
	else
		p = json_digits(p);
	if (p && *p == '.')
		p = json_digits(p + 1);
	if (!p)
		return NULL;
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '+' || *p == '-')
			p++;
		p = json_digits(p);
	}
	return p;
}

static const char *json_members(const char *p, char close, int keys)
{
	p = json_ws(p + 1);
	if (*p == close)
		return p + 1;
	for (;;) {
		if (keys) {
			p = json_string(json_ws(p));
			if (!p)
				return NULL;
			p = json_ws(p);
			if (*p++ != ':')
				return NULL;
		}
		p = json_value(p);
		if (!p)
			return NULL;
		p = json_ws(p);
		if (*p == close)
			return p + 1;
		if (*p++ != ',')
			return NULL;
	}
}

static const char *json_value(const char *p)
{
	p = json_ws(p);
	if (*p == '{')
		return json_members(p, '}', 1);
	if (*p == '[')
		return json_members(p, ']', 0);
	if (*p == '"')
		return json_string(p);
	if (!strncmp(p, "true", 4))
		return p + 4;
	if (!strncmp(p, "false", 5))
		return p + 5;
	if (!strncmp(p, "null", 4))
		return p + 4;
	return json_number(p);
}

/* One JSON document per line, and nothing else. */
static int json_lines(const char *s, int want)
{
	int n = 0;

	while (*s) {
		s = json_value(s);
		if (!s || *s != '\n')
			return 0;
		s++;
		n++;
	}
	return n == want;
}

/* The 6.12 counters with ctxsw_cr3_writes raised by @d on cpu0. */
static char *counters_plus(int d)
{
	char path[512], *text, *row, *o;
	size_t n;

	snprintf(path, sizeof(path), "%s/counters-6.12.txt", CLI_TESTDATA);
	text = slurp(path);
	n = strlen(text);
	o = cs_xmalloc(n + 64);
	row = strstr(text, "\nctxsw_cr3_writes ");
	*row = '\0';
	sprintf(o, "%s\nctxsw_cr3_writes         ctxsw    exact %23d %12d %12d%s",
		text, 314 + d, 105 + d, 209, strchr(row + 1, '\n'));
	free(text);
	return o;
}

/* The validator itself, so that "parses" means something. */
static void test_validator(void)
{
	ok(json_lines("{\"a\":[1,-0.5,2e3,true,false,null,\"x\\n\\u00e9\"],\"b\":{}}\n[]\n",
		      2), "validator: accepts valid JSON lines");
	ok(!json_lines("{\"a\":1,}\n", 1) && !json_lines("{a:1}\n", 1) &&
	   !json_lines("[1 2]\n", 1) && !json_lines("{\"a\":01}\n", 1) &&
	   !json_lines("\"\x01\"\n", 1) && !json_lines("{\"a\":1}", 1) &&
	   !json_lines("{}{}\n", 1) && !json_lines("{\"a\":\"\\x\"}\n", 1) &&
	   !json_lines("[1.]\n", 1) && !json_lines("{\"a\"}\n", 1),
	   "validator: rejects trailing commas, bare keys, bad numbers, raw controls");
}

static void test_snapshot(void)
{
	ok(run(NULL) == 0 && !*err, "snapshot: exit 0, nothing on stderr");
	ok(strstr(out, "cr3stat 0.1.0 on 6.12.117+deb12-amd64, pti yes, pcid no") &&
	   strstr(out, "\nctxsw\n  ctxsw_calls ") &&
	   strstr(out, "  ctxsw_cr3_writes               314\n") &&
	   strstr(out, "  msr_pasid_writes       unsupported\n") &&
	   strstr(out, "  paranoid_cr3_restores            0  derived\n"),
	   "snapshot: title, groups, values, unsupported, derived");
	ok(run("-j", NULL) == 0 && json_lines(out, 1) &&
	   strstr(out, "\"name\":\"ctxsw_cr3_writes\",\"group\":\"ctxsw\",\"kind\":\"exact\",\"supported\":true,\"total\":314}") &&
	   strstr(out, "\"name\":\"msr_pasid_writes\",\"group\":\"msr\",\"kind\":\"exact\",\"supported\":false,\"total\":null}") &&
	   strstr(out, "\"kernel\":\"6.12.117+deb12-amd64\""),
	   "snapshot --json parses; unsupported is null");
	ok(run("-p", "-e", "flush", NULL) == 0 &&
	   strstr(out, "total     cpu0     cpu1\nflush\n") &&
	   strstr(out, "  flush_cr3_writes             7        6        1\n") &&
	   !strstr(out, "ctxsw"), "snapshot -p -e flush");
	ok(run("-C", "1", "-e", "ctxsw_cr3_writes", NULL) == 0 &&
	   strstr(out, "  ctxsw_cr3_writes      209\n"), "snapshot -C 1");
	ok(run("--help", NULL) == 0 && strstr(out, "usage: cr3stat"),
	   "--help");
}

static void test_interval(void)
{
	ok(run("0.05", "3", NULL) == 0 && lines(out) == 5 &&
	   strstr(out, " cr3_writes cr3_writes") &&
	   strstr(out, "\n          0 "), "0.05 3: a header of 2 lines, 3 lines");
	ok(run("-j", "0.05", "2", NULL) == 0 && json_lines(out, 2) &&
	   strstr(out, "{\"interval\":2,") &&
	   strstr(out, "\"supported\":false,\"delta\":null,\"rate\":null"),
	   "-j 0.05 2: two JSON lines");
	ok(run("-p", "0.05", "1", NULL) == 0 && lines(out) == 4 &&
	   strstr(out, "\ncpu ") && strstr(out, "\n1 "),
	   "-p 0.05 1: a line per CPU");
}

static void test_command(void)
{
	char *s, o[256];

	snprintf(o, sizeof(o), "%s/report", dir);
	ok(run("-o", o, "--", "/bin/sh", "-c", "exit 3", NULL) == 3,
	   "the command's exit status 3 is cr3stat's");
	s = get("report");
	ok(strstr(s, "cr3stat: CR3 and MSR writes for: /bin/sh -c 'exit 3'\n") &&
	   strstr(s, "  ctxsw_cr3_writes                 0\n") &&
	   strstr(s, "  msr_pasid_writes       unsupported\n") &&
	   strstr(s, "seconds elapsed; exit status 3\n"),
	   "-o: the report, with unsupported deltas");
	free(s);
	ok(run("--", "/bin/sh", "-c", "echo hello", NULL) == 0 &&
	   !strcmp(out, "hello\n") && strstr(err, "exit status 0"),
	   "the report goes to stderr, the command's output is left alone");
	ok(run("--", "/bin/sh", "-c", "kill -KILL $$", NULL) == 137 &&
	   strstr(err, "killed by signal 9"), "killed by SIGKILL: 137");
	ok(run("--", "/nonexistent/cmd", NULL) == 127 &&
	   one_line(err, "cannot run '/nonexistent/cmd'"),
	   "a command not found: 127 (%s)", tap_esc(err));
	put("noexec", "#!/bin/sh\n");
	snprintf(o, sizeof(o), "%s/noexec", dir);
	chmod(o, 0644);
	ok(run("--", o, NULL) == 126 && one_line(err, "cannot run"),
	   "a command not executable: 126");

	s = counters_plus(400);
	put("counters.after", s);
	free(s);
	snprintf(o, sizeof(o), "cp %s/counters.after %s/counters", dir, dir);
	ok(run("-j", "--", "/bin/sh", "-c", o, NULL) == 0 &&
	   json_lines(err, 1) &&
	   strstr(err, "\"name\":\"ctxsw_cr3_writes\",\"group\":\"ctxsw\",\"kind\":\"exact\",\"supported\":true,\"delta\":400}") &&
	   strstr(err, "\"name\":\"ctxsw_calls\",\"group\":\"ctxsw\",\"kind\":\"exact\",\"supported\":true,\"delta\":0}") &&
	   strstr(err, "\"supported\":false,\"delta\":null") &&
	   strstr(err, "{\"command\":[\"/bin/sh\",\"-c\",") &&
	   strstr(err, "\"exit_status\":0,") && strstr(err, "\"reset\":false"),
	   "-j: 400 writes counted during the command, JSON parses");
	put_fixture("counters", "counters-6.12.txt");

	s = counters_plus(-100);
	put("counters.after", s);
	free(s);
	ok(run("--", "/bin/sh", "-c", o, NULL) == 0 &&
	   strstr(err, "reset during the run: counts are lower bounds") &&
	   strstr(err, "  ctxsw_cr3_writes                 5\n"),
	   "a counter that went backwards: reset, count since then");
	put_fixture("counters", "counters-6.12.txt");
}

static void test_bench_and_cost(void)
{
	char o[256], *s;

	ok(run("bench", NULL) == CS_EXIT_NOFILE &&
	   one_line(err, "has no bench"), "no bench file: 6, one line");
	ok(run("--cost", "--", "/bin/true", NULL) == 0 &&
	   strstr(err, "No cost estimate: the loaded module has no bench.") &&
	   !strstr(err, "Estimated") && !strstr(err, "cr3stat: the loaded"),
	   "--cost without a bench: the counts, no estimate");

	put_fixture("bench", "bench-spec.txt");
	ok(run("bench", NULL) == 0 &&
	   strstr(out, "cr3_flush        0 1000         310         320") &&
	   strstr(out, "  wrmsr          msr_writes - msr_pasid_writes\n"),
	   "bench: the table and the prices");
	ok(run("-j", "bench", NULL) == 0 && json_lines(out, 1) &&
	   strstr(out, "{\"op\":\"cr3_noflush\",\"cpu\":0,\"reps\":1000,\"supported\":false,\"min\":null,"),
	   "bench -j parses");
	ok(run("-C", "0", "bench", NULL) == 0, "bench -C 0");

	s = counters_plus(400);
	put("counters.after", s);
	free(s);
	snprintf(o, sizeof(o), "cp %s/counters.after %s/counters", dir, dir);
	ok(run("--cost", "--", "/bin/sh", "-c", o, NULL) == 0 &&
	   strstr(err, "Estimated cost (an estimate: bench medians") &&
	   strstr(err, "  cr3_flush          400      320           128000\n") &&
	   strstr(err, "  total                                     128000 cycles\n") &&
	   strstr(err, "not counted: pti_cr3_writes (not in the counters table)") &&
	   strstr(err, "not counted: msr_pasid_writes (unsupported)"),
	   "--cost: 400 cr3_flush events x 320 cycles");
	put_fixture("counters", "counters-6.12.txt");
	ok(run("-j", "--cost", "--", "/bin/sh", "-c", o, NULL) == 0 &&
	   json_lines(err, 1) && strstr(err, "\"estimate\":{\"note\":") &&
	   strstr(err, "\"cycles\":128000,\"bench_cpu\":0,"),
	   "--cost -j: the estimate in JSON");
	put_fixture("counters", "counters-6.12.txt");
	ok(run("--cost", NULL) == 0 &&
	   strstr(out, "  cr3_flush          321      320           102720\n"),
	   "--cost on a snapshot prices the totals since load");
	put("bench", "op median\nx\n");
	ok(run("bench", NULL) == CS_EXIT_ERROR &&
	   one_line(err, "cannot parse"), "a bad bench table: 1");
	rm("bench");
}

static void test_groups(void)
{
	char o[256], *before = get("groups"), *s;

	ok(run("-g", "none", "-e", "msr", NULL) == 0, "-g none: exit 0");
	s = get("groups");
	ok(!strcmp(s, "ctxsw,flush,other,msr,paranoid"),
	   "-g none: the selection is written back ('%s')", s);
	free(s);

	put("groups", before);
	snprintf(o, sizeof(o), "cp %s/groups %s/groups.during", dir, dir);
	ok(run("-g", "+pti", "--", "/bin/sh", "-c", o, NULL) == 0,
	   "-g +pti -- cp");
	s = get("groups.during");
	ok(!strcmp(s, "+pti"), "the request is in place while the command runs");
	free(s);
	s = get("groups");
	ok(!strcmp(s, "ctxsw,flush,other,msr,paranoid"),
	   "and the selection is back after it");
	free(s);

	put("groups", before);
	ok(run("-g", "none", "-C", "9", NULL) == CS_EXIT_USAGE,
	   "-g with an error later: 2");
	s = get("groups");
	ok(!strcmp(s, "ctxsw,flush,other,msr,paranoid"),
	   "the selection is restored after the error");
	free(s);

	put("groups", before);
	term_after_ms = 300;
	ok(run("-g", "flush", "0.05", NULL) == 128 + SIGTERM,
	   "SIGTERM stops an endless interval run: 143");
	term_after_ms = 0;
	s = get("groups");
	ok(!strcmp(s, "ctxsw,flush,other,msr,paranoid") && lines(out) >= 3,
	   "the selection is restored on SIGTERM");
	free(s);

	put("groups", "group selected attached probes\na on\n");
	ok(run("-g", "none", NULL) == CS_EXIT_ERROR &&
	   one_line(err, "cannot parse"), "an unreadable groups table: 1");
	put("groups", before);
	free(before);
}

static void test_errors(void)
{
	char saved[64], path[128];
	const char *mounts_dbg;
	char *mounts;

	ok(run("x", NULL) == CS_EXIT_USAGE && one_line(err, "bad INTERVAL 'x'"),
	   "bad INTERVAL: 2, one line");
	ok(run("1", "0", NULL) == CS_EXIT_USAGE && one_line(err, "bad COUNT"),
	   "bad COUNT: 2");
	ok(run("-C", "x", NULL) == CS_EXIT_USAGE && one_line(err, "bad CPU"),
	   "bad CPU: 2");
	ok(run("-C", "7", NULL) == CS_EXIT_USAGE &&
	   one_line(err, "no cpu7 column"), "a CPU the module has not: 2");
	ok(run("-e", "nope", NULL) == CS_EXIT_USAGE &&
	   one_line(err, "no counter or group named 'nope'"),
	   "an unknown counter: 2");
	ok(run("-o", "/nonexistent/dir/f", NULL) == CS_EXIT_ERROR &&
	   one_line(err, "cannot write"), "an output that cannot be written: 1");

	put("counters", "counter group kind total cpu0\nx g exact 1\n");
	ok(run(NULL) == CS_EXIT_ERROR && one_line(err, "cannot parse") &&
	   strstr(err, "line 2"), "a malformed counters table: 1 (%s)",
	   tap_esc(err));
	rm("counters");
	ok(run(NULL) == CS_EXIT_NOMODULE &&
	   one_line(err, "has no counters file"), "no counters file: 4");
	put_fixture("counters", "counters-6.12.txt");

	snprintf(saved, sizeof(saved), "%s", dir);
	strcat(dir, "/gone");
	setenv("CR3STAT_DIR", dir, 1);
	ok(run(NULL) == CS_EXIT_NOMODULE && one_line(err, "CR3STAT_DIR"),
	   "no such CR3STAT_DIR: 4 (%s)", tap_esc(err));
	snprintf(dir, sizeof(dir), "%s", saved);
	setenv("CR3STAT_DIR", dir, 1);

	if (!geteuid()) {
		snprintf(path, sizeof(path), "%s/counters", dir);
		chmod(path, 0600);
		as_nobody = 1;
		ok(run(NULL) == CS_EXIT_PERM &&
		   one_line(err, "permission denied"),
		   "not root: 5 (%s)", tap_esc(err));
		as_nobody = 0;
	} else {
		ok(1, "# SKIP not root: cannot test as another user");
	}

	/* the default directory: what this host has decides the answer */
	unsetenv("CR3STAT_DIR");
	mounts = slurp("/proc/mounts");
	mounts_dbg = strstr(mounts, " /sys/kernel/debug debugfs ");
	if (!mounts_dbg) {
		ok(run(NULL) == CS_EXIT_NODEBUGFS &&
		   (one_line(err, "debugfs is not mounted on /sys/kernel/debug") ||
		    one_line(err, "debugfs is mounted on ")),
		   "no debugfs on /sys/kernel/debug: 3 (%s)", tap_esc(err));
	} else if (access("/sys/kernel/debug/cr3stat", F_OK)) {
		ok(run(NULL) == CS_EXIT_NOMODULE &&
		   one_line(err, "module is not loaded"),
		   "debugfs but no module: 4 (%s)", tap_esc(err));
	} else {
		ok(1, "# SKIP the module is loaded on this host");
	}
	free(mounts);
	setenv("CR3STAT_DIR", dir, 1);
}

int main(void)
{
	char cmd[128];

	snprintf(dir, sizeof(dir), "/tmp/cr3stat-cli.XXXXXX");
	if (!mkdtemp(dir)) {
		printf("Bail out! mkdtemp\n");
		return 1;
	}
	setenv("CR3STAT_DIR", dir, 1);
	unsetenv("COLUMNS");
	put_fixture("counters", "counters-6.12.txt");
	put_fixture("groups", "groups-6.12.txt");
	put_fixture("info", "info-6.12.txt");

	test_validator();
	test_snapshot();
	test_interval();
	test_command();
	test_bench_and_cost();
	test_groups();
	test_errors();

	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd))
		printf("# could not remove %s\n", dir);
	return done_testing();
}
