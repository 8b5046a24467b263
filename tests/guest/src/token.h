/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A one-byte token passed around processes over pipes: each pass is a
 * context switch to another mm when they share a CPU (pingpong, uflush).
 */
#ifndef TOKEN_H
#define TOKEN_H

#include <stdlib.h>
#include <unistd.h>

/*
 * Pass the token on n times: read it from in, write it to out; the first
 * member writes before it reads, so that the token starts moving.
 */
static inline void token_pass(int in, int out, long n, int first)
{
	char c = 't';
	long i;

	for (i = 0; i < n; i++) {
		if (first && write(out, &c, 1) != 1)
			exit(3);
		if (read(in, &c, 1) != 1)
			exit(3);
		if (!first && write(out, &c, 1) != 1)
			exit(3);
	}
}

#endif /* TOKEN_H */
