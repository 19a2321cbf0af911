#!/usr/bin/env bats
# mem_cow.bats - bytes through PID/mem and copy-on-write (issue 3, part 3):
# mem reads at a virtual address see what `store` wrote, `load` sees what
# a mem write wrote, and a mem write into a page that fork shares breaks
# COW for the writer only: its PFN changes, the others keep the old frame,
# and smaps, kpagecount and rmap say so. Also the FOLL_FORCE rules of
# Linux's mem file (checked against the host kernel when written).

load readers_helpers

setup() { mmsim_setup; }
teardown() { readers_teardown; }

# hexof TEXT: TEXT's bytes as lowercase hex.
hexof() {
	printf '%s' "$1" | od -An -tx1 -v | tr -d ' \n'
}

# mem_read PID ADDR LEN: pread of PID/mem at ADDR, as lowercase hex.
mem_read() {
	io pread "$(view "$1" mem)" "$(($2))" "$3"
}

# mem_write PID ADDR HEX: pwrite of PID/mem at ADDR; prints the count.
mem_write() {
	io pwrite "$(view "$1" mem)" "$(($2))" "$3"
}

# kb PID ADDR FIELD: an smaps field (kB) of the VMA at ADDR, number only.
kb() {
	smaps_field "$1" "$2" "$3" | awk '{ print $1 }'
}

@test "mem: pread and dd at a virtual address see what store wrote" {
	spawn_with_area 16K
	# Across a page boundary, and raw bytes.
	must "$PID" store "$(hex $((AREA + 0xffa)))" '"hello, mem world"'
	must "$PID" store "$(page_addr "$AREA" 3)" 0x00ff10ee
	run -0 mem_read "$PID" "$(($(page_addr "$AREA" 1) - 6))" 16
	assert_output "$(hexof 'hello, mem world')"
	run -0 mem_read "$PID" "$(page_addr "$AREA" 3)" 6
	assert_output 00ff10ee0000
	# dd, as a user would read it.
	run -0 bash -c 'dd if="$1" iflag=skip_bytes,count_bytes skip=$(($2)) count=16 status=none | od -An -tx1 -v | tr -d " \n"' \
		_ "$(view "$PID" mem)" "$(($(page_addr "$AREA" 1) - 6))"
	assert_output "$(hexof 'hello, mem world')"
	# And load agrees with both.
	run -0 mm "$PID" load "$(($(page_addr "$AREA" 1) - 6))" 16
	assert_output "$(hexof 'hello, mem world')"
}

@test "mem: load sees what a mem write wrote, the page is the process's own" {
	spawn_with_area 16K
	run -0 mem_write "$PID" "$(($(page_addr "$AREA" 2) + 4094))" "$(hexof 'ABCDEF')"
	assert_output 6
	run -0 mm "$PID" load "$(($(page_addr "$AREA" 2) + 4090))" 12
	assert_output "00000000$(hexof ABCDEF)0000"
	# Pages 2 and 3 were written, nothing else is resident.
	assert_equal "$(kb "$PID" "$AREA" Rss)" 8
	assert_equal "$(kb "$PID" "$AREA" Private_Dirty)" 8
	assert_equal "$(kb "$PID" "$AREA" Anonymous)" 8
	run -0 pagemap_entry "$PID" "$(page_addr "$AREA" 1)" 3
	assert_line --index 0 "present=0 swapped=0 file=0 exclusive=0 softdirty=0 pfn=0"
	assert_regex "${lines[1]}" '^present=1 swapped=0 file=0 exclusive=1 softdirty=0 pfn=[1-9][0-9]*$'
	assert_regex "${lines[2]}" '^present=1 swapped=0 file=0 exclusive=1 softdirty=0 pfn=[1-9][0-9]*$'
}

@test "mem: a write into a COW-shared page breaks COW for the writer only" {
	local parent child i old new pfn
	spawn_with_area 16K
	parent=$PID
	for i in 0 1 2 3; do
		must "$parent" store "$(page_addr "$AREA" "$i")" "\"page $i of the parent\""
	done
	child=$(mmok "$parent" fork) || fail "fork"
	old=$(pagemap_pfn "$parent" "$(page_addr "$AREA" 1)")
	assert_equal "$(pagemap_pfn "$child" "$(page_addr "$AREA" 1)")" "$old"
	assert_equal "$(kpage kpagecount "$old")" 2
	assert_equal "$(kb "$child" "$AREA" Shared_Dirty)" 16

	# The child writes 5 bytes into page 1 through its mem file.
	run -0 mem_write "$child" "$(($(page_addr "$AREA" 1) + 5))" "$(hexof CHILD)"
	assert_output 5

	# The child sees its bytes over a copy of the rest of the page.
	run -0 mm "$child" load "$(page_addr "$AREA" 1)" 22
	assert_output "$(hexof 'page CHILDthe parent')0000"
	# The parent still sees the original.
	run -0 mm "$parent" load "$(page_addr "$AREA" 1)" 22
	assert_output "$(hexof 'page 1 of the parent')0000"
	run -0 mem_read "$parent" "$(page_addr "$AREA" 1)" 20
	assert_output "$(hexof 'page 1 of the parent')"

	# The parent keeps the old frame, now its own; the child has a new one.
	assert_equal "$(pagemap_pfn "$parent" "$(page_addr "$AREA" 1)")" "$old"
	new=$(pagemap_pfn "$child" "$(page_addr "$AREA" 1)")
	[[ $new != "$old" ]] || fail "the child still maps PFN $old after its write"
	assert_equal "$(kpage kpagecount "$old")" 1
	assert_equal "$(kpage kpagecount "$new")" 1
	run -0 pagemap_entry "$parent" "$(page_addr "$AREA" 1)"
	assert_output "present=1 swapped=0 file=0 exclusive=1 softdirty=0 pfn=$old"
	run -0 pagemap_entry "$child" "$(page_addr "$AREA" 1)"
	assert_output "present=1 swapped=0 file=0 exclusive=1 softdirty=0 pfn=$new"
	run -0 mm rmap "$old"
	assert_output "$parent:$(page_addr "$AREA" 1)"
	run -0 mm rmap "$new"
	assert_output "$child:$(page_addr "$AREA" 1)"

	# The other three pages are still shared, by both, at one frame each.
	for i in 0 2 3; do
		pfn=$(pagemap_pfn "$parent" "$(page_addr "$AREA" "$i")")
		assert_equal "$(pagemap_pfn "$child" "$(page_addr "$AREA" "$i")")" "$pfn"
		assert_equal "$(kpage kpagecount "$pfn")" 2
	done
	local who
	for who in "$parent" "$child"; do
		assert_equal "$(kb "$who" "$AREA" Rss)" 16
		assert_equal "$(kb "$who" "$AREA" Pss)" 10
		assert_equal "$(kb "$who" "$AREA" Shared_Dirty)" 12
		assert_equal "$(kb "$who" "$AREA" Private_Dirty)" 4
	done
}

@test "mem: three generations, the writer copies, the last mapper reuses" {
	local p c g old pnew cnew
	spawn_with_area 8K
	p=$PID
	must "$p" store "$AREA" '"gen0"'
	c=$(mmok "$p" fork) || fail "fork c"
	g=$(mmok "$c" fork) || fail "fork g"
	old=$(pagemap_pfn "$p" "$AREA")
	assert_equal "$(kpage kpagecount "$old")" 3

	# The parent writes: it copies, the other two keep the frame.
	run -0 mem_write "$p" "$AREA" "$(hexof PPPP)"
	pnew=$(pagemap_pfn "$p" "$AREA")
	[[ $pnew != "$old" ]] || fail "the parent did not copy"
	assert_equal "$(pagemap_pfn "$c" "$AREA")" "$old"
	assert_equal "$(pagemap_pfn "$g" "$AREA")" "$old"
	assert_equal "$(kpage kpagecount "$old")" 2

	# The child writes: it copies too; the grandchild is left alone.
	run -0 mem_write "$c" "$((AREA + 1))" "$(hexof CC)"
	cnew=$(pagemap_pfn "$c" "$AREA")
	[[ $cnew != "$old" && $cnew != "$pnew" ]] || fail "the child did not copy"
	assert_equal "$(kpage kpagecount "$old")" 1

	# The grandchild is the last to map the frame: do_wp_page reuses it.
	run -0 mem_write "$g" "$((AREA + 3))" "$(hexof G)"
	assert_equal "$(pagemap_pfn "$g" "$AREA")" "$old"

	run -0 mm "$p" load "$AREA" 4
	assert_output "$(hexof PPPP)"
	run -0 mm "$c" load "$AREA" 4
	assert_output "$(hexof gCC0)"
	run -0 mm "$g" load "$AREA" 4
	assert_output "$(hexof genG)"
	run -0 mm rmap "$old"
	assert_output "$g:$(hex "$AREA")"
}

@test "mem: a write into a shared anonymous page is seen by every mapper" {
	local p c pfn
	spawn_with_area 8K rw- shared,anonymous
	p=$PID
	must "$p" store "$AREA" '"shared!"'
	c=$(mmok "$p" fork) || fail "fork"
	# fork copies no PTE of a shared mapping: the child faults it in.
	must "$c" touch "$AREA" 4K r
	pfn=$(pagemap_pfn "$p" "$AREA")
	assert_equal "$(pagemap_pfn "$c" "$AREA")" "$pfn"
	run -0 mem_write "$c" "$AREA" "$(hexof SHARED)"
	assert_equal "$(pagemap_pfn "$c" "$AREA")" "$pfn"
	assert_equal "$(pagemap_pfn "$p" "$AREA")" "$pfn"
	run -0 mm "$p" load "$AREA" 7
	assert_output "$(hexof 'SHARED!')"
	assert_equal "$(kpage kpagecount "$pfn")" 2
	# Linux's pagemap calls a shmem page "file/shared" (bit 61).
	run -0 pagemap_entry "$p" "$AREA"
	assert_output "present=1 swapped=0 file=1 exclusive=0 softdirty=0 pfn=$pfn"
}

@test "mem: reading a never-touched page maps the zero page, as Linux does" {
	spawn_with_area 16K
	local zero rss
	rss=$(status_field "$PID" VmRSS)
	run -0 mem_read "$PID" "$(page_addr "$AREA" 1)" 8
	assert_output 0000000000000000
	# GUP faults the page in for read: the zero page, never counted.
	run -0 pagemap_entry "$PID" "$(page_addr "$AREA" 1)"
	assert_regex "$output" '^present=1 swapped=0 file=0 exclusive=0 softdirty=0 pfn=[0-9]+$'
	zero=$(pagemap_pfn "$PID" "$(page_addr "$AREA" 1)")
	# KPF_ZERO_PAGE (24) and KPF_RESERVED (32), and KPF_REFERENCED (2):
	# GUP's FOLL_TOUCH marked the zero page accessed; the next forced
	# read clears it again (it is on no LRU list). kpagecount 0.
	assert_equal "$(kpage kpageflags "$zero")" $(((1 << 24) | (1 << 32) | (1 << 2)))
	assert_equal "$(kpage kpagecount "$zero")" 0
	run -0 mem_read "$PID" "$(page_addr "$AREA" 1)" 8
	assert_equal "$(kpage kpageflags "$zero")" $(((1 << 24) | (1 << 32)))
	assert_equal "$(status_field "$PID" VmRSS)" "$rss"
	assert_equal "$(kb "$PID" "$AREA" Rss)" 0
	# A write through mem replaces it with a new anonymous page.
	run -0 mem_write "$PID" "$(page_addr "$AREA" 1)" 7a
	run -0 pagemap_entry "$PID" "$(page_addr "$AREA" 1)"
	assert_regex "$output" '^present=1 swapped=0 file=0 exclusive=1 softdirty=0 pfn=[0-9]+$'
	[[ $(pagemap_pfn "$PID" "$(page_addr "$AREA" 1)") != "$zero" ]] ||
		fail "the write left the zero page mapped"
	assert_equal "$(kb "$PID" "$AREA" Anonymous)" 4
	run -0 mm "$PID" load "$(page_addr "$AREA" 1)" 2
	assert_output 7a00
}

@test "mem: FOLL_FORCE: r-- and --- private pages are writable, r-- shared not" {
	local pid ro none shro hole q
	pid=$(mmok spawn force) || fail "spawn"
	ro=$(mmok "$pid" mmap 0 8K r-- private,anonymous) || fail "mmap ro"
	none=$(mmok "$pid" mmap 0 8K --- private,anonymous) || fail "mmap none"
	shro=$(mmok "$pid" mmap 0 8K r-- shared,anonymous) || fail "mmap shro"
	# A read-only private page: mem writes through it (a COW page).
	run -0 mem_write "$pid" "$ro" "$(hexof xy)"
	assert_output 2
	run -0 mm "$pid" load "$ro" 2
	assert_output "$(hexof xy)"
	assert_equal "$(kb "$pid" "$ro" Anonymous)" 4
	assert_equal "$(smaps_field "$pid" "$ro" VmFlags)" "rd mr mw me"
	# A PROT_NONE private page: mem reads and writes it too.
	run -0 mem_write "$pid" "$none" "$(hexof zz)"
	assert_output 2
	run -0 mem_read "$pid" "$none" 2
	assert_output "$(hexof zz)"
	# A read-only shared page: not a COW mapping, EIO.
	run -0 mem_write "$pid" "$shro" "$(hexof xy)"
	assert_output "error: EIO"
	# An unmapped address: EIO; a read that runs into a hole stops there.
	hole=$none
	must "$pid" munmap "$hole" 8K
	run -0 mem_read "$pid" "$hole" 2
	assert_output "error: EIO"
	q=$(mmok "$pid" mmap 0 8K rw- private,anonymous) || fail "mmap q"
	must "$pid" munmap "$(page_addr "$q" 1)" 4K
	run -0 python3 -c 'import os, sys
fd = os.open(sys.argv[1], os.O_RDONLY)
print(len(os.pread(fd, 8192, int(sys.argv[2], 0))))' "$(view "$pid" mem)" "$q"
	assert_output 4096
	# The signal-free path: the process is alive and well.
	assert_equal "$(status_field "$pid" State)" "S (sleeping)"
}

@test "mem and pagemap of a zombie: open fails with ESRCH, as on Linux" {
	local par kid
	par=$(mmok spawn par) || fail "spawn"
	kid=$(mmok "$par" fork) || fail "fork"
	must "$kid" exit 0
	# Linux 6.18: proc_mem_open() finds no mm, so open(2) itself fails
	# for mem, pagemap and smaps_rollup; maps and smaps read empty.
	run -0 python3 -c 'import errno, os, sys
for name in ("mem", "pagemap", "smaps_rollup", "maps", "smaps"):
    try:
        fd = os.open(os.path.join(sys.argv[1], name), os.O_RDONLY)
    except OSError as e:
        print(name, "open", errno.errorcode[e.errno])
        continue
    try:
        print(name, "read", len(os.read(fd, 4096)))
    except OSError as e:
        print(name, "read", errno.errorcode[e.errno])
    os.close(fd)' "$MMSIM_MOUNT/$kid"
	assert_output "mem open ESRCH
pagemap open ESRCH
smaps_rollup open ESRCH
maps read 0
smaps read 0"
}
