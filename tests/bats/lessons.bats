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
lesson() {
	local name=$1
	shift
	mount_machine "$@"
	run -0 env MMCTL="$MMCTL" bash "$LESSONS/$name.sh"
	assert_output "$(lesson_expected "$LESSONS/$name.sh")"
}

# ---- seed 000 ----

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
