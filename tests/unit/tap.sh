# shellcheck shell=bash
# KTAP output for the bash test scripts: source it (it prints the version
# line), call ok / not_ok / skip per test, then tap_done, which prints the
# plan and fails if a test failed.

tap_n=0
tap_failed=0
echo "KTAP version 1"

# ok DESC: a passing test.
ok() {
	tap_n=$((tap_n + 1))
	echo "ok $tap_n - $1"
}

# not_ok DESC [DETAIL...]: a failing test; each DETAIL becomes comment lines.
not_ok() {
	local l

	tap_n=$((tap_n + 1))
	tap_failed=$((tap_failed + 1))
	echo "not ok $tap_n - $1"
	shift
	for l in "$@"; do
		printf '%s\n' "$l" | sed 's/^/#   /'
	done
}

# skip DESC REASON: a test that does not apply here; not a pass.
skip() {
	tap_n=$((tap_n + 1))
	echo "ok $tap_n - $1 # SKIP $2"
}

# tap_done: the plan; the status says whether every test passed.
tap_done() {
	echo "1..$tap_n"
	[ "$tap_failed" -eq 0 ]
}
