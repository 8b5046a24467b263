# Foundation suite: the module loads, its files behave, the context-switch
# counter counts a known workload, toggles and reset work, bad input is
# refused without effect, and load/unload is clean under load.
# shellcheck source=tests/guest/lib.sh
. /tests/lib.sh

# Loop sizes: smaller under Bochs (lib.sh pick), large enough either way.
N=$(pick 2000 300)
TOGGLES=$(pick 100 4)
CPU=$(last_cpu)

check "insmod cr3stat" insmod "$KO"
# modes_ok: each file exists with its mode (the others are other suites').
modes_ok() {
	_bad=0
	for _f in info:400 enable:600 reset:200 counters:400 groups:600 bench:600; do
		_m=$(stat -c %a "$D/${_f%:*}" 2>/dev/null)
		[ "$_m" = "${_f#*:}" ] ||
			{ diag "${_f%:*}: mode '$_m', want ${_f#*:}"; _bad=1; }
	done
	return $_bad
}
check "info, enable, reset, counters, groups, bench exist with their modes" modes_ok

# info against the running kernel and its command line.
check "info: version is the module's" \
	[ "$(info version)" = "$(cat /sys/module/cr3stat/version)" ]
check "info: kernel is uname -r" [ "$(info kernel)" = "$(uname -r)" ]
# What the command line asks for, else what the kernel says it did (the
# pti flag of /proc/cpuinfo), never the value under test.
case " $(cat /proc/cmdline) " in
*" nopti "* | *" pti=off "*) want_pti=no src="the command line" ;;
*" pti=on "*) want_pti=yes src="the command line" ;;
*)
	src="/proc/cpuinfo"
	if grep -qE '^flags.* pti( |$)' /proc/cpuinfo; then
		want_pti=yes
	else
		want_pti=no
	fi
	;;
esac
check "info: pti is $want_pti as $src says" [ "$(info pti)" = "$want_pti" ]
case " $(cat /proc/cmdline) " in
*" nopcid "*) check "info: nopcid gives pcid no" [ "$(info pcid)" = no ] ;;
*) skip "info: nopcid gives pcid no" "not booted with nopcid" ;;
esac
check "info: possible CPUs" \
	[ "$(info cpus_possible)" = "$(ncpus /sys/devices/system/cpu/possible)" ]
check "info: online CPUs" \
	[ "$(info cpus_online)" = "$(ncpus /sys/devices/system/cpu/online)" ]
# Under Bochs the CPU model has PCID and INVPCID: the PCID checks of the
# other suites must run, not be skipped for want of PCID.
if [ "$EMU" = bochs ]; then
	case " $(cat /proc/cmdline) " in
	*" nopcid "*) want_pcid=no want_invpcid=yes ;;
	*" noinvpcid "*) want_pcid=yes want_invpcid=no ;;
	*) want_pcid=yes want_invpcid=yes ;;
	esac
	check "Bochs: info: pcid is $want_pcid" [ "$(info pcid)" = "$want_pcid" ]
	check "Bochs: info: invpcid is $want_invpcid" [ "$(info invpcid)" = "$want_invpcid" ]
else
	skip "Bochs: info: pcid is as the command line says" "QEMU TCG has no PCID"
	skip "Bochs: info: invpcid is as the command line says" "QEMU TCG has no INVPCID"
fi
# yes_no KEY...: each KEY of info reads yes or no.
yes_no() {
	for _k in "$@"; do
		grep -qE "^$_k: (yes|no)\$" "$D/info" ||
			{ diag "info $_k: '$(info "$_k")'"; return 1; }
	done
}
check "info: pcid, invpcid, fsgsbase and enqcmd are yes or no" \
	yes_no pcid invpcid fsgsbase enqcmd

# The counters table: header, one column per possible CPU, rows add up.
want_hdr="counter group kind total"
i=0
while [ $i -lt "$(info cpus_possible)" ]; do
	want_hdr="$want_hdr cpu$i"
	i=$((i + 1))
done
check "counters: header names every possible CPU" \
	[ "$(head -n 1 "$D/counters" | tr -s ' ')" = "$want_hdr" ]
check "counters: every total is the sum of its CPU columns" rows_add_up
check "counters: kinds are exact or derived" kinds_valid

# The context-switch counter against a known workload.  ctxsw counts from
# the tlb:tlb_flush tracepoint (or, where the kernel lacks it, from
# kprobes on the MOV-to-CR3 sites: then switch_mm_irqs_off carries one).
check "enable reads 1 after load" [ "$(cat "$D/enable")" = 1 ]
# ctxsw_live: is the ctxsw group's probe in the kernel?
case "$(info ctxsw_path)" in
tracepoint*) ctxsw_live() { tp_probed tlb_flush; } ;;
*) ctxsw_live() { kprobed switch_mm_irqs_off; } ;;
esac
diag "ctxsw_path: $(info ctxsw_path)"
check "ctxsw's probe is in the kernel" ctxsw_live
before=$(cnt ctxsw_cr3_writes "cpu$CPU")
/bin/pingpong "$CPU" "$N"
after=$(cnt ctxsw_cr3_writes "cpu$CPU")
diag "ctxsw_cr3_writes on cpu$CPU: $before -> $after for $N round trips"
check "ping-pong of $N round trips: ctxsw_cr3_writes on cpu$CPU grows by >= 2N" \
	ge $((after - before)) $((2 * N))

# enable=0 unregisters and stops counting; reset zeroes.
echo 0 >"$D/enable"
check "enable=0 reads back 0" [ "$(cat "$D/enable")" = 0 ]
check "enable=0: the enable parameter shows it" \
	[ "$(cat /sys/module/cr3stat/parameters/enable)" = 0 ]
check "enable=0: ctxsw's probe is gone" not ctxsw_live
echo 1 >"$D/reset"
check "reset zeroes every counter" all_zero
/bin/pingpong "$CPU" "$N"
check "enable=0: a workload counts nothing" [ "$(cnt ctxsw_cr3_writes)" = 0 ]
echo 1 >"$D/enable"
check "enable=1: ctxsw's probe is back" ctxsw_live
check "enable=1: the enable parameter shows it" \
	[ "$(cat /sys/module/cr3stat/parameters/enable)" = 1 ]
/bin/pingpong "$CPU" "$N"
check "enable=1: counting resumes" \
	ge "$(cnt ctxsw_cr3_writes "cpu$CPU")" $((2 * N))

# Group toggles.
check "groups: ctxsw selected and attached" \
	grep -qE '^ctxsw +on +yes' "$D/groups"
echo -ctxsw >"$D/groups"
check "groups -ctxsw: detached" grep -qE '^ctxsw +off +no' "$D/groups"
check "groups -ctxsw: its probe is gone" not ctxsw_live
check "groups -ctxsw: the groups parameter shows it" \
	not grep -qE '(^|,)ctxsw(,|$)' /sys/module/cr3stat/parameters/groups
echo +ctxsw >"$D/groups"
check "groups +ctxsw: attached again" ctxsw_live
echo none >"$D/groups"
check "groups none: nothing attached" not grep -qE ' yes ' "$D/groups"
check "groups none: the groups parameter says none" \
	[ "$(cat /sys/module/cr3stat/parameters/groups)" = none ]
echo all >"$D/groups"
check "groups all: every group this kernel supports is attached" \
	none_detached
# A group this kernel cannot attach: asking for it is an error that
# changes nothing, and its counters read unsupported.
unsup=$(awk 'NR > 1 && $3 == "unsupported" { print $1; exit }' "$D/groups")
if [ -n "$unsup" ]; then
	g0=$(cat "$D/groups")
	check "+$unsup (unsupported here) is EOPNOTSUPP" \
		[ "$(/bin/dfswrite "$D/groups" "+$unsup")" = EOPNOTSUPP ]
	check "+$unsup changed nothing" [ "$(cat "$D/groups")" = "$g0" ]
	check "$unsup's counters read unsupported" \
		[ -z "$(awk -v g="$unsup" 'NR > 1 && $2 == g &&
			$4 != "unsupported"' "$D/counters")" ]
fi

# Bad input: -EINVAL and no change, with counting off so that the
# counters are still.
echo 0 >"$D/enable"
echo -ctxsw >"$D/groups"
s0=$(dfs_state)
long=$(printf '%0300d' 0)
check "28 malformed writes to enable, reset, groups, bench, info, counters are EINVAL" \
	einval_all "enable:2" "enable:abc" "enable:-1" "enable:1 1" "enable:0x1" \
	"enable: 1" "enable:" "enable:$long" \
	"reset:0" "reset:2" "reset:x" "reset:" "reset:11" \
	"groups:+nosuch" "groups:ctxsw +ctxsw" "groups:+ctxsw -ctxsw" \
	"groups:none ctxsw" "groups:" "groups:+" "groups:,,," "groups:$long" \
	"bench:" "bench:runs" "bench:1" "bench: run" "bench:run run" \
	"info:1" "counters:1"
check "bad writes changed nothing" [ "$(dfs_state)" = "$s0" ]

# Good requests in every accepted form.
check "enable '1\\n' accepted" [ "$(/bin/dfswrite "$D/enable" "1
")" = ok ]
# on_off GROUP SEL: the groups file says GROUP is selected (on) or not.
on_off() {
	grep -qE "^$1 +$2 " "$D/groups"
}
echo all >"$D/groups"
check "groups '-flush,+ctxsw' (edits with a comma) accepted" \
	[ "$(/bin/dfswrite "$D/groups" "-flush,+ctxsw")" = ok ]
# msr is on every kernel (7.x has no "other" group to test this with).
comma_edit_applied() {
	on_off flush off && on_off ctxsw on && on_off msr on
}
check "... and applied: flush off, ctxsw and msr still on" comma_edit_applied
check "groups 'ctxsw,' (a list with a trailing comma) replaces the selection" \
	[ "$(/bin/dfswrite "$D/groups" "ctxsw,")" = ok ]
only_ctxsw() {
	on_off ctxsw on && [ "$(grep -cE '^[a-z]+ +on ' "$D/groups")" = 1 ]
}
check "... leaving ctxsw alone on" only_ctxsw

# Module parameters.
rmmod cr3stat
check "insmod enable=0" insmod "$KO" enable=0
check "enable=0 at load: enable reads 0" [ "$(cat "$D/enable")" = 0 ]
check "enable=0 at load: ctxsw's probe is not in the kernel" not ctxsw_live
rmmod cr3stat
check "insmod groups=bogus is refused" not insmod "$KO" groups=bogus 2>/dev/null
check "insmod ctxsw_path=bogus is refused" \
	not insmod "$KO" ctxsw_path=bogus 2>/dev/null
check "insmod groups=none" insmod "$KO" groups=none
check "groups=none at load: nothing attached" \
	grep -qE '^ctxsw +off +no' "$D/groups"
check "groups=none at load: the groups parameter says none" \
	[ "$(cat /sys/module/cr3stat/parameters/groups)" = none ]
rmmod cr3stat
if [ -n "$unsup" ]; then
	check "insmod groups=+$unsup (unsupported here) is refused" \
		not insmod "$KO" "groups=+$unsup" 2>/dev/null
fi

# Load, toggle and read while a workload runs, then unload under the
# workload.  The readers stop before each rmmod: an open() of a debugfs
# file that lands between rmmod dropping the module's last reference and
# marking it going makes the kernel WARN ("debugfs file owner did not
# clean up at exit", fs/debugfs/file.c), whatever the module does; seen
# once on 7.3 under TCG.  The readers run again across the second load,
# so files appear under their feet.
# readers: read every file in a loop, in the background; sets $rd.
readers() {
	(while :; do
		cat "$D/counters" "$D/groups" "$D/info" "$D/sites" "$D/bench" \
			"$D/msr_watch" >/dev/null 2>&1
	done) &
	rd=$!
}
stop_readers() {
	kill $rd 2>/dev/null
	wait $rd 2>/dev/null
}
insmod "$KO"
/bin/pingpong "$CPU" 1000000 &
wl=$!
readers
i=0
while [ $i -lt "$TOGGLES" ]; do
	echo $((i % 2)) >"$D/enable"
	echo -ctxsw >"$D/groups"
	echo +ctxsw >"$D/groups"
	echo 1 >"$D/reset"
	i=$((i + 1))
done
check "$TOGGLES toggles under load: still attached" ctxsw_live
stop_readers
check "rmmod while the workload runs" unload
readers
check "insmod again under load, files read as they appear" insmod "$KO"
sleep 1
stop_readers
check "rmmod again under load" unload
kill $wl 2>/dev/null
wait $wl 2>/dev/null
check "debugfs directory is gone after rmmod" [ ! -e "$D" ]
check "no kprobe left after rmmod" not kprobed switch_mm_irqs_off
check "no tracepoint probe left after rmmod (tlb_flush, write_msr)" \
	not sh -c '. /tests/lib.sh; tp_probed tlb_flush || tp_probed write_msr'
check "kernel tainted only by the module (O/E)" not tainted_beyond_module
done_testing
