# PTI group (opt-in): kernel entries from user mode and the derived PTI
# CR3 switches; and the cost bench.
# shellcheck source=tests/guest/lib.sh
. /tests/lib.sh

# Loop sizes: smaller under Bochs (lib.sh pick), large enough either way.
N=1000
M=500
FORKS=$(pick 50 10)
TOGGLES=$(pick 50 3)
# uflush rounds: madvise rounds, ring passes.
UN=$(pick 100 50)
UR=$(pick 50 20)

# delta NAME CMD...: how much counter NAME grows while CMD runs.
delta() {
	_name=$1
	shift
	_b=$(cnt "$_name")
	"$@" >/dev/null
	echo $(($(cnt "$_name") - _b))
}

# cpu0_irqs: all interrupts CPU 0 has taken, from /proc/interrupts.
cpu0_irqs() {
	awk 'NR > 1 && $2 ~ /^[0-9]+$/ { n += $2 } END { print n }' /proc/interrupts
}

# ucount OUT NAME: a counter's delta from /bin/uflush's output.
ucount() {
	awk -v n="$2" '$1 == n { print $2 }' "$1"
}

# With PTI and PCID, the deferred user-ASID flushes (seed 001), counted
# from user_pcid_flush_mask, against workloads whose count follows from
# the kernel's code (tests/guest/src/uflush.c), each measured by the
# workload itself around its loop, on a CPU nothing else uses.
uflush_checks() {
	_c=$(last_cpu)
	# Where cr3stat found the mask (decoding entry code) against kallsyms:
	# cpu_tlbstate's per-CPU address + 22, user_pcid_flush_mask's offset
	# in struct tlb_state (6.1 to 7.3).
	_tlb=$(ksym_addr cpu_tlbstate)
	_want=$(printf 'derived from user_pcid_flush_mask at per-CPU %#x' \
		$((0x$_tlb + 22)))
	diag "info: pti_user_flushes: $(info pti_user_flushes); kallsyms: cpu_tlbstate $_tlb"
	check "PCID: pti_user_flushes is derived from the mask at cpu_tlbstate + 22" \
		[ "$(info pti_user_flushes)" = "$_want" ]
	/bin/uflush madv "$_c" "$UN" 64 >/tmp/uf
	check "uflush madv of 64 pages ran" [ $? = 0 ]
	_d=$(ucount /tmp/uf pti_user_flushes)
	diag "$UN madvise(DONTNEED) of 64 pages on cpu$_c: pti_user_flushes +$_d"
	check "PCID: $UN full local flushes of the task's mm, each consumed by one return: exactly $UN ($_d)" \
		[ "$_d" = "$UN" ]
	/bin/uflush madv "$_c" "$UN" 4 >/tmp/uf
	check "uflush madv of 4 pages ran" [ $? = 0 ]
	_d=$(ucount /tmp/uf pti_user_flushes)
	diag "$UN madvise(DONTNEED) of 4 pages on cpu$_c: pti_user_flushes +$_d (invpcid $(info invpcid))"
	if [ "$(info invpcid)" = yes ]; then
		check "PCID+INVPCID: single-page user flushes are not deferred: 0 ($_d)" \
			[ "$_d" = 0 ]
	else
		check "PCID, no INVPCID: each round's single-page flushes defer one: exactly $UN ($_d)" \
			[ "$_d" = "$UN" ]
	fi
	# A ring of K mms on one CPU: every flushing context switch and every
	# local flush sets one bit, each bit is consumed once; bits pending
	# when the window opens or closes (at most 6, one per ASID) make the
	# difference: |flushes - (flushing switches + local flushes)| <= 6.
	for _k in 8 4; do
		/bin/uflush ring "$_c" "$_k" "$UR" >/tmp/uf
		check "uflush ring of $_k ran" [ $? = 0 ]
		_d=$(ucount /tmp/uf pti_user_flushes)
		_w=$(ucount /tmp/uf ctxsw_cr3_writes)
		_f=$((_w - $(ucount /tmp/uf ctxsw_cr3_noflush)))
		_l=$(ucount /tmp/uf flush_cr3_writes)
		diag "ring of $_k mms x $UR on cpu$_c: pti_user_flushes +$_d; ctxsw writes +$_w, $_f without NOFLUSH; local flushes +$_l"
		check "PCID: ring of $_k: deferred flushes within 6 of flushing switches + local flushes ($_d vs $((_f + _l)))" \
			[ "$_d" -ge $((_f + _l - 6)) ] && [ "$_d" -le $((_f + _l + 6)) ]
		if [ "$_k" = 8 ]; then
			check "PCID: 8 mms on 6 ASIDs: every pass of the ring flushes ($_f of $_w, >= $((8 * UR)))" \
				[ "$_f" -ge $((8 * UR)) ]
		else
			check "PCID: 4 mms keep their ASIDs: at most 8 flushing switches ($_f of $_w)" \
				[ "$_f" -le 8 ] && [ "$_w" -ge $((4 * UR)) ]
		fi
	done
}

check "insmod cr3stat" insmod "$KO"
check "pti group is off by default" grep -qE '^pti +off +no ' "$D/groups"
check "pti group off: no kprobe on __common_interrupt" not kprobed __common_interrupt
check "pti group off: no syscall tracepoint work (pti_syscalls stays 0)" \
	[ "$(delta pti_syscalls /bin/entries syscalls 100)" = 0 ]
check "+pti attaches the group" sh -c "echo +pti >$D/groups"
check "pti group attached" grep -qE '^pti +on +yes ' "$D/groups"
check "kprobe on __common_interrupt" kprobed __common_interrupt
check "kprobe on __sysvec_apic_timer_interrupt" kprobed __sysvec_apic_timer_interrupt
diag "info: pti $(info pti), pcid $(info pcid), pti_irq_handlers $(info pti_irq_handlers)"

pti=$(info pti)
if [ "$pti" = yes ]; then
	check "info: pti_switches are derived" \
		sh -c "grep -q '^pti_switches: derived' $D/info"
else
	check "info: pti_switches says PTI is off" \
		sh -c "grep -q '^pti_switches: none: PTI is off' $D/info"
fi

s0=$(cnt pti_syscalls)
w0=$(cnt pti_cr3_writes)
f0=$(cnt pti_user_flushes)
/bin/entries syscalls $N
ds=$(($(cnt pti_syscalls) - s0))
dw=$(($(cnt pti_cr3_writes) - w0))
df=$(($(cnt pti_user_flushes) - f0))
diag "$N getppid(): pti_syscalls +$ds, pti_cr3_writes +$dw, pti_user_flushes +$df"
check "$N getppid(): pti_syscalls grows by at least $N" [ "$ds" -ge $N ]
check "$N getppid(): pti_syscalls grows by at most $N + 500 (the shell's own)" \
	[ "$ds" -le $((N + 500)) ]
if [ "$pti" = yes ]; then
	check "pti=on: pti_cr3_writes grows by at least 2 x $N" [ "$dw" -ge $((2 * N)) ]
	if [ "$(info pcid)" = no ]; then
		check "no PCID: pti_user_flushes grows by at least $N" [ "$df" -ge $N ]
	else
		uflush_checks
	fi
else
	check "nopti: pti_cr3_writes stays 0" [ "$(cnt pti_cr3_writes)" = 0 ]
	check "nopti: pti_user_flushes stays 0" [ "$(cnt pti_user_flushes)" = 0 ]
fi

d=$(delta pti_user_faults /bin/entries faults $M)
diag "$M fresh pages touched: pti_user_faults +$d"
check "$M user page faults: pti_user_faults grows by at least $M" [ "$d" -ge $M ]
check "... and by at most $M + 500" [ "$d" -le $((M + 500)) ]

# A user spin on CPU 0 while the shell waits on CPU 1: nearly every
# interrupt CPU 0 takes interrupts user mode.
taskset -p 2 $$ >/dev/null
i0=$(cpu0_irqs)
u0=$(cnt pti_user_irqs cpu0)
/bin/spin 0 2
di=$(($(cpu0_irqs) - i0))
du=$(($(cnt pti_user_irqs cpu0) - u0))
taskset -p 1 $$ >/dev/null
diag "2 s user spin on CPU 0: /proc/interrupts +$di, pti_user_irqs +$du"
check "user spin: pti_user_irqs on CPU 0 > 0" [ "$du" -gt 0 ]
check "user spin: pti_user_irqs <= all interrupts of CPU 0" [ "$du" -le "$di" ]
check "user spin: pti_user_irqs >= half of them" [ $((2 * du)) -ge "$di" ]

# Reschedule IPIs against /proc/interrupts' RES line, counted in the same
# handler: cr3stat's reads bracket the kernel's, so it sees at least as
# many, and only the few that land between the reads more.
res() {
	awk '$1 == "RES:" { for (i = 2; i <= NF && $i ~ /^[0-9]+$/; i++)
		n += $i; print n }' /proc/interrupts
}
c0=$(cnt pti_resched_ipis)
r0=$(res)
/bin/pingpong 0 500 >/dev/null &
/bin/pingpong 1 500 >/dev/null
wait
r1=$(res)
dc=$(($(cnt pti_resched_ipis) - c0))
dr=$((r1 - r0))
diag "ping-pongs on both CPUs: RES +$dr, pti_resched_ipis +$dc"
check "pti_resched_ipis grows at least as much as /proc/interrupts RES" [ "$dc" -ge "$dr" ]
check "... and by at most 20 more" [ "$dc" -le $((dr + 20)) ]
check "mce reads unsupported (no module hook at machine-check time)" unsupported_row mce

d=$(delta pti_user_starts /bin/forkexec "$FORKS")
check "$FORKS fork+exec: pti_user_starts grows by at least $FORKS ($d)" [ "$d" -ge "$FORKS" ]
check "... and by at most $FORKS + 10" [ "$d" -le $((FORKS + 10)) ]
check "tasks that exit by exit_group are not counted as killed" \
	[ "$(delta pti_user_killed /bin/forkexec 20)" = 0 ]
# shellcheck disable=SC2016 # $$ is the inner shell's
d=$(delta pti_user_killed sh -c 'kill -9 $$')
check "a task killed by SIGKILL is counted in pti_user_killed ($d)" [ "$d" = 1 ]

# Toggles under load, with the files being read.
/bin/pingpong 1 20000 >/dev/null &
wl=$!
i=0
while [ $i -lt "$TOGGLES" ]; do
	echo -pti >"$D/groups"
	cat "$D/counters" >/dev/null
	echo +pti >"$D/groups"
	i=$((i + 1))
done
kill $wl 2>/dev/null
wait $wl 2>/dev/null
check "$TOGGLES pti toggles under a ping-pong: still attached" grep -qE '^pti +on +yes ' "$D/groups"
check "-pti detaches the group" sh -c "echo -pti >$D/groups"
check "pti group off: its kprobes are gone" not kprobed __common_interrupt
check "pti group off: syscalls no longer counted" \
	[ "$(delta pti_syscalls /bin/entries syscalls $N)" = 0 ]
check "every row adds up" rows_add_up

# The cost bench.
B=/tmp/bench
insmod /lib/modules/msr.ko 2>/dev/null
aux0=$(/bin/entries msr 0 c0000103)
# With nofsgsbase every switch writes FS_BASE: watch TSC_AUX alone.
echo 0xc0000103 >"$D/msr_watch"
o0=$(cnt other_cr3_writes)
# Reading runs nothing: before the first run the file is its header, and
# a read leaves TSC_AUX's write count (the bench's wrmsr) where it was.
check "bench: before a run, reading shows the header only" \
	[ "$(wc -l <"$D/bench")" = 1 ]
check "bench runs when asked (run written on CPU 0)" \
	sh -c "taskset 1 sh -c 'echo run >$D/bench' && cat $D/bench >$B"
sed 's/^/# /' "$B"
check "bench: reading again shows the same run (a read runs nothing)" \
	cmp -s "$B" "$D/bench"
check "bench: header names its columns" \
	[ "$(head -n 1 $B | awk '{ print $1, $2, $3, $4, $5, $6, $7, $8 }')" = \
	  "op cpu reps min median p90 max prices" ]
check "bench: six operations" [ "$(awk 'NR > 1' $B | wc -l)" = 6 ]
check "bench: ran on CPU 0, where run was written" \
	[ "$(awk 'NR > 1 && $2 != 0' $B | wc -l)" = 0 ]
# bench_ok OP [median|max]: numbers, min <= median <= p90 <= max, and
# the median (or only the max) above 0.  Under TCG a TSC_AUX write costs
# less than the emulated TSC's noise, so its median may truly read 0.
bench_ok() {
	awk -v op="$1" -v pos="${2:-median}" '$1 == op { f = 1
		for (i = 4; i <= 7; i++) if ($i !~ /^[0-9]+$/) bad = 1
		if ($4 > $5 || $5 > $6 || $6 > $7) bad = 1
		if (pos == "median" && $5 == 0) bad = 1
		if (pos == "max" && $7 == 0) bad = 1 }
		END { exit bad || !f }' "$B"
}
bench_unsupported() {
	awk -v op="$1" '$1 == op { f = 1
		for (i = 4; i <= 7; i++) if ($i != "unsupported") bad = 1 }
		END { exit bad || !f }' "$B"
}
check "bench: empty is measured" bench_ok empty max
check "bench: cr3_flush has sane figures, a positive median" bench_ok cr3_flush
check "bench: wrmsr (TSC_AUX) has sane figures, a positive max" bench_ok wrmsr max
if [ "$(info pcid)" = yes ]; then
	check "bench: cr3_noflush measured with PCID" bench_ok cr3_noflush
else
	check "bench: cr3_noflush unsupported without PCID" bench_unsupported cr3_noflush
fi
# Under Bochs (clock sync=none) the TSC counts emulated instructions: each
# operation is then a handful of them, and cr3_noflush is cr3_flush's
# sequence plus the OR of bit 63.
bench_few_insns() {
	awk '$1 ~ /^(cr3_flush|cr3_noflush|invpcid_single|wrmsr)$/ &&
		$5 != "unsupported" { n++; if ($5 < 1 || $5 > 50) bad = 1 }
		END { exit bad || n < 3 }' "$B"
}
bench_noflush_near_flush() {
	awk '$1 == "cr3_flush" { f = $5 } $1 == "cr3_noflush" { n = $5 }
		END { d = n - f; exit !(f != "" && n != "" && d <= 2 && d >= -2) }' "$B"
}
if [ "$EMU" = bochs ]; then
	check "bench under Bochs: each op's median is 1 to 50 instructions" \
		bench_few_insns
	check "bench under Bochs: cr3_noflush is within 2 instructions of cr3_flush" \
		bench_noflush_near_flush
else
	skip "bench under Bochs: each op's median is 1 to 50 instructions" \
		"a TSC that counts instructions (Bochs)"
	skip "bench under Bochs: cr3_noflush is within 2 instructions of cr3_flush" \
		"a TSC that counts instructions (Bochs)"
fi
if [ "$(info invpcid)" = yes ]; then
	check "bench: invpcid_single measured" bench_ok invpcid_single
else
	check "bench: invpcid_single unsupported without INVPCID" \
		bench_unsupported invpcid_single
fi
check "bench: wrmsr_pasid unsupported without ENQCMD" bench_unsupported wrmsr_pasid
check "bench: every counter it prices exists" sh -c "
	awk 'NR > 1 && \$8 != \"-\" { n = split(\$8, a, \",\");
		for (i = 1; i <= n; i++) { sub(/^-/, \"\", a[i]); print a[i] } }' $B |
	while read -r c; do grep -q \"^\$c \" $D/counters || exit 1; done"
check "bench: TSC_AUX of CPU 0 is unchanged ($aux0)" \
	[ "$(/bin/entries msr 0 c0000103)" = "$aux0" ]
check "bench: its TSC_AUX writes bypass the msr group" \
	[ "$(tget "$D/msr_watch" msr 0xc0000103 total)" = 0 ]
echo 0xd93 >"$D/msr_watch"
check "bench: its CR3 writes are not counted as kernel sites" \
	[ "$(cnt other_cr3_writes)" = "$o0" ]
(echo run >"$D/bench") &
(echo run >"$D/bench") &
wait
check "two benches at once, then the machine still switches tasks" \
	/bin/pingpong 1 200
rmmod msr
check "rmmod" unload
done_testing
