/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Interfaces between the parts of cr3stat: the core state machine
 * (core.c), the debugfs files (debugfs.c) and the probe groups
 * (probes_*.c).
 */
#ifndef CR3STAT_H
#define CR3STAT_H

#include <linux/seq_file.h>
#include <linux/types.h>
#include "compat/ksym.h"
#include "items.h"

#define CR3STAT_DIR "cr3stat"

/**
 * struct cr3stat_group_ops - how a group's probes come and go
 * @init: optional, once at load: find the group's probe points in this
 *	  kernel; mark the counters of missing ones unsupported
 *	  (cr3stat_counters_set_unsupported()) and, when nothing is left to
 *	  probe, the whole group (cr3stat_group_unsupported(), or return an
 *	  error); -EINVAL only for a module parameter that does not parse
 * @attach: register every probe of the group found at init; on failure
 *	    leave none
 * @detach: unregister them; on return no handler of the group runs
 * @exit: optional, once at unload, after detach
 *
 * All get the group's id, so that groups made of the same kind of probe
 * share one ops; attach and detach are called with the core's state mutex
 * held, never concurrently.
 */
struct cr3stat_group_ops {
	int (*init)(unsigned int group);
	int (*attach)(unsigned int group);
	void (*detach)(unsigned int group);
	void (*exit)(unsigned int group);
};

extern const struct cr3stat_group_ops cr3stat_ctxsw_ops;
extern const struct cr3stat_group_ops cr3stat_ctxsw_why_ops;
extern const struct cr3stat_group_ops cr3stat_sites_ops;
extern const struct cr3stat_group_ops cr3stat_msr_ops;
extern const struct cr3stat_group_ops cr3stat_paranoid_ops;
extern const struct cr3stat_group_ops cr3stat_pti_ops;
extern const struct cr3stat_group_ops cr3stat_kvm_ops;

/* probes_ctxsw.c */
void cr3stat_ctxsw_info(struct seq_file *m);

/* probes_paranoid.c */
void cr3stat_paranoid_info(struct seq_file *m);

/* probes_pti.c */
void cr3stat_pti_info(struct seq_file *m);
void cr3stat_pti_user_exception(void);

/* probes_msr.c */
int cr3stat_msr_set_watch(const char *req);
int cr3stat_msr_watch_show(struct seq_file *m);
bool cr3stat_msr_pasid(void);
void cr3stat_msr_info(struct seq_file *m);

/* probes_kvm.c */
void cr3stat_kvm_info(struct seq_file *m);

/* bench.c */
int cr3stat_bench_show(struct seq_file *m);
int cr3stat_bench_request(const char *req);

/* core.c */
void cr3stat_group_unsupported(unsigned int group, const char *why);
bool cr3stat_enabled(void);
int cr3stat_set_enabled(bool on);
int cr3stat_set_groups(const char *req);
int cr3stat_groups_show(struct seq_file *m);

/* debugfs.c */
int cr3stat_debugfs_init(void);
void cr3stat_debugfs_exit(void);

#endif /* CR3STAT_H */
