# What a CR0.WP toggle costs a KVM host (make bench, not make check):
# guest time of an L2 guest that toggles CR0.WP N times, run by /bin/l2wp
# through Debian's kvm-amd, with NPT (the toggles keep the MMU roots) and
# without (shadow paging: every toggle resets the MMU and reloads its
# roots), without cr3stat and with its kvm group.  Under QEMU -icount
# shift=0 a guest nanosecond is one guest instruction, L1 and L2 together.
# shellcheck source=tests/guest/lib.sh
. /tests/lib.sh

M=/lib/modules
N=2000
R=5

# median CMD...: the median of R outputs of CMD.
median() {
	_i=0
	while [ $_i -lt $R ]; do
		"$@"
		_i=$((_i + 1))
	done | sort -n | sed -n "$(((R + 1) / 2))p"
}

# row NPT LABEL: guest instructions per toggle, and counts of one run.
row() {
	_base=$(median /bin/l2wp -t 0)
	_n=$(median /bin/l2wp -t $N)
	echo "@@kvmbench npt=$1 $2 wp_toggle $(((_n - _base) / N)) vm $_base"
}

sleep 2
check "insmod irqbypass ccp" eval "insmod $M/irqbypass.ko && insmod $M/ccp.ko"
for npt in 1 0; do
	check "kvm, kvm-amd npt=$npt" \
		eval "insmod $M/kvm.ko && insmod $M/kvm-amd.ko npt=$npt"
	row $npt none
	check "insmod cr3stat" insmod "$KO"
	echo kvm >"$D/groups"
	row $npt kvm-group
	snap=$(cnt kvm_cr0_wp_toggles)
	/bin/l2wp $N
	diag "npt=$npt: one run of $N toggles: $(($(cnt kvm_cr0_wp_toggles) - snap)) counted"
	check "rmmod cr3stat" unload
	check "rmmod kvm-amd kvm" eval 'rmmod kvm_amd && rmmod kvm'
done
done_testing
