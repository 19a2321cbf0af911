#!/usr/bin/env bash
# seed002-do-mmap-family.sh - seed 002, "Работа с областями памяти": the
# functions that make and unmake memory areas. do_mmap() makes one: it
# finds a free interval with get_unmapped_area() (top-down from
# mmap_base, so a second mapping lands just below the first) and links
# the VMA in mmap_region() -- or grows the neighbour it can merge with.
# do_munmap() takes one away (a range in the middle splits the VMA in
# two: the new half's anon_vma_clone(), then unmap_page_range() frees its
# pages). find_vma_intersection() finds a VMA overlapping a range:
# MAP_FIXED_NOREPLACE fails with EEXIST on it. insert_vm_struct() links a
# VMA built by hand: execve's stack and the vDSO's special mappings.
# (find_vma(), the first VMA ending above an address, runs in every page
# fault, see seed002-fault-decision-tree.sh; Linux 6.18's fault path
# looks the VMA up under its per-VMA lock, and neither find_vma nor
# find_vma_intersection is in mmsim's function_graph.) The calls are the
# engine's, traced by function_graph (CPU and duration columns cut).
#
# Usage: MMSIM_MOUNT=MOUNTPOINT bash seed002-do-mmap-family.sh
#   on a freshly mounted machine (mmctl from $MMCTL, else from PATH).
#
# What a student should see:
#   map_count: 1
#   $ mmctl 2 mmap 0 16K rw- private,anonymous -> 0x7ffff7ffb000
#   vm_mmap() {
#     do_mmap() {
#       __get_unmapped_area();
#       mmap_region();
#     }
#   }
#   map_count: 2 7ffff7ffb000-7ffff7fff000
#   $ mmctl 2 mmap 0 16K rw- private,anonymous -> 0x7ffff7ff7000
#   vm_mmap() {
#     do_mmap() {
#       __get_unmapped_area();
#       mmap_region();
#     }
#   }
#   map_count: 2 7ffff7ff7000-7ffff7fff000
#   $ mmctl 2 munmap 0x7ffff7ffa000 8K -> (no reply)
#   sys_munmap() {
#     do_munmap() {
#       anon_vma_clone();
#       anon_vma_clone();
#       unmap_page_range() {
#         __free_pages();
#         __free_pages();
#       }
#     }
#   }
#   map_count: 3 7ffff7ff7000-7ffff7ffa000 7ffff7ffc000-7ffff7fff000
#   $ mmctl 2 mmap 0x7ffff7ff8000 4K rw- private,anonymous,fixed_noreplace -> error: mmap: 0x7ffff7ff8000-0x7ffff7ff9000 overlaps an existing mapping (EEXIST)
#   vm_mmap() {
#     do_mmap() {
#       __get_unmapped_area();
#     }
#   }
#   execve /bin/true: insert_vm_struct() 4 times ([stack], [vvar], [vvar_vclock], [vdso])
set -euo pipefail
: "${MMSIM_MOUNT:?set MMSIM_MOUNT to a mounted machine}"
MMCTL=${MMCTL:-mmctl}
export MMSIM_MOUNT
T=$MMSIM_MOUNT/tracing

# traced CMD...: run one mmctl command under function_graph, print its
# reply, then its calls (the page allocator's left out).
traced() {
	local reply
	echo function_graph >"$T/current_tracer"
	reply=$($MMCTL "$@" 2>&1) || :
	echo "\$ mmctl $* -> ${reply:-(no reply)}"
	grep -v '^#' "$T/trace" | sed 's/^.*|  //' | grep -v '__alloc_pages();' || :
	echo nop >"$T/current_tracer"
}
pid=$($MMCTL spawn family)
# map_count: mm->map_count, and the VMAs below the stack as maps ranges.
map_count() {
	local r
	r=$(grep -v '\[stack\]' "$MMSIM_MOUNT/$pid/maps" | cut -d' ' -f1 | xargs) || :
	echo "map_count: $(sed -n 's/^map_count: //p' "$MMSIM_MOUNT/$pid/mm_struct")${r:+ $r}"
}
map_count
traced "$pid" mmap 0 16K rw- private,anonymous
map_count
traced "$pid" mmap 0 16K rw- private,anonymous
map_count
$MMCTL "$pid" touch 0x7ffff7ff7000 32K w >/dev/null
traced "$pid" munmap 0x7ffff7ffa000 8K
map_count
traced "$pid" mmap 0x7ffff7ff8000 4K rw- private,anonymous,fixed_noreplace
exe=$($MMCTL spawn exe)
echo function_graph >"$T/current_tracer"
$MMCTL "$exe" execve /bin/true >/dev/null
echo "execve /bin/true: insert_vm_struct() $(grep -c 'insert_vm_struct();' "$T/trace") times ([stack], [vvar], [vvar_vclock], [vdso])"
echo nop >"$T/current_tracer"
