# The same Bochs CPUID quirk as 6.12-topology-parse_legacy.sig (read that
# first), as Debian's 7.3 prints it: the WARN moved to line 95 of
# topology_common.c and prints in the 7.x one-line form, the call chain
# starts at parse_topology(), and a stale _printk frame shows between
# setup_arch() and start_kernel().  Seen on every 7.3.4 boot under Bochs
# 2.7 (make matrix), with no module loaded.
timestamp 0.000000
= ------------[ cut here ]------------
~ WARNING: arch/x86/kernel/cpu/topology_common\.c:95 at parse_legacy\+0x[0-9a-f]+/0x[0-9a-f]+, CPU#0: swapper/0
= Modules linked in:
~ CPU: 0 UID: 0 PID: 0 Comm: swapper Not tainted 7\.3\.[0-9]+\+deb[0-9]+-amd64 #1 PREEMPT\(undef\)  Debian 7\.3\.[0-9]+-[0-9a-z.~+]+ ?
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
~  \? parse_topology\+0x[0-9a-f]+/0x[0-9a-f]+
~  \? cpu_init_topology\+0x[0-9a-f]+/0x[0-9a-f]+
~  \? early_cpu_init\+0x[0-9a-f]+/0x[0-9a-f]+
~  \? setup_arch\+0x[0-9a-f]+/0x[0-9a-f]+
~  \? _printk\+0x[0-9a-f]+/0x[0-9a-f]+
~  \? start_kernel\+0x[0-9a-f]+/0x[0-9a-f]+
~  \? x86_64_start_reservations\+0x[0-9a-f]+/0x[0-9a-f]+
~  \? x86_64_start_kernel\+0x[0-9a-f]+/0x[0-9a-f]+
~  \? common_startup_64\+0x[0-9a-f]+/0x[0-9a-f]+
=  </TASK>
= ---[ end trace 0000000000000000 ]---
