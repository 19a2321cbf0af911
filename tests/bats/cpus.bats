#!/usr/bin/env bats
# cpus.bats - the machine's CPUs (--cpus, sched_setaffinity), the context
# switches a command costs (status' voluntary_ctxt_switches, stat's ctxt),
# switch_mm's CR3 loads (tlb:tlb_flush "flush on task switch"), and the
# TLB flushes and shootdowns of arch/x86/mm/tlb.c as vmstat's nr_tlb_*
# (CONFIG_DEBUG_TLBFLUSH, pinned on here), MOUNT/interrupts' TLB line and
# tlb:tlb_flush count them: threads versus processes, as the third seed
# compares them.

load helpers

setup() {
	MMSIM_CPU=$MMSIM_TEST_CPU,debug_tlbflush
	mmsim_setup
}
teardown() { mmsim_teardown; }

# task_switches: the tlb:tlb_flush events of CR3 loads in the trace.
task_switches() {
	grep -c 'reason:flush on task switch (0)' "$MMSIM_MOUNT/tracing/trace" || :
}

# tlb_line: MOUNT/interrupts' TLB counts, one per CPU, space-separated.
tlb_line() {
	awk '$1 == "TLB:" { $1 = ""; $NF = ""; $(NF-1) = ""; print }' \
		"$MMSIM_MOUNT/interrupts" | xargs
}

@test "cpus: two CPUs by default; --cpus sets cpuinfo, stat's cpuN lines, interrupts' columns and Cpus_allowed" {
	run -0 grep -c '^processor' "$MMSIM_MOUNT/cpuinfo"
	assert_output 2
	run -0 status_field 1 Cpus_allowed_list
	assert_output 0-1
	mount_machine --cpus=4
	run -0 grep -c '^processor' "$MMSIM_MOUNT/cpuinfo"
	assert_output 4
	run -0 grep -c '^cpu[0-9]' "$MMSIM_MOUNT/stat"
	assert_output 4
	run -0 head -n 1 "$MMSIM_MOUNT/interrupts"
	assert_output "           CPU0       CPU1       CPU2       CPU3       "
	run -0 status_field 1 Cpus_allowed
	assert_output f
	run -0 status_field 1 Cpus_allowed_list
	assert_output 0-3
}

@test "cpus: a bad --cpus is refused with the reason, and nothing is mounted" {
	local dir
	for bad in 0 65 two -1 ""; do
		dir=$(mktemp -d "$MMSIM_MOUNT_BASE/mmsim-cpus.XXXXXX")
		run -1 "$MMSIMFS" --cpus="$bad" "$dir"
		assert_output "mmsimfs: --cpus=$bad: not a number of CPUs from 1 to 64"
		run ! mountpoint -q "$dir"
		rmdir "$dir"
	done
}

@test "cpus: sched_setaffinity moves a task's commands to its CPU; a bad CPU fails EINVAL and changes nothing" {
	must spawn
	run -0 mm 2 sched_setaffinity 1
	assert_output 1
	run -0 status_field 2 Cpus_allowed
	assert_output 2
	run -0 status_field 2 Cpus_allowed_list
	assert_output 1
	echo 'exceptions:page_fault_user' >"$MMSIM_MOUNT/tracing/set_event"
	run -0 mm 2 mmap 0 4K rw- private,anonymous
	must 2 touch "$output" 4K w
	run -0 grep -c '\[001\] .*page_fault_user' "$MMSIM_MOUNT/tracing/trace"
	assert_output 1
	# A child inherits the affinity.
	run -0 mm 2 fork
	assert_output 3
	run -0 status_field 3 Cpus_allowed_list
	assert_output 1
	fails_unchanged 2 EINVAL "sched_setaffinity: no CPU 2 \\(the machine has CPUs 0-1\\)" sched_setaffinity 2
	fails_unchanged 2 EINVAL "sched_setaffinity: no CPU -1 \\(the machine has CPUs 0-1\\)" sched_setaffinity -1
}

@test "cpus: every command is two context switches of its CPU and one voluntary switch of its task" {
	must spawn
	run -0 grep '^ctxt ' "$MMSIM_MOUNT/stat"
	assert_output "ctxt 0"
	must 2 brk
	must 2 brk
	must 2 brk
	run -0 status_field 2 voluntary_ctxt_switches
	assert_output 3
	run -0 status_field 2 nonvoluntary_ctxt_switches
	assert_output 0
	run -0 grep '^ctxt ' "$MMSIM_MOUNT/stat"
	assert_output "ctxt 6"
}

@test "cpus: threads share the loaded mm: no CR3 load between them; processes load CR3 at every switch (the seed's lesson)" {
	# Two threads of one process, alternating on CPU 0.
	must spawn
	run -0 mm 2 clone vm,thread,sighand,files
	assert_output 3
	echo 'tlb:tlb_flush' >"$MMSIM_MOUNT/tracing/set_event"
	echo >"$MMSIM_MOUNT/tracing/trace"
	for i in 1 2 3; do must 2 brk; must 3 brk; done
	run -0 task_switches
	assert_output 0
	# Two processes, alternating on CPU 0: a CR3 load (and, without
	# PCID, a flush) each time the CPU comes to the other one.
	run -0 mm spawn
	assert_output 4
	echo >"$MMSIM_MOUNT/tracing/trace"
	for i in 1 2 3; do must 2 brk; must 4 brk; done
	# 2 (loaded already), 4, 2, 4, 2, 4: five loads.
	run -0 task_switches
	assert_output 5
}

@test "cpus: munmap in a two-thread process on two CPUs counts one remote shootdown; a single-threaded one none" {
	must spawn
	run -0 mm 2 mmap 0 64K rw- private,anonymous
	local a=$output
	must 2 touch "$a" 64K w
	run -0 vmstat_val nr_tlb_remote_flush
	assert_output 0
	must 2 munmap "$a" 64K
	run -0 vmstat_val nr_tlb_remote_flush
	assert_output 0
	run -0 vmstat_val nr_tlb_remote_flush_received
	assert_output 0
	run -0 tlb_line
	assert_output "0 0"

	run -0 mm 2 mmap 0 64K rw- private,anonymous
	a=$output
	must 2 touch "$a" 64K w
	run -0 mm 2 clone vm,thread,sighand,files
	assert_output 3
	must 3 sched_setaffinity 1
	must 3 touch "$a" 4K r	# CPU 1 now has the mm loaded
	must 2 munmap "$a" 64K
	run -0 vmstat_val nr_tlb_remote_flush
	assert_output 1
	# The page tables went too, so even the idle CPU 1 took it.
	run -0 vmstat_val nr_tlb_remote_flush_received
	assert_output 1
	run -0 tlb_line
	assert_output "0 1"
}

@test "cpus: an idle CPU is spared a shootdown that frees no page table, and catches up when it runs the mm again" {
	must spawn
	run -0 mm 2 mmap 0 64K rw- private,anonymous
	local a=$output
	must 2 touch "$a" 64K w
	run -0 mm 2 clone vm,thread,sighand,files
	assert_output 3
	must 3 sched_setaffinity 1
	must 3 touch "$a" 4K r
	echo 'tlb:tlb_flush' >"$MMSIM_MOUNT/tracing/set_event"
	# mprotect keeps the tables: CPU 1, lazy, is not interrupted.
	must 2 mprotect "$a" 16K r--
	run -0 vmstat_val nr_tlb_remote_flush
	assert_output 1
	run -0 vmstat_val nr_tlb_remote_flush_received
	assert_output 0
	run -0 vmstat_val nr_tlb_local_flush_one
	assert_output 4
	run -0 grep -c 'reason:local MM shootdown (3)' "$MMSIM_MOUNT/tracing/trace"
	assert_output 1
	# Back on CPU 1 the thread's mm is still loaded, but behind: a flush.
	must 3 brk
	run -0 grep -c '\[001\] .*pages:-1 reason:flush on task switch (0)' "$MMSIM_MOUNT/tracing/trace"
	assert_output 1
}

@test "cpus: a COW fault flushes the old translation, one page" {
	must spawn
	run -0 mm 2 mmap 0 4K rw- private,anonymous
	local a=$output
	must 2 touch "$a" 4K w
	must 2 fork
	local one
	one=$(vmstat_val nr_tlb_local_flush_one)
	must 2 touch "$a" 4K w
	run -0 vmstat_val nr_tlb_local_flush_one
	assert_output $((one + 1))
}

@test "cpus: without debug_tlbflush vmstat has no nr_tlb_* counters, as Linux without CONFIG_DEBUG_TLBFLUSH" {
	local first=$MMSIM_MOUNT
	MMSIM_CPU=$MMSIM_TEST_CPU mount_machine
	run -1 grep -c '^nr_tlb' "$MMSIM_MOUNT/vmstat"
	assert_output 0
	run -0 grep -c '^nr_tlb' "$first/vmstat"
	assert_output 4
}

@test "cpus: the tlb:tlb_flush format is the host's byte for byte" {
	local host=/sys/kernel/tracing/events/tlb/tlb_flush/format
	[[ -r $host ]] || skip "the host has no tlb:tlb_flush ($host)"
	run -0 cat "$MMSIM_MOUNT/tracing/events/tlb/tlb_flush/format"
	assert_output "$(cat "$host")"
}

@test "lesson seed002-threads-cr3.sh shows threads sparing the CR3 loads processes pay, as its header says" {
	run -0 env MMCTL="$MMCTL" bash "$LESSONS/seed002-threads-cr3.sh"
	assert_output "$(lesson_expected "$LESSONS/seed002-threads-cr3.sh")"
	assert_line 'two processes: context switches 12, CR3 loads 5'
}
