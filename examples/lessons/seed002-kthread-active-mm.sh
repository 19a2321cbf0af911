#!/usr/bin/env bash
# seed002-kthread-active-mm.sh - seed 002, "mm_struct -> pgd": besides
# threads, cr3 is not switched for a kernel_thread either. It needs no
# memory areas of its own, since it only touches fixed addresses above
# TASK_SIZE, so its own mm in task_struct is NULL; but task_struct has
# active_mm, which is the active_mm of the process it preempted.
# Here the kernel thread is kswapd0, woken by a process that fills memory
# on CPU 1: it runs its reclaim on that CPU right after the process
# blocks, borrowing the process's mm (one more mm_count, no CR3 load:
# no tlb:tlb_flush "flush on task switch"), and gives it back when the
# CPU's next command comes. Another process on that CPU then pays the CR3
# load that the kernel thread did not.
#
# Usage: MMSIM_MOUNT=MOUNTPOINT bash seed002-kthread-active-mm.sh
#   on a freshly mounted machine with --kthreads --mem=16M --swap=16M
#   (mmctl from $MMCTL, else from PATH).
#
# What a student should see:
#   kswapd0 asleep:  mm NULL, active_mm NULL
#   kswapd0 running: mm NULL, active_mm the mm of pid 4 (the task that ran before it on CPU 1)
#   pid 4's mm_struct: mm_users 1, mm_count 2 (kswapd0's borrow)
#   CR3 loads for kswapd0: 0
#   back to pid 4 on CPU 1: CR3 loads 0, kswapd0's active_mm NULL, mm_count 1
#   then pid 5 on CPU 1: CR3 loads 1
set -euo pipefail
: "${MMSIM_MOUNT:?set MMSIM_MOUNT to a mounted machine}"
MMCTL=${MMCTL:-mmctl}
export MMSIM_MOUNT
T=$MMSIM_MOUNT/tracing

ts() { sed -n "s/^$2: //p" "$MMSIM_MOUNT/$1/task_struct"; }
mmf() { sed -n "s/^$2: //p" "$MMSIM_MOUNT/$1/mm_struct"; }
cr3_loads() { grep -c 'reason:flush on task switch' "$T/trace" || :; }
# whose PTR: the pid a task_struct view names for an mm pointer.
whose() { sed -n 's/.*(pid \([0-9]*\))$/\1/p' <<<"$1"; }

echo "kswapd0 asleep:  mm $(ts 3 mm), active_mm $(ts 3 active_mm)"

p=$($MMCTL spawn filler)
q=$($MMCTL spawn other)
$MMCTL "$p" sched_setaffinity 1 >/dev/null
$MMCTL "$q" sched_setaffinity 1 >/dev/null
a=$($MMCTL "$p" mmap 0 16M rw- private,anonymous)
$MMCTL "$p" touch "$a" 15M w >/dev/null
echo tlb:tlb_flush >"$T/set_event"
: >"$T/trace"
# The last 256K take free memory below the low watermark: kswapd0 wakes.
$MMCTL "$p" touch $((a + (15 << 20))) 256K w >/dev/null

[[ $(ts 3 active_mm) == "$(mmf "$p" mm_struct) (pid $p)" ]] || echo "kswapd0 borrowed another mm"
echo "kswapd0 running: mm $(ts 3 mm), active_mm the mm of pid $(whose "$(ts 3 active_mm)") (the task that ran before it on CPU $(ts 3 cpu))"
echo "pid $p's mm_struct: mm_users $(mmf "$p" mm_users), mm_count $(mmf "$p" mm_count) (kswapd0's borrow)"
echo "CR3 loads for kswapd0: $(cr3_loads)"

: >"$T/trace"
$MMCTL "$p" brk >/dev/null
echo "back to pid $p on CPU 1: CR3 loads $(cr3_loads), kswapd0's active_mm $(ts 3 active_mm), mm_count $(mmf "$p" mm_count)"
: >"$T/trace"
$MMCTL "$q" brk >/dev/null
echo "then pid $q on CPU 1: CR3 loads $(cr3_loads)"
