#!/usr/bin/env bats
# paging.bats - mmsimfs --paging=5level (issue 11): an x86-64 LA57 machine
# with a real P4D level, 57-bit user addresses reached only by an mmap hint
# above the 47-bit DEFAULT_MAP_WINDOW (arch_get_unmapped_area_topdown(),
# mmap_address_hint_valid()), vtop's and ptdump's fifth level, PID/paging
# and the pictures; and the same commands on a 4-level machine, where such
# a hint is ignored. Teardown replays each journal (its header keeps la57).

load helpers

setup() { :; }
teardown() { mmsim_teardown; }

L5=0x10000000000000	# 1 << 52: a 5-level address, pgd entry 16

@test "--paging=5level: a hint above the 47-bit window lands there; without one mmap stays below it" {
	mount_machine --paging=5level
	must spawn
	run -0 mm 2 mmap $L5 8K rw- private,anonymous
	assert_output 0x10000000000000
	# 1 << 56 is past TASK_SIZE_MAX (1 << 56, less a page): the hint is
	# invalid, but it still opens the whole space, so the search runs
	# top-down from mmap_base + (TASK_SIZE_MAX - DEFAULT_MAP_WINDOW).
	run -0 mm 2 mmap 0x100000000000000 4K rw- private,anonymous
	assert_output 0xfffffff7ffe000
	run -0 mm 2 mmap 0 4K rw- private,anonymous
	assert_output 0x7ffff7ffe000
	# A hint whose range straddles the window is not taken, nor raised.
	run -0 mm 2 mmap 0x7ffffffff000 8K rw- private,anonymous
	assert_output 0x7ffff7ffc000
	run -0 cat "$(view 2 maps)"
	assert_output '7ffff7ffc000-7ffff7fff000 rw-p 00000000 00:00 0 
7ffffffde000-7ffffffff000 rw-p 00000000 00:00 0                          [stack]
10000000000000-10000000002000 rw-p 00000000 00:00 0 
fffffff7ffe000-fffffff7fff000 rw-p 00000000 00:00 0 '
	run -1 mm 2 mmap 0x100000000000000 4K rw- private,anonymous,fixed
	assert_output "error: mmap: 0x100000000000000-0x100000000001000 is beyond the user address space (ENOMEM)"
	run -0 sed -n 's/^task_size: //p' "$(view 2 mm_struct)"
	assert_output 0xfffffffffff000
	# Canonical with 57 bits: an unmapped address is a plain SEGV_MAPERR.
	must spawn
	run -4 mm 3 touch $L5 4K r
	assert_output "SIGSEGV SEGV_MAPERR 0x10000000000000"
}

@test "--paging=4level: the same hints are ignored, MAP_FIXED there is ENOMEM" {
	mount_machine --paging=4level
	must spawn
	run -0 mm 2 mmap $L5 8K rw- private,anonymous
	assert_output 0x7ffff7ffd000
	run -0 mm 2 mmap 0x100000000000000 4K rw- private,anonymous
	assert_output 0x7ffff7ffc000
	run -1 mm 2 mmap $L5 4K rw- private,anonymous,fixed
	assert_output "error: mmap: 0x10000000000000-0x10000000001000 is beyond the user address space (ENOMEM)"
	run -0 sed -n 's/^task_size: //p' "$(view 2 mm_struct)"
	assert_output 0x7ffffffff000
	# Not canonical with 48-bit addresses: a general protection fault.
	run -4 mm 2 touch $L5 4K r
	assert_output "SIGSEGV SI_KERNEL 0x0"
}

@test "--paging=5level: vtop walks five levels, crash's PGD P4D PUD PMD PTE" {
	mount_machine --paging=5level
	must spawn
	must 2 mmap $L5 8K rw- private,anonymous
	must 2 touch $L5 4K w
	run -0 mm 2 vtop $L5
	assert_line --index 0 'VIRTUAL     PHYSICAL        '
	assert_line --index 1 '10000000000000  2a000           '
	assert_line --index 2 '   PGD: 3080 => 24067'
	assert_line --index 3 '   P4D: 24000 => 25067'
	assert_line --index 4 '   PUD: 25000 => 26067'
	assert_line --index 5 '   PMD: 26000 => 27067'
	assert_line --index 6 '   PTE: 27000 => 800000000002a867'
	assert_line --index 7 '  PAGE: 2a000  '
	# A 5-level walk of a low address: its own P4D table.
	must 2 touch 0x7fffffffe000 4K w
	run -0 mm 2 vtop 0x7fffffffe000
	assert_line --index 2 '   PGD: 3000 => 2b067'
	assert_line --index 3 '   P4D: 2b7f8 => 2c067'
	# Beyond TASK_SIZE_MAX.
	run -1 mm 2 vtop 0x100000000000000
	assert_output "error: vtop: ADDR 0x100000000000000 is beyond the user address space (0xfffffffffff000) (EINVAL)"
}

@test "--paging=5level: page_tables shows the p4d level and the 57-bit user half" {
	mount_machine --paging=5level
	must spawn
	must 2 mmap $L5 8K rw- private,anonymous
	must 2 touch $L5 4K w
	run -0 cat "$(view 2 page_tables)"
	assert_output '---[ User Space ]---
0x0000000000000000-0x0010000000000000           4P                               pgd
0x0010000000000000-0x0010000000001000           4K USR RW                     NX pte
0x0010000000001000-0x0010000000200000        2044K                               pte
0x0010000000200000-0x0010000040000000        1022M                               pmd
0x0010000040000000-0x0010008000000000         511G                               pud
0x0010008000000000-0x0011000000000000      261632G                               p4d
0x0011000000000000-0x0100000000000000       61184T                               pgd'
	# The picture: PGD -> P4D -> PUD -> PMD -> PTE -> the frame.
	run -0 grep -E '^	t[0-9a-f]+ ' "$(view 2 page_tables.dot)"
	assert_output '	t3 [label="PGD pfn 0x3\ncr3 0x3000|<e16> 16: 0x0000000000024067"];
	t24 [label="P4D pfn 0x24\n0x10000000000000|<e0> 0: 0x0000000000025067"];
	t25 [label="PUD pfn 0x25\n0x10000000000000|<e0> 0: 0x0000000000026067"];
	t26 [label="PMD pfn 0x26\n0x10000000000000|<e0> 0: 0x0000000000027067"];
	t27 [label="PTE pfn 0x27\n0x10000000000000|<e0> 0: 0x800000000002a867"];'
	run -0 gc -n -e "$(view 2 page_tables.dot)"
	assert_output --regexp '^ +6 +5 page_tables'
}

@test "--paging=5level: PID/paging counts the P4D, pagemap reaches the page; munmap and exit free it" {
	mount_machine --paging=5level
	must spawn
	must 2 mmap $L5 8K rw- private,anonymous
	must 2 touch $L5 4K w
	run -0 cat "$(view 2 paging)"
	assert_output 'present_pages: 1
1-level: n/a: page 0x10000000000000 is above the 4 GiB of 32-bit virtual addresses
2-level: n/a: page 0x10000000000000 is above the 4 GiB of 32-bit virtual addresses
pae: n/a: page 0x10000000000000 is above the 4 GiB of 32-bit virtual addresses
4-level: n/a: page 0x10000000000000 is above the 128 TiB of 4-level user addresses
5-level: 20480 bytes = 1 PGD + 1 P4D + 1 PUD + 1 PMD + 1 PTE table (9+9+9+9+9+12 bits, 8-byte entries)
allocated: 20480 bytes = this machine'"'"'s 5-level tables now'
	# pagemap reaches the 57-bit page (its word is at (1 << 52) / 4096 * 8).
	run -0 pagemap_entry 2 $L5 2
	assert_output 'present=1 swapped=0 file=0 exclusive=1 softdirty=0 pfn=42
present=0 swapped=0 file=0 exclusive=0 softdirty=0 pfn=0'
	# VmPTE counts the PUD, PMD and PTE table, not the P4D (no nr_p4ds).
	run -0 status_field 2 VmPTE
	assert_output "12 kB"
	must 2 fork
	must 3 touch $L5 4K w
	run -0 status_field 3 VmPTE
	assert_output "12 kB"
	must 2 munmap $L5 8K
	run -0 tail -n1 "$(view 2 paging)"
	assert_output "allocated: 4096 bytes = this machine's 5-level tables now"
	must 3 exit
	# PID 1's and PID 2's PGDs are all that is left.
	run -0 awk '/^PageTables:/ { print $2 }' "$MMSIM_MOUNT/meminfo"
	assert_output 8
}

@test "--paging=5level: without high hints maps, smaps and status are the 4-level machine's, an exec'd program's too" {
	mount_machine --paging=4level
	m4=$MMSIM_MOUNT
	mount_machine --paging=5level
	m5=$MMSIM_MOUNT
	for m in "$m4" "$m5"; do
		"$MMCTL" -m "$m" spawn >/dev/null
		"$MMCTL" -m "$m" 2 mmap 0 1M rw- private,anonymous >/dev/null
		"$MMCTL" -m "$m" 2 touch 0x7ffff7eff000 64K w >/dev/null
		"$MMCTL" -m "$m" 2 brk 0x555555600000 >/dev/null
		"$MMCTL" -m "$m" 2 fork >/dev/null
		"$MMCTL" -m "$m" 3 touch 0x7ffff7eff000 4K w >/dev/null
		"$MMCTL" -m "$m" spawn >/dev/null
		"$MMCTL" -m "$m" 4 exec /bin/true >/dev/null
	done
	for f in maps smaps status statm; do
		run -0 diff "$m4/3/$f" "$m5/3/$f"
		run -0 diff "$m4/4/$f" "$m5/4/$f"
	done
	# mm_struct differs in task_size alone.
	run -1 diff "$m4/2/mm_struct" "$m5/2/mm_struct"
	assert_output '6c6
< task_size: 0x7ffffffff000
---
> task_size: 0xfffffffffff000'
}

@test "--paging=5level: the machine description says la57: cpuinfo, the journal header" {
	mount_machine --paging=5level
	run -0 grep -c ' la57$' "$MMSIM_MOUNT/cpuinfo"
	assert_output 2
	run -0 grep -m1 '^address sizes' "$MMSIM_MOUNT/cpuinfo"
	assert_output $'address sizes\t: 46 bits physical, 57 bits virtual'
	run -0 head -n1 "$MMSIM_MOUNT/journal"
	assert_output --partial ',la57,'
	# --cpu=...,la57 is the same machine: the same journal header.
	h=$(head -n1 "$MMSIM_MOUNT/journal")
	mount_machine --cpu="$MMSIM_CPU,la57"
	run -0 head -n1 "$MMSIM_MOUNT/journal"
	assert_output "$h"
}

@test "--paging: a value other than 4level or 5level is refused at mount" {
	dir=$(mktemp -d "$MMSIM_MOUNT_BASE/mmsim-paging.XXXXXX")
	run -1 "$MMSIMFS" -f --paging=3level "$dir"
	assert_output "mmsimfs: --paging=3level: not 4level or 5level"
	rmdir "$dir"
}
