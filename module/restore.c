// SPDX-License-Identifier: GPL-2.0
/*
 * Telling the paranoid CR3 restore policy from the kernel's own code.
 * Pure C: also built into the userspace unit tests.
 */
#include "insn.h"
#include "restore.h"

#define PTI_USER_PGTABLE_BIT 12

static const char * const cr3stat_restore_names[] = {
	[CR3STAT_RESTORE_UNKNOWN] = "unknown",
	[CR3STAT_RESTORE_NONE] = "none",
	[CR3STAT_RESTORE_ALWAYS] = "always",
	[CR3STAT_RESTORE_USER] = "user",
};

const char *cr3stat_restore_name(enum cr3stat_restore r)
{
	return cr3stat_restore_names[r];
}

/**
 * cr3stat_restore_parse() - a policy by name, for the module parameter
 * @s: "none", "always" or "user" (an optional newline is allowed)
 * @r: the policy, set only on success
 *
 * Return: 0, or -EINVAL.
 */
int cr3stat_restore_parse(const char *s, enum cr3stat_restore *r)
{
	unsigned int i;

	for (i = CR3STAT_RESTORE_NONE; i < ARRAY_SIZE(cr3stat_restore_names);
	     i++) {
		size_t n = strlen(cr3stat_restore_names[i]);

		if (!strncmp(s, cr3stat_restore_names[i], n) &&
		    (!s[n] || (s[n] == '\n' && !s[n + 1]))) {
			*r = i;
			return 0;
		}
	}
	return -EINVAL;
}

/* "bt $PTI_USER_PGTABLE_BIT, %reg": [REX] 0f ba /4 ib on a register. */
static bool is_bt_user_bit(const unsigned char *p, int len)
{
	int i = (len == 5 && (p[0] & 0xf0) == 0x40) ? 1 : 0;

	return len == 4 + i && p[i] == 0x0f && p[i + 1] == 0xba &&
	       (p[i + 2] & 0xf8) == 0xe0 && p[i + 3] == PTI_USER_PGTABLE_BIT;
}

/* The target of a jnc/jae at p (offset off, length len), or -1. */
static long jnc_target(const unsigned char *p, int len, size_t off)
{
	if (len == 2 && p[0] == 0x73)
		return (long)(off + 2) + (signed char)p[1];
	if (len == 6 && p[0] == 0x0f && p[1] == 0x83) {
		int rel = (int)((unsigned int)p[2] | (unsigned int)p[3] << 8 |
				(unsigned int)p[4] << 16 |
				(unsigned int)p[5] << 24);

		return (long)(off + 6) + rel;
	}
	return -1;
}

/**
 * cr3stat_restore_guarded() - is a CR3 write skipped for a kernel CR3?
 * @func: the bytes of the function holding the write, from its start
 * @len: how many bytes @func has (at least through the write)
 * @site: offset of the MOV to CR3 in @func
 *
 * PARANOID_RESTORE_CR3 puts "bt $12, %save_reg; jnc .Lend" in front of
 * its write, .Lend being just past it: a saved kernel CR3 (PTI user bit
 * clear) is not written back.  The old RESTORE_CR3 tests the same bit only
 * to choose NOFLUSH and then always writes.  The function is decoded from
 * its start to the write, looking for that test followed by a jnc that
 * jumps past the write.
 *
 * Return: 1 guarded, 0 not guarded, -EINVAL when the code up to the write
 * does not decode.
 */
int cr3stat_restore_guarded(const unsigned char *func, size_t len,
			    size_t site)
{
	size_t off = 0, site_end;
	bool after_bt = false;
	int l;

	l = cr3stat_insn_len(func + site, len > site ? len - site : 0);
	if (l < 0)
		return -EINVAL;
	site_end = site + l;

	while (off < site) {
		l = cr3stat_insn_len(func + off, len - off);
		if (l < 0)
			return -EINVAL;
		if (after_bt && jnc_target(func + off, l, off) >= (long)site_end)
			return 1;
		after_bt = is_bt_user_bit(func + off, l);
		off += l;
	}
	return off == site ? 0 : -EINVAL;
}
