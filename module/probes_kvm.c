// SPDX-License-Identifier: GPL-2.0
/*
 * kvm group: on a KVM host, the guest control-register writes KVM handles,
 * per host CPU, and what its MMU does about CR0.WP toggles.
 *
 * Toggling only CR0.WP (grsecurity's KERNEXEC does it around every write
 * to read-only kernel data) used to make KVM unload and rebuild its MMU
 * roots each time.  Since "KVM: x86: Do not unload MMU roots when only
 * toggling CR0.WP" (seed 003; in Debian 6.1 and 6.12) a WP-only toggle
 * under TDP only re-runs kvm_init_mmu() to recompute permissions, and
 * keeps the roots.  kvm_post_set_cr0(vcpu, old, new) is where KVM decides:
 * a kretprobe there sees every applied CR0 write with both values; for a
 * WP-only one, whichever of kvm_init_mmu() (roots kept) and
 * kvm_mmu_reset_context() (roots dropped) it calls first classifies it,
 * and a return without either means no MMU work (paging off, 6.12+).
 * The toggles in flight are remembered per task (a vCPU runs on one task;
 * the task may migrate between the entry and the call, a per-CPU note
 * would not do) in a small table whose size bounds the kretprobe's
 * instances, so a toggle always finds a slot.
 *
 * All probe points live in kvm.ko, which comes and goes.  Attached, the
 * group watches module events: kprobes go on at kvm's MODULE_STATE_LIVE
 * and off at GOING (module notifier); the kvm:kvm_cr tracepoint is hooked
 * from the tracepoint module notifier, which also reports an already
 * loaded kvm.ko when the group attaches.  kvm.ko is never referenced by
 * symbol, so it stays removable.  While it is absent, or a probe point is
 * missing on this kernel, the counters read "unsupported" with the reason.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/hash.h>
#include <linux/kallsyms.h>
#include <linux/kprobes.h>
#include <linux/log2.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/notifier.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/tracepoint.h>
#include <asm/cpufeature.h>
#include <asm/processor-flags.h>
#include "calls.h"
#include "counters.h"
#include "cr3stat.h"
#include "compat/kvm.h"

#define KVM_MOD "kvm"

/* The probe points, in the order they are registered. */
enum cr3stat_kvm_point {
	KVM_P_INIT_MMU,
	KVM_P_RESET,
	KVM_P_CPUID,		/* only where it inlines kvm_mmu_reset_context */
	KVM_P_LOAD,
	KVM_P_FREE,
	KVM_P_CR3,
	KVM_P_CR4,
	KVM_P_POST_CR0,		/* the kretprobe: last on, first off */
	KVM_P_TP,		/* the kvm:kvm_cr tracepoint */
	NR_KVM_P
};

#define P(x) BIT(KVM_P_##x)
#define KVM_P_KPROBES (P(INIT_MMU) | P(RESET) | P(CPUID) | P(LOAD) | \
		       P(FREE) | P(CR3) | P(CR4) | P(POST_CR0))

/* Which probe points each counter needs. */
static const struct {
	enum cr3stat_item item;
	unsigned int needs;
} cr3stat_kvm_items[] = {
	{ CR3STAT_KVM_CR0_WRITES, P(POST_CR0) },
	{ CR3STAT_KVM_WP_TOGGLES, P(POST_CR0) },
	{ CR3STAT_KVM_WP_FAST, P(POST_CR0) | P(INIT_MMU) | P(RESET) },
	{ CR3STAT_KVM_WP_RESETS, P(POST_CR0) | P(RESET) },
	{ CR3STAT_KVM_WP_NOPAGING, P(POST_CR0) | P(INIT_MMU) | P(RESET) },
	{ CR3STAT_KVM_MMU_RESETS, P(RESET) | P(CPUID) },
	{ CR3STAT_KVM_ROOT_LOADS, P(LOAD) },
	{ CR3STAT_KVM_ROOT_FREES, P(FREE) },
	{ CR3STAT_KVM_CR3_WRITES, P(CR3) },
	{ CR3STAT_KVM_CR4_WRITES, P(CR4) },
	{ CR3STAT_KVM_CR_TRACED, P(TP) },
};

/*
 * One WP-only toggle in flight: the task handling it, its vCPU, and
 * whether the MMU call that classifies it has been seen.  Only the owning
 * task writes @vcpu and @state.
 */
struct cr3stat_kvm_wp {
	struct task_struct *task;
	void *vcpu;
	bool pending;
};

/* Slots (and kretprobe instances) at most, as ftrace's kretprobe events. */
#define KVM_WP_SLOTS_MAX 4096

static struct cr3stat_kvm_wp *cr3stat_kvm_wp;
static unsigned int cr3stat_kvm_wp_bits;
static atomic_t cr3stat_kvm_wp_inflight;

/*
 * Everything below changes under cr3stat_kvm_lock: the group's attach and
 * detach (which hold the core's state mutex outside it) and the two
 * notifiers (which hold the module or tracepoint notifier locks outside
 * it).  Neither notifier takes the core's mutex, so the order is fixed.
 */
static DEFINE_MUTEX(cr3stat_kvm_lock);
static bool cr3stat_kvm_on;		/* group attached */
static struct module *cr3stat_kvm_mod;	/* kvm.ko, from COMING to GOING */
static unsigned int cr3stat_kvm_live;	/* probe points registered */
static unsigned int cr3stat_kvm_ok;	/* ... or not needed on this kvm.ko */
static const char *cr3stat_kvm_why[NR_KVM_P];
static struct tracepoint *cr3stat_kvm_cr_tp;
static unsigned long cr3stat_kvm_tdp;	/* &tdp_enabled in kvm.ko, or 0 */
static unsigned long cr3stat_kvm_missed;

static const char cr3stat_kvm_absent[] = "kvm.ko is not loaded";
static const char cr3stat_kvm_off[] = "the kvm group is off";

/* Find the toggle @current is handling, if it is one on @vcpu. */
static struct cr3stat_kvm_wp *cr3stat_kvm_wp_find(void *vcpu)
{
	unsigned int n = 1U << cr3stat_kvm_wp_bits;
	unsigned int h = hash_ptr(current, cr3stat_kvm_wp_bits);
	unsigned int i;

	if (!atomic_read(&cr3stat_kvm_wp_inflight))
		return NULL;
	for (i = 0; i < n; i++) {
		struct cr3stat_kvm_wp *w = &cr3stat_kvm_wp[(h + i) & (n - 1)];

		if (READ_ONCE(w->task) == current)
			return w->vcpu == vcpu && w->pending ? w : NULL;
	}
	return NULL;
}

static int cr3stat_kvm_wp_claim(void *vcpu)
{
	unsigned int n = 1U << cr3stat_kvm_wp_bits;
	unsigned int h = hash_ptr(current, cr3stat_kvm_wp_bits);
	unsigned int i;

	for (i = 0; i < n; i++) {
		unsigned int s = (h + i) & (n - 1);
		struct cr3stat_kvm_wp *w = &cr3stat_kvm_wp[s];

		if (!READ_ONCE(w->task) && !cmpxchg(&w->task, NULL, current)) {
			w->vcpu = vcpu;
			w->pending = true;
			atomic_inc(&cr3stat_kvm_wp_inflight);
			return s;
		}
	}
	return -1;
}

static void cr3stat_kvm_wp_release(unsigned int s)
{
	struct cr3stat_kvm_wp *w = &cr3stat_kvm_wp[s];

	w->vcpu = NULL;
	w->pending = false;
	atomic_dec(&cr3stat_kvm_wp_inflight);
	/* The slot is clean before another task can claim it. */
	smp_store_release(&w->task, NULL);
}

/* kvm_post_set_cr0(vcpu, old_cr0, cr0), at entry. */
static int cr3stat_kvm_post_cr0_entry(struct kretprobe_instance *ri,
				      struct pt_regs *regs)
{
	int s;

	cr3stat_count(CR3STAT_KVM_CR0_WRITES);
	if ((regs->si ^ regs->dx) != X86_CR0_WP)
		return 1;	/* no return handler */
	cr3stat_count(CR3STAT_KVM_WP_TOGGLES);
	s = cr3stat_kvm_wp_claim((void *)regs->di);
	if (s < 0)
		return 1;	/* cannot happen: as many slots as instances */
	*(int *)ri->data = s;
	return 0;
}

/* Its return: neither MMU call seen means no MMU work at all. */
static int cr3stat_kvm_post_cr0_ret(struct kretprobe_instance *ri,
				    struct pt_regs *regs)
{
	int s = *(int *)ri->data;

	if (cr3stat_kvm_wp[s].pending)
		cr3stat_count(CR3STAT_KVM_WP_NOPAGING);
	cr3stat_kvm_wp_release(s);
	return 0;
}

/* kvm_init_mmu(vcpu) */
static int cr3stat_kvm_init_mmu_pre(struct kprobe *p, struct pt_regs *regs)
{
	struct cr3stat_kvm_wp *w = cr3stat_kvm_wp_find((void *)regs->di);

	if (w) {
		cr3stat_count(CR3STAT_KVM_WP_FAST);
		w->pending = false;
	}
	return 0;
}

/* kvm_mmu_reset_context(vcpu): it calls kvm_init_mmu() itself, later. */
static int cr3stat_kvm_reset_pre(struct kprobe *p, struct pt_regs *regs)
{
	struct cr3stat_kvm_wp *w = cr3stat_kvm_wp_find((void *)regs->di);

	cr3stat_count(CR3STAT_KVM_MMU_RESETS);
	if (w) {
		cr3stat_count(CR3STAT_KVM_WP_RESETS);
		w->pending = false;
	}
	return 0;
}

/* kvm_mmu_free_roots(kvm, mmu, roots_to_free) */
static int cr3stat_kvm_free_pre(struct kprobe *p, struct pt_regs *regs)
{
	if (cr3stat_kvm_drops_current_root((void *)regs->si, regs->dx))
		cr3stat_count(CR3STAT_KVM_ROOT_FREES);
	return 0;
}

static int cr3stat_kvm_count_pre(struct kprobe *p, struct pt_regs *regs);

/* kvm:kvm_cr(rw, cr, val); rw is 1 for a write. */
static void cr3stat_kvm_cr_probe(void *data, unsigned int rw, unsigned int cr,
				 unsigned long val)
{
	if (rw)
		cr3stat_count(CR3STAT_KVM_CR_TRACED);
}

/**
 * struct cr3stat_kvm_kp - one function-entry probe point in kvm.ko
 * @sym: the function, "kvm:name"
 * @caller: a function in the same file that must call @sym out of line
 *	    (else the probe would miss the calls inlined there), or NULL;
 *	    checked by decoding it (calls.c)
 * @pre: the handler
 * @missing: why its counters are unsupported when @sym cannot be probed
 * @inlined: ... when @caller does not call it
 * @item: with @pre cr3stat_kvm_count_pre, the counter each hit counts
 *
 * KVM_P_CPUID is the other way round: probed only where it does not call
 * kvm_mmu_reset_context, as a reset of its own.
 */
struct cr3stat_kvm_kp {
	const char *sym;
	const char *caller;
	kprobe_pre_handler_t pre;
	const char *missing;
	const char *inlined;
	enum cr3stat_item item;
};

static const struct cr3stat_kvm_kp cr3stat_kvm_kps[KVM_P_POST_CR0 + 1] = {
	[KVM_P_INIT_MMU] = {
		KVM_MOD ":kvm_init_mmu", NULL, cr3stat_kvm_init_mmu_pre,
		"kvm_init_mmu cannot be probed in kvm.ko",
	},
	[KVM_P_RESET] = {
		KVM_MOD ":kvm_mmu_reset_context", NULL, cr3stat_kvm_reset_pre,
		"kvm_mmu_reset_context cannot be probed in kvm.ko",
	},
	/*
	 * kvm_mmu_after_set_cpuid(vcpu) ends in kvm_mmu_reset_context(),
	 * which the compiler inlines there (Debian 6.1 and 6.12: same file,
	 * small): a call of it is one reset the probe on
	 * kvm_mmu_reset_context misses.
	 */
	[KVM_P_CPUID] = {
		KVM_MOD ":kvm_mmu_after_set_cpuid", NULL, cr3stat_kvm_count_pre,
		"kvm_mmu_after_set_cpuid inlines kvm_mmu_reset_context but cannot be probed",
		"cannot tell whether kvm_mmu_after_set_cpuid inlines kvm_mmu_reset_context",
		CR3STAT_KVM_MMU_RESETS,
	},
	[KVM_P_LOAD] = {
		KVM_MOD ":kvm_mmu_load", NULL, cr3stat_kvm_count_pre,
		"kvm_mmu_load cannot be probed in kvm.ko", NULL,
		CR3STAT_KVM_ROOT_LOADS,
	},
	[KVM_P_FREE] = {
		KVM_MOD ":kvm_mmu_free_roots", NULL, cr3stat_kvm_free_pre,
		"kvm_mmu_free_roots cannot be probed in kvm.ko",
	},
	[KVM_P_CR3] = {
		KVM_MOD ":kvm_set_cr3", NULL, cr3stat_kvm_count_pre,
		"kvm_set_cr3 cannot be probed in kvm.ko", NULL,
		CR3STAT_KVM_CR3_WRITES,
	},
	[KVM_P_CR4] = {
		KVM_MOD ":kvm_post_set_cr4", KVM_MOD ":kvm_set_cr4",
		cr3stat_kvm_count_pre,
		"kvm_post_set_cr4 cannot be probed in kvm.ko",
		"kvm_set_cr4 is not seen calling kvm_post_set_cr4 (inlined?)",
		CR3STAT_KVM_CR4_WRITES,
	},
	[KVM_P_POST_CR0] = {
		KVM_MOD ":kvm_post_set_cr0", KVM_MOD ":kvm_set_cr0", NULL,
		"kvm_post_set_cr0 cannot be probed in kvm.ko",
		"kvm_set_cr0 is not seen calling kvm_post_set_cr0 (inlined?)",
	},
};

static struct kprobe cr3stat_kvm_kp[KVM_P_POST_CR0];
static struct kretprobe cr3stat_kvm_rp;

/* A probe point that only counts its hits: its descriptor says what. */
static int cr3stat_kvm_count_pre(struct kprobe *p, struct pt_regs *regs)
{
	cr3stat_count(cr3stat_kvm_kps[p - cr3stat_kvm_kp].item);
	return 0;
}

/* Longest caller decoded; kvm_set_cr0 and kvm_set_cr4 are well below. */
#define KVM_CALLER_MAX 8192

/*
 * Does @caller call @callee (both in @mod) directly?  1 yes, 0 no, -ENOENT
 * when @callee is not there, another -errno when it cannot be told.  The
 * target may be the function or the padding in front of it (call depth
 * tracking thunks).
 */
static int cr3stat_kvm_calls(struct module *mod, const char *caller,
			     const char *callee)
{
	unsigned long from, size, to, to_size;
	u8 *buf;
	int ret;

	if (!cr3stat_module_sym(mod, callee, &to, &to_size))
		return -ENOENT;
	if (!cr3stat_module_sym(mod, caller, &from, &size) || !size)
		return -ESRCH;
	size = min_t(unsigned long, size, KVM_CALLER_MAX);
	buf = kmalloc(size, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	ret = copy_from_kernel_nofault(buf, (void *)from, size);
	if (!ret)
		ret = cr3stat_branches_to(buf, size, from, to - 16, to + 4);
	kfree(buf);
	return ret;
}

/* The name of point @i without its "kvm:". */
static const char *cr3stat_kvm_bare(const char *sym)
{
	return sym ? strchr(sym, ':') + 1 : NULL;
}

/* Publish which counters the live probe points feed. */
static void cr3stat_kvm_publish(const char *absent)
{
	unsigned int i, p;

	lockdep_assert_held(&cr3stat_kvm_lock);
	for (i = 0; i < ARRAY_SIZE(cr3stat_kvm_items); i++) {
		unsigned int needs = cr3stat_kvm_items[i].needs;
		enum cr3stat_item item = cr3stat_kvm_items[i].item;
		unsigned int gone = needs & ~cr3stat_kvm_ok;

		if (!gone) {
			cr3stat_counters_set_supported(item);
			continue;
		}
		p = __ffs(gone);
		cr3stat_counters_set_unsupported(item, cr3stat_kvm_why[p] ?:
						 absent);
	}
}

static void cr3stat_kvm_hook_probes(struct module *mod)
{
	unsigned long size;
	unsigned int i;
	int err;

	lockdep_assert_held(&cr3stat_kvm_lock);
	if (cr3stat_kvm_live & KVM_P_KPROBES)
		return;
	for (i = 0; i <= KVM_P_POST_CR0; i++) {
		const struct cr3stat_kvm_kp *d = &cr3stat_kvm_kps[i];

		cr3stat_kvm_why[i] = NULL;
		if (i == KVM_P_CPUID) {
			err = cr3stat_kvm_calls(mod, cr3stat_kvm_bare(d->sym),
						"kvm_mmu_reset_context");
			if (err == 1 || err == -ESRCH) {
				/* A real call, or no such caller. */
				cr3stat_kvm_ok |= BIT(i);
				continue;
			}
			if (err) {
				cr3stat_kvm_why[i] = d->inlined;
				continue;
			}
		}
		if (d->caller) {
			err = cr3stat_kvm_calls(mod, cr3stat_kvm_bare(d->caller),
						cr3stat_kvm_bare(d->sym));
			if (err != 1) {
				cr3stat_kvm_why[i] = err == -ENOENT ?
						     d->missing : d->inlined;
				continue;
			}
		}
		if (i == KVM_P_POST_CR0) {
			memset(cr3stat_kvm_wp, 0,
			       sizeof(*cr3stat_kvm_wp) << cr3stat_kvm_wp_bits);
			atomic_set(&cr3stat_kvm_wp_inflight, 0);
			cr3stat_kvm_rp = (struct kretprobe) {
				.kp.symbol_name = cr3stat_kvm_kps[i].sym,
				.entry_handler = cr3stat_kvm_post_cr0_entry,
				.handler = cr3stat_kvm_post_cr0_ret,
				.data_size = sizeof(int),
				.maxactive = 1 << cr3stat_kvm_wp_bits,
			};
			err = register_kretprobe(&cr3stat_kvm_rp);
		} else {
			cr3stat_kvm_kp[i] = (struct kprobe) {
				.symbol_name = cr3stat_kvm_kps[i].sym,
				.pre_handler = cr3stat_kvm_kps[i].pre,
			};
			err = register_kprobe(&cr3stat_kvm_kp[i]);
		}
		if (err) {
			pr_warn("cannot probe %s: %d\n", cr3stat_kvm_kps[i].sym,
				err);
			cr3stat_kvm_why[i] = cr3stat_kvm_kps[i].missing;
			continue;
		}
		cr3stat_kvm_live |= BIT(i);
		cr3stat_kvm_ok |= BIT(i);
	}
	if (!cr3stat_module_sym(mod, "tdp_enabled", &cr3stat_kvm_tdp, &size))
		cr3stat_kvm_tdp = 0;
	cr3stat_kvm_publish(cr3stat_kvm_absent);
}

static void cr3stat_kvm_unhook_probes(void)
{
	struct kprobe *kps[KVM_P_POST_CR0];
	unsigned int i, n = 0;

	lockdep_assert_held(&cr3stat_kvm_lock);
	for (i = 0; i <= KVM_P_POST_CR0; i++)
		cr3stat_kvm_why[i] = NULL;
	/* The classifier first, so no toggle is left half seen. */
	if (cr3stat_kvm_live & P(POST_CR0)) {
		unregister_kretprobe(&cr3stat_kvm_rp);
		cr3stat_kvm_missed += cr3stat_kvm_rp.nmissed;
	}
	for (i = 0; i < KVM_P_POST_CR0; i++)
		if (cr3stat_kvm_live & BIT(i))
			kps[n++] = &cr3stat_kvm_kp[i];
	if (n)
		unregister_kprobes(kps, n);
	cr3stat_kvm_live &= ~KVM_P_KPROBES;
	cr3stat_kvm_ok &= ~KVM_P_KPROBES;
	cr3stat_kvm_tdp = 0;
}

static void cr3stat_kvm_hook_tp(struct module *mod)
{
	unsigned int i;

	lockdep_assert_held(&cr3stat_kvm_lock);
	if (cr3stat_kvm_live & P(TP))
		return;
	cr3stat_kvm_why[KVM_P_TP] = "no kvm:kvm_cr tracepoint in kvm.ko";
	for (i = 0; i < mod->num_tracepoints; i++) {
		struct tracepoint *tp =
			tracepoint_ptr_deref(&mod->tracepoints_ptrs[i]);

		if (strcmp(tp->name, "kvm_cr"))
			continue;
		if (tracepoint_probe_register(tp, cr3stat_kvm_cr_probe, NULL))
			break;
		cr3stat_kvm_cr_tp = tp;
		cr3stat_kvm_why[KVM_P_TP] = NULL;
		cr3stat_kvm_live |= P(TP);
		cr3stat_kvm_ok |= P(TP);
		break;
	}
}

static void cr3stat_kvm_unhook_tp(void)
{
	lockdep_assert_held(&cr3stat_kvm_lock);
	cr3stat_kvm_why[KVM_P_TP] = NULL;
	if (!(cr3stat_kvm_live & P(TP)))
		return;
	tracepoint_probe_unregister(cr3stat_kvm_cr_tp, cr3stat_kvm_cr_probe,
				    NULL);
	cr3stat_kvm_cr_tp = NULL;
	cr3stat_kvm_live &= ~P(TP);
	cr3stat_kvm_ok &= ~P(TP);
}

/* kvm.ko's kprobes: on once it is live, off as it goes. */
static int cr3stat_kvm_module_cb(struct notifier_block *nb,
				 unsigned long state, void *data)
{
	struct module *mod = data;

	if (strcmp(mod->name, KVM_MOD))
		return NOTIFY_DONE;
	mutex_lock(&cr3stat_kvm_lock);
	if (state == MODULE_STATE_LIVE) {
		cr3stat_kvm_hook_probes(mod);
	} else if (state == MODULE_STATE_GOING) {
		cr3stat_kvm_unhook_probes();
		cr3stat_kvm_publish(cr3stat_kvm_absent);
	}
	mutex_unlock(&cr3stat_kvm_lock);
	return NOTIFY_DONE;
}

static struct notifier_block cr3stat_kvm_module_nb = {
	.notifier_call = cr3stat_kvm_module_cb,
};

/*
 * kvm.ko's tracepoint: hooked when its tracepoints come (or, at register,
 * for a kvm.ko already loaded), unhooked when they go, before the kernel
 * checks that no probe is left on them.
 */
static int cr3stat_kvm_tp_cb(struct notifier_block *nb, unsigned long state,
			     void *data)
{
	struct tp_module *tp_mod = data;

	if (strcmp(tp_mod->mod->name, KVM_MOD))
		return NOTIFY_OK;
	mutex_lock(&cr3stat_kvm_lock);
	if (state == MODULE_STATE_COMING) {
		cr3stat_kvm_mod = tp_mod->mod;
		cr3stat_kvm_hook_tp(tp_mod->mod);
	} else if (state == MODULE_STATE_GOING) {
		cr3stat_kvm_unhook_tp();
		cr3stat_kvm_mod = NULL;
	}
	cr3stat_kvm_publish(cr3stat_kvm_absent);
	mutex_unlock(&cr3stat_kvm_lock);
	return NOTIFY_OK;
}

static struct notifier_block cr3stat_kvm_tp_nb = {
	.notifier_call = cr3stat_kvm_tp_cb,
};

static int cr3stat_kvm_attach(unsigned int group)
{
	int err;

	/* Module events first: a kvm.ko going live from here on is seen. */
	err = register_module_notifier(&cr3stat_kvm_module_nb);
	if (err)
		return err;
	err = register_tracepoint_module_notifier(&cr3stat_kvm_tp_nb);
	if (err) {
		unregister_module_notifier(&cr3stat_kvm_module_nb);
		return err;
	}
	mutex_lock(&cr3stat_kvm_lock);
	cr3stat_kvm_on = true;
	/* Loaded before us: the tracepoint notifier has just said so. */
	if (cr3stat_kvm_mod && cr3stat_kvm_mod->state == MODULE_STATE_LIVE)
		cr3stat_kvm_hook_probes(cr3stat_kvm_mod);
	cr3stat_kvm_publish(cr3stat_kvm_absent);
	mutex_unlock(&cr3stat_kvm_lock);
	return 0;
}

static void cr3stat_kvm_detach(unsigned int group)
{
	unsigned long counting = 0;
	unsigned int i;

	mutex_lock(&cr3stat_kvm_lock);
	for (i = 0; i < ARRAY_SIZE(cr3stat_kvm_items); i++)
		if (!cr3stat_counters_unsupported_why(cr3stat_kvm_items[i].item))
			counting |= BIT(i);
	mutex_unlock(&cr3stat_kvm_lock);

	/* On return no notifier callback runs or will run. */
	unregister_tracepoint_module_notifier(&cr3stat_kvm_tp_nb);
	unregister_module_notifier(&cr3stat_kvm_module_nb);
	mutex_lock(&cr3stat_kvm_lock);
	cr3stat_kvm_unhook_tp();
	cr3stat_kvm_unhook_probes();
	cr3stat_kvm_mod = NULL;
	cr3stat_kvm_on = false;
	/*
	 * What was counting stays readable, frozen, as a detached group's
	 * counters do; the rest is unsupported for a new reason.
	 */
	for (i = 0; i < ARRAY_SIZE(cr3stat_kvm_items); i++) {
		if (counting & BIT(i))
			cr3stat_counters_set_supported(cr3stat_kvm_items[i].item);
		else
			cr3stat_counters_set_unsupported(cr3stat_kvm_items[i].item,
							 cr3stat_kvm_off);
	}
	mutex_unlock(&cr3stat_kvm_lock);
	/* No tracepoint probe of ours may still run on another CPU. */
	tracepoint_synchronize_unregister();
}

/* Which MOV-to-CR exits reach the kvm:kvm_cr tracepoint on this CPU. */
static const char *cr3stat_kvm_cr_traced(void)
{
	if (cpu_feature_enabled(X86_FEATURE_VMX))
		return "every MOV-to-CR exit (VMX)";
	if (!cpu_feature_enabled(X86_FEATURE_SVM))
		return "none (neither VMX nor SVM)";
	if (cpu_feature_enabled(X86_FEATURE_DECODEASSISTS))
		return "MOV-to-CR exits decoded by the CPU (SVM with DecodeAssists)";
	return "none (SVM without DecodeAssists: KVM emulates CR exits, untraced)";
}

/**
 * cr3stat_kvm_info() - the kvm lines of the info file
 * @m: its seq_file
 *
 * kvm: live, not loaded, or off; what the kvm:kvm_cr tracepoint can see
 * here; with kvm.ko live, whether it uses TDP (EPT or NPT: WP toggles can
 * keep their roots), whether kvm_mmu_after_set_cpuid is probed for the
 * reset inlined into it (every kvm counter unsupported, and why, is in
 * the info file's generic unsupported lines); and the toggles the kretprobe missed (too many at once: then the
 * classified ones add up to less than the toggles).
 */
void cr3stat_kvm_info(struct seq_file *m)
{
	mutex_lock(&cr3stat_kvm_lock);
	if (!cr3stat_kvm_on)
		seq_puts(m, "kvm: off\n");
	else if (!(cr3stat_kvm_live & KVM_P_KPROBES))
		seq_puts(m, "kvm: not loaded\n");
	else
		seq_puts(m, "kvm: live\n");
	seq_printf(m, "kvm_cr_traced: %s\n", cr3stat_kvm_cr_traced());
	if (cr3stat_kvm_tdp)
		seq_printf(m, "kvm_tdp: %s\n",
			   READ_ONCE(*(bool *)cr3stat_kvm_tdp) ? "yes" : "no");
	if (cr3stat_kvm_live & P(CPUID))
		seq_puts(m, "kvm_reset_inlined: kvm_mmu_after_set_cpuid\n");
	seq_printf(m, "kvm_missed: %lu\n", cr3stat_kvm_missed +
		   ((cr3stat_kvm_live & P(POST_CR0)) ?
		    cr3stat_kvm_rp.nmissed : 0));
	mutex_unlock(&cr3stat_kvm_lock);
}

/**
 * cr3stat_kvm_init() - the toggle table; counters unsupported until attach
 * @group: the group
 *
 * The table has a slot for every kretprobe instance: 4 per possible CPU
 * (vCPU tasks preempted inside kvm_post_set_cr0 each hold one), at least
 * 64 and at most KVM_WP_SLOTS_MAX.
 *
 * Return: 0 or -ENOMEM.
 */
static int cr3stat_kvm_init(unsigned int group)
{
	unsigned int n = clamp_t(unsigned int,
				 roundup_pow_of_two(4 * num_possible_cpus()),
				 64, KVM_WP_SLOTS_MAX);
	unsigned int i;

	cr3stat_kvm_wp_bits = ilog2(n);
	cr3stat_kvm_wp = kcalloc(n, sizeof(*cr3stat_kvm_wp), GFP_KERNEL);
	if (!cr3stat_kvm_wp)
		return -ENOMEM;
	for (i = 0; i < ARRAY_SIZE(cr3stat_kvm_items); i++)
		cr3stat_counters_set_unsupported(cr3stat_kvm_items[i].item,
						 cr3stat_kvm_off);
	return 0;
}

/* After the group is detached. */
static void cr3stat_kvm_exit(unsigned int group)
{
	kfree(cr3stat_kvm_wp);
	cr3stat_kvm_wp = NULL;
}

const struct cr3stat_group_ops cr3stat_kvm_ops = {
	.init = cr3stat_kvm_init,
	.attach = cr3stat_kvm_attach,
	.detach = cr3stat_kvm_detach,
	.exit = cr3stat_kvm_exit,
};
