# Shared helpers for the in-guest test suites (busybox sh).  Results are
# TAP lines; the host counts them and checks the plan printed at the end.

# shellcheck disable=SC2034 # used by the suites that source this file
D=/sys/kernel/debug/cr3stat
# shellcheck disable=SC2034
KO=/lib/modules/cr3stat.ko
T_N=0
T_FAIL=0

# EMU: the emulator the guest runs under, from cr3t.emu= on the command
# line (scripts/guest-run sets it for Bochs); qemu otherwise.
EMU=qemu
read -r _cmdline </proc/cmdline
for _arg in $_cmdline; do
	case "$_arg" in cr3t.emu=*) EMU=${_arg#cr3t.emu=} ;; esac
done

# pick Q B: Q under QEMU, B under Bochs (several times slower per guest
# instruction), for loop counts that only need to be large enough.
pick() {
	if [ "$EMU" = bochs ]; then echo "$2"; else echo "$1"; fi
}

ok() {
	T_N=$((T_N + 1))
	echo "ok $T_N - $*"
}

nok() {
	T_N=$((T_N + 1))
	T_FAIL=$((T_FAIL + 1))
	echo "not ok $T_N - $*"
}

# check DESC CMD...: one test, passing when CMD succeeds.
check() {
	_desc=$1
	shift
	if "$@"; then ok "$_desc"; else nok "$_desc"; fi
}

# not CMD...: negate a command for check.
not() {
	! "$@"
}

# diag TEXT: a TAP comment, shown in the host log.
diag() {
	echo "# $*"
}

done_testing() {
	echo "1..$T_N"
	[ "$T_FAIL" -eq 0 ]
}

# tget FILE KEYCOL KEY COL: from a table with a header line, the value in
# column COL of the row whose column KEYCOL is KEY (columns by header
# name).  Prints NA when there is no such row or column.
tget() {
	awk -v kc="$2" -v k="$3" -v c="$4" '
		NR == 1 { for (i = 1; i <= NF; i++) {
				if ($i == kc) kci = i
				if ($i == c) ci = i
			}
			next }
		kci && $kci == k { v = $ci }
		END { print (ci && v != "") ? v : "NA" }' "$1"
}

# cnt NAME [COLUMN]: one value from the counters table; COLUMN is "total"
# (default) or "cpuN".
cnt() {
	tget "$D/counters" counter "$1" "${2:-total}"
}

# hits SITE [COLUMN]: hits of a site ("function+0xoff") from the sites file.
hits() {
	tget "$D/sites" site "$1" "${2:-total}"
}

# kallsyms: /proc/kallsyms, read once into /tmp (formatting it is slow
# under emulation, Bochs above all); kernel symbols do not move.
kallsyms() {
	[ -s /tmp/kallsyms ] || cat /proc/kallsyms >/tmp/kallsyms
	echo /tmp/kallsyms
}

# ksym NAME: the address of a kernel text symbol, from /proc/kallsyms.
ksym() {
	grep -m 1 -E " [tT] $1\$" "$(kallsyms)" | cut -d ' ' -f 1
}

# ksym_addr NAME: the address (or per-CPU offset) of any kernel symbol.
ksym_addr() {
	grep -m 1 -E " [A-Za-z] $1\$" "$(kallsyms)" | cut -d ' ' -f 1
}

# ksym_end ADDR: the address of the next symbol after ADDR.  Addresses are
# hex of one width, so they compare as strings; the symbols sharing ADDR's
# 64 KiB are looked at first (grep is much cheaper than awk on the whole
# table under emulation), the whole table only if none comes after ADDR.
ksym_end() {
	_next() {
		awk -v a="$1" '$1 > a && (m == "" || $1 < m) { m = $1 }
			END { print m }'
	}
	_e=$(grep "^${1%????}" "$(kallsyms)" | _next "$1")
	[ -n "$_e" ] || _e=$(_next "$1" <"$(kallsyms)")
	echo "$_e"
}

# rows_add_up: in every counters row, total = sum of the CPU columns
# (rows of unsupported counters say so in every column instead).
rows_add_up() {
	awk 'NR > 1 && $4 != "unsupported" { s = 0
		for (i = 5; i <= NF; i++) s += $i
		if (s != $4) bad = 1 } END { exit bad }' "$D/counters"
}

# kinds_valid: every counter is exact or derived.
kinds_valid() {
	awk 'NR > 1 && $3 != "exact" && $3 != "derived" { bad = 1 }
		END { exit bad }' "$D/counters"
}

# all_zero: every value in the counters table is 0 (or unsupported).
all_zero() {
	awk 'NR > 1 && $4 != "unsupported" {
		for (i = 4; i <= NF; i++) if ($i != 0) bad = 1 }
		END { exit bad }' "$D/counters"
}

# unsupported_row NAME: the counter reads "unsupported" in every column.
unsupported_row() {
	awk -v c="$1" '$1 == c { f = 1; for (i = 4; i <= NF; i++)
		if ($i != "unsupported") bad = 1 }
		END { exit bad || !f }' "$D/counters"
}

# info KEY: one value from the info file.
info() {
	sed -n "s/^$1: //p" "$D/info"
}

# kprobed SYMBOL: is a kprobe registered on SYMBOL (any offset)?
kprobed() {
	grep -q " $1+" /sys/kernel/debug/kprobes/list
}

# kprobed_at SITE: is a kprobe registered exactly at SITE (symbol+0xoff)?
kprobed_at() {
	awk -v s="$1" '$3 == s { f = 1 } END { exit !f }' \
		/sys/kernel/debug/kprobes/list
}

# ge A B: A >= B for counter values (fails on NA).
ge() {
	[ "$1" != NA ] && [ "$2" != NA ] && [ "$1" -ge "$2" ]
}

# last_cpu: the highest online CPU number, where workloads are pinned.
last_cpu() {
	sed 's/.*[-,]//' /sys/devices/system/cpu/online
}

# ncpus FILE: how many CPUs a sysfs cpu list ("0-1,3") names.
ncpus() {
	tr ',' '\n' <"$1" | awk -F- '{ n += (NF == 2) ? $2 - $1 + 1 : 1 } END { print n }'
}

# host_nmi K: ask the host to inject K NMIs, and wait until CPU 0 has seen
# them (the host serves "@@host" lines on the results channel).
nmis_cpu0() {
	awk '$1 == "NMI:" { print $2 }' /proc/interrupts
}

host_nmi() {
	_before=$(nmis_cpu0)
	echo "@@host nmi $1"
	_i=0
	while [ "$(nmis_cpu0)" -lt $((_before + $1)) ] && [ $_i -lt 600 ]; do
		sleep 0.1
		_i=$((_i + 1))
	done
	[ "$(nmis_cpu0)" -ge $((_before + $1)) ]
}

# unload: rmmod cr3stat, retried while a reader's open file pins it.
unload() {
	_i=0
	until rmmod cr3stat 2>/dev/null; do
		_i=$((_i + 1))
		[ $_i -lt 1000 ] || return 1
	done
}

# tainted_beyond_module: is the kernel tainted by anything but loading an
# out-of-tree (O, 4096) or unsigned (E, 8192) module, beyond what it was
# at boot (init saves that in /tmp/boot_taint: 0 under QEMU; under Bochs
# on 6.12 the W of its one known boot WARN, which the host's log check
# accounts for, and any other WARN still fails the boot there)?
tainted_beyond_module() {
	_boot=$(cat /tmp/boot_taint 2>/dev/null || echo 0)
	[ $(($(cat /proc/sys/kernel/tainted) & ~(4096 | 8192 | _boot))) -ne 0 ]
}
