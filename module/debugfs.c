// SPDX-License-Identifier: GPL-2.0
/*
 * The /sys/kernel/debug/cr3stat/ files.
 *
 * Every write is parsed completely before anything changes, and input that
 * does not parse is -EINVAL.  Files are created with the full debugfs proxy,
 * so removing them at unload waits for readers and writers in flight.
 */
#include <linux/cpufeature.h>
#include <linux/cpumask.h>
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/utsname.h>
#include "counters.h"
#include "cr3stat.h"
#include "sites.h"

/* Longest request any file takes; longer input cannot be valid. */
#define CR3STAT_REQ_MAX 256

static struct dentry *cr3stat_dir;

static const char *yes_no(bool v)
{
	return v ? "yes" : "no";
}

/*
 * Copy a request from userspace as a C string, or an ERR_PTR.  A NUL
 * inside the request would hide what follows it from the parsers: such a
 * write does not parse.
 */
static char *cr3stat_get_req(const char __user *ubuf, size_t len)
{
	char *req;

	if (!len || len > CR3STAT_REQ_MAX)
		return ERR_PTR(-EINVAL);
	req = memdup_user_nul(ubuf, len);
	if (!IS_ERR(req) && strlen(req) != len) {
		kfree(req);
		return ERR_PTR(-EINVAL);
	}
	return req;
}

static int info_show(struct seq_file *m, void *v)
{
	seq_printf(m, "version: %s\n", CR3STAT_VERSION);
	seq_printf(m, "kernel: %s\n", utsname()->release);
	seq_printf(m, "pti: %s\n", yes_no(cpu_feature_enabled(X86_FEATURE_PTI)));
	seq_printf(m, "pcid: %s\n", yes_no(cpu_feature_enabled(X86_FEATURE_PCID)));
	seq_printf(m, "invpcid: %s\n",
		   yes_no(cpu_feature_enabled(X86_FEATURE_INVPCID)));
	seq_printf(m, "fsgsbase: %s\n",
		   yes_no(cpu_feature_enabled(X86_FEATURE_FSGSBASE)));
	seq_printf(m, "enqcmd: %s\n",
		   yes_no(cpu_feature_enabled(X86_FEATURE_ENQCMD)));
	cr3stat_msr_info(m);
	cr3stat_ctxsw_info(m);
	cr3stat_paranoid_info(m);
	cr3stat_pti_info(m);
	cr3stat_kvm_info(m);
	seq_printf(m, "cpus_possible: %u\n", num_possible_cpus());
	seq_printf(m, "cpus_online: %u\n", num_online_cpus());
	cr3stat_counters_info(m);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(info);

static int counters_show(struct seq_file *m, void *v)
{
	return cr3stat_counters_show(m);
}
DEFINE_SHOW_ATTRIBUTE(counters);

static int sites_show(struct seq_file *m, void *v)
{
	return cr3stat_sites_show(m);
}
DEFINE_SHOW_ATTRIBUTE(sites);

/*
 * A file that shows a table and takes a request (groups, msr_watch, bench):
 * the table's printer and the request's handler come with the file, as
 * its private data.
 */
struct cr3stat_req_file {
	int (*show)(struct seq_file *m);
	int (*set)(const char *req);
};

static int req_file_show(struct seq_file *m, void *v)
{
	const struct cr3stat_req_file *f = m->private;

	return f->show(m);
}

static int req_file_open(struct inode *inode, struct file *file)
{
	return single_open(file, req_file_show, inode->i_private);
}

static ssize_t req_file_write(struct file *file, const char __user *ubuf,
			      size_t len, loff_t *ppos)
{
	const struct cr3stat_req_file *f = file_inode(file)->i_private;
	char *req = cr3stat_get_req(ubuf, len);
	int err;

	if (IS_ERR(req))
		return PTR_ERR(req);
	err = f->set(req);
	kfree(req);
	return err ? err : len;
}

static const struct file_operations req_file_fops = {
	.owner = THIS_MODULE,
	.open = req_file_open,
	.read = seq_read,
	.llseek = seq_lseek,
	.release = single_release,
	.write = req_file_write,
};

static const struct cr3stat_req_file groups_file = {
	.show = cr3stat_groups_show,
	.set = cr3stat_set_groups,
};

static const struct cr3stat_req_file msr_watch_file = {
	.show = cr3stat_msr_watch_show,
	.set = cr3stat_msr_set_watch,
};

/* Writing "run" runs the bench on the writer's CPU; reading shows it. */
static const struct cr3stat_req_file bench_file = {
	.show = cr3stat_bench_show,
	.set = cr3stat_bench_request,
};

/* Parse "0" or "1" (an optional trailing newline is allowed). */
static int cr3stat_get_bit(const char __user *ubuf, size_t len,
			   unsigned int *val)
{
	char *req = cr3stat_get_req(ubuf, len);
	int err;

	if (IS_ERR(req))
		return PTR_ERR(req);
	err = kstrtouint(req, 10, val);
	kfree(req);
	if (err || *val > 1)
		return -EINVAL;
	return 0;
}

static ssize_t enable_read(struct file *file, char __user *ubuf, size_t len,
			   loff_t *ppos)
{
	char buf[2] = { cr3stat_enabled() ? '1' : '0', '\n' };

	return simple_read_from_buffer(ubuf, len, ppos, buf, sizeof(buf));
}

static ssize_t enable_write(struct file *file, const char __user *ubuf,
			    size_t len, loff_t *ppos)
{
	unsigned int val;
	int err;

	err = cr3stat_get_bit(ubuf, len, &val);
	if (!err)
		err = cr3stat_set_enabled(val);
	return err ? err : len;
}

static const struct file_operations enable_fops = {
	.owner = THIS_MODULE,
	.read = enable_read,
	.write = enable_write,
	.llseek = default_llseek,
};

static ssize_t reset_write(struct file *file, const char __user *ubuf,
			   size_t len, loff_t *ppos)
{
	unsigned int val;
	int err;

	err = cr3stat_get_bit(ubuf, len, &val);
	if (err || !val)
		return -EINVAL;
	cr3stat_counters_reset();
	return len;
}

static const struct file_operations reset_fops = {
	.owner = THIS_MODULE,
	.write = reset_write,
	.llseek = noop_llseek,
};

int cr3stat_debugfs_init(void)
{
	cr3stat_dir = debugfs_create_dir(CR3STAT_DIR, NULL);
	if (IS_ERR(cr3stat_dir))
		return PTR_ERR(cr3stat_dir);

	debugfs_create_file("info", 0400, cr3stat_dir, NULL, &info_fops);
	debugfs_create_file("enable", 0600, cr3stat_dir, NULL, &enable_fops);
	debugfs_create_file("reset", 0200, cr3stat_dir, NULL, &reset_fops);
	debugfs_create_file("counters", 0400, cr3stat_dir, NULL,
			    &counters_fops);
	debugfs_create_file("groups", 0600, cr3stat_dir, (void *)&groups_file,
			    &req_file_fops);
	debugfs_create_file("sites", 0400, cr3stat_dir, NULL, &sites_fops);
	debugfs_create_file("bench", 0600, cr3stat_dir, (void *)&bench_file,
			    &req_file_fops);
	debugfs_create_file("msr_watch", 0600, cr3stat_dir,
			    (void *)&msr_watch_file, &req_file_fops);
	return 0;
}

void cr3stat_debugfs_exit(void)
{
	debugfs_remove_recursive(cr3stat_dir);
	cr3stat_dir = NULL;
}
