// SPDX-License-Identifier: GPL-2.0
/*
 * cpu_tlbstate.user_pcid_flush_mask: where it is, whether it is what we
 * think, and the deferred user-ASID flushes counted from it.
 *
 * The kernel's rule (arch/x86/mm/tlb.c, arch/x86/entry/calling.h; Debian
 * 6.1, 6.12, 7.3).  With PTI and PCID, every mm running on a CPU has a
 * kernel PCID (ASID + 1) and a user PCID (that | bit 11).  A flush that
 * must reach the user PCID does not flush it: invalidate_user_asid() sets
 * the kernel PCID's bit in the per-CPU user_pcid_flush_mask.  It does so
 *   - in switch_mm_irqs_off() (6.1: load_new_mm_cr3()), whenever the
 *     switch needs a flush (a fresh ASID, or a cached one gone stale);
 *   - in native_flush_tlb_local(), for the loaded ASID;
 *   - in native_flush_tlb_one_user(), for the loaded ASID, only when the
 *     kernel cannot INVPCID the one user address at once (6.1: no
 *     X86_FEATURE_INVPCID_SINGLE; 6.12 and 7.3: no INVPCID, or CR4.PCIDE
 *     still clear); with INVPCID the user page is flushed there and then.
 * Nothing else sets a bit (a global flush, INVPCID-all or CR4.PGE, flushes
 * every PCID and leaves the mask alone).  The next switch to that user CR3
 * on that CPU, SWITCH_TO_USER_CR3 on a return to user mode or a paranoid
 * restore of a saved user CR3 (an NMI or #DB in entry code), tests and
 * clears the bit ("btr") and writes CR3 without NOFLUSH: one flushing
 * write, however many requests the bit absorbed.
 *
 * Counting.  Those returns are entry text: nothing can be hooked there.
 * But a bit is only ever cleared by such a write, and only ever set in
 * the three functions above.  So each CPU keeps the mask as last observed,
 * and at every observation the bits that went from set to clear since are
 * flushing user CR3 writes, one each.  The set sites are observed on entry
 * and on return (kretprobes), so no clear-then-set can slip between two
 * observations: entry comes before the set (nothing returns to user mode
 * inside those functions), return after it.  The pti group's entries from
 * user mode observe too, so that a flush shows up at the next kernel entry
 * on that CPU rather than at its next flush or context switch.  Exact;
 * the only lag is that a write is counted at the CPU's next observation.
 *
 * Finding the mask.  cpu_tlbstate is not exported, and its type is hidden
 * from modules (asm/tlbflush.h: #ifndef MODULE).  The consumer is entry
 * code: decoding the "bt"/"btr" with %gs operand in front of each
 * entry-text user CR3 write (flushmask.c) gives the mask's per-CPU address
 * as the kernel itself uses it.  All such paths must agree.  Then the
 * layout around it is checked against what must hold on the CPU doing the
 * check (interrupts off, in insmod's process context): the CR4 shadow two
 * bytes on equals CR4, loaded_mm is current->active_mm, the loaded ASID is
 * below 6 and CR3's PCID is ASID + 1, that ASID's context has the mm's
 * ctx_id, and every online CPU's CR4 shadow equals its CR4 and its mask
 * has no bit outside 1..6.  Any mismatch: the counter is unsupported, with
 * the reason in info, never a number from memory we do not understand.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bitops.h>
#include <linux/kprobes.h>
#include <linux/mm_types.h>
#include <linux/percpu.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <asm/cpufeature.h>
#include <asm/processor-flags.h>
#include <asm/special_insns.h>
#include "../counters.h"
#include "../cr3stat.h"
#include "../flushmask.h"
#include "../sites.h"
#include "ksym.h"
#include "tlbstate.h"

/* Longest stretch of an entry function decoded up to its CR3 write. */
#define TLBSTATE_MAX_OFF 1024

static u64 cr3stat_fm_op;
static const char *cr3stat_fm_why = "not looked for";

/* This CPU's user_pcid_flush_mask, through the entry code's own operand. */
static unsigned short *cr3stat_fm_ptr(int cpu)
{
	return per_cpu_ptr((unsigned short __percpu __force *)
			   (unsigned long)cr3stat_fm_op, cpu);
}

static u16 cr3stat_fm_read(int cpu)
{
	return READ_ONCE(*cr3stat_fm_ptr(cpu));
}

/* The struct tlb_state that holds the mask, as bytes. */
static const u8 *cr3stat_tlbs(int cpu)
{
	return (const u8 *)cr3stat_fm_ptr(cpu) - CR3STAT_TLBS_USER_PCID_FLUSH;
}

/* Decode one entry-text CR3 write's path for the mask operand. */
static int cr3stat_fm_decode(const struct cr3stat_site *s, u64 *op)
{
	size_t len;
	u8 *buf = cr3stat_site_bytes(s->addr, s->off, TLBSTATE_MAX_OFF, &len);
	int ret;

	if (IS_ERR(buf))
		return PTR_ERR(buf);
	ret = cr3stat_flushmask_operand(buf, len, s->off, s->addr - s->off, op);
	kfree(buf);
	return ret;
}

static const char *cr3stat_fm_find(void)
{
	unsigned int i, found = 0;
	u64 op;

	for (i = 0; i < cr3stat_nr_sites; i++) {
		const struct cr3stat_site *s = &cr3stat_sites[i];
		int ret;

		if (s->text != CR3STAT_TEXT_ENTRY)
			continue;
		ret = cr3stat_fm_decode(s, &op);
		if (ret == -ENOENT)
			continue;
		if (ret == -EILSEQ)
			return "entry code tests two different flush masks";
		if (ret)
			return "entry code around a CR3 write does not decode";
		if (found && op != cr3stat_fm_op)
			return "entry paths test different flush masks";
		cr3stat_fm_op = op;
		found++;
	}
	if (!found)
		return "no entry path tests user_pcid_flush_mask";
	pr_info("user_pcid_flush_mask at per-CPU %#llx (%u entry paths)\n",
		cr3stat_fm_op, found);
	return NULL;
}

/*
 * What must hold around the mask on this CPU, interrupts off, in the
 * process context of a user task (insmod): see the top of the file.
 */
static const char *cr3stat_fm_check_here(void)
{
	const u8 *t = cr3stat_tlbs(smp_processor_id());
	struct mm_struct *mm = current->active_mm;
	struct mm_struct *loaded;
	unsigned long cr4;
	u64 ctx_id;
	u16 asid;

	memcpy(&cr4, t + CR3STAT_TLBS_CR4, sizeof(cr4));
	if (cr4 != __read_cr4())
		return "the word after the mask is not the CR4 shadow";
	memcpy(&loaded, t + CR3STAT_TLBS_LOADED_MM, sizeof(loaded));
	if (loaded != mm)
		return "loaded_mm is not the running task's mm";
	memcpy(&asid, t + CR3STAT_TLBS_LOADED_MM_ASID, sizeof(asid));
	if (asid >= CR3STAT_TLB_NR_DYN_ASIDS)
		return "loaded_mm_asid is out of range";
	if ((__read_cr3() & X86_CR3_PCID_MASK) != asid + 1U)
		return "CR3's PCID is not loaded_mm_asid + 1";
	memcpy(&ctx_id, t + CR3STAT_TLBS_CTXS + asid * CR3STAT_TLBS_CTX_SIZE,
	       sizeof(ctx_id));
	if (ctx_id != mm->context.ctx_id)
		return "the loaded ASID's context is not the mm's";
	return NULL;
}

static void cr3stat_fm_check_cpu(void *bad)
{
	const u8 *t = cr3stat_tlbs(smp_processor_id());
	unsigned long cr4;

	memcpy(&cr4, t + CR3STAT_TLBS_CR4, sizeof(cr4));
	if (cr4 != __read_cr4() ||
	    (cr3stat_fm_read(smp_processor_id()) & ~CR3STAT_FLUSHMASK_VALID))
		WRITE_ONCE(*(bool *)bad, true);
}

/*
 * Whether native_flush_tlb_one_user() leaves the user PCID's flush to the
 * mask instead of INVPCID'ing the address at once: 6.1 asks for
 * X86_FEATURE_INVPCID_SINGLE (INVPCID with CR4.PCIDE), 6.12 and 7.3 for
 * X86_FEATURE_INVPCID and CR4.PCIDE (set on every CPU long before a
 * module loads).
 */
static bool cr3stat_kernel_defers_one_user(void)
{
#ifdef X86_FEATURE_INVPCID_SINGLE
	return !boot_cpu_has(X86_FEATURE_INVPCID_SINGLE);
#else
	return !boot_cpu_has(X86_FEATURE_INVPCID);
#endif
}

/* The functions that set bits; the last only when the kernel defers there. */
static struct kretprobe cr3stat_uflush_krps[] = {
	{ .kp.symbol_name = "switch_mm_irqs_off" },
	{ .kp.symbol_name = "native_flush_tlb_local" },
	{ .kp.symbol_name = "native_flush_tlb_one_user" },
};
static struct kretprobe *cr3stat_uflush_live[ARRAY_SIZE(cr3stat_uflush_krps)];
static unsigned int cr3stat_uflush_nr;

static unsigned int cr3stat_uflush_nr_needed(void)
{
	return ARRAY_SIZE(cr3stat_uflush_krps) -
	       !cr3stat_kernel_defers_one_user();
}

/* A bit set where no kretprobe can go would be counted late or never. */
static const char *cr3stat_uflush_check(void)
{
	unsigned int i;

	for (i = 0; i < cr3stat_uflush_nr_needed(); i++)
		if (cr3stat_probe_check_symbol(cr3stat_uflush_krps[i].kp.symbol_name))
			return "a function that sets mask bits cannot be probed";
	return NULL;
}

/**
 * cr3stat_tlbstate_init() - find and check user_pcid_flush_mask
 *
 * Call in process context (module load), after the site scan, and only
 * when the kernel runs with PTI and PCID.
 *
 * Return: NULL when the mask was found and its surroundings check out,
 * else why not (for info; the counters depending on it are unsupported).
 */
const char *cr3stat_tlbstate_init(void)
{
	unsigned long flags;
	bool bad = false;

	cr3stat_fm_why = cr3stat_fm_find();
	if (cr3stat_fm_why)
		return cr3stat_fm_why;
	local_irq_save(flags);
	cr3stat_fm_why = cr3stat_fm_check_here();
	local_irq_restore(flags);
	if (cr3stat_fm_why)
		return cr3stat_fm_why;
	on_each_cpu(cr3stat_fm_check_cpu, &bad, 1);
	if (bad)
		cr3stat_fm_why = "a CPU's CR4 shadow or flush mask does not check out";
	else
		cr3stat_fm_why = cr3stat_uflush_check();
	return cr3stat_fm_why;
}

u64 cr3stat_tlbstate_mask_operand(void)
{
	return cr3stat_fm_op;
}

/* Counting: the mask as last observed on each CPU. */
static DEFINE_PER_CPU(u16, cr3stat_fm_seen);

/**
 * cr3stat_uflush_observe() - account the flushing user CR3 writes since
 *	this CPU's last observation
 *
 * Each bit that was set then and is clear now was consumed by exactly one
 * switch to a user CR3 without NOFLUSH.  Any context; preemption must be
 * off (it is in every probe handler).
 */
void cr3stat_uflush_observe(void)
{
	unsigned long flags;
	u16 now, gone;

	local_irq_save(flags);
	now = cr3stat_fm_read(smp_processor_id());
	gone = __this_cpu_read(cr3stat_fm_seen) & ~now;
	__this_cpu_write(cr3stat_fm_seen, now);
	local_irq_restore(flags);
	while (gone) {
		cr3stat_count(CR3STAT_PTI_USER_FLUSHES);
		gone &= gone - 1;
	}
}

/* On entry (before a bit can be set) and on return (after): the same. */
static int cr3stat_uflush_hit(struct kretprobe_instance *ri,
			      struct pt_regs *regs)
{
	cr3stat_uflush_observe();
	return 0;
}

/* Start every online CPU from its current mask. */
static void cr3stat_uflush_prime(void *unused)
{
	__this_cpu_write(cr3stat_fm_seen,
			 cr3stat_fm_read(smp_processor_id()));
}

/**
 * cr3stat_uflush_attach() - observe every function that sets a mask bit
 *
 * Return: 0, or register_kretprobes()'s error (then none is left).
 */
int cr3stat_uflush_attach(void)
{
	unsigned int i, n = cr3stat_uflush_nr_needed();
	int err;

	for (i = 0; i < n; i++) {
		struct kretprobe *rp = &cr3stat_uflush_krps[i];
		const char *name = rp->kp.symbol_name;

		*rp = (struct kretprobe) {
			.kp.symbol_name = name,
			.entry_handler = cr3stat_uflush_hit,
			.handler = cr3stat_uflush_hit,
			.maxactive = 4 * num_possible_cpus(),
		};
		cr3stat_uflush_live[i] = rp;
	}
	err = register_kretprobes(cr3stat_uflush_live, n);
	if (err)
		return err;
	cr3stat_uflush_nr = n;
	on_each_cpu(cr3stat_uflush_prime, NULL, 1);
	return 0;
}

void cr3stat_uflush_detach(void)
{
	if (cr3stat_uflush_nr)
		unregister_kretprobes(cr3stat_uflush_live, cr3stat_uflush_nr);
	cr3stat_uflush_nr = 0;
}
