# Shared helpers for the in-guest test suites (busybox sh).  Results are
# KTAP (Documentation/dev-tools/ktap.rst): a version line when this file
# is sourced, one "ok"/"not ok" line per test, "# SKIP reason" on tests
# that did not run, "# " diagnostics, and the plan "1..N".  The plan comes
# last: the suites decide what to test as they go, so N is known only at
# the end (TAP13 allows a trailing plan; KTAP wants it after the version
# line where it is known in advance).  The host (tests/run) counts passes,
# failures and skips, and fails a suite whose plan is missing or wrong.
# Descriptions carry no '#': KTAP reserves it for directives.

# shellcheck disable=SC2034 # used by the suites that source this file
D=/sys/kernel/debug/cr3stat
# shellcheck disable=SC2034
KO=/lib/modules/cr3stat.ko
# The kernel's files the checks read (tests/negative/run points them at
# known-bad copies).
KPROBES=/sys/kernel/debug/kprobes/list
TAINTED=/proc/sys/kernel/tainted
DFSWRITE=/bin/dfswrite
T_N=0
T_FAIL=0
# A suite's header, once: checks that source this file again in a child
# shell (sh -c '. /tests/lib.sh; ...') must not open another test set.
if [ -z "${CR3T_KTAP:-}" ]; then
	echo "KTAP version 1"
	export CR3T_KTAP=1
fi

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

# skip DESC REASON: a test that does not apply here, and why.  Not a pass.
skip() {
	T_N=$((T_N + 1))
	echo "ok $T_N - $1 # SKIP $2"
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
	grep -q " $1+" "$KPROBES"
}

# kprobed_at SITE: is a kprobe registered exactly at SITE (symbol+0xoff)?
kprobed_at() {
	awk -v s="$1" '$3 == s { f = 1 } END { exit !f }' "$KPROBES"
}

# probe_gone SITE: SITE names a site, and no kprobe sits on it.
probe_gone() {
	[ -n "$1" ] && ! kprobed_at "$1"
}

# einval_all FILE:VALUE...: each write of VALUE to $D/FILE, one write()
# each, is refused with EINVAL; the others are named in diagnostics.
einval_all() {
	_bad=0
	for _req in "$@"; do
		_r=$("$DFSWRITE" "$D/${_req%%:*}" "${_req#*:}")
		[ "$_r" = EINVAL ] ||
			{ diag "write '$(echo "$_req" | cut -c1-24)': $_r"; _bad=1; }
	done
	return $_bad
}

# dfs_state: every setting and count a bad write must leave alone.
dfs_state() {
	cat "$D/enable" "$D/groups" "$D/counters" "$D/msr_watch" "$D/bench" \
		"$KPROBES"
}

# hist_cpu EVENT CPU: hits on CPU of the kprobe event cr3chk/EVENT, from
# its hist:keys=cpu trigger.
hist_cpu() {
	awk -v c="$2" '$1 == "{" && $2 == "cpu:" && $3 == c { v = $6 }
		END { print v + 0 }' "/sys/kernel/tracing/events/cr3chk/$1/hist"
}

# none_detached: no group in the groups file is "attached no" (those this
# kernel cannot attach say "unsupported").
none_detached() {
	awk 'NR > 1 && $3 == "no" { bad = 1 } END { exit bad }' "$D/groups"
}

# tp_probed NAME: does anything probe tracepoint NAME?  Read from the
# kernel's own static key (tpkey), not from cr3stat.
tp_probed() {
	[ "$(/bin/tpkey "$1" | awk '{ print $2 }')" -gt 0 ] 2>/dev/null
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

# nmis_cpu0: the NMIs CPU 0 has taken, from /proc/interrupts.
nmis_cpu0() {
	awk '$1 == "NMI:" { print $2 }' /proc/interrupts
}

# host_nmi K: ask the host to inject K NMIs, and wait until CPU 0 has seen
# them (the host serves "@@host" lines on the results channel).
host_nmi() {
	_i=0
	while [ $_i -lt "$1" ]; do
		host_nmi_one || return 1
		_i=$((_i + 1))
	done
}

# host_nmi_one: one NMI, and wait until CPU 0 has taken it.  One at a
# time: NMIs injected faster than a slow guest (a loaded host, the
# console printing the last one) takes them would coalesce into one.
host_nmi_one() {
	_before=$(nmis_cpu0)
	echo "@@host nmi 1"
	_w=0
	while [ "$(nmis_cpu0)" -le "$_before" ] && [ $_w -lt 600 ]; do
		sleep 0.05
		_w=$((_w + 1))
	done
	[ "$(nmis_cpu0)" -eq $((_before + 1)) ]
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
	[ $(($(cat "$TAINTED") & ~(4096 | 8192 | _boot))) -ne 0 ]
}

# --- Leak checks (stress.sh, negative.sh).  Debian's kernels have no
# kmemleak; they have SLUB_DEBUG and a stack depot, so booted with
# slub_debug=U every slab object remembers the stack that allocated it.

# quiesce: let deferred frees (RCU, workqueues) happen, drop caches and
# shrink every slab cache, which flushes the CPUs' slabs: SLUB counts all
# of a CPU's slab objects as in use, free or not.
quiesce() {
	sync
	echo 3 >/proc/sys/vm/drop_caches
	sleep 2
	for _s in /sys/kernel/slab/*/shrink; do
		echo 1 >"$_s"
	done 2>/dev/null
}

# meminfo KEY: a /proc/meminfo value, in kB.
meminfo() {
	awk -v k="$1:" '$1 == k { print $2 }' /proc/meminfo
}

# slab_objs: "CACHE ACTIVE_OBJECTS OBJECT_SIZE" for every slab cache
# (after quiesce, the objects in use, give or take a slab).
slab_objs() {
	awk 'NR > 2 { print $1, $2, $4 }' /proc/slabinfo
}

# slab_growth BEFORE AFTER LIMIT: the caches of two slab_objs snapshots
# that grew by more than LIMIT bytes, as "CACHE BEFORE AFTER BYTES".
slab_growth() {
	awk -v l="$3" 'FNR == NR { b[$1] = $2; next }
		($2 - b[$1]) * $3 > l { print $1, b[$1] + 0, $2, ($2 - b[$1]) * $3 }' \
		"$1" "$2"
}

# alloc_sites CACHE...: with slub_debug=U, "FUNCTION COUNT" for the
# objects in use in each CACHE, by the function that allocated them.
alloc_sites() {
	for _c in "$@"; do
		cat "/sys/kernel/debug/slab/$_c/alloc_traces" 2>/dev/null
	done | awk '/^ *[0-9]+ / { f = $2; sub(/\+.*/, "", f); n[f] += $1 }
		END { for (f in n) print f, n[f] }'
}

# orphans: slab objects whose allocation stack has a frame in no text
# the kernel knows any more (a module that is gone), or NA without
# slub_debug=U.  Stack frames print as "sym+off/size [mod]", or as a bare
# address when no symbol covers them.
orphans() {
	[ -n "$(ls /sys/kernel/debug/slab 2>/dev/null)" ] || { echo NA; return; }
	cat /sys/kernel/debug/slab/*/alloc_traces 2>/dev/null | awk '
		/^ *[0-9]+ / { n += raw * cnt; cnt = $1; raw = $2 ~ /^0x/; next }
		/^ +0x[0-9a-f]+$/ { raw = 1 }
		END { n += raw * cnt; print n + 0 }'
}
