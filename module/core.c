// SPDX-License-Identifier: GPL-2.0
/*
 * cr3stat: count CR3 and MSR writes on x86-64, per CPU and per path.
 *
 * The core owns the module's one piece of state: whether counting is
 * enabled and which probe groups are selected.  Every change goes through
 * cr3stat_apply() under cr3stat_state_lock, so toggles from debugfs,
 * module load and unload never race, and a group is attached exactly when
 * counting is enabled and the group is selected.
 *
 * Groups degrade instead of refusing: at load each group finds its probe
 * points, and a probe point this kernel lacks makes the counters it feeds
 * read "unsupported" with a reason (info, dmesg) while the rest count.  A
 * group left with nothing to probe cannot be selected.  The load fails
 * only when no group can count anything.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bitops.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include "compat/ksym.h"
#include "counters.h"
#include "cr3stat.h"
#include "groups_parse.h"
#include "sites.h"

static const struct cr3stat_group_ops *const cr3stat_ops[] = {
	[CR3STAT_GROUP_CTXSW] = &cr3stat_ctxsw_ops,
	[CR3STAT_GROUP_CTXSW_WHY] = &cr3stat_ctxsw_why_ops,
	[CR3STAT_GROUP_VERIFY] = &cr3stat_sites_ops,
	[CR3STAT_GROUP_FLUSH] = &cr3stat_sites_ops,
	[CR3STAT_GROUP_OTHER] = &cr3stat_sites_ops,
	[CR3STAT_GROUP_MSR] = &cr3stat_msr_ops,
	[CR3STAT_GROUP_PARANOID] = &cr3stat_paranoid_ops,
	[CR3STAT_GROUP_PTI] = &cr3stat_pti_ops,
	[CR3STAT_GROUP_KVM] = &cr3stat_kvm_ops,
};
static_assert(ARRAY_SIZE(cr3stat_ops) == NR_CR3STAT_GROUPS);

static DEFINE_MUTEX(cr3stat_state_lock);
static bool cr3stat_on;			/* master switch */
static unsigned long cr3stat_selected;	/* groups the user asked for */
static unsigned long cr3stat_attached;	/* groups whose probes are live */
static unsigned long cr3stat_avail;	/* groups this kernel can attach */
static const char *cr3stat_group_why[NR_CR3STAT_GROUPS];

/*
 * The module parameters show the live state, as KFENCE's do: they are set
 * once at load, and reading them under /sys/module/cr3stat/parameters
 * afterwards tells what debugfs writes have made of it since.
 */
static bool cr3stat_enable_at_load = true;
static char *cr3stat_groups_at_load;

static int cr3stat_param_enable_set(const char *val,
				    const struct kernel_param *kp)
{
	return kstrtobool(val, &cr3stat_enable_at_load);
}

static int cr3stat_param_enable_get(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%d\n", READ_ONCE(cr3stat_on));
}

static const struct kernel_param_ops cr3stat_enable_ops = {
	.set = cr3stat_param_enable_set,
	.get = cr3stat_param_enable_get,
};
module_param_cb(enable, &cr3stat_enable_ops, NULL, 0444);
MODULE_PARM_DESC(enable, "Start counting at load (default: 1); reads the live switch");

static int cr3stat_param_groups_get(char *buf, const struct kernel_param *kp)
{
	unsigned long sel = READ_ONCE(cr3stat_selected);
	unsigned int g;
	int n = 0;

	for_each_set_bit(g, &sel, NR_CR3STAT_GROUPS)
		n += sysfs_emit_at(buf, n, "%s%s", n ? "," : "",
				   cr3stat_groups[g].name);
	return n + sysfs_emit_at(buf, n, "%s\n", n ? "" : "none");
}

static const struct kernel_param_ops cr3stat_groups_ops = {
	.set = param_set_charp,
	.get = cr3stat_param_groups_get,
	.free = param_free_charp,
};
module_param_cb(groups, &cr3stat_groups_ops, &cr3stat_groups_at_load, 0444);
MODULE_PARM_DESC(groups,
		 "Groups selected at load: names (\"ctxsw,flush\") or edits of the default (\"-flush,+pti\"); reads the live selection");

/*
 * Bring the attached set to what @on and @selected ask for.  New groups
 * are attached before old ones are detached, so a failure only has to undo
 * this call's attachments: a request is applied whole or not at all.
 */
static int cr3stat_apply(bool on, unsigned long selected)
{
	unsigned long target = on ? selected : 0;
	unsigned long added = 0;
	unsigned long gone;
	unsigned int g;
	int err;

	lockdep_assert_held(&cr3stat_state_lock);

	for_each_set_bit(g, &target, NR_CR3STAT_GROUPS) {
		if (cr3stat_attached & BIT(g))
			continue;
		err = cr3stat_ops[g]->attach(g);
		if (err) {
			pr_warn("cannot attach group %s: %d\n",
				cr3stat_groups[g].name, err);
			for_each_set_bit(g, &added, NR_CR3STAT_GROUPS)
				cr3stat_ops[g]->detach(g);
			return err;
		}
		added |= BIT(g);
	}

	gone = cr3stat_attached & ~target;
	for_each_set_bit(g, &gone, NR_CR3STAT_GROUPS)
		cr3stat_ops[g]->detach(g);

	cr3stat_attached = target;
	WRITE_ONCE(cr3stat_on, on);
	WRITE_ONCE(cr3stat_selected, selected);
	return 0;
}

bool cr3stat_enabled(void)
{
	return READ_ONCE(cr3stat_on);
}

int cr3stat_set_enabled(bool on)
{
	int err;

	mutex_lock(&cr3stat_state_lock);
	err = cr3stat_apply(on, cr3stat_selected);
	mutex_unlock(&cr3stat_state_lock);
	return err;
}

/**
 * cr3stat_set_groups() - select groups from a request string
 * @req: NUL-terminated request in the syntax of cr3stat_parse_groups()
 *
 * Return: 0; -EINVAL if @req does not parse, -EOPNOTSUPP if it asks for a
 * group this kernel cannot attach (nothing changes); or the error of a
 * group that failed to attach (the old selection stays).
 */
int cr3stat_set_groups(const char *req)
{
	unsigned long sel;
	int err;

	mutex_lock(&cr3stat_state_lock);
	err = cr3stat_parse_groups(req, cr3stat_selected, cr3stat_avail, &sel);
	if (!err)
		err = cr3stat_apply(cr3stat_on, sel);
	mutex_unlock(&cr3stat_state_lock);
	return err;
}

int cr3stat_groups_show(struct seq_file *m)
{
	unsigned int g;

	seq_printf(m, "%-10s %-8s %-11s %s\n", "group", "selected",
		   "attached", "probes");
	mutex_lock(&cr3stat_state_lock);
	for (g = 0; g < NR_CR3STAT_GROUPS; g++) {
		const char *why = cr3stat_group_why[g];

		seq_printf(m, "%-10s %-8s %-11s %s%s\n", cr3stat_groups[g].name,
			   cr3stat_selected & BIT(g) ? "on" : "off",
			   why ? "unsupported" :
			   cr3stat_attached & BIT(g) ? "yes" : "no",
			   why ? "unsupported: " : "",
			   why ?: cr3stat_groups[g].help);
	}
	mutex_unlock(&cr3stat_state_lock);
	return 0;
}

/**
 * cr3stat_group_unsupported() - a group has nothing to probe on this kernel
 * @group: the group
 * @why: the reason, a string that lives as long as the module
 *
 * Every counter of the group reads "unsupported" (with @why unless a
 * probe already gave a more precise reason), and the group cannot be
 * selected.  Called from a group's init.
 */
void cr3stat_group_unsupported(unsigned int group, const char *why)
{
	unsigned int i;

	cr3stat_group_why[group] = why;
	for (i = 0; i < NR_CR3STAT_ITEMS; i++)
		if (cr3stat_items[i].group == group &&
		    cr3stat_counters_supported(i))
			cr3stat_counters_set_unsupported(i, why);
}

/* Each group finds its probe points; the ones that can count are avail. */
static int cr3stat_groups_init(void)
{
	unsigned int g;
	int err;

	for (g = 0; g < NR_CR3STAT_GROUPS; g++) {
		/* An earlier group's init may have ruled this one out. */
		err = cr3stat_group_why[g] || !cr3stat_ops[g]->init ? 0 :
		      cr3stat_ops[g]->init(g);
		/* A module parameter that does not parse, or no memory. */
		if (err == -EINVAL || err == -ENOMEM)
			return err;
		if (!err && !cr3stat_group_why[g])
			cr3stat_avail |= BIT(g);
		else if (!cr3stat_group_why[g])
			cr3stat_group_unsupported(g, "its probe points are missing in this kernel");
		if (cr3stat_group_why[g])
			pr_info("group %s: unsupported: %s\n",
				cr3stat_groups[g].name, cr3stat_group_why[g]);
	}
	cr3stat_counters_log_unsupported();
	return cr3stat_avail ? 0 : -ENODEV;
}

static unsigned long cr3stat_default_groups(void)
{
	unsigned long sel = 0;
	unsigned int g;

	for (g = 0; g < NR_CR3STAT_GROUPS; g++)
		if (cr3stat_groups[g].default_on)
			sel |= BIT(g);
	return sel & cr3stat_avail;
}

static void cr3stat_groups_exit(void)
{
	unsigned int g;

	for (g = 0; g < NR_CR3STAT_GROUPS; g++)
		if (cr3stat_ops[g]->exit)
			cr3stat_ops[g]->exit(g);
}

static int __init cr3stat_init(void)
{
	unsigned long sel;
	int err;

	err = cr3stat_counters_init();
	if (err)
		return err;
	/* Load asks kprobes about many addresses: one grace period for all. */
	cr3stat_ksym_batch_begin();
	err = cr3stat_sites_discover();
	if (err) {
		cr3stat_ksym_batch_end();
		pr_err("cannot scan kernel text for CR3 writes: %d\n", err);
		goto out_counters;
	}
	err = cr3stat_groups_init();
	cr3stat_ksym_batch_end();
	if (err) {
		if (err == -ENODEV)
			pr_err("nothing can be counted on this kernel: every group is unsupported\n");
		goto out_groups;
	}

	sel = cr3stat_default_groups();
	if (cr3stat_groups_at_load) {
		err = cr3stat_parse_groups(cr3stat_groups_at_load, sel,
					   cr3stat_avail, &sel);
		if (err) {
			pr_err("groups=%s: %s\n", cr3stat_groups_at_load,
			       err == -EOPNOTSUPP ?
			       "names a group this kernel cannot attach (see the groups file)" :
			       "does not parse");
			goto out_groups;
		}
	}

	/*
	 * Attach before the debugfs files exist, so that no request can race
	 * the load; if the files cannot be made, nothing is left attached.
	 */
	mutex_lock(&cr3stat_state_lock);
	err = cr3stat_apply(cr3stat_enable_at_load, sel);
	mutex_unlock(&cr3stat_state_lock);
	if (err)
		goto out_groups;
	err = cr3stat_debugfs_init();
	if (err)
		goto out_detach;
	return 0;

out_detach:
	mutex_lock(&cr3stat_state_lock);
	cr3stat_apply(false, cr3stat_selected);
	mutex_unlock(&cr3stat_state_lock);
out_groups:
	cr3stat_groups_exit();
out_counters:
	cr3stat_counters_exit();
	return err;
}

static void __exit cr3stat_exit(void)
{
	/* Files first: once they are gone no request can attach a probe. */
	cr3stat_debugfs_exit();
	mutex_lock(&cr3stat_state_lock);
	cr3stat_apply(false, cr3stat_selected);
	mutex_unlock(&cr3stat_state_lock);
	cr3stat_groups_exit();
	cr3stat_counters_exit();
}

module_init(cr3stat_init);
module_exit(cr3stat_exit);

MODULE_DESCRIPTION("Count CR3 and MSR writes per CPU and per path");
MODULE_AUTHOR("The cr3stat developers");
MODULE_LICENSE("GPL");
MODULE_VERSION(CR3STAT_VERSION);
