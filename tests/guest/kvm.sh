# KVM host suite: the kvm group against Debian's own kvm.ko and kvm-amd.ko
# (QEMU's -cpu max has SVM and NPT), with an L2 guest run by /bin/l2wp
# through /dev/kvm that toggles CR0.WP a known number of times.  kvm.ko
# comes and goes around a loaded cr3stat; the group is toggled while an L2
# guest runs.
# shellcheck source=tests/guest/lib.sh
. /tests/lib.sh

M=/lib/modules
CPU=$(last_cpu)
MASK=$(printf %x $((1 << CPU)))
KVM_CTRS="kvm_cr0_writes kvm_cr0_wp_toggles kvm_wp_fast kvm_wp_resets
	kvm_wp_nopaging kvm_mmu_resets kvm_root_loads kvm_root_frees
	kvm_cr3_writes kvm_cr4_writes kvm_cr_traced_writes"
case "$(uname -r)" in
6.1.*) OLD_WP_RULE=1 ;;	# no paging check before the fast path
*) OLD_WP_RULE=0 ;;
esac

# kvm_load NPT: kvm and kvm-amd, and what they need if not loaded yet.
kvm_load() {
	for _m in irqbypass ccp; do
		grep -q "^$_m " /proc/modules || insmod "$M/$_m.ko" || return 1
	done
	insmod "$M/kvm.ko" && insmod "$M/kvm-amd.ko" "npt=$1"
}

kvm_unload() {
	rmmod kvm_amd && rmmod kvm
}

# every_kvm_counter unsupported|supported
every_kvm_counter() {
	for _c in $KVM_CTRS; do
		if unsupported_row "$_c"; then _s=unsupported; else _s=supported; fi
		[ "$_s" = "$1" ] || { diag "$_c is $_s"; return 1; }
	done
}

kvm_kprobed() {
	grep -qE ' (kvm_post_set_cr0|kvm_init_mmu|kvm_mmu_reset_context|kvm_mmu_load|kvm_mmu_free_roots|kvm_set_cr3|kvm_post_set_cr4)\+' \
		/sys/kernel/debug/kprobes/list
}

# snap: remember every kvm counter, on the workload's CPU and in total.
snap() {
	for _c in $KVM_CTRS; do
		eval "S_$_c=$(cnt "$_c" "cpu$CPU") T_$_c=$(cnt "$_c")"
	done
}

# d NAME: how much NAME grew on the workload's CPU since snap.
d() {
	eval "echo \$(($(cnt "$1" "cpu$CPU") - S_$1))"
}

# dt NAME: ... in total (all CPUs).
dt() {
	eval "echo \$(($(cnt "$1") - T_$1))"
}

# grew NAME N: NAME grew by exactly N, all of it on the workload's CPU.
grew() {
	_d=$(d "$1")
	_t=$(dt "$1")
	if [ "$_d" != "$2" ] || [ "$_t" != "$2" ]; then
		diag "$1 grew by $_d on cpu$CPU, $_t in total; want $2"
		return 1
	fi
}

# l2 ARGS...: run the L2 guest on the workload's CPU, after a snap.
l2() {
	snap
	taskset "$MASK" /bin/l2wp "$@"
}

# The counts of a VM that does nothing (N = 0): its set-up and teardown.
setup_counts() {
	l2 0 || return 1
	B_kvm_mmu_resets=$(d kvm_mmu_resets)
	B_kvm_root_loads=$(d kvm_root_loads)
	B_kvm_root_frees=$(d kvm_root_frees)
	B_kvm_cr0_writes=$(d kvm_cr0_writes)
	B_kvm_cr3_writes=$(d kvm_cr3_writes)
	B_kvm_cr4_writes=$(d kvm_cr4_writes)
	diag "npt=$1 set-up and teardown of an idle VM: $B_kvm_mmu_resets resets, $B_kvm_root_loads root loads, $B_kvm_root_frees root frees, $B_kvm_cr0_writes CR0 writes"
}

# toggles NPT N: N WP toggles in 64-bit mode with paging.
toggles() {
	check "npt=$1: L2 guest toggles CR0.WP $2 times and ends at its OUT" \
		l2 "$2"
	check "npt=$1, N=$2: kvm_cr0_wp_toggles = N on the vCPU's CPU" \
		grew kvm_cr0_wp_toggles "$2"
	check "npt=$1, N=$2: kvm_cr0_writes = N" grew kvm_cr0_writes "$2"
	if [ "$1" = 1 ]; then
		check "npt=1, N=$2: kvm_wp_fast = N (roots kept)" \
			grew kvm_wp_fast "$2"
		check "npt=1, N=$2: kvm_wp_resets = 0" grew kvm_wp_resets 0
		check "npt=1, N=$2: kvm_mmu_resets = set-up only ($B_kvm_mmu_resets)" \
			grew kvm_mmu_resets "$B_kvm_mmu_resets"
		check "npt=1, N=$2: roots loaded once, as set-up ($B_kvm_root_loads)" \
			grew kvm_root_loads "$B_kvm_root_loads"
	else
		check "npt=0, N=$2: kvm_wp_fast = 0" grew kvm_wp_fast 0
		check "npt=0, N=$2: kvm_wp_resets = N" grew kvm_wp_resets "$2"
		check "npt=0, N=$2: kvm_mmu_resets = N + set-up ($B_kvm_mmu_resets)" \
			grew kvm_mmu_resets $(($2 + B_kvm_mmu_resets))
		check "npt=0, N=$2: kvm_root_loads = N + set-up ($B_kvm_root_loads)" \
			grew kvm_root_loads $(($2 + B_kvm_root_loads))
		check "npt=0, N=$2: kvm_root_frees = N + set-up ($B_kvm_root_frees)" \
			grew kvm_root_frees $(($2 + B_kvm_root_frees))
	fi
	check "npt=$1, N=$2: kvm_wp_nopaging = 0 (paging on)" \
		grew kvm_wp_nopaging 0
}

# Toggles with paging off (32-bit protected mode): 6.1 takes the fast
# path under TDP anyway and resets under shadow paging; 6.12 returns
# early, with no MMU work, in both.
nopaging() {
	check "npt=$1: L2 guest in protected mode without paging toggles WP 1000 times" \
		l2 -p 1000
	check "npt=$1, paging off: kvm_cr0_wp_toggles = 1000" \
		grew kvm_cr0_wp_toggles 1000
	if [ "$OLD_WP_RULE" = 0 ]; then
		check "npt=$1, paging off, $(uname -r): kvm_wp_nopaging = 1000" \
			grew kvm_wp_nopaging 1000
		check "npt=$1, paging off: no fast path, no reset" \
			eval 'grew kvm_wp_fast 0 && grew kvm_wp_resets 0'
	elif [ "$1" = 1 ]; then
		check "npt=1, paging off, $(uname -r): kvm_wp_fast = 1000" \
			grew kvm_wp_fast 1000
		check "npt=1, paging off: no reset, nothing without MMU work" \
			eval 'grew kvm_wp_resets 0 && grew kvm_wp_nopaging 0'
	else
		check "npt=0, paging off, $(uname -r): kvm_wp_resets = 1000" \
			grew kvm_wp_resets 1000
		check "npt=0, paging off: no fast path, nothing without MMU work" \
			eval 'grew kvm_wp_fast 0 && grew kvm_wp_nopaging 0'
	fi
}

# CR3 and CR4 writes: CR3 exits only under shadow paging; CR4 always.
crwrites() {
	check "npt=$1: L2 guest writes CR3 7 times and CR4 5 times" l2 0 7 5
	if [ "$1" = 1 ]; then
		check "npt=1: kvm_cr3_writes = 0 (NPT: CR3 writes do not exit)" \
			grew kvm_cr3_writes "$B_kvm_cr3_writes"
	else
		check "npt=0: kvm_cr3_writes = 7" \
			grew kvm_cr3_writes $((7 + B_kvm_cr3_writes))
	fi
	check "npt=$1: kvm_cr4_writes = 5" \
		grew kvm_cr4_writes $((5 + B_kvm_cr4_writes))
	if grep -qw decodeassists /proc/cpuinfo; then
		check "npt=$1: DecodeAssists: kvm_cr_traced_writes >= 5" \
			ge "$(d kvm_cr_traced_writes)" 5
	else
		check "npt=$1: no DecodeAssists: kvm_cr_traced_writes = 0, as info says" \
			eval 'grew kvm_cr_traced_writes 0 &&
				info kvm_cr_traced | grep -q "^none (SVM without"'
	fi
}

# An independent observer: ftrace's own kprobe events on the same
# functions, counted in the trace buffer, against cr3stat for N = 1000.
# The reset inlined into kvm_mmu_after_set_cpuid (Debian 6.1 and 6.12) is
# counted there, as info says.
observer() {
	_tr=/sys/kernel/tracing
	for _f in kvm_post_set_cr0 kvm_mmu_reset_context kvm_mmu_load \
		kvm_set_cr3 kvm_post_set_cr4 kvm_mmu_after_set_cpuid; do
		echo "p:o_$_f $_f" >>"$_tr/kprobe_events"
	done
	echo >"$_tr/trace"
	echo 1 >"$_tr/events/kprobes/enable"
	l2 1000 7 5
	echo 0 >"$_tr/events/kprobes/enable"
	for _p in kvm_post_set_cr0:kvm_cr0_writes \
		kvm_mmu_reset_context:kvm_mmu_resets kvm_mmu_load:kvm_root_loads \
		kvm_set_cr3:kvm_cr3_writes kvm_post_set_cr4:kvm_cr4_writes; do
		_n=$(grep -c " o_${_p%:*}:" "$_tr/trace")
		_also=
		if [ "${_p%:*}" = kvm_mmu_reset_context ] &&
			[ "$(info kvm_reset_inlined)" = kvm_mmu_after_set_cpuid ]; then
			_i=$(grep -c " o_kvm_mmu_after_set_cpuid:" "$_tr/trace")
			_n=$((_n + _i))
			_also=" + kvm_mmu_after_set_cpuid ($_i)"
		fi
		check "npt=$1: ${_p#*:} = ftrace's count of ${_p%:*}$_also ($_n)" \
			grew "${_p#*:}" "$_n"
	done
	echo >"$_tr/kprobe_events"
}

mode() {
	check "kvm and kvm-amd load with npt=$1 while cr3stat counts" kvm_load "$1"
		check "npt=$1: every kvm counter supported" every_kvm_counter supported
	check "npt=$1: info says kvm is live" [ "$(info kvm)" = live ]
	check "npt=$1: info kvm_tdp is $([ "$1" = 1 ] && echo yes || echo no)" \
		[ "$(info kvm_tdp)" = "$([ "$1" = 1 ] && echo yes || echo no)" ]
	check "npt=$1: kprobes on kvm.ko are registered" kvm_kprobed
	check "npt=$1: cr3stat holds no reference to kvm.ko" \
		[ "$(cat /sys/module/kvm/refcnt)" = 1 ]
	check "npt=$1: no kvm counter unsupported in info" \
		not grep -q '^kvm_unsupported:' "$D/info"
	grep '^kvm' "$D/info" | sed 's/^/# info: /'
	setup_counts "$1"
	for n in 2 1000 10000; do
		toggles "$1" "$n"
	done
	nopaging "$1"
	crwrites "$1"
	observer "$1"
	check "npt=$1: no toggle missed by the kretprobe" [ "$(info kvm_missed)" = 0 ]
}

T0=$(date +%s)
TAINT0=$(cat /proc/sys/kernel/tainted)
# cr3stat first, kvm.ko absent.
check "insmod cr3stat without kvm.ko" insmod "$KO"
check "kvm group selected and attached" grep -qE '^kvm +on +yes' "$D/groups"
check "kvm.ko absent: every kvm counter unsupported" \
	every_kvm_counter unsupported
check "kvm.ko absent: info says kvm not loaded" [ "$(info kvm)" = "not loaded" ]
check "counters: every total is the sum of its CPU columns" rows_add_up

# kvm.ko loaded after cr3stat, with NPT; removed; reloaded without NPT.
mode 1
check "kvm.ko removable while cr3stat counts" kvm_unload
check "kvm.ko gone: every kvm counter unsupported again" \
	every_kvm_counter unsupported
check "kvm.ko gone: no kprobe left on it" not kvm_kprobed
check "kvm.ko gone: info says kvm not loaded" [ "$(info kvm)" = "not loaded" ]
mode 0

# A check that must fail: one toggle more than the guest made.
l2 100
check "negative control: 101 toggles for a guest that made 100 is refused" \
	not grew kvm_cr0_wp_toggles 101

# cr3stat loaded after kvm.ko.
check "rmmod cr3stat with kvm.ko loaded" unload
check "insmod cr3stat after kvm.ko" insmod "$KO"
check "loaded after kvm.ko: every kvm counter supported" \
	every_kvm_counter supported
check "loaded after kvm.ko: 1000 toggles counted, all reset (npt=0)" \
	eval 'l2 1000 && grew kvm_cr0_wp_toggles 1000 && grew kvm_wp_resets 1000'

# The group off: no probe, nothing counted; kvm.ko goes and comes back.
echo -kvm >"$D/groups"
check "group off: no kprobe on kvm.ko" not kvm_kprobed
check "group off: toggles are not counted" \
	eval 'l2 100 && grew kvm_cr0_wp_toggles 0'
check "group off: the kvm counters keep their counts, readable" \
	every_kvm_counter supported
check "group off: info says so" [ "$(info kvm)" = off ]
check "group off: kvm.ko unloads" kvm_unload
check "group off: kvm.ko loads (npt=1)" kvm_load 1
check "group off: still no kprobe on kvm.ko" not kvm_kprobed
echo +kvm >"$D/groups"
check "group on with kvm.ko loaded: kprobes back" kvm_kprobed
check "group on: 1000 toggles, all fast (npt=1)" \
	eval 'l2 1000 && grew kvm_cr0_wp_toggles 1000 && grew kvm_wp_fast 1000'

# The command shows the group like any other.
out=$(/bin/cr3stat -e kvm -- taskset "$MASK" /bin/l2wp 1000 2>&1)
echo "$out" | sed 's/^/# /'
out_has() {
	echo "$out" | grep -qE "$1"
}
check "cr3stat -e kvm -- l2wp 1000: 1000 WP toggles" \
	out_has '^ +kvm_cr0_wp_toggles +1000$'
check "cr3stat -e kvm -- l2wp 1000: 1000 kept their roots" \
	out_has '^ +kvm_wp_fast +1000$'

# The group toggled 20 times under a running L2 guest, files read; then
# cr3stat unloaded and loaded again under it.
taskset "$MASK" /bin/l2wp 4000000000 &
l2pid=$!
(while :; do cat "$D/counters" "$D/info" >/dev/null 2>&1; done) &
rd=$!
sleep 1
i=0
while [ $i -lt 20 ]; do
	echo -kvm >"$D/groups"
	echo +kvm >"$D/groups"
	i=$((i + 1))
done
check "20 toggles under a running L2 guest: kvm group attached" \
	grep -qE '^kvm +on +yes' "$D/groups"
check "rmmod cr3stat while the L2 guest toggles" unload
check "insmod cr3stat while the L2 guest toggles" insmod "$KO"
check "loaded under a running L2 guest: kvm probes on" kvm_kprobed
check "the L2 guest was still running" kill -0 "$l2pid"
kill "$l2pid" $rd 2>/dev/null
wait "$l2pid" $rd 2>/dev/null
check "after the toggles: 1000 toggles counted exactly, all fast" \
	eval 'l2 1000 && grew kvm_cr0_wp_toggles 1000 && grew kvm_wp_fast 1000 &&
		grew kvm_wp_nopaging 0'
check "no toggle missed by the kretprobe" [ "$(info kvm_missed)" = 0 ]

# kvm.ko goes while cr3stat is loaded, then cr3stat.
check "kvm.ko unloads with cr3stat loaded" kvm_unload
check "rmmod cr3stat" unload
# Suites before this one may have tainted the kernel (msr.sh: S, by design).
check "no new taint but the module's (O/E)" \
	[ $(($(cat /proc/sys/kernel/tainted) & ~TAINT0 & ~(4096 | 8192))) -eq 0 ]
diag "kvm suite: $(($(date +%s) - T0)) s"
done_testing
