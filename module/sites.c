// SPDX-License-Identifier: GPL-2.0
/*
 * Discovery of every MOV-to-CR3 instruction in the running kernel's text.
 *
 * At load, the core kernel text is scanned for the bytes of MOV to CR3
 * (scan.c says which addresses are candidates, and why a REX-looking byte
 * before the pattern gives two).  A candidate becomes a site once it is
 * shown to be an instruction.  The proof is the kernel's own where kprobes
 * may go: register_kprobe() decodes the function up to the address and
 * answers -EILSEQ when it is not an instruction boundary (compat/ksym.c).
 * Where kprobes may not go at all (entry and noinstr text are
 * blacklisted), or when kprobes failed its self-test, the function is
 * decoded from its start with cr3stat's length decoder (insn.c) instead.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpufeature.h>
#include <linux/err.h>
#include <linux/kallsyms.h>
#include <linux/kernel.h>
#include <linux/kprobes.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include "counters.h"
#include "cr3stat.h"
#include "insn.h"
#include "scan.h"
#include "sites.h"

struct cr3stat_site cr3stat_sites[CR3STAT_MAX_SITES];
unsigned int cr3stat_nr_sites;

/* The ranges that decide a site's text; filled by discovery. */
static unsigned long entry_start, entry_end, noinstr_start, noinstr_end;

/* MOV to CR3 with a REX prefix is 4 bytes. */
#define MOV_CR3_MAX	4
#define MAX_FUNC	(64 * 1024)

/* kprobes' -EILSEQ answer passed cr3stat_probe_check_selftest(). */
static bool kprobes_decodes;

/*
 * Which group counts the writes of a function; 6.1 has load_new_mm_cr3()
 * out of line, 6.12 inlines it into switch_mm_irqs_off().
 *
 * Only functions known to run in ordinary kernel context are probed.  The
 * rest of the kernel's CR3 writers run where a breakpoint cannot be taken
 * or must not be: before an IDT exists (startup_64, secondary CPU bring-up,
 * S3 wakeup), from a copy of the code made when a kprobe may be armed in
 * the original (kexec's relocate_kernel, hibernation's core_restore_code,
 * SME's __enc_copy), or on identity-mapped or trampoline page tables.  An
 * unlisted site is therefore left alone ("unsafe") rather than guessed
 * safe; text_poke and EFI switch mm through switch_mm_irqs_off() and are
 * counted there.
 */
static const struct {
	const char *func;
	unsigned int group;
} cr3stat_site_groups[] = {
	{ "switch_mm_irqs_off", CR3STAT_GROUP_CTXSW },
	{ "load_new_mm_cr3", CR3STAT_GROUP_CTXSW },
	{ "native_flush_tlb_local", CR3STAT_GROUP_FLUSH },
	{ "native_write_cr3", CR3STAT_GROUP_OTHER },
};

/*
 * The entry-text functions that hold the CR3 restore of paranoid returns
 * (RESTORE_CR3 in 6.1, PARANOID_RESTORE_CR3 in 6.12): paranoid_exit for
 * #DB/#MC, end_repeat_nmi for NMIs.  They cannot be probed; the paranoid
 * group accounts for them.
 */
static const char * const cr3stat_paranoid_funcs[] = {
	"paranoid_exit", "end_repeat_nmi",
};

static const char * const cr3stat_text_names[] = {
	[CR3STAT_TEXT_NORMAL] = "normal",
	[CR3STAT_TEXT_ENTRY] = "entry",
	[CR3STAT_TEXT_NOINSTR] = "noinstr",
};

static const char * const cr3stat_reg_names[16] = {
	"rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
	"r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15",
};

static enum cr3stat_text cr3stat_text_of(unsigned long addr)
{
	if (addr >= entry_start && addr < entry_end)
		return CR3STAT_TEXT_ENTRY;
	if (addr >= noinstr_start && addr < noinstr_end)
		return CR3STAT_TEXT_NOINSTR;
	return CR3STAT_TEXT_NORMAL;
}

/**
 * cr3stat_in_entry_text() - is an address in entry text?
 * @ip: the address
 *
 * Entry text is where the kernel runs on a user CR3 under PTI.
 */
bool cr3stat_in_entry_text(unsigned long ip)
{
	return ip >= entry_start && ip < entry_end;
}

static bool cr3stat_func_is(const char *where, size_t len, const char *func)
{
	return strlen(func) == len && !strncmp(where, func, len);
}

static unsigned int cr3stat_group_of(const char *where, enum cr3stat_text t)
{
	size_t len = strcspn(where, "+");
	unsigned int i;

	if (t != CR3STAT_TEXT_NORMAL) {
		for (i = 0; i < ARRAY_SIZE(cr3stat_paranoid_funcs); i++) {
			if (cr3stat_func_is(where, len, cr3stat_paranoid_funcs[i]))
				return CR3STAT_GROUP_PARANOID;
		}
		return CR3STAT_NO_GROUP;
	}
	for (i = 0; i < ARRAY_SIZE(cr3stat_site_groups); i++) {
		if (cr3stat_func_is(where, len, cr3stat_site_groups[i].func))
			return cr3stat_site_groups[i].group;
	}
	return CR3STAT_NO_GROUP;
}

/*
 * Name addr as "function+0xoffset" in where, and return the offset.
 * kallsyms_lookup_size_offset() is not exported; sprint_symbol() prints
 * "function+0xoffset/0xsize".
 */
static int cr3stat_symbolize(unsigned long addr, char *where, size_t len,
			     unsigned long *off)
{
	static char sym[KSYM_SYMBOL_LEN];	/* discovery is single-threaded */
	char *plus, *slash;

	sprint_symbol(sym, addr);
	plus = strrchr(sym, '+');
	slash = plus ? strchr(plus, '/') : NULL;
	if (!slash)
		return -ENOENT;
	*slash = '\0';
	if (kstrtoul(plus + 1, 16, off))
		return -EINVAL;
	strscpy(where, sym, len);
	return 0;
}

/**
 * cr3stat_site_bytes() - copy a function's text up to a site
 * @addr: an address inside a kernel function
 * @off: its offset from the function's start
 * @max_off: the largest @off worth copying
 * @len: set to the copy's length: through the instruction at @off
 *
 * Return: the bytes (kfree() them), or an ERR_PTR().
 */
u8 *cr3stat_site_bytes(unsigned long addr, unsigned long off,
		       unsigned long max_off, size_t *len)
{
	u8 *buf;

	if (off > max_off)
		return ERR_PTR(-E2BIG);
	*len = off + CR3STAT_INSN_MAX;
	buf = kmalloc(*len, GFP_KERNEL);
	if (!buf)
		return ERR_PTR(-ENOMEM);
	if (copy_from_kernel_nofault(buf, (void *)(addr - off), *len)) {
		kfree(buf);
		return ERR_PTR(-EFAULT);
	}
	return buf;
}

/**
 * cr3stat_site_decode() - run a decoder over a function up to a site
 * @addr: an address inside a kernel function
 * @off: its offset from the function's start
 * @max_off: the largest @off worth decoding
 * @fn: the decoder, given the function's bytes from its start through
 *	the instruction at @off (cr3stat_insn_boundary(),
 *	cr3stat_restore_guarded(), ...)
 *
 * Return: what @fn returns, or -errno if the bytes cannot be had.
 */
int cr3stat_site_decode(unsigned long addr, unsigned long off,
			unsigned long max_off,
			int (*fn)(const unsigned char *, size_t, size_t))
{
	size_t len;
	u8 *buf = cr3stat_site_bytes(addr, off, max_off, &len);
	int ret;

	if (IS_ERR(buf))
		return PTR_ERR(buf);
	ret = fn(buf, len, off);
	kfree(buf);
	return ret;
}

/*
 * The scanner's question: is a MOV to CR3 at addr, an instruction?  If so,
 * record it (1); if not, 0, and the scanner tries the other reading.
 */
static int cr3stat_site_check(void *arg, unsigned long addr)
{
	struct cr3stat_site *site;
	u8 insn[MOV_CR3_MAX];
	unsigned long off;
	int reg, err;

	if (copy_from_kernel_nofault(insn, (void *)addr, sizeof(insn)))
		return 0;
	reg = cr3stat_insn_mov_cr3(insn, sizeof(insn));
	if (reg < 0)
		return 0;

	err = cr3stat_probe_check(addr);
	if (err == -EILSEQ)
		return 0;	/* kprobes decoded it: inside an instruction */
	if (cr3stat_nr_sites == CR3STAT_MAX_SITES) {
		pr_warn("more than %d CR3 write sites, ignoring %lx\n",
			CR3STAT_MAX_SITES, addr);
		return 1;
	}
	site = &cr3stat_sites[cr3stat_nr_sites];
	if (cr3stat_symbolize(addr, site->where, sizeof(site->where), &off))
		return 0;
	/* Blacklisted text, or kprobes not trusted: decode it ourselves. */
	if ((err || !kprobes_decodes) &&
	    cr3stat_site_decode(addr, off, MAX_FUNC,
				cr3stat_insn_boundary) != 1)
		return 0;

	site->addr = addr;
	site->off = off;
	site->reg = reg;
	site->text = cr3stat_text_of(addr);
	site->group = cr3stat_group_of(site->where, site->text);
	site->refused = err;
	if (!err && site->group == CR3STAT_NO_GROUP)
		site->refused = CR3STAT_UNSAFE;
	cr3stat_nr_sites++;
	return 1;
}

/* The scanner reads text through the fault-tolerant copy, chunk by chunk. */
static int cr3stat_scan_read(void *arg, unsigned long addr, unsigned char *buf,
			     size_t len)
{
	cond_resched();
	return copy_from_kernel_nofault(buf, (void *)addr, len);
}

/**
 * cr3stat_sites_regroup() - hand a group's sites to another group
 * @from: the group that has them
 * @to: the group that counts them from now on
 *
 * Only at load, before any site is attached.
 */
void cr3stat_sites_regroup(unsigned int from, unsigned int to)
{
	unsigned int i;

	for (i = 0; i < cr3stat_nr_sites; i++)
		if (cr3stat_sites[i].group == from)
			cr3stat_sites[i].group = to;
}

/* How many sites of a group kprobes will take. */
unsigned int cr3stat_sites_probeable(unsigned int group)
{
	unsigned int i, n = 0;

	for (i = 0; i < cr3stat_nr_sites; i++)
		n += cr3stat_sites[i].group == group && !cr3stat_sites[i].refused;
	return n;
}

/**
 * cr3stat_sites_discover() - find every MOV-to-CR3 site of the kernel
 *
 * Scans the core kernel text, _text to _etext (module text is not
 * scanned).  Runs once at load, before any probe exists.
 *
 * Return: 0; -EOPNOTSUPP when symbol lookups through kprobes proved
 * wrong, -ENOENT when the text bounds cannot be found.
 */
int cr3stat_sites_discover(void)
{
	static const struct cr3stat_scan_ops ops = {
		.read = cr3stat_scan_read,
		.site = cr3stat_site_check,
	};
	unsigned long start, end;
	u8 *buf;
	int err;

	cr3stat_cr3_masks(cpu_feature_enabled(X86_FEATURE_PCID),
			  cpu_feature_enabled(X86_FEATURE_PTI), &cr3stat_masks);
	err = cr3stat_ksym_selftest();
	if (err)
		return err;
	kprobes_decodes = !cr3stat_probe_check_selftest();
	if (!kprobes_decodes)
		pr_warn("kprobes did not refuse an address inside an instruction: proving every site with cr3stat's decoder\n");

	start = cr3stat_ksym("_text");
	end = cr3stat_ksym("_etext");
	entry_start = cr3stat_ksym("__entry_text_start");
	entry_end = cr3stat_ksym("__entry_text_end");
	noinstr_start = cr3stat_ksym("__noinstr_text_start");
	noinstr_end = cr3stat_ksym("__noinstr_text_end");
	if (!start || end <= start || !entry_start || !noinstr_start)
		return -ENOENT;

	buf = kmalloc(CR3STAT_SCAN_BUF, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	cr3stat_scan_text(start, end, buf, &ops);
	kfree(buf);
	pr_info("%u CR3 write sites in kernel text\n", cr3stat_nr_sites);
	return 0;
}

/**
 * cr3stat_sites_show() - print the sites file
 * @m: its seq_file
 *
 * One line per site: address, text, group, source register, state and
 * site, then hits since load or reset, total and per CPU.  State is
 * "attached", "detached" (its group is off), "refused:ERRNO" (kprobes
 * will not take it: entry and noinstr text are on the kprobe blacklist)
 * or "unsafe" (kprobes would, but it runs where a breakpoint must not
 * fire; see cr3stat_site_groups).
 */
int cr3stat_sites_show(struct seq_file *m)
{
	u64 *val = cr3stat_counters_scratch();
	unsigned int i;

	if (!val)
		return -ENOMEM;
	seq_printf(m, "%-16s %-8s %-6s %-4s %-12s %-40s", "address", "text",
		   "group", "reg", "state", "site");
	cr3stat_counters_header(m);

	cr3stat_counters_lock();
	for (i = 0; i < cr3stat_nr_sites; i++) {
		const struct cr3stat_site *s = &cr3stat_sites[i];
		char state[16];

		if (s->refused == CR3STAT_UNSAFE)
			strscpy(state, "unsafe", sizeof(state));
		else if (s->refused)
			snprintf(state, sizeof(state), "refused:%d", s->refused);
		else
			strscpy(state, READ_ONCE(s->attached) ? "attached" :
				"detached", sizeof(state));
		seq_printf(m, "%016lx %-8s %-6s %-4s %-12s %-40s", s->addr,
			   cr3stat_text_names[s->text],
			   s->group == CR3STAT_NO_GROUP ? "-" :
			   cr3stat_groups[s->group].name,
			   cr3stat_reg_names[s->reg], state, s->where);
		cr3stat_counters_row(m, CR3STAT_SITE_SLOT(i), val);
	}
	cr3stat_counters_unlock();
	kfree(val);
	return 0;
}
