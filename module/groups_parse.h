/* SPDX-License-Identifier: GPL-2.0 */
#ifndef CR3STAT_GROUPS_PARSE_H
#define CR3STAT_GROUPS_PARSE_H

int cr3stat_parse_groups(const char *buf, unsigned long cur,
			 unsigned long avail, unsigned long *out);

#endif /* CR3STAT_GROUPS_PARSE_H */
