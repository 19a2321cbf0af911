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

# ---- vtop ----

@test "vtop: a written anonymous page, in crash's layout, at the PFN pagemap reports" {
	must spawn
	must 2 mmap 0 8K rw- private,anonymous
	must 2 touch 0x7ffff7ffd000 4K w
	local pfn
	pfn=$(pagemap_pfn 2 0x7ffff7ffd000)
	assert_equal "$pfn" 41
	run -0 mm 2 vtop 0x7ffff7ffd123
	# The pgd is frame 3, its pud table 0x24, pmd 0x25, PTE table 0x26.
	assert_output "VIRTUAL     PHYSICAL        
7ffff7ffd123  29123           

   PGD: 37f8 => 24067
   PUD: 24ff8 => 25067
   PMD: 25df8 => 26067
   PTE: 26fe8 => 8000000000029867
  PAGE: 29000  

      PTE         PHYSICAL  FLAGS
8000000000029867    29000   (PRESENT|RW|USER|ACCESSED|DIRTY|NX)

      VMA           START       END     FLAGS FILE
ffff888000002180 7ffff7ffd000 7ffff7fff000 100073 

      PAGE       PHYSICAL      MAPPING       INDEX CNT FLAGS
ffffea0000000a40    29000 ffff888100000001 7ffff7ffd  1 20828 uptodate,lru,owner_2,swapbacked"
}

@test "vtop: the zero page, a hole with its levels, and an address in no VMA" {
	must spawn
	must 2 mmap 0 8K rw- private,anonymous
	must 2 touch 0x7ffff7ffd000 4K r
	run -0 mm 2 vtop 0x7ffff7ffd000
	assert_line '  PAGE: 0  (ZERO PAGE)'
	assert_line '8000000000000025      0     (PRESENT|USER|ACCESSED|NX)'
	assert_line 'ffffea0000000000        0                0        0  1 2000 reserved'
	run -0 mm 2 vtop 0x7ffff7ffe000
	assert_output "VIRTUAL     PHYSICAL        
7ffff7ffe000  (not mapped)

   PGD: 37f8 => 24067
   PUD: 24ff8 => 25067
   PMD: 25df8 => 26067
   PTE: 26ff0 => 0

      VMA           START       END     FLAGS FILE
ffff888000002180 7ffff7ffd000 7ffff7fff000 100073 "
	# The stack is a VMA without tables below its pmd entry.
	run -0 mm 2 vtop 0x7ffffffde000
	assert_output "VIRTUAL     PHYSICAL        
7ffffffde000  (not mapped)

   PGD: 37f8 => 24067
   PUD: 24ff8 => 25067
   PMD: 25ff8 => 0

      VMA           START       END     FLAGS FILE
ffff8880000020c0 7ffffffde000 7ffffffff000 100173 "
	run -0 mm 2 vtop 0x1000
	assert_output "VIRTUAL     PHYSICAL        
1000        (not accessible)"
}

@test "vtop: after fork and a COW write, each side's PTE names its own frame" {
	must spawn
	must 2 mmap 0 8K rw- private,anonymous
	must 2 touch 0x7ffff7ffd000 4K w
	must 2 fork
	run -0 mm 2 vtop 0x7ffff7ffd000
	# Write-protected, still dirty; the page counts both mappings.
	assert_line '8000000000029865    29000   (PRESENT|USER|ACCESSED|DIRTY|NX)'
	assert_line 'ffffea0000000a40    29000 ffff888100000001 7ffff7ffd  2 20028 uptodate,lru,swapbacked'
	must 3 touch 0x7ffff7ffd000 4K w
	local pfn
	pfn=$(pagemap_pfn 3 0x7ffff7ffd000)
	run -0 mm 3 vtop 0x7ffff7ffd000
	assert_line --index 1 "$(printf '7ffff7ffd000  %-16x' $((pfn << 12)))"
	assert_line --regexp "^[0-9a-f]+ +$(printf '%x' $((pfn << 12))) +\\(PRESENT\\|RW\\|USER\\|ACCESSED\\|DIRTY\\|NX\\)\$"
	# The child's copy is on the child's anon_vma (serial 1).
	assert_line --regexp "^ffffea[0-9a-f]+ +$(printf '%x' $((pfn << 12))) ffff888100000101 7ffff7ffd  1 "
}

@test "vtop: a kernel address fails with EINVAL and changes nothing" {
	must spawn
	fails_unchanged 2 EINVAL 'vtop: ADDR 0x7ffffffff000 is beyond the user address space \(0x7ffffffff000\)' vtop 0x7ffffffff000
	fails_unchanged 2 EINVAL 'vtop: ADDR 0xffffffffff600000 is beyond the user address space \(0x7ffffffff000\)' vtop 0xffffffffff600000
}

# ---- page ----

@test "page: a COW-shared page after fork has mapcount 2 and the anon_vma with the ANON bit" {
	must spawn
	must 2 mmap 0 8K rw- private,anonymous
	must 2 touch 0x7ffff7ffd000 4K w
	must 2 fork
	local pfn
	pfn=$(pagemap_pfn 2 0x7ffff7ffd000)
	assert_equal "$pfn" "$(pagemap_pfn 3 0x7ffff7ffd000)"
	run -0 mm page "$pfn"
	assert_output "page: refcount:2 mapcount:2 mapping:ffff888100000001 index:0x7ffff7ffd pfn:0x29
anon_vma:ffff888100000000 root:ffff888100000000 parent:ffff888100000000 refcount:2 serial:0
anon flags: 0x20028(uptodate|lru|swapbacked|node=0|zone=2)
lru: inactive_anon"
	# The child's COW copy: its own anon_vma, whose root and parent are
	# the parent's, and exclusively mapped again (owner_2).
	must 3 touch 0x7ffff7ffd000 4K w
	run -0 mm page "$(pagemap_pfn 3 0x7ffff7ffd000)"
	assert_line --index 0 --regexp '^page: refcount:1 mapcount:1 mapping:ffff888100000101 index:0x7ffff7ffd pfn:0x[0-9a-f]+$'
	assert_line --index 1 'anon_vma:ffff888100000100 root:ffff888100000000 parent:ffff888100000000 refcount:1 serial:1'
	assert_line --index 2 'anon flags: 0x20828(uptodate|lru|owner_2|swapbacked|node=0|zone=2)'
	run -0 mm page "$pfn"
	assert_line --index 0 'page: refcount:1 mapcount:1 mapping:ffff888100000001 index:0x7ffff7ffd pfn:0x29'
}

@test "page: the zero page, a page table, a free frame and a file page" {
	must spawn
	run -0 mm page 0
	assert_output 'page: refcount:1 mapcount:0 mapping:0000000000000000 index:0x0 pfn:0x0
flags: 0x2000(reserved|node=0|zone=2)
lru: none'
	# PID 1's pgd is frame 1.
	run -0 mm page 1
	assert_output 'page: refcount:1 mapcount:0 mapping:0000000000000000 index:0x0 pfn:0x1
flags: 0x0(node=0|zone=2)
page_type: f2(table)
lru: none'
	run -0 mm page 0xffff
	assert_output 'page: refcount:0 mapcount:0 mapping:0000000000000000 index:0x0 pfn:0xffff
flags: 0x0(node=0|zone=2)
lru: none'
	local fd area ino
	fd=$(mmok 2 open /etc/passwd rdonly) || fail "open failed"
	area=$(mmok 2 mmap 0 4K r-- private "$fd" 0) || fail "mmap failed"
	must 2 touch "$area" 4K r
	ino=$(stat -c %i /etc/passwd)
	run -0 mm page "$(pagemap_pfn 2 "$area")"
	assert_line --index 0 --regexp "^page: refcount:2 mapcount:1 mapping:$(printf '%016x' $((0xffff888200000000 + ino * 1024))) index:0x0 pfn:0x[0-9a-f]+\$"
	assert_line --index 1 "aops:overlay_aops ino:$(printf '%x' "$ino")"
	assert_line --index 3 --regexp '^lru: (in)?active_file$'
}

@test "page: a PFN beyond --mem fails with EINVAL naming the command" {
	fails_unchanged "" EINVAL 'page: PFN 0x10000 is beyond the last frame 0xffff' page 0x10000
	run -1 --separate-stderr mm page 99999999999
	assert_output ""
}

@test "vtop: a PROT_NONE PTE still maps its page (PROTNONE, which is the GLOBAL bit); page_tables shows it not present" {
	must spawn
	must 2 mmap 0 8K rw- private,anonymous
	must 2 touch 0x7ffff7ffd000 4K w
	must 2 mprotect 0x7ffff7ffd000 8K ---
	run -0 mm 2 vtop 0x7ffff7ffd000
	assert_line '   PTE: 26fe8 => 29960'
	assert_line ' PTE   PHYSICAL  FLAGS'
	assert_line '29960    29000   (ACCESSED|DIRTY|PROTNONE|GLOBAL)'
	run -0 grep '^0x00007ffff7ffd000' "$(view 2 page_tables)"
	assert_output '0x00007ffff7ffd000-0x00007ffff7ffe000           4K                               pte'
}

@test "vtop: an unfaulted page of a file mapping names the file and its offset" {
	must spawn
	local fd area
	fd=$(mmok 2 open /etc/passwd rdonly) || fail "open failed"
	area=$(mmok 2 mmap 0 8K r-- private "$fd" 0) || fail "mmap failed"
	run -0 mm 2 vtop "$((area + 0x1000))"
	assert_line --index 1 "$(printf '%x' $((area + 0x1000)))  (not mapped)"
	assert_line "$(printf 'ffff888000002180 %x %x     71 /etc/passwd' "$area" $((area + 0x2000)))"
	assert_line 'FILE: /etc/passwd  OFFSET: 1000'
}

@test "page_tables: a zombie's file is empty" {
	must spawn
	must 2 fork
	must 3 exit 7
	run -0 cat "$(view 3 page_tables)"
	assert_output ""
}
