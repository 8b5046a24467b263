// SPDX-License-Identifier: GPL-2.0
/*
 * msrw - write an MSR K times through /dev/cpu/CPU/msr (the msr module).
 * Without a value, the MSR's current value is written back, so the write
 * changes nothing.  Prints how many writes succeeded.
 *
 * usage: msrw CPU MSR K [VALUE]   (MSR and VALUE in hex)
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	char path[64];
	uint64_t val = 0;
	off_t msr;
	long i, k, done = 0;
	int fd;

	if (argc != 4 && argc != 5) {
		fprintf(stderr, "usage: msrw CPU MSR K [VALUE]\n");
		return 2;
	}
	snprintf(path, sizeof(path), "/dev/cpu/%d/msr", atoi(argv[1]));
	msr = strtoul(argv[2], NULL, 16);
	k = atol(argv[3]);
	fd = open(path, O_RDWR);
	if (fd < 0) {
		perror(path);
		return 1;
	}
	if (argc == 5)
		val = strtoull(argv[4], NULL, 16);
	else if (pread(fd, &val, sizeof(val), msr) != sizeof(val))
		return 1;
	for (i = 0; i < k; i++) {
		if (pwrite(fd, &val, sizeof(val), msr) == sizeof(val))
			done++;
	}
	printf("%ld\n", done);
	return 0;
}
