#!/usr/bin/env bats
# tlb.bats - the simulated hardware's TLB of each CPU (MOUNT/tlb,
# vm/hw_tlb.c): touch, load and store look it up first; a miss walks the
# page tables and fills an entry with the PTE's permissions; every flush
# Linux makes drops entries (CR3 loads without PCID, flush_tlb_mm_range
# locally and by shootdown); check finds no entry allowing more than the
# page tables; and the teaching switch forget_tlb_flush= leaves a stale
# entry that lets a store through after mprotect(PROT_READ).

load helpers

setup() {
	MMSIM_CPU=$MMSIM_TEST_CPU,debug_tlbflush
	mmsim_setup
}
teardown() { mmsim_teardown; }

# tlb_cpu N: the state line of CPU N in MOUNT/tlb.
tlb_cpu() {
	grep "^cpu$1 " "$MMSIM_MOUNT/tlb"
}

# tlb_pages N: the addresses CPU N's TLB translates, one a line.
tlb_pages() {
	awk -v cpu="cpu$1" '/^cpu/ { on = $1 == cpu; next }
		on { print $5 }' "$MMSIM_MOUNT/tlb"
}

# tlb_entry N ADDR: CPU N's entry for ADDR, from its address on.
tlb_entry() {
	awk -v cpu="cpu$1" -v a="$(printf '0x%016x' "$(($2))")" '
		/^cpu/ { on = $1 == cpu; next }
		on && $5 == a { $1 = $2 = $3 = $4 = ""; sub(/^ +/, ""); print }' \
		"$MMSIM_MOUNT/tlb"
}

@test "tlb: a fresh machine's TLBs are empty, one line a CPU" {
	run -0 cat "$MMSIM_MOUNT/tlb"
	assert_output "cpu0 mm - hits 0 misses 0 flushed 0 entries 0
cpu1 mm - hits 0 misses 0 flushed 0 entries 0"
	mount_machine --cpus=3
	run -0 grep -c '^cpu' "$MMSIM_MOUNT/tlb"
	assert_output 3
}

@test "tlb: misses walk and fill entries with the PTE's permissions; hits walk no more; a write through a read-only entry walks and faults" {
	must spawn
	run -0 mm 2 mmap 0 16K rw- private,anonymous
	local a=$output
	# Two write faults: two misses, two dirty writable entries.
	run -0 mm 2 touch "$a" 8K w
	assert_output "pages=2 faults=2 anon=2 zero=0 cow=0 reuse=0 shmem=0"
	# The same pages again: two hits, no fault.
	run -0 mm 2 touch "$a" 8K w
	assert_output "pages=2 faults=0 anon=0 zero=0 cow=0 reuse=0 shmem=0"
	# Four pages read: two hits, two misses mapping the zero page.
	run -0 mm 2 touch "$a" 16K r
	assert_output "pages=4 faults=2 anon=0 zero=2 cow=0 reuse=0 shmem=0"
	run -0 tlb_cpu 0
	assert_output "cpu0 mm 2 tlb_gen 1/1 hits 4 misses 4 flushed 0 entries 4"
	run -0 tlb_entry 0 "$a"
	assert_output --regexp '^0x[0-9a-f]{16} pfn 0x[0-9a-f]{6} RW USR NX A D pkey 0$'
	run -0 tlb_entry 0 "$((a + 0x2000))"
	assert_output "$(printf '0x%016x' $((a + 0x2000))) pfn 0x000000 ro USR NX A - pkey 0"
	# A load hits; a write to the zero page's read-only entry drops it,
	# walks and takes the COW fault, filling a writable entry.
	run -0 mm 2 load "$((a + 0x2000))" 2
	assert_output 0000
	run -0 mm 2 touch "$((a + 0x2000))" 4K w
	assert_output "pages=1 faults=1 anon=0 zero=0 cow=1 reuse=0 shmem=0"
	run -0 tlb_cpu 0
	assert_output "cpu0 mm 2 tlb_gen 2/2 hits 5 misses 5 flushed 0 entries 4"
	run -0 tlb_entry 0 "$((a + 0x2000))"
	assert_output --regexp ' RW USR NX A D pkey 0$'
	# 65 pages: more than the 64 entries; a set of 4 ways holds 4.
	run -0 mm 2 mmap 0 260K rw- private,anonymous
	must 2 touch "$output" 260K w
	run -0 tlb_cpu 0
	assert_output "cpu0 mm 2 tlb_gen 2/2 hits 5 misses 70 flushed 0 entries 64"
	run -0 mm check
	assert_output ok
}

@test "tlb: a hit sets no accessed bit again, as the hardware's; a flush after clear_refs makes the next access walk and set it" {
	must spawn
	run -0 mm 2 mmap 0 8K rw- private,anonymous
	local a=$output
	must 2 touch "$a" 8K w
	echo 1 >"$MMSIM_MOUNT/2/clear_refs"
	run -0 tlb_cpu 0
	assert_output "cpu0 mm 2 tlb_gen 2/2 hits 0 misses 2 flushed 2 entries 0"
	must 2 touch "$a" 4K r
	run -0 tlb_cpu 0
	assert_output "cpu0 mm 2 tlb_gen 2/2 hits 0 misses 3 flushed 2 entries 1"
	run -0 awk '/^Referenced:/ { print $2; exit }' "$MMSIM_MOUNT/2/smaps"
	assert_output 4
}

@test "tlb: after mprotect(PROT_READ) a store faults SIGSEGV: mprotect flushed the writable entry" {
	must spawn
	run -0 mm 2 mmap 0 4K rw- private,anonymous
	local a=$output
	must 2 store "$a" '"before"'
	run -0 tlb_entry 0 "$a"
	assert_output --regexp ' RW USR NX A D pkey 0$'
	must 2 mprotect "$a" 4K r--
	run -0 tlb_pages 0
	assert_output ""
	run -0 vmstat_val nr_tlb_local_flush_one
	assert_output 1
	run -4 mm 2 store "$a" '"after"'
	assert_output "SIGSEGV SEGV_ACCERR $a"
	run -0 cat "$MMSIM_MOUNT/tlb"
	assert_output "cpu0 mm - hits 0 misses 2 flushed 1 entries 0
cpu1 mm - hits 0 misses 0 flushed 0 entries 0"
}

@test "tlb: under forget_tlb_flush=mprotect the stale entry lets the store through; check allows it" {
	mount_machine --cpu="$MMSIM_TEST_CPU,debug_tlbflush,forget_tlb_flush=mprotect"
	must spawn
	run -0 mm 2 mmap 0 4K rw- private,anonymous
	local a=$output
	must 2 store "$a" '"before"'
	must 2 mprotect "$a" 4K r--
	run -0 vmstat_val nr_tlb_local_flush_one
	assert_output 0
	run -0 tlb_entry 0 "$a"
	assert_output --regexp ' RW USR NX A D pkey 0$'
	run -0 mm 2 store "$a" '"after!"'
	assert_output ""
	run -0 mm 2 load "$a" 6 text
	assert_output '"after!"'
	run -0 grep "^$(printf '%08x' $((a)))" "$MMSIM_MOUNT/2/maps"
	assert_output --regexp ' r--p '
	run -0 mm check
	assert_output ok
	run -0 grep -o 'forget_tlb_flush=[a-z:]*' "$MMSIM_MOUNT/journal"
	assert_output forget_tlb_flush=mprotect
}

# cow_thread_read: process 2 writes "old" and forks; its thread 4 reads the
# page on CPU 1, then 2 writes "new" on CPU 0 (the COW fault copies the
# page) and the thread reads again: what it reads.
cow_thread_read() {
	must spawn
	run -0 mm 2 mmap 0 4K rw- private,anonymous
	local a=$output
	must 2 store "$a" '"old"'
	run -0 mm 2 fork
	assert_output 3
	run -0 mm 2 clone vm,thread,sighand,files
	assert_output 4
	must 4 sched_setaffinity 1
	must 4 load "$a" 3
	must 2 store "$a" '"new"'
	mm 4 load "$a" 3 text
}

@test "tlb: a thread on another CPU reads the page a COW fault gave its process; under forget_tlb_flush=cow, the old page through its stale entry" {
	run -0 cow_thread_read
	assert_output '"new"'
	mount_machine --cpu="$MMSIM_TEST_CPU,forget_tlb_flush=cow:mprotect"
	run -0 cow_thread_read
	assert_output '"old"'
	run -0 grep -o 'forget_tlb_flush=[a-z:]*' "$MMSIM_MOUNT/journal"
	assert_output forget_tlb_flush=mprotect:cow
}

@test "tlb: under forget_tlb_flush=munmap a store to unmapped memory takes no fault, and lands in the page its frame became (use after free)" {
	mount_machine --cpu="$MMSIM_TEST_CPU,forget_tlb_flush=munmap"
	must spawn
	# W keeps the PTE table, so munmap of X frees only X's frame.
	run -0 mm 2 mmap 0 4K rw- private,anonymous
	must 2 touch "$output" 4K w
	run -0 mm 2 mmap 0 4K rw- private,anonymous
	local x=$output y
	must 2 store "$x" '"secret"'
	must 2 munmap "$x" 4K
	run -0 tlb_entry 0 "$x"
	assert_output --regexp ' RW USR NX A D pkey 0$'
	# The frame is free: the store goes nowhere, a load reads zeroes.
	run -0 mm 2 store "$x" '"gone"'
	assert_output ""
	run -0 mm 2 load "$x" 4 text
	assert_output '"\0\0\0\0"'
	# A new mapping gets the frame; the stale entry writes into it.
	run -0 mm 2 mmap "$((x - 0x10000))" 4K rw- private,anonymous,fixed
	y=$output
	must 2 store "$y" '"mine!"'
	must 2 store "$x" '"stale"'
	run -0 mm 2 load "$y" 5 text
	assert_output '"stale"'
	run -0 bash -c "grep -c 'pfn $(tlb_entry 0 "$x" | cut -d' ' -f3) ' '$MMSIM_MOUNT/tlb'"
	assert_output 2
	run -0 mm check
	assert_output ok
}

@test "tlb: a bad forget_tlb_flush is refused with the reason, and nothing is mounted" {
	local dir
	for bad in "" bogus mprotect:bogus ":"; do
		dir=$(mktemp -d "$MMSIM_MOUNT_BASE/mmsim-tlb.XXXXXX")
		run -1 "$MMSIMFS" --cpu="default,forget_tlb_flush=$bad" "$dir"
		assert_output --partial "forget_tlb_flush=$bad: not none or flushes from mprotect, cow, munmap (joined by ':')"
		run ! mountpoint -q "$dir"
		rmdir "$dir"
	done
}

@test "tlb: a switch between processes empties the TLB (no PCID); one between threads of one mm keeps it" {
	must spawn
	run -0 mm 2 mmap 0 8K rw- private,anonymous
	local a=$output
	must 2 touch "$a" 8K w
	run -0 mm 2 clone vm,thread,sighand,files
	assert_output 3
	# The thread runs on CPU 0 in the same mm: no CR3 load, two hits.
	must 3 touch "$a" 8K w
	run -0 tlb_cpu 0
	assert_output "cpu0 mm 2 tlb_gen 1/1 hits 2 misses 2 flushed 0 entries 2"
	# Another process on CPU 0: CR3 loaded, the TLB flushed.
	run -0 mm spawn
	assert_output 4
	must 4 brk
	run -0 tlb_cpu 0
	assert_output "cpu0 mm 4 tlb_gen 1/1 hits 2 misses 2 flushed 2 entries 0"
	# Back to the process: CR3 again, and the pages miss again.
	must 2 touch "$a" 8K r
	run -0 tlb_cpu 0
	assert_output "cpu0 mm 2 tlb_gen 1/1 hits 2 misses 4 flushed 2 entries 2"
}

@test "tlb: munmap in a two-thread process on two CPUs drops the remote CPU's entry by shootdown; a lazy CPU spared a flush catches up" {
	must spawn
	run -0 mm 2 mmap 0 64K rw- private,anonymous
	local a=$output
	must 2 touch "$a" 64K w
	run -0 mm 2 clone vm,thread,sighand,files
	assert_output 3
	must 3 sched_setaffinity 1
	must 3 touch "$a" 8K r
	run -0 tlb_cpu 1
	assert_output "cpu1 mm 2 tlb_gen 1/1 hits 0 misses 2 flushed 0 entries 2"
	# One page of many: no table is freed, so idle CPU 1 is spared (lazy
	# TLB) and keeps its entries, behind the mm's generation.
	must 2 munmap "$((a + 0x1000))" 4K
	run -0 vmstat_val nr_tlb_remote_flush_received
	assert_output 0
	run -0 tlb_cpu 1
	assert_output "cpu1 mm 2 tlb_gen 1/2 lazy: stale hits 0 misses 2 flushed 0 entries 2"
	run -0 mm check
	assert_output ok
	# Its next command catches up: the whole TLB goes first.
	must 3 touch "$a" 4K r
	run -0 tlb_cpu 1
	assert_output "cpu1 mm 2 tlb_gen 2/2 hits 0 misses 3 flushed 2 entries 1"
	# The whole mapping: its page table is freed, so the shootdown
	# reaches CPU 1 at once and drops its entry.
	# Both munmaps are remote flushes (native_flush_tlb_multi(), which
	# the first sent no CPU an IPI), the second one received.
	must 2 munmap "$a" 64K
	run -0 vmstat_val nr_tlb_remote_flush
	assert_output 2
	run -0 vmstat_val nr_tlb_remote_flush_received
	assert_output 1
	run -0 tlb_cpu 1
	assert_output "cpu1 mm 2 tlb_gen 3/3 hits 0 misses 3 flushed 3 entries 0"
	run -0 tlb_cpu 0
	assert_output "cpu0 mm 2 tlb_gen 3/3 hits 0 misses 16 flushed 16 entries 0"
}

@test "lesson seed002-stale-tlb.sh shows the flush mprotect makes and the store a forgotten one lets through, as its header says" {
	run -0 env MMCTL="$MMCTL" MMSIMFS="$MMSIMFS" TMPDIR="$MMSIM_MOUNT_BASE" \
		bash "$LESSONS/seed002-stale-tlb.sh"
	assert_output "$(lesson_expected "$LESSONS/seed002-stale-tlb.sh")"
	assert_line 'store after mprotect: SIGSEGV SEGV_ACCERR'
	assert_line 'forgetful kernel, store after mprotect: ok'
}
