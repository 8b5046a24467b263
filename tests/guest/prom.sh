# cr3stat --prometheus against the real parts: Debian's
# prometheus-node-exporter (copied into the initramfs by guest-run) reads
# the file through its textfile collector, as the nobody user as Debian
# runs it under its own, and is scraped over loopback while a ping-pong
# moves the counters.  Every series it serves must lie between two reads
# of the counters file taken around cr3stat's run.
# shellcheck source=tests/guest/lib.sh
. /tests/lib.sh
set -eu

C=/bin/cr3stat
NE=/bin/prometheus-node-exporter
O=/tmp/prom
TF=$O/textfile
URL=http://127.0.0.1:9100/metrics
CPU=$(last_cpu)
mkdir -p "$TF"

# scrape FILE: node_exporter's /metrics into FILE.
scrape() {
	wget -q -O "$1" "$URL"
}

# served NAME FILE: a metric line of a scrape, as the collector serves it.
served() {
	grep -q "^$1 " "$2" || grep -q "^$1{" "$2"
}

# parsed FILE: the textfile collector read every file without error.
parsed() {
	grep -qx 'node_textfile_scrape_error 0' "$1"
}

# within BEFORE AFTER SCRAPE: every supported counter of the module has
# one series per CPU in SCRAPE, each between its values in the counters
# tables BEFORE and AFTER; unsupported counters have none.  Says why not.
within() {
	awk '
		FNR == 1 { f++ }
		f <= 2 && FNR == 1 { for (i = 5; i <= NF; i++) col[i] = substr($i, 4); next }
		f <= 2 && $4 == "unsupported" { unsup[$1] = 1; next }
		f == 1 { for (i = 5; i <= NF; i++) lo[$1 "," col[i]] = $i; next }
		f == 2 { for (i = 5; i <= NF; i++) { hi[$1 "," col[i]] = $i; want++ }; next }
		/^cr3stat_.*_total\{/ {
			name = $1; sub(/^cr3stat_/, "", name); sub(/_total\{.*/, "", name)
			cpu = $1; sub(/.*cpu="/, "", cpu); sub(/".*/, "", cpu)
			k = name "," cpu
			if (unsup[name]) { print "# served unsupported " k; bad = 1 }
			else if (!(k in hi)) { print "# served unknown " k; bad = 1 }
			else if (seen[k]++) { print "# served twice " k; bad = 1 }
			else if ($2 + 0 < lo[k] || $2 + 0 > hi[k]) {
				print "# " k ": " $2 " not in [" lo[k] ", " hi[k] "]"; bad = 1
			} else { n++ }
		}
		END { if (n != want) print "# " n " of " want " series in range"
			exit bad || n != want }' "$1" "$2" "$3"
}

# served_info KEY...: cr3stat_info is served with these info file values.
served_info() {
	_line=$(grep '^cr3stat_info{' "$O/s1")
	for _k in "$@"; do
		case "$_line" in
		*"$_k=\"$(info "$_k")\""*) ;;
		*) return 1 ;;
		esac
	done
}

# scrapes_while N -o FILE | N FILE: scrape N times while cr3stat rewrites
# FILE in a loop, with -o or by the shell's ">"; $bad counts the scrapes
# that did not find a whole file.
scrapes_while() {
	_n=$1
	shift
	if [ "$1" = -o ]; then
		while :; do "$C" --prometheus -o "$2"; done &
	else
		while :; do "$C" --prometheus >"$1"; done &
	fi
	_wr=$!
	bad=0
	_i=0
	while [ $_i -lt "$_n" ]; do
		scrape "$O/s4"
		_i=$((_i + 1))
		if ! parsed "$O/s4" || ! served cr3stat_info "$O/s4"; then
			bad=$((bad + 1))
		fi
	done
	kill "$_wr"
	wait "$_wr" 2>/dev/null || true
}

# only_prom: the textfile directory holds cr3stat.prom alone.
only_prom() {
	set -- "$TF"/*
	[ "$#" -eq 1 ] && [ "$1" = "$TF/cr3stat.prom" ]
}

# Taint beyond loading an out-of-tree module, as earlier suites left it
# (msr.sh's writes through the msr driver taint by design).
taint_other() {
	echo $(($(cat /proc/sys/kernel/tainted) & ~(4096 | 8192)))
}
taint0=$(taint_other)

start=$(date +%s)
check "insmod cr3stat" insmod "$KO"
ifconfig lo 127.0.0.1 up

# node_exporter as an unprivileged user, as Debian runs it: the file
# must be readable by others.  The initramfs root is 0700.
chmod 755 /
mkdir -p /etc
[ -e /etc/passwd ] || echo 'nobody:x:65534:65534:nobody:/:/bin/sh' >/etc/passwd
[ -e /etc/group ] || echo 'nogroup:x:65534:' >/etc/group
: >"$O/ne.log"
: >"$O/ne.pid"
chmod 666 "$O/ne.log" "$O/ne.pid"
t0=$(date +%s)
su -s /bin/sh nobody -c "$NE --collector.disable-defaults --collector.textfile \
	--collector.textfile.directory=$TF --web.listen-address=127.0.0.1:9100 \
	>$O/ne.log 2>&1 & echo \$! >$O/ne.pid" || diag "su failed"
i=0
until scrape "$O/s0" 2>/dev/null || [ $i -ge 150 ]; do
	sleep 0.2
	i=$((i + 1))
done
check "node_exporter (nobody) serves $URL ($(($(date +%s) - t0)) s to start)" \
	served node_textfile_scrape_error "$O/s0" || {
	sed 's/^/# /' "$O/ne.log"
	done_testing
	exit
}

# The counters move while cr3stat writes the file.
/bin/pingpong "$CPU" 1000000 >/dev/null &
pp=$!
sleep 1
cat "$D/counters" >"$O/c1"
run_rc=0
"$C" --prometheus -o "$TF/cr3stat.prom" || run_rc=$?
cat "$D/counters" >"$O/c2"
scrape "$O/s1"
check "cr3stat --prometheus -o FILE: exit 0, FILE readable by others" \
	[ "$run_rc.$(stat -c %a "$TF/cr3stat.prom")" = 0.644 ]
check "the textfile collector parses it (node_textfile_scrape_error 0)" \
	parsed "$O/s1"
check "every supported counter and CPU is served once, between the counters read before and after" \
	within "$O/c1" "$O/c2" "$O/s1"
w1=$(tget "$O/c1" counter ctxsw_cr3_writes "cpu$CPU")
w2=$(tget "$O/c2" counter ctxsw_cr3_writes "cpu$CPU")
check "the ping-pong moved ctxsw_cr3_writes on cpu$CPU meanwhile ($w1 -> $w2)" \
	[ "$w2" -gt "$w1" ]
grep "^cr3stat_ctxsw_cr3_writes_total" "$O/s1" | sed 's/^/# /'
unsup=$(awk 'NR > 1 && $4 == "unsupported" { print $1 }' "$O/c1")
missing=$(for c in $unsup; do
	grep -q "^cr3stat_supported{counter=\"$c\",group=\"[a-z]*\",kind=\"[a-z]*\"} 0$" "$O/s1" ||
		echo "$c"
done)
check "unsupported counters ($(echo "$unsup" | tr '\n' ' ')) are served as cr3stat_supported 0 (and have no series: above)" \
	[ -n "$unsup" -a -z "$missing" ]
check "cr3stat_info is served with the info file's kernel, pti, pcid, paranoid_restore, version" \
	served_info kernel pti pcid paranoid_restore version

# Negative controls: the range check and the collector's parse can fail.
awk '/^cr3stat_ctxsw_cr3_writes_total\{/ { $2 += 1000000 } { print }' \
	"$TF/cr3stat.prom" >"$O/tampered.prom"
mv "$O/tampered.prom" "$TF/cr3stat.prom"
scrape "$O/s2"
check "negative control: a value beyond the window is caught" \
	not within "$O/c1" "$O/c2" "$O/s2"
awk '/^cr3stat_info\{/ { print "# HELP cr3stat_info again" } { print }' \
	"$TF/cr3stat.prom" >"$O/broken.prom"
mv "$O/broken.prom" "$TF/cr3stat.prom"
scrape "$O/s3"
check "negative control: a family's HELP written twice is a scrape error" \
	not parsed "$O/s3"

# Atomic replacement: scrapes while cr3stat rewrites the file in a loop
# always find a whole file; the control writes it in place instead.
"$C" --prometheus -o "$TF/cr3stat.prom"
scrapes_while 10 -o "$TF/cr3stat.prom"
check "10 scrapes during rewrites: each found a whole file ($bad did not)" \
	[ "$bad" -eq 0 ]
scrapes_while 5 "$TF/cr3stat.prom"
check "negative control: rewritten in place (truncated, then written), $bad of 5 scrapes found no whole file" \
	[ "$bad" -gt 0 ]
"$C" --prometheus -o "$TF/cr3stat.prom"
check "no temporary file is left in the textfile directory" only_prom

kill "$pp" 2>/dev/null || true
wait "$pp" 2>/dev/null || true
kill "$(cat "$O/ne.pid")" 2>/dev/null || true
check "rmmod cr3stat" unload
check "no taint added beyond the module's (O/E)" \
	[ "$(taint_other)" -eq "$taint0" ]
diag "prom.sh took $(($(date +%s) - start)) s"
done_testing
