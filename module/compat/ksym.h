/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Symbol addresses and instruction boundaries, asked of kprobes with
 * disabled kprobes.  See ksym.c for why, and for what happens when a
 * kernel changes the behaviour this relies on.
 */
#ifndef CR3STAT_COMPAT_KSYM_H
#define CR3STAT_COMPAT_KSYM_H

unsigned long cr3stat_ksym(const char *name);
int cr3stat_probe_check(unsigned long addr);
int cr3stat_probe_check_symbol(const char *name);
int cr3stat_ksym_selftest(void);
int cr3stat_probe_check_selftest(void);
void cr3stat_ksym_batch_begin(void);
void cr3stat_ksym_batch_end(void);

#endif /* CR3STAT_COMPAT_KSYM_H */
