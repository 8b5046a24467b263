/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The few definitions that code built both in the module and in userspace
 * (counter tables, parsers, CR3 decoding) takes from its environment.
 */
#ifndef CR3STAT_PURE_H
#define CR3STAT_PURE_H

#ifdef __KERNEL__
#include <linux/build_bug.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/types.h>
#else
#include <assert.h>
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>		/* and, through sys/cdefs.h, __always_inline */
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
typedef uint64_t u64;
typedef uint32_t u32;
typedef int64_t s64;
typedef int32_t s32;
#endif

#endif /* CR3STAT_PURE_H */
