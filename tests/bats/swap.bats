#!/usr/bin/env bats
# swap.bats - mmsimfs --swap=SIZE: the swap area in swaps and meminfo,
# madvise pageout sending anonymous pages to swap (swap entries in the
# PTEs, pagemap bit 62, smaps Swap/SwapPss, VmSwap, pswpout), the major
# faults that bring them back (do_swap_page: pswpin, maj_flt, the same
# bytes), fork sharing swap entries (swap_duplicate) and the swap cache
# that lets a second process find a page swapped in by the first,
# munmap, exit and MADV_DONTNEED freeing slots, and a bad --swap refused.
# Exact values throughout; teardown runs check (swap_map counts against
# the swap PTEs) and replays the journal.

load helpers

setup() { mmsim_setup --swap=64M; }
teardown() { mmsim_teardown; }

# swapped PID ADDR N: N pagemap entries from ADDR, "1" for each with bit
# 62 (swapped) set and bit 63 clear, "0" otherwise, as one string.
swapped() {
	local e out=""
	while read -r e; do
		[[ $e == present=0\ swapped=1* ]] && out+=1 || out+=0
	done < <(pagemap_entry "$1" "$2" "$3")
	echo "$out"
}

# swap_used: the Used column of the swap area's line in swaps (kB).
swap_used() {
	awk 'NR == 2 { print $4 }' "$MMSIM_MOUNT/swaps"
}

# four_pages: PID 2 with four written pages at A, none all zeroes (a page
# of zeroes is not written to swap: see the zeromap test); prints nothing.
A=0x7ffff7ffb000
four_pages() {
	must spawn
	must 2 mmap 0 16K rw- private,anonymous
	[[ $output == "$A" ]] || fail "mmap gave $output"
	must 2 store $A '"page zero"'
	must 2 store $((A + 0x1ff0)) 0x00112233445566778899aabbccddeeff
	must 2 store $((A + 0x2000)) '"page two"'
	must 2 store $((A + 0x3ffc)) 0x01020304
	must 2 touch $A 16K w
}

@test "swap: swaps lists the area as /proc/swaps does; meminfo has it" {
	run -0 cat "$MMSIM_MOUNT/swaps"
	assert_output "$(printf 'Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n/dev/zram0                              partition\t65532\t\t0\t\t-2')"
	[[ $(meminfo_kb SwapTotal) == 65532 ]] || fail "SwapTotal $(meminfo_kb SwapTotal)"
	[[ $(meminfo_kb SwapFree) == 65532 ]] || fail "SwapFree $(meminfo_kb SwapFree)"
	[[ $(meminfo_kb SwapCached) == 0 ]] || fail "SwapCached $(meminfo_kb SwapCached)"
}

@test "swap: pageout of 4 pages: swap entries, VmSwap, smaps Swap, MemFree, pswpout" {
	four_pages
	local free0 out0
	free0=$(meminfo_kb MemFree)
	out0=$(vmstat_val pswpout)
	must 2 madvise $A 16K pageout
	[[ $(status_field 2 VmSwap) == "16 kB" ]] || fail "VmSwap $(status_field 2 VmSwap)"
	[[ $(status_field 2 VmRSS) == "0 kB" ]] || fail "VmRSS $(status_field 2 VmRSS)"
	[[ $(smaps_field 2 $A Swap) == "16 kB" ]] || fail "Swap $(smaps_field 2 $A Swap)"
	[[ $(smaps_field 2 $A SwapPss) == "16 kB" ]] || fail "SwapPss $(smaps_field 2 $A SwapPss)"
	[[ $(smaps_field 2 $A Rss) == "0 kB" ]] || fail "Rss $(smaps_field 2 $A Rss)"
	[[ $(swapped 2 $A 4) == 1111 ]] || fail "pagemap: $(pagemap_entry 2 $A 4)"
	# Type 0 in bits 0-4, offsets 1-4 (slot 0 is the header) from bit 5.
	run -0 u64s "$(view 2 pagemap)" $((A / PAGE)) 4 x
	assert_output "4000000000000020
4000000000000040
4000000000000060
4000000000000080"
	(($(meminfo_kb MemFree) == free0 + 16)) || fail "MemFree $free0 -> $(meminfo_kb MemFree)"
	(($(vmstat_val pswpout) == out0 + 4)) || fail "pswpout $(vmstat_val pswpout)"
	[[ $(meminfo_kb SwapFree) == 65516 ]] || fail "SwapFree $(meminfo_kb SwapFree)"
	[[ $(swap_used) == 16 ]] || fail "Used $(swap_used)"
	run -0 grep -E '^(Swap|SwapPss):' "$(view 2 smaps_rollup)"
	assert_output "Swap:                 16 kB
SwapPss:              16 kB"
}

@test "swap: touching swapped pages back: 4 major faults, pswpin 4, the same bytes" {
	four_pages
	must 2 madvise $A 16K pageout
	local maj0 in0
	maj0=$(awk '{ print $12 }' "$(view 2 stat)")
	in0=$(vmstat_val pswpin)
	must 2 touch $A 16K r
	assert_output "pages=4 faults=4 anon=0 zero=0 cow=0 reuse=0 shmem=0 major=4 swap=4"
	(($(awk '{ print $12 }' "$(view 2 stat)") == maj0 + 4)) || fail "majflt $(awk '{ print $12 }' "$(view 2 stat)")"
	(($(vmstat_val pswpin) == in0 + 4)) || fail "pswpin $(vmstat_val pswpin)"
	[[ $(vmstat_val pgmajfault) == 4 ]] || fail "pgmajfault $(vmstat_val pgmajfault)"
	[[ $(status_field 2 VmSwap) == "0 kB" ]] || fail "VmSwap $(status_field 2 VmSwap)"
	[[ $(swapped 2 $A 4) == 0000 ]] || fail "pagemap: $(pagemap_entry 2 $A 4)"
	must 2 load $A 9
	assert_output 70616765207a65726f
	must 2 load $((A + 0x1ff0)) 16
	assert_output 00112233445566778899aabbccddeeff
	# A swapped-in page the process alone held is mapped writable: the
	# write that follows the read takes no fault.
	must 2 touch $A 4K w
	assert_output "pages=1 faults=0 anon=0 zero=0 cow=0 reuse=0 shmem=0"
	[[ $(swap_used) == 0 ]] || fail "Used $(swap_used)"
	[[ $(meminfo_kb SwapCached) == 0 ]] || fail "SwapCached $(meminfo_kb SwapCached)"
}

@test "swap: a page of zeroes is not written (the zeromap): swpout_zero, swpin_zero" {
	must spawn
	must 2 mmap 0 16K rw- private,anonymous
	must 2 touch $A 16K w
	must 2 store $A 0x01
	must 2 madvise $A 16K pageout
	[[ $(vmstat_val pswpout) == 1 ]] || fail "pswpout $(vmstat_val pswpout)"
	[[ $(vmstat_val swpout_zero) == 3 ]] || fail "swpout_zero $(vmstat_val swpout_zero)"
	[[ $(vmstat_val pgpgout) == 4 ]] || fail "pgpgout $(vmstat_val pgpgout)"
	# Still 4 slots used and 4 entries, and 4 major faults to come back.
	[[ $(swap_used) == 16 ]] || fail "Used $(swap_used)"
	must 2 touch $A 16K r
	assert_output "pages=4 faults=4 anon=0 zero=0 cow=0 reuse=0 shmem=0 major=4 swap=4"
	[[ $(vmstat_val pswpin) == 1 ]] || fail "pswpin $(vmstat_val pswpin)"
	[[ $(vmstat_val swpin_zero) == 3 ]] || fail "swpin_zero $(vmstat_val swpin_zero)"
	must 2 load $A 2
	assert_output 0100
}

@test "swap: fork after pageout: both hold the entries; one pswpin for child then parent" {
	four_pages
	must 2 madvise $A 16K pageout
	must 2 fork
	[[ $output == 3 ]] || fail "fork gave $output"
	local pid
	for pid in 2 3; do
		[[ $(status_field $pid VmSwap) == "16 kB" ]] || fail "PID $pid VmSwap $(status_field $pid VmSwap)"
		[[ $(smaps_field $pid $A Swap) == "16 kB" ]] || fail "PID $pid Swap"
		[[ $(smaps_field $pid $A SwapPss) == "8 kB" ]] || fail "PID $pid SwapPss $(smaps_field $pid $A SwapPss)"
	done
	# Each slot is still used once (Used 16 kB), now held by two PTEs.
	[[ $(swap_used) == 16 ]] || fail "Used $(swap_used)"
	local in0=$(vmstat_val pswpin)
	must 3 touch $A 4K r
	assert_output "pages=1 faults=1 anon=0 zero=0 cow=0 reuse=0 shmem=0 major=1 swap=1"
	[[ $(meminfo_kb SwapCached) == 4 ]] || fail "SwapCached $(meminfo_kb SwapCached)"
	must 2 touch $A 4K r
	assert_output "pages=1 faults=1 anon=0 zero=0 cow=0 reuse=0 shmem=0 swap=1"
	(($(vmstat_val pswpin) == in0 + 1)) || fail "pswpin $in0 -> $(vmstat_val pswpin)"
	# One frame, shared copy-on-write.
	assert_cow_shared 2 3 $A
	# The parent's write copies; the child's then reuses the page,
	# which leaves the swap cache.
	must 2 touch $A 4K w
	assert_output "pages=1 faults=1 anon=0 zero=0 cow=1 reuse=0 shmem=0"
	must 3 touch $A 4K w
	assert_output "pages=1 faults=1 anon=0 zero=0 cow=0 reuse=1 shmem=0"
	[[ $(meminfo_kb SwapCached) == 0 ]] || fail "SwapCached $(meminfo_kb SwapCached)"
	[[ $(swap_used) == 12 ]] || fail "Used $(swap_used)"
	must 3 load $A 9
	assert_output 70616765207a65726f
}

@test "swap: pageout skips a page shared after fork, as Linux does" {
	four_pages
	must 2 fork
	must 2 madvise $A 16K pageout
	[[ $(status_field 2 VmSwap) == "0 kB" ]] || fail "VmSwap $(status_field 2 VmSwap)"
	[[ $(swapped 2 $A 4) == 0000 ]] || fail "pagemap: $(pagemap_entry 2 $A 4)"
	[[ $(vmstat_val pswpout) == 0 ]] || fail "pswpout $(vmstat_val pswpout)"
}

@test "swap: munmap, MADV_DONTNEED and exit free the slots" {
	four_pages
	must 2 madvise $A 16K pageout
	must 2 munmap $A 8K
	[[ $(swap_used) == 8 ]] || fail "Used $(swap_used) after munmap"
	[[ $(status_field 2 VmSwap) == "8 kB" ]] || fail "VmSwap $(status_field 2 VmSwap)"
	must 2 madvise $((A + 0x2000)) 4K dontneed
	[[ $(swap_used) == 4 ]] || fail "Used $(swap_used) after dontneed"
	must 2 touch $((A + 0x2000)) 4K r
	assert_output "pages=1 faults=1 anon=0 zero=1 cow=0 reuse=0 shmem=0"
	must 2 exit 0
	[[ $(swap_used) == 0 ]] || fail "Used $(swap_used) after exit"
	[[ $(meminfo_kb SwapFree) == 65532 ]] || fail "SwapFree $(meminfo_kb SwapFree)"
}

@test "swap: mremap moves swap entries; mprotect keeps them" {
	four_pages
	must 2 madvise $A 16K pageout
	must 2 mprotect $A 16K r--
	[[ $(swapped 2 $A 4) == 1111 ]] || fail "mprotect: $(pagemap_entry 2 $A 4)"
	must 2 mremap $A 16K 16K maymove fixed 0x7fffe0000000
	local B=$output
	[[ $(swapped 2 "$B" 4) == 1111 ]] || fail "mremap: $(pagemap_entry 2 "$B" 4)"
	must 2 load $((B + 0x1ff0)) 16
	assert_output 00112233445566778899aabbccddeeff
	[[ $(status_field 2 VmSwap) == "12 kB" ]] || fail "VmSwap $(status_field 2 VmSwap)"
}

@test "swap: kpageflags of a page in the swap cache: SWAPCACHE and SWAPBACKED" {
	four_pages
	must 2 madvise $A 16K pageout
	must 2 fork
	must 3 touch $A 4K r
	local pfn flags
	pfn=$(pagemap_pfn 3 $A)
	flags=$(kpage kpageflags "$pfn")
	((flags >> 13 & 1)) || fail "KPF_SWAPCACHE clear: $flags"
	((flags >> 14 & 1)) || fail "KPF_SWAPBACKED clear: $flags"
	((flags >> 12 & 1)) || fail "KPF_ANON clear: $flags"
}

@test "swap: madvise willneed reads swap entries into the swap cache; the touch is minor" {
	four_pages
	must 2 madvise $A 16K pageout
	must 2 madvise $A 16K willneed
	[[ $(vmstat_val pswpin) == 4 ]] || fail "pswpin $(vmstat_val pswpin)"
	[[ $(meminfo_kb SwapCached) == 16 ]] || fail "SwapCached $(meminfo_kb SwapCached)"
	[[ $(status_field 2 VmSwap) == "16 kB" ]] || fail "VmSwap $(status_field 2 VmSwap)"
	run -0 mm 2 mincore $A 16K
	assert_output 1111
	must 2 touch $A 16K r
	assert_output "pages=4 faults=4 anon=0 zero=0 cow=0 reuse=0 shmem=0 swap=4"
	[[ $(vmstat_val pgmajfault) == 0 ]] || fail "pgmajfault $(vmstat_val pgmajfault)"
	# Mapped now, and still cached (a read does not free the slot) ...
	[[ $(meminfo_kb SwapCached) == 16 ]] || fail "SwapCached $(meminfo_kb SwapCached)"
	[[ $(swap_used) == 16 ]] || fail "Used $(swap_used)"
	# ... until the mapping goes.
	must 2 munmap $A 16K
	[[ $(meminfo_kb SwapCached) == 0 ]] || fail "SwapCached $(meminfo_kb SwapCached)"
	[[ $(swap_used) == 0 ]] || fail "Used $(swap_used)"
}

@test "swap: a machine without --swap: pageout changes nothing" {
	mount_machine
	four_pages
	must 2 madvise $A 16K pageout
	[[ $(status_field 2 VmSwap) == "0 kB" ]] || fail "VmSwap $(status_field 2 VmSwap)"
	[[ $(status_field 2 VmRSS) == "16 kB" ]] || fail "VmRSS $(status_field 2 VmRSS)"
	[[ $(swapped 2 $A 4) == 0000 ]] || fail "pagemap: $(pagemap_entry 2 $A 4)"
	[[ $(vmstat_val pswpout) == 0 ]] || fail "pswpout"
	run -0 cat "$MMSIM_MOUNT/swaps"
	assert_output "$(printf 'Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority')"
	[[ $(meminfo_kb SwapTotal) == 0 ]] || fail "SwapTotal $(meminfo_kb SwapTotal)"
}

@test "swap: a full swap area: pageout stops at the last slot" {
	mount_machine --swap=16K
	four_pages
	must 2 madvise $A 16K pageout
	# 4 slots, the header among them: 3 pages go.
	[[ $(swapped 2 $A 4) == 1110 ]] || fail "pagemap: $(pagemap_entry 2 $A 4)"
	[[ $(meminfo_kb SwapFree) == 0 ]] || fail "SwapFree $(meminfo_kb SwapFree)"
	run -0 cat "$MMSIM_MOUNT/swaps"
	assert_line --index 1 "$(printf '/dev/zram0                              partition\t12\t\t12\t\t-2')"
}

@test "swap: the journal names --swap, and a replay needs it" {
	run -0 head -1 "$MMSIM_MOUNT/journal"
	assert_output --regexp ' --swap=67108864$'
}

@test "swap: a bad --swap is refused with a clear message, nothing mounted" {
	local dir v
	for v in abc -1 4K 2T 16X; do
		dir=$(mktemp -d)
		run "$MMSIMFS" --swap="$v" "$dir"
		assert_failure 1
		assert_output "mmsimfs: --swap=$v: not 0 or a size from 8K to 1024G (use e.g. 64M, 1G)"
		! mountpoint -q "$dir" || fail "--swap=$v mounted $dir"
		rmdir "$dir"
	done
}
