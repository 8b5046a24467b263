# Foundation suite: the module loads, its files behave, the context-switch
# counter counts a known workload, toggles and reset work, bad input is
# refused without effect, and load/unload is clean under load.
# shellcheck source=tests/guest/lib.sh
. /tests/lib.sh

N=2000
CPU=$(last_cpu)

check "insmod cr3stat" insmod "$KO"
# modes_ok: each file exists with its mode (the others are other suites').
modes_ok() {
	_bad=0
	for _f in info:400 enable:600 reset:200 counters:400 groups:600; do
		_m=$(stat -c %a "$D/${_f%:*}" 2>/dev/null)
		[ "$_m" = "${_f#*:}" ] ||
			{ diag "${_f%:*}: mode '$_m', want ${_f#*:}"; _bad=1; }
	done
	return $_bad
}
check "info, enable, reset, counters, groups exist with their modes" modes_ok

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

# The context-switch counter against a known workload.
check "enable reads 1 after load" [ "$(cat "$D/enable")" = 1 ]
check "kprobe on switch_mm_irqs_off is registered" kprobed switch_mm_irqs_off
before=$(cnt ctxsw_calls "cpu$CPU")
/bin/pingpong "$CPU" "$N"
after=$(cnt ctxsw_calls "cpu$CPU")
diag "ctxsw_calls on cpu$CPU: $before -> $after for $N round trips"
check "ping-pong of $N round trips: ctxsw_calls on cpu$CPU grows by >= 2N" \
	ge $((after - before)) $((2 * N))

# enable=0 unregisters and stops counting; reset zeroes.
echo 0 >"$D/enable"
check "enable=0 reads back 0" [ "$(cat "$D/enable")" = 0 ]
check "enable=0: kprobe is gone" not kprobed switch_mm_irqs_off
echo 1 >"$D/reset"
check "reset zeroes every counter" all_zero
/bin/pingpong "$CPU" "$N"
check "enable=0: a workload counts nothing" [ "$(cnt ctxsw_calls)" = 0 ]
echo 1 >"$D/enable"
check "enable=1: kprobe is back" kprobed switch_mm_irqs_off
/bin/pingpong "$CPU" "$N"
check "enable=1: counting resumes" ge "$(cnt ctxsw_calls "cpu$CPU")" $((2 * N))

# Group toggles.
check "groups: ctxsw selected and attached" \
	grep -qE '^ctxsw +on +yes' "$D/groups"
echo -ctxsw >"$D/groups"
check "groups -ctxsw: detached" grep -qE '^ctxsw +off +no' "$D/groups"
check "groups -ctxsw: kprobe gone" not kprobed switch_mm_irqs_off
echo +ctxsw >"$D/groups"
check "groups +ctxsw: attached again" kprobed switch_mm_irqs_off
echo none >"$D/groups"
check "groups none: nothing attached" not grep -qE ' yes ' "$D/groups"
echo all >"$D/groups"
check "groups all: everything attached" not grep -qE ' no ' "$D/groups"

# Bad input: -EINVAL and no change, with counting off so that the
# counters are still.
echo 0 >"$D/enable"
echo -ctxsw >"$D/groups"
s0=$(dfs_state)
long=$(printf '%0300d' 0)
check "23 malformed writes to enable, reset, groups, info, counters are EINVAL" \
	einval_all "enable:2" "enable:abc" "enable:-1" "enable:1 1" "enable:0x1" \
	"enable: 1" "enable:" "enable:$long" \
	"reset:0" "reset:2" "reset:x" "reset:" "reset:11" \
	"groups:+nosuch" "groups:ctxsw +ctxsw" "groups:+ctxsw -ctxsw" \
	"groups:none ctxsw" "groups:" "groups:+" "groups:,,," "groups:$long" \
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
comma_edit_applied() {
	on_off flush off && on_off ctxsw on && on_off other on
}
check "... and applied: flush off, ctxsw and other on" comma_edit_applied
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
check "enable=0 at load: no kprobe" not kprobed switch_mm_irqs_off
rmmod cr3stat
check "insmod groups=bogus is refused" not insmod "$KO" groups=bogus 2>/dev/null
check "insmod groups=none" insmod "$KO" groups=none
check "groups=none at load: nothing attached" \
	grep -qE '^ctxsw +off +no' "$D/groups"
rmmod cr3stat

# Load, toggle, read and unload while a workload runs.  An open debugfs
# file pins the module (its fops owner), so rmmod races the reader's
# opens and is retried until it wins: unload must be clean either way.
insmod "$KO"
/bin/pingpong "$CPU" 1000000 &
wl=$!
(while :; do cat "$D/counters" "$D/groups" "$D/info" >/dev/null 2>&1; done) &
rd=$!
i=0
while [ $i -lt 100 ]; do
	echo $((i % 2)) >"$D/enable"
	echo -ctxsw >"$D/groups"
	echo +ctxsw >"$D/groups"
	echo 1 >"$D/reset"
	i=$((i + 1))
done
check "100 toggles under load: still attached" kprobed switch_mm_irqs_off
check "rmmod while the workload runs and files are read" unload
check "insmod again under load" insmod "$KO"
sleep 1
check "rmmod again under load" unload
kill $rd $wl 2>/dev/null
wait $rd $wl 2>/dev/null
check "debugfs directory is gone after rmmod" [ ! -e "$D" ]
check "no kprobe left after rmmod" not kprobed switch_mm_irqs_off
check "kernel tainted only by the module (O/E)" not tainted_beyond_module
done_testing
