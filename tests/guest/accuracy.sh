# Accuracy windows: each workload runs inside a window that /bin/acc
# opens and closes with the marker instructions of the QEMU plugin
# tests/oracle/cr3oracle.so, with cr3stat's counters read at both ends.
# This suite only runs the windows and dumps what the host needs to map
# the plugin's addresses to cr3stat's buckets; the verdicts are the
# host's (tests/oracle/compare).  cr3t.acc=full on the kernel command line
# runs longer workloads.
#
# Lines for the host, on the results channel (besides TAP):
#   @@env KEY VALUE...           kernel, cmdline, cpus
#   @@sites ...                  the sites file (address, text, group, site)
#   @@wrmsr ADDR SYMBOL+0xOFF    the WRMSR byte patterns of kernel text
#   @@groups LABEL G1,G2,...     the groups attached during window LABEL
#   @@kslot LABEL ADDR NAME      kprobe slot pages after window LABEL
#   @@acc ...                    the window itself (see tests/guest/src/acc.c)
# shellcheck source=tests/guest/lib.sh
. /tests/lib.sh

CPU=$(last_cpu)
mode=trim
case " $(cat /proc/cmdline) " in
*" cr3t.acc=full "*) mode=full ;;
esac

# all_attached: every group this kernel supports is selected and attached
# (7.x has no "other" group: it reads unsupported).
all_attached() {
	awk 'NR > 1 && $3 != "unsupported" && ($2 != "on" || $3 != "yes") {
		bad = 1 } END { exit bad }' "$D/groups"
}

check "insmod cr3stat" insmod "$KO"
echo all >"$D/groups"
check "every group this kernel supports is selected and attached" \
	all_attached
diag "groups: $(awk 'NR > 1 { printf "%s ", $1 }' "$D/groups")"
diag "mode $mode, workloads pinned to cpu$CPU where they pin"

echo "@@env kernel $(uname -r)"
echo "@@env cmdline $(cat /proc/cmdline)"
echo "@@env cpus $(ncpus /sys/devices/system/cpu/online)"
echo "@@env pti $(info pti)"
echo "@@env paranoid_restore $(info paranoid_restore)"
sed 's/^/@@sites /' "$D/sites"
check "sites listed" [ "$(wc -l <"$D/sites")" -gt 1 ]
/bin/wrmsrs >/tmp/wrmsrs
check "WRMSR patterns of kernel text listed" [ -s /tmp/wrmsrs ]
sed 's/^/@@wrmsr /' /tmp/wrmsrs

# window LABEL CMD...: CMD inside an accuracy window, then the groups that
# were attached and the kprobe slot pages (out-of-line copies of probed
# instructions execute there; pages come and go with the probes).
window() {
	_label=$1
	shift
	echo "@@groups $_label $(awk 'NR > 1 && $3 == "yes" { printf "%s%s",
		n++ ? "," : "", $1 }' "$D/groups")"
	check "window $_label: ran stable, command succeeded" \
		/bin/acc "$_label" -- "$@"
	awk -v l="$_label" '$4 == "[__builtin__kprobes]" {
		print "@@kslot", l, $1, $3 }' /proc/kallsyms
}

if [ $mode = full ]; then
	F=200 P=2000 M=32 S=5
else
	F=50 P=500 M=8 S=2
fi

window forkexec /bin/forkexec $F
window pingpong /bin/pingpong "$CPU" $P
window pgfault /bin/pgtouch $M 4
# The NMIs land on CPU 0, where this shell and acc wait.
window nmi sh -c ". /tests/lib.sh; host_nmi 10"
window idle sleep $S

# One group of CR3 site kprobes attached at a time: the oracle sees a
# probed write in a kprobe slot, whatever its site, so only this tells
# the groups apart.  Where ctxsw counts from the tlb:tlb_flush tracepoint
# its sites are verify's; with verify off they run in place, and the
# oracle counts them there against the tracepoint's count.
SGS=$(awk 'NR > 1 && $3 ~ /^(ctxsw|verify|flush|other)$/ { print $3 }' \
	"$D/sites" | sort -u | tr '\n' ' ')
diag "site groups: $SGS"
for g in $SGS; do
	echo all >"$D/groups"
	for o in $SGS; do
		[ "$o" = "$g" ] || echo "-$o" >"$D/groups"
	done
	# A detached group's optimized kprobes keep their jumps until the
	# kprobe optimizer unpatches them, 5 jiffies later: until then its
	# sites still run in its slots, which the oracle would give to $g.
	# (7.3's verify site at switch_mm_irqs_off was seen doing that.)
	sleep 1
	window "forkexec-$g" /bin/forkexec $F
done
echo all >"$D/groups"

# MSR writes through the msr driver (TSC_AUX, its own value): traced
# wrmsr calls.  The driver taints the kernel (CPU out of spec) by design,
# so the taint check comes first.
check "kernel tainted only by the module (O/E) before MSR writes" \
	not tainted_beyond_module
check "insmod msr" insmod /lib/modules/msr.ko
window msr /bin/msrw 0 c0000103 25

check "rmmod" unload
done_testing
