#!/usr/bin/env bats
# threads.bats - clone(2) with CLONE_VM, CLONE_THREAD, CLONE_SIGHAND and
# CLONE_FILES: thread groups that share one mm (mm_users), their
# PID/task/TID directories, status' Tgid/Pid/Threads, stat's whole-group
# and per-thread fault counts, thread exit and exit_group, a fatal signal
# that ends the group, exec from a thread (de_thread), wait from any
# thread, and clone's flag rules.

load helpers

setup() { mmsim_setup; }
teardown() { mmsim_teardown; }

# thread_setup: process 2 with a 16K area (A) whose first two pages it
# wrote, and thread 3 that wrote the third.
thread_setup() {
	run -0 mm spawn
	assert_output 2
	run -0 mm 2 mmap 0 16K rw- private,anonymous
	A=$output
	must 2 touch "$A" 8K w
	run -0 mm 2 clone vm,thread,sighand,files
	assert_output 3
	run -0 mm 3 touch "$(page_addr "$A" 2)" 4K w
	assert_output "pages=1 faults=1 anon=1 zero=0 cow=0 reuse=0 shmem=0"
}

# stat_field FILE N: field N of a stat file (comm has no spaces here).
stat_field() {
	cut -d' ' -f"$2" "$1"
}

@test "threads: a thread shares the mm: its write is a fault the leader does not take again" {
	thread_setup
	# The leader sees the thread's page: a read of it is no fault.
	run -0 mm 2 touch "$(page_addr "$A" 2)" 4K r
	assert_output "pages=1 faults=0 anon=0 zero=0 cow=0 reuse=0 shmem=0"
	run -0 cat "$(view 2 maps)"
	local maps=$output
	run -0 cat "$(view 2/task/3 maps)"
	assert_output "$maps"
	run -0 smaps_field 2 "$A" Rss
	assert_output "12 kB"
	run -0 status_field 2 VmRSS
	assert_output "12 kB"
	run -0 status_field 2/task/3 VmRSS
	assert_output "12 kB"
}

@test "threads: status names the group: Tgid, Pid, PPid and Threads" {
	thread_setup
	local dir
	for dir in 2 2/task/2 2/task/3 3; do
		run -0 status_field "$dir" Tgid
		assert_output 2
		run -0 status_field "$dir" Threads
		assert_output 2
		run -0 status_field "$dir" PPid
		assert_output 1
		run -0 status_field "$dir" NStgid
		assert_output 2
	done
	run -0 status_field 2/task/3 Pid
	assert_output 3
	run -0 status_field 2/task/2 Pid
	assert_output 2
	run -0 status_field 3 Pid
	assert_output 3
}

@test "threads: the root lists processes only; PID/task lists every thread; a TID is reachable but unlisted" {
	thread_setup
	run -0 bash -c "ls '$MMSIM_MOUNT' | grep -E '^[0-9]+\$' | tr '\n' ' '"
	assert_output "1 2 "
	run -0 ls "$MMSIM_MOUNT/2/task"
	assert_output $'2\n3'
	run -0 ls "$MMSIM_MOUNT/1/task"
	assert_output 1
	run -0 test -e "$MMSIM_MOUNT/3/status"
	run -1 test -e "$MMSIM_MOUNT/1/task/3"
	run -1 test -e "$MMSIM_MOUNT/2/task/4"
}

@test "threads: stat counts the group's faults in PID/stat and each thread's in task/TID/stat" {
	thread_setup
	# fields: 1 pid, 10 minflt, 20 num_threads
	run -0 stat_field "$(view 2 stat)" 1,10,20
	assert_output "2 3 2"
	run -0 stat_field "$(view 2/task/2 stat)" 1,10,20
	assert_output "2 2 2"
	run -0 stat_field "$(view 2/task/3 stat)" 1,10,20
	assert_output "3 1 2"
	# A thread that exits leaves its faults with the group.
	must 3 exit 0
	run -0 stat_field "$(view 2 stat)" 1,10,20
	assert_output "2 3 1"
	run -0 ls "$MMSIM_MOUNT/2/task"
	assert_output 2
}

@test "threads: mm_users and mm_count as the kernel keeps them: threads free nothing, the last one frees the mm" {
	thread_setup
	local free_before free_mid
	free_before=$(meminfo_kb MemFree)
	run -0 mm 2 clone vm,thread,sighand,files
	assert_output 4
	must 4 exit 0
	must 3 exit 0
	run -0 smaps_field 2 "$A" Rss
	assert_output "12 kB"
	free_mid=$(meminfo_kb MemFree)
	# Threads have no page tables or pages of their own.
	assert_equal "$free_mid" "$free_before"
	run -0 mm 2 exit 0
	run -1 test -e "$MMSIM_MOUNT/2"
	run -0 status_field 1 Threads
	assert_output 1
}

@test "threads: exit of the leader ends the whole group; exit_group from a thread does too" {
	thread_setup
	run -0 mm 2 clone vm,thread,sighand,files
	assert_output 4
	must 2 exit 7
	run -1 test -e "$MMSIM_MOUNT/2"
	run -1 test -e "$MMSIM_MOUNT/3"
	run -1 test -e "$MMSIM_MOUNT/4"

	run -0 mm spawn
	assert_output 5
	run -0 mm 5 fork
	assert_output 6
	run -0 mm 6 clone vm,thread,sighand
	assert_output 7
	must 7 exit_group 9
	run -0 ls "$MMSIM_MOUNT/6/task"
	assert_output 6
	run -0 status_field 6 State
	assert_output "Z (zombie)"
	run -0 mm 5 wait 6
	assert_output "6 9"
}

@test "threads: a fatal signal in a thread kills the group, and the parent's wait sees it" {
	run -0 mm spawn
	assert_output 2
	run -0 mm 2 fork
	assert_output 3
	run -0 mm 3 clone vm,thread,sighand,files
	assert_output 4
	run -4 mm 4 touch 0x1000 4K r
	assert_output "SIGSEGV SEGV_MAPERR 0x1000"
	run -1 test -e "$MMSIM_MOUNT/3/task/4"
	run -0 status_field 3 State
	assert_output "Z (zombie)"
	run -0 mm 2 wait
	assert_output "3 SIGSEGV"
}

@test "threads: a thread's children are the process's: any thread waits for them, and they outlive the thread" {
	thread_setup
	run -0 mm 3 fork
	assert_output 4
	run -0 status_field 4 PPid
	assert_output 2
	must 4 exit 3
	run -0 mm 2 wait 4
	assert_output "4 3"
	run -0 mm 3 fork
	assert_output 5
	# The forking thread exits: its child goes to another thread of
	# the group, so the process still reaps it.
	must 3 exit 0
	run -0 status_field 5 PPid
	assert_output 2
	must 5 exit 4
	run -0 mm 2 wait
	assert_output "5 4"
}

@test "threads: exec from a thread ends the others; the thread takes the leader's PID" {
	thread_setup
	run -0 mm 2 clone vm,thread,sighand,files
	assert_output 4
	run -0 mm 3 exec /usr/bin/cat
	run -0 ls "$MMSIM_MOUNT/2/task"
	assert_output 2
	run -0 status_field 2 Name
	assert_output cat
	run -0 status_field 2 Threads
	assert_output 1
	run -1 test -e "$MMSIM_MOUNT/3"
	run -1 test -e "$MMSIM_MOUNT/4"
	run -0 grep -c /usr/bin/cat "$(view 2 maps)"
	assert_output 5
}

@test "threads: clone vm without thread is a process of its own sharing the mm" {
	thread_setup
	run -0 mm 2 clone vm
	assert_output 4
	run -0 status_field 4 Tgid
	assert_output 4
	run -0 status_field 4 PPid
	assert_output 2
	run -0 status_field 4 Threads
	assert_output 1
	run -0 mm 4 touch "$(page_addr "$A" 3)" 4K w
	assert_output "pages=1 faults=1 anon=1 zero=0 cow=0 reuse=0 shmem=0"
	# The page is in process 2's address space too.
	run -0 mm 2 touch "$(page_addr "$A" 3)" 4K r
	assert_output "pages=1 faults=0 anon=0 zero=0 cow=0 reuse=0 shmem=0"
	must 4 exit 1
	run -0 mm 2 wait 4
	assert_output "4 1"
	run -0 smaps_field 2 "$A" Rss
	assert_output "16 kB"
}

@test "threads: clone files shares the fd table; without it the child has a copy" {
	run -0 mm spawn
	assert_output 2
	run -0 mm 2 clone vm,files
	assert_output 3
	run -0 mm 3 open /etc/hostname rdonly
	assert_output 0
	run -0 ls "$MMSIM_MOUNT/2/fd"
	assert_output 0
	run -0 mm 2 clone vm
	assert_output 4
	run -0 mm 4 close 0
	run -0 ls "$MMSIM_MOUNT/2/fd"
	assert_output 0
	run -0 ls "$MMSIM_MOUNT/4/fd"
	assert_output ""
}

@test "threads: clone refuses flags the kernel refuses, and changes nothing" {
	must spawn
	fails_unchanged 2 EINVAL "clone: thread needs sighand: a thread group shares its signal handlers" clone vm,thread
	fails_unchanged 2 EINVAL "clone: sighand needs vm: shared signal handlers imply a shared address space" clone sighand
	fails_unchanged 2 EINVAL "clone: FLAGS: unknown flag 'fs' \\(flags: files, sighand, thread, vm\\)" clone vm,fs
	fails_unchanged 2 EINVAL "clone: missing FLAGS; usage: clone FLAGS" clone
	fails_unchanged 1 EPERM "exit_group: PID 1 cannot exit" exit_group
	run -0 ls "$MMSIM_MOUNT/2/task"
	assert_output 2
}

@test "threads: a thread of PID 1 may exit, PID 1's group may not" {
	run -0 mm 1 clone vm,thread,sighand,files
	assert_output 2
	run -0 status_field 1 Threads
	assert_output 2
	fails_unchanged 2 EPERM "exit_group: PID 1 cannot exit" exit_group
	must 2 exit 0
	run -0 status_field 1 Threads
	assert_output 1
}

@test "threads: the OOM killer kills a whole thread group and every process that shares its mm" {
	mount_machine --mem=16M
	run -0 mm spawn big
	assert_output 2
	run -0 mm 2 mmap 0 12M rw- private,anonymous
	local big=$output
	run -0 mm 2 clone vm,thread,sighand,files
	assert_output 3
	run -0 mm 2 clone vm
	assert_output 4
	must 3 touch "$big" 10M w
	run -0 mm spawn small
	assert_output 5
	run -0 mm 5 mmap 0 8M rw- private,anonymous
	run -0 mm 5 touch "$output" 8M w
	refute_output --partial SIGKILL
	run -1 test -e "$MMSIM_MOUNT/2"
	run -1 test -e "$MMSIM_MOUNT/3"
	run -1 test -e "$MMSIM_MOUNT/4"
	run -0 vmstat_val oom_kill
	assert_output 1
}

@test "threads: mlock's and MAP_POPULATE's faults are the calling thread's, as mm_account_fault() counts GUP's" {
	thread_setup
	run -0 mm 3 mlock "$A" 16K
	# the fourth page was not there: one fault, the thread's
	run -0 stat_field "$(view 2/task/3 stat)" 10
	assert_output 2
	run -0 stat_field "$(view 2/task/2 stat)" 10
	assert_output 2
	run -0 mm 3 mmap 0 8K rw- private,anonymous,populate
	run -0 stat_field "$(view 2/task/3 stat)" 10
	assert_output 4
	run -0 stat_field "$(view 2 stat)" 10
	assert_output 6
}

@test "threads: when a process's parent exits, its threads get the new parent too" {
	run -0 mm spawn
	assert_output 2
	run -0 mm 2 fork
	assert_output 3
	run -0 mm 3 clone vm,thread,sighand,files
	assert_output 4
	run -0 status_field 3/task/4 PPid
	assert_output 2
	must 2 exit 0
	local dir
	for dir in 3 3/task/3 3/task/4; do
		run -0 status_field "$dir" PPid
		assert_output 1
	done
}
