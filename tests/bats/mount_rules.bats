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
