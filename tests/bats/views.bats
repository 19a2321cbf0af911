#!/usr/bin/env bats
# views.bats - every view of the tree, checked byte for byte where Linux's
# format is fixed: maps padding, the smaps field list and layout (taken
# from the host kernel at run time), smaps_rollup, pagemap bits and its
# EINVAL, status/statm/stat consistency, mem, clear_refs, kpagecount and
# kpageflags, meminfo and vmstat deltas, and the global text files.

load helpers

setup() { mmsim_setup; }
teardown() { mmsim_teardown; }

# status_line NAME KB: a status line exactly as Linux prints it.
status_line() {
	printf '%s:\t%8s kB\n' "$1" "$2"
}

# ---- maps ----

@test "maps: [stack], [heap] and unnamed lines with Linux's padding" {
	must spawn
	must 2 brk 0x55555555b000
	must 2 mmap 0 16K rw- private,anonymous
	run -0 cat "$(view 2 maps)"
	assert_output "555555559000-55555555b000 rw-p 00000000 00:00 0                          [heap]
7ffff7ffb000-7ffff7fff000 rw-p 00000000 00:00 0 
7ffffffde000-7ffffffff000 rw-p 00000000 00:00 0                          [stack]"
}

@test "maps: a shared anonymous mapping is /dev/zero (deleted) on 00:01" {
	must spawn
	must 2 mmap 0 16K rw- shared,anonymous
	must 2 mmap 0 16K r-- shared,anonymous
	local ino1 ino2
	ino1=$(awk '/^7ffff7ffb000-/ { print $5 }' "$(view 2 maps)")
	ino2=$(awk '/^7ffff7ff7000-/ { print $5 }' "$(view 2 maps)")
	[[ $ino1 =~ ^[1-9][0-9]*$ ]] || fail "bad inode '$ino1'"
	[[ $ino1 != "$ino2" ]] || fail "two shared mappings share inode $ino1"
	run -0 cat "$(view 2 maps)"
	assert_output "$(maps_line 0x7ffff7ff7000 0x7ffff7ffb000 r--s 00000000 00:01 "$ino2" '/dev/zero (deleted)')
$(maps_line 0x7ffff7ffb000 0x7ffff7fff000 rw-s 00000000 00:01 "$ino1" '/dev/zero (deleted)')
$(stack_line)"
}

@test "maps: the offset of a shared mapping follows a partial munmap" {
	must spawn
	must 2 mmap 0 16K rw- shared,anonymous
	local ino
	ino=$(awk '/^7ffff7ffb000-/ { print $5 }' "$(view 2 maps)")
	must 2 munmap 0x7ffff7ffb000 4K
	run -0 cat "$(view 2 maps)"
	assert_output "$(maps_line 0x7ffff7ffc000 0x7ffff7fff000 rw-s 00001000 00:01 "$ino" '/dev/zero (deleted)')
$(stack_line)"
}

# ---- smaps and smaps_rollup ----

# busy_process: PID 2 with one VMA of each kind.
busy_process() {
	must spawn
	must 2 brk 0x55555555d000
	must 2 touch 0x555555559000 8K w
	must 2 mmap 0 64K rw- private,anonymous
	must 2 touch 0x7ffff7fef000 16K w
	must 2 touch 0x7ffff7ff7000 8K r
	must 2 mmap 0 16K rw- shared,anonymous
	must 2 touch 0x7ffff7feb000 8K w
	must 2 mmap 0 16K rw- private,anonymous,locked
	must 2 mmap 0 16K r-- private,anonymous
	must 2 mmap 0x7ffff0000000 16K rw- private,anonymous,growsdown,fixed
	must 2 touch 0x7ffffffdd000 4K w
	must 2 fork
}

@test "smaps: every VMA has the host kernel's fields, in its order and layout" {
	mount_machine --cpu=host
	busy_process
	local pid
	for pid in 1 2 3; do
		run -0 python3 "$BATS_TEST_DIRNAME/smaps_check.py" smaps "$(view $pid smaps)"
		assert_output ok
	done
	# smaps lists the same VMAs as maps, in the same order.
	run -0 bash -c "grep -E '^[0-9a-f]+-[0-9a-f]+ ' '$(view 2 smaps)'"
	assert_output "$(cat "$(view 2 maps)")"
}

@test "smaps: values of a written, a zero-page and an untouched VMA" {
	must spawn
	must 2 mmap 0 64K rw- private,anonymous
	must 2 touch 0x7ffff7fef000 8K w
	must 2 touch 0x7ffff7ff1000 8K r
	run -0 vma_block 2 0x7ffff7fef000
	assert_output "7ffff7fef000-7ffff7fff000 rw-p 00000000 00:00 0 
Size:                 64 kB
KernelPageSize:        4 kB
MMUPageSize:           4 kB
Rss:                   8 kB
Pss:                   8 kB
Pss_Dirty:             8 kB
Shared_Clean:          0 kB
Shared_Dirty:          0 kB
Private_Clean:         0 kB
Private_Dirty:         8 kB
Referenced:            8 kB
Anonymous:             8 kB
KSM:                   0 kB
LazyFree:              0 kB
AnonHugePages:         0 kB
ShmemPmdMapped:        0 kB
FilePmdMapped:         0 kB
Shared_Hugetlb:        0 kB
Private_Hugetlb:       0 kB
Swap:                  0 kB
SwapPss:               0 kB
Locked:                0 kB
THPeligible:           0$(pkey_line 0)
VmFlags: rd wr mr mw me ac "
}

@test "smaps_rollup: host layout, [rollup] header, sums of smaps" {
	mount_machine --cpu=host
	busy_process
	run -0 python3 "$BATS_TEST_DIRNAME/smaps_check.py" rollup "$(view 2 smaps_rollup)"
	assert_output ok
	run -0 head -n 1 "$(view 2 smaps_rollup)"
	assert_output "$(maps_line 0x555555559000 0x7ffffffff000 ---p 00000000 00:00 0 '[rollup]')"
	local field sum
	for field in Rss Shared_Clean Shared_Dirty Private_Clean Private_Dirty Referenced Anonymous Locked; do
		sum=$(awk -v f="$field:" '$1 == f { s += $2 } END { print s }' "$(view 2 smaps)")
		run -0 awk -v f="$field:" '$1 == f { print $2 }' "$(view 2 smaps_rollup)"
		[[ $output == "$sum" ]] || fail "rollup $field is $output kB, the VMAs sum to $sum kB"
	done
}

@test "smaps_rollup: Pss split into anon and shmem" {
	must spawn
	must 2 mmap 0 16K rw- private,anonymous
	must 2 touch 0x7ffff7ffb000 16K w
	must 2 mmap 0 16K rw- shared,anonymous
	must 2 touch 0x7ffff7ff7000 8K w
	must 2 fork
	must 3 touch 0x7ffff7ff7000 8K r
	run -0 grep -E '^(Rss|Pss|Pss_Dirty|Pss_Anon|Pss_File|Pss_Shmem):' "$(view 2 smaps_rollup)"
	assert_output "Rss:                  24 kB
Pss:                  12 kB
Pss_Dirty:            12 kB
Pss_Anon:              8 kB
Pss_File:              0 kB
Pss_Shmem:             4 kB"
}

@test "smaps: Pss of a page shared by three processes rounds down like Linux" {
	must spawn
	must 2 mmap 0 16K rw- private,anonymous
	must 2 touch 0x7ffff7ffb000 12K w
	must 2 fork
	must 2 fork
	# 3 pages x 4/3 kB, summed in fixed point: 3.99 kB prints as 3.
	run -0 smaps_field 2 0x7ffff7ffb000 Pss
	assert_output "3 kB"
	run -0 awk '$1 == "Pss:" { print $2 }' "$(view 4 smaps_rollup)"
	assert_output 3
}

# ---- a zombie's views ----

@test "a zombie's views: no memory, as /proc shows an exited task" {
	must spawn
	must 2 mmap 0 16K rw- private,anonymous
	must 2 touch 0x7ffff7ffb000 16K w
	must 2 fork
	must 3 exit
	run -0 status_field 3 State
	assert_output "Z (zombie)"
	run -1 grep '^Vm' "$(view 3 status)"
	run -0 cat "$(view 3 statm)"
	assert_output "0 0 0 0 0 0 0"
	run -0 cat "$(view 3 maps)"
	assert_output ""
	run -0 cat "$(view 3 smaps)"
	assert_output ""
	run -0 cut -d' ' -f3 "$(view 3 stat)"
	assert_output Z
	run -0 io pread "$(view 3 pagemap)" 0 8
	assert_output "error: ESRCH"
	run -0 io pread "$(view 3 mem)" $((0x7ffff7ffb000)) 8
	assert_output "error: ESRCH"
	run -1 cat "$(view 3 smaps_rollup)"
}

@test "files opened before a process exits: EOF after, clear_refs ESRCH once reaped" {
	# As Linux 6.18: pagemap and mem read (and write) nothing once the
	# mm is gone, whatever the size asked; clear_refs is accepted for a
	# zombie and fails ESRCH once the task is reaped.
	must spawn
	must 2 mmap 0 16K rw- private,anonymous
	must 2 touch 0x7ffff7ffb000 16K w
	run -0 mm 2 fork
	assert_output 3
	run -0 python3 - "$MMSIM_MOUNT" <<'EOF'
import errno, os, subprocess, sys
mnt = sys.argv[1]
def show(what, call):
    try:
        r = call()
        print(what, len(r) if isinstance(r, bytes) else r)
    except OSError as e:
        print(what, errno.errorcode[e.errno])
pm = os.open(mnt + "/3/pagemap", os.O_RDONLY)
mem = os.open(mnt + "/3/mem", os.O_RDWR)
cr = os.open(mnt + "/3/clear_refs", os.O_WRONLY)
subprocess.run([os.environ["MMCTL"], "-m", mnt, "3", "exit"], check=True)
for state in ("zombie", "reaped"):
    show(state + " pagemap 8:", lambda: os.pread(pm, 8, 0x7ffff7ffb000 // 4096 * 8))
    show(state + " pagemap 12:", lambda: os.pread(pm, 12, 0))
    show(state + " mem read:", lambda: os.pread(mem, 8, 0x7ffff7ffb000))
    show(state + " mem write:", lambda: os.pwrite(mem, b"x", 0x7ffff7ffb000))
    show(state + " clear_refs:", lambda: os.write(cr, b"1"))
    if state == "zombie":
        subprocess.run([os.environ["MMCTL"], "-m", mnt, "2", "wait"],
                       check=True, stdout=subprocess.DEVNULL)
EOF
	assert_output "zombie pagemap 8: 0
zombie pagemap 12: 0
zombie mem read: 0
zombie mem write: 0
zombie clear_refs: 1
reaped pagemap 8: 0
reaped pagemap 12: 0
reaped mem read: 0
reaped mem write: 0
reaped clear_refs: ESRCH"
}

# ---- pagemap ----

@test "pagemap: reads at an offset or of a size not a multiple of 8 fail EINVAL" {
	must spawn
	local pm
	pm=$(view 2 pagemap)
	run -0 io pread "$pm" 4 8
	assert_output "error: EINVAL"
	run -0 io pread "$pm" 0 7
	assert_output "error: EINVAL"
	run -0 io pread "$pm" 8 12
	assert_output "error: EINVAL"
	run -0 io pread "$pm" 8 16
	assert_output 00000000000000000000000000000000
	run ! dd if="$pm" bs=5 count=1 status=none of=/dev/null
}

@test "pagemap: present, exclusive, file and PFN bits" {
	must spawn
	must 2 mmap 0 16K rw- private,anonymous
	must 2 touch 0x7ffff7ffb000 4K w
	must 2 touch 0x7ffff7ffc000 4K r
	must 2 mmap 0 16K rw- shared,anonymous
	must 2 touch 0x7ffff7ff7000 4K w
	run -0 pagemap_entry 2 0x7ffff7ff7000 8
	assert_line -n 0 --regexp '^present=1 swapped=0 file=1 exclusive=1 softdirty=0 pfn=[1-9][0-9]*$'
	assert_line -n 1 "present=0 swapped=0 file=0 exclusive=0 softdirty=0 pfn=0"
	assert_line -n 4 --regexp '^present=1 swapped=0 file=0 exclusive=1 softdirty=0 pfn=[1-9][0-9]*$'
	assert_line -n 5 --regexp '^present=1 swapped=0 file=0 exclusive=0 softdirty=0 pfn=[0-9]+$'
	assert_line -n 6 "present=0 swapped=0 file=0 exclusive=0 softdirty=0 pfn=0"
	# The raw word of an absent page is all zeros; bits 57-60 are never set.
	run -0 io pread "$(view 2 pagemap)" $((0x7ffff7ffd000 / 4096 * 8)) 8
	assert_output 0000000000000000
}

@test "pagemap: dd reads one entry per 8 bytes at the page's offset" {
	must spawn
	must 2 mmap 0 16K rw- private,anonymous
	must 2 touch 0x7ffff7ffb000 4K w
	local pfn
	pfn=$(pagemap_pfn 2 0x7ffff7ffb000)
	run -0 bash -c "dd if='$(view 2 pagemap)' bs=8 skip=$((0x7ffff7ffb000 / 4096)) count=1 status=none | od -An -tu8 | tr -d ' '"
	assert_output "$(printf '%u' $((1 << 63 | 1 << 56 | pfn)))"
}

@test "pagemap: soft-dirty with --soft-dirty follows writes and clear_refs 4" {
	mount_machine --soft-dirty
	must spawn
	must 2 mmap 0 16K rw- private,anonymous
	run -0 smaps_field 2 0x7ffff7ffb000 VmFlags
	assert_output "rd wr mr mw me ac sd"
	must 2 touch 0x7ffff7ffb000 4K w
	run -0 pagemap_entry 2 0x7ffff7ffb000 2
	assert_line -n 0 --regexp '^present=1 swapped=0 file=0 exclusive=1 softdirty=1 pfn=[1-9][0-9]*$'
	assert_line -n 1 "present=0 swapped=0 file=0 exclusive=0 softdirty=1 pfn=0"
	run -0 io write "$(view 2 clear_refs)" 4
	assert_output 1
	run -0 smaps_field 2 0x7ffff7ffb000 VmFlags
	assert_output "rd wr mr mw me ac"
	run -0 pagemap_entry 2 0x7ffff7ffb000 2
	assert_line -n 0 --regexp '^present=1 swapped=0 file=0 exclusive=1 softdirty=0 pfn=[1-9][0-9]*$'
	assert_line -n 1 "present=0 swapped=0 file=0 exclusive=0 softdirty=0 pfn=0"
	# The write-protected PTE faults once more and is soft-dirty again.
	run -0 mm 2 touch 0x7ffff7ffb000 4K w
	assert_output "pages=1 faults=1 anon=0 zero=0 cow=0 reuse=1 shmem=0"
	run -0 pagemap_entry 2 0x7ffff7ffb000
	assert_output --regexp '^present=1 swapped=0 file=0 exclusive=1 softdirty=1 pfn=[1-9][0-9]*$'
}

@test "pagemap: no soft-dirty bit and no sd flag with --no-soft-dirty" {
	mount_machine --no-soft-dirty
	must spawn
	must 2 mmap 0 16K rw- private,anonymous
	must 2 touch 0x7ffff7ffb000 4K w
	run -0 smaps_field 2 0x7ffff7ffb000 VmFlags
	assert_output "rd wr mr mw me ac"
	run -0 smaps_field 2 0x7ffffffde000 VmFlags
	assert_output "rd wr mr mw me gd ac"
	run -0 pagemap_entry 2 0x7ffff7ffb000 2
	assert_line -n 0 --regexp '^present=1 swapped=0 file=0 exclusive=1 softdirty=0 pfn=[1-9][0-9]*$'
	assert_line -n 1 "present=0 swapped=0 file=0 exclusive=0 softdirty=0 pfn=0"
}

# ---- status, statm, stat ----

@test "status, statm and stat agree with the address space" {
	run -0 mm spawn proc
	must 2 brk 0x55555555b000
	must 2 mmap 0 64K rw- private,anonymous
	must 2 touch 0x7ffff7fef000 16K w
	local st
	st=$(view 2 status)
	run -0 grep -x $'Name:\tproc' "$st"
	run -0 grep -x $'Pid:\t2' "$st"
	run -0 grep -x $'PPid:\t1' "$st"
	run -0 grep -E '^Vm|^Rss' "$st"
	assert_output "$(status_line VmPeak 204)
$(status_line VmSize 204)
$(status_line VmLck 0)
$(status_line VmPin 0)
$(status_line VmHWM 16)
$(status_line VmRSS 16)
$(status_line RssAnon 16)
$(status_line RssFile 0)
$(status_line RssShmem 0)
$(status_line VmData 72)
$(status_line VmStk 132)
$(status_line VmExe 0)
$(status_line VmLib 0)
$(status_line VmPTE 12)
$(status_line VmSwap 0)"
	run -0 cat "$(view 2 statm)"
	assert_output "51 4 0 0 0 51 0"
	run -0 cat "$(view 2 stat)"
	local -a f
	read -r -a f <<<"$output"
	assert_equal "${#f[@]}" 52
	assert_equal "${f[0]}" 2
	assert_equal "${f[1]}" "(proc)"
	assert_equal "${f[3]}" 1
	assert_equal "${f[19]}" 1
	assert_equal "${f[22]}" $((204 * 1024))
	assert_equal "${f[23]}" 4
}

@test "status: VmPeak and VmHWM keep the high-water marks" {
	must spawn
	must 2 mmap 0 64K rw- private,anonymous
	must 2 touch 0x7ffff7fef000 16K w
	must 2 munmap 0x7ffff7fef000 64K
	run -0 grep -E '^Vm(Peak|Size|HWM|RSS):' "$(view 2 status)"
	assert_output "$(status_line VmPeak 196)
$(status_line VmSize 132)
$(status_line VmHWM 16)
$(status_line VmRSS 0)"
}

# ---- mem ----

@test "mem: reads and writes simulated bytes at virtual offsets" {
	must spawn
	must 2 mmap 0 16K rw- private,anonymous
	must 2 store 0x7ffff7ffc000 '"abcdef"'
	run -0 io pread "$(view 2 mem)" $((0x7ffff7ffc000)) 6
	assert_output 616263646566
	run -0 io pwrite "$(view 2 mem)" $((0x7ffff7ffc002)) 5859
	assert_output 2
	run -0 mm 2 load 0x7ffff7ffc000 6
	assert_output 616258596566
	# Reads across a page boundary and of never-touched memory.
	run -0 io pread "$(view 2 mem)" $((0x7ffff7ffbffe)) 4
	assert_output 00006162
}

@test "mem: unmapped memory reads fail EIO" {
	must spawn
	run -0 io pread "$(view 2 mem)" $((0x7ffff0000000)) 8
	assert_output "error: EIO"
}

@test "mem: writes force their way into a read-only private mapping" {
	must spawn
	must 2 mmap 0 16K r-- private,anonymous
	run -0 io pwrite "$(view 2 mem)" $((0x7ffff7ffb000)) 4869
	assert_output 2
	run -0 mm 2 load 0x7ffff7ffb000 2
	assert_output 4869
	run -0 smaps_field 2 0x7ffff7ffb000 Anonymous
	assert_output "4 kB"
	run -4 mm 2 touch 0x7ffff7ffb000 4K w
	assert_output "SIGSEGV SEGV_ACCERR 0x7ffff7ffb000"
}

@test "mem: a write into a COW-shared page breaks COW for the writer only" {
	must spawn
	must 2 mmap 0 16K rw- private,anonymous
	must 2 store 0x7ffff7ffb000 '"same"'
	must 2 fork
	run -0 io pwrite "$(view 3 mem)" $((0x7ffff7ffb000)) 44494646
	assert_output 4
	run -0 mm 3 load 0x7ffff7ffb000 4
	assert_output 44494646
	run -0 mm 2 load 0x7ffff7ffb000 4
	assert_output 73616d65
	[[ $(pagemap_pfn 2 0x7ffff7ffb000) != "$(pagemap_pfn 3 0x7ffff7ffb000)" ]] ||
		fail "parent and child still share the frame"
}

# ---- clear_refs ----

@test "clear_refs 1 clears every referenced bit; an access sets it again" {
	must spawn
	must 2 mmap 0 16K rw- private,anonymous
	must 2 touch 0x7ffff7ffb000 16K w
	run -0 io write "$(view 2 clear_refs)" 1
	assert_output 1
	run -0 smaps_field 2 0x7ffff7ffb000 Referenced
	assert_output "0 kB"
	run -0 mm 2 touch 0x7ffff7ffb000 4K r
	assert_output "pages=1 faults=0 anon=0 zero=0 cow=0 reuse=0 shmem=0"
	run -0 smaps_field 2 0x7ffff7ffb000 Referenced
	assert_output "4 kB"
	run -0 smaps_field 2 0x7ffff7ffb000 Rss
	assert_output "16 kB"
}

@test "clear_refs 2 clears anonymous VMAs only, 3 file-backed (shmem) only" {
	must spawn
	must 2 mmap 0 16K rw- private,anonymous
	must 2 touch 0x7ffff7ffb000 16K w
	must 2 mmap 0 16K rw- shared,anonymous
	must 2 touch 0x7ffff7ff7000 8K w
	run -0 io write "$(view 2 clear_refs)" 3
	assert_output 1
	run -0 smaps_field 2 0x7ffff7ffb000 Referenced
	assert_output "16 kB"
	run -0 smaps_field 2 0x7ffff7ff7000 Referenced
	assert_output "0 kB"
	must 2 touch 0x7ffff7ff7000 8K r
	run -0 io write "$(view 2 clear_refs)" 2
	assert_output 1
	run -0 smaps_field 2 0x7ffff7ffb000 Referenced
	assert_output "0 kB"
	run -0 smaps_field 2 0x7ffff7ff7000 Referenced
	assert_output "8 kB"
}

@test "clear_refs 4 leaves the referenced bits; 5 resets VmHWM" {
	must spawn
	must 2 mmap 0 16K rw- private,anonymous
	must 2 touch 0x7ffff7ffb000 16K w
	run -0 io write "$(view 2 clear_refs)" 4
	assert_output 1
	run -0 smaps_field 2 0x7ffff7ffb000 Referenced
	assert_output "16 kB"
	must 2 madvise 0x7ffff7ffb000 8K dontneed
	run -0 grep -E '^Vm(HWM|RSS):' "$(view 2 status)"
	assert_output "$(status_line VmHWM 16)
$(status_line VmRSS 8)"
	run -0 io write "$(view 2 clear_refs)" 5
	assert_output 1
	run -0 grep -E '^Vm(HWM|RSS):' "$(view 2 status)"
	assert_output "$(status_line VmHWM 8)
$(status_line VmRSS 8)"
}

@test "clear_refs accepts a trailing newline and rejects 0, 6 and words with EINVAL" {
	must spawn
	run -0 io write "$(view 2 clear_refs)" $'1\n'
	assert_output 2
	run -0 io write "$(view 2 clear_refs)" 0
	assert_output "error: EINVAL"
	run -0 io write "$(view 2 clear_refs)" 6
	assert_output "error: EINVAL"
	run -0 io write "$(view 2 clear_refs)" one
	assert_output "error: EINVAL"
}

# ---- kpagecount and kpageflags ----

@test "kpagecount and kpageflags describe the frames that pagemap names" {
	must spawn
	must 2 mmap 0 16K rw- private,anonymous
	must 2 touch 0x7ffff7ffb000 4K w
	must 2 touch 0x7ffff7ffc000 4K r
	local anon zero flags
	anon=$(pagemap_pfn 2 0x7ffff7ffb000)
	zero=$(pagemap_pfn 2 0x7ffff7ffc000)
	run -0 kpage kpagecount "$anon"
	assert_output 1
	flags=$(kpage kpageflags "$anon")
	# KPF_MMAP (11) and KPF_ANON (12) set; KPF_BUDDY (10), KPF_ZERO_PAGE
	# (24) and KPF_NOPAGE (20) clear.
	assert_equal "$(((flags >> 11) & 1)) $(((flags >> 12) & 1))" "1 1"
	assert_equal "$(((flags >> 10) & 1)) $(((flags >> 24) & 1)) $(((flags >> 20) & 1))" "0 0 0"
	flags=$(kpage kpageflags "$zero")
	assert_equal "$(((flags >> 24) & 1)) $(((flags >> 12) & 1))" "1 0"
	must 2 fork
	run -0 kpage kpagecount "$anon"
	assert_output 2
	must 2 munmap 0x7ffff7ffb000 16K
	run -0 kpage kpagecount "$anon"
	assert_output 1
	must 3 munmap 0x7ffff7ffb000 16K
	run -0 kpage kpagecount "$anon"
	assert_output 0
	flags=$(kpage kpageflags "$anon")
	assert_equal "$(((flags >> 11) & 1)) $(((flags >> 12) & 1))" "0 0"
}

@test "kpagecount holds 8 bytes per frame of --mem" {
	mount_machine --mem=16M
	run -0 bash -c "wc -c < '$MMSIM_MOUNT/kpagecount'"
	assert_output 32768
	run -0 bash -c "wc -c < '$MMSIM_MOUNT/kpageflags'"
	assert_output 32768
	run -0 io pread "$MMSIM_MOUNT/kpagecount" 3 8
	assert_output "error: EINVAL"
}

# ---- meminfo and vmstat ----

@test "meminfo: MemTotal is --mem; touching 4 pages moves AnonPages, PageTables, MemFree" {
	run -0 grep '^MemTotal:' "$MMSIM_MOUNT/meminfo"
	assert_output "MemTotal:         262144 kB"
	must spawn
	must 2 mmap 0 64K rw- private,anonymous
	local anon pt free slab
	anon=$(meminfo_kb AnonPages)
	pt=$(meminfo_kb PageTables)
	free=$(meminfo_kb MemFree)
	slab=$(meminfo_kb Slab)
	must 2 touch 0x7ffff7fef000 16K w
	assert_equal "$(meminfo_kb AnonPages)" "$((anon + 16))"
	# pud, pmd and pte tables for the first touch: 3 frames.
	assert_equal "$(meminfo_kb PageTables)" "$((pt + 12))"
	# The machine's first anon_vma and anon_vma_chain: a slab each.
	assert_equal "$(meminfo_kb Slab)" "$((slab + 8))"
	assert_equal "$(meminfo_kb MemFree)" "$((free - 16 - 12 - 8))"
	run -0 status_field 2 VmPTE
	assert_output "12 kB"
}

@test "meminfo: Committed_AS counts accountable mappings, Shmem and Mapped shared pages" {
	must spawn
	local committed shmem mapped
	committed=$(meminfo_kb Committed_AS)
	must 2 mmap 0 64K rw- private,anonymous
	assert_equal "$(meminfo_kb Committed_AS)" "$((committed + 64))"
	must 2 mmap 0 64K rw- private,anonymous,noreserve
	assert_equal "$(meminfo_kb Committed_AS)" "$((committed + 64))"
	must 2 munmap 0x7ffff7fef000 64K
	assert_equal "$(meminfo_kb Committed_AS)" "$committed"
	shmem=$(meminfo_kb Shmem)
	mapped=$(meminfo_kb Mapped)
	must 2 mmap 0 16K rw- shared,anonymous
	must 2 touch 0x7ffff7ffb000 8K w
	assert_equal "$(meminfo_kb Shmem)" "$((shmem + 8))"
	assert_equal "$(meminfo_kb Mapped)" "$((mapped + 8))"
}

@test "vmstat: pgfault counts faults" {
	must spawn
	must 2 mmap 0 64K rw- private,anonymous
	local before
	before=$(vmstat_val pgfault)
	[[ $before =~ ^[0-9]+$ ]] || fail "no pgfault in vmstat"
	must 2 touch 0x7ffff7fef000 16K w
	assert_equal "$(vmstat_val pgfault)" "$((before + 4))"
	run -0 grep -cE '^[a-z_0-9]+ [0-9]+$' "$MMSIM_MOUNT/vmstat"
	assert_equal "$output" "$(wc -l < "$MMSIM_MOUNT/vmstat")"
	run -0 grep -c '^pgmajfault ' "$MMSIM_MOUNT/vmstat"
	assert_output 1
}

# ---- global text files ----

@test "uptime, version and stat have Linux's formats" {
	run -0 cat "$MMSIM_MOUNT/uptime"
	assert_regex "$output" '^[0-9]+\.[0-9]{2} [0-9]+\.[0-9]{2}$'
	run -0 cat "$MMSIM_MOUNT/version"
	assert_regex "$output" '^Linux version [^ ]+ .+$'
	assert_equal "${#lines[@]}" 1
	run -0 cat "$MMSIM_MOUNT/stat"
	assert_regex "${lines[0]}" '^cpu  [0-9]+( [0-9]+){9}$'
	assert_line --regexp '^btime [0-9]+$'
	assert_line --regexp '^processes [0-9]+$'
	assert_line --regexp '^procs_running [0-9]+$'
	assert_line --regexp '^procs_blocked [0-9]+$'
	local btime
	btime=$(awk '$1 == "btime" { print $2 }' "$MMSIM_MOUNT/stat")
	((btime > 1600000000 && btime <= $(date +%s))) || fail "btime $btime is not a boot time"
}

@test "stat: processes counts spawns and forks" {
	local n
	n=$(awk '$1 == "processes" { print $2 }' "$MMSIM_MOUNT/stat")
	must spawn
	must 2 fork
	run -0 awk '$1 == "processes" { print $2 }' "$MMSIM_MOUNT/stat"
	assert_output "$((n + 2))"
}

# ---- snapshots ----

@test "a view is rendered once per open: later reads see the same snapshot" {
	must spawn
	must 2 mmap 0 64K rw- private,anonymous
	local before
	before=$(cat "$(view 2 smaps)")
	run -0 io split "$(view 2 smaps)" 100 "'$MMCTL' -m '$MMSIM_MOUNT' 2 touch 0x7ffff7fef000 64K w"
	assert_output "$before"
	run -0 smaps_field 2 0x7ffff7fef000 Rss
	assert_output "64 kB"
}
