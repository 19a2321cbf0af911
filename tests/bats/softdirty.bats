#!/usr/bin/env bats
# softdirty.bats - soft-dirty tracking as Documentation/admin-guide/mm/
# soft-dirty.rst describes it. The host kernel here lacks soft-dirty (no
# "sd" in its VmFlags), so the differential harness leaves the bit out and
# these tests check the documented behaviour instead, on a machine mounted
# with --soft-dirty:
#  - writing 4 to clear_refs clears the bit in every PTE (and VM_SOFTDIRTY)
#    and write-protects the pages, so the next write faults and sets it;
#  - a read does not set it;
#  - "the kernel always marks new memory regions (and expanded regions) as
#    soft dirty": a region unmapped and mapped again in place, an mmap that
#    extends a neighbour, and brk growth.

load helpers

setup() { mmsim_setup --soft-dirty; }
teardown() { mmsim_teardown; }

# vma_line PID ADDR: the maps line of the VMA that starts at ADDR.
vma_line() {
	grep "^${2#0x}-" "$(view "$1" maps)"
}

# sd_bits PID ADDR N: the soft-dirty bit of N pages from ADDR, as a string.
sd_bits() {
	pagemap_entry "$1" "$2" "$3" | sed -n 's/.*softdirty=\([01]\).*/\1/p' | tr -d '\n'
}

@test "soft-dirty: clear_refs 4 clears it; a write sets it again, a read does not" {
	must spawn
	A=$(mmok 2 mmap 0 16K rw- private,anonymous)
	assert_equal "$A" 0x7ffff7ffb000
	must 2 touch "$A" 16K w
	run -0 sd_bits 2 "$A" 4
	assert_output 1111
	run -0 io write "$(view 2 clear_refs)" 4
	assert_output 1
	run -0 sd_bits 2 "$A" 4
	assert_output 0000
	run -0 smaps_field 2 "$A" VmFlags
	assert_output "rd wr mr mw me ac"
	# A read of page 1 leaves it clean; a write of page 2 faults
	# (clear_refs write-protected it) and makes it soft-dirty.
	run -0 mm 2 touch "$(page_addr "$A" 1)" 4K r
	assert_output "pages=1 faults=0 anon=0 zero=0 cow=0 reuse=0 shmem=0"
	run -0 mm 2 touch "$(page_addr "$A" 2)" 4K w
	assert_output "pages=1 faults=1 anon=0 zero=0 cow=0 reuse=1 shmem=0"
	run -0 sd_bits 2 "$A" 4
	assert_output 0010
}

@test "soft-dirty: a region unmapped and mapped again in place is soft-dirty as a whole" {
	must spawn
	A=$(mmok 2 mmap 0 16K rw- private,anonymous)
	must 2 touch "$A" 16K w
	run -0 io write "$(view 2 clear_refs)" 4
	run -0 sd_bits 2 "$A" 4
	assert_output 0000
	# Unmap page 0 and map a fresh page there: it merges back into one
	# VMA, which is marked VM_SOFTDIRTY, so every page of it reports
	# soft-dirty, mapped or not.
	must 2 munmap "$A" 4K
	run -0 mm 2 mmap "$A" 4K rw- private,anonymous,fixed
	assert_output "$A"
	run -0 vma_line 2 "$A"
	assert_output "7ffff7ffb000-7ffff7fff000 rw-p 00000000 00:00 0 "
	run -0 smaps_field 2 "$A" VmFlags
	assert_output "rd wr mr mw me ac sd"
	run -0 sd_bits 2 "$A" 4
	assert_output 1111
	run -0 pagemap_entry 2 "$A"
	assert_output "present=0 swapped=0 file=0 exclusive=0 softdirty=1 pfn=0"
}

@test "soft-dirty: an mmap that extends a clean neighbour makes the merged VMA soft-dirty" {
	must spawn
	A=$(mmok 2 mmap 0 8K rw- private,anonymous)
	run -0 io write "$(view 2 clear_refs)" 4
	run -0 smaps_field 2 "$A" VmFlags
	assert_output "rd wr mr mw me ac"
	B=$(mmok 2 mmap 0 8K rw- private,anonymous)
	assert_equal "$B" 0x7ffff7ffb000
	run -0 smaps_field 2 "$B" VmFlags
	assert_output "rd wr mr mw me ac sd"
	run -0 sd_bits 2 "$B" 4
	assert_output 1111
}

@test "soft-dirty: brk growth marks the heap soft-dirty" {
	must spawn
	run -0 mm 2 brk 0x55555555b000
	assert_output 0x55555555b000
	run -0 io write "$(view 2 clear_refs)" 4
	run -0 smaps_field 2 0x555555559000 VmFlags
	assert_output "rd wr mr mw me ac"
	run -0 mm 2 brk 0x55555555d000
	assert_output 0x55555555d000
	run -0 vma_line 2 0x555555559000
	assert_output "555555559000-55555555d000 rw-p 00000000 00:00 0                          [heap]"
	run -0 smaps_field 2 0x555555559000 VmFlags
	assert_output "rd wr mr mw me ac sd"
	run -0 sd_bits 2 0x555555559000 4
	assert_output 1111
}

@test "soft-dirty: clear_refs 4 applies to every VMA of the process" {
	must spawn
	A=$(mmok 2 mmap 0 4K rw- private,anonymous)
	must 2 mmap 0 4K r-- private,anonymous
	S=$(mmok 2 mmap 0 4K rw- shared,anonymous)
	must 2 touch "$A" 4K w
	must 2 touch "$S" 4K w
	run -0 io write "$(view 2 clear_refs)" 4
	run -0 grep -c '^VmFlags:' "$(view 2 smaps)"
	assert_output 4
	run -1 grep ' sd $' "$(view 2 smaps)"
	run -0 sd_bits 2 "$S" 1
	assert_output 0
	must 2 touch "$S" 4K w
	run -0 sd_bits 2 "$S" 1
	assert_output 1
}
