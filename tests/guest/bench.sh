# What cr3stat's probes cost, beside the tools a user would pick instead
# (make bench, not make check).  One boot, one vCPU, QEMU -icount shift=0:
# a guest nanosecond is one guest instruction, so every figure is an
# instruction count.  Two workloads: a getppid() loop (system calls) and
# a pipe ping-pong between two processes (two context switches, two CR3
# writes per round trip).  Each figure is the median of R runs.
#
# Each configuration prints one line for scripts/bench:
#   @@bench LABEL S=calls sys0=ns sys=ns P=round-trips pp0=ns pp=ns
# (sys0 and pp0: the same programs doing no work, for their start-up
# cost; S= and sys fields are missing where only the ping-pong is timed).
# Checks that the row measured what it says (the module or the tool was
# attached and saw the switches) are TAP lines.  The sections are
# functions, run in order at the bottom: add a section, then a call.
#
# "/tests/bench.sh measure LABEL" prints one such line and nothing else:
# the tools run it as their workload, so they are attached before the
# first run starts and stay attached until the last one ends.
# shellcheck source=tests/guest/lib.sh
. /tests/lib.sh

S=20000		# getppid() calls per run
P=4000		# ping-pong round trips per run
R=11		# runs per figure (median)
GAP=0.2		# seconds of idle between runs: on 7.3, runs back to back
		# read up to 400 lower now and then, and a median of 5 wavered
R_FIRST=5	# the first-second figure: runs, round trips and gaps that
P_FIRST=2000	# fit in 1 s
GAP_FIRST=0.1
SETTLE=10	# seconds after insmod before the settled figures
BOOT_SETTLE=60	# seconds after boot before the first figure
DRIFT=10	# most the baseline may move during the boot, per switch
PERF=/bin/perf
BPFTRACE=/bin/bpftrace
TRACE=/sys/kernel/tracing

# median CMD...: the median of RUNS (default R) timed runs of CMD, in
# ns, with GAP seconds of idle before each (free under -icount), so that
# the work one run leaves behind (its processes' exit) is done by the next.
median() {
	_i=0
	_n=${RUNS:-$R}
	while [ $_i -lt "$_n" ]; do
		sleep "$GAP"
		/bin/entries time "$@"
		_i=$((_i + 1))
	done | sort -n | sed -n "$(((_n + 1) / 2))p"
}

# Start-up cost of the workloads, measured once (bench_none) and passed
# to the "measure" children through the environment.
base() {
	[ -n "${SYS0:-}" ] || SYS0=$(median /bin/entries syscalls 0)
	[ -n "${PP0:-}" ] || PP0=$(median /bin/pingpong 0 0)
	export SYS0 PP0
}

# measure LABEL: system call and ping-pong figures.
measure() {
	base
	_s=$(median /bin/entries syscalls $S)
	_p=$(median /bin/pingpong 0 $P)
	echo "@@bench $1 S=$S sys0=$SYS0 sys=$_s P=$P pp0=$PP0 pp=$_p"
}

# measure_pp LABEL: the ping-pong alone, quick: R_FIRST runs of P_FIRST.
measure_pp() {
	_p=$(RUNS=$R_FIRST GAP=$GAP_FIRST median /bin/pingpong 0 $P_FIRST)
	echo "@@bench $1 P=$P_FIRST pp0=$PP0 pp=$_p"
}

if [ "${1:-}" = measure ]; then
	measure "$2"
	exit 0
fi

# uptime_ms: guest time since boot, from /proc/uptime (10 ms steps).
uptime_ms() {
	awk '{ split($1, a, "."); print a[1] * 1000 + a[2] * 10 }' /proc/uptime
}

# counters_snap FILE: the counters' totals, "NAME VALUE" a line.
counters_snap() {
	awk 'NR > 1 { print $1, $4 }' "$D/counters" >"$1"
}

# Every counter that moved between two snapshots, as @@hits lines for
# LABEL, with how many round trips (2 switches each) ran in between.
hits_report() {
	awk -v l="$1" -v n="$4" 'NR == FNR { a[$1] = $2; next }
		$2 ~ /^[0-9]+$/ && $2 != a[$1] {
			print "@@hits " l " P=" n " " $1 " " $2 - a[$1] }' "$2" "$3"
}

# at_least N V: V is a number of at least N.
at_least() {
	case "$2" in ''|*[!0-9]*) return 1 ;; esac
	[ "$2" -ge "$1" ]
}

# Each tool must have counted at least the measured runs' switches.
SWITCHES=$((2 * P * R))

bench_none() {
	# Where the probed path is, for reading its disassembly off-line.
	awk '$3 == "_text" || $3 == "switch_mm_irqs_off" ||
		$3 == "load_new_mm_cr3" { print "@@sym " $3 " " $1 }' /proc/kallsyms
	# Runs in the first seconds after boot read high under -icount (on
	# 7.3 the ping-pong still read 0.6% high at 15 s): let the boot's
	# work finish while the guest idles, which costs no host time, then
	# discard one set of runs.
	sleep $BOOT_SETTLE
	median /bin/pingpong 0 $P >/dev/null
	base
	diag "kernel $(uname -r), $(cat /proc/cmdline)"
	measure none
	PP_NONE=$_p
}

# Loaded with nothing attached: nothing is probed, so nothing may cost.
bench_loaded() {
	check "insmod cr3stat groups=none" insmod "$KO" groups=none
	# shellcheck disable=SC2016 # awk code
	check "groups=none: no group attached" \
		not awk 'NR > 1 && $3 == "yes" { f = 1 } END { exit !f }' \
		"$D/groups"
	echo "@@foot coresize $(cat /sys/module/cr3stat/coresize)"
	echo "@@foot initsize $(cat /sys/module/cr3stat/initsize 2>/dev/null || echo 0)"
	measure loaded-no-group
	check "rmmod" unload
}

# The default groups from the first second after insmod (kprobes start as
# int3 traps until the optimizer turns them into jumps; the tracepoint
# has no warm-up, which this shows), then settled; then the opt-in ones.
bench_groups() {
	_t0=$(uptime_ms)
	insmod "$KO"
	_t1=$(uptime_ms)
	measure_pp default-first
	_t2=$(uptime_ms)
	echo "@@note insmod ms $((_t1 - _t0))"
	echo "@@note default-first ms $((_t2 - _t1))"
	check "first-second figure ends within 1 s of insmod ($((_t2 - _t1)) ms)" \
		[ $((_t2 - _t1)) -le 1000 ]
	info_line=$(grep '^ctxsw_path:' "$D/info")
	diag "$info_line"
	echo "@@note ctxsw_path ${info_line#ctxsw_path: }"
	sleep $SETTLE
	measure default
	# Which counters a ping-pong moves: only ctxsw should, once a switch.
	counters_snap /tmp/c0
	/bin/pingpong 0 $P
	counters_snap /tmp/c1
	hits_report default /tmp/c0 /tmp/c1 $P
	_w=$(awk '$1 == "ctxsw_cr3_writes" { print $2 }' /tmp/c1)
	_w0=$(awk '$1 == "ctxsw_cr3_writes" { print $2 }' /tmp/c0)
	check "default groups: ctxsw counted the ping-pong's $((2 * P)) switches" \
		at_least $((2 * P)) $((_w - _w0))
	echo +pti >"$D/groups"
	measure default+pti
	echo all >"$D/groups"
	echo "0xd93 0xc0000100 0xc0000103" >"$D/msr_watch"
	measure all
	check "rmmod" unload
}

# perf stat's count of tlb:tlb_flush on CPU 0, from its CSV output FILE.
perf_count() {
	awk -F, '$1 == "CPU0" && $4 ~ /tlb:tlb_flush/ { print $2 }' "$1"
}

# The tools a user would pick instead, each running while the same
# ping-pong runs, each shown to have counted the switches.
bench_perf() {
	if [ ! -x "$PERF" ]; then
		skip "perf stat" "no $PERF in the initramfs"
		return 0
	fi
	"$PERF" stat -a -A -x, -e tlb:tlb_flush -o /tmp/perf.out -- \
		/bin/sh /tests/bench.sh measure perf-stat
	diag "perf stat: $(tr '\n' ' ' </tmp/perf.out)"
	check "perf stat counted the switches" \
		at_least $SWITCHES "$(perf_count /tmp/perf.out)"
	# Negative control: the same check fails for a run without them.
	"$PERF" stat -a -A -x, -e tlb:tlb_flush -o /tmp/perf0.out -- \
		/bin/entries syscalls 1000
	check "perf stat count check fails on a run without switches" \
		not at_least $SWITCHES "$(perf_count /tmp/perf0.out)"
}

# bpftrace's @[0] at exit, from its output FILE.
bpf_count() {
	sed -n 's/^@\[0\]: \([0-9]*\)$/\1/p' "$1"
}

# bpftrace_row LABEL PROGRAM
bpftrace_row() {
	"$BPFTRACE" -o "/tmp/$1.out" -e "$2" \
		-c "/bin/sh /tests/bench.sh measure $1"
	diag "$1: $(tr '\n' ' ' <"/tmp/$1.out")"
	check "$1 counted the switches" \
		at_least $SWITCHES "$(bpf_count "/tmp/$1.out")"
}

bench_bpftrace() {
	if [ ! -x "$BPFTRACE" ]; then
		skip "bpftrace" "no $BPFTRACE in the initramfs"
		return 0
	fi
	bpftrace_row bpftrace-kprobe \
		'kprobe:switch_mm_irqs_off { @[cpu] = count(); }'
	bpftrace_row bpftrace-tracepoint \
		'tracepoint:tlb:tlb_flush /args->reason == 0/ { @[cpu] = count(); }'
}

# ftrace alone: a kprobe event on switch_mm_irqs_off with a hist trigger
# (the trigger arms the event without tracing into the ring buffer).
bench_ftrace() {
	if ! echo 'p:cr3bench switch_mm_irqs_off' >"$TRACE/kprobe_events"; then
		nok "ftrace: kprobe event on switch_mm_irqs_off"
		return 0
	fi
	echo 'hist:keys=cpu' >"$TRACE/events/kprobes/cr3bench/trigger"
	measure ftrace-kprobe-hist
	_n=$(sed -n 's/^{ cpu: *0 } hitcount: *\([0-9]*\)$/\1/p' \
		"$TRACE/events/kprobes/cr3bench/hist")
	diag "ftrace hist: cpu 0 hitcount $_n"
	check "ftrace hist counted the switches" at_least $SWITCHES "$_n"
	echo '!hist:keys=cpu' >"$TRACE/events/kprobes/cr3bench/trigger"
	echo '-:cr3bench' >>"$TRACE/kprobe_events"
}

# The same as bench_none at the end: how far the baseline drifted.
bench_none_again() {
	measure none-again
	_d=$((_p - PP_NONE))
	check "baseline drift under $DRIFT per switch ($((_d / (2 * P))))" \
		[ ${_d#-} -le $((DRIFT * 2 * P)) ]
}

bench_none
bench_loaded
bench_groups
bench_perf
bench_bpftrace
bench_ftrace
bench_none_again
done_testing
