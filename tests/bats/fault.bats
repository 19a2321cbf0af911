#!/usr/bin/env bats
# fault.bats - page faults taken by touch, store and load: the exact fault
# summaries (anonymous, zero page, COW, reuse, shmem), what they leave in
# smaps, pagemap and vmstat, and fatal accesses (SIGSEGV with SEGV_MAPERR,
# SEGV_ACCERR, or SI_KERNEL for a non-canonical address) that kill the
# process and free its memory.

load helpers

setup() {
	mmsim_setup
	spawn_with_area 64K
	assert_equal "$PID" 2
	assert_equal "$AREA" 0x7ffff7fef000
}
teardown() { mmsim_teardown; }

summary() {
	printf 'pages=%s faults=%s anon=%s zero=%s cow=%s reuse=%s shmem=%s\n' "$@"
}

@test "write-touching fresh anonymous pages takes one anonymous fault each" {
	run -0 mm 2 touch "$AREA" 16K w
	assert_output "$(summary 4 4 4 0 0 0 0)"
	run -0 smaps_field 2 "$AREA" Rss
	assert_output "16 kB"
	run -0 smaps_field 2 "$AREA" Private_Dirty
	assert_output "16 kB"
	run -0 smaps_field 2 "$AREA" Anonymous
	assert_output "16 kB"
}

@test "touching mapped pages again takes no fault" {
	must 2 touch "$AREA" 16K w
	run -0 mm 2 touch "$AREA" 16K w
	assert_output "$(summary 4 0 0 0 0 0 0)"
	run -0 mm 2 touch "$AREA" 16K r
	assert_output "$(summary 4 0 0 0 0 0 0)"
}

@test "a read maps the zero page; a write then copies it (COW)" {
	run -0 mm 2 touch "$AREA" 16K r
	assert_output "$(summary 4 4 0 4 0 0 0)"
	# Zero-page PTEs are present but not in Rss.
	run -0 smaps_field 2 "$AREA" Rss
	assert_output "0 kB"
	run -0 pagemap_entry 2 "$AREA"
	assert_output --regexp '^present=1 swapped=0 file=0 exclusive=0 softdirty=0 pfn=[0-9]+$'
	run -0 mm 2 touch "$AREA" 16K r
	assert_output "$(summary 4 0 0 0 0 0 0)"
	run -0 mm 2 touch "$AREA" 16K w
	assert_output "$(summary 4 4 0 0 4 0 0)"
	run -0 smaps_field 2 "$AREA" Rss
	assert_output "16 kB"
	run -0 pagemap_entry 2 "$AREA"
	assert_output --regexp '^present=1 swapped=0 file=0 exclusive=1 softdirty=0 pfn=[0-9]+$'
}

@test "all zero-page reads share one frame" {
	must 2 touch "$AREA" 16K r
	local pfns
	pfns=$(pagemap_entry 2 "$AREA" 4 | sed 's/.*pfn=//' | sort -u | wc -l)
	assert_equal "$pfns" 1
}

@test "the range may span pages only partly: every page it covers is touched" {
	run -0 mm 2 touch "$(hex $((AREA + 0x800)))" 0x1000 w
	assert_output "$(summary 2 2 2 0 0 0 0)"
}

@test "a shared anonymous mapping faults shmem pages, even on read" {
	run -0 mm 2 mmap 0 16K rw- shared,anonymous
	assert_output 0x7ffff7feb000
	run -0 mm 2 touch 0x7ffff7feb000 8K w
	assert_output "$(summary 2 2 0 0 0 0 2)"
	run -0 mm 2 touch 0x7ffff7fed000 4K r
	assert_output "$(summary 1 1 0 0 0 0 1)"
	# A shared writable mapping needs no write notification: the read
	# fault mapped the page writable, so this write takes no fault.
	run -0 mm 2 touch 0x7ffff7fed000 4K w
	assert_output "$(summary 1 0 0 0 0 0 0)"
	run -0 smaps_field 2 0x7ffff7feb000 Rss
	assert_output "12 kB"
	run -0 status_field 2 RssShmem
	assert_output "12 kB"
	run -0 pagemap_entry 2 0x7ffff7feb000
	assert_output --regexp '^present=1 swapped=0 file=1 exclusive=1 softdirty=0 pfn=[1-9][0-9]*$'
}

@test "an execute access needs an executable mapping" {
	run -0 mm 2 mmap 0 4K r-x private,anonymous
	assert_output 0x7ffff7fee000
	run -0 mm 2 touch 0x7ffff7fee000 4K x
	assert_output "$(summary 1 1 0 1 0 0 0)"
	run -4 mm 2 touch "$AREA" 4K x
	assert_output "SIGSEGV SEGV_ACCERR $AREA"
}

@test "store and load: bytes go in and come out, through faults" {
	run -0 mm 2 store "$AREA" '"hello world"'
	assert_output ""
	run -0 mm 2 load "$AREA" 11
	assert_output 68656c6c6f20776f726c64
	run -0 mm 2 store "$(hex $((AREA + 4094)))" 0xdeadbeef
	assert_output ""
	run -0 mm 2 load "$(hex $((AREA + 4094)))" 4
	assert_output deadbeef
	run -0 smaps_field 2 "$AREA" Rss
	assert_output "8 kB"
	# An untouched page loads as zeros, through the zero page.
	run -0 mm 2 load "$(page_addr "$AREA" 8)" 4
	assert_output 00000000
	run -0 smaps_field 2 "$AREA" Rss
	assert_output "8 kB"
}

@test "faults count in vmstat pgfault" {
	local before
	before=$(vmstat_val pgfault)
	must 2 touch "$AREA" 16K w
	assert_equal "$(vmstat_val pgfault)" "$((before + 4))"
	must 2 touch "$AREA" 16K w
	assert_equal "$(vmstat_val pgfault)" "$((before + 4))"
	must 2 touch "$(page_addr "$AREA" 4)" 8K r
	assert_equal "$(vmstat_val pgfault)" "$((before + 6))"
}

@test "an access to unmapped memory kills the process with SEGV_MAPERR" {
	run -4 mm 2 touch 0x7ffff0000000 4K r
	assert_output "SIGSEGV SEGV_MAPERR 0x7ffff0000000"
	[[ ! -e $MMSIM_MOUNT/2 ]] || fail "process 2 survived its SIGSEGV"
	run -1 --separate-stderr mm 2 touch "$AREA" 4K r
}

@test "a write to a read-only mapping kills with SEGV_ACCERR" {
	run -0 mm 2 mmap 0 16K r-- private,anonymous
	assert_output 0x7ffff7feb000
	run -0 mm 2 touch 0x7ffff7feb000 16K r
	assert_output "$(summary 4 4 0 4 0 0 0)"
	run -4 mm 2 touch 0x7ffff7fec000 4K w
	assert_output "SIGSEGV SEGV_ACCERR 0x7ffff7fec000"
	[[ ! -e $MMSIM_MOUNT/2 ]] || fail "process 2 survived its SIGSEGV"
}

@test "any access to a PROT_NONE mapping kills with SEGV_ACCERR" {
	run -0 mm 2 mmap 0 16K --- private,anonymous
	assert_output 0x7ffff7feb000
	run -4 mm 2 load 0x7ffff7feb000 1
	assert_output "SIGSEGV SEGV_ACCERR 0x7ffff7feb000"
}

@test "the signal names the first page that faults fatally" {
	must 2 mprotect "$(page_addr "$AREA" 2)" 8K r--
	run -4 mm 2 touch "$AREA" 16K w
	assert_output "SIGSEGV SEGV_ACCERR $(page_addr "$AREA" 2)"
}

@test "store and load fault fatally like touch" {
	run -4 mm 2 store 0x7ffff0000000 '"x"'
	assert_output "SIGSEGV SEGV_MAPERR 0x7ffff0000000"
	[[ ! -e $MMSIM_MOUNT/2 ]] || fail "process 2 survived its SIGSEGV"
}

@test "a non-canonical address is a #GP: SIGSEGV SI_KERNEL 0x0, no page fault" {
	local before
	before=$(vmstat_val pgfault)
	run -4 mm 2 load 0x800000000000 8
	assert_output "SIGSEGV SI_KERNEL 0x0"
	[[ ! -e $MMSIM_MOUNT/2 ]] || fail "process 2 survived its SIGSEGV"
	assert_equal "$(vmstat_val pgfault)" "$before"
	run -0 mm spawn
	run -4 mm "$output" touch 0xffff7ffffffff000 8K x
	assert_output "SIGSEGV SI_KERNEL 0x0"
}

@test "the kernel half is a page fault, up to the last page of the address space" {
	run -4 mm 2 touch 0xfffffffffffff000 4K w
	assert_output "SIGSEGV SEGV_MAPERR 0xfffffffffffff000"
}

@test "a killed child is reported SIGSEGV by wait and its memory is freed" {
	must 2 touch "$AREA" 16K w
	run -0 mm 2 fork
	assert_output 3
	local anon
	anon=$(meminfo_kb AnonPages)
	must 3 touch "$(page_addr "$AREA" 4)" 16K w
	assert_equal "$(meminfo_kb AnonPages)" "$((anon + 16))"
	run -4 mm 3 touch 0x7ffff0000000 4K w
	assert_output "SIGSEGV SEGV_MAPERR 0x7ffff0000000"
	assert_equal "$(meminfo_kb AnonPages)" "$anon"
	run -0 mm 2 wait
	assert_output "3 SIGSEGV"
	[[ ! -e $MMSIM_MOUNT/3 ]] || fail "directory 3 still there after wait"
}

@test "the child's COW fault copies; the parent's next write reuses" {
	must 2 touch "$AREA" 16K w
	must 2 fork
	run -0 mm 3 touch "$AREA" 4K w
	assert_output "$(summary 1 1 0 0 1 0 0)"
	# Page 0 of the parent is now mapped once: do_wp_page reuses it.
	run -0 mm 2 touch "$AREA" 4K w
	assert_output "$(summary 1 1 0 0 0 1 0)"
	# Pages 1-3 are still shared: the parent copies.
	run -0 mm 2 touch "$(page_addr "$AREA" 1)" 12K w
	assert_output "$(summary 3 3 0 0 3 0 0)"
	# ... and then the child is their only user.
	run -0 mm 3 touch "$(page_addr "$AREA" 1)" 12K w
	assert_output "$(summary 3 3 0 0 0 3 0)"
}

@test "after the child exits, the parent's writes reuse every page" {
	must 2 touch "$AREA" 16K w
	must 2 fork
	must 3 exit
	run -0 mm 2 wait
	assert_output "3 0"
	run -0 mm 2 touch "$AREA" 16K w
	assert_output "$(summary 4 4 0 0 0 4 0)"
}

@test "a write to a zero-page PTE inherited by fork copies" {
	# A written page gives the VMA an anon_vma, so fork copies its PTEs.
	must 2 touch "$(page_addr "$AREA" 1)" 4K w
	must 2 touch "$AREA" 4K r
	must 2 fork
	run -0 pagemap_entry 3 "$AREA"
	assert_output --regexp '^present=1 swapped=0 file=0 exclusive=0 softdirty=0 pfn=[0-9]+$'
	run -0 mm 3 touch "$AREA" 4K w
	assert_output "$(summary 1 1 0 0 1 0 0)"
	run -0 mm 2 touch "$AREA" 4K w
	assert_output "$(summary 1 1 0 0 1 0 0)"
}

@test "fork copies no PTEs of a VMA without anon_vma: the child faults afresh" {
	# Only zero-page reads: no anon_vma, so vma_needs_copy() says no.
	must 2 touch "$AREA" 4K r
	must 2 fork
	run -0 pagemap_entry 3 "$AREA"
	assert_output "present=0 swapped=0 file=0 exclusive=0 softdirty=0 pfn=0"
	run -0 mm 3 touch "$AREA" 4K w
	assert_output "$(summary 1 1 1 0 0 0 0)"
}
