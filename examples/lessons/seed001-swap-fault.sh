#!/usr/bin/env bash
# seed001-swap-fault.sh - seed 001, handle_pte_fault()'s last branch: a
# PTE that is not empty (pte_none) and not present holds a swap entry, and
# the fault goes to do_swap_page(). (The listing's middle branch,
# pte_file -> do_nonlinear_fault, left Linux with remap_file_pages'
# nonlinear mappings in 4.0.) madvise(MADV_PAGEOUT) sends a private page
# to swap: its PTE now holds the swap entry (x86-64 stores it inverted,
# the L1TF mitigation, with _PAGE_PRESENT clear), and pagemap shows bit 62
# with the swap type in bits 0-4 and the offset in bits 5-54. The next
# access is a major fault: do_page_fault -> handle_mm_fault ->
# handle_pte_fault -> do_swap_page, which allocates a page, reads the
# data back from swap and maps it (function_graph, CPU and duration
# columns cut).
#
# Usage: MMSIM_MOUNT=MOUNTPOINT bash seed001-swap-fault.sh
#   on a freshly mounted machine with --swap=16M (mmctl from $MMCTL, else
#   from PATH).
#
# What a student should see:
#   pagemap 8100000000000029: present (bit 63) 1, PFN 0x29
#   -- madvise pageout
#   pagemap 4000000000000020: swapped (bit 62), type 0, offset 1
#   the PTE: 7fffffffffffc0a, present bit 0, pte_none no
#   VmSwap: 4 kB
#   -- read it
#   touch: pages=1 faults=1 anon=0 zero=0 cow=0 reuse=0 shmem=0 major=1 swap=1
#   do_page_fault() {
#     access_error();
#     handle_mm_fault() {
#       __handle_mm_fault() {
#         handle_pte_fault() {
#           do_swap_page() {
#             __alloc_pages();
#             lru_cache_add();
#           }
#         }
#       }
#     }
#   }
#   pagemap 8100000000000029: present (bit 63) 1, PFN 0x29
#   pswpin +1, pgmajfault +1
#   the bytes: "swapped"
set -euo pipefail
: "${MMSIM_MOUNT:?set MMSIM_MOUNT to a mounted machine}"
MMCTL=${MMCTL:-mmctl}
export MMSIM_MOUNT
T=$MMSIM_MOUNT/tracing

pid=$($MMCTL spawn swap)
addr=$($MMCTL "$pid" mmap 0 4K rw- private,anonymous)
$MMCTL "$pid" store "$addr" '"swapped"'
# entry: the page's pagemap entry, decoded.
entry() {
	local e
	e=0x$(dd if="$MMSIM_MOUNT/$pid/pagemap" bs=8 skip=$(( addr >> 12 )) count=1 2>/dev/null |
		od -An -tx8 | tr -d ' ')
	if (( (e >> 62) & 1 )); then
		printf 'pagemap %016x: swapped (bit 62), type %d, offset %d\n' "$e" $(( e & 31 )) \
			$(( (e >> 5) & ((1 << 50) - 1) ))
	else
		printf 'pagemap %016x: present (bit 63) %d, PFN 0x%x\n' "$e" $(( (e >> 63) & 1 )) \
			$(( e & ((1 << 55) - 1) ))
	fi
}
pte() { $MMCTL "$pid" vtop "$addr" | awk '$1 == "PTE:" { print $4 }'; }
vmstat() { awk -v k="$1" '$1 == k { print $2 }' "$MMSIM_MOUNT/vmstat"; }
entry
$MMCTL "$pid" madvise "$addr" 4K pageout
echo "-- madvise pageout"
entry
p=0x$(pte)
printf 'the PTE: %s, present bit %d, pte_none %s\n' "${p#0x}" $(( p & 1 )) "$( (( p == 0 )) && echo yes || echo no)"
echo "VmSwap: $(sed -n 's/^VmSwap:\s*//p' "$MMSIM_MOUNT/$pid/status")"
in=$(vmstat pswpin) maj=$(vmstat pgmajfault)
echo "-- read it"
echo function_graph >"$T/current_tracer"
echo "touch: $($MMCTL "$pid" touch "$addr" 4K r)"
grep -v '^#' "$T/trace" | sed 's/^.*|  //'
echo nop >"$T/current_tracer"
entry
echo "pswpin +$(( $(vmstat pswpin) - in )), pgmajfault +$(( $(vmstat pgmajfault) - maj ))"
echo "the bytes: $($MMCTL "$pid" load "$addr" 7 text)"
