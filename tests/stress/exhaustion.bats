#!/usr/bin/env bats
# exhaustion.bats - what happens when simulated memory runs out, on an 8M
# machine with no swap (2048 frames, the zero page among them): the OOM
# killer picks its victim by Linux's badness (RSS + swap entries + page
# tables, adjusted by oom_score_adj), kills it with SIGKILL, which its
# parent's wait reports; the faulting access is retried and completes; the
# daemon stays up and vmstat's oom_kill counts every kill. mmap beyond the
# overcommit policy (overcommit_memory 0: no single commit larger than
# RAM + swap) fails with ENOMEM.
#
# The numbers: 6M = 1536 pages. Two 6M working sets cannot both fit in
# 2047 frames, one 6M set and a few tables can.
#
# Environment: MMSIM_BIN_DIR, MMSIM_FS_ARGS as for tests/bats.

load ../bats/helpers
MMSIM_IO="$BATS_TEST_DIRNAME/../bats/mmsim_io.py"

setup() {
	mmsim_setup --mem=8M
}

teardown() {
	mmsim_teardown
}

# all_present PID ADDR N: every one of N pages from ADDR is present.
all_present() {
	local out
	out=$(pagemap_entry "$1" "$2" "$3" | grep -vc '^present=1 ' || true)
	[[ $out == 0 ]] || fail "$out of $3 pages from $2 are not present in $1"
}

# daemon_alive: the daemon still runs and answers.
daemon_alive() {
	kill -0 "$(daemon_pid)" || fail "mmsimfs died"
	run -0 mm check
	assert_output ok
	grep -q '^MemTotal: *8192 kB$' "$MMSIM_MOUNT/meminfo"
}

@test "exhaustion: touching more than memory OOM-kills the biggest task with SIGKILL; the touch is retried and completes" {
	local P A AA B BA
	P=$(mmok spawn parent)
	A=$(mmok "$P" fork)
	AA=$(mmok "$A" mmap 0 6M rw- private,anonymous)
	run -0 mm "$A" touch "$AA" 6M w
	assert_output "pages=1536 faults=1536 anon=1536 zero=0 cow=0 reuse=0 shmem=0"
	assert_equal "$(vmstat_val oom_kill)" 0

	B=$(mmok spawn big)
	BA=$(mmok "$B" mmap 0 6M rw- private,anonymous)
	# B runs out of frames part way; A (1536 pages) is worse than B.
	run -0 mm "$B" touch "$BA" 6M w
	assert_output "pages=1536 faults=1536 anon=1536 zero=0 cow=0 reuse=0 shmem=0 oom_kill=1"
	assert_equal "$(vmstat_val oom_kill)" 1
	assert_equal "$(status_field "$B" VmRSS)" "6144 kB"
	all_present "$B" "$BA" 1536

	# A is a zombie until its parent reaps it: wait reports SIGKILL.
	assert_equal "$(status_field "$A" State)" "Z (zombie)"
	run -0 mm "$P" wait
	assert_output "$A SIGKILL"
	[[ ! -e $MMSIM_MOUNT/$A ]]
	daemon_alive
}

@test "exhaustion: oom_score_adj -1000 protects a task; the next worst is killed" {
	local P A AA C CA B BA
	P=$(mmok spawn parent)
	A=$(mmok "$P" fork)
	C=$(mmok "$P" fork)
	run -0 mm "$A" oom_score_adj -1000
	assert_output -- "-1000"
	AA=$(mmok "$A" mmap 0 4M rw- private,anonymous)
	must "$A" touch "$AA" 4M w
	CA=$(mmok "$C" mmap 0 2560K rw- private,anonymous)
	must "$C" touch "$CA" 2560K w

	# At the OOM, B holds fewer pages than C (640), and A (1024) is
	# protected: C dies, B's touch completes.
	B=$(mmok spawn big)
	BA=$(mmok "$B" mmap 0 3M rw- private,anonymous)
	run -0 mm "$B" touch "$BA" 3M w
	assert_output "pages=768 faults=768 anon=768 zero=0 cow=0 reuse=0 shmem=0 oom_kill=1"
	assert_equal "$(vmstat_val oom_kill)" 1
	run -0 mm "$P" wait
	assert_output "$C SIGKILL"
	assert_equal "$(status_field "$A" VmRSS)" "4096 kB"
	assert_equal "$(status_field "$A" State)" "S (sleeping)"
	all_present "$A" "$AA" 1024
	# A is alive: nothing more to reap.
	run -1 --separate-stderr mm "$P" wait
	assert_regex "$stderr" '^error: wait: would block.* \(EAGAIN\)$'
	daemon_alive
}

@test "exhaustion: a positive oom_score_adj makes a smaller task the victim" {
	local P A AA C CA B BA
	P=$(mmok spawn parent)
	A=$(mmok "$P" fork)
	C=$(mmok "$P" fork)
	AA=$(mmok "$A" mmap 0 4M rw- private,anonymous)
	must "$A" touch "$AA" 4M w
	run -0 mm "$C" oom_score_adj 1000
	CA=$(mmok "$C" mmap 0 1M rw- private,anonymous)
	must "$C" touch "$CA" 1M w

	# C: 256 pages + 1000 * (2048 / 1000) = 2256 points, A: 1024.
	B=$(mmok spawn big)
	BA=$(mmok "$B" mmap 0 3M rw- private,anonymous)
	run -0 mm "$B" touch "$BA" 3M w
	assert_output "pages=768 faults=768 anon=768 zero=0 cow=0 reuse=0 shmem=0 oom_kill=1"
	run -0 mm "$P" wait
	assert_output "$C SIGKILL"
	assert_equal "$(status_field "$A" VmRSS)" "4096 kB"
	assert_equal "$(vmstat_val oom_kill)" 1
	daemon_alive
}

@test "exhaustion: when the faulting task is the worst, it is the victim: its touch replies SIGKILL" {
	local P B BA
	P=$(mmok spawn parent)
	B=$(mmok "$P" fork)
	BA=$(mmok "$B" mmap 0 16M rw- private,anonymous,noreserve)
	run -4 mm "$B" touch "$BA" 16M w
	assert_output "SIGKILL"
	assert_equal "$(vmstat_val oom_kill)" 1
	run -0 mm "$P" wait
	assert_output "$B SIGKILL"
	[[ ! -e $MMSIM_MOUNT/$B ]]
	# Its memory went back: the free frames are those of a fresh machine
	# minus the parent's and init's.
	(( $(meminfo_kb MemFree) > 8000 ))
	daemon_alive
}

@test "exhaustion: page-table allocations that cannot be met invoke the OOM killer too" {
	local P V VA G GA tables
	P=$(mmok spawn parent)
	tables=$(meminfo_kb PageTables)
	V=$(mmok "$P" fork)
	VA=$(mmok "$V" mmap 0 5M rw- private,anonymous)
	must "$V" touch "$VA" 5M w
	# Read faults over 8G map the zero page: no data frame at all, but
	# 4096 PTE tables, twice the machine. First V (1280 pages) is worse
	# than G's tables so far; then G itself is the worst.
	G=$(mmok spawn gobbler)
	GA=$(mmok "$G" mmap 0 8G r-- private,anonymous,noreserve)
	run -4 mm "$G" touch "$GA" 8G r
	assert_output "SIGKILL"
	assert_equal "$(vmstat_val oom_kill)" 2
	run -0 mm "$P" wait
	assert_output "$V SIGKILL"
	[[ ! -e $MMSIM_MOUNT/$G ]]
	# Both address spaces are gone, tables included.
	assert_equal "$(meminfo_kb PageTables)" "$tables"
	daemon_alive
}

@test "exhaustion: with nothing left to kill, a protected task's touch fails with ENOMEM and PID 1 survives" {
	local B BA
	B=$(mmok spawn protected)
	must "$B" oom_score_adj -1000
	BA=$(mmok "$B" mmap 0 16M rw- private,anonymous,noreserve)
	run -1 --separate-stderr mm "$B" touch "$BA" 16M w
	assert_output ""
	assert_regex "$stderr" '^error: touch: .* \(ENOMEM\)$'
	assert_equal "$(vmstat_val oom_kill)" 0
	[[ -d $MMSIM_MOUNT/1 && -d $MMSIM_MOUNT/$B ]]
	# Freeing the mapping makes room again.
	must "$B" munmap "$BA" 16M
	run -0 mm 1 touch "$STACK_START" 4K w
	assert_output "pages=1 faults=1 anon=1 zero=0 cow=0 reuse=0 shmem=0"
	daemon_alive
}

@test "exhaustion: a private writable mmap larger than RAM fails with ENOMEM; noreserve skips the check" {
	local P X
	P=$(mmok spawn)
	fails_unchanged "$P" ENOMEM 'mmap: .*' mmap 0 16M rw- private,anonymous
	# overcommit_memory 0 judges each request alone: two 6M maps fit.
	must "$P" mmap 0 6M rw- private,anonymous
	must "$P" mmap 0 6M rw- private,anonymous
	run -0 mm "$P" mmap 0 16M rw- private,anonymous,noreserve
	assert_output --regexp '^0x[0-9a-f]+$'
	# Read-only private memory is not charged until it becomes writable.
	X=$(mmok "$P" mmap 0 16M r-- private,anonymous)
	fails_unchanged "$P" ENOMEM 'mprotect: .*' mprotect "$X" 16M rw-
	daemon_alive
}

@test "exhaustion: mremap growing past the overcommit limit fails with ENOMEM" {
	local P Y
	P=$(mmok spawn)
	Y=$(mmok "$P" mmap 0 1M rw- private,anonymous)
	fails_unchanged "$P" ENOMEM 'mremap: .*' mremap "$Y" 1M 16M maymove
	daemon_alive
}

@test "exhaustion: a shared anonymous mmap larger than RAM fails with ENOMEM (shmem_acct_size)" {
	local P
	P=$(mmok spawn)
	fails_unchanged "$P" ENOMEM 'mmap: .*' mmap 0 16M rw- shared,anonymous
	run -0 mm "$P" mmap 0 16M rw- shared,anonymous,noreserve
	assert_output --regexp '^0x[0-9a-f]+$'
	daemon_alive
}
