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
 * @attach: register every probe of the group; on failure leave none
 * @detach: unregister them; on return no handler of the group runs
 *
 * Both get the group's id, so that groups made of the same kind of probe
 * share one ops; they are called with the core's state mutex held, never
 * concurrently.
 */
struct cr3stat_group_ops {
	int (*attach)(unsigned int group);
	void (*detach)(unsigned int group);
};

extern const struct cr3stat_group_ops cr3stat_ctxsw_ops;
extern const struct cr3stat_group_ops cr3stat_sites_ops;
extern const struct cr3stat_group_ops cr3stat_msr_ops;
extern const struct cr3stat_group_ops cr3stat_paranoid_ops;
extern const struct cr3stat_group_ops cr3stat_pti_ops;

/* probes_paranoid.c */
int cr3stat_paranoid_init(void);
void cr3stat_paranoid_info(struct seq_file *m);

/* probes_pti.c */
int cr3stat_pti_init(void);
void cr3stat_pti_info(struct seq_file *m);
void cr3stat_pti_user_exception(void);

/* probes_msr.c */
int cr3stat_msr_init(void);
void cr3stat_msr_exit(void);
int cr3stat_msr_set_watch(const char *req);
int cr3stat_msr_watch_show(struct seq_file *m);
const char *cr3stat_msr_pasid_info(void);

/* bench.c */
int cr3stat_bench_show(struct seq_file *m);

/* core.c */
bool cr3stat_enabled(void);
int cr3stat_set_enabled(bool on);
int cr3stat_set_groups(const char *req);
int cr3stat_groups_show(struct seq_file *m);

/* debugfs.c */
int cr3stat_debugfs_init(void);
void cr3stat_debugfs_exit(void);

#endif /* CR3STAT_H */
