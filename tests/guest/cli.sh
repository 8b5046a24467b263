# The cr3stat command against the real module: snapshot, a measured
# command's deltas and exit status, interval lines, JSON (read by jq,
# which guest-run puts into the initramfs), CSV, CPU lists, -g restoring
# the groups file, unsupported counters, the bench (run by writing "run"
# to the bench file), and one clear error per failure class (no debugfs,
# no module, not root, bad arguments).
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

# usage_is STATUS TEXT: the last run exited STATUS, printed "cr3stat: ..."
# containing TEXT, then the usage, on stderr.
usage_is() {
	[ "$rc" -eq "$1" ] && head -n 1 "$O/err" | grep -q "^cr3stat: .*$2" &&
		sed -n 2p "$O/err" | grep -q '^usage: cr3stat '
}

# jqe FILE FILTER: FILE is JSON (one document per line) that jq reads,
# and FILTER, applied to the array of its documents, is true.
jqe() {
	jq -e -s "$2" "$1" >/dev/null
}

# names_match FILE: the counter names of the JSON in FILE are those of the
# module's table, in its order.
names_match() {
	jq -r '.counters[].name' "$1" >"$O/names.json"
	awk 'NR > 1 { print $1 }' "$D/counters" >"$O/names.table"
	cmp -s "$O/names.json" "$O/names.table"
}

# unsupported_shown FILE: every unsupported counter of the module reads
# "unsupported" on its line of a report.
unsupported_shown() {
	awk 'FNR == NR { if (FNR > 1 && $4 == "unsupported") want[$1] = 1; next }
		($1 in want) && $2 == "unsupported" { seen[$1] = 1 }
		END { for (c in want) { n++; if (!(c in seen)) bad = 1 }
			exit bad || !n }' "$D/counters" "$1"
}

# csv_row FILE COUNTER CPU: the value of a CSV row (-x ,).
csv_row() {
	awk -F, -v c="$2" -v cpu="$3" '$1 == c && $4 == cpu { print $5 }' "$1"
}

# bench_on CPU FILE: a bench table (up to its first blank line) whose
# every op ran on CPU.
bench_on() {
	awk -v c="$1" 'NR > 1 && !NF { exit }
		NR > 1 { n++; if ($2 != c) bad = 1 }
		END { exit bad || !n }' "$2"
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
	jq ".counters[] | select(.name == \"$2\") | .delta" "$1"
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
check "snapshot: the unsupported counters show unsupported" \
	unsupported_shown "$O/out"
run "$C" --json
check "snapshot --json: jq reads every counter of the module, in order" \
	names_match "$O/out"
check "snapshot --json: unsupported is null, not 0" jqe "$O/out" \
	'[.[0].counters[] | select(.supported | not)] | length > 0 and all(.total == null)'
run "$C" -x , -A
check "snapshot -x , -A: a header, then a row per counter and CPU" \
	[ "$(head -n 1 "$O/out"),$(($(wc -l <"$O/out") - 1))" = \
		"counter,group,kind,cpu,total,$(($(awk 'NR > 1' "$D/counters" | wc -l) * $(ncpus /sys/devices/system/cpu/possible)))" ]

# A measured command: its writes, its exit status.
run "$C" -- /bin/pingpong "$CPU" 200
w=$(field "$O/err" ctxsw_cr3_writes)
check "-- pingpong $CPU 200: exit 0" [ "$rc" -eq 0 ]
check "-- pingpong $CPU 200: ctxsw_cr3_writes delta >= 400 ($w)" ge "${w:-NA}" 400
check "-- pingpong: msr_pasid_writes delta is unsupported" \
	grep -qE '^  msr_pasid_writes +unsupported$' "$O/err"
grep -E 'cr3stat:|_cr3_writes|elapsed' "$O/err" | sed 's/^/# /'
run "$C" -x , -A -e ctxsw_cr3_writes,msr_pasid_writes -- /bin/pingpong "$CPU" 200
w=$(csv_row "$O/err" ctxsw_cr3_writes "$CPU")
w0=$(csv_row "$O/err" ctxsw_cr3_writes 0)
check "-x , -A -- pingpong on cpu$CPU: >= 400 writes in its row ($w), fewer on cpu0 ($w0)" \
	[ "${w:-0}" -ge 400 -a "${w0:-NA}" -lt 400 ]
sed 's/^/# /' "$O/err"
run "$C" -C "$CPU" -e ctxsw -- /bin/pingpong "$CPU" 200
w=$(field "$O/err" ctxsw_cr3_writes)
run "$C" -C "0-$CPU" -e ctxsw -- /bin/pingpong "$CPU" 200
wall=$(field "$O/err" ctxsw_cr3_writes)
# Two runs: each counts the workload's own 400 writes and noise, so
# neither can bound the other.
check "-C $CPU and -C 0-$CPU -- pingpong: each counts its >= 400 writes on cpu$CPU ($w, $wall)" \
	[ "${w:-0}" -ge 400 -a "${wall:-0}" -ge 400 ]
run "$C" -- sh -c 'exit 3'
check "-- sh -c 'exit 3': exit status 3" [ "$rc" -eq 3 ]
run "$C" -- sh -c 'kill -9 $$'
check "-- a command killed by SIGKILL: 137" [ "$rc" -eq 137 ]
run "$C" -- /nonexistent
check "-- a command not found: 127, one line" err_is 127 "cannot run"

run "$C" --json -- true
check "--json -- true: exit 0; jq reads every counter name" names_match "$O/err"
check "--json -- true: the command and its status" \
	jqe "$O/err" '.[0].command == ["true"] and .[0].exit_status == 0'
check "--json -- true: one document, on one line" [ "$(wc -l <"$O/err")" -eq 1 ]
run "$C" --json -- /bin/pingpong "$CPU" 200
w=$(json_delta "$O/err" ctxsw_cr3_writes)
check "--json -- pingpong: ctxsw_cr3_writes delta >= 400 ($w)" \
	ge "${w:-NA}" 400

# Intervals: a header of two lines, then one line per interval.
run "$C" 1 2
check "1 2: exit 0, 4 lines" lines_are 4
run "$C" -I 500 2
check "-I 500 2: exit 0, 4 lines" lines_are 4
check "1 2: two interval lines" \
	[ "$(grep -cE '^ +[0-9]+ ' "$O/out")" -eq 2 ]
check "1 2: the CR3 write totals are columns" grep -q ' cr3_writes ' "$O/out"
sed 's/^/# /' "$O/out"
/bin/pingpong "$CPU" 5000 >/dev/null &
pid=$!
run "$C" -A 0.5 2
wait "$pid"
check "-A 0.5 2 under a ping-pong on cpu$CPU: its writes show as a rate" \
	busy_cpu "$CPU"
sed 's/^/# /' "$O/out"
run "$C" -A 0.5 1
check "-A 0.5 1: one line per CPU" \
	[ "$(grep -cE '^[0-9]+ ' "$O/out")" -eq "$(ncpus /sys/devices/system/cpu/possible)" ]
run "$C" -e msr 0.5 1
check "-e msr 0.5 1: unsupported rates say so" \
	grep -qE '^ +[0-9]+ .*unsupported' "$O/out"
run "$C" -j 0.5 2
check "-j 0.5 2: jq reads two documents, one per line" \
	jqe "$O/out" 'length == 2 and .[1].interval == 2'
check "-j 0.5 2: two lines" lines_are 2

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

# The bench runs when "run" is written to it, on the writer's CPU; a read
# shows the last results (before any run: the header alone).
cat "$D/bench" >"$O/bench0"
check "the bench file before any run: its header alone" \
	[ "$(wc -l <"$O/bench0")" -eq 1 ]
run "$C" -C "$CPU" bench
check "bench -C $CPU: exit 0, every op ran on cpu$CPU" bench_on "$CPU" "$O/out"
sed 's/^/# /' "$O/out" "$O/err"
cat "$D/bench" >"$O/bench1"
check "bench -C $CPU: the bench file now shows that run" bench_on "$CPU" "$O/bench1"
run "$C" -j bench
check "bench -j: jq reads a positive cr3_flush median, and every op" \
	jqe "$O/out" '.[0].bench | (map(select(.op == "cr3_flush"))[0].median > 0) and length >= 6'
run "$C" --cost -- /bin/pingpong "$CPU" 200
check "--cost: an estimate, labelled so" \
	grep -q '^Estimated cost (an estimate: bench medians' "$O/err"

# Errors with the module loaded.
run "$C" 0
check "INTERVAL 0: exit 2, the reason, the usage" usage_is 2 "bad INTERVAL"
run "$C" -p 1
check "-p PID (perf's): exit 2, the reason, the usage" usage_is 2 "are -A"
run "$C" true
check "a command without --: exit 2, the reason, the usage" usage_is 2 "after --"
run "$C" -C 0,99
check "-C 0,99: exit 2, one line" err_is 2 "no cpu99 column"
run "$C" -e nope
check "-e nope: exit 2, one line" err_is 2 "no counter or group"
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
