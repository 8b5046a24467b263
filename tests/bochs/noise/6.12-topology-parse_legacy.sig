# The one boot WARN Bochs 2.7 causes on Debian 6.12, with no module loaded.
#
# Bochs's CPU models report fewer logical processors per package in CPUID
# leaf 1 (EBX[23:16]) than leaf 4 implies cores, with the HT flag set; the
# 6.12 topology parser's parse_legacy() has WARN_ON_ONCE() on exactly that
# (arch/x86/kernel/cpu/topology_common.c).  It describes the emulated CPU,
# not kernel health, and fires before any module or user task exists.
#
# scripts/bochs-denoise removes a block only if every line matches, in
# order, and only once per boot: a second such WARN, another WARN site,
# another call chain, a taint, a module list or a later time stays in the
# log and fails the boot.  Identity is exact (WARN site and line, PID 0 at
# time 0, untainted, no module, the whole call chain by function name);
# what one build of the same kernel prints differently (offsets, code
# bytes, register values) is matched by shape.
#
# Format: "timestamp T" (every line's printk time must be T), then one line
# per console line, printk timestamp removed: "= TEXT" exact, "~ ERE" an
# extended regexp matching the whole line.
timestamp 0.000000
= ------------[ cut here ]------------
~ WARNING: CPU: 0 PID: 0 at arch/x86/kernel/cpu/topology_common\.c:57 parse_legacy\+0x[0-9a-f]+/0x[0-9a-f]+
= Modules linked in:
~ CPU: 0 UID: 0 PID: 0 Comm: swapper Not tainted 6\.12\.[0-9]+\+deb[0-9]+-amd64 #1 +Debian 6\.12\.[0-9]+-[0-9a-z.~+]+
~ RIP: 0010:parse_legacy\+0x[0-9a-f]+/0x[0-9a-f]+
~ Code: ([0-9a-f]{2} |<[0-9a-f]{2}> )*[0-9a-f]{2}
~ RSP: 0000:[0-9a-f]{16} EFLAGS: [0-9a-f]{8} ORIG_RAX: [0-9a-f]{16}
~ RAX: [0-9a-f]{16} RBX: [0-9a-f]{16} RCX: [0-9a-f]{16}
~ RDX: [0-9a-f]{16} RSI: [0-9a-f]{16} RDI: [0-9a-f]{16}
~ RBP: [0-9a-f]{16} R08: [0-9a-f]{16} R09: [0-9a-f]{16}
~ R10: [0-9a-f]{16} R11: [0-9a-f]{16} R12: [0-9a-f]{16}
~ R13: [0-9a-f]{16} R14: [0-9a-f]{16} R15: [0-9a-f]{16}
~ FS:  [0-9a-f]{16}\(0000\) GS:[0-9a-f]{16}\(0000\) knlGS:[0-9a-f]{16}
~ CS:  0010 DS: 0000 ES: 0000 CR0: [0-9a-f]{16}
~ CR2: [0-9a-f]{16} CR3: [0-9a-f]{16} CR4: [0-9a-f]{16}
= Call Trace:
=  <TASK>
~  \? cpu_init_topology\+0x[0-9a-f]+/0x[0-9a-f]+
~  \? early_cpu_init\+0x[0-9a-f]+/0x[0-9a-f]+
~  \? setup_arch\+0x[0-9a-f]+/0x[0-9a-f]+
~  \? start_kernel\+0x[0-9a-f]+/0x[0-9a-f]+
~  \? x86_64_start_reservations\+0x[0-9a-f]+/0x[0-9a-f]+
~  \? x86_64_start_kernel\+0x[0-9a-f]+/0x[0-9a-f]+
~  \? common_startup_64\+0x[0-9a-f]+/0x[0-9a-f]+
=  </TASK>
= ---[ end trace 0000000000000000 ]---
