// SPDX-License-Identifier: GPL-2.0
/*
 * l2wp - run an L2 guest through /dev/kvm that toggles CR0.WP a known
 * number of times, then writes CR3 and CR4 a known number of times.
 *
 * usage: l2wp [-p] [-t] WP [CR3 [CR4]]
 *
 * One VM with one vCPU and 2 MiB of memory.  The guest starts in 64-bit
 * mode with paging (an identity map of its 2 MiB in one large page), or
 * with -p in 32-bit protected mode without paging.  Its code:
 *   WP times   mov %cr0,%rax; xor $X86_CR0_WP,%rax; mov %rax,%cr0
 *   CR3 times  mov %cr3,%rax; mov %rax,%cr3
 *   CR4 times  mov %cr4,%rax; mov %rax,%cr4
 * then an OUT to port 0x10, which ends the run.  Every MOV to CR0 changes
 * only WP.  The counts are registers (rcx, rdx, rsi), so one program
 * serves every N.  With -t it prints the nanoseconds spent in KVM_RUN
 * (under QEMU -icount shift=0: guest instructions, L1 and L2 together).
 * Exit status 0 when the guest ended at its OUT, 1 otherwise.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/kvm.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#define MEM_SIZE	0x200000UL
#define CODE_GPA	0x1000UL
#define PML4_GPA	0x2000UL
#define PDPT_GPA	0x3000UL
#define PD_GPA		0x4000UL
#define DONE_PORT	0x10

#define CR0_PE		(1UL << 0)
#define CR0_MP		(1UL << 1)
#define CR0_ET		(1UL << 4)
#define CR0_NE		(1UL << 5)
#define CR0_WP		(1UL << 16)
#define CR0_PG		(1UL << 31)
#define CR4_PAE		(1UL << 5)
#define EFER_LME	(1UL << 8)
#define EFER_LMA	(1UL << 10)
#define PTE_P		(1UL << 0)
#define PTE_RW		(1UL << 1)
#define PTE_PS		(1UL << 7)

/*
 * The guest's code, 64-bit and 32-bit (the bytes "as" gives for the
 * instructions beside them).  Counts in rcx, rdx, rsi (ecx, edx, esi).
 */
static const unsigned char l2_code64[] = {
	0x48, 0x85, 0xc9,			/*     test %rcx,%rcx	*/
	0x74, 0x11,				/*     jz 2f		*/
	0x0f, 0x20, 0xc0,			/* 1:  mov %cr0,%rax	*/
	0x48, 0x35, 0x00, 0x00, 0x01, 0x00,	/*     xor $0x10000,%rax */
	0x0f, 0x22, 0xc0,			/*     mov %rax,%cr0	*/
	0x48, 0xff, 0xc9,			/*     dec %rcx		*/
	0x75, 0xef,				/*     jnz 1b		*/
	0x48, 0x85, 0xd2,			/* 2:  test %rdx,%rdx	*/
	0x74, 0x0b,				/*     jz 4f		*/
	0x0f, 0x20, 0xd8,			/* 3:  mov %cr3,%rax	*/
	0x0f, 0x22, 0xd8,			/*     mov %rax,%cr3	*/
	0x48, 0xff, 0xca,			/*     dec %rdx		*/
	0x75, 0xf5,				/*     jnz 3b		*/
	0x48, 0x85, 0xf6,			/* 4:  test %rsi,%rsi	*/
	0x74, 0x0b,				/*     jz 6f		*/
	0x0f, 0x20, 0xe0,			/* 5:  mov %cr4,%rax	*/
	0x0f, 0x22, 0xe0,			/*     mov %rax,%cr4	*/
	0x48, 0xff, 0xce,			/*     dec %rsi		*/
	0x75, 0xf5,				/*     jnz 5b		*/
	0xe6, 0x10,				/* 6:  out %al,$0x10	*/
	0xf4,					/*     hlt		*/
	0xeb, 0xfb,				/*     jmp 6b		*/
};

static const unsigned char l2_code32[] = {
	0x85, 0xc9,				/*     test %ecx,%ecx	*/
	0x74, 0x0e,				/*     jz 2f		*/
	0x0f, 0x20, 0xc0,			/* 1:  mov %cr0,%eax	*/
	0x35, 0x00, 0x00, 0x01, 0x00,		/*     xor $0x10000,%eax */
	0x0f, 0x22, 0xc0,			/*     mov %eax,%cr0	*/
	0x49,					/*     dec %ecx		*/
	0x75, 0xf2,				/*     jnz 1b		*/
	0x85, 0xd2,				/* 2:  test %edx,%edx	*/
	0x74, 0x09,				/*     jz 4f		*/
	0x0f, 0x20, 0xd8,			/* 3:  mov %cr3,%eax	*/
	0x0f, 0x22, 0xd8,			/*     mov %eax,%cr3	*/
	0x4a,					/*     dec %edx		*/
	0x75, 0xf7,				/*     jnz 3b		*/
	0x85, 0xf6,				/* 4:  test %esi,%esi	*/
	0x74, 0x09,				/*     jz 6f		*/
	0x0f, 0x20, 0xe0,			/* 5:  mov %cr4,%eax	*/
	0x0f, 0x22, 0xe0,			/*     mov %eax,%cr4	*/
	0x4e,					/*     dec %esi		*/
	0x75, 0xf7,				/*     jnz 5b		*/
	0xe6, 0x10,				/* 6:  out %al,$0x10	*/
	0xf4,					/*     hlt		*/
	0xeb, 0xfb,				/*     jmp 6b		*/
};

static void die(const char *what)
{
	fprintf(stderr, "l2wp: %s: %s\n", what, strerror(errno));
	exit(1);
}

static int xioctl(int fd, unsigned long req, void *arg, const char *what)
{
	int r = ioctl(fd, req, arg);

	if (r < 0)
		die(what);
	return r;
}

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Flat segments: base 0, 4 GiB, present, ring 0. */
static void flat(struct kvm_segment *s, int code, int lm)
{
	memset(s, 0, sizeof(*s));
	s->limit = 0xffffffff;
	s->selector = code ? 8 : 16;
	s->type = code ? 11 : 3;
	s->present = 1;
	s->s = 1;
	s->g = 1;
	s->l = code && lm;
	s->db = !(code && lm);
}

/* The guest's CPUID: what KVM supports, as any VMM would give it. */
static void set_cpuid(int kvm, int vcpu)
{
	int n = 256;
	struct kvm_cpuid2 *c = calloc(1, sizeof(*c) +
				      n * sizeof(struct kvm_cpuid_entry2));

	if (!c)
		die("calloc");
	c->nent = n;
	xioctl(kvm, KVM_GET_SUPPORTED_CPUID, c, "KVM_GET_SUPPORTED_CPUID");
	xioctl(vcpu, KVM_SET_CPUID2, c, "KVM_SET_CPUID2");
	free(c);
}

static void set_mode(int vcpu, unsigned char *mem, int lm)
{
	struct kvm_sregs sr;
	uint64_t *pml4 = (uint64_t *)(mem + PML4_GPA);
	uint64_t *pdpt = (uint64_t *)(mem + PDPT_GPA);
	uint64_t *pd = (uint64_t *)(mem + PD_GPA);

	xioctl(vcpu, KVM_GET_SREGS, &sr, "KVM_GET_SREGS");
	flat(&sr.cs, 1, lm);
	flat(&sr.ds, 0, lm);
	sr.es = sr.fs = sr.gs = sr.ss = sr.ds;
	if (lm) {
		pml4[0] = PDPT_GPA | PTE_P | PTE_RW;
		pdpt[0] = PD_GPA | PTE_P | PTE_RW;
		pd[0] = PTE_P | PTE_RW | PTE_PS;
		sr.cr3 = PML4_GPA;
		sr.cr4 = CR4_PAE;
		sr.efer = EFER_LME | EFER_LMA;
		sr.cr0 = CR0_PE | CR0_MP | CR0_ET | CR0_NE | CR0_WP | CR0_PG;
	} else {
		sr.cr3 = 0;
		sr.cr4 = 0;
		sr.efer = 0;
		sr.cr0 = CR0_PE | CR0_ET | CR0_NE;
	}
	xioctl(vcpu, KVM_SET_SREGS, &sr, "KVM_SET_SREGS");
}

int main(int argc, char **argv)
{
	struct kvm_userspace_memory_region region = { 0 };
	unsigned long long n[3] = { 0, 0, 0 };
	struct kvm_regs regs = { 0 };
	int lm = 1, timed = 0, kvm, vm, vcpu, sz, opt, i;
	struct kvm_run *run;
	unsigned char *mem;
	long long t, spent = 0;

	while ((opt = getopt(argc, argv, "pt")) != -1) {
		if (opt == 'p')
			lm = 0;
		else if (opt == 't')
			timed = 1;
		else
			goto usage;
	}
	if (argc - optind < 1 || argc - optind > 3)
		goto usage;
	for (i = 0; optind + i < argc; i++)
		n[i] = strtoull(argv[optind + i], NULL, 0);
	if (!lm && (n[0] > 0xffffffffULL || n[1] > 0xffffffffULL ||
		    n[2] > 0xffffffffULL))
		goto usage;

	kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (kvm < 0)
		die("/dev/kvm");
	vm = xioctl(kvm, KVM_CREATE_VM, 0, "KVM_CREATE_VM");
	mem = mmap(NULL, MEM_SIZE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (mem == MAP_FAILED)
		die("mmap");
	if (lm)
		memcpy(mem + CODE_GPA, l2_code64, sizeof(l2_code64));
	else
		memcpy(mem + CODE_GPA, l2_code32, sizeof(l2_code32));
	region.memory_size = MEM_SIZE;
	region.userspace_addr = (uintptr_t)mem;
	xioctl(vm, KVM_SET_USER_MEMORY_REGION, &region,
	       "KVM_SET_USER_MEMORY_REGION");

	vcpu = xioctl(vm, KVM_CREATE_VCPU, 0, "KVM_CREATE_VCPU");
	sz = xioctl(kvm, KVM_GET_VCPU_MMAP_SIZE, 0, "KVM_GET_VCPU_MMAP_SIZE");
	run = mmap(NULL, sz, PROT_READ | PROT_WRITE, MAP_SHARED, vcpu, 0);
	if (run == MAP_FAILED)
		die("mmap kvm_run");
	set_cpuid(kvm, vcpu);
	set_mode(vcpu, mem, lm);
	regs.rip = CODE_GPA;
	regs.rflags = 2;
	regs.rcx = n[0];
	regs.rdx = n[1];
	regs.rsi = n[2];
	xioctl(vcpu, KVM_SET_REGS, &regs, "KVM_SET_REGS");

	do {
		t = now_ns();
		if (ioctl(vcpu, KVM_RUN, 0) < 0 && errno != EINTR)
			die("KVM_RUN");
		spent += now_ns() - t;
	} while (run->exit_reason == KVM_EXIT_INTR);

	if (run->exit_reason != KVM_EXIT_IO ||
	    run->io.direction != KVM_EXIT_IO_OUT ||
	    run->io.port != DONE_PORT) {
		fprintf(stderr, "l2wp: unexpected exit %u (port 0x%x)\n",
			run->exit_reason,
			run->exit_reason == KVM_EXIT_IO ? run->io.port : 0);
		return 1;
	}
	if (timed)
		printf("%lld\n", spent);
	return 0;

usage:
	fprintf(stderr, "usage: l2wp [-p] [-t] WP [CR3 [CR4]]\n");
	return 2;
}
