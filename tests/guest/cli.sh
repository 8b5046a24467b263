# The cr3stat command against the real module: snapshot, a measured
# command's deltas and exit status, interval lines, JSON, -g restoring the
# groups file, unsupported counters, the bench, and one clear error per
# failure class (no debugfs, no module, not root, bad arguments).
# shellcheck source=tests/guest/lib.sh
. /tests/lib.sh
set -eu

C=/bin/cr3stat
O=/tmp/cli
CPU=$(last_cpu)
mkdir -p "$O"
# Taint beyond loading an out-of-tree module, as earlier suites left it
# (msr.sh's writes through the msr driver taint by design).
taint_other() {
	echo $(($(cat /proc/sys/kernel/tainted) & ~(4096 | 8192)))
}
taint0=$(taint_other)

# run CMD...: run CMD with its output in $O/out and $O/err; sets $rc.
run() {
	rc=0
	"$@" >"$O/out" 2>"$O/err" || rc=$?
}

# err_is STATUS TEXT: the last run exited STATUS and printed one line
# "cr3stat: ..." containing TEXT on stderr.
err_is() {
	[ "$rc" -eq "$1" ] && [ "$(wc -l <"$O/err")" -eq 1 ] &&
		grep -q "^cr3stat: .*$2" "$O/err"
}

# field FILE NAME: the first value after NAME on its line in a report.
field() {
	awk -v n="$2" '$1 == n { print $2; exit }' "$1"
}

# balanced FILE: as many { as }, and [ as ].
balanced() {
	[ "$(tr -cd '{' <"$1" | wc -c)" -eq "$(tr -cd '}' <"$1" | wc -c)" ] &&
		[ "$(tr -cd '[' <"$1" | wc -c)" -eq "$(tr -cd ']' <"$1" | wc -c)" ] &&
		[ "$(tr -cd '{' <"$1" | wc -c)" -gt 0 ]
}

# lines_are N: the last run exited 0 and printed N lines.
lines_are() {
	[ "$rc" -eq 0 ] && [ "$(wc -l <"$O/out")" -eq "$1" ]
}

# only_on GROUP FILE: in a copy of the groups file, GROUP alone is on.
only_on() {
	[ "$(grep -cE '^[a-z]+ +on ' "$2")" -eq 1 ] &&
		grep -qE "^$1 +on +yes" "$2"
}

# busy_cpu CPU: an interval line of CPU (-p) has a first rate above 0.
busy_cpu() {
	awk -v c="$1" '$1 == c && $2 > 0 { f = 1 } END { exit !f }' "$O/out"
}

# json_delta FILE NAME: a counter's delta in cr3stat's JSON.
json_delta() {
	tr '{' '\n' <"$1" | sed -n "s/^\"name\":\"$2\",.*\"delta\":\([0-9]*\).*/\1/p"
}

# Before the module is loaded.
run "$C"
check "no module: exit 4, one line (module is not loaded)" \
	err_is 4 "module is not loaded"
sed 's/^/# /' "$O/err"
if umount /sys/kernel/debug 2>/dev/null; then
	run "$C"
	mount -t debugfs debugfs /sys/kernel/debug
	check "no debugfs: exit 3, one line (debugfs is not mounted)" \
		err_is 3 "debugfs is not mounted on /sys/kernel/debug"
else
	skip "no debugfs: exit 3, one line (debugfs is not mounted)" \
		"debugfs cannot be unmounted here"
fi

check "insmod cr3stat" insmod "$KO"

# Snapshot: every counter of the module's table, unsupported ones so.
run "$C"
check "snapshot: exit 0" [ "$rc" -eq 0 ]
missing=$(awk 'NR > 1 { print $1 }' "$D/counters" | while read -r c; do
	grep -q "^  $c " "$O/out" || echo "$c"
done)
check "snapshot: every counter of the module is shown" [ -z "$missing" ]
head -n 3 "$O/out" | sed 's/^/# /'
for c in msr_pasid_writes msr_pasid_ctxsw; do
	if unsupported_row "$c"; then
		check "snapshot: $c shows unsupported" \
			grep -qE "^  $c +unsupported$" "$O/out"
	else
		skip "snapshot: $c shows unsupported" "$c is supported here"
	fi
done
run "$C" --json
check "snapshot --json: balanced, with the counters" balanced "$O/out"
check "snapshot --json: unsupported is null, not 0" grep -q \
	'"name":"msr_pasid_writes","group":"msr","kind":"exact","supported":false,"total":null' \
	"$O/out"

# A measured command: its writes, its exit status.
run "$C" -- /bin/pingpong "$CPU" 200
w=$(field "$O/err" ctxsw_cr3_writes)
check "-- pingpong $CPU 200: exit 0" [ "$rc" -eq 0 ]
check "-- pingpong $CPU 200: ctxsw_cr3_writes delta >= 400 ($w)" ge "${w:-NA}" 400
check "-- pingpong: msr_pasid_writes delta is unsupported" \
	grep -qE '^  msr_pasid_writes +unsupported$' "$O/err"
grep -E 'cr3stat:|_cr3_writes|elapsed' "$O/err" | sed 's/^/# /'
run "$C" -C "$CPU" -e ctxsw -- /bin/pingpong "$CPU" 200
w=$(field "$O/err" ctxsw_cr3_writes)
check "-C $CPU -- pingpong: >= 400 writes on cpu$CPU ($w)" ge "${w:-NA}" 400
run "$C" -- sh -c 'exit 3'
check "-- sh -c 'exit 3': exit status 3" [ "$rc" -eq 3 ]
run "$C" -- sh -c 'kill -9 $$'
check "-- a command killed by SIGKILL: 137" [ "$rc" -eq 137 ]
run "$C" -- /nonexistent
check "-- a command not found: 127, one line" err_is 127 "cannot run"

run "$C" --json -- true
check "--json -- true: exit 0" [ "$rc" -eq 0 ]
check "--json -- true: balanced braces and brackets" balanced "$O/err"
missing=$(awk 'NR > 1 { print $1 }' "$D/counters" | while read -r c; do
	grep -q "\"name\":\"$c\"" "$O/err" || echo "$c"
done)
check "--json -- true: every counter name" [ -z "$missing" ]
check "--json -- true: the command and its status" \
	grep -q '"command":\["true"\],"exit_status":0,' "$O/err"
run "$C" --json -- /bin/pingpong "$CPU" 200
w=$(json_delta "$O/err" ctxsw_cr3_writes)
check "--json -- pingpong: ctxsw_cr3_writes delta >= 400 ($w)" \
	ge "${w:-NA}" 400

# Intervals: a header of two lines, then one line per interval.
run "$C" 1 2
check "1 2: exit 0, 4 lines" lines_are 4
check "1 2: two interval lines" \
	[ "$(grep -cE '^ +[0-9]+ ' "$O/out")" -eq 2 ]
check "1 2: the CR3 write totals are columns" grep -q ' cr3_writes ' "$O/out"
sed 's/^/# /' "$O/out"
/bin/pingpong "$CPU" 5000 >/dev/null &
pid=$!
run "$C" -p 0.5 2
wait "$pid"
check "-p 0.5 2 under a ping-pong on cpu$CPU: its writes show as a rate" \
	busy_cpu "$CPU"
sed 's/^/# /' "$O/out"
run "$C" -p 0.5 1
check "-p 0.5 1: one line per CPU" \
	[ "$(grep -cE '^[0-9]+ ' "$O/out")" -eq "$(ncpus /sys/devices/system/cpu/possible)" ]
run "$C" -e msr 0.5 1
check "-e msr 0.5 1: unsupported rates say so" \
	grep -qE '^ +[0-9]+ .*unsupported' "$O/out"
run "$C" -j 0.5 2
check "-j 0.5 2: two JSON lines" \
	[ "$(grep -c '^{"interval":' "$O/out")" -eq 2 ]

# -g: the groups file reads the same afterwards, however the run ends.
cat "$D/groups" >"$O/groups0"
run "$C" -g none -- sh -c "cat $D/groups >$O/during"
check "-g none: every group off during the run" \
	not grep -qE '^[a-z]+ +on ' "$O/during"
check "-g none: groups file restored" cmp -s "$D/groups" "$O/groups0"
run "$C" -g flush -- sh -c "cat $D/groups >$O/during"
check "-g flush: only flush on during the run" only_on flush "$O/during"
check "-g flush: groups file restored" cmp -s "$D/groups" "$O/groups0"
run "$C" -g -ctxsw 0.5 1
check "-g -ctxsw 0.5 1: groups file restored" cmp -s "$D/groups" "$O/groups0"
run "$C" -g bogus
check "-g bogus: exit 2, one line (rejects)" err_is 2 "rejects"
check "-g bogus: groups file unchanged" cmp -s "$D/groups" "$O/groups0"
"$C" -g none 1 >/dev/null 2>&1 &
pid=$!
sleep 2
kill -TERM "$pid"
rc=0
wait "$pid" || rc=$?
check "-g none 1, SIGTERM: exit 143" [ "$rc" -eq 143 ]
check "-g none 1, SIGTERM: groups file restored" \
	cmp -s "$D/groups" "$O/groups0"
printf '%s\n' -other >"$D/groups"
cat "$D/groups" >"$O/groups1"
run "$C" -g all -- true
check "-g all from a non-default selection: restored" \
	cmp -s "$D/groups" "$O/groups1"
echo all >"$D/groups"

# The bench, when this module has one.
if [ -e "$D/bench" ]; then
	run "$C" -C 0 bench
	check "bench: exit 0" [ "$rc" -eq 0 ]
	sed 's/^/# /' "$O/out"
	run "$C" -j bench
	positive=$(tr ',' '\n' <"$O/out" |
		awk -F: '$1 == "\"median\"" && $2 > 0 { n++ } END { print n + 0 }')
	check "bench: positive medians ($positive)" [ "$positive" -gt 0 ]
	run "$C" --cost -- /bin/pingpong "$CPU" 200
	check "--cost: an estimate, labelled so" \
		grep -q '^Estimated cost (an estimate: bench medians' "$O/err"
else
	run "$C" bench
	check "no bench file: exit 6, one line" err_is 6 "has no bench"
	run "$C" --cost -- true
	check "--cost without a bench: no estimate, said so" \
		grep -q '^No cost estimate' "$O/err"
	check "--cost without a bench: the command's status" [ "$rc" -eq 0 ]
fi

# Errors with the module loaded.
run "$C" 0
check "INTERVAL 0: exit 2, one line" err_is 2 "bad INTERVAL"
run "$C" 1 x
check "COUNT x: exit 2, one line" err_is 2 "bad COUNT"
run "$C" -C 99
check "-C 99: exit 2, one line" err_is 2 "no cpu99 column"
run "$C" -e nope
check "-e nope: exit 2, one line" err_is 2 "no counter or group"
run "$C" true
check "a command without --: exit 2, one line" err_is 2 "after --"
# Not root: the module's files are root's.  The initramfs root is 0700
# (the staging directory's mode), which would stop nobody before cr3stat.
chmod 755 /
mkdir -p /etc
[ -e /etc/passwd ] || echo 'nobody:x:65534:65534:nobody:/:/bin/sh' >/etc/passwd
[ -e /etc/group ] || echo 'nogroup:x:65534:' >/etc/group
if [ "$(su -s /bin/sh nobody -c 'id -u' 2>/dev/null)" = 65534 ]; then
	run su -s /bin/sh nobody -c "$C"
	check "not root: exit 5, one line (permission denied)" \
		err_is 5 "permission denied"
	sed 's/^/# /' "$O/err"
else
	skip "not root: exit 5, one line (permission denied)" \
		"cannot become nobody"
fi

check "rmmod cr3stat" unload
run "$C"
check "after rmmod: exit 4, one line" err_is 4 "module is not loaded"
check "no taint added beyond the module's (O/E)" \
	[ "$(taint_other)" -eq "$taint0" ]
done_testing
