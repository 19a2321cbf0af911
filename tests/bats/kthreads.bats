#!/usr/bin/env bats
# kthreads.bats - the kernel threads (vm/kthread.c): without --kthreads a
# fresh machine has exactly one process, PID 1, as the contract says; with
# --kthreads kthreadd is PID 2 and kswapd0 PID 3, its child, shown as the
# host shows its own (status, stat, maps, smaps, statm and cmdline
# compared with the host's PID 2 and kswapd0 wherever the value is not
# the host machine's own), with mm NULL in the task_struct view, and
# refusing every command, as no kernel thread makes system calls. kswapd0
# runs reclaim on the waker's CPU with the active_mm it borrows there (no
# CR3 load, one more mm_count) until that CPU's next command; the lesson
# seed002-kthread-active-mm.sh shows it.

load helpers

setup() { mmsim_setup; }
teardown() { mmsim_teardown; }

# pids: the machine's PIDs, as the root lists them.
pids() {
	ls "$MMSIM_MOUNT" | grep -E '^[0-9]+$' | sort -n | xargs
}

# ts_field PID FIELD: one line of PID/task_struct, the value only.
ts_field() {
	sed -n "s/^$2: //p" "$(view "$1" task_struct)"
}

# field PID FILE NAME: one "NAME: value" line of a struct view, the value.
field() {
	sed -n "s/^$3: //p" "$(view "$1" "$2")"
}

# stat_fields FILE: stat's fields but pid (1), the CPU time used (utime,
# stime, cutime, cstime: 14-17; a host thread's grows with its uptime),
# starttime (22), processor (39) and delayacct_blkio_ticks (42), which are
# the machine's own: one line, space-separated.
stat_fields() {
	awk '{ $1 = ""; $14 = $15 = $16 = $17 = ""; $22 = ""; $39 = ""; $42 = ""; print }' "$1"
}

# STATUS_FIELDS: the status lines that are not the host machine's own
# (not its CPUs, memory size, speculation bugs or the thread's history).
STATUS_FIELDS=(Name Umask State Ngid PPid TracerPid Uid Gid FDSize Groups
	NSpgid NSsid Kthread Threads SigPnd ShdPnd SigBlk SigIgn SigCgt CapInh
	CapPrm CapEff CapBnd CapAmb NoNewPrivs Seccomp Seccomp_filters
	nonvoluntary_ctxt_switches)

# status_of FILE: the STATUS_FIELDS lines of a status file, in its order.
status_of() {
	local f
	for f in "${STATUS_FIELDS[@]}"; do
		grep -E "^$f:" "$1"
	done
}

@test "without --kthreads a fresh machine has one process, PID 1; the first spawn is PID 2" {
	assert_equal "$(pids)" 1
	run -0 grep '^processes ' "$MMSIM_MOUNT/stat"
	assert_output 'processes 1'
	run -0 mm spawn
	assert_output 2
	assert_equal "$(pids)" "1 2"
	run -0 cat "$MMSIM_MOUNT/journal"
	refute_output --partial -- --kthreads
}

@test "--kthreads: kthreadd is PID 2, a child of the idle task; kswapd0 PID 3, its child; the first spawn PID 4" {
	mount_machine --kthreads
	assert_equal "$(pids)" "1 2 3"
	assert_equal "$(cat "$MMSIM_MOUNT/2/comm")" kthreadd
	assert_equal "$(cat "$MMSIM_MOUNT/3/comm")" kswapd0
	assert_equal "$(status_field 2 PPid)" 0
	assert_equal "$(status_field 3 PPid)" 2
	run -0 grep '^processes ' "$MMSIM_MOUNT/stat"
	assert_output 'processes 3'
	run -0 mm spawn
	assert_output 4
	assert_equal "$(status_field 4 PPid)" 1
	run -0 head -n 1 "$MMSIM_MOUNT/journal"
	assert_output --regexp ' --kthreads$'
	# Their task_struct, signal_struct and sighand_struct are slab objects.
	run -0 awk '$1 == "task_struct" { print $2 }' "$MMSIM_MOUNT/slabinfo"
	assert_output 4
}

@test "--kthreads: kthreadd's and kswapd0's status are the host's, line for line, but for the machine's own lines" {
	mount_machine --kthreads
	local k
	k=$(pgrep -x kswapd0 | head -n 1)
	[[ -n $k ]] || skip "the host has no kswapd0"
	assert_equal "$(status_of "$MMSIM_MOUNT/2/status")" "$(status_of /proc/2/status)"
	assert_equal "$(status_of "$MMSIM_MOUNT/3/status")" "$(status_of "/proc/$k/status")"
	run -0 status_field 2 Kthread
	assert_output 1
	run -0 status_field 3 SigIgn
	assert_output ffffffffffffffff
	# No mm: no Vm* lines, as the host shows none.
	run -1 grep -E '^(Vm|Rss)' "$MMSIM_MOUNT/2/status"
}

@test "--kthreads: stat of each kernel thread is the host's, field for field, flags PF_KTHREAD included" {
	mount_machine --kthreads
	local k
	k=$(pgrep -x kswapd0 | head -n 1)
	[[ -n $k ]] || skip "the host has no kswapd0"
	assert_equal "$(stat_fields "$MMSIM_MOUNT/2/stat")" "$(stat_fields /proc/2/stat)"
	assert_equal "$(stat_fields "$MMSIM_MOUNT/3/stat")" "$(stat_fields "/proc/$k/stat")"
	# A fresh machine's kernel threads have used no CPU time.
	run -0 awk '{ print $14, $15, $16, $17 }' "$MMSIM_MOUNT/2/stat" "$MMSIM_MOUNT/3/stat"
	assert_output $'0 0 0 0\n0 0 0 0'
	# Field 9: PF_KTHREAD | PF_NOFREEZE | PF_FORKNOEXEC, and kswapd0's
	# PF_KTHREAD | PF_KSWAPD | PF_MEMALLOC | PF_FORKNOEXEC.
	run -0 awk '{ print $9 }' "$MMSIM_MOUNT/2/stat" "$MMSIM_MOUNT/3/stat"
	assert_output $'2129984\n2230336'
}

@test "--kthreads: a kernel thread's maps, smaps, statm and cmdline are the host's (empty, zeroes); smaps_rollup and pagemap ESRCH" {
	mount_machine --kthreads
	local f
	for f in maps smaps statm cmdline; do
		assert_equal "$(od -c "$MMSIM_MOUNT/2/$f")" "$(od -c "/proc/2/$f")"
	done
	assert_equal "$(cat "$MMSIM_MOUNT/2/statm")" "0 0 0 0 0 0 0"
	for f in smaps_rollup pagemap; do
		run -1 cat "$MMSIM_MOUNT/2/$f"
		assert_output --partial 'No such process'
		run -1 cat "/proc/2/$f"
		assert_output --partial 'No such process'
	done
	run -0 ls "$MMSIM_MOUNT/2/task"
	assert_output 2
	assert_equal "$(cat "$MMSIM_MOUNT/3/mm_struct")" ""
}

@test "task_struct: a kernel thread's mm is NULL, and so is its active_mm while it sleeps; a process's are its mm" {
	mount_machine --kthreads
	assert_equal "$(ts_field 2 pid) $(ts_field 2 tgid) $(ts_field 2 comm)" "2 2 kthreadd"
	assert_equal "$(ts_field 2 flags)" "0x208040 PF_FORKNOEXEC PF_NOFREEZE PF_KTHREAD"
	assert_equal "$(ts_field 3 flags)" "0x220840 PF_FORKNOEXEC PF_MEMALLOC PF_KSWAPD PF_KTHREAD"
	assert_equal "$(ts_field 2 mm)" NULL
	assert_equal "$(ts_field 2 active_mm)" NULL
	assert_equal "$(ts_field 3 on_cpu)" 0
	local mm
	mm=$(sed -n 's/^mm_struct: //p' "$(view 1 mm_struct)")
	assert_equal "$(ts_field 1 mm)" "$mm (pid 1)"
	assert_equal "$(ts_field 1 active_mm)" "$mm (pid 1)"
	assert_equal "$(ts_field 1 flags)" 0x0
	run -0 stat -c '%A' "$(view 1 task_struct)"
	assert_output -r--------
}

@test "--kthreads: no command is a kernel thread's (EPERM, nothing changes), nor is /proc/self" {
	mount_machine --kthreads
	fails_unchanged 2 EPERM "mmap: PID 2 is a kernel thread: it makes no system calls" \
		mmap 0 4K rw- private,anonymous
	fails_unchanged 3 EPERM "exit: PID 3 is a kernel thread: it makes no system calls" exit 0
	fails_unchanged 3 EPERM "mem_read: PID 3 is a kernel thread: it makes no system calls" \
		mem_read 0x400000 1
	fails_unchanged "" EPERM "attach: PID 2 is a kernel thread" attach 2
	assert_equal "$(pids)" "1 2 3"
}

@test "--kthreads: a fresh machine's context switches stay 0; a command costs its task two, the kernel threads none" {
	mount_machine --kthreads
	run -0 grep '^ctxt ' "$MMSIM_MOUNT/stat"
	assert_output 'ctxt 0'
	must 1 brk
	run -0 grep '^ctxt ' "$MMSIM_MOUNT/stat"
	assert_output 'ctxt 2'
	assert_equal "$(status_field 2 voluntary_ctxt_switches)" 0
}

# pressure OPTIONS...: mount a 16M machine with 16M of swap (and OPTIONS)
# whose process p (2, or 4 with --kthreads) on CPU 1 has written 15M of a
# 16M mapping; sets p and a (the first byte not written). The next 256K
# written wake kswapd.
pressure() {
	mount_machine --mem=16M --swap=16M "$@"
	p=$(mmok spawn)
	mmok "$p" sched_setaffinity 1 >/dev/null
	a=$(mmok "$p" mmap 0 16M rw- private,anonymous)
	mmok "$p" touch "$a" 15M w >/dev/null
	a=$((a + (15 << 20)))
	echo "vmscan:mm_vmscan_kswapd_wake tlb:tlb_flush" >"$MMSIM_MOUNT/tracing/set_event"
	: >"$MMSIM_MOUNT/tracing/trace"
}

# ctxt: stat's ctxt.
ctxt() { sed -n 's/^ctxt //p' "$MMSIM_MOUNT/stat"; }
# cr3_loads: the trace's tlb:tlb_flush events of CR3 loads.
cr3_loads() { grep -c 'reason:flush on task switch' "$MMSIM_MOUNT/tracing/trace" || :; }

@test "kswapd0 reclaims on the waker's CPU: it borrows the process's mm (mm_count 2) with no CR3 load, its trace lines are kswapd0-3's on CPU 1" {
	local p a before mm
	pressure --kthreads
	assert_equal "$p" 4
	before=$(ctxt)
	must "$p" touch "$a" 256K w
	# idle -> sh, sh -> idle (it blocks), idle -> kswapd0 (woken by it).
	assert_equal "$(( $(ctxt) - before ))" 3
	run -0 grep -c ' kswapd0-3 .*\[001\] .* mm_vmscan_kswapd_wake: nid=0 order=0$' "$MMSIM_MOUNT/tracing/trace"
	assert_output 1
	assert_equal "$(cr3_loads)" 0
	mm=$(sed -n 's/^mm_struct: //p' "$(view "$p" mm_struct)")
	assert_equal "$(ts_field 3 mm)" NULL
	assert_equal "$(ts_field 3 active_mm)" "$mm (pid 4)"
	assert_equal "$(ts_field 3 on_cpu) $(ts_field 3 cpu)" "1 1"
	assert_equal "$(field "$p" mm_struct mm_count)" 2
	assert_equal "$(field "$p" mm_struct mm_users)" 1
	run -0 awk '$1 == "pgscan_kswapd" { print ($2 > 0) }' "$MMSIM_MOUNT/vmstat"
	assert_output 1
	assert_equal "$(awk '{ print $39 }' "$MMSIM_MOUNT/3/stat")" 1
}

@test "kswapd0 sleeps when its CPU's next command comes: one voluntary switch, active_mm NULL, mm_count back to 1, still no CR3 load" {
	local p a before
	pressure --kthreads
	must "$p" touch "$a" 256K w
	: >"$MMSIM_MOUNT/tracing/trace"
	before=$(ctxt)
	must "$p" brk
	# kswapd0 -> idle (it sleeps), idle -> sh, sh -> idle.
	assert_equal "$(( $(ctxt) - before ))" 3
	assert_equal "$(cr3_loads)" 0
	assert_equal "$(status_field 3 voluntary_ctxt_switches)" 1
	assert_equal "$(ts_field 3 active_mm)" NULL
	assert_equal "$(ts_field 3 on_cpu)" 0
	assert_equal "$(field "$p" mm_struct mm_count)" 1
	# A command on another CPU leaves it running, and so does a global one.
	must "$p" touch "$((a + (256 << 10)))" 256K w
	assert_equal "$(ts_field 3 on_cpu)" 1
	must 1 brk
	must check
	assert_equal "$(ts_field 3 on_cpu)" 1
	assert_equal "$(status_field 3 voluntary_ctxt_switches)" 1
}

@test "without --kthreads kswapd's reclaim runs with no current task and no context switch: its trace lines are <idle>-0's" {
	local p a before
	pressure
	assert_equal "$p" 2
	before=$(ctxt)
	must "$p" touch "$a" 256K w
	assert_equal "$(( $(ctxt) - before ))" 2
	run -0 grep -c ' <idle>-0 .*\[001\] .* mm_vmscan_kswapd_wake: nid=0 order=0$' "$MMSIM_MOUNT/tracing/trace"
	assert_output 1
	assert_equal "$(field "$p" mm_struct mm_count)" 1
}

@test "a process that exits while kswapd0 borrows its mm: the mm_struct lives on until kswapd0 sleeps" {
	local p a t
	pressure --kthreads
	t=$(mmok "$p" clone vm,thread,sighand,files)
	must "$t" sched_setaffinity 0
	must "$p" touch "$a" 256K w
	assert_equal "$(ts_field 3 on_cpu) $(ts_field 3 cpu)" "1 1"
	# The thread on CPU 0 ends the process; kswapd0 still holds the mm.
	must "$t" exit_group 0
	[[ ! -e $MMSIM_MOUNT/$p ]] || fail "process $p is still there"
	assert_equal "$(ts_field 3 on_cpu)" 1
	assert_regex "$(ts_field 3 active_mm)" '^0xffff888[0-9a-f]+ [(]pid 0[)]$'
	run -0 mm check
	assert_output ok
	# The next command on CPU 1 puts kswapd0 to sleep: the mm is freed.
	run -0 mm spawn
	assert_output 6
	must 6 sched_setaffinity 1
	must 6 brk
	assert_equal "$(ts_field 3 active_mm)" NULL
	run -0 mm check
	assert_output ok
}

@test "lesson seed002-kthread-active-mm.sh: kswapd0 borrows the active_mm of the task before it, with no CR3 load, as its header says" {
	mount_machine --kthreads --mem=16M --swap=16M
	run -0 env MMCTL="$MMCTL" bash "$LESSONS/seed002-kthread-active-mm.sh"
	assert_output "$(lesson_expected "$LESSONS/seed002-kthread-active-mm.sh")"
	assert_line 'kswapd0 running: mm NULL, active_mm the mm of pid 4 (the task that ran before it on CPU 1)'
	assert_line 'CR3 loads for kswapd0: 0'
}
