/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small x86-64 instruction length decoder: enough to walk kernel text
 * from a function's start and prove where instructions begin.
 */
#ifndef CR3STAT_INSN_H
#define CR3STAT_INSN_H

#include "pure.h"

/* The architectural limit on the length of one instruction. */
#define CR3STAT_INSN_MAX	15

int cr3stat_insn_len(const unsigned char *p, size_t avail);
int cr3stat_insn_mov_cr3(const unsigned char *p, size_t avail);
int cr3stat_insn_boundary(const unsigned char *func, size_t len, size_t off);

#endif /* CR3STAT_INSN_H */
