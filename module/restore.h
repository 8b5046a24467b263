/* SPDX-License-Identifier: GPL-2.0 */
#ifndef CR3STAT_RESTORE_H
#define CR3STAT_RESTORE_H

#include "pure.h"

/**
 * enum cr3stat_restore - how a paranoid return (NMI, #DB, #MC) restores CR3
 * @CR3STAT_RESTORE_UNKNOWN: could not be told from the kernel's code
 * @CR3STAT_RESTORE_NONE: PTI is off: CR3 is never switched, nor restored
 * @CR3STAT_RESTORE_ALWAYS: the old RESTORE_CR3: every return to kernel
 *	context writes the saved CR3 back, even when it is already loaded
 * @CR3STAT_RESTORE_USER: PARANOID_RESTORE_CR3: only a saved user CR3 is
 *	written back
 */
enum cr3stat_restore {
	CR3STAT_RESTORE_UNKNOWN,
	CR3STAT_RESTORE_NONE,
	CR3STAT_RESTORE_ALWAYS,
	CR3STAT_RESTORE_USER,
};

int cr3stat_restore_guarded(const unsigned char *func, size_t len,
			    size_t site);
const char *cr3stat_restore_name(enum cr3stat_restore r);
int cr3stat_restore_parse(const char *s, enum cr3stat_restore *r);

#endif /* CR3STAT_RESTORE_H */
