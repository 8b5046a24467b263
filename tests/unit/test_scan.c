// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the MOV-to-CR3 scanner (module/scan.c) on synthetic text.
 *
 * The decision "is this an instruction" is made as the module makes it
 * for blacklisted text: cr3stat_insn_boundary() from the start of the
 * text, then cr3stat_insn_mov_cr3().  Byte sequences are GNU as output,
 * checked with objdump (binutils 2.40), for the mnemonics given.
 */
#include <stdlib.h>
#include "tap.h"
#include "../../module/pure.h"
#include "../../module/insn.h"
#include "../../module/scan.h"

#define BASE	0x100000UL	/* the address of text[0] */
#define MAXLEN	(3 * CR3STAT_SCAN_CHUNK)

static const unsigned char NOP = 0x90;

struct text {
	unsigned char b[MAXLEN];
	size_t len;
	/* what the scanner asked, in order, and what was accepted */
	unsigned long asked[64], sites[16];
	int regs[16];
	size_t nasked, nsites;
	unsigned long bad_lo, bad_hi;	/* reads touching this range fail */
};

static int text_read(void *arg, unsigned long addr, unsigned char *buf,
		     size_t len)
{
	struct text *t = arg;

	if (addr < BASE || addr + len > BASE + t->len)
		return -EFAULT;
	if (addr < t->bad_hi && addr + len > t->bad_lo)
		return -EFAULT;
	memcpy(buf, t->b + (addr - BASE), len);
	return 0;
}

static int text_site(void *arg, unsigned long addr)
{
	struct text *t = arg;
	size_t off = addr - BASE;
	int reg;

	if (t->nasked < ARRAY_SIZE(t->asked))
		t->asked[t->nasked++] = addr;
	reg = cr3stat_insn_mov_cr3(t->b + off, t->len - off);
	if (reg < 0 || cr3stat_insn_boundary(t->b, t->len, off) != 1)
		return 0;
	if (t->nsites < ARRAY_SIZE(t->sites)) {
		t->regs[t->nsites] = reg;
		t->sites[t->nsites++] = addr;
	}
	return 1;
}

/* A text of @len NOPs. */
static struct text *text_new(size_t len)
{
	struct text *t = calloc(1, sizeof(*t));

	if (!t)
		exit(2);
	memset(t->b, NOP, sizeof(t->b));
	t->len = len;
	return t;
}

static void put(struct text *t, size_t at, const unsigned char *bytes,
		size_t n)
{
	memcpy(t->b + at, bytes, n);
}

static unsigned int scan(struct text *t)
{
	static unsigned char buf[CR3STAT_SCAN_BUF];
	const struct cr3stat_scan_ops ops = {
		.read = text_read,
		.site = text_site,
		.arg = t,
	};

	return cr3stat_scan_text(BASE, BASE + t->len, buf, &ops);
}

/* The scan found exactly one site, at @off, with source register @reg. */
static int one_site(const struct text *t, unsigned int found, size_t off,
		    int reg)
{
	if (found != 1 || t->nsites != 1 || t->sites[0] != BASE + off ||
	    t->regs[0] != reg) {
		printf("# found %u, first at +%#lx reg %d; want +%#zx reg %d\n",
		       found, t->nsites ? t->sites[0] - BASE : 0,
		       t->nsites ? t->regs[0] : -1, off, reg);
		return 0;
	}
	return 1;
}

static const unsigned char mov_disp48_rax[] = { 0x48, 0x8b, 0x47, 0x48 };
static const unsigned char mov_disp41_rax[] = { 0x48, 0x8b, 0x47, 0x41 };
static const unsigned char cr3_rax[] = { 0x0f, 0x22, 0xd8 };
static const unsigned char cr3_r9[] = { 0x41, 0x0f, 0x22, 0xd9 };
static const unsigned char imm_pattern[] = { 0xb8, 0x0f, 0x22, 0xd8, 0x00 };

int main(void)
{
	const size_t C = CR3STAT_SCAN_CHUNK;
	struct text *t;
	unsigned int n;

	/* mov 0x48(%rdi),%rax; mov %rax,%cr3: 48 is a disp8, not a REX. */
	t = text_new(64);
	put(t, 16, mov_disp48_rax, 4);
	put(t, 20, cr3_rax, 3);
	n = scan(t);
	ok(one_site(t, n, 20, 0),
	   "a disp8 0x48 before 0f 22 d8: the site is the 0f, %%rax");
	ok(t->nasked == 2 && t->asked[0] == BASE + 19 && t->asked[1] == BASE + 20,
	   "both readings are asked about, the REX one first");
	free(t);

	/* mov 0x41(%rdi),%rax; mov %rax,%cr3: not mov %r8,%cr3. */
	t = text_new(64);
	put(t, 16, mov_disp41_rax, 4);
	put(t, 20, cr3_rax, 3);
	ok(one_site(t, scan(t), 20, 0),
	   "a disp8 0x41 before 0f 22 d8 does not make the source %%r8");
	free(t);

	/* push %rbp; mov %r9,%cr3 */
	t = text_new(64);
	t->b[15] = 0x55;
	put(t, 16, cr3_r9, 4);
	n = scan(t);
	ok(one_site(t, n, 16, 9) && t->nasked == 1,
	   "a real REX.B prefix: the site starts at the REX, %%r9, asked once");
	free(t);

	/* mov $0xd8220f,%eax: the pattern is an immediate. */
	t = text_new(64);
	put(t, 16, imm_pattern, 5);
	ok(scan(t) == 0 && t->nasked == 1,
	   "0f 22 d8 inside an immediate is asked about and is no site");
	free(t);

	/* Chunk boundaries: the chunk holding the 0f byte sees the rest. */
	t = text_new(2 * C);
	put(t, C - 1, cr3_r9, 4);
	ok(one_site(t, scan(t), C - 1, 9),
	   "a REX prefix in the last byte of a chunk stays with its 0f 22 /3");
	free(t);

	t = text_new(2 * C);
	put(t, C - 4, mov_disp48_rax, 4);
	put(t, C, cr3_rax, 3);
	ok(one_site(t, scan(t), C, 0),
	   "a disp8 0x48 in the last byte of a chunk: the site is the next chunk's first byte");
	free(t);

	t = text_new(2 * C);
	put(t, C - 1, cr3_rax, 3);
	ok(one_site(t, scan(t), C - 1, 0),
	   "0f in the last byte of a chunk, 22 d8 in the next: found once");
	free(t);

	t = text_new(2 * C);
	put(t, C - 2, cr3_r9, 4);
	ok(one_site(t, scan(t), C - 2, 9),
	   "REX and 0f at a chunk's end, 22 d9 in the next: found once");
	free(t);

	/* The ends of the text. */
	t = text_new(64);
	put(t, 0, cr3_rax, 3);
	put(t, 61, cr3_rax, 3);
	n = scan(t);
	ok(n == 2 && t->sites[0] == BASE && t->sites[1] == BASE + 61,
	   "patterns in the first and the last 3 bytes of the text are found");
	free(t);

	t = text_new(64);
	put(t, 62, cr3_rax, 2);
	ok(scan(t) == 0 && t->nasked == 0,
	   "a pattern cut off by the end of the text is not asked about");
	free(t);

	/* Every pattern once, with patterns at every chunk edge. */
	t = text_new(3 * C);
	put(t, C - 3, cr3_rax, 3);
	put(t, C, cr3_rax, 3);
	put(t, 2 * C - 2, cr3_r9, 4);
	put(t, 2 * C + 2, cr3_rax, 3);
	n = scan(t);
	ok(n == 4 && t->nsites == 4 && t->nasked == 4,
	   "4 sites at chunk edges: 4 found, 4 questions (%u, %zu, %zu)",
	   n, t->nsites, t->nasked);
	free(t);

	/* An unreadable chunk is skipped; the scan goes on after it. */
	t = text_new(3 * C);
	put(t, 100, cr3_rax, 3);
	put(t, C + 100, cr3_rax, 3);
	put(t, 2 * C + 100, cr3_rax, 3);
	t->bad_lo = BASE + C + 50;
	t->bad_hi = BASE + C + 51;
	n = scan(t);
	ok(n == 2 && t->sites[0] == BASE + 100 &&
	   t->sites[1] == BASE + 2 * C + 100,
	   "an unreadable chunk is skipped, the ones around it are scanned");
	free(t);

	/* ...and a chunk whose look-behind is unreadable is still read. */
	t = text_new(2 * C);
	put(t, C, cr3_rax, 3);
	t->bad_lo = BASE + C - 1;
	t->bad_hi = BASE + C;
	n = scan(t);
	ok(n == 1 && t->sites[0] == BASE + C,
	   "a chunk whose look-behind cannot be read is scanned without it");
	free(t);

	return done_testing();
}
