// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of CR3 decoding and write classification (module/cr3.c),
 * with and without PCIDs and with and without PTI: every PCID value, the
 * kernel's ASID encodings (kernel PCID = ASID + 1, user PCID = that | bit
 * 11, user page tables = bit 12, all only under PTI), NOFLUSH, LAM.
 */
#include "tap.h"
#include "../../module/cr3.h"

#define B(c) (1U << CR3STAT_C_##c)
#define KPGD 0x1d84000ULL		/* a kernel-half pgd (8k aligned) */
#define UPGD (KPGD | CR3STAT_PTI_USER_PGD)
#define OTHER 0x2a00000ULL
#define NF CR3STAT_CR3_NOFLUSH
#define LAM57 (1ULL << 61)
#define NR_ASIDS 6			/* the kernel's TLB_NR_DYN_ASIDS */

static const char *mode(bool pcid, bool pti)
{
	static const char *const m[2][2] = {
		{ "no PCID, nopti", "no PCID, PTI" },
		{ "PCID, nopti", "PCID, PTI" },
	};
	return m[pcid][pti];
}

static void classify(const char *what, unsigned long long val,
		     unsigned long long cur, bool pcid, bool pti,
		     unsigned int want)
{
	unsigned int got = cr3stat_cr3_classify(val, cur, pcid, pti);

	ok(got == want, "%s (%s): %#llx over %#llx is %#x (got %#x)", what,
	   mode(pcid, pti), val, cur, want, got);
}

static unsigned short kern_pcid(unsigned int asid)
{
	return asid + 1;
}

static unsigned short user_pcid(unsigned int asid)
{
	return kern_pcid(asid) | 0x800;
}

/*
 * Every PCID value 0..0xfff, with bit 12 and NOFLUSH on and off, in all
 * four modes: one test per decoded field.
 */
static void sweep_decode(void)
{
	unsigned int bad_pcid = 0, bad_nf = 0, bad_user = 0, bad_pgd = 0;
	unsigned long long v;
	unsigned int p, f;
	int pcid, pti;

	for (pcid = 0; pcid <= 1; pcid++)
		for (pti = 0; pti <= 1; pti++)
			for (p = 0; p <= 0xfff; p++)
				for (f = 0; f < 4; f++) {
					struct cr3stat_cr3 d;
					bool b12 = f & 1, b63 = f & 2;

					v = KPGD | p | (b12 ? 1ULL << 12 : 0) |
					    (b63 ? NF : 0);
					cr3stat_cr3_decode(v, pcid, pti, &d);
					bad_pcid += d.pcid != (pcid ? p : 0);
					bad_nf += d.noflush != (pcid && b63);
					bad_user += d.user != (pti &&
						(b12 || (pcid && (p & 0x800))));
					bad_pgd += d.pgd != (KPGD |
						(b12 && !pti ? 1ULL << 12 : 0));
				}
	ok(!bad_pcid, "sweep: the PCID is bits 11:0 with PCIDE, 0 without (%u wrong)",
	   bad_pcid);
	ok(!bad_nf, "sweep: NOFLUSH only with PCIDE (%u wrong)", bad_nf);
	ok(!bad_user,
	   "sweep: PTI user half is bit 12, or bit 11 with PCIDE, only with PTI (%u wrong)",
	   bad_user);
	ok(!bad_pgd,
	   "sweep: pgd drops bit 12 only with PTI, never the PCID or NOFLUSH (%u wrong)",
	   bad_pgd);
}

/* Context switches between every pair of the kernel's dynamic ASIDs. */
static void asid_pairs(bool pti)
{
	unsigned int a, b, bad = 0, n = 0;
	int noflush;

	for (a = 0; a < NR_ASIDS; a++)
		for (b = 0; b < NR_ASIDS; b++)
			for (noflush = 0; noflush <= 1; noflush++) {
				unsigned long long val = OTHER | kern_pcid(b) |
					(noflush ? NF : 0);
				unsigned int want = B(WRITES) | B(NEW_PGD) |
					(a != b ? B(PCID_CHANGE) : 0) |
					(noflush ? B(NOFLUSH) : 0);

				bad += cr3stat_cr3_classify(val,
					KPGD | kern_pcid(a), true, pti) != want;
				n++;
			}
	ok(!bad, "switch between kernel PCIDs of ASIDs 0-%d (%s): PCID change iff the ASID differs, NOFLUSH as written, never user (%u of %u wrong)",
	   NR_ASIDS - 1, mode(true, pti), bad, n);
}

/* PTI's returns to user mode and entries, for every ASID. */
static void pti_pairs(void)
{
	unsigned int a, bad_exit = 0, bad_entry = 0;
	int noflush;

	for (a = 0; a < NR_ASIDS; a++)
		for (noflush = 0; noflush <= 1; noflush++) {
			unsigned long long k = KPGD | kern_pcid(a);
			unsigned long long u = UPGD | user_pcid(a);
			unsigned int nf = noflush ? B(NOFLUSH) : 0;

			bad_exit += cr3stat_cr3_classify(u | (noflush ? NF : 0),
				k, true, true) !=
				(B(WRITES) | B(PCID_CHANGE) | B(USER) | nf);
			bad_entry += cr3stat_cr3_classify(k | (noflush ? NF : 0),
				u, true, true) !=
				(B(WRITES) | B(PCID_CHANGE) | nf);
		}
	ok(!bad_exit, "PTI return to user, ASIDs 0-%d: user, other PCID, same pgd (%u wrong)",
	   NR_ASIDS - 1, bad_exit);
	ok(!bad_entry, "PTI entry from user, ASIDs 0-%d: kernel, other PCID, same pgd (%u wrong)",
	   NR_ASIDS - 1, bad_entry);
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

	/* Decoding, named cases. */
	cr3stat_cr3_decode(UPGD | 0x805 | NF, true, true, &d);
	ok(d.pgd == KPGD && d.pcid == 0x805 && d.user && d.noflush,
	   "decode with PCID and PTI: pgd, user PCID, user and NOFLUSH");
	cr3stat_cr3_decode(KPGD | 0x805 | NF, true, false, &d);
	ok(d.pgd == KPGD && d.pcid == 0x805 && !d.user && d.noflush,
	   "decode with PCID, nopti: bit 11 is a PCID bit, not user");
	cr3stat_cr3_decode(UPGD | 3, true, false, &d);
	ok(d.pgd == UPGD && d.pcid == 3 && !d.user,
	   "decode with PCID, nopti: bit 12 is an address bit");
	cr3stat_cr3_decode(KPGD | 0x18, false, true, &d);
	ok(d.pgd == KPGD && d.pcid == 0 && !d.user && !d.noflush,
	   "decode without PCID: PWT/PCD are not a PCID");
	cr3stat_cr3_decode(KPGD | CR3STAT_PTI_USER_PCID, false, true, &d);
	ok(!d.user, "decode without PCID: bit 11 is not the user PCID bit");
	cr3stat_cr3_decode(UPGD, false, true, &d);
	ok(d.user && d.pgd == KPGD, "decode without PCID, PTI: user pgd bit");
	cr3stat_cr3_decode(UPGD, false, false, &d);
	ok(!d.user && d.pgd == UPGD, "decode without PCID, nopti: bit 12 is an address bit");
	cr3stat_cr3_decode(KPGD | 0xfff | NF | LAM57, true, true, &d);
	ok(d.pgd == KPGD && d.pcid == 0xfff && d.noflush,
	   "decode: PCID 0xfff with NOFLUSH and LAM bits");
	cr3stat_cr3_decode(KPGD | NF, false, false, &d);
	ok(!d.noflush, "decode without PCID: bit 63 is not NOFLUSH");
	sweep_decode();

	/* Classification, named cases. */
	classify("flush rewrite", KPGD, KPGD, false, true, B(WRITES) | B(SAME));
	classify("flush rewrite", KPGD | 3, KPGD | 3, true, true,
		 B(WRITES) | B(SAME));
	classify("noflush rewrite", KPGD | 3 | NF, KPGD | 3, true, true,
		 B(WRITES) | B(SAME) | B(NOFLUSH));
	classify("context switch", OTHER, KPGD, false, true,
		 B(WRITES) | B(NEW_PGD));
	classify("context switch", OTHER, KPGD, false, false,
		 B(WRITES) | B(NEW_PGD));
	classify("switch, new ASID", OTHER | 2, KPGD | 1, true, true,
		 B(WRITES) | B(NEW_PGD) | B(PCID_CHANGE));
	classify("switch, cached ASID", OTHER | 2 | NF, KPGD | 1, true, true,
		 B(WRITES) | B(NEW_PGD) | B(PCID_CHANGE) | B(NOFLUSH));
	classify("switch, cached ASID", OTHER | 2 | NF, KPGD | 1, true, false,
		 B(WRITES) | B(NEW_PGD) | B(PCID_CHANGE) | B(NOFLUSH));
	classify("switch, same ASID reused for another mm", OTHER | 1, KPGD | 1,
		 true, true, B(WRITES) | B(NEW_PGD));
	classify("PTI exit to user", UPGD | 0x801 | NF, KPGD | 1, true, true,
		 B(WRITES) | B(PCID_CHANGE) | B(NOFLUSH) | B(USER));
	classify("PTI exit to user, deferred flush", UPGD | 0x801, KPGD | 1,
		 true, true, B(WRITES) | B(PCID_CHANGE) | B(USER));
	classify("PTI exit to user", UPGD, KPGD, false, true,
		 B(WRITES) | B(USER));
	classify("PTI entry from user", KPGD, UPGD, false, true, B(WRITES));
	classify("PTI entry from user", KPGD | 1 | NF, UPGD | 0x801, true, true,
		 B(WRITES) | B(PCID_CHANGE) | B(NOFLUSH));
	classify("bit 12 without PTI: other page tables", UPGD, KPGD, false,
		 false, B(WRITES) | B(NEW_PGD));
	classify("bit 11 without PTI: another PCID, not user", KPGD | 0x801,
		 KPGD | 1, true, false, B(WRITES) | B(PCID_CHANGE));
	classify("PCID 0 to a kernel PCID (boot)", KPGD | 1, KPGD, true, true,
		 B(WRITES) | B(PCID_CHANGE));
	classify("LAM change only", KPGD | LAM57, KPGD, false, true, B(WRITES));
	classify("LAM change only", KPGD | 1 | LAM57 | NF, KPGD | 1, true, true,
		 B(WRITES) | B(NOFLUSH));
	classify("same PCID, other pgd", OTHER | 1, KPGD | 1, true, true,
		 B(WRITES) | B(NEW_PGD));
	classify("NOFLUSH bit ignored without PCID", KPGD | NF, KPGD, false,
		 false, B(WRITES) | B(SAME));
	asid_pairs(true);
	asid_pairs(false);
	pti_pairs();

	ok(mask_path_agrees(),
	   "the probes' fast path equals the field rule on all bit combinations, PCID and PTI on and off");

	return done_testing();
}
