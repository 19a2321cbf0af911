#!/usr/bin/env bash
# seed000-cow-reuse.sh - seed 000, page_move_anon_rmap(): "pageを
# struct vm_area_structが指すanon_mapが指す領域に移動する". After a fork,
# parent and child share a page whose mapping is the parent's anon_vma
# (the root). The parent writes first: do_wp_page() copies (cow=1), and
# the old page is left to the child alone (mapcount 1). When the child
# writes it, nothing needs copying: do_wp_page() reuses the page
# (reuse=1) and page_move_anon_rmap() moves page->mapping to the child's
# own anon_vma, so rmap no longer searches the parent for it (Linux
# 6.18 names it folio_move_anon_rmap(); mmsim keeps the seed's name). The
# function_graph tracer shows the call; `page PFN` shows the move.
#
# Usage: MMSIM_MOUNT=MOUNTPOINT bash seed000-cow-reuse.sh
#   on a freshly mounted machine (mmctl from $MMCTL, else from PATH).
#
# What a student should see:
#   after fork:          mapcount:2 mapping:ffff888100000001 (the parent's anon_vma)
#   parent writes:       pages=1 faults=1 anon=0 zero=0 cow=1 reuse=0 shmem=0
#   the old page:        mapcount:1 mapping:ffff888100000001 (the parent's anon_vma)
#   child writes:        pages=1 faults=1 anon=0 zero=0 cow=0 reuse=1 shmem=0
#   the same page:       mapcount:1 mapping:ffff888100000101 (the child's anon_vma)
#   the child's VMA's anon_vma: 0xffff888100000100
#   do_page_fault() {
#     access_error();
#     handle_mm_fault() {
#       __handle_mm_fault() {
#         handle_pte_fault() {
#           do_wp_page() {
#             page_move_anon_rmap();
#           }
#         }
#       }
#     }
#   }
set -euo pipefail
: "${MMSIM_MOUNT:?set MMSIM_MOUNT to a mounted machine}"
MMCTL=${MMCTL:-mmctl}
export MMSIM_MOUNT
T=$MMSIM_MOUNT/tracing

parent=$($MMCTL spawn parent)
addr=$($MMCTL "$parent" mmap 0 4K rw- private,anonymous)
$MMCTL "$parent" touch "$addr" 4K w >/dev/null
child=$($MMCTL "$parent" fork)
# The shared page's frame, from the parent's PTE.
pfn=$(( 0x$($MMCTL "$parent" vtop "$addr" | awk '$1 == "PAGE:" { print $2 }') >> 12 ))
# page_line: mapcount and mapping of that frame, from dump_page()'s line.
page_line() { $MMCTL page "$pfn" | sed -n '1s/.* \(mapcount:[0-9]*\) \(mapping:[0-9a-f]*\) .*/\1 \2/p'; }

echo "after fork:          $(page_line) (the parent's anon_vma)"
echo "parent writes:       $($MMCTL "$parent" touch "$addr" 4K w)"
echo "the old page:        $(page_line) (the parent's anon_vma)"
echo function_graph >"$T/current_tracer"
echo "child writes:        $($MMCTL "$child" touch "$addr" 4K w)"
# The child's fault, without the trace's header, CPU and duration columns
# (read before the tracer is switched off, which empties the buffer).
calls=$(grep -v '^#' "$T/trace" | sed 's/^.*|  //')
echo nop >"$T/current_tracer"
echo "the same page:       $(page_line) (the child's anon_vma)"
echo "the child's VMA's anon_vma: $(sed -n "/^vm_start: $addr\$/,/^\$/s/^anon_vma: //p" "$MMSIM_MOUNT/$child/vm_area_structs")"
echo "$calls"
