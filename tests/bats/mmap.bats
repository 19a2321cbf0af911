#!/usr/bin/env bats
# mmap.bats - the memory-map system calls on a real mount: placement,
# merging and splitting of VMAs, fixed mappings, mprotect, mlock, madvise,
# mremap, brk and stack growth, each checked in maps, smaps and status.

load helpers

setup() {
	mmsim_setup
	run -0 mm spawn
	assert_output 2
}
teardown() { mmsim_teardown; }

# maps_of PID: the maps file.
maps_of() {
	cat "$(view "$1" maps)"
}

# ---- placement and merging ----

@test "mmap 0 places top-down from mmap_base 0x7ffff7fff000" {
	run -0 mm 2 mmap 0 64K rw- private,anonymous
	assert_output 0x7ffff7fef000
	run -0 maps_of 2
	assert_output "$(maps_line 0x7ffff7fef000 0x7ffff7fff000 rw-p)
$(stack_line)"
	run -0 smaps_field 2 0x7ffff7fef000 VmFlags
	assert_output "rd wr mr mw me ac"
}

@test "an adjacent mmap with the same attributes extends the VMA" {
	must 2 mmap 0 64K rw- private,anonymous
	run -0 mm 2 mmap 0 16K rw- private,anonymous
	assert_output 0x7ffff7feb000
	run -0 maps_of 2
	assert_output "$(maps_line 0x7ffff7feb000 0x7ffff7fff000 rw-p)
$(stack_line)"
	run -0 smaps_field 2 0x7ffff7feb000 Size
	assert_output "80 kB"
}

@test "an adjacent mmap of a touched area still merges" {
	must 2 mmap 0 16K rw- private,anonymous
	must 2 touch 0x7ffff7ffb000 16K w
	must 2 mmap 0 16K rw- private,anonymous
	run -0 maps_of 2
	assert_output "$(maps_line 0x7ffff7ff7000 0x7ffff7fff000 rw-p)
$(stack_line)"
	run -0 smaps_field 2 0x7ffff7ff7000 Rss
	assert_output "16 kB"
}

@test "adjacent mmaps with different protections or flags do not merge" {
	must 2 mmap 0 16K rw- private,anonymous
	run -0 mm 2 mmap 0 16K r-- private,anonymous
	assert_output 0x7ffff7ff7000
	run -0 mm 2 mmap 0 16K rw- private,anonymous,noreserve
	assert_output 0x7ffff7ff3000
	run -0 maps_of 2
	assert_output "$(maps_line 0x7ffff7ff3000 0x7ffff7ff7000 rw-p)
$(maps_line 0x7ffff7ff7000 0x7ffff7ffb000 r--p)
$(maps_line 0x7ffff7ffb000 0x7ffff7fff000 rw-p)
$(stack_line)"
	run -0 smaps_field 2 0x7ffff7ff7000 VmFlags
	assert_output "rd mr mw me"
	run -0 smaps_field 2 0x7ffff7ff3000 VmFlags
	assert_output "rd wr mr mw me nr"
}

@test "a free hint address is honoured; a taken one falls back top-down" {
	run -0 mm 2 mmap 0x10000000 16K rw- private,anonymous
	assert_output 0x10000000
	run -0 mm 2 mmap 0x10000000 16K r-- private,anonymous
	assert_output 0x7ffff7ffb000
}

@test "mmap flags: populate, locked, shared, growsdown" {
	run -0 mm 2 mmap 0 16K rw- private,anonymous,populate
	assert_output 0x7ffff7ffb000
	run -0 smaps_field 2 0x7ffff7ffb000 Rss
	assert_output "16 kB"
	run -0 smaps_field 2 0x7ffff7ffb000 Anonymous
	assert_output "16 kB"

	run -0 mm 2 mmap 0 16K r-- private,anonymous,locked
	assert_output 0x7ffff7ff7000
	run -0 smaps_field 2 0x7ffff7ff7000 VmFlags
	assert_output "rd mr mw me lo"
	run -0 smaps_field 2 0x7ffff7ff7000 Locked
	assert_output "$(smaps_field 2 0x7ffff7ff7000 Rss)"

	run -0 mm 2 mmap 0 16K rw- shared,anonymous
	assert_output 0x7ffff7ff3000
	run -0 smaps_field 2 0x7ffff7ff3000 VmFlags
	assert_output "rd wr sh mr mw me ms"
	run -0 grep '^7ffff7ff3000-' "$(view 2 maps)"
	assert_regex "$output" '^7ffff7ff3000-7ffff7ff7000 rw-s 00000000 00:01 [0-9]+ +/dev/zero \(deleted\)$'

	run -0 mm 2 mmap 0 16K rw- private,anonymous,growsdown
	assert_output 0x7ffff7fef000
	run -0 smaps_field 2 0x7ffff7fef000 VmFlags
	assert_output "rd wr mr mw me gd ac"
	run -0 status_field 2 VmStk
	assert_output "148 kB"
}

@test "placement keeps the stack guard gap below a growsdown mapping" {
	run -0 mm 2 mmap 0 16K rw- private,anonymous,growsdown
	assert_output 0x7ffff7ffb000
	# vm_start_gap(): 256 pages below a VM_GROWSDOWN VMA stay free.
	run -0 mm 2 mmap 0 16K rw- private,anonymous
	assert_output 0x7ffff7ef7000
}

@test "mmap fixed maps at the address and replaces what was there" {
	must 2 mmap 0 64K rw- private,anonymous
	must 2 touch 0x7ffff7fef000 64K w
	run -0 mm 2 mmap 0x7ffff7ff3000 16K r-- private,anonymous,fixed
	assert_output 0x7ffff7ff3000
	run -0 maps_of 2
	assert_output "$(maps_line 0x7ffff7fef000 0x7ffff7ff3000 rw-p)
$(maps_line 0x7ffff7ff3000 0x7ffff7ff7000 r--p)
$(maps_line 0x7ffff7ff7000 0x7ffff7fff000 rw-p)
$(stack_line)"
	run -0 smaps_field 2 0x7ffff7ff3000 Rss
	assert_output "0 kB"
	run -0 status_field 2 RssAnon
	assert_output "48 kB"
	run -0 mm 2 load 0x7ffff7ff3000 4
	assert_output 00000000
}

@test "mmap fixed_noreplace maps on free space" {
	run -0 mm 2 mmap 0x7ffff0000000 16K rw- private,anonymous,fixed_noreplace
	assert_output 0x7ffff0000000
	run -0 maps_of 2
	assert_output "$(maps_line 0x7ffff0000000 0x7ffff0004000 rw-p)
$(stack_line)"
}

@test "mmap fixed_noreplace over a mapping fails EEXIST" {
	must 2 mmap 0x7ffff0000000 16K rw- private,anonymous,fixed
	fails_unchanged 2 EEXIST 'mmap: .+' mmap 0x7ffff0002000 16K rw- private,anonymous,fixed_noreplace
}

# ---- munmap ----

@test "munmap in the middle splits the VMA" {
	must 2 mmap 0 64K rw- private,anonymous
	run -0 mm 2 munmap 0x7ffff7ff3000 8K
	assert_output ""
	run -0 maps_of 2
	assert_output "$(maps_line 0x7ffff7fef000 0x7ffff7ff3000 rw-p)
$(maps_line 0x7ffff7ff5000 0x7ffff7fff000 rw-p)
$(stack_line)"
	run -0 status_field 2 VmSize
	assert_output "188 kB"
}

@test "munmap across several VMAs removes them all" {
	must 2 mmap 0 16K rw- private,anonymous
	must 2 mmap 0 16K r-- private,anonymous
	must 2 mmap 0 16K rw- private,anonymous,noreserve
	must 2 munmap 0x7ffff7ff5000 32K
	run -0 maps_of 2
	assert_output "$(maps_line 0x7ffff7ff3000 0x7ffff7ff5000 rw-p)
$(maps_line 0x7ffff7ffd000 0x7ffff7fff000 rw-p)
$(stack_line)"
}

@test "munmap of a range that holds no mapping succeeds and changes nothing" {
	must 2 mmap 0 16K rw- private,anonymous
	local before
	before=$(memory_snapshot 2)
	run -0 mm 2 munmap 0x7ffff0000000 64K
	assert_output ""
	assert_equal "$(memory_snapshot 2)" "$before"
}

@test "munmap frees the pages it unmaps" {
	must 2 mmap 0 16K rw- private,anonymous
	local anon
	anon=$(meminfo_kb AnonPages)
	must 2 touch 0x7ffff7ffb000 16K w
	assert_equal "$(meminfo_kb AnonPages)" "$((anon + 16))"
	must 2 munmap 0x7ffff7ffb000 16K
	assert_equal "$(meminfo_kb AnonPages)" "$anon"
	run -0 maps_of 2
	assert_output "$(stack_line)"
}

# ---- mprotect ----

@test "mprotect of the middle splits into three VMAs and merges back" {
	must 2 mmap 0 64K rw- private,anonymous
	run -0 mm 2 mprotect 0x7ffff7ff3000 16K r--
	assert_output ""
	run -0 maps_of 2
	assert_output "$(maps_line 0x7ffff7fef000 0x7ffff7ff3000 rw-p)
$(maps_line 0x7ffff7ff3000 0x7ffff7ff7000 r--p)
$(maps_line 0x7ffff7ff7000 0x7ffff7fff000 rw-p)
$(stack_line)"
	# Never faulted (no anon_vma): read-only again, it is unaccounted,
	# as mprotect_fixup() does since Linux 6.2.
	run -0 smaps_field 2 0x7ffff7ff3000 VmFlags
	assert_output "rd mr mw me"
	must 2 mprotect 0x7ffff7ff3000 16K rw-
	run -0 maps_of 2
	assert_output "$(maps_line 0x7ffff7fef000 0x7ffff7fff000 rw-p)
$(stack_line)"
	run -0 smaps_field 2 0x7ffff7fef000 VmFlags
	assert_output "rd wr mr mw me ac"
}

@test "mprotect of a faulted VMA keeps VM_ACCOUNT and merges back" {
	must 2 mmap 0 64K rw- private,anonymous
	must 2 touch 0x7ffff7fef000 4K w
	must 2 mprotect 0x7ffff7ff3000 16K r--
	run -0 smaps_field 2 0x7ffff7ff3000 VmFlags
	assert_output "rd mr mw me ac"
	must 2 mprotect 0x7ffff7ff3000 16K rw-
	run -0 maps_of 2
	assert_output "$(maps_line 0x7ffff7fef000 0x7ffff7fff000 rw-p)
$(stack_line)"
}

@test "mprotect to --- and r-x shows in maps and VmFlags" {
	must 2 mmap 0 16K rw- private,anonymous
	must 2 mprotect 0x7ffff7ffb000 4K ---
	must 2 mprotect 0x7ffff7ffc000 4K r-x
	run -0 maps_of 2
	assert_output "$(maps_line 0x7ffff7ffb000 0x7ffff7ffc000 ---p)
$(maps_line 0x7ffff7ffc000 0x7ffff7ffd000 r-xp)
$(maps_line 0x7ffff7ffd000 0x7ffff7fff000 rw-p)
$(stack_line)"
	run -0 smaps_field 2 0x7ffff7ffb000 VmFlags
	assert_output "mr mw me"
	run -0 smaps_field 2 0x7ffff7ffc000 VmFlags
	assert_output "rd ex mr mw me"
}

@test "mprotect makes written pages read-only: a write faults SEGV_ACCERR" {
	must 2 mmap 0 16K rw- private,anonymous
	must 2 store 0x7ffff7ffb000 '"data"'
	must 2 mprotect 0x7ffff7ffb000 16K r--
	run -0 mm 2 load 0x7ffff7ffb000 4
	assert_output 64617461
	run -4 mm 2 touch 0x7ffff7ffb000 4K w
	assert_output "SIGSEGV SEGV_ACCERR 0x7ffff7ffb000"
}

# ---- mlock ----

@test "mlock splits, faults the range in, and shows Locked and VmLck" {
	must 2 mmap 0 64K rw- private,anonymous
	run -0 mm 2 mlock 0x7ffff7fef000 8K
	assert_output ""
	run -0 maps_of 2
	assert_output "$(maps_line 0x7ffff7fef000 0x7ffff7ff1000 rw-p)
$(maps_line 0x7ffff7ff1000 0x7ffff7fff000 rw-p)
$(stack_line)"
	run -0 smaps_field 2 0x7ffff7fef000 VmFlags
	assert_output "rd wr mr mw me lo ac"
	run -0 smaps_field 2 0x7ffff7fef000 Rss
	assert_output "8 kB"
	run -0 smaps_field 2 0x7ffff7fef000 Locked
	assert_output "8 kB"
	run -0 smaps_field 2 0x7ffff7ff1000 Locked
	assert_output "0 kB"
	run -0 status_field 2 VmLck
	assert_output "8 kB"
}

@test "munlock merges back; VmLck drops, the pages stay" {
	must 2 mmap 0 64K rw- private,anonymous
	must 2 mlock 0x7ffff7fef000 8K
	run -0 mm 2 munlock 0x7ffff7fef000 8K
	assert_output ""
	run -0 maps_of 2
	assert_output "$(maps_line 0x7ffff7fef000 0x7ffff7fff000 rw-p)
$(stack_line)"
	run -0 smaps_field 2 0x7ffff7fef000 Locked
	assert_output "0 kB"
	run -0 smaps_field 2 0x7ffff7fef000 Rss
	assert_output "8 kB"
	run -0 status_field 2 VmLck
	assert_output "0 kB"
}

@test "mmap locked populates and counts in VmLck and meminfo Mlocked" {
	local mlocked
	mlocked=$(meminfo_kb Mlocked)
	run -0 mm 2 mmap 0 16K rw- private,anonymous,locked
	assert_output 0x7ffff7ffb000
	run -0 smaps_field 2 0x7ffff7ffb000 VmFlags
	assert_output "rd wr mr mw me lo ac"
	run -0 smaps_field 2 0x7ffff7ffb000 Rss
	assert_output "16 kB"
	run -0 smaps_field 2 0x7ffff7ffb000 Locked
	assert_output "16 kB"
	run -0 status_field 2 VmLck
	assert_output "16 kB"
	assert_equal "$(meminfo_kb Mlocked)" "$((mlocked + 16))"
}

# unevictable_counts: vmstat's unevictable_pgs_* counters, in one line.
unevictable_counts() {
	local c out=
	for c in culled scanned rescued mlocked munlocked cleared stranded; do
		out+="$c=$(vmstat_val unevictable_pgs_$c) "
	done
	echo "${out% }"
}

@test "vmstat unevictable_pgs_* count mlock, faults into locked memory, munlock, COW and munmap as Linux once its mlock batch is drained" {
	run -0 unevictable_counts
	assert_output "culled=0 scanned=0 rescued=0 mlocked=0 munlocked=0 cleared=0 stranded=0"
	must 2 mmap 0 16K rw- private,anonymous
	must 2 touch 0x7ffff7ffb000 8K w
	# 2 present pages move to the unevictable list, 2 are born there.
	must 2 mlock 0x7ffff7ffb000 16K
	run -0 unevictable_counts
	assert_output "culled=4 scanned=0 rescued=0 mlocked=4 munlocked=0 cleared=0 stranded=0"
	# Locked again: nothing to count.
	must 2 mlock 0x7ffff7ffb000 16K
	must 2 munlock 0x7ffff7ffb000 4K
	run -0 unevictable_counts
	assert_output "culled=4 scanned=0 rescued=1 mlocked=4 munlocked=1 cleared=0 stranded=0"
	# The parent's COW write: a new locked page, the old one munlocked
	# (the child keeps it); the child's exit counts nothing.
	run -0 mm 2 fork
	assert_output 3
	must 2 touch 0x7ffff7ffc000 4K w
	run -0 unevictable_counts
	assert_output "culled=5 scanned=0 rescued=2 mlocked=5 munlocked=2 cleared=0 stranded=0"
	must 3 exit
	# munmap of the 3 locked pages munlocks them before they are freed.
	must 2 munmap 0x7ffff7ffb000 16K
	run -0 unevictable_counts
	assert_output "culled=5 scanned=0 rescued=5 mlocked=5 munlocked=5 cleared=0 stranded=0"
}

# ---- madvise ----

@test "madvise dontneed drops the pages; they read back as zeros" {
	must 2 mmap 0 16K rw- private,anonymous
	must 2 store 0x7ffff7ffb000 '"abc"'
	must 2 touch 0x7ffff7ffb000 16K w
	run -0 mm 2 madvise 0x7ffff7ffb000 8K dontneed
	assert_output ""
	run -0 smaps_field 2 0x7ffff7ffb000 Rss
	assert_output "8 kB"
	run -0 pagemap_entry 2 0x7ffff7ffb000 4
	assert_line -n 0 "present=0 swapped=0 file=0 exclusive=0 softdirty=0 pfn=0"
	assert_line -n 1 "present=0 swapped=0 file=0 exclusive=0 softdirty=0 pfn=0"
	assert_line -n 2 --regexp '^present=1 swapped=0 file=0 exclusive=1 softdirty=0 pfn=[1-9][0-9]*$'
	assert_line -n 3 --regexp '^present=1 swapped=0 file=0 exclusive=1 softdirty=0 pfn=[1-9][0-9]*$'
	run -0 mm 2 load 0x7ffff7ffb000 3
	assert_output 000000
	run -0 maps_of 2
	assert_output "$(maps_line 0x7ffff7ffb000 0x7ffff7fff000 rw-p)
$(stack_line)"
}

@test "madvise free makes the pages clean and old but keeps them" {
	must 2 mmap 0 16K rw- private,anonymous
	must 2 touch 0x7ffff7ffb000 16K w
	must 2 store 0x7ffff7ffb000 0x01
	run -0 mm 2 madvise 0x7ffff7ffb000 8K free
	assert_output ""
	run -0 smaps_field 2 0x7ffff7ffb000 Rss
	assert_output "16 kB"
	run -0 smaps_field 2 0x7ffff7ffb000 Private_Clean
	assert_output "8 kB"
	run -0 smaps_field 2 0x7ffff7ffb000 Private_Dirty
	assert_output "8 kB"
	run -0 smaps_field 2 0x7ffff7ffb000 Pss_Dirty
	assert_output "8 kB"
	run -0 smaps_field 2 0x7ffff7ffb000 Referenced
	assert_output "8 kB"
	# Nothing reclaimed them: the data is still there.
	run -0 mm 2 load 0x7ffff7ffb000 1
	assert_output 01
}

@test "madvise dontfork and dofork set and clear VM_DONTCOPY, splitting and merging" {
	must 2 mmap 0 64K rw- private,anonymous
	must 2 madvise 0x7ffff7fef000 16K dontfork
	run -0 maps_of 2
	assert_output "$(maps_line 0x7ffff7fef000 0x7ffff7ff3000 rw-p)
$(maps_line 0x7ffff7ff3000 0x7ffff7fff000 rw-p)
$(stack_line)"
	run -0 smaps_field 2 0x7ffff7fef000 VmFlags
	assert_output "rd wr mr mw me dc ac"
	must 2 madvise 0x7ffff7fef000 16K dofork
	run -0 maps_of 2
	assert_output "$(maps_line 0x7ffff7fef000 0x7ffff7fff000 rw-p)
$(stack_line)"
	run -0 smaps_field 2 0x7ffff7fef000 VmFlags
	assert_output "rd wr mr mw me ac"
}

@test "madvise wipeonfork and keeponfork set and clear VM_WIPEONFORK" {
	must 2 mmap 0 16K rw- private,anonymous
	must 2 madvise 0x7ffff7ffb000 16K wipeonfork
	run -0 smaps_field 2 0x7ffff7ffb000 VmFlags
	assert_output "rd wr mr mw me ac wf"
	must 2 madvise 0x7ffff7ffb000 16K keeponfork
	run -0 smaps_field 2 0x7ffff7ffb000 VmFlags
	assert_output "rd wr mr mw me ac"
}

@test "madvise willneed and pageout change nothing without swap" {
	must 2 mmap 0 16K rw- private,anonymous
	must 2 touch 0x7ffff7ffb000 16K w
	local before
	before=$(memory_snapshot 2)
	run -0 mm 2 madvise 0x7ffff7ffb000 16K willneed
	assert_output ""
	assert_equal "$(memory_snapshot 2)" "$before"
	run -0 mm 2 madvise 0x7ffff7ffb000 16K pageout
	assert_output ""
	run -0 smaps_field 2 0x7ffff7ffb000 Rss
	assert_output "16 kB"
	run -0 smaps_field 2 0x7ffff7ffb000 Anonymous
	assert_output "16 kB"
	run -0 mm 2 touch 0x7ffff7ffb000 16K r
	assert_output "pages=4 faults=0 anon=0 zero=0 cow=0 reuse=0 shmem=0"
}

@test "madvise pageout discards lazily freed pages and takes them off the file LRU" {
	# MADV_FREE moves clean anonymous pages to the inactive file list;
	# pageout drops them (pglazyfreed), and their last reference takes
	# them off that list. The CI stress failure of c56641b: the page was
	# freed with its PTE's reference, still counted in nr_inactive_file.
	must 2 mmap 0 16K rw- private,anonymous
	must 2 touch 0x7ffff7ffb000 16K w
	local file lazyfreed
	file=$(vmstat_val nr_inactive_file)
	lazyfreed=$(vmstat_val pglazyfreed)
	must 2 madvise 0x7ffff7ffb000 8K free
	assert_equal "$(vmstat_val nr_inactive_file)" "$((file + 2))"
	must 2 madvise 0x7ffff7ffb000 16K pageout
	assert_check_ok
	assert_equal "$(vmstat_val nr_inactive_file)" "$file"
	assert_equal "$(vmstat_val pglazyfreed)" "$((lazyfreed + 2))"
	run -0 smaps_field 2 0x7ffff7ffb000 Rss
	assert_output "8 kB"
	run -0 mm 2 load 0x7ffff7ffb000 1
	assert_output 00
}

@test "madvise cold clears the referenced bits of the range" {
	must 2 mmap 0 16K rw- private,anonymous
	must 2 touch 0x7ffff7ffb000 16K w
	run -0 mm 2 madvise 0x7ffff7ffb000 8K cold
	assert_output ""
	run -0 smaps_field 2 0x7ffff7ffb000 Referenced
	assert_output "8 kB"
	run -0 smaps_field 2 0x7ffff7ffb000 Rss
	assert_output "16 kB"
}

# ---- mremap ----

@test "mremap grows a mapping in place" {
	must 2 mmap 0x7ffff0000000 16K rw- private,anonymous,fixed
	must 2 store 0x7ffff0000000 '"keep"'
	run -0 mm 2 mremap 0x7ffff0000000 16K 32K
	assert_output 0x7ffff0000000
	run -0 maps_of 2
	assert_output "$(maps_line 0x7ffff0000000 0x7ffff0008000 rw-p)
$(stack_line)"
	run -0 mm 2 load 0x7ffff0000000 4
	assert_output 6b656570
}

@test "mremap shrinks a mapping and frees its tail" {
	must 2 mmap 0x7ffff0000000 32K rw- private,anonymous,fixed
	must 2 touch 0x7ffff0000000 32K w
	run -0 mm 2 mremap 0x7ffff0000000 32K 8K
	assert_output 0x7ffff0000000
	run -0 maps_of 2
	assert_output "$(maps_line 0x7ffff0000000 0x7ffff0002000 rw-p)
$(stack_line)"
	run -0 status_field 2 RssAnon
	assert_output "8 kB"
}

@test "mremap cannot grow into a neighbour without maymove; with it, it moves" {
	must 2 mmap 0x7ffff0000000 16K rw- private,anonymous,fixed
	must 2 mmap 0x7ffff0004000 4K r-- private,anonymous,fixed
	must 2 store 0x7ffff0000000 '"hello"'
	fails_unchanged 2 ENOMEM 'mremap: .+' mremap 0x7ffff0000000 16K 32K
	run -0 mm 2 mremap 0x7ffff0000000 16K 32K maymove
	assert_output 0x7ffff7ff7000
	run -0 maps_of 2
	assert_output "$(maps_line 0x7ffff0004000 0x7ffff0005000 r--p)
$(maps_line 0x7ffff7ff7000 0x7ffff7fff000 rw-p)
$(stack_line)"
	run -0 mm 2 load 0x7ffff7ff7000 5
	assert_output 68656c6c6f
	run -0 status_field 2 RssAnon
	assert_output "4 kB"
}

@test "mremap maymove fixed moves to the given address" {
	must 2 mmap 0x7ffff0000000 16K rw- private,anonymous,fixed
	must 2 store 0x7ffff0001000 '"moved"'
	run -0 mm 2 mremap 0x7ffff0000000 16K 16K maymove fixed 0x7ffff1000000
	assert_output 0x7ffff1000000
	run -0 maps_of 2
	assert_output "$(maps_line 0x7ffff1000000 0x7ffff1004000 rw-p)
$(stack_line)"
	run -0 mm 2 load 0x7ffff1001000 5
	assert_output 6d6f766564
}

# ---- brk ----

@test "brk reports the break; a fresh process has no [heap]" {
	run -0 mm 2 brk
	assert_output 0x555555559000
	run -1 grep -c heap "$(view 2 maps)"
	assert_output 0
}

@test "brk grows a [heap] VMA and shrinks it" {
	run -0 mm 2 brk 0x55555555d000
	assert_output 0x55555555d000
	run -0 maps_of 2
	assert_output "$(maps_line 0x555555559000 0x55555555d000 rw-p 00000000 00:00 0 '[heap]')
$(stack_line)"
	run -0 smaps_field 2 0x555555559000 VmFlags
	assert_output "rd wr mr mw me ac"
	run -0 status_field 2 VmData
	assert_output "16 kB"
	run -0 mm 2 brk 0x55555555a000
	assert_output 0x55555555a000
	run -0 maps_of 2
	assert_output "$(maps_line 0x555555559000 0x55555555a000 rw-p 00000000 00:00 0 '[heap]')
$(stack_line)"
	run -0 mm 2 brk 0x555555559000
	assert_output 0x555555559000
	run -0 maps_of 2
	assert_output "$(stack_line)"
}

@test "brk shrink frees the pages: regrown memory reads zeros" {
	must 2 brk 0x55555555d000
	must 2 store 0x55555555c000 '"x"'
	must 2 brk 0x55555555a000
	must 2 brk 0x55555555d000
	run -0 mm 2 load 0x55555555c000 1
	assert_output 00
}

@test "brk below the start of the heap is refused: the break stays" {
	must 2 brk 0x55555555b000
	run -0 mm 2 brk 0x1000
	assert_output 0x55555555b000
	run -0 mm 2 brk
	assert_output 0x55555555b000
}

# ---- the stack ----

@test "a touch below [stack] grows the stack" {
	run -0 mm 2 touch 0x7ffffffdd000 4K w
	assert_output "pages=1 faults=1 anon=1 zero=0 cow=0 reuse=0 shmem=0"
	run -0 maps_of 2
	assert_output "$(maps_line 0x7ffffffdd000 $STACK_END rw-p 00000000 00:00 0 '[stack]')"
	run -0 status_field 2 VmStk
	assert_output "136 kB"
	run -0 smaps_field 2 0x7ffffffdd000 VmFlags
	assert_output "rd wr mr mw me gd ac"
}

@test "the stack guard gap stops growth next to a mapping: SEGV_MAPERR" {
	must 2 mmap 0x7ffffffd0000 16K rw- private,anonymous,fixed
	run -4 mm 2 touch 0x7ffffffdd000 4K w
	assert_output "SIGSEGV SEGV_MAPERR 0x7ffffffdd000"
	[[ ! -e $MMSIM_MOUNT/2 ]] || fail "process 2 survived its SIGSEGV"
}

@test "the stack grows up to RLIMIT_STACK (8M) and no further" {
	# [stack] ends at 0x7ffffffff000: 8M below is its largest size.
	run -0 mm 2 touch 0x7fffff7ff000 4K w
	assert_output "pages=1 faults=1 anon=1 zero=0 cow=0 reuse=0 shmem=0"
	run -0 status_field 2 VmStk
	assert_output "8192 kB"
	run -0 mm spawn
	assert_output 3
	run -4 mm 3 touch 0x7fffff7fe000 4K w
	assert_output "SIGSEGV SEGV_MAPERR 0x7fffff7fe000"
}

@test "brk must leave a page free below the next mapping" {
	must 2 mmap 0x55555555b000 4K r-- private,anonymous,fixed
	run -0 mm 2 brk 0x55555555a000
	assert_output 0x55555555a000
	# newbrk + PAGE_SIZE would reach the mapping: refused, as in brk(2).
	run -0 mm 2 brk 0x55555555b000
	assert_output 0x55555555a000
	run -0 maps_of 2
	assert_output "$(maps_line 0x555555559000 0x55555555a000 rw-p 00000000 00:00 0 '[heap]')
$(maps_line 0x55555555b000 0x55555555c000 r--p)
$(stack_line)"
}

@test "VMAs with different anon_vmas do not merge, even when adjacent" {
	must 2 mmap 0x7ffff0000000 16K rw- private,anonymous,fixed
	must 2 touch 0x7ffff0000000 16K w
	must 2 mmap 0x7ffff1000000 16K rw- private,anonymous,fixed
	must 2 touch 0x7ffff1000000 16K w
	run -0 mm 2 mremap 0x7ffff1000000 16K 16K maymove fixed 0x7ffff0004000
	assert_output 0x7ffff0004000
	run -0 maps_of 2
	assert_output "$(maps_line 0x7ffff0000000 0x7ffff0004000 rw-p)
$(maps_line 0x7ffff0004000 0x7ffff0008000 rw-p)
$(stack_line)"
}
