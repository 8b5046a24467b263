// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz - write N malformed requests to each named file of a cr3stat
 * debugfs directory, one write() each, and count how each was answered.
 * Every request is malformed by construction, from the file's documented
 * grammar, not by asking cr3stat's parser:
 *   poison     a valid request with a byte no request may hold (not a
 *              letter, digit, blank, comma, '+', '-' or '_') put in
 *   garbage    1-300 random bytes, at least one of them poison
 *   long       a valid request padded with blanks past 256 bytes, the
 *              longest request any file takes
 *   grammar    the file's own alphabet, wrongly put together: numbers
 *              out of range, unknown or conflicting group names, too many
 *              or repeated MSRs, "none" with company, signs alone, ...
 *   empty      a write of zero bytes (once per file)
 * Prints per file "FILE N EINVAL OTHER" and up to 5 of the requests that
 * were not refused with EINVAL (escaped).  Files without a known grammar
 * are reported as "skip FILE".  Exit 1 if a malformed request was not
 * refused with EINVAL.
 *
 * With -nul, it writes N valid requests followed by a NUL byte and junk
 * instead, and prints "nul FILE N ACCEPTED": the kernel's usual copy of a
 * request stops at a NUL, so these may be taken as the valid prefix, and
 * change settings.
 *
 * usage: fuzz [-nul] DIR N SEED FILE...
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define REQ_MAX		256	/* cr3stat's longest request */
#define BUF		2048
#define BUFSZ		(BUF + 64)	/* every request buffer */
#define WORD		64
#define MAX_NAMES	32

/*
 * The groups, from the groups file: those this kernel can attach, which
 * requests are made of, and all of them, which no "unknown" name may be
 * (asking for a group the kernel cannot attach is a different error).
 */
static char names[MAX_NAMES][32], all_names[MAX_NAMES][32];
static int nnames, nall;

static unsigned int rnd(unsigned int n)
{
	return (unsigned int)random() % n;
}

/* A byte no request of any file may hold. */
static char poison(void)
{
	static const char p[] = "!\"#$%&'()*./:;<=>?@[\\]^`{|}~\x01\x02\x07"
				"\x08\x0b\x0c\x0d\x1b\x7f\x80\xa0\xff";

	return p[rnd(sizeof(p) - 1)];
}

static const char *pick(const char *const *v, size_t n)
{
	return v[rnd(n)];
}

#define PICK(v) pick(v, sizeof(v) / sizeof((v)[0]))

enum file { F_ENABLE, F_RESET, F_GROUPS, F_MSR, F_BENCH, F_UNKNOWN };

static enum file file_of(const char *name)
{
	static const char *const f[] = {
		[F_ENABLE] = "enable", [F_RESET] = "reset",
		[F_GROUPS] = "groups", [F_MSR] = "msr_watch",
		[F_BENCH] = "bench",
	};
	int i;

	for (i = 0; i < F_UNKNOWN; i++)
		if (!strcmp(name, f[i]))
			return i;
	return F_UNKNOWN;
}

/* A valid request of the file. */
static void valid(enum file f, char *b)
{
	static const char *const en[] = { "0", "1", "1\n", "+1", "01" };
	static const char *const msr[] = { "0xd93", "none", "0xc0000103 0xd93",
					   "16,17", "0xC0000100\n" };

	switch (f) {
	case F_ENABLE:
		snprintf(b, BUFSZ, "%s", PICK(en));
		break;
	case F_RESET:
		snprintf(b, BUFSZ, "%s", "1");
		break;
	case F_GROUPS:
		switch (rnd(4)) {
		case 0:
			snprintf(b, BUFSZ, "%s", "all");
			break;
		case 1:
			snprintf(b, BUFSZ, "%s", "none");
			break;
		case 2:
			sprintf(b, "+%s", names[rnd(nnames)]);
			break;
		default:
			sprintf(b, "%s,%s", names[rnd(nnames)],
				names[rnd(nnames)]);
		}
		break;
	case F_MSR:
		snprintf(b, BUFSZ, "%s", PICK(msr));
		break;
	default:
		snprintf(b, BUFSZ, "%s", "run");
	}
}

static int is_name(const char *w)
{
	int i;

	if (!strcmp(w, "all") || !strcmp(w, "none"))
		return 1;
	for (i = 0; i < nall; i++)
		if (!strcmp(w, all_names[i]))
			return 1;
	return 0;
}

/* A lowercase word that is not in the grammar (nor "run"). */
static void unknown_word(char *w)
{
	do {
		int n = 1 + rnd(10), i;

		if (rnd(2)) {	/* a near miss: a name cut short or extended */
			snprintf(w, WORD, "%s", names[rnd(nnames)]);
			n = strlen(w);
			if (rnd(2) && n > 1)
				w[n - 1] = '\0';
			else
				snprintf(w + n, WORD - n, "x");
			continue;
		}
		for (i = 0; i < n; i++)
			w[i] = 'a' + rnd(26);
		w[n] = '\0';
	} while (is_name(w) || !strcmp(w, "run"));
}

/* The file's alphabet, wrongly put together. */
static void grammar(enum file f, char *b)
{
	static const char *const num[] = {
		"-1", "-0", "1 1", " 1", "0x1", "1\n\n", "+", "++1", "1+",
		"1-", "\n", "\t1", "2", "10", "4294967297", "1,", "1.0",
	};
	static const char *const msr[] = {
		"0x", "0X", "x10", "0xg", "-5", "none none", "none 0x10",
		"0x10 none", "0x100000000", "4294967296", " ,\n\t", "0x10 16",
		"0xd93 0xD93", "1e3", "0b101", "0o7",
	};
	char w[WORD], g1[32], g2[32];
	int i, n;

	switch (f) {
	case F_ENABLE:
	case F_RESET:
		if (rnd(3)) {
			snprintf(b, BUFSZ, "%s", PICK(num));
		} else {	/* a number above 1 */
			sprintf(b, "%u", 2 + rnd(1000000));
		}
		if (f == F_RESET && rnd(4) == 0)
			snprintf(b, BUFSZ, "%s", rnd(2) ? "0" : "00");
		break;
	case F_GROUPS:
		snprintf(g1, sizeof(g1), "%s", names[rnd(nnames)]);
		snprintf(g2, sizeof(g2), "%s", names[rnd(nnames)]);
		unknown_word(w);
		switch (rnd(8)) {
		case 0:
			sprintf(b, "%s%s", rnd(2) ? "+" : "", w);
			break;
		case 1:
			sprintf(b, "none %s", rnd(2) ? g1 : "none");
			break;
		case 2:
			sprintf(b, "%s +%s", g1, g2);
			break;
		case 3:
			sprintf(b, "+%s -%s", g1, g1);
			break;
		case 4:
			snprintf(b, BUFSZ, "%s", rnd(2) ? " ,\n\t" : ",,,");
			break;
		case 5:
			snprintf(b, BUFSZ, "%s", rnd(2) ? "+" : "-");
			break;
		case 6:
			sprintf(b, "%c%c%s", rnd(2) ? '+' : '-',
				rnd(2) ? '+' : '-', g1);
			break;
		default:
			sprintf(b, "%s,%s", g1, w);
		}
		break;
	case F_MSR:
		if (rnd(3)) {
			snprintf(b, BUFSZ, "%s", PICK(msr));
		} else {	/* 9 to 16 distinct MSRs: more than 8 */
			n = 9 + rnd(8);
			b[0] = '\0';
			for (i = 0; i < n; i++)
				sprintf(b + strlen(b), "0x%x ", 0x100 + i);
		}
		break;
	default:
		unknown_word(w);
		snprintf(b, BUFSZ, "%s", w);
	}
}

/* Make one malformed request; returns its length. */
static size_t malformed(enum file f, unsigned int kind, char *b)
{
	size_t len, at, i;

	switch (kind) {
	case 0:		/* poison */
		valid(f, b);
		len = strlen(b);
		at = rnd(len + 1);
		memmove(b + at + 1, b + at, len - at + 1);
		b[at] = poison();
		return len + 1;
	case 1:		/* garbage */
		len = 1 + rnd(300);
		for (i = 0; i < len; i++)
			b[i] = rnd(4) ? (char)(1 + rnd(255)) : poison();
		b[rnd(len)] = poison();
		return len;
	case 2:		/* long */
		valid(f, b);
		len = strlen(b);
		at = REQ_MAX + 1 + rnd(BUF - REQ_MAX - 64);
		memset(b + len, ' ', at - len);
		return at;
	default:	/* grammar */
		grammar(f, b);
		return strlen(b);
	}
}

static void show(const char *b, size_t len)
{
	size_t i;

	printf("#   \"");
	for (i = 0; i < len && i < 60; i++) {
		unsigned char c = b[i];

		if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\')
			putchar(c);
		else
			printf("\\x%02x", c);
	}
	printf("%s\"\n", len > 60 ? "..." : "");
}

static void load_groups(const char *dir)
{
	char path[512], line[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/groups", dir);
	f = fopen(path, "r");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f) && nall < MAX_NAMES) {
		char name[32], sel[32], att[32];
		int n = sscanf(line, "%31s %31s %31s", name, sel, att);

		if (n < 1 || !strcmp(name, "group"))
			continue;
		snprintf(all_names[nall++], sizeof(all_names[0]), "%s", name);
		if (n < 3 || strcmp(att, "unsupported"))
			snprintf(names[nnames++], sizeof(names[0]), "%s", name);
	}
	fclose(f);
}

/* Write one request; 0 for EINVAL, else the errno or -1 (accepted). */
static int try(int fd, const char *b, size_t len)
{
	if (write(fd, b, len) >= 0)
		return -1;
	return errno == EINVAL ? 0 : errno;
}

/* N malformed requests and an empty one; returns how many were taken. */
static long fuzz_file(int fd, const char *name, enum file f, long n)
{
	char b[BUFSZ];
	long k, einval = 0, other = 0;
	int r;

	for (k = 0; k <= n; k++) {
		size_t len = k == n ? 0 : malformed(f, k % 4, b);

		r = try(fd, b, len);
		if (!r) {
			einval++;
			continue;
		}
		if (other++ < 5) {
			printf("# %s: %s\n", name, r < 0 ? "accepted" : strerror(r));
			show(b, len);
		}
	}
	printf("%s %ld %ld %ld\n", name, n + 1, einval, other);
	return other;
}

/* N valid requests, each with a NUL and junk after it. */
static void nul_file(int fd, const char *name, enum file f, long n)
{
	char b[BUFSZ];
	long k, taken = 0;

	for (k = 0; k < n; k++) {
		size_t len;

		valid(f, b);
		len = strlen(b) + 1;
		b[len++] = 'x';
		b[len++] = poison();
		if (try(fd, b, len) < 0)
			taken++;
	}
	printf("nul %s %ld %ld\n", name, n, taken);
}

int main(int argc, char **argv)
{
	int i, bad = 0, nul = argc > 1 && !strcmp(argv[1], "-nul");
	char path[512];
	long n;

	argv += nul;
	argc -= nul;
	if (argc < 5) {
		fprintf(stderr, "usage: fuzz [-nul] DIR N SEED FILE...\n");
		return 2;
	}
	n = atol(argv[2]);
	srandom(atoi(argv[3]));
	load_groups(argv[1]);
	if (!nnames) {
		fprintf(stderr, "fuzz: no groups in %s/groups\n", argv[1]);
		return 2;
	}
	for (i = 4; i < argc; i++) {
		enum file f = file_of(argv[i]);
		int fd;

		if (f == F_UNKNOWN) {
			printf("skip %s\n", argv[i]);
			continue;
		}
		snprintf(path, sizeof(path), "%s/%s", argv[1], argv[i]);
		fd = open(path, O_WRONLY);
		if (fd < 0) {
			printf("%s 0 0 open:%d\n", argv[i], errno);
			bad = 1;
			continue;
		}
		if (nul)
			nul_file(fd, argv[i], f, n);
		else
			bad |= fuzz_file(fd, argv[i], f, n) > 0;
		close(fd);
	}
	return bad;
}
