/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The CLI unit tests' fixtures: real module output kept in cli/testdata/
 * (CLI_TESTDATA comes from the Makefile).
 */
#ifndef CLI_FIXTURE_H
#define CLI_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include "../../cli/cr3stat.h"

/* A fixture's whole text; a missing one ends the test run. */
static char *fixture(const char *name)
{
	char path[512], *buf;

	snprintf(path, sizeof(path), "%s/%s", CLI_TESTDATA, name);
	buf = cs_slurp(path);
	if (!buf) {
		printf("Bail out! cannot read %s\n", path);
		exit(1);
	}
	return buf;
}

/* For a test's description: " (fails on: WHAT)", or "" without a failure. */
static inline const char *failing(const char *what)
{
	static char buf[160];

	if (!what)
		return "";
	snprintf(buf, sizeof(buf), " (fails on: %s)", what);
	return buf;
}

#endif /* CLI_FIXTURE_H */
