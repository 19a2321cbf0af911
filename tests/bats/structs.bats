#!/usr/bin/env bats
# structs.bats - the struct views (issue 11): PID/mm_struct,
# PID/vm_area_structs and PID/anon_vmas, the engine's structures under the
# kernel's field names with vtop's kernel addresses, and PID/paging, the
# bytes of page tables each paging scheme of the lecture (seed 001) needs.

load helpers

setup() { mmsim_setup; }
teardown() { mmsim_teardown; }

# field PID FILE NAME: the value of the first "NAME: value" line of FILE.
field() {
	sed -n "s/^$3: //p" "$(view "$1" "$2")" | head -n1
}

# The root anon_vma and its first child, at vtop's rule (+ serial * 256).
AV0=0xffff888100000000
AV1=0xffff888100000100

# ---- mm_struct ----

@test "mm_struct: a spawned process's fields, one name: value a line" {
	must spawn
	must 2 mmap 0 64K rw- private,anonymous
	must 2 touch 0x7ffff7fef000 16K w
	run -0 cat "$(view 2 mm_struct)"
	assert_output 'mm_struct: 0xffff888000008640
mmap: 0xffff888000002180 (7ffff7fef000-7ffff7fff000)
mm_rb: 0xffff8880000020c0 (7ffffffde000-7ffffffff000)
mmap_cache: 0xffff888000002180 (7ffff7fef000-7ffff7fff000)
mmap_base: 0x7ffff7fff000
task_size: 0x7ffffffff000
highest_vm_end: 0x7ffffffff000
pgd: 0xffff888000003000
pgd_pa: 0x3000
mm_users: 1
mm_count: 1
map_count: 2
hiwater_rss: 0
hiwater_vm: 33
total_vm: 49
locked_vm: 0
pinned_vm: 0
data_vm: 16
exec_vm: 0
stack_vm: 33
def_flags: 0x0
start_code: 0x0
end_code: 0x0
start_data: 0x0
end_data: 0x0
start_brk: 0x555555559000
brk: 0x555555559000
start_stack: 0x7fffffffe000
arg_start: 0x0
arg_end: 0x0
env_start: 0x0
env_end: 0x0
rss_stat[MM_FILEPAGES]: 0
rss_stat[MM_ANONPAGES]: 4
rss_stat[MM_SWAPENTS]: 0
rss_stat[MM_SHMEMPAGES]: 0
pgtables_bytes: 12288'
	run -0 stat -c '%A' "$(view 2 mm_struct)"
	assert_output -r--------
}

@test "mm_struct: pgd is vtop's top table; map_count is maps' line count; total_vm is VmSize" {
	must spawn
	must 2 mmap 0 8K rw- private,anonymous
	must 2 mmap 0 4K r-- private,anonymous
	must 2 touch 0x7ffff7ffd000 4K w
	# vtop's "   PGD: 37f8 => ...": the table at pgd_pa, entry 255 (8 bytes each).
	run -0 mm 2 vtop 0x7ffff7ffd000
	assert_line --partial "   PGD: $(printf '%x' $(( $(field 2 mm_struct pgd_pa) + 255 * 8 ))) => "
	assert_equal "$(field 2 mm_struct pgd)" "0xffff888000003000"
	assert_equal "$(field 2 mm_struct map_count)" "$(wc -l < "$(view 2 maps)")"
	assert_equal "$(field 2 mm_struct map_count)" 3
	run -0 status_field 2 VmSize
	assert_output "$(( $(field 2 mm_struct total_vm) * 4 )) kB"
	run -0 status_field 2 RssAnon
	assert_output "$(( $(field 2 mm_struct 'rss_stat\[MM_ANONPAGES\]') * 4 )) kB"
}

@test "mm_struct: fork gives the child its own mm with the same layout; brk moves brk only" {
	must spawn
	must 2 brk 0x55555555b000
	must 2 fork
	assert_equal "$(field 3 mm_struct start_brk)" 0x555555559000
	assert_equal "$(field 3 mm_struct brk)" 0x55555555b000
	assert_equal "$(field 2 mm_struct brk)" 0x55555555b000
	[[ $(field 2 mm_struct pgd) != "$(field 3 mm_struct pgd)" ]] ||
		fail "parent and child share a pgd"
	assert_equal "$(field 2 mm_struct mm_users)" 1
	assert_equal "$(field 3 mm_struct mm_users)" 1
}

@test "mm_struct: a thread shares the mm: mm_users 2, one mm_struct address" {
	must spawn
	run -0 mm 2 clone vm,thread,sighand,files
	local tid=$output
	assert_equal "$(field 2 mm_struct mm_users)" 2
	run -0 cat "$MMSIM_MOUNT/2/task/$tid/mm_struct"
	assert_output "$(cat "$(view 2 mm_struct)")"
}

@test "struct views of a zombie are empty, as its mm is gone; of no process ENOENT" {
	must spawn
	must 2 fork
	must 3 exit
	local f
	for f in mm_struct vm_area_structs anon_vmas paging; do
		run -0 cat "$MMSIM_MOUNT/3/$f"
		assert_output ''
	done
	run -1 cat "$MMSIM_MOUNT/9/mm_struct"
	assert_output --partial 'No such file or directory'
}

# ---- vm_area_structs ----

@test "vm_area_structs: an anonymous VMA and the stack, with flags by name" {
	must spawn
	must 2 mmap 0 64K rw- private,anonymous
	must 2 touch 0x7ffff7fef000 4K w
	run -0 cat "$(view 2 vm_area_structs)"
	assert_output "vm_area_struct: 0xffff888000002180
vm_mm: 0xffff888000008640
vm_start: 0x7ffff7fef000
vm_end: 0x7ffff7fff000
vm_flags: 0x100073 VM_READ|VM_WRITE|VM_MAYREAD|VM_MAYWRITE|VM_MAYEXEC|VM_ACCOUNT
vm_page_prot: 0x8000000000000025
vm_pgoff: 0x7ffff7fef
vm_file: NULL
anon_vma: $AV0
vm_ops: NULL
anon_vma_chain: $AV0

vm_area_struct: 0xffff8880000020c0
vm_mm: 0xffff888000008640
vm_start: 0x7ffffffde000
vm_end: 0x7ffffffff000
vm_flags: 0x100173 VM_READ|VM_WRITE|VM_MAYREAD|VM_MAYWRITE|VM_MAYEXEC|VM_GROWSDOWN|VM_ACCOUNT
vm_page_prot: 0x8000000000000025
vm_pgoff: 0x7ffffffde
vm_file: NULL
anon_vma: NULL
vm_ops: NULL
anon_vma_chain: (empty)"
	run -0 stat -c '%A' "$(view 2 vm_area_structs)"
	assert_output -r--------
}

@test "vm_area_structs: one block per maps line; vm_flags names are smaps' VmFlags" {
	must spawn
	must 2 mmap 0 8K r-x private,anonymous
	must 2 mmap 0 8K rw- shared,anonymous
	must 2 mmap 0 4K --- private,anonymous
	must 2 mlock 0x7ffff7ffd000 4K
	assert_equal "$(grep -c '^vm_start:' "$(view 2 vm_area_structs)")" \
		"$(wc -l < "$(view 2 maps)")"
	# VM_* names to smaps' mnemonics (fs/proc/task_mmu.c's table).
	local -A mn=([VM_READ]=rd [VM_WRITE]=wr [VM_EXEC]=ex [VM_SHARED]=sh
		[VM_MAYREAD]=mr [VM_MAYWRITE]=mw [VM_MAYEXEC]=me [VM_MAYSHARE]=ms
		[VM_GROWSDOWN]=gd [VM_LOCKED]=lo [VM_DONTEXPAND]=de
		[VM_ACCOUNT]=ac [VM_NORESERVE]=nr [VM_SOFTDIRTY]=sd
		[VM_DONTCOPY]=dc [VM_DONTDUMP]=dd)
	local names want got n
	mapfile -t names < <(sed -n 's/^vm_flags: 0x[0-9a-f]* //p' "$(view 2 vm_area_structs)")
	mapfile -t got < <(sed -n 's/^VmFlags: //p' "$(view 2 smaps)")
	assert_equal "${#names[@]}" 5
	for i in "${!names[@]}"; do
		want=
		for n in ${names[$i]//|/ }; do
			[[ -n ${mn[$n]:-} ]] || fail "no mnemonic for $n"
			want+="${mn[$n]} "
		done
		assert_equal "$want" "${got[$i]}"
	done
	# The shared anonymous mapping is shmem's; mlock split off a VM_LOCKED VMA.
	run -0 grep -A7 '^vm_start: 0x7ffff7ffb000' "$(view 2 vm_area_structs)"
	assert_line 'vm_flags: 0xfb VM_READ|VM_WRITE|VM_SHARED|VM_MAYREAD|VM_MAYWRITE|VM_MAYEXEC|VM_MAYSHARE'
	assert_line 'vm_file: /dev/zero (deleted)'
	assert_line 'vm_ops: shmem_anon_vm_ops'
	run -0 grep -A2 '^vm_start: 0x7ffff7ffd000' "$(view 2 vm_area_structs)"
	assert_line 'vm_flags: 0x2075 VM_READ|VM_EXEC|VM_MAYREAD|VM_MAYWRITE|VM_MAYEXEC|VM_LOCKED'
}

@test "vm_area_structs: fork gives the child's VMA two avcs, its own anon_vma first" {
	must spawn
	must 2 mmap 0 64K rw- private,anonymous
	must 2 touch 0x7ffff7fef000 16K w
	must 2 fork
	must 3 touch 0x7ffff7fef000 4K w
	run -0 grep -A10 '^vm_start: 0x7ffff7fef000' "$(view 2 vm_area_structs)"
	assert_line "anon_vma: $AV0"
	assert_line "anon_vma_chain: $AV0"
	run -0 grep -A10 '^vm_start: 0x7ffff7fef000' "$(view 3 vm_area_structs)"
	assert_line "anon_vma: $AV1"
	assert_line "anon_vma_chain: $AV1 $AV0"
	# The stack never faulted: no anon_vma on either side.
	run -0 grep -A10 '^vm_start: 0x7ffffffde000' "$(view 3 vm_area_structs)"
	assert_line 'anon_vma: NULL'
	assert_line 'anon_vma_chain: (empty)'
}

# ---- anon_vmas ----

@test "anon_vmas: after fork and COW the blog's picture: root, child, refcounts, trees" {
	must spawn
	must 2 mmap 0 64K rw- private,anonymous
	must 2 touch 0x7ffff7fef000 16K w
	must 2 fork
	must 3 touch 0x7ffff7fef000 4K w
	local root="anon_vma: $AV0
root: $AV0
parent: $AV0
refcount: 2
num_children: 2
num_active_vmas: 1
rb_root: 2:7ffff7fef000-7ffff7fff000 3:7ffff7fef000-7ffff7fff000"
	run -0 cat "$(view 2 anon_vmas)"
	assert_output "$root"
	run -0 cat "$(view 3 anon_vmas)"
	assert_output "$root

anon_vma: $AV1
root: $AV0
parent: $AV0
refcount: 1
num_children: 0
num_active_vmas: 1
rb_root: 3:7ffff7fef000-7ffff7fff000"
	# The COWed page is the child's anon_vma's; page names it so too.
	local pfn
	pfn=$(pagemap_pfn 3 0x7ffff7fef000)
	run -0 mm page "$pfn"
	assert_line "anon_vma:${AV1#0x} root:${AV0#0x} parent:${AV0#0x} refcount:1 serial:1"
}

@test "anon_vmas: a grandchild chains to all three; the child's exit unlinks its own" {
	must spawn
	must 2 mmap 0 8K rw- private,anonymous
	must 2 touch 0x7ffff7ffd000 8K w
	must 2 fork
	must 3 fork
	run -0 grep -A10 '^vm_start: 0x7ffff7ffd000' "$(view 4 vm_area_structs)"
	assert_line "anon_vma_chain: 0xffff888100000200 $AV1 $AV0"
	run -0 sed -n '/^anon_vma: 0xffff888100000200/,/^rb_root/p' "$(view 4 anon_vmas)"
	assert_output "anon_vma: 0xffff888100000200
root: $AV0
parent: $AV1
refcount: 1
num_children: 0
num_active_vmas: 1
rb_root: 4:7ffff7ffd000-7ffff7fff000"
	run -0 grep -A6 "^anon_vma: $AV0" "$(view 4 anon_vmas)"
	assert_line 'refcount: 3'
	assert_line 'rb_root: 2:7ffff7ffd000-7ffff7fff000 3:7ffff7ffd000-7ffff7fff000 4:7ffff7ffd000-7ffff7fff000'
	must 3 exit
	run -0 grep -A6 "^anon_vma: $AV0" "$(view 4 anon_vmas)"
	assert_line 'rb_root: 2:7ffff7ffd000-7ffff7fff000 4:7ffff7ffd000-7ffff7fff000'
	run -0 grep -A6 "^anon_vma: $AV1" "$(view 4 anon_vmas)"
	assert_line 'rb_root: 4:7ffff7ffd000-7ffff7fff000'
}

@test "anon_vmas: a process without anonymous pages has none" {
	must spawn
	must 2 mmap 0 8K rw- private,anonymous
	run -0 cat "$(view 2 anon_vmas)"
	assert_output ''
}

# ---- paging ----

@test "paging: three pages in two 4 MiB regions, every scheme's bytes" {
	must spawn
	must 2 mmap 0x08048000 8K rw- private,anonymous,fixed
	must 2 mmap 0xbffff000 4K rw- private,anonymous,fixed
	must 2 touch 0x08048000 8K w
	must 2 touch 0xbffff000 4K w
	run -0 cat "$(view 2 paging)"
	assert_output 'present_pages: 3
1-level: 4194304 bytes = 1 table (20+12 bits, 4-byte entries)
2-level: 12288 bytes = 1 page directory + 2 page tables (10+10+12 bits, 4-byte entries)
pae: 16416 bytes = 1 PDPT (32 bytes) + 2 page directories + 2 page tables (2+9+9+12 bits, 8-byte entries)
4-level: 24576 bytes = 1 PGD + 1 PUD + 2 PMDs + 2 PTE tables (9+9+9+9+12 bits, 8-byte entries)
5-level: 28672 bytes = 1 PGD + 1 P4D + 1 PUD + 2 PMDs + 2 PTE tables (9+9+9+9+9+12 bits, 8-byte entries)
allocated: 24576 bytes = this machine'"'"'s 4-level tables now'
	run -0 stat -c '%A' "$(view 2 paging)"
	assert_output -r--r--r--
}

@test "paging: quizzes 502 and 503 (seed 001): 4 MiB for one level, 12 KiB for x86's two" {
	# The quiz's three pages: the bottom two of a 32-bit space and its
	# top one (0x00000000 is below mmap_min_addr: take the next region's).
	must spawn
	must 2 mmap 0x00400000 8K rw- private,anonymous,fixed
	must 2 mmap 0xfffff000 4K rw- private,anonymous,fixed
	must 2 touch 0x00400000 8K r
	must 2 touch 0xfffff000 4K r
	# 502: 2^20 entries of 4 bytes, whatever is mapped.
	assert_equal "$(field 2 paging 1-level)" '4194304 bytes = 1 table (20+12 bits, 4-byte entries)'
	# 503: one directory of 1024 4-byte entries + one table per 4 MiB used.
	assert_equal "$(field 2 paging 2-level)" '12288 bytes = 1 page directory + 2 page tables (10+10+12 bits, 4-byte entries)'
	# Two pages in one 4 MiB region share their table.
	must 2 munmap 0xfffff000 4K
	assert_equal "$(field 2 paging 2-level)" '8192 bytes = 1 page directory + 1 page table (10+10+12 bits, 4-byte entries)'
	assert_equal "$(field 2 paging present_pages)" 2
}

@test "paging: one 4 MiB region but two 2 MiB ones: x86 needs one table, PAE two" {
	must spawn
	must 2 mmap 0x00400000 4K rw- private,anonymous,fixed
	must 2 mmap 0x00600000 4K rw- private,anonymous,fixed
	must 2 touch 0x00400000 4K w
	must 2 touch 0x00600000 4K w
	assert_equal "$(field 2 paging 2-level)" '8192 bytes = 1 page directory + 1 page table (10+10+12 bits, 4-byte entries)'
	assert_equal "$(field 2 paging pae)" '12320 bytes = 1 PDPT (32 bytes) + 1 page directory + 2 page tables (2+9+9+12 bits, 8-byte entries)'
}

@test "paging: a page above 4 GiB is n/a for the 32-bit schemes; no pages, only the top tables" {
	must spawn
	run -0 cat "$(view 2 paging)"
	assert_output 'present_pages: 0
1-level: 4194304 bytes = 1 table (20+12 bits, 4-byte entries)
2-level: 4096 bytes = 1 page directory + 0 page tables (10+10+12 bits, 4-byte entries)
pae: 32 bytes = 1 PDPT (32 bytes) + 0 page directories + 0 page tables (2+9+9+12 bits, 8-byte entries)
4-level: 4096 bytes = 1 PGD + 0 PUDs + 0 PMDs + 0 PTE tables (9+9+9+9+12 bits, 8-byte entries)
5-level: 4096 bytes = 1 PGD + 0 P4Ds + 0 PUDs + 0 PMDs + 0 PTE tables (9+9+9+9+9+12 bits, 8-byte entries)
allocated: 4096 bytes = this machine'"'"'s 4-level tables now'
	must 2 mmap 0 8K rw- private,anonymous
	must 2 touch 0x7ffff7ffd000 4K w
	run -0 grep -c 'n/a: page 0x7ffff7ffd000 is above the 4 GiB of 32-bit virtual addresses$' "$(view 2 paging)"
	assert_output 3
	assert_equal "$(field 2 paging 4-level)" '16384 bytes = 1 PGD + 1 PUD + 1 PMD + 1 PTE table (9+9+9+9+12 bits, 8-byte entries)'
	# The page and one in the 128 TiB's first 4 GiB: every level doubles
	# below the PGD (pgd entries 0 and 255), and the P4D is still one.
	must 2 mmap 0x00400000 4K rw- private,anonymous,fixed
	must 2 touch 0x00400000 4K w
	assert_equal "$(field 2 paging 4-level)" '28672 bytes = 1 PGD + 2 PUDs + 2 PMDs + 2 PTE tables (9+9+9+9+12 bits, 8-byte entries)'
	assert_equal "$(field 2 paging 5-level)" '32768 bytes = 1 PGD + 1 P4D + 2 PUDs + 2 PMDs + 2 PTE tables (9+9+9+9+9+12 bits, 8-byte entries)'
	# munmap kept nothing: what the machine allocated matches.
	assert_equal "$(field 2 paging allocated)" "28672 bytes = this machine's 4-level tables now"
}

@test "vm_area_structs after execve: file VMAs are generic_file_vm_ops, [vvar] and [vdso] special mappings, each as maps shows it" {
	must spawn
	must 2 execve /usr/bin/cat
	# Every maps line but the gate VMA, which is in no mm, is a VMA.
	run -0 grep -c '\[vsyscall\]$' "$(view 2 maps)"
	assert_output 1
	assert_equal "$(field 2 mm_struct map_count)" "$(( $(wc -l < "$(view 2 maps)") - 1 ))"
	local -a starts ends pgoffs files ops
	mapfile -t starts < <(sed -n 's/^vm_start: 0x//p' "$(view 2 vm_area_structs)")
	mapfile -t ends < <(sed -n 's/^vm_end: 0x//p' "$(view 2 vm_area_structs)")
	mapfile -t pgoffs < <(sed -n 's/^vm_pgoff: //p' "$(view 2 vm_area_structs)")
	mapfile -t files < <(sed -n 's/^vm_file: //p' "$(view 2 vm_area_structs)")
	mapfile -t ops < <(sed -n 's/^vm_ops: //p' "$(view 2 vm_area_structs)")
	local i=0 range perms offset dev inode path want_ops
	while read -r range perms offset dev inode path; do
		[[ $path == '[vsyscall]' ]] && continue
		assert_equal "${starts[$i]}-${ends[$i]}" "$range"
		case $path in
		/*) assert_equal "${files[$i]}" "$path"
		    assert_equal "$(( ${pgoffs[$i]} * 4096 ))" "$(( 16#$offset ))"
		    want_ops=generic_file_vm_ops ;;
		'[vvar]'|'[vvar_vclock]'|'[vdso]')
		    assert_equal "${files[$i]}" NULL
		    want_ops=special_mapping_vmops ;;
		*)  assert_equal "${files[$i]}" NULL
		    want_ops=NULL ;;
		esac
		assert_equal "${ops[$i]}" "$want_ops"
		i=$((i + 1))
	done < "$(view 2 maps)"
	assert_equal "$i" "${#starts[@]}"
	# exec's bounds: brk starts where start_brk is; the arguments and
	# the (empty) environment sit on the stack, end to end.
	assert_equal "$(field 2 mm_struct brk)" "$(field 2 mm_struct start_brk)"
	assert_equal "$(field 2 mm_struct arg_end)" "$(field 2 mm_struct env_start)"
	assert_equal "$(field 2 mm_struct env_start)" "$(field 2 mm_struct env_end)"
	# argv is "/usr/bin/cat\0": 13 bytes.
	assert_equal "$(( $(field 2 mm_struct arg_end) - $(field 2 mm_struct arg_start) ))" 13
}

@test "paging: a PROT_NONE page still counts as present (pte_present); an unmapped one does not" {
	must spawn
	must 2 mmap 0x00400000 8K rw- private,anonymous,fixed
	must 2 touch 0x00400000 8K w
	must 2 mprotect 0x00400000 4K ---
	assert_equal "$(field 2 paging present_pages)" 2
	must 2 munmap 0x00401000 4K
	assert_equal "$(field 2 paging present_pages)" 1
	assert_equal "$(field 2 paging 2-level)" '8192 bytes = 1 page directory + 1 page table (10+10+12 bits, 4-byte entries)'
}

@test "paging: a swapped-out page is not present; swap-in counts it again; rss_stat follows" {
	mount_machine --swap=16M
	must spawn
	must 2 mmap 0x00400000 8K rw- private,anonymous,fixed
	must 2 touch 0x00400000 8K w
	must 2 madvise 0x00400000 4K pageout
	assert_equal "$(field 2 paging present_pages)" 1
	assert_equal "$(field 2 mm_struct 'rss_stat\[MM_ANONPAGES\]')" 1
	assert_equal "$(field 2 mm_struct 'rss_stat\[MM_SWAPENTS\]')" 1
	must 2 touch 0x00400000 4K r
	assert_equal "$(field 2 paging present_pages)" 2
	assert_equal "$(field 2 mm_struct 'rss_stat\[MM_SWAPENTS\]')" 0
}

# ---- the lessons built on these views (examples/lessons/) ----


@test "lesson seed001-paging-quizzes.sh answers quizzes 502 and 503 as its header says" {
	run -0 env MMCTL="$MMCTL" bash "$LESSONS/seed001-paging-quizzes.sh"
	assert_output "$(lesson_expected "$LESSONS/seed001-paging-quizzes.sh")"
	assert_line '503 (2-level): 12288 bytes = 1 page directory + 2 page tables (10+10+12 bits, 4-byte entries)'
}

@test "lesson seed000-anon-vma-fork.sh draws the blog's anon_vma picture as its header says" {
	run -0 env MMCTL="$MMCTL" bash "$LESSONS/seed000-anon-vma-fork.sh"
	assert_output "$(lesson_expected "$LESSONS/seed000-anon-vma-fork.sh")"
	assert_line "child's VMA:  anon_vma_chain: $AV1 $AV0"
}

@test "lesson seed001-vma-flags.sh shows the VMA flags table on live VMAs as its header says" {
	run -0 env MMCTL="$MMCTL" bash "$LESSONS/seed001-vma-flags.sh"
	assert_output "$(lesson_expected "$LESSONS/seed001-vma-flags.sh")"
	assert_line '[stack]:     VM_READ|VM_WRITE|VM_MAYREAD|VM_MAYWRITE|VM_MAYEXEC|VM_GROWSDOWN|VM_ACCOUNT'
}

@test "lesson seed001-mm-struct.sh reads the listing's mm_struct fields as its header says" {
	run -0 env MMCTL="$MMCTL" bash "$LESSONS/seed001-mm-struct.sh"
	assert_output "$(lesson_expected "$LESSONS/seed001-mm-struct.sh")"
	assert_line 'pgd_pa is the PGD line of vtop: yes'
}
