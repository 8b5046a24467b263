// SPDX-License-Identifier: GPL-2.0
/*
 * cr3stat(8) - CR3 and MSR write counts from the cr3stat module.  The
 * work is in cr3stat_main() (run.c), which the unit tests call directly.
 */
#include "cr3stat.h"

int main(int argc, char **argv)
{
	return cr3stat_main(argc, argv);
}
