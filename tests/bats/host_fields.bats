#!/usr/bin/env bats
# host_fields.bats - every view whose layout is the kernel's has the host
# kernel's field list, in its order, and its layout: meminfo, vmstat,
# stat, PID/status, PID/stat and PID/statm (smaps and smaps_rollup are
# checked the same way in views.bats). The host's files are read at run
# time, so the checks follow whatever kernel the tests run on; the mount
# follows the host's machine description (--cpu=host).

load helpers

setup() { mmsim_setup --cpu=host; }
teardown() { mmsim_teardown; }

FIELDS_CHECK="$BATS_TEST_DIRNAME/fields_check.py"

# host_copy FILE: a copy of a host /proc file read by a short-lived
# process of its own (so PID/ files describe that process).
host_copy() {
	local out
	out=$(mktemp /tmp/mmsim-host.XXXXXX)
	python3 -c 'import sys; sys.stdout.write(open(sys.argv[1]).read())' "$1" >"$out"
	echo "$out"
}

@test "host fields: meminfo, vmstat and stat have the host's lines, in its order and layout" {
	local f
	for f in meminfo vmstat stat; do
		run -0 python3 "$FIELDS_CHECK" "$f" "$MMSIM_MOUNT/$f" "/proc/$f"
		assert_output ok
	done
}

@test "host fields: status of PID 1 and of a busy process has the host's fields and layout" {
	must spawn
	must 2 mmap 0 64K rw- private,anonymous,locked
	must 2 touch 0x7ffff7fef000 64K w
	local host pid
	host=$(host_copy /proc/self/status)
	for pid in 1 2; do
		run -0 python3 "$FIELDS_CHECK" status "$(view $pid status)" "$host"
		assert_output ok
	done
	rm -f "$host"
}

@test "host fields: PID/stat and PID/statm have the host's number of fields" {
	local host_stat host_statm
	host_stat=$(python3 -c 'print(len(open("/proc/self/stat").read().split()))')
	host_statm=$(python3 -c 'print(len(open("/proc/self/statm").read().split()))')
	run -0 awk '{ print NF }' "$(view 1 stat)"
	assert_output "$host_stat"
	run -0 awk '{ print NF }' "$(view 1 statm)"
	assert_output "$host_statm"
}
