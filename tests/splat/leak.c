// SPDX-License-Identifier: GPL-2.0
/*
 * leak - a module that allocates 4096 objects of 128 bytes (512 KiB) when
 * loaded and never frees them.  The test suite loads and unloads it as a
 * negative control: the leak checks of tests/guest/stress.sh must see it,
 * or a leak of cr3stat's could go unnoticed.
 */
#include <linux/module.h>
#include <linux/slab.h>

#define LEAK_OBJECTS 4096

static int __init leak_init(void)
{
	int i;

	for (i = 0; i < LEAK_OBJECTS; i++)
		if (!kmalloc(128, GFP_KERNEL))
			return -ENOMEM;
	pr_info("cr3stat test: deliberate leak of %d objects\n", LEAK_OBJECTS);
	return 0;
}

static void __exit leak_exit(void)
{
}

module_init(leak_init);
module_exit(leak_exit);
MODULE_DESCRIPTION("cr3stat test suite: deliberate leak as a negative control");
MODULE_LICENSE("GPL");
