#!/usr/bin/env bats
# inside.bats - seeing inside the engine (issue 11): PID/page_tables in
# ptdump's format, the vtop command in the crash utility's layout and the
# page command's struct page, each with exact values from known layouts.

load helpers

setup() { mmsim_setup; }
teardown() { mmsim_teardown; }

# The lines every dump of a process with one PTE table at
# 0x7ffff7e00000-0x7ffff8000000 (pgd entry 255, pud 511, pmd 447) has.
PT_HEAD='---[ User Space ]---
0x0000000000000000-0x00007f8000000000      130560G                               p4d
0x00007f8000000000-0x00007fffc0000000         511G                               pud
0x00007fffc0000000-0x00007ffff7e00000         894M                               pmd'
PT_TAIL='0x00007ffff8000000-0x0000800000000000         128M                               pmd'

# ---- page_tables ----

@test "page_tables: a process without tables is one p4d hole over the user half" {
	must spawn
	run -0 cat "$(view 2 page_tables)"
	assert_output '---[ User Space ]---
0x0000000000000000-0x0000800000000000         128T                               p4d'
	run -0 stat -c '%A' "$(view 2 page_tables)"
	assert_output -r--------
}

@test "page_tables: written pages are one USR RW NX run, merged as ptdump merges" {
	must spawn
	must 2 mmap 0 8K rw- private,anonymous
	must 2 touch 0x7ffff7ffd000 8K w
	run -0 cat "$(view 2 page_tables)"
	assert_output "$PT_HEAD
0x00007ffff7e00000-0x00007ffff7ffd000        2036K                               pte
0x00007ffff7ffd000-0x00007ffff7fff000           8K USR RW                     NX pte
0x00007ffff7fff000-0x00007ffff8000000           4K                               pte
$PT_TAIL"
}

@test "page_tables: fork write-protects both sides; a zero-page PTE breaks the run (no dirty bit)" {
	must spawn
	must 2 mmap 0 16K rw- private,anonymous
	must 2 touch 0x7ffff7ffb000 8K w
	must 2 touch 0x7ffff7ffd000 4K r
	local body="$PT_HEAD
0x00007ffff7e00000-0x00007ffff7ffb000        2028K                               pte
0x00007ffff7ffb000-0x00007ffff7ffd000           8K USR ro                     NX pte
0x00007ffff7ffd000-0x00007ffff7ffe000           4K USR ro                     NX pte
0x00007ffff7ffe000-0x00007ffff8000000           8K                               pte
$PT_TAIL"
	must 2 fork
	run -0 cat "$(view 2 page_tables)"
	assert_output "$body"
	run -0 cat "$(view 3 page_tables)"
	assert_output "$body"
	# A COW write makes the child's first page RW again: three runs.
	must 3 touch 0x7ffff7ffb000 4K w
	run -0 grep -c 'USR' "$(view 3 page_tables)"
	assert_output 3
	run -0 grep '^0x00007ffff7ffb000' "$(view 3 page_tables)"
	assert_output '0x00007ffff7ffb000-0x00007ffff7ffc000           4K USR RW                     NX pte'
}

@test "page_tables: munmap frees the PTE table, and the hole is a pmd again" {
	must spawn
	must 2 mmap 0 8K rw- private,anonymous
	must 2 touch 0x7ffff7ffd000 8K w
	must 2 munmap 0x7ffff7ffd000 8K
	run -0 cat "$(view 2 page_tables)"
	assert_output '---[ User Space ]---
0x0000000000000000-0x00007f8000000000      130560G                               p4d
0x00007f8000000000-0x00007fffc0000000         511G                               pud
0x00007fffc0000000-0x0000800000000000           1G                               pmd'
}
