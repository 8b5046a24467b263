# Stress: insmod/rmmod cycles with every group toggled, under a fork/exec,
# ping-pong and page-fault load with every file of the module read in a
# loop; thousands of malformed writes to every writable file, which must
# all be EINVAL and change nothing; no new taint, no leak.  A splat is
# the host's to see (scripts/check-log).  The short form runs in a boot of
# make check; cr3t.stress=long on the command line (make stress, which
# also boots with slub_debug=U for the allocation-stack leak check) runs
# the long one.
# shellcheck source=tests/guest/lib.sh
. /tests/lib.sh

mode=short
case " $(cat /proc/cmdline) " in
*" cr3t.stress=long "*) mode=long ;;
esac
# Each cycle takes a few seconds of guest time unloaded, tens of seconds
# under this load in TCG (every group attach and detach waits for RCU).
if [ $mode = long ]; then
	CYCLES=30 TOGGLES=2 FUZZ=5000
else
	CYCLES=3 TOGGLES=1 FUZZ=500
fi
CPU=$(last_cpu)
t0=$(date +%s)
# taint_other: taints besides loading an out-of-tree, unsigned module.
taint_other() {
	echo $(($(cat "$TAINTED") & ~(4096 | 8192)))
}
taint0=$(taint_other)
diag "mode $mode: $CYCLES load cycles, $TOGGLES toggle rounds each, $FUZZ malformed writes per file"

# One cycle first: what the kernel allocates once for the first user of
# kprobes, tracepoints or debugfs stays, and is not a leak of cr3stat's.
check "warm-up insmod" insmod "$KO"
check "warm-up rmmod" unload
# The slab tracking files are read before the slab counts: debugfs
# allocates per file on its first open (one kmalloc-96 object each on
# 6.12, 239 in all), and that is the test's own.
quiesce
orph0=$(orphans)
# shellcheck disable=SC2046 # cache names
alloc_sites $(slab_objs | awk '{ print $1 }') >/tmp/sites0
quiesce
slab_objs >/tmp/slab0
slab0=$(meminfo Slab)
pcpu0=$(meminfo Percpu)

# The load: everything but the shell's own work on CPU $CPU.
mask=$((1 << CPU))
taskset $mask /bin/pingpong "$CPU" 1000000000 >/dev/null &
pp=$!
# The loops end at their next round once /tmp/stress.stop exists, so
# that no process of theirs outlives them into the slab counts.
rm -f /tmp/stress.stop
(while [ ! -e /tmp/stress.stop ]; do
	taskset $mask /bin/forkexec 20
done) >/dev/null 2>&1 &
fe=$!
(while [ ! -e /tmp/stress.stop ]; do
	taskset $mask /bin/pgtouch 4 2
done) >/dev/null 2>&1 &
pg=$!
(while [ ! -e /tmp/stress.stop ]; do
	for f in "$D"/*; do
		taskset $mask cat "$f"
	done
done) >/dev/null 2>&1 &
rd=$!

ins_fail=0 rm_fail=0 wr_fail=0
i=0
while [ $i -lt $CYCLES ]; do
	case $((i % 3)) in
	0) args= ;;
	1) args=groups=all ;;
	*) args="groups=none enable=0" ;;
	esac
	# shellcheck disable=SC2086 # module parameters
	if ! insmod "$KO" $args; then
		ins_fail=$((ins_fail + 1))
		i=$((i + 1))
		continue
	fi
	j=0
	while [ $j -lt $TOGGLES ]; do
		# The groups this kernel can attach.
		# shellcheck disable=SC2013 # group names are words
		for g in $(awk 'NR > 1 && $3 != "unsupported" { print $1 }' \
			"$D/groups"); do
			echo "-$g" >"$D/groups" || wr_fail=$((wr_fail + 1))
			echo "+$g" >"$D/groups" || wr_fail=$((wr_fail + 1))
		done
		for req in enable:0 enable:1 reset:1 "msr_watch:0xd93 0xc0000103" \
			msr_watch:none groups:none groups:all; do
			echo "${req#*:}" >"$D/${req%%:*}" || wr_fail=$((wr_fail + 1))
		done
		j=$((j + 1))
	done
	unload || rm_fail=$((rm_fail + 1))
	i=$((i + 1))
done
check "$CYCLES insmod under load, with parameters, all loaded" [ $ins_fail = 0 ]
check "every toggle and setting written under load was taken" [ $wr_fail = 0 ]
check "$CYCLES rmmod under load with the files being read, all unloaded" \
	[ $rm_fail = 0 ]
t1=$(date +%s)
diag "$CYCLES cycles in $((t1 - t0)) s"

# Malformed writes: first with counting off, where every setting and
# count must read the same afterwards, then under load with every group
# on, where the settings must.
check "insmod for the malformed writes" insmod "$KO"
writable=$(find "$D" -type f -perm -200 | sed 's|.*/||' | sort | tr '\n' ' ')
diag "writable: $writable"
echo 0 >"$D/enable"
s0=$(dfs_state)
# fuzz_check LABEL OUT: every file fuzz knows took its writes as EINVAL.
fuzz_check() {
	while read -r f n e o; do
		case "$f" in
		skip)	skip "malformed writes to $n" "no grammar for $n in fuzz" ;;
		'#')	;;
		*)	check "$1: $n malformed writes to $f are all EINVAL ($e)" \
				[ "$o" = 0 ] ;;
		esac
	done <"$2"
	grep '^#' "$2" | head -n 20
}
# shellcheck disable=SC2086 # a list of files
/bin/fuzz "$D" "$FUZZ" 1 $writable >/tmp/fuzz1
fuzz_check "counting off" /tmp/fuzz1
check "counting off: malformed writes changed no setting and no count" \
	[ "$(dfs_state)" = "$s0" ]

# settings: what malformed writes must not change while counting.
settings() {
	cat "$D/enable" "$D/groups"
	awk '{ print $1 }' "$D/msr_watch"
	awk '{ print $1, $3 }' "$KPROBES"
}
echo 1 >"$D/enable"
echo all >"$D/groups"
s1=$(settings)
# shellcheck disable=SC2086
/bin/fuzz "$D" "$FUZZ" 2 $writable >/tmp/fuzz2
fuzz_check "counting, under load" /tmp/fuzz2
check "counting, under load: malformed writes changed no setting" \
	[ "$(settings)" = "$s1" ]

# A valid request with a NUL byte and junk after it is not a request
# that parses either; the kernel's request copy stops at the NUL.
# shellcheck disable=SC2086
/bin/fuzz -nul "$D" 20 3 $writable | grep '^nul ' >/tmp/fuzz3
while read -r _ f n taken; do
	check "$f: $n valid requests with a NUL and junk after them are refused ($taken taken)" \
		[ "$taken" = 0 ]
done </tmp/fuzz3
check "rmmod after the malformed writes" unload

kill $pp 2>/dev/null
touch /tmp/stress.stop
wait $pp $fe $pg $rd 2>/dev/null
quiesce
orph1=$(orphans)
# shellcheck disable=SC2046
alloc_sites $(slab_objs | awk '{ print $1 }') >/tmp/sites1
quiesce
slab_objs >/tmp/slab1
t2=$(date +%s)
diag "Slab ${slab0} kB -> $(meminfo Slab) kB, Percpu ${pcpu0} kB -> $(meminfo Percpu) kB, allocation stacks in unloaded text ${orph0} -> ${orph1}, $((t2 - t0)) s in all"
slab_growth /tmp/slab0 /tmp/slab1 0 | sort -k4 -n | tail -n 5 |
	sed 's/^/# grew (cache, objects before, after, bytes): /'
# With slub_debug=U: which functions allocated what the caches gained.
awk 'FNR == NR { b[$1] = $2; next } $2 - b[$1] > 0 { print $1, $2 - b[$1] }' \
	/tmp/sites0 /tmp/sites1 | sort -k2 -n | tail -n 5 |
	sed 's/^/# allocated by (function, objects gained): /'
check "no slab cache grew by more than 128 KiB over $CYCLES cycles" \
	[ -z "$(slab_growth /tmp/slab0 /tmp/slab1 131072)" ]
if [ "$orph1" = NA ]; then
	skip "no object allocated by cr3stat outlives it" \
		"not booted with slub_debug=U (make stress is)"
else
	check "no object allocated by cr3stat outlives it ($orph0 -> $orph1 from unloaded text)" \
		[ "$orph1" -le "$orph0" ]
fi
if [ -e /sys/kernel/debug/kmemleak ]; then
	echo scan >/sys/kernel/debug/kmemleak
	check "kmemleak reports nothing of cr3stat's" \
		not grep -q cr3stat /sys/kernel/debug/kmemleak
else
	skip "kmemleak reports nothing of cr3stat's" \
		"the kernel has no kmemleak (CONFIG_DEBUG_KMEMLEAK)"
fi
check "no taint added by the stress run (besides O/E)" \
	[ "$(taint_other)" = "$taint0" ]
done_testing
