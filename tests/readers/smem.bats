#!/usr/bin/env bats
# smem.bats - the real smem, unchanged, on a machine mounted at DIR/proc
# (`smem -S DIR`): its per-process USS, PSS and RSS, its per-mapping and
# whole-system views must equal what the mount's own smaps and meminfo say,
# and the numbers Linux's rules give for the scenario.

load readers_helpers

setup() {
	command -v smem >/dev/null || fail "smem is not installed"
	scratch_dir
	mount_machine_at "$READERS_SCRATCH/proc"
}
teardown() { readers_teardown; }

# smem_run ARGS...: smem on this test's machine, header off, whitespace
# squeezed.
smem_run() {
	smem -S "$READERS_SCRATCH" -H "$@" | squeeze
}

@test "smem -S: USS, PSS, RSS of every process equal the mount's smaps" {
	scenario_family
	run -0 smem_run -c "pid name uss pss rss swap vss maps" -s pid
	# Each process, from the views (comm, sums over smaps).
	assert_output "$(procview smem "$MMSIM_MOUNT")"
	# And from Linux's rules (see scenario_family): pid name uss pss rss
	# swap vss maps.
	assert_output "1 init 0 0 0 0 132 1
$A alpha 8 44 80 0 228 3
$B alpha 16 52 88 0 228 3
$C gamma 40 40 40 0 260 2"
}

@test "smem -S: per-process totals equal smaps_rollup's Rss and Private_*" {
	scenario_family
	local pid line rss uss
	for pid in 1 "$A" "$B" "$C"; do
		line=$(smem_run -c "pid uss rss" -P . | awk -v p="$pid" '$1 == p')
		rss=$(awk '$1 == "Rss:" { print $2 }' "$(view "$pid" smaps_rollup)")
		uss=$(awk '$1 ~ /^Private_/ { s += $2 } END { print s }' \
			"$(view "$pid" smaps_rollup)")
		assert_equal "$line" "$pid $uss $rss"
		# RSS also equals status VmRSS (anon + file + shmem).
		assert_equal "$(status_field "$pid" VmRSS)" "$rss kB"
	done
}

@test "smem -S: PSS is the sum of per-VMA Pss, each rounded down" {
	scenario_thirds
	# 2 VMAs of 2 pages, each page mapped by 3 processes: 2 kB per VMA
	# in smaps (2730 bytes), so smem says 4 kB; the rollup says 5 kB.
	run -0 smem_run -c "pid uss pss rss" -s pid
	assert_output "1 0 0 0
$A 0 4 16
$B 0 4 16
$D 0 4 16"
	assert_equal "$(smaps_field "$A" "$R" Pss)" "2 kB"
	assert_equal "$(smaps_field "$A" "$(page_addr "$R" 2)" Pss)" "2 kB"
	run -0 awk '$1 == "Pss:" { print $2 }' "$(view "$A" smaps_rollup)"
	assert_output 5
}

@test "smem -m: per-mapping totals equal smaps grouped by name" {
	scenario_family
	run -0 smem_run -m -c "map pids count uss pss rss vss" -s map
	assert_output "$(procview smem-maps "$MMSIM_MOUNT")"
	# <anonymous>: P in A and B, Q in C: uss 8+8+40, pss 36+36+40,
	# rss 64+64+40. /dev/zero: S in A and B. [stack]: 4 empty stacks.
	assert_output "/dev/zero 2 2 8 24 40 64
<anonymous> 3 3 56 112 168 256
[stack] 4 4 0 0 0 528"
}

@test "smem -w: userspace memory is meminfo AnonPages + Mapped" {
	scenario_family
	# Anonymous frames: A's 16, B's 2 copies, C's 10 = 28 pages; shmem
	# frames: 6 pages, file-mapped (Mapped) and in the page cache.
	assert_equal "$(meminfo_kb AnonPages)" 112
	assert_equal "$(meminfo_kb Mapped)" 24
	assert_equal "$(meminfo_kb Shmem)" 24
	run -0 smem_run -w -c "area used cache"
	assert_line "userspace memory 136 24"
	assert_line "free memory $(meminfo_kb MemFree) $(meminfo_kb MemFree)"
}

@test "smem -S: an exited parent disappears, its child is init's, numbers follow" {
	scenario_family
	local E
	E=$(mmok "$B" fork) || fail "fork E"
	must "$B" exit 3
	must "$A" wait "$B"
	assert_output "$B 3"
	# E was B's child: now init's, with B's view of P and S.
	assert_equal "$(awk '{ print $4 }' "$(view "$E" stat)")" 1
	run -0 smem_run -c "pid name uss pss rss" -s pid
	assert_output "$(procview smem "$MMSIM_MOUNT" | cut -d' ' -f1-5)"
	# fork copies no PTE of a shared mapping, so E maps nothing of S,
	# and A alone maps S's 4 pages now (USS 8 + 16). P: E inherited B's
	# 2 copies, now E's own; A and E share the other 14 pages.
	assert_output "1 init 0 0 0
$A alpha 24 52 80
$C gamma 40 40 40
$E alpha 8 36 64"
	assert_equal "$(smaps_field "$E" "$S" Rss)" "0 kB"
}

@test "smem -S: a zombie (empty cmdline) is left out, as smem does on Linux" {
	scenario_family
	local kid
	kid=$(mmok "$C" fork) || fail "fork"
	must "$kid" exit 0
	run -0 cat "$(view "$kid" cmdline)"
	assert_output ""
	run -0 smem_run -c "pid name uss pss rss" -s pid
	assert_output "1 init 0 0 0
$A alpha 8 44 80
$B alpha 16 52 88
$C gamma 40 40 40"
}
