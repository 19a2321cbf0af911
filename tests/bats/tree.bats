#!/usr/bin/env bats
# tree.bats - the /proc look-alike tree: which files a machine shows, with
# which modes, and PID directories appearing and vanishing with processes.

load helpers

setup() { mmsim_setup; }
teardown() { mmsim_teardown; }

PER_PID_FILES=(anon_vmas anon_vmas.dot anon_vmas.svg cgroup clear_refs cmdline comm
	ctl environ io layout.dot layout.svg limits maps mem mm_struct page_tables
	page_tables.dot page_tables.svg pagemap paging smaps smaps_rollup stat
	statm status task_struct vm_area_structs)

# modes DIR FILE...: "MODE FILE" for each file of DIR, as ls -l shows it.
modes() {
	local dir=$1 f
	shift
	for f in "$@"; do
		printf '%s %s\n' "$(stat -c '%A' "$dir/$f")" "$f"
	done
}

@test "a fresh mount shows exactly the global files and PID 1" {
	run -0 env LC_ALL=C ls -1 "$MMSIM_MOUNT"
	assert_output "$(root_listing 1)"
}

@test "PID 1 is init" {
	run -0 cat "$MMSIM_MOUNT/1/comm"
	assert_output init
	run -0 io pread "$MMSIM_MOUNT/1/cmdline" 0 64
	assert_output "$(printf 'init\0' | od -An -tx1 | tr -d ' \n')"
	run -0 status_field 1 Name
	assert_output init
	run -0 status_field 1 Pid
	assert_output 1
	run -0 status_field 1 PPid
	assert_output 0
}

@test "every PID directory holds the contract's files" {
	local f
	run -0 env LC_ALL=C ls -1 "$MMSIM_MOUNT/1"
	for f in "${PER_PID_FILES[@]}"; do
		assert_line "$f"
		[[ -f $MMSIM_MOUNT/1/$f ]] || fail "$MMSIM_MOUNT/1/$f is not a regular file"
	done
}

@test "global files and directories have /proc's modes" {
	run -0 stat -c '%A %n' "$MMSIM_MOUNT" "$MMSIM_MOUNT/1"
	assert_output "dr-xr-xr-x $MMSIM_MOUNT
dr-xr-xr-x $MMSIM_MOUNT/1"
	run -0 modes "$MMSIM_MOUNT" journal kpagecount kpageflags meminfo vmstat stat uptime version
	assert_output "-r--r--r-- journal
-r-------- kpagecount
-r-------- kpageflags
-r--r--r-- meminfo
-r--r--r-- vmstat
-r--r--r-- stat
-r--r--r-- uptime
-r--r--r-- version"
	# ctl is mmsim's own: it must at least be a file its owner reads and writes.
	run -0 stat -c '%A' "$MMSIM_MOUNT/ctl"
	assert_regex "$output" '^-rw'
}

@test "per-process files have /proc's modes" {
	run -0 modes "$MMSIM_MOUNT/1" maps smaps smaps_rollup pagemap page_tables task_struct mm_struct vm_area_structs anon_vmas paging status statm stat cmdline comm mem clear_refs
	assert_output "-r--r--r-- maps
-r--r--r-- smaps
-r--r--r-- smaps_rollup
-r-------- pagemap
-r-------- page_tables
-r-------- task_struct
-r-------- mm_struct
-r-------- vm_area_structs
-r-------- anon_vmas
-r--r--r-- paging
-r--r--r-- status
-r--r--r-- statm
-r--r--r-- stat
-r--r--r-- cmdline
-rw-r--r-- comm
-rw------- mem
--w------- clear_refs"
	run -0 stat -c '%A' "$MMSIM_MOUNT/1/ctl"
	assert_regex "$output" '^-rw'
}

@test "spawn makes PID directory 2 with the same files" {
	run -0 mm spawn
	assert_output 2
	[[ -d $MMSIM_MOUNT/2 ]] || fail "no directory 2 after spawn"
	run -0 env LC_ALL=C ls -1 "$MMSIM_MOUNT"
	assert_output "$(root_listing 1 2)"
	run -0 env LC_ALL=C ls -1 "$MMSIM_MOUNT/2"
	assert_output "$(env LC_ALL=C ls -1 "$MMSIM_MOUNT/1")"
	run -0 status_field 2 PPid
	assert_output 1
}

@test "spawn COMM names the process" {
	run -0 mm spawn worker
	assert_output 2
	run -0 cat "$MMSIM_MOUNT/2/comm"
	assert_output worker
	run -0 io pread "$MMSIM_MOUNT/2/cmdline" 0 64
	assert_output "$(printf 'worker\0' | od -An -tx1 | tr -d ' \n')"
	run -0 status_field 2 Name
	assert_output worker
	run -0 cut -d' ' -f2 "$MMSIM_MOUNT/2/stat"
	assert_output "(worker)"
}

@test "a spawned process holds only [stack]" {
	must spawn
	run -0 cat "$MMSIM_MOUNT/2/maps"
	assert_output "$(stack_line)"
}

@test "an exited child of PID 1 vanishes at once" {
	must spawn
	run -0 mm 2 exit
	[[ ! -e $MMSIM_MOUNT/2 ]] || fail "directory 2 still there after exit"
	run -1 cat "$MMSIM_MOUNT/2/maps"
	run -0 env LC_ALL=C ls -1 "$MMSIM_MOUNT"
	assert_output "$(root_listing 1)"
}

@test "a PID directory just used is gone for every call once its process is" {
	# The kernel keeps looked-up names for a while (mmsimfs caches them
	# for speed); no call may see the directory of a reaped process.
	must spawn
	run -0 mm 2 fork
	assert_output 3
	cat "$MMSIM_MOUNT/3/maps" "$MMSIM_MOUNT/2/status" >/dev/null
	(cd "$MMSIM_MOUNT/3" && cat comm >/dev/null)
	must 3 exit
	must 2 wait
	must 2 exit
	run -0 env LC_ALL=C ls -1 "$MMSIM_MOUNT"
	assert_output "$(root_listing 1)"
	for pid in 2 3; do
		run -1 stat -c %n "$MMSIM_MOUNT/$pid"
		assert_output --partial "No such file or directory"
		[[ ! -e $MMSIM_MOUNT/$pid && ! -d $MMSIM_MOUNT/$pid ]] ||
			fail "$pid still exists"
		run -1 cat "$MMSIM_MOUNT/$pid/maps"
		assert_output --partial "No such file or directory"
		run ! cd "$MMSIM_MOUNT/$pid"
		run -2 ls "$MMSIM_MOUNT/$pid"
		run -0 python3 -c '
import errno, os, sys
for call in (os.listdir, os.stat, lambda p: os.open(p + "/ctl", os.O_RDWR),
             lambda p: os.access(p, os.F_OK) or (_ for _ in ()).throw(
                 OSError(errno.ENOENT, "access"))):
    try:
        call(sys.argv[1])
        print("exists")
    except OSError as e:
        print(errno.errorcode[e.errno])' "$MMSIM_MOUNT/$pid"
		assert_output "ENOENT
ENOENT
ENOENT
ENOENT"
	done
	run -1 --separate-stderr mm 2 brk
	assert_equal "$stderr" "mmctl: PID 2: no such process"
	# A new process appears at once, under a new PID.
	run -0 mm spawn
	assert_output 4
	[[ -d $MMSIM_MOUNT/4 ]] || fail "no directory 4"
}

@test "a PID directory named by a listing is gone for every call once its process is" {
	# ls -l and ps list the root first: the kernel then holds the PID
	# directories' names and attributes from the listing (READDIRPLUS),
	# with no LOOKUP of its own to fail later.
	must spawn
	run -0 mm 2 fork
	assert_output 3
	run -0 env LC_ALL=C ls -l "$MMSIM_MOUNT"
	assert_line --regexp '^dr-xr-xr-x 2 .* 3$'
	for dir in "$MMSIM_MOUNT" "$MMSIM_MOUNT/3"; do
		run -0 env LC_ALL=C ls -a "$dir"
		assert_line --index 0 .
		assert_line --index 1 ..
	done
	run -0 stat -c '%A %h %Y' "$MMSIM_MOUNT/3" "$MMSIM_MOUNT/3/stat" "$MMSIM_MOUNT/ctl"
	assert_line --index 0 --regexp '^dr-xr-xr-x 2 [0-9]+$'
	assert_line --index 1 --regexp '^-r--r--r-- 1 [0-9]+$'
	assert_line --index 2 --regexp '^-rw------- 1 [0-9]+$'
	must 3 exit
	must 2 wait
	for call in "stat -c %n" "cat" "ls"; do
		run ! $call "$MMSIM_MOUNT/3"
		assert_output --partial "No such file or directory"
	done
	run -1 cat "$MMSIM_MOUNT/3/stat"
	run -0 env LC_ALL=C ls -1 "$MMSIM_MOUNT"
	refute_line 3
	assert_line 2
}

@test "PIDs are not reused after an exit" {
	must spawn
	must 2 exit
	run -0 mm spawn
	assert_output 3
	run -0 mm 3 fork
	assert_output 4
}

@test "a zombie's directory stays until its parent reaps it" {
	must spawn
	run -0 mm 2 fork
	assert_output 3
	must 3 exit 5
	[[ -d $MMSIM_MOUNT/3 ]] || fail "zombie 3 has no directory"
	run -0 status_field 3 State
	assert_output "Z (zombie)"
	run -0 cat "$MMSIM_MOUNT/3/maps"
	assert_output ""
	run -0 mm 2 wait
	assert_output "3 5"
	[[ ! -e $MMSIM_MOUNT/3 ]] || fail "directory 3 still there after wait"
}

@test "a PID directory that never existed is absent" {
	run ! ls "$MMSIM_MOUNT/2"
	run -1 cat "$MMSIM_MOUNT/99/maps"
	run -1 stat "$MMSIM_MOUNT/nosuchfile"
}

@test "the new global views and sys/ have /proc's modes and types" {
	run -0 modes "$MMSIM_MOUNT" buddyinfo cpuinfo loadavg pagetypeinfo swaps zoneinfo
	assert_output "-r--r--r-- buddyinfo
-r--r--r-- cpuinfo
-r--r--r-- loadavg
-r-------- pagetypeinfo
-r--r--r-- swaps
-r--r--r-- zoneinfo"
	run -0 stat -c '%A %n' "$MMSIM_MOUNT/sys" "$MMSIM_MOUNT/sys/kernel" "$MMSIM_MOUNT/sys/vm"
	assert_output "dr-xr-xr-x $MMSIM_MOUNT/sys
dr-xr-xr-x $MMSIM_MOUNT/sys/kernel
dr-xr-xr-x $MMSIM_MOUNT/sys/vm"
	run -0 env LC_ALL=C ls -1 "$MMSIM_MOUNT/sys"
	assert_output "kernel
vm"
	run -0 env LC_ALL=C ls -1 "$MMSIM_MOUNT/sys/kernel"
	assert_output "osrelease
pid_max"
	run -0 env LC_ALL=C ls -1 "$MMSIM_MOUNT/sys/vm"
	assert_output "drop_caches
max_map_count
min_free_kbytes
overcommit_memory
overcommit_ratio"
	run -0 stat -c '%A' "$MMSIM_MOUNT/sys/vm/drop_caches" "$MMSIM_MOUNT/sys/vm/max_map_count"
	assert_output "--w-------
-r--r--r--"
	# A name that is no entry, and a path through a file, are absent.
	run -1 cat "$MMSIM_MOUNT/sys/vm/swappiness"
	assert_output --partial "No such file or directory"
	run -1 cat "$MMSIM_MOUNT/meminfo/x"
	assert_output --partial "Not a directory"
	run -1 cat "$MMSIM_MOUNT/sys/1/maps"
}

@test "self and thread-self are links to PID 1 until attach names another" {
	run -0 stat -c '%A %N' "$MMSIM_MOUNT/self" "$MMSIM_MOUNT/thread-self"
	assert_output "lrwxrwxrwx '$MMSIM_MOUNT/self' -> '1'
lrwxrwxrwx '$MMSIM_MOUNT/thread-self' -> '1/task/1'"
	run -0 status_field self Pid
	assert_output 1
	run -0 cat "$MMSIM_MOUNT/thread-self/comm"
	assert_output init
}

@test "PID/task holds one TID directory per thread, with the per-task files" {
	must spawn
	run -0 env LC_ALL=C ls -1 "$MMSIM_MOUNT/2/task"
	assert_output 2
	run -0 stat -c '%A' "$MMSIM_MOUNT/2/task" "$MMSIM_MOUNT/2/task/2"
	assert_output "dr-xr-xr-x
dr-xr-xr-x"
	# Every per-process file but task/ itself, with the same modes.
	run -0 env LC_ALL=C ls -1 "$MMSIM_MOUNT/2/task/2"
	assert_output "$(env LC_ALL=C ls -1 "$MMSIM_MOUNT/2" | grep -vx task)"
	# (exe cannot be read: a spawned process never ran a program, and
	# ls says so on stderr, exit 1, as for a kernel thread on Linux.)
	run -1 --separate-stderr env LC_ALL=C ls -l "$MMSIM_MOUNT/2/task/2"
	assert_output "$(env LC_ALL=C ls -l "$MMSIM_MOUNT/2" 2>/dev/null | grep -v ' task$')"
	# The files show the thread: today the process itself.
	local f
	for f in maps smaps status stat statm limits; do
		cmp "$MMSIM_MOUNT/2/$f" "$MMSIM_MOUNT/2/task/2/$f" ||
			fail "task/2/$f differs from 2/$f"
	done
	# Its ctl runs commands for the thread.
	run -0 mm 2 mmap 0 4K rw- private,anonymous
	assert_output 0x7ffff7ffe000
	run -0 ctlio "$MMSIM_MOUNT/2/task/2/ctl" $'munmap 0x7ffff7ffe000 4K\n'
	run -1 grep 7ffff7ffe000 "$MMSIM_MOUNT/2/maps"
	# No TID directory for another process's thread, nor a thread's task/.
	run -2 ls "$MMSIM_MOUNT/2/task/1"
	run -2 ls "$MMSIM_MOUNT/2/task/2/task"
	# It goes with its process.
	must 2 exit
	run -2 ls "$MMSIM_MOUNT/2/task/2"
}

@test "a reader's own PID names the process self names, unlisted" {
	# ps and top read /proc/$$/status to learn who they are.
	run -0 python3 -c '
import os, sys
m = sys.argv[1]
print(open("%s/%d/status" % (m, os.getpid())).read().split("\n")[0])
print(str(os.getpid()) in os.listdir(m))' "$MMSIM_MOUNT"
	assert_output "Name:	init
False"
	run -1 cat "$MMSIM_MOUNT/$$/status"
}

@test "attach PID makes self name that process, until it is gone" {
	must spawn
	run -0 mm attach
	assert_output 1
	run -0 mm attach 2
	assert_output 2
	run -0 readlink "$MMSIM_MOUNT/self" "$MMSIM_MOUNT/thread-self"
	assert_output "2
2/task/2"
	run -0 status_field self Pid
	assert_output 2
	# The reader's own PID follows self too.
	run -0 python3 -c 'import os, sys; print(open("%s/%d/stat" % (sys.argv[1], os.getpid())).read().split()[0])' "$MMSIM_MOUNT"
	assert_output 2
	fails_unchanged "" ENOENT "attach: no process 9" attach 9
	run -0 readlink "$MMSIM_MOUNT/self"
	assert_output 2
	must 2 exit
	run -0 readlink "$MMSIM_MOUNT/self"
	assert_output 1
	run -0 mm attach
	assert_output 1
}
