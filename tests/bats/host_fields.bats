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

@test "host fields: loadavg, zoneinfo, buddyinfo, pagetypeinfo and swaps have the host's layout" {
	local f
	for f in loadavg zoneinfo buddyinfo pagetypeinfo swaps; do
		run -0 python3 "$FIELDS_CHECK" "$f" "$MMSIM_MOUNT/$f" "/proc/$f"
		assert_output ok
	done
}

@test "host fields: PID/limits and PID/io have the host's lines and layout" {
	local host
	for f in limits io; do
		host=$(host_copy "/proc/self/$f")
		run -0 python3 "$FIELDS_CHECK" "$f" "$(view 1 "$f")" "$host"
		assert_output ok
		rm -f "$host"
	done
}

@test "host fields: sys/kernel and sys/vm hold one number, as the host's do" {
	local f
	for f in kernel/pid_max vm/max_map_count vm/min_free_kbytes vm/overcommit_memory vm/overcommit_ratio; do
		run -0 cat "$MMSIM_MOUNT/sys/$f"
		assert_regex "$output" '^[0-9]+$'
		assert_regex "$(cat "/proc/sys/$f")" '^[0-9]+$'
	done
	# The boot defaults are Linux's: the host's, unless someone changed them.
	assert_equal "$(cat "$MMSIM_MOUNT/sys/vm/overcommit_ratio")" 50
	assert_equal "$(cat "$MMSIM_MOUNT/sys/vm/max_map_count")" 65530
}
