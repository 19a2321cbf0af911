#!/usr/bin/env bats
# psutil.bats - the real psutil, unchanged, with psutil.PROCFS_PATH set to
# the mount: Process.name(), memory_info() (statm), memory_full_info()
# (smaps_rollup, or smaps on kernels without it) and memory_maps() must
# give the views' own numbers, and those Linux's rules give.

load readers_helpers

setup() {
	PSUTIL_PY=$(psutil_python) || fail "no python3 with psutil (python3-psutil)"
	mmsim_setup
}
teardown() { readers_teardown; }

# psutil_of PID: what psutil says of PID on this test's machine.
psutil_of() {
	"$PSUTIL_PY" "$PSUTIL_PROBE" "$MMSIM_MOUNT" "$@"
}

@test "psutil: name, memory_info, memory_full_info, memory_maps equal the views" {
	scenario_family
	local pid
	for pid in 1 "$A" "$B" "$C"; do
		run -0 psutil_of "$pid"
		assert_output "$(procview psutil "$MMSIM_MOUNT" "$pid")"
	done
}

@test "psutil: memory_info and memory_full_info give Linux's numbers" {
	scenario_family
	# B: VmSize 64+32+132 = 228K; RSS = 16 anon + 6 shmem pages; statm
	# shared = RssFile + RssShmem = 24K; data = VmData + VmStk = 64K +
	# 132K (a shared mapping is not data); USS 16K, PSS 52K.
	run -0 psutil_of "$B"
	assert_line "name=alpha"
	assert_line "memory_info rss=$((88 * 1024)) vms=$((228 * 1024)) shared=$((24 * 1024)) text=0 lib=0 data=$((196 * 1024)) dirty=0"
	assert_line "memory_full_info uss=$((16 * 1024)) pss=$((52 * 1024)) swap=0"
	assert_line "smaps uss=$((16 * 1024)) pss=$((52 * 1024)) swap=0"
	assert_line "memory_maps count=3"
	# C's zero-page reads are not resident: only its 10 written pages.
	run -0 psutil_of "$C"
	assert_line "memory_info rss=$((40 * 1024)) vms=$((260 * 1024)) shared=0 text=0 lib=0 data=$((260 * 1024)) dirty=0"
	assert_line "map $(printf '%x-%x' "$Q" $((Q + 0x20000))) rw-p [anon] rss=$((40 * 1024)) size=$((128 * 1024)) pss=$((40 * 1024)) uss=$((40 * 1024)) swap=0"
}

@test "psutil: PSS from smaps_rollup is rounded once, from smaps per VMA" {
	scenario_thirds
	# 4 pages, each mapped by 3 processes, in 2 VMAs: the rollup says
	# 5461 bytes = 5 kB, the sum of the VMAs' Pss 2 + 2 kB.
	local pid
	for pid in "$A" "$B" "$D"; do
		run -0 psutil_of "$pid"
		assert_output "$(procview psutil "$MMSIM_MOUNT" "$pid")"
		assert_line "memory_full_info uss=0 pss=$((5 * 1024)) swap=0"
		assert_line "smaps uss=0 pss=$((4 * 1024)) swap=0"
		assert_line "memory_maps count=3"
	done
}

@test "psutil: memory_maps follows splits, holes and moves of VMAs" {
	local pid a m
	pid=$(mmok spawn splits) || fail "spawn"
	a=$(mmok "$pid" mmap 0 64K rw- private,anonymous) || fail "mmap"
	must "$pid" touch "$a" 64K w
	must "$pid" mprotect "$(page_addr "$a" 4)" 8K r--
	must "$pid" munmap "$(page_addr "$a" 10)" 4K
	must "$pid" madvise "$(page_addr "$a" 12)" 8K dontneed
	# Pages 6-7 grow to 16K: not at the end of their VMA, so they move,
	# top-down, to just below the area (the hole at page 10 is too small).
	m=$(mmok "$pid" mremap "$(page_addr "$a" 6)" 8K 16K maymove) || fail "mremap"
	assert_equal "$m" "$(hex $((a - 0x4000)))"
	run -0 psutil_of "$pid"
	assert_output "$(procview psutil "$MMSIM_MOUNT" "$pid")"
	# The moved 16K (its pgoff does not follow on, so no merge with the
	# area), [a, a+16K) rw, [a+16K, a+24K) r--, [a+32K, a+40K) rw,
	# [a+44K, a+64K) rw with pages 12-13 dropped, the stack.
	assert_line "memory_maps count=6"
	assert_line "map $(printf '%x-%x' "$m" $((m + 0x4000))) rw-p [anon] rss=8192 size=16384 pss=8192 uss=8192 swap=0"
	assert_line "map $(printf '%x-%x' $((a + 0x8000)) $((a + 0xa000))) rw-p [anon] rss=8192 size=8192 pss=8192 uss=8192 swap=0"
	assert_line "map $(printf '%x-%x' $((a + 0xb000)) $((a + 0x10000))) rw-p [anon] rss=12288 size=20480 pss=12288 uss=12288 swap=0"
	# data = VmData (writable private: 16+16+8+20K) + VmStk 132K.
	assert_line "memory_info rss=$((52 * 1024)) vms=$((200 * 1024)) shared=0 text=0 lib=0 data=$((192 * 1024)) dirty=0"
}

@test "psutil: pids, ppid, status and cmdline; a long name is cut as comm" {
	local long kid
	long=$(mmok spawn abcdefghijklmnopqrstuvwxyz) || fail "spawn"
	kid=$(mmok "$long" fork) || fail "fork"
	run -0 psutil_of --pids
	# comm keeps 15 characters (TASK_COMM_LEN 16); cmdline is comm.
	assert_output "1 ppid=0 status=sleeping cmdline=['init']
$long ppid=1 status=sleeping cmdline=['abcdefghijklmno']
$kid ppid=$long status=sleeping cmdline=['abcdefghijklmno']"
	run -0 psutil_of "$kid"
	assert_line "name=abcdefghijklmno"
	assert_equal "$(cat "$(view "$kid" comm)")" abcdefghijklmno
}

@test "psutil on a zombie: status, name, empty cmdline and maps, ZombieProcess" {
	local par kid
	par=$(mmok spawn par) || fail "spawn"
	kid=$(mmok "$par" fork) || fail "fork"
	must "$kid" mmap 0 64K rw- private,anonymous
	must "$kid" exit 5
	# As Linux 6.18 shows a zombie: statm all zero, maps empty, and
	# smaps_rollup failing with ESRCH, which psutil calls ZombieProcess.
	run -0 "$PSUTIL_PY" -c 'import sys, psutil
psutil.PROCFS_PATH = sys.argv[1]
p = psutil.Process(int(sys.argv[2]))
print(p.status(), p.name(), p.cmdline(), p.ppid())
print(p.memory_info())
try:
    p.memory_full_info()
    print("memory_full_info: no error")
except psutil.ZombieProcess:
    print("memory_full_info: ZombieProcess")
print(p.memory_maps())' "$MMSIM_MOUNT" "$kid"
	assert_output "zombie par [] $par
pmem(rss=0, vms=0, shared=0, text=0, lib=0, data=0, dirty=0)
memory_full_info: ZombieProcess
[]"
}
