#!/bin/bash
# Unit test for scripts/check-log: feeds it console log snippets, most of
# them cut from real Debian 6.1/6.12 guests under QEMU TCG, and checks the
# verdict and the reported lines. No VM needed.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
check_log="$here/../../scripts/check-log"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# shellcheck source=tests/unit/tap.sh
. "$here/tap.sh"

# expect DESC RC [GREP_ERE...]: the log comes on stdin; check-log must exit
# with RC and its stdout must match every GREP_ERE.
expect() {
	local desc=$1 want=$2 rc=0 re
	shift 2

	cat >"$tmp/log"
	"$check_log" "$tmp/log" >"$tmp/out" 2>"$tmp/err" || rc=$?
	if [ "$rc" -ne "$want" ]; then
		not_ok "$desc" "exit $rc, want $want" "$(cat "$tmp/out")"
		return
	fi
	for re in "$@"; do
		if ! grep -q -E -e "$re" "$tmp/out"; then
			not_ok "$desc" "no output line matches: $re" \
				"$(cat "$tmp/out")"
			return
		fi
	done
	ok "$desc"
}

clean_boot() {
	cat <<'EOF'
[    0.000000] Linux version 6.12.117+deb12-amd64 (debian-kernel@lists.debian.org) (x86_64-linux-gnu-gcc-12 (Debian 12.2.0-14+deb12u1) 12.2.0, GNU ld (GNU Binutils for Debian) 2.40) #1 SMP PREEMPT_DYNAMIC Debian 6.12.117-1~deb12u1 (2026-11-14)
[    0.000000] Command line: console=ttyS0 panic=-1 pti=on
[    0.025173] Kernel/User page tables isolation: force enabled on command line.
[    0.137506] rcu: Preemptible hierarchical RCU implementation.
[    0.137529] rcu: 	RCU restricting CPUs from NR_CPUS=8192 to nr_cpu_ids=2.
[    0.218281] x86/cpu: User Mode Instruction Prevention (UMIP) activated
[    0.229962] Spectre V1 : Mitigation: usercopy/swapgs barriers and __user pointer sanitization
[    0.230443] Spectre V2 : Mitigation: Retpolines
[    0.578683] rcu: Hierarchical SRCU implementation.
[    0.860478] PCI: Using host bridge windows from ACPI; if necessary, use "pci=nocrs" and report a bug
[    0.888013] acpi PNP0A03:00: fail to add MMCONFIG information, can't access extended configuration space under this bridge
[    1.430699] AMD-Vi: AMD IOMMUv2 functionality not available on this system - This is not a bug.
[    1.877475] Unstable clock detected, switching default tracing clock to "global"
[    2.941419] Run /init as init process
[    3.183761] cr3stat: loading out-of-tree module taints kernel.
[    3.184122] cr3stat: module verification failed: signature and/or required key missing - tainting kernel
[    3.176423] Uhhuh. NMI received for unknown reason 31 on CPU 0.
[    3.176436] Dazed and confused, but trying to continue
[   14.366338] ACPI: PM: Preparing to enter system sleep state S5
[   14.367192] reboot: Power down
EOF
}

expect "clean boot passes" 0 < <(clean_boot)

warn_splat() {
	cat <<'EOF'
[    4.277817] ------------[ cut here ]------------
[    4.278073] WARNING: CPU: 1 PID: 137 at /tmp/hurt/hurt.c:20 hurt_init+0x24/0xff0 [hurt]
[    4.278466] Modules linked in: hurt(OE+)
[    4.278869] CPU: 1 UID: 0 PID: 137 Comm: insmod Tainted: G           OE      6.12.117+deb12-amd64 #1  Debian 6.12.117-1~deb12u1
[    4.279213] Tainted: [O]=OOT_MODULE, [E]=UNSIGNED_MODULE
[    4.279549] RIP: 0010:hurt_init+0x24/0xff0 [hurt]
[    4.281551] Call Trace:
[    4.282105]  <TASK>
[    4.284504]  do_one_initcall+0x5b/0x320
[    4.288223]  </TASK>
[    4.288311] ---[ end trace 0000000000000000 ]---
EOF
}

expect "WARN splat is caught, with its line number" 1 \
	'^22: \[ *4\.278073\] WARNING: CPU: 1 PID: 137 at' \
	'^24: .*Comm: insmod Tainted: ' '^26: .*RIP: 0010:hurt_init' \
	'^27: .*Call Trace:' < <(clean_boot; warn_splat)

expect "NULL dereference oops is caught" 1 '^1: .*BUG: kernel NULL' '^4: .*Oops: 0002' <<'EOF'
[    3.109112] BUG: kernel NULL pointer dereference, address: 0000000000000000
[    3.109283] #PF: supervisor write access in kernel mode
[    3.109548] PGD 12ff2067 P4D 2560067 PUD 255f067 PMD 0
[    3.109875] Oops: 0002 [#1] PREEMPT SMP NOPTI
[    3.110054] CPU: 1 PID: 91 Comm: insmod Tainted: G           OE      6.1.0-56-amd64 #1  Debian 6.1.192-2
[    3.110518] RIP: 0010:hurt_init+0x3a/0x1000 [hurt]
[    3.110925] note: insmod[91] exited with irqs disabled
EOF

expect "general protection fault is caught" 1 'general protection fault' <<'EOF'
[    5.000000] general protection fault, probably for non-canonical address 0xdead000000000100: 0000 [#1] PREEMPT SMP PTI
EOF

expect "lockdep circular locking splat is caught" 1 \
	'^2: .*WARNING: possible circular locking dependency detected' <<'EOF'
[   12.345678] ======================================================
[   12.345679] WARNING: possible circular locking dependency detected
[   12.345680] 6.12.117+deb12-amd64 #1 Tainted: G           OE
[   12.345681] ------------------------------------------------------
[   12.345682] insmod/137 is trying to acquire lock:
EOF

expect "lockdep inconsistent lock state is caught" 1 'inconsistent lock state' <<'EOF'
[   12.345679] WARNING: inconsistent lock state
EOF

expect "hung task is caught" 1 \
	'^1: .*INFO: task hurt_hang:93 blocked for more than 3 seconds' \
	'^3: .*hung_task_timeout_secs' '^5: .*Call Trace:' <<'EOF'
[    7.153937] INFO: task hurt_hang:93 blocked for more than 3 seconds.
[    7.154262]       Tainted: G           OE      6.1.0-56-amd64 #1 Debian 6.1.192-2
[    7.154458] "echo 0 > /proc/sys/kernel/hung_task_timeout_secs" disables this message.
[    7.154656] task:hurt_hang       state:D stack:0     pid:93    ppid:2      flags:0x00004000
[    7.155072] Call Trace:
EOF

expect "RCU self-detected stall is caught" 1 \
	'^1: .*rcu: INFO: rcu_preempt self-detected stall on CPU' <<'EOF'
[    5.669731] rcu: INFO: rcu_preempt self-detected stall on CPU
[    5.670073] rcu: 	1-....: (691 ticks this GP) idle=13e4/1/0x4000000000000000 softirq=136/136 fqs=329
EOF

expect "RCU stall on other CPUs is caught" 1 'detected stalls on CPUs/tasks' <<'EOF'
[   30.100000] rcu: INFO: rcu_preempt detected stalls on CPUs/tasks:
EOF

expect "soft lockup is caught" 1 'BUG: soft lockup - CPU#1 stuck' <<'EOF'
[    5.455457] watchdog: BUG: soft lockup - CPU#1 stuck for 3s! [insmod:91]
EOF

expect "hard lockup is caught" 1 'hard LOCKUP' <<'EOF'
[    9.000000] NMI watchdog: Watchdog detected hard LOCKUP on cpu 1
EOF

expect "scheduling while atomic is caught" 1 'BUG: scheduling while atomic' <<'EOF'
[    3.195094] BUG: scheduling while atomic: insmod/137/0x00000002
EOF

expect "sleeping in atomic context is caught" 1 'BUG: sleeping function' <<'EOF'
[    3.195094] BUG: sleeping function called from invalid context at kernel/locking/mutex.c:580
EOF

expect "list corruption is caught" 1 'list_del corruption' 'kernel BUG at' <<'EOF'
[    2.902624] list_del corruption, ffff8880045e0a08->next is LIST_POISON1 (dead000000000100)
[    2.903152] kernel BUG at lib/list_debug.c:56!
EOF

expect "panic is caught" 1 'Kernel panic - not syncing' <<'EOF'
[    2.464589] Kernel panic - not syncing: sysrq triggered crash
EOF

expect "UBSAN report is caught" 1 'UBSAN: shift-out-of-bounds' <<'EOF'
[    6.000000] UBSAN: shift-out-of-bounds in /build/cr3stat/module/core.c:42:17
EOF

expect "bare stack dump is caught" 1 'Not tainted' 'Call Trace:' <<'EOF'
[    1.000000] CPU: 0 UID: 0 PID: 1 Comm: init Not tainted 6.12.117+deb12-amd64 #1  Debian 6.12.117-1~deb12u1
[    1.000001] Call Trace:
EOF

expect "allowlisted benign mitigation line passes" 0 < <(
	clean_boot
	echo '[    0.230500] Spectre V2 : WARNING: Unprivileged eBPF is enabled with eIBRS on, data leaks possible via Spectre v2 BHB attacks!'
)

expect "allowlist matches exact messages only" 1 'Unprivileged eBPF' <<'EOF'
[    0.230500] Spectre V2 : WARNING: Unprivileged eBPF is enabled with eIBRS on, data leaks possible via Spectre v2 BHB attacks! and more
EOF

# The serial console writes CRLF line ends.
expect "CRLF log: WARN caught, CR stripped from the report" 1 \
	'^21: \[    5\.000000\] WARNING: CPU: 0 PID: 1 at kernel/foo\.c:1 foo\+0x1/0x2$' \
	< <({ clean_boot
	      echo '[    5.000000] WARNING: CPU: 0 PID: 1 at kernel/foo.c:1 foo+0x1/0x2'
	    } | sed 's/$/\r/')

expect "CRLF clean boot passes" 0 < <(clean_boot | sed 's/$/\r/')

expect "empty log passes" 0 </dev/null

rc=0
"$check_log" "$tmp/does-not-exist" >/dev/null 2>&1 || rc=$?
if [ "$rc" -eq 2 ]; then
	ok "unreadable log is a usage error (exit 2)"
else
	not_ok "unreadable log is a usage error (exit 2)" "exit $rc"
fi

echo "# check-log: $((tap_n - tap_failed)) passed, $tap_failed failed"
tap_done
