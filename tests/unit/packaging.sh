#!/bin/bash
# Unit test of the packaging: make install-cli puts the command, its man
# page, the systemd units for node_exporter and the modules-load.d snippet
# where they belong, enables nothing, and systemd-analyze verify (offline:
# no running systemd needed) accepts the units as installed.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# shellcheck source=tests/unit/tap.sh
. "$here/tap.sh"

textfile=/var/lib/prometheus/node-exporter
units=lib/systemd/system

# verify UNIT...: systemd-analyze verify passes and says nothing (on an
# unknown key it warns but still exits 0).
verify() {
	local out
	if out=$(systemd-analyze verify --man=no "$@" 2>&1) && [ -z "$out" ]; then
		return 0
	fi
	printf '%s\n' "$out"
	return 1
}

# As a distribution or an administrator installs: DESTDIR, default PREFIX.
d=$tmp/dest
make -s -C "$repo" install-cli DESTDIR="$d" >"$tmp/install.log" 2>&1
exec_start=$(sed -n 's/^ExecStart=//p' "$d/usr/local/$units/cr3stat-prometheus.service")
want="/usr/local/bin/cr3stat --prometheus -o $textfile/cr3stat.prom"
if [ -x "$d/usr/local/bin/cr3stat" ] &&
	[ -f "$d/usr/local/share/man/man8/cr3stat.8" ] &&
	[ -f "$d/usr/local/$units/cr3stat-prometheus.timer" ] &&
	grep -qx cr3stat "$d/usr/local/share/cr3stat/modules-load.d/cr3stat.conf" &&
	[ "$exec_start" = "$want" ] && [ ! -e "$d/etc" ] &&
	[ "$(stat -c %a "$d/usr/local/$units/cr3stat-prometheus.service")" = 644 ]; then
	ok "install-cli: command, man page, units (ExecStart the installed command) and modules-load.d snippet; nothing enabled"
else
	not_ok "install-cli installs what it should" "ExecStart=$exec_start" \
		"$(cd "$d" && find . | sort)"
fi

# systemd checks that ExecStart's binary exists: install under a PREFIX
# that is real on this machine.
make -s -C "$repo" install-cli PREFIX="$tmp/usr" >>"$tmp/install.log" 2>&1
if log=$(verify "$tmp/usr/$units/cr3stat-prometheus.service" \
	"$tmp/usr/$units/cr3stat-prometheus.timer"); then
	ok "systemd-analyze verify accepts the service and the timer"
else
	not_ok "systemd-analyze verify accepts the service and the timer" "$log"
fi

# The check can fail: a misspelt key, a command that is not there.
sed 's/^OnUnitActiveSec=/OnUnitActivSec=/' \
	"$tmp/usr/$units/cr3stat-prometheus.timer" >"$tmp/typo.timer"
sed "s|^ExecStart=[^ ]*|ExecStart=$tmp/nonexistent|" \
	"$tmp/usr/$units/cr3stat-prometheus.service" >"$tmp/nobin.service"
if ! verify "$tmp/typo.timer" >/dev/null && ! verify "$tmp/nobin.service" >/dev/null; then
	ok "systemd-analyze verify rejects a misspelt key and a missing command"
else
	not_ok "systemd-analyze verify rejects a misspelt key and a missing command"
fi

# The directory written is the one Debian's node_exporter reads by default.
if ne=$("$repo/scripts/prom-fetch" node-exporter 2>"$tmp/fetch.log"); then
	dflt=$("$ne" --help 2>&1 | sed -n 's/.*--collector.textfile.directory="\([^"]*\)".*/\1/p')
	if [ "$dflt" = "$textfile" ]; then
		ok "the service writes into node_exporter's default textfile directory ($dflt)"
	else
		not_ok "the service writes into node_exporter's default textfile directory" \
			"node_exporter's: '$dflt'"
	fi
else
	not_ok "prometheus-node-exporter could be fetched" "$(cat "$tmp/fetch.log")"
fi
tap_done
