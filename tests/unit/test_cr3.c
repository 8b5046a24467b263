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

static void classify_pti(const char *what, unsigned long long val,
			 unsigned long long cur, bool pcid, bool pti,
			 unsigned int want)
{
	unsigned int got = cr3stat_cr3_classify(val, cur, pcid, pti);

	ok(got == want, "%s: %#llx over %#llx%s%s is %#x (got %#x)", what,
	   val, cur, pcid ? " (PCID)" : "", pti ? " (PTI)" : " (no PTI)",
	   want, got);
}

static void classify(const char *what, unsigned long long val,
		     unsigned long long cur, bool pcid, unsigned int want)
{
	classify_pti(what, val, cur, pcid, true, want);
}

static void add_class(void *ctx, unsigned int c)
{
	*(unsigned int *)ctx |= 1U << c;
}

static unsigned int fast_mask(const struct cr3stat_cr3_masks *m, u64 val,
			      u64 cur)
{
	unsigned int mask = 0;

	cr3stat_cr3_for_each_class(m, val, cur, add_class, &mask);
	return mask;
}

/*
 * The probes' fast path must agree with the field-by-field rule on every
 * combination of the bits that matter, with and without PCID and PTI.
 */
static int mask_path_agrees(void)
{
	static const u64 bits[] = {
		CR3STAT_CR3_NOFLUSH, 1ULL << 62, 1ULL << 61, 1ULL << 47,
		CR3STAT_PTI_USER_PGD, CR3STAT_PTI_USER_PCID, 0x400, 0x10, 0x8,
		0x1, 0x2000,
	};
	const unsigned int n = ARRAY_SIZE(bits);
	unsigned int a, b, f;

	for (f = 0; f < 4; f++) {
		bool pcid = f & 1, pti = f & 2;
		struct cr3stat_cr3_masks m;

		cr3stat_cr3_masks(pcid, pti, &m);
		for (a = 0; a < (1U << n); a += 7) {
			for (b = 0; b < (1U << n); b += 13) {
				u64 val = KPGD, cur = KPGD;
				unsigned int i;

				for (i = 0; i < n; i++) {
					if (a & (1U << i))
						val ^= bits[i];
					if (b & (1U << i))
						cur ^= bits[i];
				}
				cur &= ~CR3STAT_CR3_NOFLUSH;
				if (fast_mask(&m, val, cur) !=
				    cr3stat_cr3_classify(val, cur, pcid, pti))
					return 0;
			}
		}
	}
	return 1;
}

int main(void)
{
	struct cr3stat_cr3 d;

	cr3stat_cr3_decode(UPGD | 0x805 | CR3STAT_CR3_NOFLUSH, true, true, &d);
	ok(d.pgd == KPGD && d.pcid == 0x805 && d.user && d.noflush,
	   "decode with PCID: pgd, PCID, user and NOFLUSH");
	cr3stat_cr3_decode(KPGD | 0x18, false, true, &d);
	ok(d.pgd == KPGD && d.pcid == 0 && !d.user && !d.noflush,
	   "decode without PCID: PWT/PCD are not a PCID");
	cr3stat_cr3_decode(KPGD | CR3STAT_PTI_USER_PCID, false, true, &d);
	ok(!d.user, "decode without PCID: bit 11 is not the user PCID bit");
	cr3stat_cr3_decode(UPGD, false, true, &d);
	ok(d.user && d.pgd == KPGD, "decode: PTI user pgd bit");
	cr3stat_cr3_decode(UPGD, false, false, &d);
	ok(!d.user && d.pgd == UPGD,
	   "decode without PTI: bit 12 is an address bit, not the user half");
	cr3stat_cr3_decode(KPGD | 0x805, true, false, &d);
	ok(!d.user && d.pcid == 0x805,
	   "decode without PTI: bit 11 is a PCID bit, not the user PCID");

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
	classify_pti("no PTI: switch to a pgd at bit 12", UPGD, KPGD, false,
		     false, B(WRITES) | B(NEW_PGD));
	classify_pti("no PTI, PCID: PCID with bit 11", KPGD | 0x801, KPGD | 1,
		     true, false, B(WRITES) | B(PCID_CHANGE));
	ok(mask_path_agrees(),
	   "the probes' fast path equals the field rule on all bit combinations, PCID and PTI on and off");

	return done_testing();
}
