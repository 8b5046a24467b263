// SPDX-License-Identifier: GPL-2.0
/*
 * splat - a module whose only job is to WARN when loaded.  The test suite
 * boots it as a negative control: the guest-log check must flag it, or a
 * real splat from cr3stat could go unnoticed.
 */
#include <linux/bug.h>
#include <linux/module.h>

static int __init splat_init(void)
{
	WARN(1, "cr3stat test: deliberate splat\n");
	return 0;
}

static void __exit splat_exit(void)
{
}

module_init(splat_init);
module_exit(splat_exit);
MODULE_DESCRIPTION("cr3stat test suite: deliberate WARN as a negative control");
MODULE_LICENSE("GPL");
