// SPDX-License-Identifier: GPL-2.0
/*
 * cr3stat's I/O: reading the module's files and telling apart why one
 * cannot be read, running the bench, the -g selection and its
 * restoration, signals, the measured command, the interval clock, and
 * replacing --prometheus's file atomically.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "cr3stat.h"

static const char *dir;
static int dir_is_default;
/* set in signal handlers: lock-free atomics are async-signal-safe */
static atomic_int got_sig;
static atomic_int child;
static char *restore_req;	/* the groups request that undoes -g */

static int fail(int code, const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fputs("cr3stat: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	putc('\n', stderr);
	return code;
}

static char *path_of(const char *name)
{
	char *p = cs_xmalloc(strlen(dir) + strlen(name) + 2);

	sprintf(p, "%s/%s", dir, name);
	return p;
}

/* The whole of a file, NUL-terminated; NULL with errno set. */
char *cs_slurp(const char *path)
{
	size_t len = 0, cap = 4096;
	char *buf;
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return NULL;
	buf = cs_xmalloc(cap);
	for (;;) {
		if (len + 1 == cap)
			buf = cs_xrealloc(buf, cap *= 2);
		n = read(fd, buf + len, cap - len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += n;
	}
	if (n < 0) {
		int e = errno;

		free(buf);
		close(fd);
		errno = e;
		return NULL;
	}
	close(fd);
	buf[len] = '\0';
	return buf;
}

/* Without /proc/mounts: an empty directory is an unmounted debugfs. */
static int empty_dir(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;
	int empty = 1;

	if (!d)
		return 1;
	while (empty && (e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			empty = 0;
	closedir(d);
	return empty;
}

/*
 * A file of the module's directory is not there: say why, as precisely as
 * the system lets us (no debugfs, no module, not a module directory).
 */
static int missing(const char *name)
{
	char *parent = cs_xstrdup(dir), *slash, *real, *mounts;
	char where[256];
	struct stat st;
	int code, at;

	if (!stat(dir, &st) && S_ISDIR(st.st_mode)) {
		free(parent);
		return fail(CS_EXIT_NOMODULE, "%s has no %s file: not a cr3stat module directory",
			    dir, name);
	}
	if (errno == EACCES || errno == EPERM) {
		free(parent);
		return fail(CS_EXIT_PERM, "permission denied: %s (cr3stat needs root)",
			    dir);
	}
	/* no such directory: is it debugfs or the module that is missing? */
	slash = strrchr(parent, '/');
	while (slash && slash > parent && !slash[1]) {
		*slash = '\0';
		slash = strrchr(parent, '/');
	}
	if (slash)
		*(slash == parent ? slash + 1 : slash) = '\0';
	real = realpath(parent, NULL);
	mounts = cs_slurp("/proc/mounts");
	if (mounts)
		at = real && cs_debugfs_at(mounts, real);
	else
		at = !empty_dir(parent);
	if (at)
		code = fail(CS_EXIT_NOMODULE, "the cr3stat module is not loaded (no %s); load it with modprobe cr3stat",
			    dir);
	else if (!dir_is_default)
		code = fail(CS_EXIT_NOMODULE, "no %s (CR3STAT_DIR): is the cr3stat module loaded?",
			    dir);
	else if (mounts && cs_debugfs_where(mounts, where, sizeof(where)))
		code = fail(CS_EXIT_NODEBUGFS, "debugfs is mounted on %s, not on %s; set CR3STAT_DIR=%s/cr3stat",
			    where, parent, where);
	else
		code = fail(CS_EXIT_NODEBUGFS, "debugfs is not mounted on %s (mount -t debugfs none %s)",
			    parent, parent);
	free(mounts);
	free(real);
	free(parent);
	return code;
}

/* Read DIR/NAME: 0 with *text set, or an exit status after a message. */
static int read_module_file(const char *name, char **text)
{
	char *path = path_of(name);
	int code = 0;

	*text = cs_slurp(path);
	if (*text) {
		free(path);
		return 0;
	}
	if (errno == ENOENT || errno == ENOTDIR)
		code = missing(name);
	else if (errno == EACCES || errno == EPERM)
		code = fail(CS_EXIT_PERM, "permission denied: %s (cr3stat needs root)",
			    path);
	else
		code = fail(CS_EXIT_ERROR, "cannot read %s: %s", path,
			    strerror(errno));
	free(path);
	return code;
}

/* One write(2) of a request, as the module wants it whole: 0 or errno. */
static int write_module_file(const char *name, const char *req)
{
	char *path = path_of(name);
	size_t len = strlen(req);
	int fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC), e = 0;
	ssize_t n;

	free(path);
	if (fd < 0)
		return errno;
	do {
		n = write(fd, req, len);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		e = errno;
	else if ((size_t)n != len)
		e = EIO;
	if (close(fd) && !e)
		e = errno;
	return e;
}

static int read_counters(struct cs_table *t)
{
	char err[CS_ERRLEN], *text;
	int code = read_module_file("counters", &text);

	if (code)
		return code;
	if (cs_parse_counters(text, t, err))
		code = fail(CS_EXIT_ERROR, "cannot parse %s/counters: %s",
			    dir, err);
	free(text);
	return code;
}

/* The groups file, or an empty table when it cannot be read (quietly). */
static void read_groups_quiet(struct cs_groups *g)
{
	char *path = path_of("groups"), *text = cs_slurp(path), err[CS_ERRLEN];

	memset(g, 0, sizeof(*g));
	if (text && cs_parse_groups(text, g, err))
		memset(g, 0, sizeof(*g));
	free(text);
	free(path);
}

static void read_info_quiet(struct cs_info *info)
{
	char *path = path_of("info"), *text = cs_slurp(path);

	memset(info, 0, sizeof(*info));
	if (text)
		cs_parse_info(text, info);
	free(text);
	free(path);
}

/*
 * Run the bench and read its results.  Writing "run" to the bench file
 * runs it on the writer's CPU (a read only shows the last results), so
 * the write is pinned to @cpu when one was asked for; the affinity is
 * put back before anything else runs, the measured command included.
 */
static int run_bench(int cpu, struct cs_bench *b)
{
	char err[CS_ERRLEN], *text, *path;
	cpu_set_t set, saved;
	int code, e;

	memset(b, 0, sizeof(*b));
	if (cpu >= 0) {
		if (cpu >= CPU_SETSIZE)
			return fail(CS_EXIT_USAGE, "bad CPU %d", cpu);
		CPU_ZERO(&set);
		CPU_SET(cpu, &set);
		if (sched_getaffinity(0, sizeof(saved), &saved) ||
		    sched_setaffinity(0, sizeof(set), &set))
			return fail(CS_EXIT_USAGE, "cannot run on CPU %d: %s",
				    cpu, strerror(errno));
	}
	e = write_module_file("bench", "run\n");
	if (cpu >= 0)
		sched_setaffinity(0, sizeof(saved), &saved);
	path = path_of("bench");
	if (e == ENOENT || e == ENOTDIR)
		code = missing("bench");
	else if (e == EACCES || e == EPERM)
		code = fail(CS_EXIT_PERM, "permission denied: %s (cr3stat needs root)",
			    path);
	else if (e)
		code = fail(CS_EXIT_ERROR, "cannot run the bench (write 'run' to %s): %s",
			    path, strerror(e));
	else
		code = read_module_file("bench", &text);
	if (!code) {
		if (cs_parse_bench(text, b, err))
			code = fail(CS_EXIT_ERROR, "cannot parse %s: %s", path,
				    err);
		else if (!b->n)
			code = fail(CS_EXIT_ERROR, "%s shows no results after a run",
				    path);
		free(text);
	}
	free(path);
	return code;
}

/* Put the groups selection back as it was before -g; idempotent. */
static int restore_groups(void)
{
	char *req = restore_req;
	int e;

	if (!req)
		return 0;
	restore_req = NULL;
	e = write_module_file("groups", req);
	/* an unloaded module has no selection left to restore */
	if (e && e != ENOENT) {
		fail(CS_EXIT_ERROR, "could not restore the groups selection '%s': %s",
		     req, strerror(e));
		free(req);
		return CS_EXIT_ERROR;
	}
	free(req);
	return 0;
}

static void restore_at_exit(void)
{
	restore_groups();
}

static int apply_groups(const char *req)
{
	struct cs_groups g;
	char err[CS_ERRLEN], *text, *undo;
	int code = read_module_file("groups", &text), e;

	if (code)
		return code;
	if (cs_parse_groups(text, &g, err)) {
		free(text);
		return fail(CS_EXIT_ERROR, "cannot parse %s/groups: %s", dir,
			    err);
	}
	free(text);
	undo = cs_groups_request(&g);
	cs_groups_free(&g);
	/* armed before the write: a signal right after it still restores */
	restore_req = undo;
	e = write_module_file("groups", req);
	if (!e)
		return 0;
	restore_req = NULL;
	free(undo);
	if (e == EINVAL)
		return fail(CS_EXIT_USAGE, "the module rejects the groups request '%s'",
			    req);
	if (e == EACCES || e == EPERM)
		return fail(CS_EXIT_PERM, "permission denied: %s/groups (cr3stat needs root)",
			    dir);
	return fail(CS_EXIT_ERROR, "cannot select groups '%s': %s", req,
		    strerror(e));
}

static void on_signal(int sig)
{
	int e = errno;

	if (!got_sig)
		got_sig = sig;
	/* a terminal's ^C reaches the command itself; a kill(1) does not */
	if (child > 0 && (sig == SIGTERM || sig == SIGHUP))
		kill(child, sig);
	errno = e;
}

static void catch_signals(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE };
	struct sigaction sa;
	unsigned int i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	/* no SA_RESTART: the interval sleep must wake up */
	for (i = 0; i < ARRAY_SIZE(sigs); i++)
		sigaction(sigs[i], &sa, NULL);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int term_width(FILE *out)
{
	struct winsize ws;
	const char *cols = getenv("COLUMNS");
	long n;

	if (!ioctl(fileno(out), TIOCGWINSZ, &ws) && ws.ws_col > 0)
		return ws.ws_col;
	if (cols && !cs_parse_count(cols, &n) && n < 100000)
		return (int)n;
	return 80;
}

/* Check -C and resolve -e against the table's columns and rows. */
static int make_view(const struct cs_args *a, const struct cs_table *t,
		     struct cs_view *v)
{
	char err[CS_ERRLEN], *have, *list;
	unsigned char *show;
	int k;

	memset(v, 0, sizeof(*v));
	v->per_cpu = a->per_cpu;
	for (k = 0; k < a->cpus.n; k++) {
		if (cs_find_cpu(t, a->cpus.cpu[k]) >= 0)
			continue;
		have = cs_cpus_str(t->cpus, t->ncpu);
		fail(CS_EXIT_USAGE, "bad CPU %d: no cpu%d column in %s/counters (CPUs %s)",
		     a->cpus.cpu[k], a->cpus.cpu[k], dir, have);
		free(have);
		return CS_EXIT_USAGE;
	}
	if (a->cpus.n) {
		list = cs_cpus_str(a->cpus.cpu, a->cpus.n);
		v->cpus_label = cs_xmalloc(strlen(list) + 4);
		sprintf((char *)v->cpus_label, "cpu%s", list);
		free(list);
	}
	if (a->counters) {
		show = cs_xcalloc(t->n, 1);
		v->show = show;
		if (cs_select(t, a->counters, show, err))
			return fail(CS_EXIT_USAGE, "bad -e: %s", err);
	}
	return 0;
}

static void view_free(struct cs_view *v)
{
	free((void *)v->show);
	free((void *)v->cpus_label);
	memset(v, 0, sizeof(*v));
}

/* -C: keep only those CPUs' columns (make_view() checked they exist). */
static void keep_cpus(const struct cs_args *a, struct cs_table *t)
{
	if (a->cpus.n)
		cs_keep_cpus(t, &a->cpus);
}

static void print_estimate(FILE *out, struct cs_json *j,
			   const struct cs_bench *b, const struct cs_table *t)
{
	struct cs_estimate e;

	cs_estimate(b, t, &e);
	if (j) {
		cs_json_estimate(j, &e);
	} else {
		putc('\n', out);
		cs_print_estimate(out, &e);
	}
	cs_estimate_free(&e);
}

/* --cost: the bench, run before anything is counted. */
static int cost_bench(const struct cs_args *a, struct cs_bench *b)
{
	memset(b, 0, sizeof(*b));
	if (!a->cost)
		return 0;
	return run_bench(a->cpus.n ? a->cpus.cpu[0] : -1, b);
}

static void snapshot_title(FILE *out, const struct cs_info *info)
{
	const char *ver = cs_info_get(info, "version");
	const char *kernel = cs_info_get(info, "kernel");

	if (ver && kernel)
		fprintf(out, "cr3stat %s on %s, pti %s, pcid %s: counts since load or reset\n\n",
			ver, kernel, cs_info_get(info, "pti") ?: "?",
			cs_info_get(info, "pcid") ?: "?");
}

static int do_snapshot(const struct cs_args *a, FILE *out)
{
	struct cs_table t;
	struct cs_groups g;
	struct cs_info info;
	struct cs_bench b;
	struct cs_view v;
	struct cs_json j;
	int code;

	code = cost_bench(a, &b);
	if (code)
		return code;
	code = read_counters(&t);
	if (code)
		goto out_bench;
	code = make_view(a, &t, &v);
	if (code)
		goto out_table;
	keep_cpus(a, &t);
	read_groups_quiet(&g);
	read_info_quiet(&info);
	switch (a->format) {
	case CS_JSON:
		cs_json_init(&j, out);
		cs_json_open(&j, NULL, '{');
		cs_json_info(&j, &info);
		cs_json_groups(&j, &g);
		cs_json_cpus(&j, &t);
		cs_json_counters(&j, &t, &v, "total", 0);
		if (a->cost)
			print_estimate(out, &j, &b, &t);
		cs_json_close(&j, '}');
		cs_json_end(&j);
		break;
	case CS_CSV:
		cs_csv_header(out, a->sep, CS_CSV_TOTAL);
		cs_csv_rows(out, a->sep, CS_CSV_TOTAL, &t, &v, 0, 0);
		break;
	case CS_PROM:
		cs_prom_write(out, &t, &g, &info, v.show);
		break;
	default:
		snapshot_title(out, &info);
		cs_print_table(out, &t, &g, &v);
		if (a->cost)
			print_estimate(out, NULL, &b, &t);
	}
	cs_info_free(&info);
	cs_groups_free(&g);
out_table:
	view_free(&v);
	cs_table_free(&t);
out_bench:
	cs_bench_free(&b);
	return code;
}

static int same_rows(const struct cs_table *x, const struct cs_table *y)
{
	int i;

	if (x->n != y->n)
		return 0;
	for (i = 0; i < x->n; i++)
		if (strcmp(x->c[i].name, y->c[i].name))
			return 0;
	return 1;
}

static int do_interval(const struct cs_args *a, FILE *out)
{
	struct cs_table prev, cur, d;
	struct cs_groups g;
	struct cs_layout l;
	struct cs_view v;
	struct cs_json j;
	char err[CS_ERRLEN];
	double t0, tprev, tnow;
	long i;
	int code;

	code = read_counters(&prev);
	if (code)
		return code;
	code = make_view(a, &prev, &v);
	if (code) {
		view_free(&v);
		cs_table_free(&prev);
		return code;
	}
	read_groups_quiet(&g);
	v.groups = &g;
	cs_fit(&prev, &v, term_width(out), &l);
	cs_groups_free(&g);
	v.groups = NULL;
	if (a->format == CS_TEXT)
		cs_print_interval_header(out, &prev, &l);
	else if (a->format == CS_CSV)
		cs_csv_header(out, a->sep, CS_CSV_INTERVAL);
	fflush(out);
	t0 = tprev = now();
	for (i = 1; !a->count || i <= a->count; i++) {
		double due = t0 + i * a->interval;
		struct timespec ts = {
			.tv_sec = (time_t)due,
			.tv_nsec = (long)((due - (time_t)due) * 1e9),
		};

		while (!got_sig && clock_nanosleep(CLOCK_MONOTONIC,
						   TIMER_ABSTIME, &ts,
						   NULL) == EINTR)
			;
		if (got_sig)
			break;
		code = read_counters(&cur);
		if (code)
			break;
		tnow = now();
		if (!same_rows(&prev, &cur) || cs_delta(&prev, &cur, &d, err)) {
			cs_table_free(&cur);
			code = fail(CS_EXIT_ERROR, "the counters table changed during the run (module reloaded?)");
			break;
		}
		keep_cpus(a, &d);
		if (a->format == CS_JSON) {
			cs_json_init(&j, out);
			cs_json_open(&j, NULL, '{');
			cs_json_i64(&j, "interval", i);
			cs_json_double(&j, "seconds", tnow - tprev);
			cs_json_bool(&j, "reset", d.reset);
			cs_json_cpus(&j, &d);
			cs_json_counters(&j, &d, &v, "delta", tnow - tprev);
			cs_json_close(&j, '}');
			cs_json_end(&j);
		} else if (a->format == CS_CSV) {
			cs_csv_rows(out, a->sep, CS_CSV_INTERVAL, &d, &v,
				    tnow - t0, tnow - tprev);
		} else {
			cs_print_interval(out, &d, &l, &v, tnow - tprev);
		}
		cs_table_free(&d);
		cs_table_free(&prev);
		prev = cur;
		tprev = tnow;
		if (fflush(out) || ferror(out))
			break;
	}
	cs_layout_free(&l);
	cs_table_free(&prev);
	view_free(&v);
	return code;
}

/*
 * Run the command with a pipe that exec closes: a byte on it is the
 * errno of a failed exec, so "not found" is told from the command's own
 * exit status 127.  Returns the wait status, or -1 with *exec_errno set.
 */
static int run_command(char **argv, int *exec_errno)
{
	int fds[2], status = 0, e = 0;
	ssize_t n;

	*exec_errno = 0;
	if (pipe2(fds, O_CLOEXEC)) {
		*exec_errno = errno;
		return -1;
	}
	fflush(NULL);
	child = fork();
	if (child < 0) {
		*exec_errno = errno;
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (!child) {
		close(fds[0]);
		execvp(argv[0], argv);
		e = errno;
		if (write(fds[1], &e, sizeof(e)) < 0)
			e = errno;
		_exit(e == ENOENT ? CS_EXIT_NOTFOUND : CS_EXIT_NOEXEC);
	}
	close(fds[1]);
	do {
		n = read(fds[0], &e, sizeof(e));
	} while (n < 0 && errno == EINTR);
	close(fds[0]);
	while (waitpid(child, &status, 0) < 0 && errno == EINTR)
		;
	child = 0;
	if (n == sizeof(e)) {
		*exec_errno = e;
		return -1;
	}
	return status;
}

static int do_command(const struct cs_args *a, FILE *out)
{
	struct cs_table before, after, d;
	struct cs_bench b;
	struct cs_groups g;
	struct cs_view v = { 0 };
	struct cs_json j;
	char err[CS_ERRLEN], *cmd;
	int code, status, exec_errno, rc;
	double t0, t1;

	code = cost_bench(a, &b);
	if (code)
		return code;
	code = read_counters(&before);
	if (code)
		goto out_bench;
	code = make_view(a, &before, &v);
	if (code)
		goto out_before;

	if (got_sig) {
		code = 128 + got_sig;
		goto out_before;
	}
	t0 = now();
	status = run_command(a->argv, &exec_errno);
	t1 = now();
	if (status < 0) {
		code = fail(exec_errno == ENOENT ? CS_EXIT_NOTFOUND :
			    CS_EXIT_NOEXEC, "cannot run '%s': %s", a->argv[0],
			    strerror(exec_errno));
		goto out_before;
	}
	rc = WIFSIGNALED(status) ? 128 + WTERMSIG(status) :
	     WEXITSTATUS(status);

	code = read_counters(&after);
	if (code)
		goto out_before;
	if (cs_delta(&before, &after, &d, err)) {
		code = fail(CS_EXIT_ERROR, "%s", err);
		goto out_after;
	}
	keep_cpus(a, &d);
	read_groups_quiet(&g);
	cmd = cs_join_argv(a->argv);
	if (a->format == CS_JSON) {
		int k;

		cs_json_init(&j, out);
		cs_json_open(&j, NULL, '{');
		cs_json_open(&j, "command", '[');
		for (k = 0; a->argv[k]; k++)
			cs_json_str(&j, NULL, a->argv[k]);
		cs_json_close(&j, ']');
		if (WIFSIGNALED(status))
			cs_json_i64(&j, "signal", WTERMSIG(status));
		else
			cs_json_i64(&j, "exit_status", WEXITSTATUS(status));
		cs_json_double(&j, "seconds", t1 - t0);
		cs_json_bool(&j, "reset", d.reset);
		cs_json_groups(&j, &g);
		cs_json_cpus(&j, &d);
		cs_json_counters(&j, &d, &v, "delta", 0);
		if (a->cost)
			print_estimate(out, &j, &b, &d);
		cs_json_close(&j, '}');
		cs_json_end(&j);
	} else if (a->format == CS_CSV) {
		cs_csv_header(out, a->sep, CS_CSV_DELTA);
		cs_csv_rows(out, a->sep, CS_CSV_DELTA, &d, &v, 0, 0);
	} else {
		fprintf(out, "\ncr3stat: CR3 and MSR writes");
		if (v.cpus_label)
			fprintf(out, " on %s", v.cpus_label);
		fprintf(out, " for: %s\n\n", cmd);
		cs_print_table(out, &d, &g, &v);
		if (d.reset)
			fputs("\nThe counters were reset during the run: counts are lower bounds.\n",
			      out);
		if (a->cost)
			print_estimate(out, NULL, &b, &d);
		fprintf(out, "\n%14.6f seconds elapsed", t1 - t0);
		if (WIFSIGNALED(status))
			fprintf(out, "; killed by signal %d\n",
				WTERMSIG(status));
		else
			fprintf(out, "; exit status %d\n",
				WEXITSTATUS(status));
	}
	free(cmd);
	cs_groups_free(&g);
	cs_table_free(&d);
	code = rc;
out_after:
	cs_table_free(&after);
out_before:
	cs_table_free(&before);
	view_free(&v);
out_bench:
	cs_bench_free(&b);
	return code;
}

static int do_bench(const struct cs_args *a, FILE *out)
{
	struct cs_bench b;
	struct cs_json j;
	int code;

	code = run_bench(a->cpus.n ? a->cpus.cpu[0] : -1, &b);
	if (code)
		return code;
	if (a->format == CS_JSON) {
		cs_json_init(&j, out);
		cs_json_open(&j, NULL, '{');
		cs_json_bench(&j, &b);
		cs_json_close(&j, '}');
		cs_json_end(&j);
	} else {
		cs_print_bench(out, &b);
	}
	cs_bench_free(&b);
	return 0;
}

/*
 * --prometheus -o FILE: the textfile collector may read FILE at any
 * moment, so the snapshot goes to a temporary file in the same directory
 * (not named *.prom, which the collector would read too), readable as a
 * file made by ">" would be, and is renamed over FILE once complete.
 */
static FILE *open_atomic(const char *path, char **tmp)
{
	mode_t mask = umask(0);
	FILE *f = NULL;
	int fd;

	umask(mask);
	*tmp = cs_xmalloc(strlen(path) + 8);
	sprintf(*tmp, "%s.XXXXXX", path);
	fd = mkostemp(*tmp, O_CLOEXEC);
	if (fd >= 0 && !fchmod(fd, 0666 & ~mask))
		f = fdopen(fd, "w");
	if (!f) {
		int e = errno;

		if (fd >= 0) {
			close(fd);
			unlink(*tmp);
		}
		free(*tmp);
		*tmp = NULL;
		errno = e;
		return NULL;
	}
	return f;
}

/* Close the output; an atomic one replaces its file only on success. */
static int close_output(FILE *out, const char *path, char *tmp, int code)
{
	int bad = fflush(out) || ferror(out), e = errno;

	if (bad && (e == EPIPE || got_sig == SIGPIPE))
		bad = 0;	/* a reader that went away is no error */
	if (bad && !code)
		code = fail(CS_EXIT_ERROR, "write error: %s", strerror(e));
	if (path && fclose(out) && !code)
		code = fail(CS_EXIT_ERROR, "cannot write %s: %s", path,
			    strerror(errno));
	if (!tmp)
		return code;
	if (!code && rename(tmp, path))
		code = fail(CS_EXIT_ERROR, "cannot replace %s: %s", path,
			    strerror(errno));
	if (code)
		unlink(tmp);
	free(tmp);
	return code;
}

/**
 * cr3stat_main() - the command
 * @argc: as given to main()
 * @argv: as given to main()
 *
 * Return: the exit status: the command's in COMMAND mode, else 0 or a
 * cs_exit error class; 128 + N when signal N stopped cr3stat.
 */
int cr3stat_main(int argc, char **argv)
{
	struct cs_args a;
	char err[CS_ERRLEN], *tmp = NULL;
	FILE *out;
	int code, rcode;

	if (cs_parse_args(argc, argv, &a, err)) {
		fail(CS_EXIT_USAGE, "%s", err);
		cs_usage(stderr);
		return CS_EXIT_USAGE;
	}
	if (a.mode == CS_HELP) {
		cs_usage(stdout);
		return fflush(stdout) ? CS_EXIT_ERROR : 0;
	}
	dir = getenv("CR3STAT_DIR");
	dir_is_default = !dir || !*dir;
	if (dir_is_default)
		dir = CS_DEFAULT_DIR;

	out = a.mode == CS_COMMAND ? stderr : stdout;
	if (a.output) {
		out = a.format == CS_PROM ? open_atomic(a.output, &tmp) :
		      fopen(a.output, "we");
		if (!out) {
			code = fail(CS_EXIT_ERROR, "cannot write %s: %s",
				    a.output, strerror(errno));
			cs_args_free(&a);
			return code;
		}
	}

	got_sig = 0;
	catch_signals();
	atexit(restore_at_exit);
	code = a.groups ? apply_groups(a.groups) : 0;
	if (!code) {
		switch (a.mode) {
		case CS_SNAPSHOT:
			code = do_snapshot(&a, out);
			break;
		case CS_INTERVAL:
			code = do_interval(&a, out);
			break;
		case CS_COMMAND:
			code = do_command(&a, out);
			break;
		default:
			code = do_bench(&a, out);
			break;
		}
	}
	rcode = restore_groups();
	if (!code)
		code = rcode;
	code = close_output(out, a.output, tmp, code);
	cs_args_free(&a);
	/* a signal that ended the run wins, as it would have killed us */
	if (got_sig && a.mode != CS_COMMAND)
		return 128 + got_sig;
	return code;
}
