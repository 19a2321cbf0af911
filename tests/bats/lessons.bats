#!/usr/bin/env bats
# lessons.bats - the lessons of examples/lessons/ (issue 11) that no other
# suite owns: each runs on a fresh machine mounted with exactly the
# options its header names, and must print exactly the lines of its
# header's "What a student should see" (lesson_expected); one line that
# carries the seed's point is asserted again, so that a header edited to
# match a wrong output still fails.

load helpers

setup() { :; }
teardown() { mmsim_teardown; }

# lesson NAME [MMSIMFS OPTIONS...]: mount a machine with the options, run
# examples/lessons/NAME.sh on it, and check its output against its header.
# A lesson that writes a program for the machine puts it in LESSON_DIR,
# which outlives the teardown's replay of the journal.
lesson() {
	local name=$1
	shift
	mount_machine "$@"
	run -0 env MMCTL="$MMCTL" LESSON_DIR="$BATS_TEST_TMPDIR" bash "$LESSONS/$name.sh"
	assert_output "$(lesson_expected "$LESSONS/$name.sh")"
}

# ---- seed 000 ----

@test "lesson seed000-backing-store.sh: under pressure the file's clean pages are dropped and the anonymous data goes to swap" {
	lesson seed000-backing-store --mem=16M --swap=16M
	assert_line 'the anon data:      Rss 0 kB, Swap 256 kB (written to swap)'
}

@test "lesson seed000-page-mapping-anon.sh: an anonymous page's mapping is its anon_vma + PAGE_MAPPING_ANON" {
	lesson seed000-page-mapping-anon
	assert_line 'anonymous page mapping: ffff888100000001 (bit 0: 1, PAGE_MAPPING_ANON)'
	assert_line 'kpageflags KPF_ANON: anonymous page 1, file page 0'
}

@test "lesson seed000-linear-page-index.sh: index = (address - vm_start) >> 12 + vm_pgoff, kept by the COW copy" {
	lesson seed000-linear-page-index
	assert_line "write the VMA's page 0: anon page, index:0x2 = (0x7ffff7ffd000 - 0x7ffff7ffd000) >> 12 + 2"
}

@test "lesson seed000-anon-vm-pgoff.sh: an anonymous VMA's vm_pgoff is vm_start >> 12 until its first write" {
	lesson seed000-anon-vm-pgoff
	assert_line 'written, then moved:        vm_start 0x500000000000 vm_pgoff 0x600000000'
}

@test "lesson seed000-cow-reuse.sh: the child's reuse of a page moves its mapping to the child's anon_vma" {
	lesson seed000-cow-reuse
	assert_line 'the same page:       mapcount:1 mapping:ffff888100000101 (the child'\''s anon_vma)'
	assert_line --regexp '^ +page_move_anon_rmap\(\);$'
}

@test "lesson seed000-fork-nommu.sh: fork copies the mm, CLONE_VM shares it (the nommu stand-in)" {
	lesson seed000-fork-nommu
	assert_line 'mm_users: parent 2, child 2; the same pgd: yes'
}

@test "lesson seed000-vtop-physical.sh: the page-table walk and the vmemmap arithmetic agree with vtop and pagemap" {
	lesson seed000-vtop-physical --cpu=default
	assert_line 'physical = 0x29000 + 0x123 = 0x29123 (vtop: 29123)'
	assert_line "pagemap's PFN: 0x29"
}

# ---- seed 002 ----

@test "lesson seed002-deferred-allocation.sh: mmap gives addresses, the first write a frame" {
	lesson seed002-deferred-allocation
	assert_line 'mmap 64M:          MemFree +0 kB, Committed_AS +65536 kB, VmSize +65536 kB, VmRSS +0 kB'
	assert_line 'pages present:     1 of 16384'
}

@test "lesson seed002-mmap-flags-prot.sh: the hint, MAP_FIXED and prot, and the accesses prot refuses" {
	lesson seed002-mmap-flags-prot
	assert_line 'fixed_noreplace 0x10000000: error: mmap: 0x10000000-0x10001000 overlaps an existing mapping (EEXIST)'
	assert_line 'touch x of a rw- page: SIGSEGV SEGV_ACCERR 0x7ffff7ffe000'
}

@test "lesson seed002-vm-ops.sh: each kind of VMA's vm_ops, and handle_pte_fault's choice by it" {
	lesson seed002-vm-ops
	assert_line --regexp '^shared anon: +vm_ops shmem_anon_vm_ops +handle_pte_fault -> do_fault +->fault: shmem_fault$'
	assert_line --regexp '^private anon: +vm_ops NULL +handle_pte_fault -> do_anonymous_page +->fault: none$'
}

@test "lesson seed002-do-mmap-family.sh: do_mmap, do_munmap, the EEXIST of an intersection, insert_vm_struct" {
	lesson seed002-do-mmap-family
	assert_line 'map_count: 3 7ffff7ff7000-7ffff7ffa000 7ffff7ffc000-7ffff7fff000'
	assert_line 'execve /bin/true: insert_vm_struct() 4 times ([stack], [vvar], [vvar_vclock], [vdso])'
}

@test "lesson seed002-mmap-merge.sh: the same mmap twice is one VMA; other flags are not, until mprotect" {
	lesson seed002-mmap-merge
	assert_line '  map_count 2: 0x7ffff7ff7000-0x7ffff8000000 pgoff 0x7ffff7ff7 anon_vma 0xffff888100000000'
}

@test "lesson seed002-mapping-matrix.sh: FILE/ANON by SHARED/PRIVATE, page by page" {
	lesson seed002-mapping-matrix
	assert_line "FILE MAP_PRIVATE: the file has the write: no"
	assert_line "ANON MAP_SHARED:  the child sees the parent's write after fork: yes"
	assert_line "ANON MAP_PRIVATE: read: the zero page"
}

@test "lesson seed002-fault-decision-tree.sh: each branch of the seed's diagram, and what mmsim's kernel-mode accesses do" {
	lesson seed002-fault-decision-tree
	assert_line 'in a VMA, rights do not match:               SIGSEGV SEGV_ACCERR 0x7ffff7ffe000'
	assert_line 'in no VMA: error: mem_write: 0x10000 cannot be written (EIO)'
	assert_line --partial 'holds do_page_fault 0 times'
}

@test "lesson seed002-stack-growth.sh: expand_stack below [stack] and a MAP_GROWSDOWN VMA, its limit and its guard gap" {
	lesson seed002-stack-growth
	assert_line '[stack]:                     7ffffffd0000-7ffffffff000 vm_pgoff 0x7ffffffd0 VmStk 188 kB'
	assert_line 'a mapping at 0x7ffffff00000, touch 0x7ffffffd0000: SIGSEGV SEGV_MAPERR 0x7ffffffd0000'
}

# ---- seed 001 ----

@test "lesson seed001-swap-fault.sh: a swapped page's next access goes handle_pte_fault -> do_swap_page" {
	lesson seed001-swap-fault --swap=16M
	assert_line 'pagemap 4000000000000020: swapped (bit 62), type 0, offset 1'
	assert_line --regexp '^ +do_swap_page\(\) \{$'
	assert_line 'pswpin +1, pgmajfault +1'
}

@test "lesson seed001-address-space.sh: text, data, bss, heap and stack of a static ELF, with mm_struct's bounds" {
	lesson seed001-address-space
	assert_line 'bss    00403000-00405000 rw-p 00000000 (anon)   VM_READ|VM_WRITE|VM_MAYREAD|VM_MAYWRITE|VM_MAYEXEC|VM_ACCOUNT'
	assert_line 'text:  two processes, one frame: yes'
	# The header's claim: the host kernel maps the lesson's program the
	# same way, line for line (tests/exec/hostexec.c: maps at the exec stop).
	cc -O2 -o "$BATS_TEST_TMPDIR/hostexec" "$BATS_TEST_DIRNAME/../exec/hostexec.c"
	local pid
	pid=$(mmok spawn)
	must "$pid" execve "$BATS_TEST_TMPDIR/prog"
	diff -u <("$BATS_TEST_TMPDIR/hostexec" exec maps "$BATS_TEST_TMPDIR/prog") "$(view "$pid" maps)"
}

@test "lesson seed001-maps-libraries.sh: each library as several lines of one file" {
	lesson seed001-maps-libraries
	assert_line 'libc.so.6:             r--p r-xp r--p r--p rw-p (one device:inode: yes)'
}

@test "lesson seed001-dev-inode.sh: maps' device and inode are the host file's, and outlive its name" {
	lesson seed001-dev-inode
	assert_line "/etc/passwd: maps' device:inode is the host's (stat -c '%d %i'): yes"
	assert_line 'unlinked: name in maps /etc/passwd (deleted); the same device and inode: yes'
}

@test "lesson seed001-quiz-501.sh: maps is the vm_area_struct list, line for line" {
	lesson seed001-quiz-501
	assert_line 'map_count 6, lines in maps 6'
	assert_line '-- maps, line for line the same: yes'
}

# ---- the list ----

@test "lessons: every lesson has its row in examples/README.md, its link in README.md and the bats test its row names" {
	local f name row suite missing=""
	for f in "$LESSONS"/*.sh; do
		name=$(basename "$f")
		row=$(grep -F "\`lessons/$name\`" "$LESSONS/../README.md") || { missing+=" $name:row"; continue; }
		grep -qF "examples/lessons/$name" "$LESSONS/../../README.md" || missing+=" $name:README"
		suite=$(sed -n 's/.*written, tested (\([a-z_]*\.bats\)).*/\1/p' <<<"$row")
		if [[ -z $suite ]]; then
			missing+=" $name:state"
		elif ! grep -q "${name%.sh}" "$BATS_TEST_DIRNAME/$suite"; then
			missing+=" $name:$suite"
		fi
	done
	assert_equal "${missing# }" ""
}
