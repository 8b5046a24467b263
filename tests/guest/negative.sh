# Negative controls in a guest: the in-guest checks, run on states known
# to be bad, must fail.  A line is "ok" when the check under test FAILED,
# as it must.  tests/run boots this before splat.sh (whose WARN is the log
# check's control), with leak.ko beside cr3stat.ko and slub_debug=U.
# shellcheck source=tests/guest/lib.sh
. /tests/lib.sh

CPU=$(last_cpu)
mask=$((1 << CPU))

# control DESC CMD...: the check CMD must fail here.
control() {
	_d=$1
	shift
	if check "$_d" "$@" | grep -q '^not ok '; then
		ok "control: $_d"
	else
		nok "control: $_d (passed on a known-bad input)"
	fi
}

check "insmod cr3stat" insmod "$KO"
flush_site=$(awk 'NR > 1 && $3 == "flush" && $5 == "attached" { print $6; exit }' \
	"$D/sites")
check "a flush site is attached" [ -n "$flush_site" ]

# Disabled means gone: the probe is there while the group is on.
control "probe gone, while the flush group is on" probe_gone "$flush_site"
# Frozen counts: they move while the group is on.
c0=$(cnt flush_cr3_writes)
taskset $mask /bin/forkexec 20
control "no flush count, while the group is on" \
	[ "$(cnt flush_cr3_writes)" = "$c0" ]

# Bad input is EINVAL and changes nothing: on good input, and a change.
control "EINVAL, for writes that parse" \
	einval_all enable:1 groups:+ctxsw "msr_watch:0xd93" reset:1
s0=$(dfs_state)
echo -ctxsw >"$D/groups"
control "nothing changed, after the ctxsw group was turned off" \
	[ "$(dfs_state)" = "$s0" ]
echo +ctxsw >"$D/groups"

# Exactness against an independent kprobe event, when cr3stat missed the
# writes of part of the run (its group was off for it).
T=/sys/kernel/tracing
echo "p:cr3chk/neg $flush_site" >>"$T/kprobe_events"
echo 'hist:keys=cpu' >"$T/events/cr3chk/neg/trigger"
echo 1 >"$T/events/cr3chk/neg/enable"
c0=$(hits "$flush_site" "cpu$CPU")
h0=$(hist_cpu neg "$CPU")
taskset $mask /bin/forkexec 20
echo -flush >"$D/groups"
taskset $mask /bin/forkexec 20
echo +flush >"$D/groups"
dc=$(($(hits "$flush_site" "cpu$CPU") - c0))
dh=$(($(hist_cpu neg "$CPU") - h0))
diag "cr3stat +$dc, kprobe_events +$dh"
control "cr3stat equals kprobe_events, when cr3stat was off for half the run" \
	[ "$dc" = "$dh" ]
echo 0 >"$T/events/cr3chk/neg/enable"
echo '!hist:keys=cpu' >"$T/events/cr3chk/neg/trigger"
echo >"$T/kprobe_events"
check "rmmod cr3stat" unload

# The leak checks of stress.sh, around a module that leaks 4096 objects.
quiesce
o0=$(orphans)
quiesce
slab_objs >/tmp/slab0
check "insmod leak" insmod /lib/modules/leak.ko
check "rmmod leak" rmmod leak
quiesce
o1=$(orphans)
quiesce
slab_objs >/tmp/slab1
slab_growth /tmp/slab0 /tmp/slab1 131072 | sed 's/^/# grew: /'
control "no slab cache grew by more than 128 KiB, around leak.ko" \
	[ -z "$(slab_growth /tmp/slab0 /tmp/slab1 131072)" ]
if [ "$o1" = NA ]; then
	skip "control: no object outlives its module, around leak.ko" \
		"not booted with slub_debug=U"
else
	control "no object outlives its module, around leak.ko ($o0 -> $o1)" \
		[ "$o1" -le "$o0" ]
fi

# The taint check, after a taint of the user's (TAINT_USER, 'U').
echo 64 >/proc/sys/kernel/tainted
control "tainted only by the module, after a TAINT_USER write" \
	not tainted_beyond_module
done_testing
