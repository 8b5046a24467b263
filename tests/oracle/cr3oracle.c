// SPDX-License-Identifier: GPL-2.0
/*
 * cr3oracle - a QEMU TCG plugin (plugin API v1, QEMU 7.2) that counts every
 * executed MOV to CR3 and WRMSR, per vCPU and per guest virtual address,
 * inside windows the guest opens and closes with marker instructions.
 *
 *   qemu-system-x86_64 -accel tcg,thread=single \
 *           -plugin file=cr3oracle.so,out=PATH ...
 *
 * At translation time each instruction's bytes are decoded just far enough
 * to tell MOV to CR3 (0f 22 /3, legacy prefixes and REX allowed), WRMSR
 * (0f 30) and the two markers; only those get an exec callback, so the rest
 * of the guest runs at full TCG speed.  The callback runs before the
 * instruction executes.
 *
 * Windows: the start marker zeroes every count; each end marker closes one
 * window, numbered by the end markers seen since boot (1, 2, ...), and
 * appends to PATH, then flushes:
 *
 *   window N vcpu V kind cr3|wrmsr addr 0xADDR count C
 *   window N total cr3 C wrmsr W starts S
 *
 * S is the number of start markers seen since boot.  Counting goes on
 * after an end marker, so a second end marker without a new start gives a
 * new window covering the first one and what followed: the guest uses that
 * to retry the end of a window without running its workload again.
 *
 * Not thread safe by design: vm-run runs TCG single-threaded (thread=single)
 * so every callback runs on one host thread.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plugin-api.h"

/* QEMU refuses a plugin that does not say which API version it uses. */
__attribute__((visibility("default"))) int qemu_plugin_version = 1;

/*
 * The markers are "nopl DISP32(%rax,%rax,1)" (0f 1f 84 00 + disp32) with
 * the displacements "CR3<" and "CR3>" in ASCII.  A multi-byte NOP is
 * harmless natively, and it cannot occur by accident: compilers, the
 * assemblers' alignment padding and the kernel's NOP tables (alternatives,
 * static calls, ftrace) only emit such NOPs with a zero displacement, and
 * only a decoded instruction, never data, is matched.
 */
#define MARK_START 0x3c335243u	/* "CR3<" */
#define MARK_END 0x3e335243u	/* "CR3>" */

#define MAX_VCPUS 64
#define HASH_SIZE 1024

enum kind { KIND_NONE, KIND_CR3, KIND_WRMSR, KIND_START, KIND_END };

static const char * const kind_name[] = {
	[KIND_CR3] = "cr3",
	[KIND_WRMSR] = "wrmsr",
};

/* One instruction address that writes CR3 or an MSR, with its counts. */
struct site {
	uint64_t vaddr;
	enum kind kind;
	uint64_t count[MAX_VCPUS];
	struct site *next;	/* all sites, in order of first translation */
	struct site *hnext;	/* hash chain */
};

static struct site *sites, **sites_tail = &sites;
static struct site *hash[HASH_SIZE];
static FILE *out;
static unsigned long starts, windows;
static uint64_t bad_vcpu;	/* hits on vCPUs beyond MAX_VCPUS */
static char mark_start, mark_end;	/* exec callback tags */

static int legacy_prefix(uint8_t b)
{
	switch (b) {
	case 0x26: case 0x2e: case 0x36: case 0x3e:	/* segment */
	case 0x64: case 0x65:
	case 0x66: case 0x67:		/* operand, address size */
	case 0xf0: case 0xf2: case 0xf3:	/* lock, rep */
		return 1;
	}
	return 0;
}

static uint32_t le32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static enum kind classify(const uint8_t *p, size_t n)
{
	size_t i = 0;
	uint8_t rex = 0;

	/* A marker is exactly the 8 bytes, without any prefix. */
	if (n == 8 && p[0] == 0x0f && p[1] == 0x1f && p[2] == 0x84 &&
	    p[3] == 0x00) {
		if (le32(p + 4) == MARK_START)
			return KIND_START;
		if (le32(p + 4) == MARK_END)
			return KIND_END;
		return KIND_NONE;
	}
	while (i < n && legacy_prefix(p[i]))
		i++;
	if (i < n && (p[i] & 0xf0) == 0x40)
		rex = p[i++];
	if (i + 2 > n || p[i] != 0x0f)
		return KIND_NONE;
	if (p[i + 1] == 0x30)
		return KIND_WRMSR;
	/* ModRM reg 3 is CR3; with REX.R it would be CR11, which is #UD. */
	if (p[i + 1] == 0x22 && i + 3 <= n && ((p[i + 2] >> 3) & 7) == 3 &&
	    !(rex & 4))
		return KIND_CR3;
	return KIND_NONE;
}

static struct site *site_get(uint64_t vaddr, enum kind kind)
{
	unsigned int h = (vaddr ^ vaddr >> 12 ^ kind) % HASH_SIZE;
	struct site *s;

	for (s = hash[h]; s; s = s->hnext)
		if (s->vaddr == vaddr && s->kind == kind)
			return s;
	s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	s->vaddr = vaddr;
	s->kind = kind;
	s->hnext = hash[h];
	hash[h] = s;
	*sites_tail = s;
	sites_tail = &s->next;
	return s;
}

static void window_start(void)
{
	struct site *s;

	for (s = sites; s; s = s->next)
		memset(s->count, 0, sizeof(s->count));
	starts++;
}

static void window_end(void)
{
	uint64_t total[KIND_END + 1] = { 0 };
	struct site *s;
	int v;

	windows++;
	for (s = sites; s; s = s->next) {
		for (v = 0; v < MAX_VCPUS; v++) {
			if (!s->count[v])
				continue;
			fprintf(out, "window %lu vcpu %d kind %s ", windows, v,
				kind_name[s->kind]);
			fprintf(out, "addr 0x%016llx count %llu\n",
				(unsigned long long)s->vaddr,
				(unsigned long long)s->count[v]);
			total[s->kind] += s->count[v];
		}
	}
	fprintf(out, "window %lu total cr3 %llu wrmsr %llu starts %lu\n",
		windows, (unsigned long long)total[KIND_CR3],
		(unsigned long long)total[KIND_WRMSR], starts);
	if (bad_vcpu)
		fprintf(out, "window %lu error vcpu-index-over-%d %llu\n",
			windows, MAX_VCPUS, (unsigned long long)bad_vcpu);
	fflush(out);
}

static void on_exec(unsigned int vcpu, void *udata)
{
	struct site *s = udata;

	if (udata == &mark_start)
		window_start();
	else if (udata == &mark_end)
		window_end();
	else if (vcpu < MAX_VCPUS)
		s->count[vcpu]++;
	else
		bad_vcpu++;
}

static void on_tb_trans(uint64_t id, struct qemu_plugin_tb *tb)
{
	size_t i, n = qemu_plugin_tb_n_insns(tb);

	(void)id;
	for (i = 0; i < n; i++) {
		struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
		enum kind k = classify(qemu_plugin_insn_data(insn),
				       qemu_plugin_insn_size(insn));
		void *udata;

		switch (k) {
		case KIND_NONE:
			continue;
		case KIND_START:
			udata = &mark_start;
			break;
		case KIND_END:
			udata = &mark_end;
			break;
		default:
			udata = site_get(qemu_plugin_insn_vaddr(insn), k);
			if (!udata) {
				qemu_plugin_outs("cr3oracle: out of memory\n");
				abort();
			}
		}
		qemu_plugin_register_vcpu_insn_exec_cb(insn, on_exec,
						       QEMU_PLUGIN_CB_NO_REGS,
						       udata);
	}
}

static void on_atexit(uint64_t id, void *udata)
{
	(void)id;
	(void)udata;
	fprintf(out, "exit windows %lu starts %lu\n", windows, starts);
	fclose(out);
}

__attribute__((visibility("default")))
int qemu_plugin_install(uint64_t id, const struct qemu_info *info,
			int argc, char **argv)
{
	const char *path = NULL;
	int i;

	(void)info;
	for (i = 0; i < argc; i++) {
		if (!strncmp(argv[i], "out=", 4)) {
			path = argv[i] + 4;
		} else {
			qemu_plugin_outs("cr3oracle: unknown argument\n");
			return -1;
		}
	}
	if (!path) {
		qemu_plugin_outs("cr3oracle: usage: out=PATH\n");
		return -1;
	}
	out = fopen(path, "w");
	if (!out) {
		qemu_plugin_outs("cr3oracle: cannot open the out= file\n");
		return -1;
	}
	fprintf(out, "cr3oracle 1 max_vcpus %d\n", MAX_VCPUS);
	fflush(out);
	qemu_plugin_register_vcpu_tb_trans_cb(id, on_tb_trans);
	qemu_plugin_register_atexit_cb(id, on_atexit, NULL);
	return 0;
}
