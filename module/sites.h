/* SPDX-License-Identifier: GPL-2.0 */
#ifndef CR3STAT_SITES_H
#define CR3STAT_SITES_H

#include <linux/kallsyms.h>
#include <linux/kprobes.h>
#include <linux/seq_file.h>
#include "items.h"

/* Where in the kernel image a site lives; decides whether kprobes may go. */
enum cr3stat_text {
	CR3STAT_TEXT_NORMAL,
	CR3STAT_TEXT_ENTRY,	/* __entry_text: kprobe blacklist */
	CR3STAT_TEXT_NOINSTR,	/* .noinstr.text: kprobe blacklist */
};

/* A site that belongs to no probe group. */
#define CR3STAT_NO_GROUP NR_CR3STAT_GROUPS

/* struct cr3stat_site.refused for a site cr3stat will not probe. */
#define CR3STAT_UNSAFE 1

/**
 * struct cr3stat_site - one MOV-to-CR3 instruction of the running kernel
 * @addr: address of the instruction
 * @where: "function+0xoffset"
 * @off: the offset of @where
 * @text: which text it lives in
 * @group: the probe group that counts it, or CR3STAT_NO_GROUP
 * @reg: source register number (0 = rax ... 15 = r15)
 * @refused: 0 if it may be probed, register_kprobe()'s error if kprobes
 *	     refuses it, or CR3STAT_UNSAFE
 * @attached: a kprobe is live on it
 * @kp: that kprobe
 */
struct cr3stat_site {
	unsigned long addr;
	char where[128];
	unsigned long off;
	enum cr3stat_text text;
	unsigned int group;
	unsigned int reg;
	int refused;
	bool attached;
	struct kprobe kp;
};

extern struct cr3stat_site cr3stat_sites[];
extern unsigned int cr3stat_nr_sites;

int cr3stat_sites_discover(void);
void cr3stat_sites_regroup(unsigned int from, unsigned int to);
unsigned int cr3stat_sites_probeable(unsigned int group);
bool cr3stat_in_entry_text(unsigned long ip);
int cr3stat_sites_init(unsigned int group);
int cr3stat_sites_attach(unsigned int group);
void cr3stat_sites_detach(unsigned int group);
int cr3stat_sites_show(struct seq_file *m);
u8 *cr3stat_site_bytes(unsigned long addr, unsigned long off,
		       unsigned long max_off, size_t *len);
int cr3stat_site_decode(unsigned long addr, unsigned long off,
			unsigned long max_off,
			int (*fn)(const unsigned char *, size_t, size_t));

#endif /* CR3STAT_SITES_H */
