// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of finding user_pcid_flush_mask in entry code
 * (module/flushmask.c): the SWITCH_TO_USER_CR3 and paranoid restore
 * sequences as the assembler lays them out, with the per-CPU operand
 * absolute (zero-based per-CPU, Debian 6.1 and 6.12) or RIP-relative
 * (newer kernels), before and after alternatives patching, and the code
 * of the real Debian kernels read from Bochs guests (PCID on).
 */
#include <stdlib.h>
#include "tap.h"
#include "../../module/flushmask.h"

#define FUNC 0xffffffff81e00000ULL

struct seq {
	unsigned char b[256];
	size_t n;
};

static void put(struct seq *s, const char *hex)
{
	char byte[3] = { 0 };

	while (*hex) {
		if (*hex == ' ') {
			hex++;
			continue;
		}
		byte[0] = hex[0];
		byte[1] = hex[1];
		s->b[s->n++] = (unsigned char)strtoul(byte, NULL, 16);
		hex += 2;
	}
}

static void put32(struct seq *s, unsigned int v)
{
	int i;

	for (i = 0; i < 4; i++)
		s->b[s->n++] = (v >> (8 * i)) & 0xff;
}

/* bt or btr %rdi into %gs:ADDR (absolute disp32 through a SIB byte). */
static void gs_abs(struct seq *s, bool btr, unsigned int addr)
{
	put(s, btr ? "65 48 0f b3 3c 25" : "65 48 0f a3 3c 25");
	put32(s, addr);
}

/* The same with a RIP-relative operand resolving to ADDR. */
static void gs_rip(struct seq *s, bool btr, unsigned long long addr)
{
	unsigned long long next;

	put(s, btr ? "65 48 0f b3 3d" : "65 48 0f a3 3d");
	next = FUNC + s->n + 4;
	put32(s, (unsigned int)(addr - next));
}

/*
 * SWITCH_TO_USER_CR3 (6.12's layout): mov %cr3,%rdi; the PCID alternative
 * (a 2-byte jmp unpatched, a 5-byte NOP patched); mov %rdi,%rax; and
 * $0x7ff,%rdi; bt; jae; btr; mov %rax,%rdi; jmp; mov %rax,%rdi; bts
 * $63,%rdi; or $0x800,%rdi; or $0x1000,%rdi; then MOV to CR3 at the
 * returned offset.
 */
static size_t switch_to_user(struct seq *s, bool patched, int rip,
			     unsigned long long bt_at, unsigned long long btr_at)
{
	put(s, "0f 20 df");
	put(s, patched ? "0f 1f 44 00 00" : "eb 2f");
	put(s, "48 89 f8 48 81 e7 ff 07 00 00");
	if (rip)
		gs_rip(s, false, bt_at);
	else
		gs_abs(s, false, (unsigned int)bt_at);
	put(s, "73 0f");
	if (rip)
		gs_rip(s, true, btr_at);
	else
		gs_abs(s, true, (unsigned int)btr_at);
	put(s, "48 89 c7 eb 08 48 89 c7 48 0f ba ef 3f");
	put(s, "48 81 cf 00 08 00 00 48 81 cf 00 10 00 00");
	put(s, "0f 22 df");
	return s->n - 3;
}

static int find(struct seq *s, size_t site, unsigned long long *op)
{
	*op = 0;
	return cr3stat_flushmask_operand(s->b, s->n, site, FUNC, (u64 *)op);
}

int main(void)
{
	unsigned long long op;
	struct seq s;
	size_t site;
	int ret;

	s = (struct seq){ 0 };
	site = switch_to_user(&s, true, 0, 0x2c016, 0x2c016);
	ret = find(&s, site, &op);
	ok(!ret && op == 0x2c016,
	   "SWITCH_TO_USER_CR3, patched, zero-based %%gs:disp32: %#llx (ret %d)",
	   op, ret);

	s = (struct seq){ 0 };
	site = switch_to_user(&s, false, 0, 0x2c016, 0x2c016);
	ret = find(&s, site, &op);
	ok(!ret && op == 0x2c016,
	   "SWITCH_TO_USER_CR3, unpatched (jmp over it): the same operand (ret %d)",
	   ret);

	s = (struct seq){ 0 };
	site = switch_to_user(&s, true, 1, 0xffffffff83412016ULL,
			      0xffffffff83412016ULL);
	ret = find(&s, site, &op);
	ok(!ret && op == 0xffffffff83412016ULL,
	   "RIP-relative %%gs operand resolves to the link address: %#llx (ret %d)",
	   op, ret);

	s = (struct seq){ 0 };
	site = switch_to_user(&s, true, 0, 0x2c016, 0x2c018);
	ok(find(&s, site, &op) == -EILSEQ,
	   "bt and btr on different places: -EILSEQ");

	/* PARANOID_RESTORE_CR3 (6.12): bt $12,%r14; jnc; ...; btr; jc; bts. */
	s = (struct seq){ 0 };
	put(&s, "49 0f ba e6 0c 73 20 4c 89 f7 48 81 e7 ff 07 00 00");
	gs_abs(&s, true, 0x2c016);
	put(&s, "72 05 49 0f ba ee 3f 41 0f 22 de");
	ret = find(&s, s.n - 4, &op);
	ok(!ret && op == 0x2c016, "PARANOID_RESTORE_CR3: btr alone (ret %d)",
	   ret);

	/* SWITCH_TO_KERNEL_CR3: no bit test, consumes nothing. */
	s = (struct seq){ 0 };
	put(&s, "0f 20 df 48 0f ba ef 3f 48 81 e7 ff e7 ff ff 0f 22 df");
	ok(find(&s, s.n - 3, &op) == -ENOENT,
	   "SWITCH_TO_KERNEL_CR3: no consumer (-ENOENT)");

	/* A bt alone (no btr) is not the consumer either. */
	s = (struct seq){ 0 };
	gs_abs(&s, false, 0x2c016);
	put(&s, "0f 22 df");
	ok(find(&s, s.n - 3, &op) == -ENOENT, "a bt without btr: -ENOENT");

	/* Bit tests that are not %gs memory are ignored. */
	s = (struct seq){ 0 };
	put(&s, "48 0f a3 3c 25 00 10 00 00");	/* bt %rdi, 0x1000 (no gs) */
	put(&s, "65 48 0f a3 f8");		/* gs + register: not memory */
	gs_abs(&s, true, 0x2c016);
	put(&s, "0f 22 df");
	ret = find(&s, s.n - 3, &op);
	ok(!ret && op == 0x2c016, "bt without %%gs, or on a register, is ignored (ret %d)",
	   ret);

	/* A %gs bit test with a base register is not a per-CPU variable. */
	s = (struct seq){ 0 };
	put(&s, "65 48 0f b3 7b 16 0f 22 df");	/* btr %rdi, %gs:0x16(%rbx) */
	ok(find(&s, 6, &op) == -ENOENT, "btr %%gs:disp(%%rbx) is not it");

	/* The site must be an instruction boundary of the decoded function. */
	s = (struct seq){ 0 };
	site = switch_to_user(&s, true, 0, 0x2c016, 0x2c016);
	ok(find(&s, site - 1, &op) == -EINVAL,
	   "a site inside an instruction: -EINVAL");
	s = (struct seq){ 0 };
	put(&s, "06 0f 22 df");			/* push %es: invalid in 64-bit */
	ok(find(&s, 1, &op) == -EINVAL, "code that does not decode: -EINVAL");

	return done_testing();
}
