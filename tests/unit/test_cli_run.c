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
#include "cli_fixture.h"

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

static void put_fixture(const char *name, const char *file)
{
	char *text = fixture(file);

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
		alarm(20);	/* a run that hangs fails, as SIGALRM: 142 */
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

/* A usage error: the reason on one line, then the usage. */
static int usage_after(const char *s, const char *want)
{
	const char *nl = strchr(s, '\n');

	return !strncmp(s, "cr3stat: ", 9) && nl && strstr(s, want) < nl &&
	       strstr(s, want) && !strncmp(nl + 1, "usage: cr3stat ", 15);
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

/*
 * Run a real parser on @text: PROG ARGS... with @text on its standard
 * input and its output discarded.  Its exit status; 127 when it is not
 * there.
 */
static int parse_with(const char *text, const char *prog, ...)
{
	char path[128], *argv[8];
	int argc = 0, status, fd;
	va_list ap;
	pid_t pid;

	snprintf(path, sizeof(path), "%s.in", dir);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text))
		return -1;
	close(fd);
	argv[argc++] = (char *)prog;
	va_start(ap, prog);
	while (argc < 7 && (argv[argc] = va_arg(ap, char *)))
		argc++;
	va_end(ap);
	argv[argc] = NULL;
	fflush(NULL);
	pid = fork();
	if (!pid) {
		fd = open(path, O_RDONLY);
		dup2(fd, 0);
		fd = open("/dev/null", O_WRONLY);
		dup2(fd, 1);
		dup2(fd, 2);
		execvp(prog, argv);
		_exit(127);
	}
	waitpid(pid, &status, 0);
	unlink(path);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

/*
 * jq, a real JSON parser: @text is @n JSON documents, one per line, and
 * each filter of the NULL-terminated list, applied to the array of them,
 * is true.
 */
static int jq(const char *text, int n, ...)
{
	char prog[2048];
	const char *f;
	size_t len;
	va_list ap;

	len = snprintf(prog, sizeof(prog), "length == %d", n);
	va_start(ap, n);
	while ((f = va_arg(ap, const char *)) && len < sizeof(prog))
		len += snprintf(prog + len, sizeof(prog) - len, " and (%s)", f);
	va_end(ap);
	return len < sizeof(prog) && lines(text) == n &&
	       !parse_with(text, "jq", "-e", "-s", prog, NULL);
}

/* promtool check metrics: the Prometheus text format, linted.  -1: none. */
static int promtool(const char *text)
{
	const char *p = getenv("PROMTOOL") ?: "promtool";
	int r = parse_with(text, p, "check", "metrics", NULL);

	return r == 127 ? -1 : r;
}

/*
 * The bench file of a fake module: a FIFO served by a child that behaves
 * as the module does.  A writer's request (all it writes before closing)
 * is logged to bench.log; then the next reader gets @table.  A cr3stat
 * that read without writing first would wait for ever: run() gives up
 * after 20 s.
 */
static pid_t bench_pid;

static void bench_serve(const char *table)
{
	char fifo[128], logf[128], req[64];
	ssize_t n, len;
	int fd;

	snprintf(fifo, sizeof(fifo), "%s/bench", dir);
	snprintf(logf, sizeof(logf), "%s/bench.log", dir);
	unlink(fifo);
	unlink(logf);
	if (mkfifo(fifo, 0600)) {
		printf("Bail out! mkfifo %s\n", fifo);
		exit(1);
	}
	fflush(NULL);
	bench_pid = fork();
	if (bench_pid)
		return;
	for (;;) {
		fd = open(fifo, O_RDONLY);
		for (len = 0; (n = read(fd, req + len, sizeof(req) - 1 - len)) > 0;)
			len += n;
		close(fd);
		req[len] = '\0';
		fd = open(logf, O_WRONLY | O_CREAT | O_APPEND, 0644);
		if (write(fd, req, len) != len || write(fd, "|", 1) != 1)
			_exit(1);
		close(fd);
		fd = open(fifo, O_WRONLY);
		if (write(fd, table, strlen(table)) < 0)
			_exit(1);
		close(fd);
	}
}

static void bench_stop(void)
{
	kill(bench_pid, SIGKILL);
	waitpid(bench_pid, NULL, 0);
	rm("bench");
}

/* The 6.12 counters with ctxsw_cr3_writes raised by @d on cpu0. */
static char *counters_plus(int d)
{
	char *text = fixture("counters-6.12.txt"), *row, *o;
	size_t n;

	n = strlen(text);
	o = cs_xmalloc(n + 64);
	row = strstr(text, "\nctxsw_cr3_writes ");
	*row = '\0';
	sprintf(o, "%s\nctxsw_cr3_writes         ctxsw    exact %23d %12d %12d%s",
		text, 314 + d, 105 + d, 209, strchr(row + 1, '\n'));
	free(text);
	return o;
}

/* The parsers themselves, so that "parses" means something. */
static void test_parsers(void)
{
	int r;

	ok(jq("{\"a\":[1,-0.5,2e3,true,null,\"\\u00e9\"]}\n[]\n", 2,
	      ".[0].a[1] == -0.5", NULL) &&
	   !jq("{\"a\":1,}\n", 1, NULL) && !jq("{a:1}\n", 1, NULL) &&
	   !jq("{\"a\":\"\\x\"}\n", 1, NULL) && !jq("[1 2]\n", 1, NULL) &&
	   !jq("{}\n", 1, ".a == 1", NULL),
	   "jq accepts JSON lines and rejects a trailing comma, a bare key, a bad escape, a missing comma, and a false filter");
	r = promtool("# HELP x_total X.\n# TYPE x_total counter\nx_total{cpu=\"0\"} 1\n");
	if (r < 0) {
		ok(1, "# SKIP no promtool (PROMTOOL, or on PATH; tests/run sets it)");
		return;
	}
	ok(r == 0 &&
	   promtool("# HELP x_total X.\n# TYPE x_total counter\nx_total{cpu=\"0\"} 1\n# HELP y Y.\n# TYPE y gauge\ny 1\n# HELP x_total X.\n# TYPE x_total counter\nx_total{cpu=\"1\"} 2\n") &&
	   promtool("# HELP x_total X.\n# TYPE x_total counter\nx_total{cpu=\"0} 1\n") &&
	   promtool("# HELP x X.\n# TYPE x counter\nx 1\n") &&
	   promtool("x 1\n"),
	   "promtool accepts a good family and rejects a family written twice, a bad label, a counter without _total, a metric without help");
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
	ok(run("-j", NULL) == 0 &&
	   jq(out, 1, ".[0].cpus == [0,1]",
	      ".[0].info.kernel == \"6.12.117+deb12-amd64\"",
	      ".[0].counters | length == 36",
	      ".[0].counters[] | select(.name == \"ctxsw_cr3_writes\") | .total == 314 and .supported and .kind == \"exact\"",
	      ".[0].counters[] | select(.name == \"msr_pasid_writes\") | .total == null and (.supported | not)",
	      NULL),
	   "snapshot -j: jq reads 36 counters; unsupported is null");
	ok(run("-A", "-e", "flush", NULL) == 0 &&
	   strstr(out, "total     cpu0     cpu1\nflush\n") &&
	   strstr(out, "  flush_cr3_writes             7        6        1\n") &&
	   !strstr(out, "ctxsw"), "snapshot -A -e flush: a column per CPU");
	ok(run("-C", "1", "-e", "ctxsw_cr3_writes", NULL) == 0 &&
	   strstr(out, "  ctxsw_cr3_writes      209\n") &&
	   run("-C", "0-1", "-e", "ctxsw_cr3_writes", NULL) == 0 &&
	   strstr(out, "cpu0-1\n") && strstr(out, "  ctxsw_cr3_writes      314\n"),
	   "snapshot -C 1: cpu1's count (209); -C 0-1: their sum (314)");
	ok(run("-j", "-C", "1", "-e", "ctxsw", NULL) == 0 &&
	   jq(out, 1, ".[0].cpus == [1]", ".[0].counters | length == 10",
	      ".[0].counters[] | select(.name == \"ctxsw_calls\") | .total == 209",
	      NULL),
	   "snapshot -j -C 1: the CPUs counted, and their totals");
	ok(run("-x", ",", "-A", "-e", "flush_cr3_writes,msr_pasid_writes", NULL) == 0 &&
	   !strcmp(out, "counter,group,kind,cpu,total\n"
		   "flush_cr3_writes,flush,exact,0,6\n"
		   "flush_cr3_writes,flush,exact,1,1\n"
		   "msr_pasid_writes,msr,exact,0,unsupported\n"
		   "msr_pasid_writes,msr,exact,1,unsupported\n"),
	   "snapshot -x , -A: a header, a row per counter and CPU");
	ok(run("--help", NULL) == 0 && strstr(out, "usage: cr3stat"),
	   "--help");
}

/* The counters file of the fake module, from a captured fixture. */
static void counters_from(const char *fixture)
{
	put_fixture("counters", fixture);
}

static void test_prometheus(void)
{
	static const char *const sets[][2] = {
		{ "counters-6.1.txt", "6.1" }, { "counters-6.12.txt", "6.12" },
		{ "counters-6.12-pti.txt", "6.12 with pti" },
	};
	char path[256], tmpl[256], *s;
	const char *bad = NULL;
	unsigned int i;
	struct stat st;
	int r = 0;

	for (i = 0; i < ARRAY_SIZE(sets); i++) {
		counters_from(sets[i][0]);
		r = run("--prometheus", NULL) ? 1 : promtool(out);
		if (r)
			bad = bad ?: sets[i][1];
	}
	counters_from("counters-6.12.txt");
	if (r < 0)
		ok(1, "# SKIP no promtool");
	else
		ok(!bad, "promtool check metrics accepts --prometheus on the 6.1, 6.12 and 6.12-pti tables%s",
		   failing(bad));

	ok(run("--prometheus", NULL) == 0 &&
	   strstr(out, "\ncr3stat_ctxsw_cr3_writes_total{cpu=\"0\",group=\"ctxsw\",kind=\"exact\"} 105\n"
		  "cr3stat_ctxsw_cr3_writes_total{cpu=\"1\",group=\"ctxsw\",kind=\"exact\"} 209\n") &&
	   strstr(out, "\ncr3stat_supported{counter=\"msr_pasid_writes\",group=\"msr\",kind=\"exact\"} 0\n") &&
	   !strstr(out, "cr3stat_msr_pasid_writes_total") &&
	   strstr(out, ",paranoid_restore=\"user (detected)\",") &&
	   strstr(out, "cr3stat_group_attached{group=\"paranoid\"} 1\n"),
	   "--prometheus: a series per CPU, an unsupported counter left out (supported 0), info and groups");
	ok(run("--prometheus", "-C", "1", "-e", "ctxsw_cr3_writes", NULL) == 0 &&
	   strstr(out, "{cpu=\"1\",group=\"ctxsw\",kind=\"exact\"} 209\n") &&
	   !strstr(out, "cpu=\"0\"") && !strstr(out, "ctxsw_calls"),
	   "--prometheus -C 1 -e: that CPU's series of that counter");

	snprintf(path, sizeof(path), "%s/out/cr3stat.prom", dir);
	snprintf(tmpl, sizeof(tmpl), "%s/out", dir);
	mkdir(tmpl, 0755);
	put("out/cr3stat.prom", "old\n");
	umask(027);
	r = run("--prometheus", "-o", path, NULL);
	umask(022);
	s = get("out/cr3stat.prom");
	ok(r == 0 && !stat(path, &st) && (st.st_mode & 0777) == 0640 &&
	   !strncmp(s, "# HELP cr3stat_info ", 20) && lines(s) > 100 &&
	   !strcmp(out, ""),
	   "--prometheus -o: the file replaced whole, with the mode a new file gets (umask 027: 0640)");
	free(s);
	snprintf(tmpl, sizeof(tmpl), "ls -A %s/out | grep -qvx cr3stat.prom", dir);
	ok(system(tmpl), "--prometheus -o leaves no temporary file beside it");

	rm("counters");
	put("out/cr3stat.prom", "old\n");
	r = run("--prometheus", "-o", path, NULL);
	s = get("out/cr3stat.prom");
	ok(r == CS_EXIT_NOMODULE && !strcmp(s, "old\n") && system(tmpl),
	   "--prometheus -o when the counters cannot be read: exit 4, the old file as it was, no temporary file");
	free(s);
	counters_from("counters-6.12.txt");
	snprintf(path, sizeof(path), "%s/nodir/cr3stat.prom", dir);
	ok(run("--prometheus", "-o", path, NULL) == CS_EXIT_ERROR &&
	   one_line(err, "cannot write"),
	   "--prometheus -o into a missing directory: exit 1, one line");
}

static void test_interval(void)
{
	ok(run("0.05", "3", NULL) == 0 && lines(out) == 5 &&
	   strstr(out, " cr3_writes cr3_writes") &&
	   strstr(out, "\n          0 "), "0.05 3: a header of 2 lines, 3 lines");
	ok(run("-I", "50", "2", NULL) == 0 && lines(out) == 4,
	   "-I 50 2: the same, perf's way");
	ok(run("-j", "0.05", "2", NULL) == 0 &&
	   jq(out, 2, ".[1].interval == 2", ".[0].cpus == [0,1]",
	      ".[0].counters[] | select(.name == \"msr_pasid_writes\") | .delta == null and .rate == null",
	      NULL),
	   "-j 0.05 2: jq reads two documents; unsupported rates are null");
	ok(run("-A", "0.05", "1", NULL) == 0 && lines(out) == 4 &&
	   strstr(out, "\ncpu ") && strstr(out, "\n1 "),
	   "-A 0.05 1: a line per CPU");
	ok(run("-x", ";", "-e", "flush_cr3_writes", "0.05", "2", NULL) == 0 &&
	   lines(out) == 3 &&
	   !strncmp(out, "time;counter;group;kind;cpu;delta;rate\n", 39) &&
	   strstr(out, ";flush_cr3_writes;flush;exact;0-1;0;0.000\n"),
	   "-x ';' 0.05 2: a header, a row per interval");
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
	   "a command not found: 127");
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
	   jq(err, 1, ".[0].command[0] == \"/bin/sh\"",
	      ".[0].exit_status == 0", ".[0].reset | not",
	      ".[0].counters[] | select(.name == \"ctxsw_cr3_writes\") | .delta == 400",
	      ".[0].counters[] | select(.name == \"ctxsw_calls\") | .delta == 0",
	      ".[0].counters[] | select(.name == \"msr_pasid_writes\") | .delta == null",
	      NULL),
	   "-j: jq reads the 400 writes counted during the command");
	counters_from("counters-6.12.txt");
	ok(run("-x", ",", "-C", "0", "-e", "ctxsw_cr3_writes", "--",
	       "/bin/sh", "-c", o, NULL) == 0 &&
	   !strcmp(err, "counter,group,kind,cpu,delta\nctxsw_cr3_writes,ctxsw,exact,0,400\n"),
	   "-x , -C 0: the delta of cpu0, where the writes were");
	counters_from("counters-6.12.txt");
	ok(run("-C", "1", "-e", "ctxsw_cr3_writes", "--", "/bin/sh", "-c", o,
	       NULL) == 0 &&
	   strstr(err, "writes on cpu1 for: ") &&
	   strstr(err, "  ctxsw_cr3_writes        0\n"),
	   "-C 1: nothing on cpu1");
	counters_from("counters-6.12.txt");

	s = counters_plus(-100);
	put("counters.after", s);
	free(s);
	ok(run("--", "/bin/sh", "-c", o, NULL) == 0 &&
	   strstr(err, "reset during the run: counts are lower bounds") &&
	   strstr(err, "  ctxsw_cr3_writes                 5\n"),
	   "a counter that went backwards: reset, count since then");
	counters_from("counters-6.12.txt");
}

static const char header_only[] =
	"op               cpu   reps         min      median         p90         max  prices\n";

static void test_bench_and_cost(void)
{
	char o[256], *btext, *s;

	btext = fixture("bench-6.12.txt");

	ok(run("bench", NULL) == CS_EXIT_NOMODULE &&
	   one_line(err, "has no bench file"), "no bench file: 4, one line");

	bench_serve(btext);
	ok(run("bench", NULL) == 0 &&
	   strstr(out, "cr3_flush        0 1000        8658       11518") &&
	   strstr(out, "  wrmsr          msr_writes - msr_pasid_writes\n"),
	   "bench: the table and the prices");
	s = get("bench.log");
	ok(!strcmp(s, "run\n|"),
	   "bench writes 'run' to the bench file once, before it reads ('%s')",
	   tap_esc(s));
	free(s);
	ok(run("-j", "-C", "0", "bench", NULL) == 0 &&
	   jq(out, 1, ".[0].bench | length == 6",
	      ".[0].bench[] | select(.op == \"cr3_noflush\") | (.supported | not) and .min == null and .cpu == 0",
	      ".[0].bench[] | select(.op == \"cr3_flush\") | .median == 11518 and (.prices | length == 8)",
	      NULL),
	   "bench -j -C 0: jq reads the 6 ops");

	s = counters_plus(400);
	put("counters.after", s);
	free(s);
	snprintf(o, sizeof(o), "cp %s/counters.after %s/counters", dir, dir);
	ok(run("--cost", "--", "/bin/sh", "-c", o, NULL) == 0 &&
	   strstr(err, "Estimated cost (an estimate: bench medians on cpu0") &&
	   strstr(err, "  cr3_flush          400    11518          4607200\n") &&
	   strstr(err, "  total                                    4607200 cycles\n") &&
	   strstr(err, "not counted: pti_cr3_writes (not in the counters table)") &&
	   strstr(err, "not counted: msr_pasid_writes (unsupported)"),
	   "--cost: 400 cr3_flush events x 11518 cycles");
	counters_from("counters-6.12.txt");
	ok(run("-j", "--cost", "--", "/bin/sh", "-c", o, NULL) == 0 &&
	   jq(err, 1, ".[0].estimate.cycles == 4607200",
	      ".[0].estimate.bench_cpu == 0",
	      ".[0].estimate.note | test(\"estimate\")", NULL),
	   "--cost -j: jq reads the estimate");
	counters_from("counters-6.12.txt");
	ok(run("--cost", NULL) == 0 &&
	   strstr(out, "  cr3_flush          321    11518          3697278\n"),
	   "--cost on a snapshot prices the totals since load");
	s = get("bench.log");
	ok(!strcmp(s, "run\n|run\n|run\n|run\n|run\n|"),
	   "every bench and --cost run wrote 'run' once");
	free(s);
	bench_stop();

	bench_serve(header_only);
	ok(run("bench", NULL) == CS_EXIT_ERROR &&
	   one_line(err, "shows no results after a run"),
	   "a bench that shows no results after a run: 1, one line");
	bench_stop();
	bench_serve("op median\nx 1\n");
	ok(run("bench", NULL) == CS_EXIT_ERROR &&
	   one_line(err, "cannot parse"), "a bad bench table: 1");
	bench_stop();
	free(btext);
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

	ok(run("x", NULL) == CS_EXIT_USAGE &&
	   usage_after(err, "bad INTERVAL 'x'") &&
	   run("-C", "x", NULL) == CS_EXIT_USAGE &&
	   usage_after(err, "bad CPU list 'x'") &&
	   run("-p", "1", NULL) == CS_EXIT_USAGE &&
	   usage_after(err, "(per-CPU columns are -A)") &&
	   run("--nope", NULL) == CS_EXIT_USAGE &&
	   usage_after(err, "unknown option --nope"),
	   "a bad command line: 2, the reason, then the usage");
	ok(run("-C", "1,7", NULL) == CS_EXIT_USAGE &&
	   one_line(err, "bad CPU 7: no cpu7 column in ") &&
	   strstr(err, "(CPUs 0-1)"), "a CPU the module has not: 2, one line");
	ok(run("-e", "nope", NULL) == CS_EXIT_USAGE &&
	   one_line(err, "no counter or group named 'nope'"),
	   "an unknown counter: 2");
	ok(run("-o", "/nonexistent/dir/f", NULL) == CS_EXIT_ERROR &&
	   one_line(err, "cannot write"), "an output that cannot be written: 1");

	put("counters", "counter group kind total cpu0\nx g exact 1\n");
	ok(run(NULL) == CS_EXIT_ERROR && one_line(err, "cannot parse") &&
	   strstr(err, "line 2"), "a malformed counters table: 1");
	rm("counters");
	ok(run(NULL) == CS_EXIT_NOMODULE &&
	   one_line(err, "has no counters file"), "no counters file: 4");
	put_fixture("counters", "counters-6.12.txt");

	snprintf(saved, sizeof(saved), "%s", dir);
	strcat(dir, "/gone");
	setenv("CR3STAT_DIR", dir, 1);
	ok(run(NULL) == CS_EXIT_NOMODULE && one_line(err, "CR3STAT_DIR"),
	   "no such CR3STAT_DIR: 4");
	snprintf(dir, sizeof(dir), "%s", saved);
	setenv("CR3STAT_DIR", dir, 1);

	if (!geteuid()) {
		snprintf(path, sizeof(path), "%s/counters", dir);
		chmod(path, 0600);
		as_nobody = 1;
		ok(run(NULL) == CS_EXIT_PERM &&
		   one_line(err, "permission denied"),
		   "not root: 5");
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
		   "no debugfs on /sys/kernel/debug: 3");
	} else if (access("/sys/kernel/debug/cr3stat", F_OK)) {
		ok(run(NULL) == CS_EXIT_NOMODULE &&
		   one_line(err, "module is not loaded"),
		   "debugfs but no module: 4");
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

	test_parsers();
	test_snapshot();
	test_prometheus();
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
