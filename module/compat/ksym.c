// SPDX-License-Identifier: GPL-2.0
/*
 * Two things the kernel does not export, asked of kprobes instead.
 *
 * 1. The address of a symbol.  kallsyms_lookup_name() is not exported
 *    (since 5.7), and calling it through a looked-up pointer would trap on
 *    a CPU with IBT once the kernel has sealed its ENDBRs.  register_kprobe()
 *    resolves symbol_name + offset and stores the result in kp->addr
 *    *before* it vets the address, so a *disabled* kprobe, which is never
 *    armed and touches no text, yields the address of any symbol, even of
 *    one kprobes then refuses (entry text, noinstr text, non-text).
 *    Relied on: _kprobe_addr() and "p->addr = addr" ahead of
 *    check_kprobe_address_safe() (6.1 and 6.12), and arch_adjust_kprobe_addr()
 *    moving a function-entry address past an ENDBR64 (f3 0f 1e fa) by
 *    exactly 4 bytes, which cr3stat_ksym() undoes.
 *
 * 2. Whether an address is an instruction boundary.  register_kprobe()
 *    decodes the function from its start (can_probe(), the kernel's own
 *    instruction decoder) and answers -EILSEQ when the address is inside
 *    an instruction.  A disabled kprobe gets that answer without arming
 *    anything.  Relied on: can_probe() running for disabled kprobes, and
 *    -EILSEQ being its error.
 *
 * No kernel function is ever called through an address obtained here: the
 * addresses only bound text, name sites and place probes.
 *
 * When a kernel changes what this relies on:
 *  - kp->addr left NULL on failure, a different entry skip (not 4 bytes,
 *    or not only ENDBR), or a different alias resolved:
 *    cr3stat_ksym_selftest() resolves register_kprobe, whose address the
 *    module also has from linking, and fails on any difference.  Site
 *    discovery then stops with -EOPNOTSUPP and says so in the kernel log;
 *    no probe is placed on an address from a lookup that proved wrong.
 *  - -EILSEQ no longer reported for addresses inside an instruction (a
 *    changed check, or a different errno):
 *    cr3stat_probe_check_selftest() asks about an address inside one of
 *    the module's own instructions (found with cr3stat's decoder, insn.c),
 *    and about that instruction's start.  If the answers are not -EILSEQ
 *    and 0, site discovery says so in the kernel log and proves every site
 *    with cr3stat's decoder instead, as it always does for blacklisted
 *    text, so a probe is never placed inside an instruction.
 *  - A text range symbol (_text, _etext, __entry_text_start, ...) gone:
 *    cr3stat_ksym() returns 0 and discovery stops with -ENOENT.
 * tests/unit/insn-vs-objdump.sh holds the decoder against objdump on
 * whole kernels; tests/guest/cr3.sh holds the sites found against objdump's
 * and against kprobe_events.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kallsyms.h>
#include <linux/kprobes.h>
#include <linux/mutex.h>
#include <linux/printk.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include "../insn.h"
#include "ksym.h"

#define ENDBR_LEN 4

/*
 * Every unregister_kprobe() waits for an RCU grace period, and a load asks
 * about a hundred addresses: seconds on a real machine, minutes under an
 * emulator.  Between cr3stat_ksym_batch_begin() and _end() (module load,
 * before anything is attached) the disabled kprobes stay registered,
 * never armed, and go in one unregister_kprobes(): one grace period for
 * up to CR3STAT_KP_HELD of them.
 */
#define CR3STAT_KP_HELD 128

static DEFINE_MUTEX(cr3stat_kp_lock);
static struct kprobe cr3stat_kp_pool[CR3STAT_KP_HELD];
static struct kprobe *cr3stat_kp_held[CR3STAT_KP_HELD];
static unsigned int cr3stat_kp_nr;
static bool cr3stat_kp_batching;

/* Unregister the held probes; call with cr3stat_kp_lock held. */
static void cr3stat_kp_release(void)
{
	if (cr3stat_kp_nr)
		unregister_kprobes(cr3stat_kp_held, cr3stat_kp_nr);
	cr3stat_kp_nr = 0;
}

/*
 * Register a disabled copy of @kp and take it away again, at once or at
 * the end of the batch; @kp gets the address kprobes resolved.
 */
static int cr3stat_kp_ask(struct kprobe *kp)
{
	struct kprobe *p;
	int err;

	kp->flags = KPROBE_FLAG_DISABLED;
	mutex_lock(&cr3stat_kp_lock);
	if (cr3stat_kp_nr == CR3STAT_KP_HELD)
		cr3stat_kp_release();
	p = &cr3stat_kp_pool[cr3stat_kp_nr];
	*p = *kp;
	err = register_kprobe(p);
	kp->addr = p->addr;
	if (!err) {
		cr3stat_kp_held[cr3stat_kp_nr++] = p;
		if (!cr3stat_kp_batching)
			cr3stat_kp_release();
	}
	mutex_unlock(&cr3stat_kp_lock);
	return err;
}

/**
 * cr3stat_ksym_batch_begin() - hold the lookups' probes until _end()
 *
 * A probe attached meanwhile where a held one sits shares it (kprobes
 * aggregates probes at one address); the held one only ever adds nothing.
 */
void cr3stat_ksym_batch_begin(void)
{
	mutex_lock(&cr3stat_kp_lock);
	cr3stat_kp_batching = true;
	mutex_unlock(&cr3stat_kp_lock);
}

/**
 * cr3stat_ksym_batch_end() - release the held probes, one grace period
 */
void cr3stat_ksym_batch_end(void)
{
	mutex_lock(&cr3stat_kp_lock);
	cr3stat_kp_batching = false;
	cr3stat_kp_release();
	mutex_unlock(&cr3stat_kp_lock);
}

/* ENDBR64 is f3 0f 1e fa. */
static bool cr3stat_is_endbr(unsigned long addr)
{
	static const u8 endbr[ENDBR_LEN] = { 0xf3, 0x0f, 0x1e, 0xfa };
	u8 buf[ENDBR_LEN];

	return !copy_from_kernel_nofault(buf, (void *)addr, sizeof(buf)) &&
	       !memcmp(buf, endbr, sizeof(buf));
}

/**
 * cr3stat_ksym() - the address of a kernel symbol
 * @name: the symbol
 *
 * kprobes moves an address past an ENDBR64 when a symbol starts there
 * (whatever kallsyms calls it), so the move is undone exactly then.
 *
 * Return: the address, or 0 when the kernel has no such symbol.
 */
unsigned long cr3stat_ksym(const char *name)
{
	struct kprobe kp = { .symbol_name = name };
	char sym[KSYM_SYMBOL_LEN];
	unsigned long addr;
	char *plus;

	cr3stat_kp_ask(&kp);
	addr = (unsigned long)kp.addr;
	if (!addr || !cr3stat_is_endbr(addr - ENDBR_LEN))
		return addr;
	sprint_symbol(sym, addr - ENDBR_LEN);
	plus = strrchr(sym, '+');
	if (plus && !strncmp(plus, "+0x0/", 5))
		return addr - ENDBR_LEN;
	return addr;
}

/**
 * cr3stat_probe_check() - would kprobes take this address?
 * @addr: the address (0 fails)
 *
 * A disabled kprobe is registered and removed again: it arms nothing and
 * touches no text, yet it passes every check register_kprobe() makes,
 * including that the address is an instruction boundary.
 *
 * Return: 0, or register_kprobe()'s error (-EILSEQ: inside an
 * instruction; -EINVAL: blacklisted or not text).
 */
int cr3stat_probe_check(unsigned long addr)
{
	struct kprobe kp = { .addr = (kprobe_opcode_t *)addr };

	if (!addr)
		return -ENOENT;
	return cr3stat_kp_ask(&kp);
}

/**
 * cr3stat_probe_check_symbol() - would kprobes take this function's entry?
 * @name: the function
 *
 * Like cr3stat_probe_check(), by name: no text is touched.
 *
 * Return: 0, or register_kprobe()'s error (-ENOENT: no such symbol).
 */
int cr3stat_probe_check_symbol(const char *name)
{
	struct kprobe kp = { .symbol_name = name };

	return cr3stat_kp_ask(&kp);
}

/**
 * cr3stat_ksym_selftest() - does cr3stat_ksym() give exact addresses?
 *
 * register_kprobe() is exported, so its address is also known from
 * linking; on kernels with IBT it starts with an ENDBR64.
 *
 * Return: 0, or -EOPNOTSUPP (logged) when the lookup differs.
 */
int cr3stat_ksym_selftest(void)
{
	unsigned long want = (unsigned long)register_kprobe;
	unsigned long got = cr3stat_ksym("register_kprobe");

	if (got == want)
		return 0;
	pr_warn("symbol lookup through kprobes is off by %ld bytes for register_kprobe: not trusted\n",
		(long)(got - want));
	return -EOPNOTSUPP;
}

/**
 * cr3stat_probe_check_selftest() - does kprobes refuse mid-instruction?
 *
 * Finds, with cr3stat's decoder, the first instruction of two bytes or
 * more in this very function after its first 8 bytes (clear of ENDBR and
 * the ftrace call), and asks cr3stat_probe_check() about its start and
 * its second byte.  Module text is probeable and no one else probes it.
 *
 * Return: 0 if the answers are 0 and -EILSEQ, -ENOEXEC if no such
 * instruction decodes, else -EOPNOTSUPP.
 */
int cr3stat_probe_check_selftest(void)
{
	unsigned long fn = (unsigned long)cr3stat_probe_check_selftest;
	u8 text[128];
	size_t pos = 0;
	int n;

	if (copy_from_kernel_nofault(text, (void *)fn, sizeof(text)))
		return -ENOEXEC;
	for (;;) {
		n = cr3stat_insn_len(text + pos, sizeof(text) - pos);
		if (n < 0)
			return -ENOEXEC;
		if (pos >= 8 && n >= 2)
			break;
		pos += n;
	}
	if (cr3stat_probe_check(fn + pos) == 0 &&
	    cr3stat_probe_check(fn + pos + 1) == -EILSEQ)
		return 0;
	return -EOPNOTSUPP;
}
