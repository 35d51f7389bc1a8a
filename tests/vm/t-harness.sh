#!/bin/bash
# Harness honesty, checked from the host: tests/vm/run returns the command's status, passes
# its stdout/stderr through untouched, times out with 124 naming the stage, refuses a kernel
# WARNING (unless --allow-warn), a panic, a trace with lost events and a misspelt module
# parameter, loads nothing with --modules none, and shares --rw dirs.
set -uo pipefail
source "$(dirname "$0")/testlib.sh"
RUN=$VM_DIR/run
T=${SLUICE_VM_TEST_OUT:-/tmp/sluice-vm-tests}/t-harness
rm -rf "$T" && mkdir -p "$T"

# vm OUT-NAME [run options...] -- CMD...: run into $T/NAME.{stdout,stderr}, status in $rc.
vm() {
	local name=$1
	shift
	rc=0
	"$RUN" --out "$T/$name" "$@" > "$T/$name.stdout" 2> "$T/$name.stderr" || rc=$?
	echo "     ($name: exit $rc)"
	# The harness's own lines say why a run failed or timed out: keep them in the test log.
	if [ "$rc" = 124 ] || [ "$rc" = 125 ]; then
		grep '^vm:' "$T/$name.stderr" | head -n 12 | sed 's/^/     | /'
	fi
}

vm exit3 -- sh -c 'exit 3'
check "exit status 3 passes through" [ "$rc" = 3 ]

vm streams -- sh -c 'echo to-stdout; echo to-stderr >&2; printf "no newline"'
check "stdout is exactly the command's" [ "$(cat "$T/streams.stdout")" = "$(printf 'to-stdout\nno newline')" ]
check "stderr carries the command's stderr" grep -qx to-stderr "$T/streams.stderr"
check "harness lines on stderr are prefixed vm:" sh -c "grep -v -x to-stderr '$T/streams.stderr' | grep -qv '^vm:' && exit 1 || exit 0"
check "console log kept" [ -s "$T/streams/console.log" ]
check "dmesg saved" grep -q 'Linux version' "$T/streams/dmesg.txt"

vm timeout --timeout 20 -- sleep 600
check "a command over --timeout exits 124" [ "$rc" = 124 ]
check "the timeout message names the command stage" grep -q 'timeout.*stage: command' "$T/timeout.stderr"

vm warn -- sh -c 'echo "WARNING: CPU: 0 PID: 1 at sluice harness self-test" > /dev/kmsg'
check "a kernel WARNING fails the run with 125" [ "$rc" = 125 ]
check "the WARNING is reported" grep -q 'sluice harness self-test' "$T/warn.stderr"
vm warn-allowed --allow-warn -- sh -c 'echo "WARNING: CPU: 0 PID: 1 at sluice harness self-test" > /dev/kmsg'
check "--allow-warn lets it pass" [ "$rc" = 0 ]

vm none --modules none -- sh -c 'test ! -d /sys/module/visl && test ! -d /sys/module/vkms'
check "--modules none loads no test driver" [ "$rc" = 0 ]

# A 4 KiB trace buffer cannot hold the syscalls of a directory walk: the run must refuse it.
vm lost --trace raw_syscalls/sys_enter --trace-buffer-kb 4 -- sh -c 'ls -R /usr/share/doc > /dev/null'
check "a trace that lost events fails the run (125)" [ "$rc" = 125 ]
check "the lost events are reported" grep -q 'trace lost events' "$T/lost.stderr"

vm panic -- sh -c 'echo c > /proc/sysrq-trigger'
check "a kernel panic fails the run (125)" [ "$rc" = 125 ]
check "the panic is reported with its stage" grep -q 'kernel panic) in stage: command' "$T/panic.stderr"

mkdir -p "$T/rwdir"
vm rw --rw "$T/rwdir" --env SLUICE_T_MSG="hello world" -- sh -c 'echo "$SLUICE_T_MSG" > '"$T/rwdir/f"
check "--rw dir and --env reach the command" [ "$(cat "$T/rwdir/f" 2> /dev/null)" = "hello world" ]

vm badmod --modules nosuch -- true
check "an unknown module is a harness failure (125)" [ "$rc" = 125 ]

vm badparam --visl "no_such_param=1" -- true
check "a module that fails to load is a harness failure (125)" [ "$rc" = 125 ]
check "the failure names the module load stage" grep -q 'stage modules: loading visl' "$T/badparam.stderr"
done_checks
