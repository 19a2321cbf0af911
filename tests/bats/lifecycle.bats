#!/usr/bin/env bats
# lifecycle.bats - the daemon's life: mount options (--mem sizes, bad
# values), clean ends (fusermount3 -u, SIGTERM, SIGINT: the mount goes
# away and the daemon exits 0), and determinism: the same commands on two
# fresh mounts give byte-identical views, PFNs included.

load helpers

teardown() { mmsim_teardown; }

# memtotal: MemTotal of the newest machine, in kB.
memtotal() {
	meminfo_kb MemTotal
}

@test "fusermount3 -u unmounts; the daemon exits 0" {
	mount_machine
	must spawn
	local dir=$MMSIM_MOUNT
	unmount_machine
	! mountpoint -q "$dir" || fail "$dir is still mounted"
}

# end_by_signal SIGNAL: mount, make some state, signal the daemon, and
# expect a clean unmount and exit status 0.
end_by_signal() {
	mount_machine
	spawn_with_area 64K
	must 2 touch "$AREA" 64K w
	must 2 fork
	local i dir=$MMSIM_MOUNT pid
	pid=$(daemon_pid)
	i=$(mount_index)
	kill -"$1" "$pid"
	finish_daemon "$i"
	[[ -z $MMSIM_PROBLEM ]] || fail "after SIG$1: $MMSIM_PROBLEM"
	! mountpoint -q "$dir" || fail "$dir is still mounted after SIG$1"
}

@test "SIGTERM unmounts cleanly; the daemon exits 0" {
	end_by_signal TERM
}

@test "SIGINT unmounts cleanly; the daemon exits 0" {
	end_by_signal INT
}

@test "the default machine has 256M" {
	mount_machine
	run -0 memtotal
	assert_output 262144
}

@test "--mem takes K, M and G" {
	mount_machine --mem=65536K
	run -0 memtotal
	assert_output 65536
	mount_machine --mem=16M
	run -0 memtotal
	assert_output 16384
	mount_machine --mem=1G
	run -0 memtotal
	assert_output 1048576
	run -0 bash -c "wc -c < '$MMSIM_MOUNT/kpagecount'"
	assert_output $((262144 * 8))
}

@test "a bad --mem is refused: the daemon exits non-zero and mounts nothing" {
	local size dir log rc
	for size in abc 12X 0 -5M ""; do
		dir=$(mktemp -d "$MMSIM_MOUNT_BASE/mmsim-bats.XXXXXX")
		log="$dir.log"
		start_daemon "$dir" "$log" "--mem=$size"
		wait_daemon "$MMSIM_DAEMON_PID"
		rc=$MMSIM_WAIT_RC
		if [[ $rc == 0 || $rc == hung ]]; then
			mountpoint -q "$dir" && fusermount3 -u "$dir"
			rmdir "$dir"
			fail "--mem=$size was accepted (status $rc)"
		fi
		! mountpoint -q "$dir" || fail "--mem=$size mounted $dir"
		[[ -s $log ]] || fail "--mem=$size: no message"
		[[ -z $(sanitizer_report "$log") ]] || fail "--mem=$size: $(cat "$log")"
		rmdir "$dir"
		rm -f "$log"
	done
}

@test "the daemon survives a reader that vanishes mid-file" {
	mount_machine
	spawn_with_area 64K
	must 2 touch "$AREA" 64K w
	head -c 10 "$(view 2 smaps)" >/dev/null
	head -c 8 "$(view 2 pagemap)" >/dev/null
	run -0 mm check
	assert_output ok
}

@test "hundreds of ctl writers reaping at once while readers list the root never deadlock" {
	# Each reaping command invalidates its PID directory's name before it
	# replies, waiting for the root directory's lock that a listing holds
	# while it waits for the daemon: the daemon must always have a worker
	# left for the listing (before, ten writers took every worker).
	mount_machine
	local n=400 pid dir=$BATS_TEST_TMPDIR readers=() writers=()
	for ((pid = 2; pid <= n + 1; pid++)); do echo spawn; done >"$dir/spawn"
	cat "$dir/spawn" >"$MMSIM_MOUNT/ctl"
	for r in 1 2 3 4 5 6; do
		( while [[ ! -e $dir/done ]]; do
			timeout 60 ls "$MMSIM_MOUNT" >/dev/null || echo "ls hung" >>"$dir/hung"
		  done ) &
		readers+=($!)
	done
	for ((pid = 2; pid <= n + 1; pid++)); do
		( timeout 60 bash -c "echo exit >$MMSIM_MOUNT/$pid/ctl" ||
			echo "writer $pid hung" >>"$dir/hung" ) &
		writers+=($!)
	done
	wait "${writers[@]}"
	touch "$dir/done"
	wait "${readers[@]}"
	[[ ! -e $dir/hung ]] || fail "$(sort "$dir/hung" | uniq -c)"
	run -0 env LC_ALL=C ls -1 "$MMSIM_MOUNT"
	assert_output "$(root_listing 1)"
	run -0 mm check
	assert_output ok
}

# scenario: the same commands, run on the newest machine.
scenario() {
	must spawn
	must 2 brk 0x55555555d000
	must 2 touch 0x555555559000 12K w
	must 2 mmap 0 64K rw- private,anonymous
	must 2 touch 0x7ffff7fef000 16K w
	must 2 touch 0x7ffff7ff5000 8K r
	must 2 mmap 0 16K rw- shared,anonymous
	must 2 touch 0x7ffff7feb000 8K w
	must 2 fork
	must 3 touch 0x7ffff7fef000 8K w
	must 3 mprotect 0x7ffff7ff3000 8K r--
	must 2 munmap 0x7ffff7ff9000 4K
	must 2 madvise 0x7ffff7fef000 4K dontneed
	must spawn
	must 4 mmap 0 1M rw- private,anonymous,populate
	must 4 exit
}

# views_of MOUNT: every view the determinism contract names, with one
# header line per file (uptime and stat hold times; they are left out).
views_of() {
	local m=$1 pid f
	for pid in 1 2 3; do
		for f in maps smaps status; do
			echo "== $pid/$f"
			cat "$m/$pid/$f"
		done
		echo "== $pid/pagemap"
		python3 - "$m/$pid/pagemap" <<'EOF'
import os, sys
fd = os.open(sys.argv[1], os.O_RDONLY)
for start, pages in ((0x555555559000, 8), (0x7ffff7feb000, 20),
                     (0x7ffffffde000, 33)):
    print(os.pread(fd, 8 * pages, start // 4096 * 8).hex())
EOF
	done
	echo "== kpagecount"
	od -An -tx8 -v "$m/kpagecount" | md5sum
	echo "== kpageflags"
	od -An -tx8 -v "$m/kpageflags" | md5sum
	echo "== meminfo"
	cat "$m/meminfo"
}

@test "determinism: the same commands on two mounts give byte-identical views" {
	local a b
	mount_machine --mem=32M
	a=$MMSIM_MOUNT
	scenario
	mount_machine --mem=32M
	b=$MMSIM_MOUNT
	scenario
	run -0 views_of "$a"
	local va=$output
	run -0 views_of "$b"
	assert_equal "$output" "$va"
	# The views do hold PFNs: pagemap is not all zeros.
	run -0 pagemap_pfn 2 0x555555559000
	assert_regex "$output" '^[1-9][0-9]*$'
}
