// SPDX-License-Identifier: GPL-2.0
/* Negative control for the W=1 build check: a warning (unused variable). */
#include <linux/module.h>

static int __init w1_init(void)
{
	int unused;

	return 0;
}
module_init(w1_init);
MODULE_LICENSE("GPL");
