#!/bin/bash
# Unit test for scripts/bochs-denoise: the one known Bochs boot WARN of
# Debian 6.12 (cut from a real Bochs console log, tests/bochs/testdata/)
# is removed, and only it: any change to its identity, a second copy, a
# later time, a taint or another WARN beside it stays in the log, where
# scripts/check-log fails it.  No VM needed.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
denoise="$repo/scripts/bochs-denoise"
check_log="$repo/scripts/check-log"
real="$repo/tests/bochs/testdata/boot-6.12.log"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# shellcheck source=tests/unit/tap.sh
. "$here/tap.sh"

# verdict LOG: "clean" or "hurt" by check-log, after bochs-denoise.
verdict() {
	"$denoise" "$1" >"$tmp/out" 2>"$tmp/err"
	if "$check_log" "$tmp/out" >/dev/null 2>&1; then
		echo clean
	else
		echo hurt
	fi
}

# expect DESC WANT LOG: the verdict on LOG must be WANT.
expect() {
	local got
	got=$(verdict "$3")
	if [ "$got" = "$2" ]; then
		ok "$1"
	else
		not_ok "$1" "verdict $got, want $2" "$(cat "$tmp/err")"
	fi
}

# edit SED_EXPR: the real log changed by a sed expression, as a file name.
edit() {
	local f="$tmp/edit.$RANDOM"
	sed -e "$1" "$real" >"$f"
	echo "$f"
}

# The real log: its WARN fails check-log as it is, and denoised it passes,
# with exactly the 26 lines of the block gone and nothing else changed.
if "$check_log" "$real" >/dev/null 2>&1; then
	not_ok "the real Bochs 6.12 boot log fails check-log as it is"
else
	ok "the real Bochs 6.12 boot log fails check-log as it is"
fi
expect "denoised, the real log passes check-log" clean "$real"
"$denoise" "$real" >"$tmp/out" 2>"$tmp/err"
diff "$real" "$tmp/out" >"$tmp/diff" || true
if [ "$(grep -c '^<' "$tmp/diff")" = 26 ] && ! grep -q '^>' "$tmp/diff" &&
	grep -q '^3,28d2$' "$tmp/diff" &&
	grep -q 'removed known boot noise 6.12-topology-parse_legacy.sig: lines 3-28' "$tmp/err"
then
	ok "exactly lines 3-28 (cut here .. end trace) are removed, and said so"
else
	not_ok "exactly lines 3-28 are removed" "$(head -5 "$tmp/diff")" "$(cat "$tmp/err")"
fi

# Negative controls: each one change to the block keeps it in the log.
expect "another WARN site line (topology_common.c:58) is kept" hurt \
	"$(edit 's/topology_common\.c:57/topology_common.c:58/')"
expect "another function (parse_topology) is kept" hurt \
	"$(edit 's/at arch\(.*\) parse_legacy/at arch\1 parse_topology/')"
expect "the same WARN later than time 0 is kept" hurt \
	"$(edit 's/^\[    0\.000000\] Modules linked in:/[    5.000000] Modules linked in:/')"
expect "the same WARN on a tainted kernel is kept" hurt \
	"$(edit 's/Comm: swapper Not tainted/Comm: swapper Tainted: G        W/')"
expect "the same WARN with a module loaded is kept" hurt \
	"$(edit 's/Modules linked in:\r\{0,1\}$/Modules linked in: cr3stat(OE)/')"
expect "the same WARN by another task (PID 1) is kept" hurt \
	"$(edit 's/WARNING: CPU: 0 PID: 0 at/WARNING: CPU: 0 PID: 1 at/')"
expect "one more frame in the call trace is kept" hurt \
	"$(edit '/? setup_arch+/a [    0.000000]  ? cr3stat_init+0x10/0x20 [cr3stat]')"
expect "one frame fewer in the call trace is kept" hurt \
	"$(edit '/? setup_arch+/d')"
expect "a cut-short block (no end trace) is kept" hurt \
	"$(edit '/end trace 0000000000000000/d')"

# Twice: the first copy goes, the second stays.
{ sed -n '1,28p' "$real"; sed -n '3,28p' "$real"; sed -n '29,$p' "$real"; } >"$tmp/twice"
expect "a second copy of the known WARN is kept" hurt "$tmp/twice"

# Another WARN beside the known one: a module's splat (as a QEMU guest
# logged tests/splat's) stays and fails the log.
cat "$real" - >"$tmp/splat" <<'EOF'
[   40.112233] ------------[ cut here ]------------
[   40.112240] cr3stat test: deliberate splat
[   40.112301] WARNING: CPU: 0 PID: 77 at /tmp/splat/splat.c:12 splat_init+0x15/0x1000 [splat]
[   40.112400] Modules linked in: splat(OE+) cr3stat(OE)
[   40.112500] ---[ end trace 0000000000000000 ]---
EOF
expect "a module's WARN beside the known one still fails the log" hurt "$tmp/splat"

# A log without the known WARN comes out byte for byte.
sed '3,28d' "$real" >"$tmp/none"
"$denoise" "$tmp/none" >"$tmp/out" 2>"$tmp/err"
if cmp -s "$tmp/none" "$tmp/out" && [ ! -s "$tmp/err" ]; then
	ok "a log without the known WARN is left byte for byte, nothing said"
else
	not_ok "a log without the known WARN is left byte for byte"
fi

# A signature that does not parse is an error, not a silent pass.
printf 'timestamp 0.000000\n? what\n' >"$tmp/bad.sig"
rc=0
"$denoise" "$real" "$tmp/bad.sig" >/dev/null 2>&1 || rc=$?
if [ "$rc" = 2 ]; then
	ok "a signature with a bad line is an error (exit 2)"
else
	not_ok "a signature with a bad line is an error" "exit $rc"
fi

tap_done
