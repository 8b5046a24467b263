// SPDX-License-Identifier: GPL-2.0
/*
 * cr3stat: count CR3 and MSR writes on x86-64, per CPU and per path.
 *
 * The core owns the module's one piece of state: whether counting is
 * enabled and which probe groups are selected.  Every change goes through
 * cr3stat_apply() under cr3stat_state_lock, so toggles from debugfs,
 * module load and unload never race, and a group is attached exactly when
 * counting is enabled and the group is selected.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bitops.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include "counters.h"
#include "cr3stat.h"
#include "groups_parse.h"
#include "sites.h"

static const struct cr3stat_group_ops *const cr3stat_ops[] = {
	[CR3STAT_GROUP_CTXSW] = &cr3stat_ctxsw_ops,
	[CR3STAT_GROUP_FLUSH] = &cr3stat_sites_ops,
	[CR3STAT_GROUP_OTHER] = &cr3stat_sites_ops,
	[CR3STAT_GROUP_MSR] = &cr3stat_msr_ops,
	[CR3STAT_GROUP_PARANOID] = &cr3stat_paranoid_ops,
	[CR3STAT_GROUP_PTI] = &cr3stat_pti_ops,
	[CR3STAT_GROUP_KVM] = &cr3stat_kvm_ops,
};
static_assert(ARRAY_SIZE(cr3stat_ops) == NR_CR3STAT_GROUPS);

static bool enable = true;
module_param(enable, bool, 0444);
MODULE_PARM_DESC(enable, "Start counting at load (default: 1)");

static char *groups;
module_param(groups, charp, 0444);
MODULE_PARM_DESC(groups,
		 "Groups selected at load: names (\"ctxsw,flush\") or edits of the default (\"-flush,-other\")");

static DEFINE_MUTEX(cr3stat_state_lock);
static bool cr3stat_on;			/* master switch */
static unsigned long cr3stat_selected;	/* groups the user asked for */
static unsigned long cr3stat_attached;	/* groups whose probes are live */

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
	cr3stat_on = on;
	cr3stat_selected = selected;
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
 * Return: 0, -EINVAL if @req does not parse (nothing changes), or the
 * error of a group that failed to attach (the old selection stays).
 */
int cr3stat_set_groups(const char *req)
{
	unsigned long sel;
	int err;

	mutex_lock(&cr3stat_state_lock);
	err = cr3stat_parse_groups(req, cr3stat_selected, &sel);
	if (!err)
		err = cr3stat_apply(cr3stat_on, sel);
	mutex_unlock(&cr3stat_state_lock);
	return err;
}

int cr3stat_groups_show(struct seq_file *m)
{
	unsigned int g;

	seq_printf(m, "%-10s %-8s %-8s %s\n", "group", "selected", "attached",
		   "probes");
	mutex_lock(&cr3stat_state_lock);
	for (g = 0; g < NR_CR3STAT_GROUPS; g++)
		seq_printf(m, "%-10s %-8s %-8s %s\n", cr3stat_groups[g].name,
			   cr3stat_selected & BIT(g) ? "on" : "off",
			   cr3stat_attached & BIT(g) ? "yes" : "no",
			   cr3stat_groups[g].help);
	mutex_unlock(&cr3stat_state_lock);
	return 0;
}

static unsigned long cr3stat_default_groups(void)
{
	unsigned long sel = 0;
	unsigned int g;

	for (g = 0; g < NR_CR3STAT_GROUPS; g++)
		if (cr3stat_groups[g].default_on)
			sel |= BIT(g);
	return sel;
}

static int __init cr3stat_init(void)
{
	unsigned long sel = cr3stat_default_groups();
	int err;

	if (groups && cr3stat_parse_groups(groups, sel, &sel)) {
		pr_err("groups=%s does not parse\n", groups);
		return -EINVAL;
	}

	err = cr3stat_counters_init();
	if (err)
		return err;
	err = cr3stat_sites_discover();
	if (err) {
		pr_err("cannot scan kernel text for CR3 writes: %d\n", err);
		goto out_counters;
	}
	err = cr3stat_paranoid_init();
	if (err)
		goto out_counters;
	err = cr3stat_pti_init();
	if (err)
		goto out_counters;
	err = cr3stat_msr_init();
	if (err)
		goto out_counters;
	err = cr3stat_kvm_init();
	if (err)
		goto out_msr;
	err = cr3stat_debugfs_init();
	if (err)
		goto out_kvm;

	mutex_lock(&cr3stat_state_lock);
	err = cr3stat_apply(enable, sel);
	mutex_unlock(&cr3stat_state_lock);
	if (err)
		goto out_debugfs;
	return 0;

out_debugfs:
	cr3stat_debugfs_exit();
out_kvm:
	cr3stat_kvm_exit();
out_msr:
	cr3stat_msr_exit();
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
	cr3stat_kvm_exit();
	cr3stat_msr_exit();
	cr3stat_counters_exit();
}

module_init(cr3stat_init);
module_exit(cr3stat_exit);

MODULE_DESCRIPTION("Count CR3 and MSR writes per CPU and per path");
MODULE_AUTHOR("The cr3stat developers");
MODULE_LICENSE("GPL");
MODULE_VERSION(CR3STAT_VERSION);
