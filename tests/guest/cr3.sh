# CR3 write accounting: site discovery against an independent derivation,
# per-site exactness against kprobe_events, classification of known
# workloads, and group toggling under load.
# shellcheck source=tests/guest/lib.sh
. /tests/lib.sh

T=/sys/kernel/tracing
# Loop sizes: smaller under Bochs (lib.sh pick), large enough either way.
N=$(pick 2000 300)
FORKS=$(pick 100 20)
FTOGGLES=$(pick 1000 20)
TOGGLES=$(pick 100 4)
HOTPLUG=$(pick 5 1)
CPU=$(last_cpu)
cpumask=$((1 << CPU))

# Independent derivation, before cr3stat is loaded (an armed kprobe hides
# the bytes it sits on): for each function of the context-switch and flush
# paths, its bytes through /proc/kcore, every offset where a MOV to CR3
# could start (kscan prints both readings of a byte 40-4f before 0f 22 /3,
# and prefers neither), kept when kprobe_events accepts it: the kernel's
# decoder says it is an instruction boundary.  cr3stat must then list
# exactly those, attached.
# The context-switch sites and the register each writes go to
# /tmp/ctxsw_regs, for the PCID observer below.
for f in switch_mm_irqs_off load_new_mm_cr3 native_flush_tlb_local; do
	start=$(ksym "$f")
	if [ -z "$start" ]; then
		echo "$f -" >>/tmp/derived
		continue
	fi
	want=""
	/bin/kscan -r "$start" "$(ksym_end "$start")" >/tmp/kscan.out
	while read -r off reg; do
		if echo "p:cr3chk/c $f+0x$off" >>"$T/kprobe_events" 2>/dev/null; then
			want="$want $f+0x$off"
			echo "-:cr3chk/c" >>"$T/kprobe_events"
			[ "$f" = native_flush_tlb_local ] ||
				echo "$f+0x$off $reg" >>/tmp/ctxsw_regs
		fi
	done </tmp/kscan.out
	echo "$f$want" >>/tmp/derived
done

check "insmod cr3stat" insmod "$KO"
# The context-switch sites belong to verify where ctxsw counts from the
# tlb:tlb_flush tracepoint, and to ctxsw itself otherwise.
case "$(info ctxsw_path)" in
tracepoint*) SG=verify ;;
*) SG=ctxsw ;;
esac
diag "ctxsw_path: $(info ctxsw_path); context-switch sites: group $SG"
echo all >"$D/groups"
check "every group this kernel supports attached (verify, ctxsw_why too)" \
	none_detached
sites=$D/sites
check "sites file exists, root-only" [ "$(stat -c %a "$sites")" = 400 ]
check "sites: header" sh -c "head -n 1 $sites | grep -q '^address  *text  *group  *reg  *state  *site  *total '"
check "sites: no address listed twice" \
	[ "$(awk 'NR > 1 { print $1 }' "$sites" | sort | uniq -d | wc -l)" = 0 ]
check "sites: entry and noinstr sites are refused by kprobes" \
	not grep -qE ' (entry|noinstr) .* (attached|detached|unsafe) ' "$sites"
diag "$(awk 'NR > 1 { print $2, $3, $5, $6 }' "$sites" | sort | uniq -c | tr '\n' ';')"
while read -r f want; do
	if [ "$want" = - ]; then
		skip "$f: cr3stat probes exactly the sites kcore and kprobe_events find" \
			"no function $f in this kernel"
		continue
	fi
	got=$(awk -v f="$f" 'index($6, f "+") == 1 && $5 == "attached" {
		printf "%s ", $6 }' "$sites")
	diag "$f: kcore+kprobe_events: $want; cr3stat: $got"
	check "$f: cr3stat probes exactly the sites kcore and kprobe_events find" \
		[ "$got" = "${want:+$want }" ]
done </tmp/derived

# All of cr3stat's sites against objdump's on the host (written by
# tests/unit/insn-vs-objdump.sh, link-time addresses): the MOV-to-CR3
# instructions of the image's .text, and those alternatives patch in at
# boot (paravirt's write_cr3 on any non-Xen machine).  The running
# kernel's addresses are the link-time ones plus the KASLR slide.
O=/data/cr3-sites
if [ -r "$O" ]; then
	slide=$((0x$(ksym _text) - 0x$(awk '$1 == "_text" { print $2 }' "$O")))
	awk 'NR > 1 { print $1, $6 }' "$sites" | while read -r a s; do
		printf '%016x %s\n' $((0x$a - slide)) "$s"
	done >/tmp/live
	unknown=$(awk 'FNR == NR { if ($2 ~ /^(static|alt)/) k[$1] = 1; next }
		!($1 in k)' "$O" /tmp/live)
	missing=$(awk 'FNR == NR { l[$1] = 1; next }
		($2 == "static" || $2 == "alt-notxenpv") && !($1 in l)' \
		/tmp/live "$O")
	diag "objdump: $(awk '$2 ~ /^static/' "$O" | wc -l) in .text, $(awk '$2 ~ /^alt/' "$O" | wc -l) from alternatives; cr3stat: $(wc -l </tmp/live) sites"
	[ -z "$unknown" ] || diag "not objdump's: $(echo "$unknown" | tr '\n' ';')"
	[ -z "$missing" ] || diag "missed: $(echo "$missing" | tr '\n' ';')"
	check "sites: each is a MOV to CR3 that objdump finds in .text or in an alternative" \
		[ -z "$unknown" ]
	check "sites: objdump's .text and paravirt write_cr3 sites are all there" \
		[ -z "$missing" ]
else
	skip "sites: as objdump finds them" \
		"no $O (tests/unit/insn-vs-objdump.sh has not run on the host for this kernel)"
fi
check "the context-switch path has a probed CR3 write" \
	grep -qE " $SG +r.. +attached " "$sites"
check "the flush path has a probed CR3 write" \
	grep -qE ' flush +r.. +attached ' "$sites"

# Exactness: an independent kprobe event with a per-CPU hist trigger on
# each probed ctxsw/flush site.  Everything but the workload runs on CPU 0,
# so on CPU $CPU both observers see the same hits; the two are read one
# after the other, so cr3stat is read again after the hist and the
# comparison is retried if a hit landed in between.
awk -v sg="$SG" 'NR > 1 && ($3 == sg || $3 == "flush") && $5 == "attached" {
	print "s" ++n, $6 }' "$sites" >/tmp/evsites
while read -r ev s; do
	echo "p:cr3chk/$ev $s" >>"$T/kprobe_events"
	echo 'hist:keys=cpu' >"$T/events/cr3chk/$ev/trigger"
	echo 1 >"$T/events/cr3chk/$ev/enable"
done </tmp/evsites
# snap: per event, "EVENT SITE cr3stat-hits hist-hits" on CPU $CPU, then
# the ctxsw and verify counters there ("NAME - VALUE -").
CLASSES="writes same new_pgd pcid_change noflush user"
snap() {
	while read -r _ev _s; do
		echo "$_ev $_s $(hits "$_s" "cpu$CPU") $(hist_cpu "$_ev" "$CPU")"
	done </tmp/evsites
	for _c in $CLASSES; do
		for _g in ctxsw verify; do
			echo "${_g}_cr3_$_c - $(cnt "${_g}_cr3_$_c" "cpu$CPU") -"
		done
	done
}
# stable_snap: a snapshot taken while no site was hit on CPU $CPU.
stable_snap() {
	_try=0
	while [ $_try -lt 20 ]; do
		_a=$(snap)
		_b=$(snap)
		[ "$_a" = "$_b" ] && { echo "$_a"; return; }
		_try=$((_try + 1))
	done
	echo "$_b"
}
stable_snap >/tmp/before
taskset $cpumask /bin/pingpong "$CPU" "$N"
taskset $cpumask /bin/forkexec "$FORKS"
stable_snap >/tmp/after
check "exactness: a kprobe event on every probed ctxsw and flush site" \
	[ -s /tmp/evsites ]
# delta NAME COLUMN: growth of one snapshot line's column.
delta() {
	echo $(($(awk -v e="$1" -v c="$2" '$1 == e { print $c }' /tmp/after) -
		$(awk -v e="$1" -v c="$2" '$1 == e { print $c }' /tmp/before)))
}
hist_sg=0
while read -r ev s _; do
	dc=$(delta "$ev" 3)
	dh=$(delta "$ev" 4)
	case "$s" in
	native_flush_tlb_local+*) ;;
	*) hist_sg=$((hist_sg + dh)) ;;
	esac
	diag "$s on cpu$CPU: cr3stat +$dc, kprobe_events hist +$dh"
	check "$s: cr3stat count equals the independent kprobe event ($dc = $dh)" \
		[ "$dc" = "$dh" ]
done </tmp/evsites
# The tracepoint path against the kprobe path (verify) and the hist: the
# same writes, so every class must agree.
if [ $SG = verify ]; then
	dw=$(delta ctxsw_cr3_writes 3)
	check "ctxsw_cr3_writes (tracepoint) equals the kprobe events on the context-switch sites ($dw = $hist_sg)" \
		[ "$dw" = "$hist_sg" ]
	for c in $CLASSES; do
		dt=$(delta "ctxsw_cr3_$c" 3)
		dv=$(delta "verify_cr3_$c" 3)
		diag "$c on cpu$CPU: tracepoint +$dt, kprobes +$dv"
		check "ctxsw_cr3_$c (tracepoint) equals verify_cr3_$c (kprobes): $dt = $dv" \
			[ "$dt" = "$dv" ]
	done
else
	skip "tracepoint path against the kprobe path" \
		"ctxsw counts through the kprobes on this kernel"
fi
while read -r ev s; do
	echo 0 >"$T/events/cr3chk/$ev/enable"
	echo '!hist:keys=cpu' >"$T/events/cr3chk/$ev/trigger"
done </tmp/evsites
echo >"$T/kprobe_events"

# With PCID: the NOFLUSH, PCID-change and PTI-user classes of the
# context-switch writes against an independent observer on the same sites:
# a kprobe event on each MOV to CR3 found above (kcore + kprobe_events),
# fetching from the written register its NOFLUSH bit (63), its PCID (11:0)
# and its PTI user bits (12:11), and the loaded ASID from CPU $CPU's
# cpu_tlbstate (at kallsyms' per-CPU offset of cpu_tlbstate, +16, through
# __per_cpu_offset[$CPU]): the PCID loaded while the kernel runs is
# ASID + 1, so a write whose PCID differs from it changes PCID.  One hist
# keyed by cpu, pcid and asid sums NOFLUSH and user bits.  The kernel's
# ASID rule then says what a ping-pong of two mms on one CPU must give:
# each has an ASID of its own, so every switch but the first of the window
# changes PCID, and every one keeps the TLB (NOFLUSH) except those that
# allocate an ASID (at least the child's first run, a new mm).
pcid_observer_checks() {
	_tlb=$(ksym_addr cpu_tlbstate)
	_asid=$((0x$_tlb + 16))
	_k=0
	while read -r _s _r; do
		_k=$((_k + 1))
		echo "p:cr3pc/w$_k $_s pcid=%$_r:b12@0/64 nf=%$_r:b1@63/64 usr=%$_r:b2@11/64 asid=+$_asid(@__per_cpu_offset+$((8 * CPU))):u16" \
			>>"$T/kprobe_events"
		echo 'hist:keys=cpu,pcid,asid:vals=hitcount,nf,usr' \
			>"$T/events/cr3pc/w$_k/trigger"
		echo 1 >"$T/events/cr3pc/w$_k/enable"
	done </tmp/ctxsw_regs
	check "PCID observer: a kprobe event on every context-switch site ($_k)" \
		[ "$_k" -ge 1 ] && [ -n "$_tlb" ]
	# obs: on CPU $CPU, "writes noflush pcid_change user" summed over
	# every site's hist.
	obs() {
		for _e in "$T"/events/cr3pc/w*; do
			cat "$_e/hist"
		done | awk -v c="$CPU" '/^\{/ { gsub(/[{}:,]/, " ")
			for (i = 1; i < NF; i += 2) f[$i] = $(i + 1)
			if (f["cpu"] != c) next
			w += f["hitcount"]; nf += f["nf"]; u += f["usr"]
			if (f["pcid"] != f["asid"] + 1) pc += f["hitcount"] }
			END { print w + 0, nf + 0, pc + 0, u + 0 }'
	}
	mine() {
		echo "$(cnt ctxsw_cr3_writes "cpu$CPU") $(cnt ctxsw_cr3_noflush "cpu$CPU")" \
			"$(cnt ctxsw_cr3_pcid_change "cpu$CPU") $(cnt ctxsw_cr3_user "cpu$CPU")"
	}
	# both: cr3stat's four, then the observer's, while CPU $CPU is still.
	both() {
		_try=0
		while [ $_try -lt 20 ]; do
			_a="$(mine) $(obs)"
			_b="$(mine) $(obs)"
			[ "$_a" = "$_b" ] && break
			_try=$((_try + 1))
		done
		echo "$_b"
	}
	# shellcheck disable=SC2046 # word splitting intended
	set -- $(both)
	_m0="$1 $2 $3 $4" _o0="$5 $6 $7 $8"
	/bin/pingpong "$CPU" "$N"
	# shellcheck disable=SC2046
	set -- $(both)
	_m1="$1 $2 $3 $4" _o1="$5 $6 $7 $8"
	# shellcheck disable=SC2086 # word splitting intended
	_md=$(sub4 $_m1 $_m0) _od=$(sub4 $_o1 $_o0)
	diag "PCID ping-pong $N on cpu$CPU: cr3stat writes/noflush/pcid_change/user +$_md; observer +$_od"
	# shellcheck disable=SC2086
	set -- $_md
	_w=$1 _nf=$2 _pc=$3 _u=$4
	check "PCID: ping-pong gives NOFLUSH writes ($_nf > 0)" [ "$_nf" -gt 0 ]
	check "PCID: cr3stat's writes equal the observer's on cpu$CPU" \
		[ "$_w" = "$(echo "$_od" | cut -d' ' -f1)" ]
	check "PCID: ctxsw_cr3_noflush equals the observer's NOFLUSH writes" \
		[ "$_nf" = "$(echo "$_od" | cut -d' ' -f2)" ]
	check "PCID: ctxsw_cr3_pcid_change equals the observer's PCID changes" \
		[ "$_pc" = "$(echo "$_od" | cut -d' ' -f3)" ]
	check "PCID: no context-switch write is a PTI user CR3, by both" \
		[ "$_u" = 0 ] && [ "$(echo "$_od" | cut -d' ' -f4)" = 0 ]
	check "PCID: two mms with an ASID each: all but <= 2 writes change PCID ($_pc of $_w)" \
		[ "$_pc" -le "$_w" ] && [ $((_w - _pc)) -le 2 ]
	check "PCID: only ASID allocations flush: 1 to 8 writes without NOFLUSH ($((_w - _nf)))" \
		[ $((_w - _nf)) -ge 1 ] && [ $((_w - _nf)) -le 8 ]
	for _e in "$T"/events/cr3pc/w*; do
		echo 0 >"$_e/enable"
		echo '!hist:keys=cpu,pcid,asid:vals=hitcount,nf,usr' >"$_e/trigger"
	done
	echo >"$T/kprobe_events"
}

# sub4 A1 A2 A3 A4 B1 B2 B3 B4: the four differences A - B.
sub4() {
	echo $(($1 - $5)) $(($2 - $6)) $(($3 - $7)) $(($4 - $8))
}

# Known workload: a ping-pong between two processes on one CPU writes CR3
# at least twice per round trip, each time to other page tables.
w0=$(cnt ctxsw_cr3_writes "cpu$CPU")
p0=$(cnt ctxsw_cr3_new_pgd "cpu$CPU")
f0=$(cnt ctxsw_cr3_noflush "cpu$CPU")
/bin/pingpong "$CPU" "$N"
dw=$(($(cnt ctxsw_cr3_writes "cpu$CPU") - w0))
dp=$(($(cnt ctxsw_cr3_new_pgd "cpu$CPU") - p0))
df=$(($(cnt ctxsw_cr3_noflush "cpu$CPU") - f0))
diag "ping-pong $N: $dw ctxsw CR3 writes on cpu$CPU, $dp new page tables, $df NOFLUSH"
check "ping-pong: >= 2N context-switch CR3 writes on cpu$CPU" ge "$dw" $((2 * N))
check "ping-pong: every one loads new page tables" [ "$dp" = "$dw" ]
if [ "$(info pcid)" = no ]; then
	check "no PCID: no write carries NOFLUSH" [ "$(cnt ctxsw_cr3_noflush)" = 0 ]
	check "no PCID: no write changes PCID" [ "$(cnt ctxsw_cr3_pcid_change)" = 0 ]
else
	skip "no PCID: no write carries NOFLUSH" "the CPU has PCID"
	skip "no PCID: no write changes PCID" "the CPU has PCID"
	pcid_observer_checks
fi
check "context switches write the kernel CR3, never a PTI user one" \
	[ "$(cnt ctxsw_cr3_user)" = 0 ]
# The workloads are over, so CPU $CPU is quiet and its columns are still.
check "switch_mm_irqs_off calls >= CR3 writes on cpu$CPU" \
	ge "$(cnt ctxsw_calls "cpu$CPU")" "$(cnt ctxsw_cr3_writes "cpu$CPU")"

# native_flush_tlb_local rewrites the CR3 it reads.
fw=$(cnt flush_cr3_writes "cpu$CPU")
fs=$(cnt flush_cr3_same "cpu$CPU")
diag "flush on cpu$CPU: $fw writes, $fs of the loaded value"
check "flush: writes were seen on cpu$CPU" ge "$fw" 1
check "flush: every write is the value already loaded" [ "$fs" = "$fw" ]

# Toggle a group 1000 times under load while files are read: no splat,
# probes gone while off, counts frozen while off and growing while on.
taskset $cpumask /bin/pingpong "$CPU" 100000000 &
wl=$!
(while :; do cat "$D/counters" "$sites" "$D/groups" >/dev/null; done) &
rd=$!
flush_site=$(awk 'NR > 1 && $3 == "flush" { print $6; exit }' "$sites")
frozen=1 gone=1
i=0
while [ $i -lt "$FTOGGLES" ]; do
	echo -flush >"$D/groups"
	if [ $((i % (FTOGGLES / 10))) -eq 0 ]; then
		c0=$(cnt flush_cr3_writes)
		probe_gone "$flush_site" || gone=0
		taskset $cpumask /bin/forkexec 3
		[ "$c0" != NA ] && [ "$(cnt flush_cr3_writes)" = "$c0" ] ||
			frozen=0
	fi
	echo +flush >"$D/groups"
	i=$((i + 1))
done
# flush_gone: a flush site was watched, and its probe was never seen
# while the group was off.
flush_gone() {
	[ -n "$flush_site" ] && [ "$gone" = 1 ]
}
check "$FTOGGLES toggles of flush: probe gone whenever off" flush_gone
check "the flush probe is there when on" kprobed_at "$flush_site"
check "$FTOGGLES toggles of flush: no count while off" [ $frozen = 1 ]
c0=$(cnt flush_cr3_writes)
taskset $cpumask /bin/forkexec 30
check "flush counts again once on" ge "$(cnt flush_cr3_writes)" $((c0 + 1))
# ctxsw, verify and other where this kernel has them (7.x has no other).
tg=$(awk 'NR > 1 && ($1 == "ctxsw" || $1 == "verify" || $1 == "other") &&
	$3 != "unsupported" { printf "%s ", $1 }' "$D/groups")
i=0
while [ $i -lt "$TOGGLES" ]; do
	for g in $tg; do echo "-$g"; done | tr '\n' ' ' >"$D/groups"
	for g in $tg; do echo "+$g"; done | tr '\n' ' ' >"$D/groups"
	i=$((i + 1))
done
check "$TOGGLES toggles of $tg under load: all attached again" \
	[ -z "$(for g in $tg; do grep -qE "^$g +on +yes" "$D/groups" || echo "$g"; done)" ]
kill $rd $wl
wait $rd $wl 2>/dev/null

# CPU hotplug while groups are toggled: CPU bring-up writes CR3 in code
# cr3stat leaves alone (unsafe), and nothing may break.
online=/sys/devices/system/cpu/cpu$CPU/online
if [ "$CPU" -eq 0 ] || [ ! -w "$online" ]; then
	for t in "$HOTPLUG CPU offline/online cycles while groups toggle" \
		"after hotplug: every selected group attached" \
		"after hotplug: counter rows still add up" \
		"after hotplug: cpu$CPU counts again"; do
		skip "$t" "no CPU but CPU 0, or cpu$CPU cannot go offline"
	done
else
	(i=0; while [ $i -lt $((TOGGLES / 2)) ]; do
		echo "-ctxsw -flush" >"$D/groups"
		echo "+ctxsw +flush" >"$D/groups"
		i=$((i + 1))
	done) &
	tg=$!
	ok_hp=1
	i=0
	while [ $i -lt "$HOTPLUG" ]; do
		echo 0 >"$online" || ok_hp=0
		echo 1 >"$online" || ok_hp=0
		i=$((i + 1))
	done
	wait $tg
	check "$HOTPLUG CPU offline/online cycles while groups toggle" [ $ok_hp = 1 ]
	check "after hotplug: every selected group attached" \
		[ -z "$(awk 'NR > 1 && $2 == "on" && $3 != "yes"' "$D/groups")" ]
	check "after hotplug: counter rows still add up" rows_add_up
	w0=$(cnt ctxsw_cr3_writes "cpu$CPU")
	taskset $cpumask /bin/pingpong "$CPU" 100
	check "after hotplug: cpu$CPU counts again" \
		ge "$(cnt ctxsw_cr3_writes "cpu$CPU")" $((w0 + 200))
fi
check "rmmod" unload
check "no cr3stat kprobe is left" \
	not grep -qE 'switch_mm_irqs_off|native_flush_tlb_local|load_new_mm_cr3|enter_lazy_tlb|native_write_cr3' \
	/sys/kernel/debug/kprobes/list
check "no cr3stat tracepoint probe is left (tlb_flush, sched_switch)" \
	not sh -c '. /tests/lib.sh; tp_probed tlb_flush || tp_probed sched_switch'
check "kernel tainted only by the module (O/E)" not tainted_beyond_module
done_testing
