/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel memory through /proc/kcore, for the guest helpers that read
 * kernel text independently of cr3stat (kscan, wrmsrs).
 */
#ifndef KCORE_H
#define KCORE_H

#include <elf.h>
#include <string.h>
#include <unistd.h>

/* Read len bytes of kernel virtual memory at addr; 0 on success. */
static int kread(int fd, unsigned long addr, unsigned char *buf, size_t len)
{
	Elf64_Ehdr eh;
	Elf64_Phdr ph;
	int i;

	if (pread(fd, &eh, sizeof(eh), 0) != sizeof(eh) ||
	    memcmp(eh.e_ident, ELFMAG, SELFMAG))
		return -1;
	for (i = 0; i < eh.e_phnum; i++) {
		if (pread(fd, &ph, sizeof(ph), eh.e_phoff + i * sizeof(ph)) !=
		    sizeof(ph))
			return -1;
		if (ph.p_type != PT_LOAD || addr < ph.p_vaddr ||
		    addr + len > ph.p_vaddr + ph.p_memsz)
			continue;
		return pread(fd, buf, len, ph.p_offset + addr - ph.p_vaddr) ==
		       (ssize_t)len ? 0 : -1;
	}
	return -1;
}

#endif /* KCORE_H */
