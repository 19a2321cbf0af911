#!/usr/bin/env bash
# seed002-stack-growth.sh - seed 002: "if the access is near the stack
# VMA -- an area made with MAP_GROWSDOWN -- the area is expanded", and
# seed 001's do_page_fault(): find_vma() returns the VMA above the
# address; "if (likely(vma->vm_start <= address)) goto good_area", else
# only a VM_GROWSDOWN VMA may be extended by expand_stack(), then the
# fault goes on as any other. expand_stack() moves vm_start down (and
# vm_pgoff with it, so page indexes stay virtual page numbers) as far as
# the access, within the stack's limit (RLIMIT_STACK, 8 MiB: farther is
# SEGV_MAPERR) and keeping stack_guard_gap (256 pages, 1 MiB) free above
# the next VMA below (a mapping nearer than that stops the stack:
# SEGV_MAPERR). A MAP_GROWSDOWN mapping of the process's own grows the
# same way. (tests/linux-diff's stack-guard-gap scenario compares such
# growth with the host kernel.)
#
# Usage: MMSIM_MOUNT=MOUNTPOINT bash seed002-stack-growth.sh
#   on a freshly mounted machine (mmctl from $MMCTL, else from PATH).
#
# What a student should see:
#   [stack]:                     7ffffffde000-7ffffffff000 vm_pgoff 0x7ffffffde VmStk 132 kB
#   touch 0x7ffffffd0000 w:      pages=1 faults=1 anon=1 zero=0 cow=0 reuse=0 shmem=0
#   [stack]:                     7ffffffd0000-7ffffffff000 vm_pgoff 0x7ffffffd0 VmStk 188 kB
#   do_page_fault() {
#     expand_stack() { ... }
#     access_error();
#     handle_mm_fault() { ... }
#   }
#   touch 0x7fffff700000 (9 MiB below the top): SIGSEGV SEGV_MAPERR 0x7fffff700000
#   a mapping at 0x7ffffff00000, touch 0x7ffffffd0000: SIGSEGV SEGV_MAPERR 0x7ffffffd0000
#   mmap growsdown 0x200000000:  200000000-200001000 vm_pgoff 0x200000 VmStk 136 kB
#   touch 0x1ffffe000 w:         pages=1 faults=1 anon=1 zero=0 cow=0 reuse=0 shmem=0
#   the growsdown VMA:           1ffffe000-200001000 vm_pgoff 0x1ffffe VmStk 144 kB
set -euo pipefail
: "${MMSIM_MOUNT:?set MMSIM_MOUNT to a mounted machine}"
MMCTL=${MMCTL:-mmctl}
export MMSIM_MOUNT
T=$MMSIM_MOUNT/tracing

# vma PID ADDR: the VMA holding ADDR as maps' range, its vm_pgoff, and
# the process's VmStk.
vma() {
	local range start end
	while read -r range _; do
		start=$(( 0x${range%-*} )) end=$(( 0x${range#*-} ))
		(( start <= $2 && $2 < end )) && break
	done <"$MMSIM_MOUNT/$1/maps"
	echo "$range vm_pgoff $(sed -n "/^vm_start: 0x${range%-*}\$/,/^\$/s/^vm_pgoff: //p" \
		"$MMSIM_MOUNT/$1/vm_area_structs") $(sed -n 's/^VmStk:\s*/VmStk /p' "$MMSIM_MOUNT/$1/status")"
}
pid=$($MMCTL spawn stack)
echo "[stack]:                     $(vma "$pid" 0x7fffffffe000)"
echo function_graph >"$T/current_tracer"
echo "touch 0x7ffffffd0000 w:      $($MMCTL "$pid" touch 0x7ffffffd0000 4K w)"
# do_page_fault() and the calls it made itself (depth 1).
calls=$(grep -v '^#' "$T/trace" | sed 's/^.*|  //' | grep -E '^(do_page_fault|  [a-z_]+)' |
	sed '2,$s/ {$/ { ... }/'; echo '}')
echo nop >"$T/current_tracer"
echo "[stack]:                     $(vma "$pid" 0x7ffffffd0000)"
echo "$calls"
echo "touch 0x7fffff700000 (9 MiB below the top): $($MMCTL "$pid" touch 0x7fffff700000 4K w)"

pid=$($MMCTL spawn gap)
$MMCTL "$pid" mmap 0x7ffffff00000 4K rw- private,anonymous,fixed >/dev/null
echo "a mapping at 0x7ffffff00000, touch 0x7ffffffd0000: $($MMCTL "$pid" touch 0x7ffffffd0000 4K w)"

pid=$($MMCTL spawn growsdown)
a=$($MMCTL "$pid" mmap 0x200000000 4K rw- private,anonymous,growsdown,fixed)
echo "mmap growsdown $a:  $(vma "$pid" "$a")"
echo "touch 0x1ffffe000 w:         $($MMCTL "$pid" touch 0x1ffffe000 4K w)"
echo "the growsdown VMA:           $(vma "$pid" 0x1ffffe000)"
