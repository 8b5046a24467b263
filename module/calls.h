/* SPDX-License-Identifier: GPL-2.0 */
#ifndef CR3STAT_CALLS_H
#define CR3STAT_CALLS_H

#include "pure.h"

int cr3stat_branches_to(const unsigned char *func, size_t len, u64 base,
			u64 lo, u64 hi);

#endif /* CR3STAT_CALLS_H */
