#!/usr/bin/env bats
# mount_rules.bats - what the daemon guarantees about the mount itself:
# the kernel checks file modes (default_permissions), so allow_other opens
# only what the modes allow; a second mmsimfs refuses to stack on a live
# mount; and an open file of a process outlives its directory, so the
# reply of a command that killed the process can still be read.

load helpers

setup() { :; }
teardown() { mmsim_teardown; }

# as_nobody CMD: run CMD with sh as user nobody.
as_nobody() {
	su -s /bin/sh nobody -c "$1"
}

@test "mount: always default_permissions; without allow_other another user sees nothing" {
	mount_machine
	run -0 awk -v d="$MMSIM_MOUNT" '$2 == d { print $4 }' /proc/mounts
	assert_output --partial default_permissions
	run -1 as_nobody "cat $MMSIM_MOUNT/meminfo"
	assert_output --partial "Permission denied"
}

@test "mount: with allow_other another user gets what the modes give, and nothing else" {
	mount_machine -o allow_other
	must spawn
	run -0 as_nobody "head -n 1 $MMSIM_MOUNT/meminfo; cat $MMSIM_MOUNT/2/maps"
	assert_output "MemTotal:         262144 kB
$(stack_line)"
	local f
	for f in ctl 2/ctl 2/mem 2/pagemap kpageflags kpagecount; do
		run -1 as_nobody "cat $MMSIM_MOUNT/$f"
		assert_output "cat: $MMSIM_MOUNT/$f: Permission denied"
	done
	run -2 as_nobody "echo spawn > $MMSIM_MOUNT/ctl"
	assert_output --partial "Permission denied"
	run -2 as_nobody "echo 1 > $MMSIM_MOUNT/2/clear_refs"
	assert_output --partial "Permission denied"
	# Nothing ran: still PIDs 1 and 2 only.
	assert_equal "$(ls "$MMSIM_MOUNT" | grep -c '^[0-9]')" 2
}

@test "mount: a second mmsimfs on a live mount refuses, and the first goes on" {
	mount_machine
	must spawn
	run -1 "$MMSIMFS" -f "$MMSIM_MOUNT"
	assert_output "mmsimfs: $MMSIM_MOUNT is already a mounted mmsim machine (unmount it first: fusermount3 -u $MMSIM_MOUNT)"
	run -0 mm 2 brk
	assert_output 0x555555559000
	run -0 grep -c "$MMSIM_MOUNT fuse.mmsimfs" /proc/mounts
	assert_output 1
}

@test "mount: the reply of a command that killed its process is read from the open ctl" {
	mount_machine
	must spawn
	run -0 bash -c "exec 3<>'$MMSIM_MOUNT/2/ctl'; echo 'touch 0x1000 4K r' >&3; cat <&3; stat -L -c %a /dev/fd/3"
	assert_output "SIGSEGV SEGV_MAPERR 0x1000
600"
	# The directory itself is gone.
	run -1 stat "$MMSIM_MOUNT/2/ctl"
	run -2 ls "$MMSIM_MOUNT/2"
}

@test "mount: SIGTERM stops a long batch at its next command; the daemon unmounts and exits 0" {
	local script=$BATS_TEST_TMPDIR/long area i dir pid out=$BATS_TEST_TMPDIR/writer
	mount_machine --mem=512M
	must spawn
	area=$(mmok 2 mmap 0 256M rw- private,anonymous)
	# One write of about 1 MiB: 20,000 commands that fault in 256M and
	# drop it again, far more than the signal leaves them time for.
	for ((i = 0; i < 10000; i++)); do
		echo "2 touch $area 256M w"
		echo "2 madvise $area 256M dontneed"
	done >"$script"
	python3 -c '
import os, sys
data = open(sys.argv[2], "rb").read()
fd = os.open(sys.argv[1], os.O_WRONLY)
try:
    n = os.write(fd, data)
    print("wrote", n, "of", len(data))
except OSError as e:
    print("write failed:", os.strerror(e.errno))
' "$MMSIM_MOUNT/ctl" "$script" >"$out" 2>&1 &
	local writer=$!
	# The batch is running: the first faults have been counted.
	for ((i = 0; i < 400; i++)); do
		(( $(vmstat_val pgfault) > 65536 )) && break
		sleep 0.05
	done
	dir=$MMSIM_MOUNT
	pid=$(daemon_pid)
	i=$(mount_index)
	kill -TERM "$pid"
	finish_daemon "$i"
	[[ -z $MMSIM_PROBLEM ]] || fail "after SIGTERM: $MMSIM_PROBLEM"
	! mountpoint -q "$dir" || fail "$dir is still mounted after SIGTERM"
	wait "$writer" || true
	# The write fails (EINTR, or, once the mount is gone, ECONNABORTED or
	# ENOTCONN).
	run cat "$out"
	assert_output --regexp '^write failed: (Interrupted system call|Software caused connection abort|Transport endpoint is not connected)$'

}

@test "mount: handles still open when the daemon stops are freed (no leak report)" {
	local dir pid i
	mount_machine
	must spawn
	exec 4<>"$MMSIM_MOUNT/2/ctl" 5<"$MMSIM_MOUNT/meminfo" 6<>"$MMSIM_MOUNT/ctl"
	echo "touch 0x7ffffffde000 4K w" >&4
	dir=$MMSIM_MOUNT
	pid=$(daemon_pid)
	i=$(mount_index)
	kill -TERM "$pid"
	finish_daemon "$i"
	exec 4<&- 5<&- 6<&-
	[[ -z $MMSIM_PROBLEM ]] || fail "after SIGTERM: $MMSIM_PROBLEM"
	! mountpoint -q "$dir" || fail "$dir is still mounted after SIGTERM"
}
