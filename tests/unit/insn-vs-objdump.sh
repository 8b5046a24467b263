#!/bin/bash
# insn-vs-objdump.sh [BZIMAGE...] - check module/insn.c against objdump on
# the text of real kernels.
#
# BZIMAGE defaults to the newest (highest version) vmlinuz that
# scripts/kernel-fetch cached; give .cache/kernels/*/vmlinuz to check all.
# For each image:
#   - the vmlinux ELF is unpacked from the bzImage; it is stripped, so its
#     symbols are recovered from the kallsyms tables and the .text ones are
#     added back with objcopy.  Both are cached in
#     ${CR3STAT_CACHE:-<repo>/.cache}/vmlinux/<abi>/;
#   - objdump disassembles all of .text, and tests/unit/insn_check walks
#     every function again with cr3stat_insn_len(): the instruction starts
#     must agree, entry, noinstr and CR3-writing text must decode, and the
#     MOV-to-CR3 sites found both ways must be the same;
#   - the module's scanner (module/scan.c), with the decoder deciding
#     boundaries, must find exactly objdump's MOV-to-CR3 sites;
#   - objdump's .altinstr_replacement and the .altinstructions table give
#     the MOV-to-CR3 that alternatives patch into .text at boot.  Both
#     lists go to ${CR3STAT_CACHE}/vmlinux/<abi>/cr3-sites, which
#     scripts/guest-run puts into the guest for tests/guest/cr3.sh.
# Prints TAP, the plan last, and the MOV-to-CR3 sites as comments.
# CR3STAT_OBJDUMP_FILTER, an awk program, edits objdump's output on its
# way (tests/negative/run drops a MOV to CR3 with it).
set -euo pipefail
export LC_ALL=C

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cache="${CR3STAT_CACHE:-$repo/.cache}"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# shellcheck source=tests/unit/tap.sh
. "$repo/tests/unit/tap.sh"

# tap ok|fail DESC...: one test.
tap() {
	local cond=$1
	shift
	if [ "$cond" = ok ]; then
		ok "$*"
	else
		not_ok "$*"
	fi
}

# le FILE OFFSET BYTES - an unsigned little-endian number from FILE.
le() {
	od -An -tu"$3" --endian=little -j "$2" -N "$3" "$1" | tr -d ' '
}

hexbytes() {
	od -An -tx1 -j "$2" -N "$3" "$1" | tr -d ' \n'
}

# decompressor MAGIC_HEX - the command that unpacks a payload, or nothing.
decompressor() {
	case "$1" in
	fd377a585a00*)	echo "xz -dc --single-stream" ;;
	28b52ffd*)	echo "zstd -dcq" ;;
	1f8b08*)	echo "gzip -dc" ;;
	5d0000*)	echo "xz -dc --format=lzma" ;;
	425a68*)	echo "bzip2 -dc" ;;
	02214c18*)	echo "lz4 -dc" ;;
	894c5a4f*)	echo "lzop -dc" ;;
	esac
}

# unpack IMAGE OUT - write the vmlinux ELF inside a bzImage to OUT.
# The boot protocol header says where the payload is and how long; its
# magic says how it is compressed.  Without a usable header, the first
# payload found by its magic that unpacks to an ELF file wins.
unpack() {
	local img=$1 out=$2 off len magic cmd want size setup
	local magics='\xfd7zXZ\x00|\x28\xb5\x2f\xfd|\x1f\x8b\x08'
	local -a offs=()

	# "HdrS": setup_sects, then payload_offset and _length (protocol 2.08)
	if [ "$(hexbytes "$img" 0x202 4)" = 48647253 ]; then
		setup=$(le "$img" 0x1f1 1)
		[ "$setup" -ne 0 ] || setup=4
		off=$(((setup + 1) * 512 + $(le "$img" 0x248 4)))
		len=$(le "$img" 0x24c 4)
		offs=("$off")
	fi
	if [ "${#offs[@]}" -eq 0 ] ||
	   [ -z "$(decompressor "$(hexbytes "$img" "${offs[0]}" 6)")" ]; then
		len=
		mapfile -t offs < <(grep -obUaP "$magics" "$img" | cut -d: -f1)
	fi
	for off in "${offs[@]}"; do
		magic=$(hexbytes "$img" "$off" 6)
		cmd=$(decompressor "$magic")
		[ -n "$cmd" ] || continue
		# The payload ends with the unpacked size (gzip's own ISIZE, or
		# the le32 the kernel build appends to the other formats): some
		# tools call that trailing garbage, so check the size instead.
		if [ -n "$len" ]; then
			want=$(le "$img" $((off + len - 4)) 4)
			dd if="$img" iflag=skip_bytes,count_bytes skip="$off" \
				count="$len" bs=1M status=none |
				$cmd >"$out" 2>/dev/null || true
		else
			want=
			dd if="$img" iflag=skip_bytes skip="$off" bs=1M \
				status=none | $cmd >"$out" 2>/dev/null || true
		fi
		size=$(stat -c %s "$out")
		if [ "$(hexbytes "$out" 0 4)" = 7f454c46 ] &&
		   [ "${want:-$size}" = "$size" ]; then
			echo "${cmd%% *}"
			return 0
		fi
	done
	return 1
}

# prepare IMAGE DIR - unpacked vmlinux (with .text symbols) and kallsyms
# in DIR, reused while the image's checksum stays the same.
prepare() {
	local img=$1 dir=$2 sum how stext etext base

	sum=$(sha256sum <"$img" | cut -d' ' -f1)
	if [ -s "$dir/vmlinux" ] && [ -s "$dir/kallsyms" ] &&
	   [ "$(cat "$dir/source.sha256" 2>/dev/null)" = "$sum" ]; then
		echo cached
		return 0
	fi
	how=$(unpack "$img" "$tmp/vmlinux.raw") || return 1
	"$tmp/insn_check" syms "$tmp/vmlinux.raw" >"$tmp/kallsyms" || return 1
	stext=$(awk '$3 == "_stext" { print $1; exit }' "$tmp/kallsyms")
	etext=$(awk '$3 == "_etext" { print $1; exit }' "$tmp/kallsyms")
	base=$(objdump -h "$tmp/vmlinux.raw" |
		awk '$2 == ".text" { print $4; exit }')
	[ "$stext" = "$base" ] && [ -n "$etext" ] || return 1
	# objcopy wants section offsets: the high halves of all .text
	# addresses are equal, so subtract the low halves.
	awk -v lo="$stext" -v hi="$etext" '
	function hex(s,  i, c, v) {
		for (i = 1; i <= length(s); i++) {
			c = substr(s, i, 1)
			v = v * 16 + index("0123456789abcdef", c) - 1
		}
		return v
	}
	$2 ~ /^[tTwW]$/ && $1 >= lo && $1 < hi {
		printf "--add-symbol\n%s=.text:0x%x,%s,function\n", $3,
			hex(substr($1, 9)) - hex(substr(lo, 9)),
			($2 ~ /[TW]/) ? "global" : "local"
	}' "$tmp/kallsyms" >"$tmp/objcopy.args"
	objcopy @"$tmp/objcopy.args" "$tmp/vmlinux.raw" "$tmp/vmlinux" &&
		mkdir -p "$dir" &&
		mv "$tmp/vmlinux" "$dir/vmlinux" &&
		mv "$tmp/kallsyms" "$dir/kallsyms" &&
		echo "$sum" >"$dir/source.sha256" || return 1
	rm -f "$tmp/vmlinux.raw"
	echo "$how"
}

objdump_filter() {
	if [ -n "${CR3STAT_OBJDUMP_FILTER:-}" ]; then
		awk "$CR3STAT_OBJDUMP_FILTER"
	else
		cat
	fi
}

# check IMAGE - the TAP lines for one kernel image.
check() {
	local img=$1 abi dir how start name line rc=0 t0 nsyms
	local -A sym=()
	local want=' (__entry_text|__noinstr_text)_(start|end)$'

	t0=$EPOCHREALTIME
	abi=$(dd if="$img" bs=1 skip=$(($(le "$img" 0x20e 2) + 0x200)) \
		count=64 status=none | tr '\0' '\n' | awk '{ print $1; exit }')
	if [ -z "$abi" ]; then
		tap fail "$img: no kernel version in the bzImage header"
		return
	fi
	dir="$cache/vmlinux/$abi"
	if ! how=$(prepare "$img" "$dir"); then
		tap fail "$abi: vmlinux and its symbols unpacked"
		return
	fi
	nsyms=$(wc -l <"$dir/kallsyms")
	tap ok "$abi: vmlinux and $nsyms kallsyms symbols unpacked ($how)"

	while read -r start _ name; do
		sym[$name]=$start
	done < <(nm "$dir/vmlinux" | grep -E "$want")
	for name in __entry_text_start __entry_text_end \
		    __noinstr_text_start __noinstr_text_end; do
		if [ -z "${sym[$name]:-}" ]; then
			tap fail "$abi: nm finds $name"
			return
		fi
	done
	echo "# $abi: entry text" \
		"${sym[__entry_text_start]}-${sym[__entry_text_end]}," \
		"noinstr text" \
		"${sym[__noinstr_text_start]}-${sym[__noinstr_text_end]}"

	objdump -d -z --no-show-raw-insn -j .text -j .altinstr_replacement \
		"$dir/vmlinux" | objdump_filter |
		"$tmp/insn_check" compare "$dir/vmlinux" "$dir/kallsyms" \
			"${sym[__entry_text_start]}" \
			"${sym[__entry_text_end]}" \
			"${sym[__noinstr_text_start]}" \
			"${sym[__noinstr_text_end]}" \
			"$dir/cr3-sites" >"$tmp/out" || rc=$?
	while IFS= read -r line; do
		case "$line" in
		"ok - "*)	tap ok "$abi: ${line#ok - }" ;;
		"not ok - "*)	tap fail "$abi: ${line#not ok - }" ;;
		*)		echo "$line" ;;
		esac
	done <"$tmp/out"
	[ "$rc" -le 1 ] || tap fail "$abi: insn_check compare ran to the end"
	awk -v abi="$abi" -v t0="$t0" -v t1="$EPOCHREALTIME" \
		'BEGIN { printf "# %s: checked in %.1f s\n", abi, t1 - t0 }'
}

gcc -Wall -Wextra -Werror -O2 -o "$tmp/insn_check" \
	"$repo/tests/unit/insn_check.c" "$repo/module/insn.c" \
	"$repo/module/scan.c"

images=("$@")
if [ "${#images[@]}" -eq 0 ]; then
	shopt -s nullglob
	cached=("$cache"/kernels/*/vmlinuz)
	shopt -u nullglob
	if [ "${#cached[@]}" -eq 0 ]; then
		echo "no cached kernel: run scripts/kernel-fetch first" >&2
		exit 2
	fi
	images=("$(printf '%s\n' "${cached[@]}" | sort -V | tail -n 1)")
fi
for img in "${images[@]}"; do
	check "$img"
done
tap_done
