# shellcheck shell=bash
# Helpers for the virtual-board tests (sourced by tests/vm/t-*.sh).
#
# A test script runs twice: on the host it re-runs itself through tests/vm/run (vm_main),
# and in the guest (SLUICE_VM=1) it does the checks. Checks print "ok"/"FAIL" lines; the
# script's exit status is the number of failures (capped), so the harness passes it through.

VM_DIR=$(cd -P "$(dirname "${BASH_SOURCE[0]}")" && pwd)
FAILS=0

# check DESCRIPTION CMD [ARGS...]: runs CMD, records pass or fail.
check() {
	local desc=$1
	shift
	if "$@"; then
		echo "ok   $desc"
	else
		echo "FAIL $desc"
		FAILS=$((FAILS + 1))
	fi
}

# check_ge DESCRIPTION VALUE MIN
check_ge() {
	if [ "$2" -ge "$3" ] 2> /dev/null; then
		echo "ok   $1 ($2 >= $3)"
	else
		echo "FAIL $1 (got '$2', want >= $3)"
		FAILS=$((FAILS + 1))
	fi
}

# done_checks: exit with the failure count (0 = pass).
done_checks() {
	[ "$FAILS" = 0 ] && echo "all checks passed" || echo "$FAILS check(s) failed"
	exit $((FAILS > 100 ? 100 : FAILS))
}

in_vm() { [ "${SLUICE_VM:-}" = 1 ]; }

# vm_main [run options...]: on the host, re-run this script in the guest through
# tests/vm/run. Each test gets a fresh out dir under $SLUICE_VM_TEST_OUT (default
# /tmp/sluice-vm-tests). Optional hooks of the script: host_setup OUT runs before the
# guest; host_check OUT runs after a successful guest run (for the trace, dmesg, dumps
# that the harness collects once the command is over). Exits with the first failure.
vm_main() {
	local name out
	name=$(basename "$0" .sh)
	out=${SLUICE_VM_TEST_OUT:-/tmp/sluice-vm-tests}/$name
	rm -rf "$out" && mkdir -p "$out"
	if declare -F host_setup > /dev/null; then
		host_setup "$out" || { echo "FAIL host_setup" >&2; exit 1; }
	fi
	# A checkout under /tmp is hidden by the guest's tmpfs: share the test dir then.
	local extra=()
	[[ $VM_DIR =~ ^/(tmp|run)/ ]] && extra=(--ro "$VM_DIR")
	local rc=0
	"$VM_DIR/run" "${extra[@]}" --out "$out" --env SLUICE_VM_HOST_CWD="$(pwd -P)" "$@" \
		-- bash "$VM_DIR/$(basename "$0")" || rc=$?
	[ $rc = 0 ] || exit $rc
	if declare -F host_check > /dev/null; then
		echo "--- host checks on $out"
		host_check "$out"
		done_checks
	fi
	exit 0
}

# The visl video and media nodes, from sysfs names (node numbers depend on load order).
visl_video_node() {
	local d
	for d in /sys/class/video4linux/video*; do
		[ "$(cat "$d/name" 2> /dev/null)" = visl ] && { echo "/dev/${d##*/}"; return 0; }
	done
	return 1
}
media_node_of_model() {
	local d
	for d in /sys/bus/media/devices/media*; do
		[ "$(cat "$d/model" 2> /dev/null)" = "$1" ] && { echo "/dev/${d##*/}"; return 0; }
	done
	return 1
}
