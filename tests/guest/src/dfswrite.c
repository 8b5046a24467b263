// SPDX-License-Identifier: GPL-2.0
/*
 * dfswrite - write a string to a file with one write() and print the
 * outcome as "ok" or the errno name, so shell tests can tell -EINVAL
 * from other failures.
 *
 * usage: dfswrite FILE STRING
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const char *errname(int e)
{
	switch (e) {
	case EINVAL: return "EINVAL";
	case EPERM: return "EPERM";
	case EACCES: return "EACCES";
	case ENOENT: return "ENOENT";
	case EBUSY: return "EBUSY";
	case ENOMEM: return "ENOMEM";
	case EFAULT: return "EFAULT";
	case EOPNOTSUPP: return "EOPNOTSUPP";
	default: return "EOTHER";
	}
}

int main(int argc, char **argv)
{
	size_t len;
	ssize_t n;
	int fd;

	if (argc != 3) {
		fprintf(stderr, "usage: dfswrite FILE STRING\n");
		return 2;
	}
	fd = open(argv[1], O_WRONLY);
	if (fd < 0) {
		printf("%s\n", errname(errno));
		return 0;
	}
	len = strlen(argv[2]);
	n = write(fd, argv[2], len);
	if (n < 0)
		printf("%s\n", errname(errno));
	else if ((size_t)n != len)
		printf("short\n");
	else
		printf("ok\n");
	close(fd);
	return 0;
}
