# Cost of cr3stat's probes (make bench, not make check): guest time of a
# syscall loop and of a pipe ping-pong with the module out, with its
# default groups, with the pti group added, and with every group.  Under
# QEMU -icount shift=0 a guest nanosecond is one guest instruction.
# shellcheck source=tests/guest/lib.sh
. /tests/lib.sh

S=20000
P=2000
R=5

# median CMD...: the median of R timed runs of CMD, in ns.
median() {
	_i=0
	while [ $_i -lt $R ]; do
		/bin/entries time "$@"
		_i=$((_i + 1))
	done | sort -n | sed -n "$(((R + 1) / 2))p"
}

row() {
	_base=$(median /bin/entries syscalls 0)
	_sys=$(median /bin/entries syscalls $S)
	_pp=$(median /bin/pingpong 0 $P)
	echo "@@bench $1 syscall $(((_sys - _base) / S)) pingpong $((_pp / P))"
}

sleep 2
row none
check "insmod cr3stat" insmod "$KO"
row default
echo +pti >"$D/groups"
row default+pti
echo all >"$D/groups"
echo "0xd93 0xc0000100 0xc0000103" >"$D/msr_watch"
row all
echo none >"$D/groups"
row loaded-no-groups
check "rmmod" unload
done_testing
