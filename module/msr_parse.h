/* SPDX-License-Identifier: GPL-2.0 */
#ifndef CR3STAT_MSR_PARSE_H
#define CR3STAT_MSR_PARSE_H

/* Most MSRs the watch list holds at once. */
#define CR3STAT_MSR_WATCH_MAX 8

int cr3stat_parse_msr_list(const char *buf, unsigned int *msrs);

#endif /* CR3STAT_MSR_PARSE_H */
