// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the paranoid CR3 restore detection (module/restore.c),
 * on byte sequences written for the test in the shape of the two entry
 * macros.
 */
#include "tap.h"
#include "../../module/restore.h"

/* PARANOID_RESTORE_CR3: bt $12,%r14; jnc past the write; ...; write. */
static const unsigned char guarded[] = {
	0x49, 0x0f, 0xba, 0xe6, 0x0c,		/* bt $0xc,%r14 */
	0x73, 0x09,				/* jnc +9: past the write */
	0x49, 0x0f, 0xba, 0xee, 0x3f,		/* bts $0x3f,%r14 */
	0x41, 0x0f, 0x22, 0xde,			/* mov %r14,%cr3 */
	0xc3,
};

/* The same with a rel32 jnc and a PCID alternative jmp in between. */
static const unsigned char guarded32[] = {
	0x49, 0x0f, 0xba, 0xe6, 0x0c,		/* bt $0xc,%r14 */
	0x0f, 0x83, 0x07, 0x00, 0x00, 0x00,	/* jnc +7 */
	0xeb, 0x00,				/* jmp .+0 */
	0x90,					/* nop */
	0x41, 0x0f, 0x22, 0xde,			/* mov %r14,%cr3 */
};

/* RESTORE_CR3: the bit only chooses NOFLUSH; the write always happens. */
static const unsigned char always[] = {
	0x49, 0x0f, 0xba, 0xe6, 0x0c,		/* bt $0xc,%r14 */
	0x73, 0x02,				/* jnc .Lnoflush */
	0xeb, 0x05,				/* jmp .Lwrcr3 */
	0x49, 0x0f, 0xba, 0xee, 0x3f,		/* .Lnoflush: bts $0x3f,%r14 */
	0x41, 0x0f, 0x22, 0xde,			/* .Lwrcr3: mov %r14,%cr3 */
};

/* A jnc past the write, but after another instruction than the bt. */
static const unsigned char unrelated[] = {
	0x49, 0x0f, 0xba, 0xe6, 0x0b,		/* bt $0xb,%r14 */
	0x73, 0x04,				/* jnc past */
	0x41, 0x0f, 0x22, 0xde,			/* mov %r14,%cr3 */
};

/* Not decodable before the write. */
static const unsigned char broken[] = {
	0x06,					/* push %es: invalid */
	0x0f, 0x22, 0xd8,			/* mov %rax,%cr3 */
};

int main(void)
{
	enum cr3stat_restore r = CR3STAT_RESTORE_UNKNOWN;

	ok(cr3stat_restore_guarded(guarded, sizeof(guarded), 12) == 1,
	   "bt $12 + jnc rel8 past the write: guarded");
	ok(cr3stat_restore_guarded(guarded32, sizeof(guarded32), 14) == 1,
	   "bt $12 + jnc rel32 past the write: guarded");
	ok(cr3stat_restore_guarded(always, sizeof(always), 14) == 0,
	   "bt $12 + jnc to before the write: not guarded");
	ok(cr3stat_restore_guarded(unrelated, sizeof(unrelated), 7) == 0,
	   "bt of another bit: not guarded");
	ok(cr3stat_restore_guarded(broken, sizeof(broken), 1) == -EINVAL,
	   "undecodable code before the write: unknown");
	ok(cr3stat_restore_guarded(guarded, sizeof(guarded), 11) == -EINVAL,
	   "a site inside an instruction: unknown");
	ok(cr3stat_restore_guarded(guarded, 14, 12) == -EINVAL,
	   "a write cut short: unknown");

	ok(!cr3stat_restore_parse("always", &r) && r == CR3STAT_RESTORE_ALWAYS,
	   "parse always");
	ok(!cr3stat_restore_parse("user\n", &r) && r == CR3STAT_RESTORE_USER,
	   "parse user with a newline");
	ok(!cr3stat_restore_parse("none", &r) && r == CR3STAT_RESTORE_NONE,
	   "parse none");
	ok(cr3stat_restore_parse("unknown", &r) == -EINVAL &&
	   r == CR3STAT_RESTORE_NONE, "unknown cannot be forced");
	ok(cr3stat_restore_parse("alway", &r) == -EINVAL, "a prefix is no name");
	ok(cr3stat_restore_parse("users", &r) == -EINVAL, "nor a longer word");
	ok(!strcmp(cr3stat_restore_name(CR3STAT_RESTORE_USER), "user"),
	   "names");
	return done_testing();
}
