/* SPDX-License-Identifier: GPL-2.0 */
#ifndef CR3ORACLE_PLUGIN_API_H
#define CR3ORACLE_PLUGIN_API_H

#include <stddef.h>
#include <stdint.h>

/*
 * The plugin API v1 as QEMU 7.2 exports it.  Debian ships no qemu-plugin.h,
 * so what is used is declared here; the structs stay opaque.
 */
struct qemu_info;
struct qemu_plugin_tb;
struct qemu_plugin_insn;

#define QEMU_PLUGIN_CB_NO_REGS 0

int qemu_plugin_install(uint64_t id, const struct qemu_info *info,
			int argc, char **argv);
void qemu_plugin_register_vcpu_tb_trans_cb(uint64_t id,
		void (*cb)(uint64_t id, struct qemu_plugin_tb *tb));
size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb *tb);
struct qemu_plugin_insn *
qemu_plugin_tb_get_insn(const struct qemu_plugin_tb *tb, size_t idx);
const void *qemu_plugin_insn_data(const struct qemu_plugin_insn *insn);
size_t qemu_plugin_insn_size(const struct qemu_plugin_insn *insn);
uint64_t qemu_plugin_insn_vaddr(const struct qemu_plugin_insn *insn);
void qemu_plugin_register_vcpu_insn_exec_cb(struct qemu_plugin_insn *insn,
					    void (*cb)(unsigned int vcpu,
						       void *udata),
					    int flags, void *udata);
void qemu_plugin_register_atexit_cb(uint64_t id,
				    void (*cb)(uint64_t id, void *udata),
				    void *udata);
void qemu_plugin_outs(const char *string);

#endif
