# MSR accounting: PASID support is reported honestly, the watch list is
# exact against known writes, and bad watch lists change nothing.
# shellcheck source=tests/guest/lib.sh
. /tests/lib.sh

CPU=$(last_cpu)
N=2000
K=25
W=$D/msr_watch
TSC_AUX=c0000103

# wget MSR [COLUMN]: writes of a watched MSR ("0x%08x") from msr_watch.
wget() {
	tget "$W" msr "$1" "${2:-total}"
}

check "insmod cr3stat" insmod "$KO"
check "msr group attached by default" grep -qE '^msr +on +yes' "$D/groups"

# This CPU (QEMU TCG) has no ENQCMD: PASID counters must say so, not 0.
pasid_rows="msr_pasid_writes msr_pasid_failed msr_pasid_fixups msr_pasid_ctxsw"
# all_unsupported NAME...: each counter reads unsupported in every column.
all_unsupported() {
	for _c in "$@"; do
		unsupported_row "$_c" || { diag "$_c is not unsupported"; return 1; }
	done
}
if grep -qw enqcmd /proc/cpuinfo; then
	skip "info: pasid unsupported because the CPU has no ENQCMD" \
		"the CPU has ENQCMD"
	skip "the 4 PASID counters read unsupported" "the CPU has ENQCMD"
else
	check "info: pasid unsupported because the CPU has no ENQCMD" \
		[ "$(info pasid)" = "unsupported: the CPU has no ENQCMD" ]
	# shellcheck disable=SC2086 # a list of names
	check "the 4 PASID counters read unsupported" all_unsupported $pasid_rows
fi

check "msr_watch: root-only read/write" [ "$(stat -c %a "$W")" = 600 ]
check "msr_watch: IA32_PASID watched by default" [ "$(wget 0x00000d93)" != NA ]

# Bad lists: -EINVAL, list unchanged.
echo "0xd93 0x$TSC_AUX 0xc0000100" >"$W"
s0=$(awk '{ print $1 }' "$W")
long=$(printf '%0300d' 0)
check "10 malformed msr_watch lists are EINVAL" einval_all \
	"msr_watch:garbage" "msr_watch:0xd93 0xd93" \
	"msr_watch:1 2 3 4 5 6 7 8 9" "msr_watch:0x100000000" "msr_watch:" \
	"msr_watch:-1" "msr_watch:0x" "msr_watch:none 0xd93" \
	"msr_watch:0xd93;0x10" "msr_watch:$long"
check "bad lists changed nothing" [ "$(awk '{ print $1 }' "$W")" = "$s0" ]

# K writes of a harmless MSR (TSC_AUX, its own value) through the msr
# driver: exactly K on that CPU.  The msr driver taints the kernel
# (TAINT_CPU_OUT_OF_SPEC) on purpose, so check the taint first; this
# suite runs last in a boot for the same reason.
check "kernel tainted only by the module (O/E) before MSR writes" \
	not tainted_beyond_module
insmod /lib/modules/msr.ko
check "msr driver loaded" [ -c /dev/cpu/0/msr ]
w0=$(wget 0x$TSC_AUX cpu0)
a0=$(cnt msr_writes cpu0)
done_k=$(/bin/msrw 0 $TSC_AUX $K)
w1=$(wget 0x$TSC_AUX cpu0)
a1=$(cnt msr_writes cpu0)
diag "TSC_AUX on cpu0: $w0 -> $w1 for $done_k writes; all MSR writes $a0 -> $a1"
check "$K writes of TSC_AUX through /dev/cpu/0/msr" [ "$done_k" = $K ]
check "watch counts exactly $K TSC_AUX writes on cpu0" [ $((w1 - w0)) = $K ]
check "msr_writes counts them too" ge $((a1 - a0)) $K

# Failing writes: reserved bits of IA32_PKRS fault (#GP, also under TCG,
# which ignores writes of MSRs it does not know); wrmsr_safe reports it.
f0=$(cnt msr_write_failed cpu0)
echo "0x$TSC_AUX 0x6e1" >"$W"
check "$K faulting writes of IA32_PKRS all fail" \
	[ "$(/bin/msrw 0 6e1 $K ffffffff00000000)" = 0 ]
f1=$(cnt msr_write_failed cpu0)
check "watch counts the $K faulting writes" [ "$(wget 0x000006e1 cpu0)" = $K ]
check "msr_write_failed counts exactly $K" [ $((f1 - f0)) = $K ]
check "a new list starts its counts at zero" [ "$(wget 0x$TSC_AUX)" = 0 ]

# FS_BASE: without FSGSBASE the kernel writes it with wrmsr whenever it
# switches between two threads with different FS bases.
echo 0xc0000100 >"$W"
/bin/fsswitch "$CPU" "$N"
fs=$(wget 0xc0000100 "cpu$CPU")
case " $(cat /proc/cmdline) " in
*" nofsgsbase "*)
	diag "FS_BASE writes on cpu$CPU for $N thread round trips: $fs"
	check "nofsgsbase: >= N FS_BASE writes for N thread round trips" \
		ge "$fs" "$N"
	;;
*)
	diag "with FSGSBASE ($(info fsgsbase)): $fs FS_BASE wrmsr for $N round trips"
	skip "nofsgsbase: >= N FS_BASE writes for N thread round trips" \
		"not booted with nofsgsbase"
	;;
esac

# Changing the list while writes happen.
/bin/fsswitch "$CPU" 200000 &
wl=$!
i=0
while [ $i -lt 200 ]; do
	echo "0xc0000100 0x$TSC_AUX" >"$W"
	echo "0xd93" >"$W"
	echo none >"$W"
	i=$((i + 1))
done
kill $wl
wait $wl 2>/dev/null
check "600 list changes during writes: list is what was last written" \
	[ "$(awk 'NR > 1' "$W" | wc -l)" = 0 ]
echo "0x$TSC_AUX" >"$W"
echo -msr >"$D/groups"
/bin/msrw 0 $TSC_AUX $K >/dev/null
check "msr group off: writes are no longer counted" [ "$(wget 0x$TSC_AUX)" = 0 ]
echo +msr >"$D/groups"
/bin/msrw 0 $TSC_AUX $K >/dev/null
check "msr group on again: counted" [ "$(wget 0x$TSC_AUX)" = $K ]
check "rmmod" unload
rmmod msr
done_testing
