#!/usr/bin/env bats
# journal.bats - the machine's journal: MOUNT/journal lists every command
# that ran, and every access of mem and clear_refs as the command that
# does the same; --journal=FILE appends it to FILE as it runs, so a
# machine whose daemon was killed comes back byte-identical with
# --replay=FILE; a journal of another machine is refused. (Every other
# suite's teardown replays its machine's journal too: helpers.bash.)

load helpers

setup() { :; }
teardown() { mmsim_teardown; }

# The header of a default machine with the pinned description of the
# suite (helpers.bash: MMSIM_TEST_CPU, with protection keys or without).
pku=nopku
test_cpu_has pku && pku=pku
HEADER="# mmsim journal: --mem=268435456 --seed=0 --cpu=default,$pku,nola57,nosoft_dirty,thp=madvise,fault_around_bytes=65536,vdso=4:2:2,vsyscall=xonly,hwcap=0x178bfbff,hwcap2=0x2,minsigstksz=3376"

@test "journal: the header, then each command that ran, file accesses as commands" {
	mount_machine
	must spawn
	must 2 mmap 0 64K rw- private,anonymous
	run -1 mm 2 munmap 0x1001 4K		# did not parse: not journaled
	run -1 mm 9 brk				# no such process: not journaled
	run -1 mm 2 mlock 0x7fffff000000 4K	# ran and failed: journaled
	must 2 touch 0x7ffff7fef000 8K w
	echo 1 >"$(view 2 clear_refs)"
	run -0 io pwrite "$(view 2 mem)" $((0x7ffff7fef000)) 6869
	run -0 io pread "$(view 2 mem)" $((0x7ffff7ff0000)) 4
	printf '2 fork\n' >"$MMSIM_MOUNT/ctl"
	run -0 cat "$MMSIM_MOUNT/journal"
	assert_output "$HEADER
spawn
2 mmap 0 64K rw- private,anonymous
2 mlock 0x7fffff000000 4K
2 touch 0x7ffff7fef000 8K w
2 clear_refs 1
2 mem_write 0x7ffff7fef000 0x6869
2 mem_read 0x7ffff7ff0000 4
2 fork"
}

@test "journal: mem_read, mem_write and clear_refs do what the files do" {
	mount_machine
	spawn_with_area 16K r--
	# mem writes through a read-only private mapping, as ptrace may.
	run -0 mm "$PID" mem_write "$AREA" '"hi"'
	assert_output 2
	run -0 mm "$PID" mem_read "$AREA" 4
	assert_output 68690000
	run -0 mm "$PID" load "$AREA" 2
	assert_output 6869
	run -1 mm "$PID" mem_read 0x1000 4
	assert_output "error: mem_read: 0x1000 cannot be read (EIO)"
	run -1 mm "$PID" mem_write 0x1000 0x00
	assert_output "error: mem_write: 0x1000 cannot be written (EIO)"
	# Page 0 is the copy mem_write made; the others read the zero page.
	must "$PID" touch "$AREA" 16K r
	assert_equal "$(smaps_field "$PID" "$AREA" Referenced)" "4 kB"
	must "$PID" clear_refs 1
	assert_equal "$(smaps_field "$PID" "$AREA" Referenced)" "0 kB"
	run -1 mm "$PID" clear_refs 6
	assert_output "error: clear_refs: N 6 is not 1 to 5 (EINVAL)"
}

@test "journal: --journal=FILE holds it as it runs; a SIGKILLed daemon's machine comes back" {
	local file=$BATS_TEST_TMPDIR/journal dir pid
	mount_machine --journal="$file"
	spawn_with_area 64K
	must "$PID" touch "$AREA" 32K w
	must "$PID" fork
	must 3 store "$AREA" '"child"'
	must "$PID" madvise "$(page_addr "$AREA" 2)" 8K dontneed
	# MOUNT/journal is FILE's text.
	run -0 cat "$MMSIM_MOUNT/journal"
	assert_output "$(cat "$file")"
	local want_maps want_smaps3 want_meminfo
	want_maps=$(cat "$(view "$PID" maps)")
	want_smaps3=$(cat "$(view 3 smaps)")
	want_meminfo=$(cat "$MMSIM_MOUNT/meminfo")
	# The daemon dies without a word.
	dir=$MMSIM_MOUNT
	pid=$(daemon_pid)
	kill -KILL "$pid"
	wait "$pid" 2>/dev/null || true
	fusermount3 -u "$dir" 2>/dev/null || umount -l "$dir"
	unset "MMSIM_MOUNTS[0]" "MMSIM_PIDS[0]" "MMSIM_LOGS[0]" "MMSIM_ARGS[0]"
	# Another daemon replays FILE into the same machine.
	mount_machine --replay="$file"
	assert_equal "$(cat "$(view "$PID" maps)")" "$want_maps"
	assert_equal "$(cat "$(view 3 smaps)")" "$want_smaps3"
	assert_equal "$(cat "$MMSIM_MOUNT/meminfo")" "$want_meminfo"
	run -0 cat "$MMSIM_MOUNT/journal"
	assert_output "$(cat "$file")"
}

@test "journal: --replay of a journal of another machine, or of no file, is refused" {
	local file=$BATS_TEST_TMPDIR/journal dir
	mount_machine --journal="$file"
	must spawn
	unmount_machine
	dir=$(mktemp -d "$MMSIM_MOUNT_BASE/mmsim-bats.XXXXXX")
	run -1 "$MMSIMFS" -f --cpu=default --mem=64M --replay="$file" "$dir"
	assert_output "mmsimfs: --replay=$file: not a journal of this machine: it begins \"$HEADER\", this machine's would begin \"# mmsim journal: --mem=67108864 --seed=0 --cpu=default,nopku,nola57,nosoft_dirty,thp=madvise,fault_around_bytes=65536,vdso=4:2:2,vsyscall=xonly,hwcap=0x178bfbff,hwcap2=0x2,minsigstksz=3376\" (boot with the journal's options)"
	run -1 "$MMSIMFS" -f --replay="$BATS_TEST_TMPDIR/none" "$dir"
	assert_output "mmsimfs: --replay=$BATS_TEST_TMPDIR/none: No such file or directory"
	run -1 "$MMSIMFS" -f --journal=/nonexistent/dir/j "$dir"
	assert_output "mmsimfs: --journal=/nonexistent/dir/j: No such file or directory"
	run ! mountpoint -q "$dir"
	rmdir "$dir"
}
