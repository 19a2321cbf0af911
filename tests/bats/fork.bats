#!/usr/bin/env bats
# fork.bats - fork and copy-on-write as the issue's acceptance scenario
# states them (smaps and pagemap of parent and child, exactly), data
# isolation after fork, shared anonymous memory, VM_DONTCOPY and
# VM_WIPEONFORK, exit and wait statuses, and orphans.

load helpers

setup() { mmsim_setup; }
teardown() { mmsim_teardown; }

# acceptance_setup: the issue's scenario up to the child's write.
acceptance_setup() {
	run -0 mm spawn
	assert_output 2
	run -0 mm 2 mmap 0 64K rw- private,anonymous
	assert_output 0x7ffff7fef000
	A=0x7ffff7fef000
	run -0 mm 2 touch "$A" 16K w
	assert_output "pages=4 faults=4 anon=4 zero=0 cow=0 reuse=0 shmem=0"
	run -0 mm 2 touch "$(page_addr $A 5)" 4K r
	assert_output "pages=1 faults=1 anon=0 zero=1 cow=0 reuse=0 shmem=0"
	run -0 mm 2 fork
	assert_output 3
	run -0 mm 3 touch "$A" 4K w
	assert_output "pages=1 faults=1 anon=0 zero=0 cow=1 reuse=0 shmem=0"
}

@test "acceptance: smaps of the VMA in parent and child after fork and COW" {
	acceptance_setup
	local pid field want
	for pid in 2 3; do
		for field in "Rss 16 kB" "Pss 10 kB" "Pss_Dirty 10 kB" \
			"Shared_Clean 0 kB" "Shared_Dirty 12 kB" "Private_Clean 0 kB" \
			"Private_Dirty 4 kB" "Anonymous 16 kB" "Size 64 kB" \
			"VmFlags rd wr mr mw me ac"; do
			want=${field#* }
			run -0 smaps_field $pid $A "${field%% *}"
			[[ $output == "$want" ]] ||
				fail "PID $pid ${field%% *}: '$output', want '$want'"
		done
	done
	run -0 smaps_field 2 $A Referenced
	assert_output "16 kB"
	run -0 smaps_field 3 $A Referenced
	assert_output "4 kB"
	# Both processes still see one VMA there.
	run -0 cat "$(view 3 maps)"
	assert_output "$(maps_line 0x7ffff7fef000 0x7ffff7fff000 rw-p)
$(stack_line)"
	assert_equal "$(cat "$(view 2 maps)")" "$output"
}

@test "acceptance: pagemap of parent and child after fork and COW" {
	acceptance_setup
	local pid i want
	for pid in 2 3; do
		run -0 pagemap_entry $pid $A 16
		for i in 0 1 2 3 4 5 6; do
			case $i in
			0) want='^present=1 swapped=0 file=0 exclusive=1 softdirty=0 pfn=[1-9][0-9]*$' ;;
			1 | 2 | 3) want='^present=1 swapped=0 file=0 exclusive=0 softdirty=0 pfn=[1-9][0-9]*$' ;;
			# the zero page: present, never exclusive, any PFN
			5) want='^present=1 swapped=0 file=0 exclusive=0 softdirty=0 pfn=[0-9]+$' ;;
			*) want='^present=0 swapped=0 file=0 exclusive=0 softdirty=0 pfn=0$' ;;
			esac
			[[ ${lines[$i]} =~ $want ]] ||
				fail "PID $pid page $i: '${lines[$i]}' does not match $want"
		done
		for i in $(seq 6 15); do
			[[ ${lines[$i]} == "present=0 swapped=0 file=0 exclusive=0 softdirty=0 pfn=0" ]] ||
				fail "PID $pid page $i: '${lines[$i]}'"
		done
	done
	# Pages 1-3 and 5 are the same frames in both; page 0 differs.
	local p c
	for i in 1 2 3 5; do
		p=$(pagemap_pfn 2 "$(page_addr $A $i)")
		c=$(pagemap_pfn 3 "$(page_addr $A $i)")
		assert_equal "$c" "$p"
	done
	p=$(pagemap_pfn 2 $A)
	c=$(pagemap_pfn 3 $A)
	[[ $p != "$c" ]] || fail "page 0 is frame $p in both after the child's COW"
	# kpagecount: shared pages are mapped twice, the COW copies once.
	run -0 kpage kpagecount "$(pagemap_pfn 2 "$(page_addr $A 1)")"
	assert_output 2
	run -0 kpage kpagecount "$p"
	assert_output 1
	run -0 kpage kpagecount "$c"
	assert_output 1
}

@test "acceptance: the child's write after fork is invisible to the parent" {
	run -0 mm spawn
	run -0 mm 2 mmap 0 64K rw- private,anonymous
	A=$output
	must 2 store $A '"parent"'
	must 2 touch $A 16K w
	must 2 touch "$(page_addr $A 5)" 4K r
	run -0 mm 2 fork
	assert_output 3
	run -0 mm 3 store $A '"child!"'
	assert_output ""
	run -0 mm 2 load $A 6
	assert_output 706172656e74
	run -0 mm 3 load $A 6
	assert_output 6368696c6421
}

@test "writes on either side after fork stay on that side" {
	spawn_with_area 16K
	must 2 store "$AREA" '"before"'
	must 2 fork
	must 2 store "$(page_addr "$AREA" 1)" '"parent"'
	must 3 store "$(page_addr "$AREA" 2)" '"child"'
	run -0 mm 3 load "$AREA" 6
	assert_output "$(printf before | od -An -tx1 | tr -d ' \n')"
	run -0 mm 3 load "$(page_addr "$AREA" 1)" 6
	assert_output 000000000000
	run -0 mm 2 load "$(page_addr "$AREA" 2)" 5
	assert_output 0000000000
	run -0 mm 2 load "$(page_addr "$AREA" 1)" 6
	assert_output 706172656e74
}

@test "a shared anonymous mapping stays shared after fork" {
	run -0 mm spawn
	run -0 mm 2 mmap 0 16K rw- shared,anonymous
	assert_output 0x7ffff7ffb000
	must 2 store 0x7ffff7ffb000 '"one"'
	must 2 fork
	run -0 mm 3 load 0x7ffff7ffb000 3
	assert_output 6f6e65
	must 3 store 0x7ffff7ffc000 '"two"'
	run -0 mm 2 load 0x7ffff7ffc000 3
	assert_output 74776f
	# Same frame in both, and the same /dev/zero inode.
	assert_equal "$(pagemap_pfn 3 0x7ffff7ffc000)" "$(pagemap_pfn 2 0x7ffff7ffc000)"
	assert_equal "$(grep '/dev/zero' "$(view 3 maps)")" "$(grep '/dev/zero' "$(view 2 maps)")"
	run -0 smaps_field 2 0x7ffff7ffb000 Shared_Dirty
	assert_output "8 kB"
	run -0 smaps_field 2 0x7ffff7ffb000 Pss
	assert_output "4 kB"
}

@test "fork does not copy a VM_DONTCOPY (dontfork) mapping" {
	spawn_with_area 16K
	must 2 touch "$AREA" 16K w
	must 2 madvise "$AREA" 16K dontfork
	must 2 fork
	run -0 cat "$(view 3 maps)"
	assert_output "$(stack_line)"
	run -4 mm 3 touch "$AREA" 4K r
	assert_output "SIGSEGV SEGV_MAPERR $AREA"
	run -0 smaps_field 2 "$AREA" Rss
	assert_output "16 kB"
	run -0 smaps_field 2 "$AREA" Pss
	assert_output "16 kB"
}

@test "fork gives a VM_WIPEONFORK mapping to the child empty" {
	spawn_with_area 16K
	must 2 store "$AREA" '"secret"'
	must 2 madvise "$AREA" 16K wipeonfork
	must 2 fork
	run -0 cat "$(view 3 maps)"
	assert_output "$(maps_line 0x7ffff7ffb000 0x7ffff7fff000 rw-p)
$(stack_line)"
	run -0 smaps_field 3 "$AREA" Rss
	assert_output "0 kB"
	run -0 smaps_field 3 "$AREA" VmFlags
	assert_output "rd wr mr mw me ac wf"
	run -0 mm 3 load "$AREA" 6
	assert_output 000000000000
	run -0 mm 2 load "$AREA" 6
	assert_output 736563726574
}

@test "fork does not pass on mlock: the child's copy is not locked" {
	spawn_with_area 16K rw- private,anonymous,locked
	run -0 status_field 2 VmLck
	assert_output "16 kB"
	must 2 fork
	run -0 smaps_field 3 "$AREA" VmFlags
	assert_output "rd wr mr mw me ac"
	run -0 smaps_field 3 "$AREA" Locked
	assert_output "0 kB"
	run -0 smaps_field 3 "$AREA" Rss
	assert_output "16 kB"
	run -0 status_field 3 VmLck
	assert_output "0 kB"
	run -0 status_field 2 VmLck
	assert_output "16 kB"
}

@test "fork charges the child's accountable VMAs to Committed_AS; exit uncharges" {
	local committed
	committed=$(meminfo_kb Committed_AS)
	must spawn
	# [stack] is VM_ACCOUNT: 132 kB.
	assert_equal "$(meminfo_kb Committed_AS)" "$((committed + 132))"
	must 2 mmap 0 64K rw- private,anonymous
	must 2 mmap 0 64K rw- private,anonymous,noreserve
	assert_equal "$(meminfo_kb Committed_AS)" "$((committed + 196))"
	must 2 fork
	assert_equal "$(meminfo_kb Committed_AS)" "$((committed + 392))"
	must 3 exit
	must 2 exit
	assert_equal "$(meminfo_kb Committed_AS)" "$committed"
}

@test "fork copies comm, maps and the break" {
	run -0 mm spawn worker
	must 2 brk 0x55555555b000
	must 2 mmap 0 16K r-- private,anonymous
	must 2 fork
	run -0 cat "$MMSIM_MOUNT/3/comm"
	assert_output worker
	assert_equal "$(cat "$(view 3 maps)")" "$(cat "$(view 2 maps)")"
	run -0 mm 3 brk
	assert_output 0x55555555b000
	run -0 status_field 3 PPid
	assert_output 2
}

@test "exit STATUS is what the parent's wait reports" {
	must spawn
	run -0 mm 2 fork
	assert_output 3
	run -0 mm 2 fork
	assert_output 4
	must 4 exit 42
	must 3 exit
	run -0 mm 2 wait 3
	assert_output "3 0"
	run -0 mm 2 wait
	assert_output "4 42"
	[[ ! -e $MMSIM_MOUNT/3 && ! -e $MMSIM_MOUNT/4 ]] || fail "reaped children still have directories"
}

@test "exit keeps only the low 8 bits of the status" {
	must spawn
	must 2 fork
	must 3 exit 257
	run -0 mm 2 wait
	assert_output "3 1"
}

@test "wait with live children but no zombie fails EAGAIN; with none, ECHILD" {
	must spawn
	run -1 --separate-stderr mm 2 wait
	assert_regex "$stderr" '^error: wait: .+ \(ECHILD\)$'
	must 2 fork
	run -1 --separate-stderr mm 2 wait
	assert_regex "$stderr" '^error: wait: .+ \(EAGAIN\)$'
	run -1 --separate-stderr mm 2 wait 99
	assert_regex "$stderr" '^error: wait: .+ \(ECHILD\)$'
}

@test "an orphan is reparented to PID 1 and reaped at once when it exits" {
	must spawn
	must 2 fork
	must 2 exit
	[[ ! -e $MMSIM_MOUNT/2 ]] || fail "2 (child of PID 1) was not reaped at once"
	run -0 status_field 3 PPid
	assert_output 1
	must 3 exit
	[[ ! -e $MMSIM_MOUNT/3 ]] || fail "the orphan 3 was not reaped at once"
}

@test "a zombie orphan is reaped when its parent exits" {
	must spawn
	must 2 fork
	must 3 exit
	[[ -d $MMSIM_MOUNT/3 ]] || fail "zombie 3 has no directory"
	must 2 exit
	[[ ! -e $MMSIM_MOUNT/3 ]] || fail "zombie 3 outlived its parent"
}

@test "PID 1 cannot exit" {
	run -1 --separate-stderr mm 1 exit
	assert_output ""
	assert_regex "$stderr" '^error: exit: .+ \(EPERM\)$'
	[[ -d $MMSIM_MOUNT/1 ]] || fail "PID 1 is gone"
}

@test "exit frees the process's memory and page tables" {
	local anon pt free slab
	anon=$(meminfo_kb AnonPages)
	pt=$(meminfo_kb PageTables)
	free=$(meminfo_kb MemFree)
	slab=$(meminfo_kb Slab)
	spawn_with_area 64K
	must 2 touch "$AREA" 64K w
	must 2 fork
	must 3 touch "$AREA" 32K w
	must 3 exit
	must 2 exit
	assert_equal "$(meminfo_kb AnonPages)" "$anon"
	assert_equal "$(meminfo_kb PageTables)" "$pt"
	# All but the slabs of the machine's first anon_vmas and their chains,
	# which stay, empty, on their caches' partial lists (min_partial).
	assert_equal "$(meminfo_kb Slab)" "$((slab + 8))"
	assert_equal "$(meminfo_kb MemFree)" "$((free - 8))"
}
