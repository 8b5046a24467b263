// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of CR3 decoding and write classification (module/cr3.c).
 */
#include "tap.h"
#include "../../module/cr3.h"

#define B(c) (1U << CR3STAT_C_##c)
#define KPGD 0x1d84000ULL		/* a kernel-half pgd */
#define UPGD (KPGD | CR3STAT_PTI_USER_PGD)
#define OTHER 0x2a00000ULL

static void classify(const char *what, unsigned long long val,
		     unsigned long long cur, bool pcid, unsigned int want)
{
	unsigned int got = cr3stat_cr3_classify(val, cur, pcid);

	ok(got == want, "%s: %#llx over %#llx%s is %#x (got %#x)", what, val,
	   cur, pcid ? " (PCID)" : "", want, got);
}

int main(void)
{
	struct cr3stat_cr3 d;

	cr3stat_cr3_decode(UPGD | 0x805 | CR3STAT_CR3_NOFLUSH, true, &d);
	ok(d.pgd == KPGD && d.pcid == 0x805 && d.user && d.noflush,
	   "decode with PCID: pgd, PCID, user and NOFLUSH");
	cr3stat_cr3_decode(KPGD | 0x18, false, &d);
	ok(d.pgd == KPGD && d.pcid == 0 && !d.user && !d.noflush,
	   "decode without PCID: PWT/PCD are not a PCID");
	cr3stat_cr3_decode(KPGD | CR3STAT_PTI_USER_PCID, false, &d);
	ok(!d.user, "decode without PCID: bit 11 is not the user PCID bit");
	cr3stat_cr3_decode(UPGD, false, &d);
	ok(d.user && d.pgd == KPGD, "decode: PTI user pgd bit");

	classify("flush rewrite", KPGD, KPGD, false, B(WRITES) | B(SAME));
	classify("flush rewrite", KPGD | 3, KPGD | 3, true,
		 B(WRITES) | B(SAME));
	classify("noflush rewrite", KPGD | 3 | CR3STAT_CR3_NOFLUSH, KPGD | 3,
		 true, B(WRITES) | B(SAME) | B(NOFLUSH));
	classify("context switch", OTHER, KPGD, false,
		 B(WRITES) | B(NEW_PGD));
	classify("switch, new ASID", OTHER | 2, KPGD | 1, true,
		 B(WRITES) | B(NEW_PGD) | B(PCID_CHANGE));
	classify("switch, cached ASID", OTHER | 2 | CR3STAT_CR3_NOFLUSH,
		 KPGD | 1, true,
		 B(WRITES) | B(NEW_PGD) | B(PCID_CHANGE) | B(NOFLUSH));
	classify("PTI exit to user", UPGD | 0x801 | CR3STAT_CR3_NOFLUSH,
		 KPGD | 1, true, B(WRITES) | B(PCID_CHANGE) | B(NOFLUSH) |
		 B(USER));
	classify("PTI exit to user, no PCID", UPGD, KPGD, false,
		 B(WRITES) | B(USER));
	classify("PTI entry from user", KPGD, UPGD, false, B(WRITES));
	classify("LAM change only", KPGD | (1ULL << 62), KPGD, false,
		 B(WRITES));
	classify("same PCID, other pgd", OTHER | 1, KPGD | 1, true,
		 B(WRITES) | B(NEW_PGD));

	return done_testing();
}
