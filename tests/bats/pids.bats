#!/usr/bin/env bats
# pids.bats - the PID space and the global ctl's "PID COMMAND" lines:
# PIDs reused only once reaped, the wrap past pid_max to RESERVED_PIDS,
# "no PID left", PID directories listed in PID order, a sweep of every
# PID/stat of 10,000 processes as ps does, and PID-prefixed lines with
# their errors.

load helpers

setup() { mmsim_setup; }

# many_tasks: the tests below make tens of thousands of tasks; with
# --debug-vm the checker walks every task after every command, which is
# quadratic in them, so the sanitizer pass leaves them to the plain pass.
many_tasks() {
	[[ $MMSIM_FS_ARGS != *--debug-vm* ]] ||
		skip "quadratic under --debug-vm; the plain pass runs it"
}
teardown() { mmsim_teardown; }

# global_batch FILE: write FILE to MOUNTPOINT/ctl in one go.
global_batch() {
	cat "$1" >"$MMSIM_MOUNT/ctl"
}

@test "global ctl: PID COMMAND runs COMMAND for PID, with the reply it gives there" {
	must spawn
	run -0 ctlio "$MMSIM_MOUNT/ctl" $'2 mmap 0 16K rw- private,anonymous\n2 touch 0x7ffff7ffb000 8K w\nspawn\n3 brk\n'
	assert_output "write: 75
0x7ffff7ffb000
pages=2 faults=2 anon=2 zero=0 cow=0 reuse=0 shmem=0
3
0x555555559000"
	assert_equal "$(status_field 2 RssAnon)" "8 kB"
}

@test "global ctl: PID COMMAND errors name the command and change nothing" {
	must spawn
	run -0 ctlio "$MMSIM_MOUNT/ctl" $'9 brk\n'
	assert_output $'write: ESRCH\nerror: brk: no such process (ESRCH)'
	run -0 ctlio "$MMSIM_MOUNT/ctl" $'2 spawn\n'
	assert_output $'write: EINVAL\nerror: spawn: a global command: write it to MOUNTPOINT/ctl, with no PID (EINVAL)'
	run -0 ctlio "$MMSIM_MOUNT/ctl" $'2\n'
	assert_output $'write: EINVAL\nerror: 2: a PID must be followed by a per-process command (EINVAL)'
	run -0 ctlio "$MMSIM_MOUNT/ctl" $'2 bogus\n'
	assert_output $'write: EINVAL\nerror: bogus: unknown command (EINVAL)'
	# A PID-looking word is a PID only on the global ctl.
	run -0 ctlio "$(view 2 ctl)" $'2 brk\n'
	assert_output $'write: EINVAL\nerror: 2: unknown command (EINVAL)'
	run -0 ctlio "$MMSIM_MOUNT/ctl" $'help\n'
	assert_output --partial "; PID COMMAND [ARG...]"
	assert_equal "$(ls "$MMSIM_MOUNT" | grep -c '^[0-9]')" 2
}

@test "PIDs: a reaped PID is not handed out again until the PID space wraps" {
	must spawn
	must 2 exit
	run -0 mm spawn
	assert_output 3
	# A zombie keeps its PID.
	must 3 fork
	must 4 exit
	must spawn
	run -0 ls "$MMSIM_MOUNT"
	assert_line 4
	assert_line 5
}

@test "PIDs: past pid_max (32768) they wrap round to 300, skipping PIDs in use" {
	many_tasks
	local script=$BATS_TEST_TMPDIR/wrap pid
	# PIDs 2..32767: each process is spawned and exits (and is reaped at
	# once, as a child of PID 1), but 299, 300 and 302 stay.
	for ((pid = 2; pid < 32768; pid++)); do
		echo spawn
		case $pid in 299|300|302) ;; *) echo "$pid exit" ;; esac
	done >"$script"
	global_batch "$script"
	run -0 mm spawn
	assert_output 301
	run -0 mm spawn
	assert_output 303
	run -0 ls "$MMSIM_MOUNT"
	assert_output "$(root_listing 1 299 300 301 302 303)"
	assert_equal "$(awk '$1 == "processes" { print $2 }' "$MMSIM_MOUNT/stat")" 32769
}

@test "PIDs: with every PID in use, spawn and fork fail EAGAIN and change nothing" {
	many_tasks
	local script=$BATS_TEST_TMPDIR/fill free
	for ((pid = 2; pid < 32768; pid++)); do echo spawn; done >"$script"
	mount_machine --mem=1G
	global_batch "$script"
	free=$(meminfo_kb MemFree)
	run -1 mm spawn
	assert_output "error: spawn: no PID left (pid_max 32768) (EAGAIN)"
	run -1 mm 1 fork
	assert_output "error: fork: no PID left (pid_max 32768) (EAGAIN)"
	assert_equal "$(meminfo_kb MemFree)" "$free"
	must 4242 exit
	run -0 mm 1 fork
	assert_output 4242
}

@test "PIDs: ps's sweep of every PID/stat and status with 10,000 processes" {
	many_tasks
	local script=$BATS_TEST_TMPDIR/many
	for ((pid = 0; pid < 10000; pid++)); do echo spawn; done >"$script"
	global_batch "$script"
	# What ps and psutil do: list the PIDs, read each one's stat.
	run -0 python3 -c '
import os, sys
root = sys.argv[1]
pids = sorted(int(d) for d in os.listdir(root) if d.isdigit())
states = {}
for p in pids:
    fields = open("%s/%d/stat" % (root, p)).read().split()
    assert int(fields[0]) == p
    states[fields[2]] = states.get(fields[2], 0) + 1
    open("%s/%d/status" % (root, p)).read()
print(len(pids), pids[0], pids[-1], sorted(states.items()))
' "$MMSIM_MOUNT"
	assert_output "10001 1 10001 [('S', 10001)]"
}
