#!/usr/bin/env bats
# cpu.bats - the machine description (mmsimfs --cpu=...): what the views
# and the engine show on a CPU with protection keys and without, in each
# THP mode and with each fault-around window; that --cpu=host follows the
# host kernel; and that a bad description is refused.
#
# Every test pins its own description, so each gives one result on every
# host, except those that compare with the host and say --cpu=host.

load helpers

setup() { :; }
teardown() { mmsim_teardown; }

# smaps_names PID: the field names of the first VMA block of PID's smaps.
smaps_names() {
	awk '/^[0-9a-f]+-[0-9a-f]+ / { n++; next } n == 1 { sub(/:.*/, ""); print }' \
		"$(view "$1" smaps)" | tr '\n' ' '
}

# The smaps field list of Linux 6.18 on x86-64 without and with keys.
SMAPS_FIELDS="Size KernelPageSize MMUPageSize Rss Pss Pss_Dirty Shared_Clean Shared_Dirty Private_Clean Private_Dirty Referenced Anonymous KSM LazyFree AnonHugePages ShmemPmdMapped FilePmdMapped Shared_Hugetlb Private_Hugetlb Swap SwapPss Locked THPeligible"

@test "cpu: ProtectionKey comes between THPeligible and VmFlags exactly when the CPU has keys" {
	local cpu want
	for cpu in default default,pku; do
		mount_machine --cpu=$cpu
		must spawn
		must 2 mmap 0 64K rw- private,anonymous
		must 2 mmap 0 16K rw- shared,anonymous
		want="$SMAPS_FIELDS "
		[[ $cpu == *pku ]] && want+="ProtectionKey "
		want+="VmFlags "
		assert_equal "$(smaps_names 2)" "$want"
		# Every block of every process, the shared one and [stack] too.
		run grep -c '^ProtectionKey:         0$' "$(view 2 smaps)"
		[[ $cpu == *pku ]] && assert_output 3 || assert_output 0
		run grep -c '^ProtectionKey:' "$(view 1 smaps)"
		[[ $cpu == *pku ]] && assert_output 1 || assert_output 0
		# The rollup never has it.
		run -1 grep -c ProtectionKey "$(view 2 smaps_rollup)"
		unmount_machine
	done
}

@test "cpu: with keys an execute-only mapping gets key 1, and a data access of it is SEGV_PKUERR" {
	mount_machine --cpu=pku
	spawn_with_area 16K --x
	assert_equal "$(smaps_field "$PID" "$AREA" ProtectionKey)" 1
	# The key's bits show only as ProtectionKey, never in VmFlags.
	assert_equal "$(smaps_field "$PID" "$AREA" VmFlags)" "ex mr mw me"
	# An instruction fetch ignores keys: it maps the page.
	run -0 mm "$PID" touch "$AREA" 4K x
	assert_output "pages=1 faults=1 anon=0 zero=1 cow=0 reuse=0 shmem=0"
	# A read through the present PTE, then one with no PTE yet.
	run -0 mm "$PID" fork
	local child=$output
	run -4 mm "$PID" touch "$AREA" 4K r
	assert_output "SIGSEGV SEGV_PKUERR $(hex "$AREA")"
	# The child inherited the key and the PKRU that denies it.
	run -4 mm "$child" touch "$(page_addr "$AREA" 2)" 4K w
	assert_output "SIGSEGV SEGV_PKUERR $(page_addr "$AREA" 2)"
}

@test "cpu: without keys an execute-only mapping has no key and can be read" {
	mount_machine --cpu=nopku
	spawn_with_area 16K --x
	run -1 grep -c ProtectionKey "$(view "$PID" smaps)"
	run -0 mm "$PID" touch "$AREA" 4K r
	assert_output "pages=1 faults=1 anon=0 zero=1 cow=0 reuse=0 shmem=0"
	run -4 mm "$PID" touch "$AREA" 4K w
	assert_output "SIGSEGV SEGV_ACCERR $(hex "$AREA")"
}

@test "cpu: mprotect moves a mapping to the execute-only key and back to key 0" {
	mount_machine --cpu=pku
	spawn_with_area 16K r-x
	must "$PID" touch "$AREA" 16K r
	assert_equal "$(smaps_field "$PID" "$AREA" ProtectionKey)" 0
	# One page becomes execute-only: a VMA of its own under key 1.
	must "$PID" mprotect "$(page_addr "$AREA" 1)" 4K --x
	assert_equal "$(smaps_field "$PID" "$(page_addr "$AREA" 1)" ProtectionKey)" 1
	assert_equal "$(smaps_field "$PID" "$AREA" ProtectionKey)" 0
	run -0 grep -c '^[0-9a-f]' "$(view "$PID" maps)"
	assert_output 4
	# A second execute-only mapping shares key 1.
	run -0 mm "$PID" mmap 0 4K --x private,anonymous
	assert_equal "$(smaps_field "$PID" "$output" ProtectionKey)" 1
	# Readable again: key 0, and the three pieces merge back.
	must "$PID" mprotect "$(page_addr "$AREA" 1)" 4K r-x
	assert_equal "$(smaps_field "$PID" "$AREA" ProtectionKey)" 0
	assert_equal "$(smaps_field "$PID" "$AREA" Size)" "16 kB"
	run -0 mm "$PID" touch "$(page_addr "$AREA" 1)" 4K r
	assert_output "pages=1 faults=0 anon=0 zero=0 cow=0 reuse=0 shmem=0"
}

@test "cpu: /proc/PID/mem reads execute-only memory: keys do not apply to another process" {
	mount_machine --cpu=pku
	spawn_with_area 4K --x
	run -0 io pread "$(view "$PID" mem)" "$((AREA))" 4
	assert_output "00000000"
}

@test "cpu: THPeligible follows the THP mode for a VMA that holds an aligned 2 MiB page" {
	local mode want
	for mode in always madvise never; do
		mount_machine --cpu=thp=$mode
		must spawn
		# 4 MiB is placed PMD-aligned; 2 MiB + 4K need not be aligned
		# but still holds one aligned huge page; 1 MiB cannot.
		run -0 mm 2 mmap 0 4M rw- private,anonymous
		local big=$output
		run -0 mm 2 mmap 0 1M rw- private,anonymous
		local small=$output
		run -0 mm 2 mmap 0 4M rw- shared,anonymous
		local shared=$output
		want=0
		[[ $mode == always ]] && want=1
		assert_equal "$(smaps_field 2 "$big" THPeligible)" "$want"
		assert_equal "$(smaps_field 2 "$small" THPeligible)" 0
		# Shared anonymous memory is shmem: its own mode, "never".
		assert_equal "$(smaps_field 2 "$shared" THPeligible)" 0
		assert_equal "$(smaps_field 2 $STACK_START THPeligible)" 0
		unmount_machine
	done
}

@test "cpu: THPeligible needs a whole aligned huge page inside the VMA" {
	mount_machine --cpu=thp=always
	must spawn
	# 0x7fff00100000-0x7fff00300000: 2 MiB, but no aligned 2 MiB in it.
	must 2 mmap 0x7fff00100000 2M rw- private,anonymous,fixed
	assert_equal "$(smaps_field 2 0x7fff00100000 THPeligible)" 0
	# One page more (merged): the highest 2 MiB still starts unaligned.
	must 2 mmap 0x7fff00300000 4K rw- private,anonymous,fixed
	assert_equal "$(smaps_field 2 0x7fff00100000 THPeligible)" 0
	# 0x7fff00100000-0x7fff00400000 holds 0x7fff00200000-0x7fff00400000.
	must 2 mmap 0x7fff00301000 0xff000 rw- private,anonymous,fixed
	assert_equal "$(smaps_field 2 0x7fff00100000 Size)" "3072 kB"
	assert_equal "$(smaps_field 2 0x7fff00100000 THPeligible)" 1
}

# fault_around_rss BYTES: Rss (kB) of a child that read-faults page 5 of a
# 64K-aligned 64K shared mapping whose 16 pages its parent wrote, on a
# machine with fault_around_bytes=BYTES. The window is aligned to its own
# size, so it maps pages 0-15, 0-7, 4-7 or just 5.
fault_around_rss() {
	local area=0x7fff00000000 child
	mount_machine --cpu=fault_around_bytes=$1
	must spawn
	must 2 mmap $area 64K rw- shared,anonymous,fixed
	must 2 touch $area 64K w
	child=$(mmok 2 fork)
	# fork copies no PTEs of a shared mapping: the child faults.
	must "$child" touch "$(page_addr $area 5)" 4K r
	smaps_field "$child" $area Rss
	unmount_machine
}

@test "cpu: fault_around_bytes sets how many cached pages a read fault maps" {
	assert_equal "$(fault_around_rss 65536)" "64 kB"
	assert_equal "$(fault_around_rss 32768)" "32 kB"
	assert_equal "$(fault_around_rss 16K)" "16 kB"
	# One page: fault-around is off (should_fault_around()).
	assert_equal "$(fault_around_rss 4096)" "4 kB"
}

@test "cpu: --cpu=host follows the host kernel's ProtectionKey, THPeligible and soft-dirty" {
	mount_machine --cpu=host
	must spawn
	run -0 mm 2 mmap 0 4M rw- private,anonymous
	local big=$output
	# The host's own view of a 4 MiB anonymous mapping of its own.
	run -0 python3 -c '
import mmap, re
m = mmap.mmap(-1, 4 << 20)
m[0] = 1
text = open("/proc/self/smaps").read()
for block in re.split(r"\n(?=[0-9a-f]+-[0-9a-f]+ )", text):
    start, end = (int(x, 16) for x in block.split()[0].split("-"))
    if end - start == 4 << 20:
        pk = "ProtectionKey:" in block
        thp = re.search(r"THPeligible: +(\d)", block).group(1)
        sd = " sd" in re.search(r"VmFlags:.*", block).group(0)
        print(pk, thp, sd)
        break
'
	local host=$output
	local pk=False sd=False
	grep -q '^ProtectionKey:' "$(view 2 smaps)" && pk=True
	grep -q '^VmFlags:.* sd' "$(view 2 smaps)" && sd=True
	assert_equal "$pk $(smaps_field 2 "$big" THPeligible) $sd" "$host"
}

@test "cpu: a bad --cpu is refused with the reason, and nothing is mounted" {
	local dir spec
	dir=$(mktemp -d "$MMSIM_MOUNT_BASE/mmsim-bats.XXXXXX")
	for spec in "bogus:unknown item 'bogus'" \
		"thp=sometimes:thp=sometimes: not always, madvise or never" \
		"fault_around_bytes=3000:fault_around_bytes=3000: not a power of two from 4096 to 65536" \
		":empty description"; do
		run -1 "$MMSIMFS" -f "--cpu=${spec%%:*}" "$dir"
		assert_output --partial "mmsimfs: --cpu=${spec%%:*}: ${spec#*:}"
		run ! mountpoint -q "$dir"
	done
	rmdir "$dir"
}
