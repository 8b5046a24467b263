/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the kvm group reads of KVM's own data, in one place.  Only data is
 * read, never a kvm.ko symbol referenced: a reference would make kvm.ko a
 * dependency of cr3stat, so that cr3stat could not load without it and
 * kvm.ko could not be removed while cr3stat is loaded.  Checked against
 * Debian 6.1, 6.12 and 7.3 (arch/x86/include/asm/kvm_host.h).
 */
#ifndef CR3STAT_KVM_COMPAT_H
#define CR3STAT_KVM_COMPAT_H

#include <linux/kvm_host.h>
#include <linux/module.h>
#include <linux/rcupdate.h>
#include <linux/string.h>

/**
 * cr3stat_kvm_drops_current_root() - will kvm_mmu_free_roots() free it?
 * @mmu: its second argument, a struct kvm_mmu
 * @roots_to_free: its third, KVM_MMU_ROOT_* flags
 *
 * The function's own first test: the current root is freed when it is
 * asked for and valid (struct kvm_mmu's root.hpa, and KVM_MMU_ROOT_CURRENT,
 * are the same in 6.1 to 7.3).
 */
static inline bool cr3stat_kvm_drops_current_root(const void *mmu,
						  unsigned long roots_to_free)
{
	const struct kvm_mmu *m = mmu;

	return (roots_to_free & KVM_MMU_ROOT_CURRENT) &&
	       VALID_PAGE(READ_ONCE(m->root.hpa));
}

/**
 * cr3stat_module_sym() - a symbol of a loaded module, from its own table
 * @mod: the module, live or coming (the caller keeps it from going)
 * @name: the symbol
 * @addr: its address
 * @size: its size
 *
 * What module_kallsyms_lookup_name() does, without its export and without
 * the disabled kprobe (and its synchronize_rcu()) cr3stat_ksym() needs: the
 * table (struct mod_kallsyms, the same in 6.1 to 7.3) is replaced under
 * RCU once the module's init is done.
 *
 * Return: whether @mod defines @name.
 */
static inline bool cr3stat_module_sym(struct module *mod, const char *name,
				      unsigned long *addr, unsigned long *size)
{
	const struct mod_kallsyms *ks;
	bool found = false;
	unsigned int i;

	rcu_read_lock();
	ks = rcu_dereference(mod->kallsyms);
	for (i = 0; ks && i < ks->num_symtab; i++) {
		const Elf_Sym *sym = &ks->symtab[i];

		if (sym->st_shndx == SHN_UNDEF ||
		    strcmp(ks->strtab + sym->st_name, name))
			continue;
		*addr = sym->st_value;
		*size = sym->st_size;
		found = true;
		break;
	}
	rcu_read_unlock();
	return found;
}

#endif /* CR3STAT_KVM_COMPAT_H */
