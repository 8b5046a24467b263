// SPDX-License-Identifier: GPL-2.0
/*
 * Addresses of kernel symbols that are not exported.
 *
 * kallsyms_lookup_name() is not exported, and calling it through a looked
 * up pointer would trap on a CPU with IBT once the kernel has sealed its
 * ENDBR.  register_kprobe() resolves a name before it decides whether the
 * address may be probed, so a *disabled* kprobe, which is never armed and
 * touches no text, yields the address of any symbol, text or data.  No
 * kernel function is ever called through a pointer obtained here.
 */
#include <linux/kallsyms.h>
#include <linux/kprobes.h>
#include <linux/string.h>
#include "cr3stat.h"

#define ENDBR_LEN 4

/* ENDBR64 is f3 0f 1e fa. */
static bool cr3stat_is_endbr(unsigned long addr)
{
	static const u8 endbr[ENDBR_LEN] = { 0xf3, 0x0f, 0x1e, 0xfa };
	u8 buf[ENDBR_LEN];

	return !copy_from_kernel_nofault(buf, (void *)addr, sizeof(buf)) &&
	       !memcmp(buf, endbr, sizeof(buf));
}

/**
 * cr3stat_ksym() - the address of a kernel symbol
 * @name: the symbol
 *
 * kprobes moves a function-entry address past its ENDBR; when the symbol
 * really starts 4 bytes earlier (kallsyms says so), that is undone.
 *
 * Return: the address, or 0 when the kernel has no such symbol.
 */
unsigned long cr3stat_ksym(const char *name)
{
	struct kprobe kp = {
		.symbol_name = name,
		.flags = KPROBE_FLAG_DISABLED,
	};
	char sym[KSYM_SYMBOL_LEN];
	unsigned long addr;
	size_t len = strlen(name);

	if (!register_kprobe(&kp))
		unregister_kprobe(&kp);
	addr = (unsigned long)kp.addr;
	if (!addr || !cr3stat_is_endbr(addr - ENDBR_LEN))
		return addr;
	sprint_symbol(sym, addr - ENDBR_LEN);
	if (!strncmp(sym, name, len) && !strncmp(sym + len, "+0x0/", 5))
		return addr - ENDBR_LEN;
	return addr;
}

/**
 * cr3stat_probe_check() - would kprobes take this address?
 * @addr: the address (0 fails)
 *
 * A disabled kprobe is registered and removed again: it arms nothing and
 * touches no text, yet it passes every check register_kprobe() makes,
 * including that the address is an instruction boundary.
 *
 * Return: 0, or register_kprobe()'s error.
 */
int cr3stat_probe_check(unsigned long addr)
{
	struct kprobe kp = {
		.addr = (kprobe_opcode_t *)addr,
		.flags = KPROBE_FLAG_DISABLED,
	};
	int err;

	if (!addr)
		return -ENOENT;
	err = register_kprobe(&kp);
	if (!err)
		unregister_kprobe(&kp);
	return err;
}

/**
 * cr3stat_probe_check_symbol() - would kprobes take this function's entry?
 * @name: the function
 *
 * Like cr3stat_probe_check(), by name: no text is touched.
 *
 * Return: 0, or register_kprobe()'s error (-ENOENT: no such symbol).
 */
int cr3stat_probe_check_symbol(const char *name)
{
	struct kprobe kp = {
		.symbol_name = name,
		.flags = KPROBE_FLAG_DISABLED,
	};
	int err = register_kprobe(&kp);

	if (!err)
		unregister_kprobe(&kp);
	return err;
}
