// SPDX-License-Identifier: GPL-2.0
/*
 * Helper of insn-vs-objdump.sh: checks module/insn.c against objdump on
 * the text of a real kernel image.
 *
 * insn_check syms VMLINUX
 *	The vmlinux inside a bzImage is stripped.  Recover its symbols from
 *	the kallsyms tables in .rodata and print them as "nm" would.
 *
 * insn_check compare VMLINUX SYMS ENTRY_START ENTRY_END NOINSTR_START
 *		     NOINSTR_END [SITES_OUT] < OBJDUMP_OUTPUT
 *	For every function objdump disassembled in .text, compare the
 *	instruction starts objdump found with those cr3stat_insn_len() finds
 *	walking from the function's start, and list the MOV-to-CR3
 *	instructions.  Run the module's scanner (module/scan.c) over .text,
 *	with the decoder deciding instruction boundaries, and compare its
 *	sites with objdump's.  objdump's view of .altinstr_replacement and
 *	the .altinstructions table give the MOV-to-CR3 instructions that
 *	alternatives patch into .text at boot (paravirt's write_cr3 among
 *	them), which the running kernel has and the image does not.
 *	SITES_OUT receives both lists, for the guest's check of the sites
 *	cr3stat finds in the running kernel.
 *	Prints TAP lines and a report; exits non-zero on failure.
 */
#define _GNU_SOURCE
#include <elf.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../../module/insn.h"
#include "../../module/scan.h"

struct image {
	unsigned char *d;
	size_t size;
	u64 text_addr;		/* .text */
	size_t text_off, text_size;
	u64 ro_addr;
	size_t ro_off, ro_size;	/* .rodata, home of the kallsyms tables */
	/* the alternatives: their table and their replacement code */
	u64 alt_addr, repl_addr;
	size_t alt_off, alt_size, repl_off, repl_size;
};

static void die(const char *msg)
{
	fprintf(stderr, "insn_check: %s\n", msg);
	exit(2);
}

static void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		die("out of memory");
	return p;
}

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n);
	if (!p)
		die("out of memory");
	return p;
}

static u32 rd16(const struct image *im, size_t off)
{
	return im->d[off] | im->d[off + 1] << 8;
}

static u32 rd32(const struct image *im, size_t off)
{
	u32 v;

	memcpy(&v, im->d + off, 4);
	return v;
}

static u64 rd64(const struct image *im, size_t off)
{
	u64 v;

	memcpy(&v, im->d + off, 8);
	return v;
}

static size_t align_up(size_t v, size_t a)
{
	return (v + a - 1) & ~(a - 1);
}

static void load_image(const char *path, struct image *im)
{
	const Elf64_Ehdr *eh;
	const Elf64_Shdr *sh;
	const char *names;
	FILE *f = fopen(path, "rb");
	size_t i;

	if (!f)
		die("cannot open the vmlinux");
	fseek(f, 0, SEEK_END);
	im->size = ftell(f);
	rewind(f);
	im->d = xmalloc(im->size);
	if (fread(im->d, 1, im->size, f) != im->size)
		die("cannot read the vmlinux");
	fclose(f);

	eh = (const Elf64_Ehdr *)im->d;
	if (im->size < sizeof(*eh) || memcmp(eh->e_ident, ELFMAG, SELFMAG) ||
	    eh->e_ident[EI_CLASS] != ELFCLASS64 || eh->e_machine != EM_X86_64)
		die("not an x86-64 ELF file");
	if (eh->e_shoff + (u64)eh->e_shnum * sizeof(*sh) > im->size ||
	    eh->e_shstrndx >= eh->e_shnum)
		die("bad section headers");
	sh = (const Elf64_Shdr *)(im->d + eh->e_shoff);
	names = (const char *)im->d + sh[eh->e_shstrndx].sh_offset;
	for (i = 0; i < eh->e_shnum; i++) {
		const char *name = names + sh[i].sh_name;

		if (sh[i].sh_type != SHT_PROGBITS ||
		    sh[i].sh_offset + sh[i].sh_size > im->size)
			continue;
		if (!strcmp(name, ".text")) {
			im->text_addr = sh[i].sh_addr;
			im->text_off = sh[i].sh_offset;
			im->text_size = sh[i].sh_size;
		} else if (!strcmp(name, ".rodata")) {
			im->ro_addr = sh[i].sh_addr;
			im->ro_off = sh[i].sh_offset;
			im->ro_size = sh[i].sh_size;
		} else if (!strcmp(name, ".altinstructions")) {
			im->alt_addr = sh[i].sh_addr;
			im->alt_off = sh[i].sh_offset;
			im->alt_size = sh[i].sh_size;
		} else if (!strcmp(name, ".altinstr_replacement")) {
			im->repl_addr = sh[i].sh_addr;
			im->repl_off = sh[i].sh_offset;
			im->repl_size = sh[i].sh_size;
		}
	}
	if (!im->text_size || !im->ro_size)
		die("no .text or .rodata section");
}

/*
 * kallsyms, as scripts/kallsyms lays it out in .rodata: the symbol count,
 * the names (a length, then that many indices into the token table; the
 * first character is the nm type), a marker every 256 names, the token
 * table (256 NUL-terminated strings) and its index (256 u16 offsets), and
 * 32-bit offsets of the addresses from a 64-bit base.  Which of these
 * come first changed between 6.1 and 6.12, so each is found on its own
 * and cross-checked against the others.
 */
struct kallsyms {
	size_t tok, tokidx;	/* file offsets of the tables */
	size_t names, markers, offsets, base;
	size_t count_at;	/* kallsyms_num_syms */
	u32 n;
	char **name;		/* expanded, type character first */
	u64 *addr;
};

static const char *token(const struct image *im, const struct kallsyms *ks,
			 unsigned int i)
{
	return (const char *)im->d + ks->tok + rd16(im, ks->tokidx + 2 * i);
}

/*
 * The token table has the digits as one-character tokens, in order: find
 * "0", "1", ... "9" and check an index that agrees with it follows.
 */
static int find_tokens(const struct image *im, struct kallsyms *ks)
{
	static const char digits[] =
		"0\0001\0002\0003\0004\0005\0006\0007\0008\0009";
	size_t ro_end = im->ro_off + im->ro_size, at = im->ro_off;
	const unsigned char *hit;

	while ((hit = memmem(im->d + at, ro_end - at, digits,
			     sizeof(digits)))) {
		size_t p = hit - im->d, e = p, a;
		unsigned int nul = 0, k;

		at = p + 1;
		/* Tokens 0x30 to 0xff end the table. */
		while (e < ro_end && nul < 0x100 - 0x30)
			nul += !im->d[e++];
		for (a = align_up(e, 2); a < e + 8 && a + 512 <= ro_end;
		     a += 2) {
			size_t start;

			if (rd16(im, a) || rd16(im, a + 0x60) > p - im->ro_off)
				continue;
			start = p - rd16(im, a + 0x60);
			for (k = 1; k < 256; k++) {
				u32 o = rd16(im, a + 2 * k);

				if (o <= rd16(im, a + 2 * k - 2) ||
				    start + o >= a || im->d[start + o - 1])
					break;
			}
			if (k == 256) {
				ks->tok = start;
				ks->tokidx = a;
				return 0;
			}
		}
	}
	return -1;
}

static int is_type(int c)
{
	return c && strchr("tTdDbBrRvVwWaAuUnN", c);
}

/* Walk @n names from @s; 0 if the markers after them agree. */
static int try_names(const struct image *im, struct kallsyms *ks, size_t s,
		     u32 n)
{
	u32 nmark = (n + 255) / 256, i;
	size_t pos = s, *mark;
	size_t al;
	int ret = -1;

	/* Cheap test first: the leading names must start with a type. */
	for (i = 0; i < 32 && i < n; i++) {
		u32 len = im->d[pos];

		if (len & 0x80)
			len = (len & 0x7f) | im->d[pos + 1] << 7, pos++;
		if (!len || pos + 1 + len > ks->tok ||
		    !is_type(token(im, ks, im->d[pos + 1])[0]))
			return -1;
		pos += 1 + len;
	}

	mark = xmalloc(nmark * sizeof(*mark));
	pos = s;
	for (i = 0; i < n; i++) {
		u32 len = im->d[pos];

		if (!(i % 256))
			mark[i / 256] = pos - s;
		if (len & 0x80)
			len = (len & 0x7f) | im->d[pos + 1] << 7, pos++;
		pos += 1 + len;
		if (!len || pos > ks->tok)
			goto out;
	}
	for (al = 4; al <= 8; al += 4) {
		size_t m = align_up(pos, al);

		if (m + 4 * nmark > ks->tok)
			continue;
		for (i = 0; i < nmark; i++)
			if (rd32(im, m + 4 * i) != mark[i])
				break;
		if (i == nmark) {
			ks->names = s;
			ks->markers = m;
			ks->n = n;
			ret = 0;
			break;
		}
	}
out:
	free(mark);
	return ret;
}

static int find_names(const struct image *im, struct kallsyms *ks)
{
	size_t x;

	for (x = (ks->tok & ~(size_t)3) - 4; x > im->ro_off; x -= 4) {
		u32 n = rd32(im, x);

		if (n < 1000 || n > 4000000)
			continue;
		if (!try_names(im, ks, x + 4, n) ||
		    !try_names(im, ks, align_up(x + 4, 8), n)) {
			ks->count_at = x;
			return 0;
		}
	}
	return -1;
}

static void expand_names(const struct image *im, struct kallsyms *ks)
{
	size_t pos = ks->names;
	char buf[4096];
	u32 i, j;

	ks->name = xmalloc(ks->n * sizeof(*ks->name));
	for (i = 0; i < ks->n; i++) {
		u32 len = im->d[pos], used = 0;

		if (len & 0x80)
			len = (len & 0x7f) | im->d[pos + 1] << 7, pos++;
		pos++;
		for (j = 0; j < len; j++) {
			const char *t = token(im, ks, im->d[pos + j]);
			size_t tl = strlen(t);

			if (used + tl >= sizeof(buf))
				die("kallsyms name too long");
			memcpy(buf + used, t, tl);
			used += tl;
		}
		buf[used] = '\0';
		pos += len;
		ks->name[i] = strdup(buf);
		if (!ks->name[i])
			die("out of memory");
	}
}

/*
 * Keep decoded addresses if they are sorted and put _stext where .text
 * starts.
 */
static int check_addrs(const struct image *im, struct kallsyms *ks)
{
	int stext = 0;
	u64 prev = 0;
	u32 i;

	for (i = 0; i < ks->n; i++) {
		if (ks->addr[i] < prev)
			return -1;
		prev = ks->addr[i];
		if (!strcmp(ks->name[i] + 1, "_stext")) {
			if (ks->addr[i] != im->text_addr)
				return -1;
			stext = 1;
		}
	}
	return stext ? 0 : -1;
}

/*
 * Decode the addresses from offsets at @off and the base at @base.
 * @abs: the x86-64 scheme where non-negative offsets are absolute per-CPU
 * addresses and negative ones count down from the base.
 */
static int try_addrs(const struct image *im, struct kallsyms *ks, size_t off,
		     size_t base, int abs)
{
	u64 b;
	u32 i;

	if (off < im->ro_off || base + 8 > im->ro_off + im->ro_size)
		return -1;
	b = rd64(im, base);
	if (b >> 32 != 0xffffffff)
		return -1;
	for (i = 0; i < ks->n; i++) {
		int32_t o = (int32_t)rd32(im, off + 4 * i);

		if (abs)
			ks->addr[i] = o >= 0 ? (u64)o : b - 1 - o;
		else
			ks->addr[i] = b + (u32)o;
	}
	if (check_addrs(im, ks))
		return -1;
	ks->offsets = off;
	ks->base = base;
	return 0;
}

/*
 * 7.x: no base; each offset is relative to its own slot ("_text - . +
 * offset" in scripts/kallsyms), so an address is the slot's plus it.
 */
static int try_addrs_pcrel(const struct image *im, struct kallsyms *ks,
			   size_t off)
{
	u64 slot = im->ro_addr + (off - im->ro_off);
	u32 i;

	if (off < im->ro_off || off + 4 * (size_t)ks->n > im->ro_off + im->ro_size)
		return -1;
	for (i = 0; i < ks->n; i++)
		ks->addr[i] = slot + 4 * i + (int64_t)(int32_t)rd32(im, off + 4 * i);
	if (check_addrs(im, ks))
		return -1;
	ks->offsets = off;
	ks->base = 0;
	return 0;
}

static int find_addrs(const struct image *im, struct kallsyms *ks)
{
	size_t cand[8][2], after = align_up(ks->tokidx + 512, 4);
	size_t tab = 4 * (size_t)ks->n, i;
	int abs;

	/* 6.12: offsets and base after the token index. */
	cand[0][0] = after;
	cand[0][1] = align_up(after + tab, 8);
	cand[1][0] = align_up(after, 8);
	cand[1][1] = align_up(cand[1][0] + tab, 8);
	/* 6.1: offsets and base before the symbol count. */
	cand[2][1] = ks->count_at - 8;
	cand[3][1] = (ks->count_at & ~(size_t)7) - 8;
	for (i = 2; i < 4; i++) {
		cand[i + 2][1] = cand[i][1];
		cand[i][0] = cand[i][1] - tab;
		cand[i + 2][0] = cand[i][1] - tab - 4;
	}
	ks->addr = xmalloc(ks->n * sizeof(*ks->addr));
	for (i = 0; i < 6; i++)
		for (abs = 1; abs >= 0; abs--)
			if (!try_addrs(im, ks, cand[i][0], cand[i][1], abs))
				return 0;
	/* 7.x: slot-relative offsets right after the token index. */
	if (!try_addrs_pcrel(im, ks, after) ||
	    !try_addrs_pcrel(im, ks, align_up(after, 8)))
		return 0;
	return -1;
}

static int cmd_syms(const char *path)
{
	struct kallsyms ks = { 0 };
	struct image im;
	u32 i;

	load_image(path, &im);
	if (find_tokens(&im, &ks))
		die("no kallsyms token table found");
	if (find_names(&im, &ks))
		die("no kallsyms names found");
	expand_names(&im, &ks);
	if (find_addrs(&im, &ks))
		die("no kallsyms addresses found");
	fprintf(stderr,
		"insn_check: %u symbols; tokens %#zx, names %#zx, offsets %#zx\n",
		ks.n, ks.tok, ks.names, ks.offsets);
	for (i = 0; i < ks.n; i++)
		printf("%016llx %c %s\n", (unsigned long long)ks.addr[i],
		       ks.name[i][0], ks.name[i] + 1);
	return 0;
}

/* One function: from its symbol to the next symbol at a higher address. */
struct func {
	u64 start, end;
	const char *name;
};

struct site {
	u64 addr;
	int reg;
	int checked;		/* objdump's site is in a function we checked */
};

enum region { R_ENTRY, R_NOINSTR, R_OTHER };

static const char *const region_name[] = { "entry", "noinstr", "other" };

static const char *const gpr[16] = {
	"rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
	"r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15",
};

struct check {
	struct image im;
	struct func *fn;
	size_t nfn;
	u64 entry[2], noinstr[2];

	/* objdump's view of the function being read */
	size_t cur;		/* index in fn[], or nfn before the first */
	u64 *starts;
	size_t nstarts, maxstarts;
	int bad, has_cr3;

	/* results */
	size_t funcs[3], insns, skipped, mismatches, crossing;
	size_t einval[3], einval_cr3;
	struct site ours[256], theirs[256];
	size_t nours, ntheirs;

	/* _text and _etext: what the module scans */
	u64 stext, etext;
	/* objdump's MOV-to-CR3 in .altinstr_replacement */
	struct site repl[256];
	size_t nrepl;
};

static int cmp_func(const void *a, const void *b)
{
	const struct func *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

/* A name for an alias set: prefer one not starting with an underscore. */
static int better_name(const char *old, const char *new)
{
	return old[0] == '_' && new[0] != '_';
}

static void load_funcs(struct check *c, const char *path)
{
	u64 text_end = c->im.text_addr + c->im.text_size;
	FILE *f = fopen(path, "r");
	char line[1024], name[1024];
	size_t max = 0, i, n = 0;

	if (!f)
		die("cannot open the symbol list");
	while (fgets(line, sizeof(line), f)) {
		unsigned long long a;
		char t;

		if (sscanf(line, "%llx %c %1023s", &a, &t, name) != 3)
			continue;
		if (!strcmp(name, "_text"))
			c->stext = a;
		else if (!strcmp(name, "_etext"))
			c->etext = a;
		if (!strchr("tTwW", t) || a < c->im.text_addr || a >= text_end)
			continue;
		if (n == max) {
			max = max ? 2 * max : 65536;
			c->fn = xrealloc(c->fn, max * sizeof(*c->fn));
		}
		c->fn[n].start = a;
		c->fn[n].name = strdup(name);
		if (!c->fn[n].name)
			die("out of memory");
		n++;
	}
	fclose(f);
	if (!n)
		die("no text symbols");
	qsort(c->fn, n, sizeof(*c->fn), cmp_func);
	/* Merge aliases; each function ends where the next one starts. */
	for (i = 1, c->nfn = 1; i < n; i++) {
		struct func *last = &c->fn[c->nfn - 1];

		if (c->fn[i].start == last->start) {
			if (better_name(last->name, c->fn[i].name))
				last->name = c->fn[i].name;
			continue;
		}
		c->fn[c->nfn++] = c->fn[i];
	}
	for (i = 0; i < c->nfn; i++)
		c->fn[i].end = i + 1 < c->nfn ? c->fn[i + 1].start : text_end;
}

/* The function containing @addr, or nfn. */
static size_t find_func(const struct check *c, u64 addr)
{
	size_t lo = 0, hi = c->nfn;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (c->fn[mid].end <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < c->nfn && c->fn[lo].start <= addr ? lo : c->nfn;
}

static enum region region_of(const struct check *c, u64 addr)
{
	if (addr >= c->entry[0] && addr < c->entry[1])
		return R_ENTRY;
	if (addr >= c->noinstr[0] && addr < c->noinstr[1])
		return R_NOINSTR;
	return R_OTHER;
}

static const unsigned char *text_at(const struct check *c, u64 addr)
{
	return c->im.d + c->im.text_off + (addr - c->im.text_addr);
}

static size_t text_left(const struct check *c, u64 addr)
{
	return c->im.text_addr + c->im.text_size - addr;
}

static void show_bytes(const unsigned char *p, size_t n)
{
	while (n--)
		printf(" %02x", *p++);
}

static void report_mismatch(const struct func *f, u64 pos,
		     const unsigned char *p, int n, u64 theirs)
{
	printf("# differ in %s+%#llx: we decode %d bytes", f->name,
	       (unsigned long long)(pos - f->start), n);
	if (theirs)
		printf(", objdump's next instruction is at +%#llx",
		       (unsigned long long)(theirs - f->start));
	printf(":");
	show_bytes(p, n);
	printf("\n");
}

/* Count an instruction start both agree on; is it a MOV to CR3? */
static void note_insn(struct check *c, u64 pos)
{
	int reg = cr3stat_insn_mov_cr3(text_at(c, pos), text_left(c, pos));

	c->insns++;
	if (reg >= 0 && c->nours < ARRAY_SIZE(c->ours)) {
		c->ours[c->nours].addr = pos;
		c->ours[c->nours++].reg = reg;
	}
}

/* Walk the function objdump just finished and compare the two views. */
static void check_func(struct check *c)
{
	const struct func *f = &c->fn[c->cur];
	enum region r = region_of(c, f->start);
	size_t i, j = 0, nobj = 0;
	u64 pos = f->start;
	int prev = 0;

	if (c->bad) {
		printf("# skipped %s (%s text): objdump prints (bad)\n",
		       f->name, region_name[r]);
		c->skipped++;
		return;
	}
	while (nobj < c->nstarts && c->starts[nobj] < f->end)
		nobj++;
	c->funcs[r]++;
	for (i = 0; i < c->ntheirs; i++)
		if (c->theirs[i].addr >= f->start && c->theirs[i].addr < f->end)
			c->theirs[i].checked = 1;
	while (pos < f->end) {
		const unsigned char *p = text_at(c, pos);
		int n = cr3stat_insn_len(p, text_left(c, pos));

		if (n < 0) {
			if (c->einval[0] + c->einval[1] + c->einval[2] < 20) {
				printf("# -EINVAL in %s text at %s+%#llx:",
				       region_name[r], f->name,
				       (unsigned long long)(pos - f->start));
				show_bytes(p, text_left(c, pos) < 8 ?
					   text_left(c, pos) : 8);
				printf("\n");
			}
			c->einval[r]++;
			c->einval_cr3 += c->has_cr3;
			return;
		}
		/*
		 * objdump stops at the next symbol and shows the rest of an
		 * instruction that runs into it as ".byte": the SRSO thunks
		 * hide one function inside another's movabs immediate.
		 */
		if (pos + n > f->end && j < nobj && c->starts[j] == pos) {
			printf("# %s+%#llx: %d bytes, into the next symbol:",
			       f->name, (unsigned long long)(pos - f->start),
			       n);
			show_bytes(p, n);
			printf("\n");
			note_insn(c, pos);
			c->crossing++;
			return;
		}
		/* objdump shows FWAIT and the x87 insn after it as one. */
		if (pos > f->start && p[-1] == 0x9b && prev == 1 &&
		    (p[0] & 0xf8) == 0xd8 &&
		    (j >= nobj || c->starts[j] != pos)) {
			note_insn(c, pos);
			prev = n;
			pos += n;
			continue;
		}
		if (j >= nobj || c->starts[j] != pos) {
			if (c->mismatches++ < 20)
				report_mismatch(f, pos, p, n,
						j < nobj ? c->starts[j] : 0);
			return;
		}
		j++;
		note_insn(c, pos);
		prev = n;
		pos += n;
	}
	if (j != nobj && c->mismatches++ < 20)
		printf("# differ in %s: objdump has %zu instructions, we %zu\n",
		       f->name, nobj, j);
}

/* A MOV to CR3 in objdump's words: "mov    %rax,%cr3"; its register. */
static int objdump_cr3_reg(const char *insn)
{
	const char *comma = strstr(insn, ",%cr3");
	const char *pct = strchr(insn, '%');
	int reg;

	if (!comma || strncmp(insn, "mov ", 4) || !pct)
		return -1;
	for (reg = 0; reg < 16; reg++) {
		size_t l = strlen(gpr[reg]);

		if (comma == pct + 1 + l && !strncmp(pct + 1, gpr[reg], l))
			break;
	}
	return reg;
}

static void add_site(struct site *list, size_t *n, size_t max, u64 addr,
		     int reg)
{
	if (*n < max) {
		list[*n].addr = addr;
		list[*n].checked = 0;
		list[(*n)++].reg = reg;
	}
}

static void objdump_cr3(struct check *c, u64 addr, const char *insn)
{
	int reg = objdump_cr3_reg(insn);

	if (reg < 0)
		return;
	c->has_cr3 = 1;
	add_site(c->theirs, &c->ntheirs, ARRAY_SIZE(c->theirs), addr, reg);
}

static void read_objdump(struct check *c)
{
	size_t cap = 0;
	char *line = NULL;

	int text = 1;

	c->cur = c->nfn;
	while (getline(&line, &cap, stdin) > 0) {
		char *end;
		u64 addr;

		if (!strncmp(line, "Disassembly of section ", 23)) {
			if (c->cur < c->nfn)
				check_func(c);
			c->cur = c->nfn;
			text = !strcmp(line + 23, ".text:\n");
			continue;
		}
		addr = strtoull(line, &end, 16);
		if (end == line)
			continue;
		if (!text) {
			int reg = end[0] == ':' ? objdump_cr3_reg(end + 2) : -1;

			if (reg >= 0)
				add_site(c->repl, &c->nrepl,
					 ARRAY_SIZE(c->repl), addr, reg);
			continue;
		}
		if (end[0] == ' ' && end[1] == '<') {
			/* "ffffffff81000000 <name>:" starts a function. */
			if (c->cur < c->nfn)
				check_func(c);
			c->cur = find_func(c, addr);
			if (c->cur < c->nfn && c->fn[c->cur].start != addr)
				die("objdump has a symbol we do not");
			c->nstarts = 0;
			c->bad = 0;
			c->has_cr3 = 0;
			continue;
		}
		if (end[0] != ':' || end[1] != '\t' || c->cur >= c->nfn)
			continue;
		if (c->nstarts == c->maxstarts) {
			c->maxstarts = c->maxstarts ? 2 * c->maxstarts : 4096;
			c->starts = xrealloc(c->starts,
					     c->maxstarts * sizeof(*c->starts));
		}
		c->starts[c->nstarts++] = addr;
		if (strstr(end, "(bad)"))
			c->bad = 1;
		objdump_cr3(c, addr, end + 2);
	}
	if (c->cur < c->nfn)
		check_func(c);
	free(line);
}

static int tap(int cond, const char *fmt, ...)
{
	va_list ap;

	printf("%sok - ", cond ? "" : "not ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	return cond;
}

static void describe(const struct check *c, const struct site *s)
{
	size_t i = find_func(c, s->addr);
	const struct func *f = &c->fn[i];
	const unsigned char *p = text_at(c, s->addr);

	printf("# MOV-to-CR3 %#llx %s+%#llx/%#llx %%%s %s text,",
	       (unsigned long long)s->addr, f->name,
	       (unsigned long long)(s->addr - f->start),
	       (unsigned long long)(f->end - f->start),
	       s->reg < 16 ? gpr[s->reg] : "?",
	       region_name[region_of(c, s->addr)]);
	show_bytes(p, (p[0] & 0xf0) == 0x40 ? 4 : 3);
	printf("%s\n", s->checked ? "" : " (not compared: objdump (bad))");
}

/* The module's scanner over the image: text reads and the decision. */
struct scan_run {
	const struct check *c;
	size_t asked;
	struct site found[256];
	size_t nfound;
};

static int image_read(void *arg, unsigned long addr, unsigned char *buf,
		      size_t len)
{
	const struct scan_run *r = arg;
	const struct check *c = r->c;

	if (addr < c->im.text_addr || len > text_left(c, addr))
		return -EFAULT;
	memcpy(buf, text_at(c, addr), len);
	return 0;
}

/*
 * What the module does for blacklisted text (and everywhere, when kprobes
 * fails its self-test): decode the containing function from its start.
 */
static int image_site(void *arg, unsigned long addr)
{
	struct scan_run *r = arg;
	const struct check *c = r->c;
	size_t i = find_func(c, addr);
	const struct func *f;
	int reg;

	r->asked++;
	if (i == c->nfn)
		return 0;
	f = &c->fn[i];
	reg = cr3stat_insn_mov_cr3(text_at(c, addr), text_left(c, addr));
	if (reg < 0 || cr3stat_insn_boundary(text_at(c, f->start),
					     f->end - f->start,
					     addr - f->start) != 1)
		return 0;
	add_site(r->found, &r->nfound, ARRAY_SIZE(r->found), addr, reg);
	return 1;
}

static int site_listed(const struct site *list, size_t n, u64 addr, int reg)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (list[i].addr == addr && list[i].reg == reg)
			return 1;
	return 0;
}

/*
 * The module's scanner and boundary rule over all of .text, chunk by
 * chunk as in the module: its sites must be objdump's, no more, no less.
 * Returns how many differ.
 */
static size_t scan_like_module(const struct check *c, struct scan_run *r)
{
	static unsigned char buf[CR3STAT_SCAN_BUF];
	const struct cr3stat_scan_ops ops = {
		.read = image_read,
		.site = image_site,
		.arg = r,
	};
	size_t i, wrong = 0;

	r->c = c;
	cr3stat_scan_text(c->im.text_addr, c->im.text_addr + c->im.text_size,
			  buf, &ops);
	for (i = 0; i < r->nfound; i++) {
		if (site_listed(c->theirs, c->ntheirs, r->found[i].addr,
				r->found[i].reg))
			continue;
		wrong++;
		printf("# scanner's site %#llx %%%s: objdump has no such MOV to CR3\n",
		       (unsigned long long)r->found[i].addr,
		       gpr[r->found[i].reg]);
	}
	for (i = 0; i < c->ntheirs; i++) {
		if (site_listed(r->found, r->nfound, c->theirs[i].addr,
				c->theirs[i].reg))
			continue;
		wrong++;
		printf("# objdump's MOV to CR3 at %#llx: the scanner missed it\n",
		       (unsigned long long)c->theirs[i].addr);
	}
	return wrong;
}

/*
 * The alternatives table (struct alt_instr, packed): the instruction's and
 * the replacement's offsets from their own fields, then 2 bytes of CPU
 * feature (6.1: bit 15 inverts) and the two lengths, 12 bytes; or 4 bytes
 * of feature and flags (6.3 on: flag bit 0 inverts), 14 bytes.
 */
struct alt {
	u64 instr, repl;
	unsigned int feature, instrlen, repllen;
	int inverted;
};

#define X86_FEATURE_XENPV	(8 * 32 + 16)

static int read_alt(const struct image *im, size_t stride, size_t i,
		    struct alt *a)
{
	size_t off = im->alt_off + i * stride;
	u64 at = im->alt_addr + i * stride;

	a->instr = at + (int32_t)rd32(im, off);
	a->repl = at + 4 + (int32_t)rd32(im, off + 4);
	if (stride == 12) {
		u32 cpuid = rd16(im, off + 8);

		a->feature = cpuid & 0x7fff;
		a->inverted = !!(cpuid & 0x8000);
	} else {
		u32 ft = rd32(im, off + 8);

		a->feature = ft & 0xffff;
		a->inverted = (ft >> 16) & 1;
	}
	a->instrlen = im->d[off + stride - 2];
	a->repllen = im->d[off + stride - 1];
	return a->repllen == 0 ||
	       (a->repl >= im->repl_addr &&
		a->repl + a->repllen <= im->repl_addr + im->repl_size);
}

/* The layout whose entries all point into the replacement code. */
static size_t alt_stride(const struct image *im)
{
	static const size_t strides[] = { 14, 12 };
	size_t s, i, n;

	for (s = 0; s < ARRAY_SIZE(strides); s++) {
		struct alt a;

		if (!im->alt_size || im->alt_size % strides[s])
			continue;
		n = im->alt_size / strides[s];
		for (i = 0; i < n && read_alt(im, strides[s], i, &a); i++)
			;
		if (i == n)
			return strides[s];
	}
	return 0;
}

enum alt_kind { ALT_NONE, ALT_NOT_XENPV, ALT_OTHER };

/*
 * Where a replacement's MOV to CR3 lands in .text when it is patched in.
 * Replacements for "not a Xen PV guest" (paravirt's write_cr3) are
 * patched on every other machine; other ones depend on the CPU.
 */
static size_t alt_sites(const struct check *c, size_t stride, FILE *out,
			size_t *notxen)
{
	const struct image *im = &c->im;
	size_t n = im->alt_size / stride, i, j, total = 0;

	*notxen = 0;
	for (i = 0; i < n; i++) {
		struct alt a;

		read_alt(im, stride, i, &a);
		if (a.instr < c->stext || a.instr >= c->etext)
			continue;
		for (j = 0; j < c->nrepl; j++) {
			u64 r = c->repl[j].addr, at = a.instr + (r - a.repl);
			int nx = a.inverted && a.feature == X86_FEATURE_XENPV;
			size_t fi = find_func(c, at);

			if (r < a.repl || r >= a.repl + a.repllen)
				continue;
			total++;
			*notxen += nx;
			if (out)
				fprintf(out, "%016llx %s %s+%#llx %s\n",
					(unsigned long long)at,
					nx ? "alt-notxenpv" : "alt",
					fi < c->nfn ? c->fn[fi].name : "?",
					fi < c->nfn ? (unsigned long long)
					(at - c->fn[fi].start) : 0ULL,
					gpr[c->repl[j].reg]);
		}
	}
	return total;
}

/* Does an alternative's original instruction span @addr? */
static int under_alt(const struct check *c, size_t stride, u64 addr)
{
	size_t n = stride ? c->im.alt_size / stride : 0, i;

	for (i = 0; i < n; i++) {
		struct alt a;

		read_alt(&c->im, stride, i, &a);
		if (addr >= a.instr && addr < a.instr + a.instrlen)
			return 1;
	}
	return 0;
}

/* The site list the guest holds cr3stat's sites against. */
static int write_sites(const struct check *c, size_t stride,
		      const char *path, size_t *nalt, size_t *notxen)
{
	FILE *out = fopen(path, "w");
	size_t i;

	if (!out)
		return -1;
	fprintf(out, "# MOV-to-CR3 sites found by objdump in .text (static) and\n"
		"# in .altinstr_replacement at the place alternatives patch\n"
		"# them in (alt, alt-notxenpv); link-time addresses.\n");
	fprintf(out, "_text %016llx\n_etext %016llx\n",
		(unsigned long long)c->stext, (unsigned long long)c->etext);
	for (i = 0; i < c->ntheirs; i++) {
		u64 a = c->theirs[i].addr;
		size_t fi = find_func(c, a);

		if (a < c->stext || a >= c->etext)
			continue;
		fprintf(out, "%016llx %s %s+%#llx %s\n", (unsigned long long)a,
			under_alt(c, stride, a) ? "static-alt" : "static",
			fi < c->nfn ? c->fn[fi].name : "?",
			fi < c->nfn ? (unsigned long long)(a - c->fn[fi].start) :
			0ULL, c->theirs[i].reg < 16 ? gpr[c->theirs[i].reg] : "?");
	}
	*nalt = alt_sites(c, stride, out, notxen);
	return fclose(out);
}

static int cmd_compare(char **argv)
{
	struct check *c = calloc(1, sizeof(*c));
	const char *out = argv[6];
	static struct scan_run run;
	size_t i, n, wrong, funcs, stride;
	int fail = 0, same = 1;

	if (!c)
		die("out of memory");
	load_image(argv[0], &c->im);
	load_funcs(c, argv[1]);
	c->entry[0] = strtoull(argv[2], NULL, 16);
	c->entry[1] = strtoull(argv[3], NULL, 16);
	c->noinstr[0] = strtoull(argv[4], NULL, 16);
	c->noinstr[1] = strtoull(argv[5], NULL, 16);
	read_objdump(c);

	funcs = c->funcs[R_ENTRY] + c->funcs[R_NOINSTR] + c->funcs[R_OTHER];
	printf("# functions checked: %zu (entry %zu, noinstr %zu, other %zu)",
	       funcs, c->funcs[R_ENTRY], c->funcs[R_NOINSTR],
	       c->funcs[R_OTHER]);
	printf(", skipped for objdump's (bad): %zu\n", c->skipped);
	fail |= !tap(c->funcs[R_ENTRY] && c->funcs[R_NOINSTR] &&
		     c->funcs[R_OTHER] >= 2000,
		     "checked entry, noinstr and %zu other functions",
		     c->funcs[R_OTHER]);
	if (c->crossing)
		printf("# instructions running into the next symbol: %zu\n",
		       c->crossing);
	fail |= !tap(!c->mismatches,
		     "%zu instructions: %zu mismatches with objdump",
		     c->insns, c->mismatches);
	fail |= !tap(!c->einval[R_ENTRY] && !c->einval[R_NOINSTR],
		     "decoded entry and noinstr text (-EINVAL in %zu, %zu functions)",
		     c->einval[R_ENTRY], c->einval[R_NOINSTR]);
	fail |= !tap(!c->einval_cr3,
		     "decoded all functions that write CR3 (-EINVAL in %zu)",
		     c->einval_cr3);
	fail |= !tap(!c->einval[R_OTHER],
		     "decoded all other functions (-EINVAL in %zu)",
		     c->einval[R_OTHER]);

	/* objdump's list, less the functions it could not disassemble. */
	for (i = 0, n = 0; i < c->ntheirs; i++) {
		describe(c, &c->theirs[i]);
		if (!c->theirs[i].checked)
			continue;
		if (n < c->nours && c->ours[n].addr == c->theirs[i].addr &&
		    c->ours[n].reg == c->theirs[i].reg)
			n++;
		else
			same = 0;
	}
	if (n != c->nours)
		same = 0;
	if (!same)
		for (i = 0; i < c->nours; i++)
			printf("# decoder's MOV-to-CR3: %#llx %%%s\n",
			       (unsigned long long)c->ours[i].addr,
			       gpr[c->ours[i].reg]);
	fail |= !tap(same && c->nours,
		     "decoder and objdump agree on %zu MOV-to-CR3 sites",
		     c->nours);

	wrong = scan_like_module(c, &run);
	fail |= !tap(!wrong && run.nfound == c->ntheirs && run.nfound,
		     "the module's scanner asks about %zu candidates and proves %zu sites, objdump's %zu",
		     run.asked, run.nfound, c->ntheirs);

	stride = alt_stride(&c->im);
	fail |= !tap(stride && c->stext && c->etext > c->stext,
		     "alternatives table read (%zu-byte entries), _text and _etext known",
		     stride);
	if (out && stride) {
		size_t nalt = 0, notxen = 0;
		int err = write_sites(c, stride, out, &nalt, &notxen);

		fail |= !tap(!err && notxen,
			     "%zu MOV-to-CR3 from alternatives in .text, %zu for non-Xen guests (paravirt write_cr3): listed with objdump's",
			     nalt, notxen);
	}
	return fail;
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "syms"))
		return cmd_syms(argv[2]);
	if ((argc == 8 || argc == 9) && !strcmp(argv[1], "compare"))
		return cmd_compare(argv + 2);
	fprintf(stderr,
		"usage: %s syms VMLINUX\n"
		"       %s compare VMLINUX SYMS ENTRY_START ENTRY_END\n"
		"           NOINSTR_START NOINSTR_END [SITES_OUT] < OBJDUMP_OUTPUT\n",
		argv[0], argv[0]);
	return 2;
}
