# Paranoid group: NMIs and #DBs by interrupted context, the restore
# policy read from the kernel's code, and the derived CR3 restores.
# shellcheck source=tests/guest/lib.sh
. /tests/lib.sh

K=10
CPU=$(last_cpu)

check "insmod cr3stat" insmod "$KO"
check "paranoid group attached by default" grep -qE '^paranoid +on +yes' "$D/groups"

# What the kernel's version says, independently of cr3stat's decoding:
# PARANOID_RESTORE_CR3 replaced RESTORE_CR3 in 6.7 (Debian 6.1 still has
# the old one); without PTI nothing is restored.
kv=$(uname -r | awk -F. '{ print $1 * 1000 + $2 }')
if [ "$(info pti)" = no ]; then
	want=none
elif [ "$kv" -ge 6007 ]; then
	want=user
else
	want=always
fi
want_info="$want (detected)"
check "info: paranoid_restore is '$want_info' on $(uname -r), pti $(info pti)" \
	[ "$(info paranoid_restore)" = "$want_info" ]
check "sites: the paranoid restore sites belong to the paranoid group" \
	grep -qE ' entry +paranoid .* (paranoid_exit|end_repeat_nmi)\+' "$D/sites"

# K NMIs into an idle CPU 0: the shell moves to CPU 1 so that CPU 0 sits
# in the kernel's idle loop.
taskset -p 2 $$ >/dev/null
sleep 1
n0=$(nmis_cpu0)
k0=$(cnt nmi_kernel cpu0)
u0=$(cnt nmi_user cpu0)
r0=$(cnt paranoid_cr3_restores cpu0)
d0=$(cnt paranoid_cr3_redundant cpu0)
check "host injects $K NMIs" host_nmi $K
dn=$(($(nmis_cpu0) - n0))
dk=$(($(cnt nmi_kernel cpu0) - k0))
du=$(($(cnt nmi_user cpu0) - u0))
dr=$(($(cnt paranoid_cr3_restores cpu0) - r0))
dd=$(($(cnt paranoid_cr3_redundant cpu0) - d0))
diag "idle cpu0: /proc/interrupts +$dn, nmi_kernel +$dk, nmi_user +$du, restores +$dr, redundant +$dd"
check "/proc/interrupts saw exactly $K NMIs on CPU 0" [ "$dn" = $K ]
check "nmi_kernel on cpu0 grew by exactly $K" [ "$dk" = $K ]
check "nmi_user on cpu0 did not grow" [ "$du" = 0 ]
case $want in
always)
	check "RESTORE_CR3: $K paranoid CR3 restores" [ "$dr" = $K ]
	check "RESTORE_CR3: all $K rewrote the loaded CR3" [ "$dd" = $K ]
	;;
*)
	check "policy $want: no paranoid CR3 restore" [ "$dr" = 0 ]
	check "policy $want: nothing redundant" [ "$dd" = 0 ]
	;;
esac

# K NMIs while CPU 0 spins in user mode.
/bin/spin 0 30 &
sp=$!
sleep 1
k0=$(cnt nmi_kernel cpu0)
u0=$(cnt nmi_user cpu0)
check "host injects $K NMIs during a user spin" host_nmi $K
dk=$(($(cnt nmi_kernel cpu0) - k0))
du=$(($(cnt nmi_user cpu0) - u0))
kill $sp
wait $sp 2>/dev/null
diag "spinning cpu0: nmi_user +$du, nmi_kernel +$dk"
check "NMIs during a user spin: every one counted once" [ $((du + dk)) = $K ]
check "NMIs during a user spin: most land in user mode" ge "$du" $((K / 2))

# #DB from user and from kernel mode, raised on CPU $CPU by perf hardware
# breakpoints whose own events count the hits.
N=50
mask=$((1 << CPU))
u0=$(cnt db_user "cpu$CPU")
hits=$(taskset $mask /bin/dbtrig user $N)
du=$(($(cnt db_user "cpu$CPU") - u0))
diag "user watchpoint: perf $hits hits, db_user +$du"
check "user watchpoint: perf counted $N hits" [ "$hits" = $N ]
check "db_user on cpu$CPU grew by exactly $N" [ "$du" = $N ]

k0=$(cnt db_kernel "cpu$CPU")
r0=$(cnt paranoid_cr3_restores "cpu$CPU")
hits=$(taskset $mask /bin/dbtrig kernel "$(ksym __x64_sys_getppid)" $N)
dk=$(($(cnt db_kernel "cpu$CPU") - k0))
dr=$(($(cnt paranoid_cr3_restores "cpu$CPU") - r0))
diag "kernel breakpoint on __x64_sys_getppid: perf $hits hits, db_kernel +$dk, restores +$dr"
check "kernel breakpoint: perf counted $N hits" [ "$hits" = $N ]
check "db_kernel on cpu$CPU grew by exactly $N" [ "$dk" = $N ]
if [ $want = always ]; then
	check "RESTORE_CR3: each kernel debug exception is one restore" [ "$dr" = $N ]
else
	check "policy $want: no restore for kernel debug exceptions" [ "$dr" = 0 ]
fi

# Off means no handler: NMIs are no longer counted.
echo -paranoid >"$D/groups"
k0=$(cnt nmi_kernel cpu0)
check "host injects $K NMIs with the group off" host_nmi $K
check "paranoid off: no NMI counted" [ "$(cnt nmi_kernel cpu0)" = "$k0" ]
echo +paranoid >"$D/groups"
taskset -p 1 $$ >/dev/null
check "rmmod" unload

# The policy can be forced where detection is not trusted.
check "insmod paranoid_restore=always" insmod "$KO" paranoid_restore=always
check "info: forced policy shown" \
	[ "$(info paranoid_restore)" = "always (forced)" ]
check "rmmod" unload
check "insmod paranoid_restore=bogus is refused" \
	not insmod "$KO" paranoid_restore=bogus 2>/dev/null
check "kernel tainted only by the module (O/E)" not tainted_beyond_module
done_testing
