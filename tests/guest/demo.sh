# Demo: a short representative workload with cr3stat loaded, then the
# counters table.  Run by `make demo` on the default kernel.
# shellcheck source=tests/guest/lib.sh
. /tests/lib.sh

insmod "$KO" || exit 1
echo "== info"
cat "$D/info"
echo +pti >"$D/groups"
echo 1 >"$D/reset"
echo "== workload: 200 fork+exec, 2000 pipe round trips on cpu$(last_cpu), 5 NMIs"
i=0
while [ $i -lt 200 ]; do
	/bin/true
	i=$((i + 1))
done
/bin/pingpong "$(last_cpu)" 2000
host_nmi 5 || echo "NMI injection did not arrive"
echo "== groups"
cat "$D/groups"
echo "== counters"
cat "$D/counters"
echo "== cr3stat --cost -- /bin/pingpong $(last_cpu) 1000 (the command, with the bench's estimate)"
cr3stat --cost -e ctxsw_cr3_writes,pti_cr3_writes,paranoid_cr3_restores \
	-- /bin/pingpong "$(last_cpu)" 1000 2>&1
rmmod cr3stat
