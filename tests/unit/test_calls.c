// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the direct-branch finder (module/calls.c).  The bytes are
 * GNU as output for the instructions beside them, the functions placed at
 * 0x0, 0x16, 0x24 and 0x2d and the target at 0x2000, as objdump shows.
 */
#include "tap.h"
#include "../../module/calls.h"

#define TARGET 0x2000

/* At 0x0: a call of the target in the middle of a function. */
static const unsigned char callit[] = {
	0xf3, 0x0f, 0x1e, 0xfa,			/* endbr64 */
	0x0f, 0x1f, 0x44, 0x00, 0x00,		/* nopl 0x0(%rax,%rax,1) */
	0x53,					/* push %rbx */
	0x48, 0x89, 0xfb,			/* mov %rdi,%rbx */
	0xe8, 0xee, 0x1f, 0x00, 0x00,		/* call 2000 <target> */
	0x31, 0xc0,				/* xor %eax,%eax */
	0x5b,					/* pop %rbx */
	0xc3,					/* ret */
	0xcc,					/* int3 */
};

/* At 0x16: a tail call, jmp rel32. */
static const unsigned char tail[] = {
	0xf3, 0x0f, 0x1e, 0xfa,			/* endbr64 */
	0x85, 0xf6,				/* test %esi,%esi */
	0x74, 0x05,				/* je 23 */
	0xe9, 0xdd, 0x1f, 0x00, 0x00,		/* jmp 2000 <target> */
	0xc3,					/* ret */
};

/* At 0x24: a conditional tail call, jne rel32. */
static const unsigned char cond[] = {
	0x85, 0xf6,				/* test %esi,%esi */
	0x0f, 0x85, 0xd4, 0x1f, 0x00, 0x00,	/* jne 2000 <target> */
	0xc3,					/* ret */
};

/* At 0x2d: a call of another function, and a short jmp. */
static const unsigned char other[] = {
	0xe8, 0xce, 0x0f, 0x00, 0x00,		/* call 1000 <elsewhere> */
	0xeb, 0x00,				/* jmp 34 */
	0xc3,					/* ret */
};

/* The call comes after bytes that are not an instruction in 64-bit mode. */
static const unsigned char broken[] = {
	0x06,					/* push %es: invalid */
	0xe8, 0xfa, 0x1f, 0x00, 0x00,		/* call 2000 */
};

int main(void)
{
	ok(cr3stat_branches_to(callit, sizeof(callit), 0x0, TARGET,
			       TARGET + 4) == 1, "call rel32 to the target");
	ok(cr3stat_branches_to(callit, sizeof(callit), 0x0, TARGET + 1,
			       TARGET + 4) == 0,
	   "a target one byte below the range: not found");
	ok(cr3stat_branches_to(callit, sizeof(callit), 0x10, TARGET,
			       TARGET + 4) == 0,
	   "the same bytes at another address miss the target");
	ok(cr3stat_branches_to(callit, 13, 0x0, TARGET, TARGET + 4) == 0,
	   "the function cut before its call: not found");
	ok(cr3stat_branches_to(tail, sizeof(tail), 0x16, TARGET,
			       TARGET + 4) == 1, "tail call, jmp rel32");
	ok(cr3stat_branches_to(cond, sizeof(cond), 0x24, TARGET,
			       TARGET + 4) == 1, "conditional tail call, jne rel32");
	ok(cr3stat_branches_to(cond, sizeof(cond), 0x24, TARGET + 16,
			       TARGET + 20) == 0, "jne rel32 outside the range");
	ok(cr3stat_branches_to(cond, sizeof(cond), 0x24, TARGET - 16,
			       TARGET + 4) == 1,
	   "a range that takes the padding in front of the target");
	ok(cr3stat_branches_to(other, sizeof(other), 0x2d, TARGET,
			       TARGET + 4) == 0,
	   "call of another function, short jmp: not found");
	ok(cr3stat_branches_to(other, sizeof(other), 0x2d, 0x1000,
			       0x1004) == 1, "the other function is found");
	ok(cr3stat_branches_to(broken, sizeof(broken), 0x0, TARGET,
			       TARGET + 4) == -EINVAL,
	   "undecodable bytes before the call: -EINVAL");
	ok(cr3stat_branches_to(broken + 1, sizeof(broken) - 1, 0x1, TARGET,
			       TARGET + 4) == 1, "the same call, decodable");
	return done_testing();
}
