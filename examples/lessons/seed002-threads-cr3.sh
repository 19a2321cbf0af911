#!/usr/bin/env bash
# seed002-threads-cr3.sh - seed 002, "mm_struct -> pgd": at a process
# switch mm->pgd goes into cr3, and loading cr3 flushes the TLB; two
# task_structs may share one mm, two threads for example, and then cr3 is
# not changed, which makes memory much faster to use. The same work --
# three commands each of two tasks, alternating on CPU 0 -- done by two
# threads of one process and by two processes: the CR3 loads are the
# tlb:tlb_flush events "flush on task switch" (the machine has no PCID,
# so each load flushes), and both pairs make the same context switches.
# Then a thread on another CPU: munmap of memory both CPUs used is one
# remote shootdown (nr_tlb_remote_flush, the TLB line of interrupts).
#
# Usage: MMSIM_MOUNT=MOUNTPOINT bash seed002-threads-cr3.sh
#   on a freshly mounted machine with --cpu=...,debug_tlbflush (mmctl
#   from $MMCTL, else from PATH).
#
# What a student should see:
#   two threads:   context switches 12, CR3 loads 0
#   two processes: context switches 12, CR3 loads 5
#   mm_users: the process 2, each process 1
#   munmap with a thread on CPU 1: nr_tlb_remote_flush 1, TLB shootdowns CPU0 0 CPU1 1
set -euo pipefail
: "${MMSIM_MOUNT:?set MMSIM_MOUNT to a mounted machine}"
MMCTL=${MMCTL:-mmctl}
export MMSIM_MOUNT
T=$MMSIM_MOUNT/tracing

ctxt() { sed -n 's/^ctxt //p' "$MMSIM_MOUNT/stat"; }
cr3_loads() { grep -c 'reason:flush on task switch' "$T/trace" || :; }
field() { sed -n "s/^$2: //p" "$MMSIM_MOUNT/$1/mm_struct"; }

# work A B: three commands of A and of B, alternating (brk reads the break).
work() {
	local i
	for i in 1 2 3; do
		$MMCTL "$1" brk >/dev/null
		$MMCTL "$2" brk >/dev/null
	done
}

p=$($MMCTL spawn threads)
t=$($MMCTL "$p" clone vm,thread,sighand,files)
q=$($MMCTL spawn other)
echo tlb:tlb_flush >"$T/set_event"

$MMCTL "$p" brk >/dev/null	# CPU 0 now holds the process's mm
: >"$T/trace"
before=$(ctxt)
work "$p" "$t"
echo "two threads:   context switches $(( $(ctxt) - before )), CR3 loads $(cr3_loads)"

$MMCTL "$p" brk >/dev/null
: >"$T/trace"
before=$(ctxt)
work "$p" "$q"
echo "two processes: context switches $(( $(ctxt) - before )), CR3 loads $(cr3_loads)"
echo "mm_users: the process $(field "$p" mm_users), each process $(field "$q" mm_users)"

a=$($MMCTL "$p" mmap 0 64K rw- private,anonymous)
$MMCTL "$p" touch "$a" 64K w >/dev/null
$MMCTL "$t" sched_setaffinity 1 >/dev/null
$MMCTL "$t" touch "$a" 4K r >/dev/null
$MMCTL "$p" munmap "$a" 64K
flushes=$(sed -n 's/^nr_tlb_remote_flush //p' "$MMSIM_MOUNT/vmstat")
read -r _ c0 c1 _ < <(grep '^TLB:' "$MMSIM_MOUNT/interrupts")
echo "munmap with a thread on CPU 1: nr_tlb_remote_flush $flushes, TLB shootdowns CPU0 $c0 CPU1 $c1"
