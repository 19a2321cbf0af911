#!/usr/bin/env bats
# reclaim.bats - memory pressure (vm/vmscan.c, vm/workingset.c): the
# zone's watermarks in zoneinfo, kswapd woken below low and balancing to
# high at the command boundary, direct reclaim when an allocation finds
# nothing free, the order of reclaim (clean file pages first; anon only
# with swap; a page referenced twice activated, not reclaimed), dirty
# file pages written back before they go, refaults, mlocked pages left
# alone, and a mixed workload larger than --mem that the OOM killer
# touches only once swap is full. Exact values throughout; teardown runs
# check (the LRU lists against the flags and counters, swap_map counts)
# and replays the journal.

load helpers

# file4m.bin: 1024 pages, page N filled with the byte N % 251.
setup() {
	DATA=$(mktemp -d /tmp/mmsim-reclaim.XXXXXX)
	python3 -c 'import sys; sys.stdout.buffer.write(b"".join(bytes([i % 251]) * 4096 for i in range(1024)))' >"$DATA/file4m.bin"
}
teardown() {
	mmsim_teardown
	rm -rf "$DATA"
}

# machine OPTIONS...: mount a machine on $DATA with OPTIONS; PID 2.
machine() {
	mmsim_setup --root="$DATA" "$@"
	PID=$(mmok spawn) || fail "spawn failed"
}

# free_pages: the Normal zone's free pages, from zoneinfo.
free_pages() {
	awk '/zone +Normal/ { f = 1 } f && /pages free/ { print $3; exit }' \
		"$MMSIM_MOUNT/zoneinfo"
}

# counters NAME...: "name=value" of each vmstat counter, on one line.
counters() {
	local n out=""
	for n in "$@"; do
		out+="$n=$(vmstat_val "$n") "
	done
	echo "${out% }"
}

# file_mapping: map file4m.bin private read-only at $FILE and read every
# page (1024 clean page-cache pages, each PTE young once).
file_mapping() {
	local fd
	fd=$(mmok "$PID" open /file4m.bin rdonly) || fail "open failed"
	FILE=$(mmok "$PID" mmap 0 4M r-- private "$fd" 0) || fail "mmap failed"
	must "$PID" touch "$FILE" 4M r
}

@test "reclaim: zoneinfo shows min/low/high as __setup_per_zone_wmarks computes them" {
	machine --mem=16M
	# min_free_kbytes = sqrt(16 * 16384) = 512 kB = 128 pages; a step is
	# max(min / 4, 0.1% of the zone) = 32 pages.
	[[ $(cat "$MMSIM_MOUNT/sys/vm/min_free_kbytes") == 512 ]] ||
		fail "min_free_kbytes $(cat "$MMSIM_MOUNT/sys/vm/min_free_kbytes")"
	run -0 awk '/zone +Normal/ { f = 1 } f && /^ +(min|low|high) / { print $1, $2 } /zone +Movable/ { exit }' "$MMSIM_MOUNT/zoneinfo"
	assert_output "min 128
low 160
high 192"
}

@test "kswapd: woken below the low watermark, it reclaims clean file pages at the command boundary up to the high one" {
	machine --mem=16M
	file_mapping
	[[ $(free_pages) == 3032 ]] || fail "free $(free_pages)"
	local x
	x=$(mmok "$PID" mmap 0 12M rw- private,anonymous)
	echo 'vmscan:mm_vmscan_wakeup_kswapd vmscan:mm_vmscan_kswapd_wake vmscan:mm_vmscan_kswapd_sleep vmscan:mm_vmscan_direct_reclaim_begin' \
		>"$MMSIM_MOUNT/tracing/set_event"
	# 2892 pages leave 3032 - 2892 - 8 table and slab pages = 132 free,
	# below low (160) but never 0: no direct reclaim.
	must "$PID" touch "$x" 11568K w
	# kswapd's first run only cleared the young bits (every page was
	# kept for a second trip); its second freed 118 clean file pages,
	# overshooting high (192) as Linux's does.
	[[ $(free_pages) == 250 ]] || fail "free $(free_pages)"
	run -0 counters pgscan_kswapd pgsteal_kswapd pgscan_direct pgsteal_direct allocstall_movable pageoutrun pgscan_anon pgsteal_anon pgsteal_file
	assert_output "pgscan_kswapd=1142 pgsteal_kswapd=118 pgscan_direct=0 pgsteal_direct=0 allocstall_movable=0 pageoutrun=2 pgscan_anon=0 pgsteal_anon=0 pgsteal_file=118"
	run -0 grep -v '^#' "$MMSIM_MOUNT/tracing/trace"
	assert_line -n 0 --partial "mm_vmscan_wakeup_kswapd: nid=0 order=0 gfp_flags=GFP_HIGHUSER_MOVABLE|__GFP_ZERO|__GFP_COMP"
	assert_line -n 1 --partial "mm_vmscan_kswapd_wake: nid=0 order=0"
	assert_line -n 2 --partial "mm_vmscan_kswapd_sleep: nid=0"
	assert_equal "${#lines[@]}" 3
	# The oldest file pages went first: the mapping's head is gone.
	run -0 mm "$PID" mincore "$FILE" 64K
	assert_output 0000000000000000
	[[ $(meminfo_kb 'Inactive(file)') == $(((1024 - 118) * 4)) ]] ||
		fail "Inactive(file) $(meminfo_kb 'Inactive(file)')"
	# Above low, a command that allocates nothing wakes nobody.
	must "$PID" mincore "$FILE" 4K
	[[ $(vmstat_val pageoutrun) == 2 ]] || fail "pageoutrun $(vmstat_val pageoutrun)"
}

@test "direct reclaim: an allocation that finds nothing free reclaims first (pgscan_direct, allocstall_movable, the trace)" {
	machine --mem=16M
	file_mapping
	local x
	x=$(mmok "$PID" mmap 0 12M rw- private,anonymous)
	echo 'vmscan:mm_vmscan_direct_reclaim_begin vmscan:mm_vmscan_direct_reclaim_end' \
		>"$MMSIM_MOUNT/tracing/set_event"
	# 3072 pages where 3032 are free: one allocation runs direct reclaim
	# (try_to_free_pages: at least SWAP_CLUSTER_MAX, 63 by whole
	# batches), kswapd then balances at the boundary.
	must "$PID" touch "$x" 12M w
	assert_output "pages=3072 faults=3072 anon=3072 zero=0 cow=0 reuse=0 shmem=0"
	run -0 counters pgscan_direct pgsteal_direct allocstall_movable allocstall_normal pgscan_kswapd pgsteal_kswapd pgscan_anon oom_kill
	assert_output "pgscan_direct=1087 pgsteal_direct=63 allocstall_movable=1 allocstall_normal=0 pgscan_kswapd=216 pgsteal_kswapd=216 pgscan_anon=0 oom_kill=0"
	[[ $(free_pages) == 231 ]] || fail "free $(free_pages)"
	run -0 grep -v '^#' "$MMSIM_MOUNT/tracing/trace"
	assert_equal "${#lines[@]}" 2
	assert_line -n 0 --partial "mm_vmscan_direct_reclaim_begin: order=0 gfp_flags=GFP_HIGHUSER_MOVABLE|__GFP_ZERO|__GFP_COMP"
	assert_line -n 1 --partial "mm_vmscan_direct_reclaim_end: nr_reclaimed=63"
}

@test "no swap: only file pages are reclaimed, and the OOM killer runs once they are gone" {
	machine --mem=16M
	file_mapping
	local x
	x=$(mmok "$PID" mmap 0 16M rw- private,anonymous)
	# 4096 anonymous pages cannot fit beside anything: every file page
	# goes (pgsteal_file 1024), anon is never scanned, and then the OOM
	# killer ends the only candidate, the process itself.
	run -4 mm "$PID" touch "$x" 16M w
	assert_output SIGKILL
	run -0 counters pgsteal_file pgscan_anon pgsteal_anon oom_kill
	assert_output "pgsteal_file=1024 pgscan_anon=0 pgsteal_anon=0 oom_kill=1"
}

@test "swap: a mixed workload larger than --mem runs without an OOM kill until swap is full" {
	machine --mem=16M --swap=8M
	file_mapping
	local x y
	x=$(mmok "$PID" mmap 0 16M rw- private,anonymous)
	# 4 MiB of file and 16 MiB of anon in 16 MiB: file pages go first,
	# then anonymous ones go to swap (zero-filled: the zeromap).
	must "$PID" touch "$x" 16M w
	assert_output "pages=4096 faults=4096 anon=4096 zero=0 cow=0 reuse=0 shmem=0"
	run -0 counters pgsteal_file pgsteal_anon swpout_zero oom_kill
	assert_output "pgsteal_file=979 pgsteal_anon=289 swpout_zero=289 oom_kill=0"
	[[ $(meminfo_kb SwapFree) == $((8188 - 289 * 4)) ]] || fail "SwapFree $(meminfo_kb SwapFree)"
	run -0 grep -E '^(Rss|Swap):' "$(view "$PID" smaps_rollup)"
	assert_output "Rss:               15408 kB
Swap:               1156 kB"
	# 8 MiB more: swap fills (all 2047 slots), and only then the OOM
	# killer runs.
	y=$(mmok "$PID" mmap 0 8M rw- private,anonymous)
	run -4 mm "$PID" touch "$y" 8M w
	assert_output SIGKILL
	run -0 counters pgsteal_anon oom_kill
	assert_output "pgsteal_anon=2047 oom_kill=1"
	[[ $(meminfo_kb SwapFree) == 8188 ]] || fail "SwapFree $(meminfo_kb SwapFree)"
}

@test "order: with swap, clean file pages go before anonymous ones; with swap full, only file pages" {
	machine --mem=16M --swap=8M
	file_mapping
	local x y
	x=$(mmok "$PID" mmap 0 11568K rw- private,anonymous)
	must "$PID" touch "$x" 11568K w
	# Plenty of inactive file (cache_trim_mode): anon is not scanned.
	run -0 counters pgsteal_kswapd pgsteal_file pgscan_anon pgsteal_anon pswpout swpout_zero
	assert_output "pgsteal_kswapd=118 pgsteal_file=118 pgscan_anon=0 pgsteal_anon=0 pswpout=0 swpout_zero=0"
	# Fill swap with madvise pageout, then press again: no swap, no
	# anon scan (get_scan_count's SCAN_FILE).
	must "$PID" madvise "$x" 8188K pageout
	[[ $(meminfo_kb SwapFree) == 0 ]] || fail "SwapFree $(meminfo_kb SwapFree)"
	y=$(mmok "$PID" mmap 0 9M rw- private,anonymous)
	must "$PID" touch "$y" 9M w
	run -0 counters pgsteal_file pgscan_direct pgscan_anon pgsteal_anon oom_kill
	assert_output "pgsteal_file=362 pgscan_direct=51 pgscan_anon=0 pgsteal_anon=0 oom_kill=0"
}

@test "aging: a page referenced through two PTEs is activated on the first pass, not reclaimed" {
	machine --mem=16M
	file_mapping
	local q fd a2 x
	q=$(mmok spawn)
	fd=$(mmok "$q" open /file4m.bin rdonly)
	a2=$(mmok "$q" mmap 0 64K r-- private "$fd" 0)
	must "$q" touch "$a2" 64K r
	x=$(mmok "$PID" mmap 0 11568K rw- private,anonymous)
	must "$PID" touch "$x" 11500K w
	# The file's first 16 pages, the oldest, are mapped twice: both PTEs
	# young, folio_check_references() activates them; the next 16 had
	# one young PTE, were kept for a second trip and then reclaimed.
	run -0 counters pgactivate pgsteal_kswapd pgscan_kswapd
	assert_output "pgactivate=16 pgsteal_kswapd=96 pgscan_kswapd=1120"
	[[ $(meminfo_kb 'Active(file)') == 64 ]] || fail "Active(file) $(meminfo_kb 'Active(file)')"
	run -0 mm "$PID" mincore "$FILE" 128K
	assert_output 11111111111111110000000000000000
	# kpageflags: the first page ACTIVE, LRU, REFERENCED (bits 6, 5, 2).
	local pfn
	pfn=$(pagemap_pfn "$PID" "$FILE")
	run -0 u64s "$MMSIM_MOUNT/kpageflags" "$pfn" 1 x
	(((0x$output >> 6 & 1) == 1 && (0x$output >> 5 & 1) == 1 && (0x$output >> 2 & 1) == 1)) ||
		fail "kpageflags 0x$output"
}

# refault OPTIONS...: the kswapd test's pressure (118 file pages evicted),
# then the mapping's first 512K read again.
refault() {
	machine "$@"
	file_mapping
	local x
	x=$(mmok "$PID" mmap 0 11568K rw- private,anonymous)
	must "$PID" touch "$x" 11568K w
	run -0 counters pgmajfault workingset_refault_file
	assert_output "pgmajfault=1 workingset_refault_file=0"
	# The 118 evicted pages come back: one major fault, read-ahead
	# the rest, each replacing its shadow entry.
	must "$PID" touch "$FILE" 512K r
	assert_output "pages=128 faults=9 anon=0 zero=0 cow=0 reuse=0 shmem=0 file=9 major=1"
}

@test "workingset: an evicted file page read again is a refault (workingset_refault_file); without swap it is not recent" {
	refault --mem=16M
	run -0 counters pgmajfault workingset_refault_file workingset_activate_file
	assert_output "pgmajfault=2 workingset_refault_file=118 workingset_activate_file=0"
}

@test "workingset: with swap, anon counts in the working set and each refault is activated (workingset_activate_file)" {
	refault --mem=16M --swap=8M
	run -0 counters pgmajfault workingset_refault_file workingset_activate_file
	assert_output "pgmajfault=2 workingset_refault_file=118 workingset_activate_file=118"
}

@test "dirty file pages are written back before they are dropped; the bytes come back from the file" {
	machine --mem=16M
	local fd a x
	fd=$(mmok "$PID" open /file4m.bin rdwr)
	a=$(mmok "$PID" mmap 0 4M rw- shared "$fd" 0)
	must "$PID" touch "$a" 4M w
	must "$PID" store "$a" '"dirty page zero"'
	[[ $(meminfo_kb Dirty) == 4096 ]] || fail "Dirty $(meminfo_kb Dirty)"
	x=$(mmok "$PID" mmap 0 12M rw- private,anonymous)
	must "$PID" touch "$x" 12M w
	run -0 counters nr_written nr_dirty pgsteal_file oom_kill
	assert_output "nr_written=1023 nr_dirty=1 pgsteal_file=279 oom_kill=0"
	run -0 mm "$PID" mincore "$a" 16K
	assert_output 0000
	run -0 mm "$PID" read "$fd" 15 0
	assert_output 64697274792070616765207a65726f
	# The host file never changed.
	run -0 head -c 4 "$DATA/file4m.bin"
	assert_output "$(printf '\0\0\0\0')"
}

@test "mlocked pages stay on the unevictable list under pressure" {
	machine --mem=16M --swap=8M
	local l x
	l=$(mmok "$PID" mmap 0 2M rw- private,anonymous)
	must "$PID" mlock "$l" 2M
	x=$(mmok "$PID" mmap 0 14M rw- private,anonymous)
	must "$PID" touch "$x" 14M w
	run -0 counters pgsteal_anon oom_kill
	assert_output "pgsteal_anon=268 oom_kill=0"
	[[ $(meminfo_kb Unevictable) == 2048 ]] || fail "Unevictable $(meminfo_kb Unevictable)"
	run -0 grep -E '^(Swap|Locked):' "$(view "$PID" smaps_rollup)"
	assert_output "Swap:               1072 kB
Locked:             2048 kB"
}

@test "shmem: under pressure with swap, written shmem pages go to swap and come back; only a full swap OOM-kills" {
	machine --mem=16M --swap=8M
	file_mapping
	local s x y
	# 4 MiB of file, 8 MiB of shared anonymous memory written and 8 MiB
	# of anon in 16 MiB: the file pages go first, then the oldest
	# swap-backed pages, the shmem ones, to swap (all zeroes but one).
	s=$(mmok "$PID" mmap 0 8M rw- shared,anonymous)
	must "$PID" store "$s" "in shmem"
	must "$PID" touch "$s" 8M w
	x=$(mmok "$PID" mmap 0 8M rw- private,anonymous)
	must "$PID" touch "$x" 8M w
	run -0 counters pgsteal_file pgsteal_anon pswpout swpout_zero oom_kill
	assert_output "pgsteal_file=979 pgsteal_anon=289 pswpout=1 swpout_zero=288 oom_kill=0"
	# The shmem VMA's Swap is its object's (no swap PTEs: VmSwap 0).
	run -0 grep -E '^(Rss|Swap):' "$(view "$PID" smaps)"
	assert_output "Rss:                8192 kB
Swap:                  0 kB
Rss:                7036 kB
Swap:               1156 kB
Rss:                 180 kB
Swap:                  0 kB
Rss:                   0 kB
Swap:                  0 kB"
	run -0 grep -E '^VmSwap:' "$(view "$PID" status)"
	assert_output "VmSwap:	       0 kB"
	[[ $(meminfo_kb Shmem) == 7036 && $(meminfo_kb SwapFree) == $((8188 - 289 * 4)) ]] ||
		fail "Shmem $(meminfo_kb Shmem) SwapFree $(meminfo_kb SwapFree)"
	# The written page comes back from its slot: a major fault.
	run -0 mm "$PID" load "$s" 8
	assert_output "696e2073686d656d"
	run -0 counters pgmajfault pswpin
	assert_output "pgmajfault=2 pswpin=1"
	# 8 MiB more: swap fills (all 2047 slots, one freed by the swap-in
	# before), and only then the OOM killer runs.
	y=$(mmok "$PID" mmap 0 8M rw- private,anonymous)
	run -4 mm "$PID" touch "$y" 8M w
	assert_output SIGKILL
	run -0 counters pgsteal_anon oom_kill
	assert_output "pgsteal_anon=2048 oom_kill=1"
	[[ $(meminfo_kb SwapFree) == 8188 ]] || fail "SwapFree $(meminfo_kb SwapFree)"
}
