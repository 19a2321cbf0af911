#!/usr/bin/env bash
# seed001-fault-paths.sh - seed 001, do_page_fault's path and
# handle_mm_fault's path to do_anonymous_page, the COW of the zero page
# and the file fault: the engine's own call tree, as the function_graph
# tracer prints it (MOUNT/tracing/, mmsim(7) TRACING), with the CPU and
# duration columns cut off.
#
# Three faults of one process: the first write of an anonymous page (the
# page tables, the anon_vma and the page are allocated), a read of the
# next page (the zero page, no allocation) and a write of it (do_wp_page
# copies the zero page), then a read of a file page that is not cached
# (fault-around finds nothing, filemap_fault reads the page in).
#
# Usage: MMSIM_MOUNT=MOUNTPOINT bash seed001-fault-paths.sh
#   on a freshly mounted machine (mmctl from $MMCTL, else from PATH).
#
# What a student should see:
#   -- write fault of an anonymous page
#   do_page_fault() {
#     access_error();
#     handle_mm_fault() {
#       __handle_mm_fault() {
#         __alloc_pages();
#         __alloc_pages();
#         __alloc_pages();
#         handle_pte_fault() {
#           do_anonymous_page() {
#             __anon_vma_prepare() {
#               __alloc_pages();
#               __alloc_pages();
#             }
#             __alloc_pages();
#             page_add_new_anon_rmap();
#             lru_cache_add();
#           }
#         }
#       }
#     }
#   }
#   -- read fault: the zero page
#   do_page_fault() {
#     access_error();
#     handle_mm_fault() {
#       __handle_mm_fault() {
#         handle_pte_fault() {
#           do_anonymous_page();
#         }
#       }
#     }
#   }
#   -- write fault of the zero page: copy on write
#   do_page_fault() {
#     access_error();
#     handle_mm_fault() {
#       __handle_mm_fault() {
#         handle_pte_fault() {
#           do_wp_page() {
#             wp_page_copy() {
#               __alloc_pages();
#               page_add_new_anon_rmap();
#               lru_cache_add();
#             }
#           }
#         }
#       }
#     }
#   }
#   -- read fault of an uncached file page
#   do_page_fault() {
#     access_error();
#     handle_mm_fault() {
#       __handle_mm_fault() {
#         handle_pte_fault() {
#           do_fault() {
#             do_read_fault() {
#               filemap_map_pages();
#               filemap_fault() {
#                 __alloc_pages();
#                 lru_cache_add();
#               }
#             }
#           }
#         }
#       }
#     }
#     handle_mm_fault() {
#       __handle_mm_fault() {
#         handle_pte_fault() {
#           do_fault() {
#             do_read_fault() {
#               filemap_map_pages();
#             }
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

pid=$($MMCTL spawn fault)
area=$($MMCTL "$pid" mmap 0 16K rw- private,anonymous)
fd=$($MMCTL "$pid" open /etc/os-release rdonly)
file=$($MMCTL "$pid" mmap 0 4K r-- private "$fd" 0)
echo function_graph >"$T/current_tracer"

# calls: the function calls of the trace, without its header, CPU and
# duration columns; then the buffer is emptied for the next fault.
calls() {
	grep -v '^#' "$T/trace" | sed 's/^.*|  //'
	: >"$T/trace"
}

echo "-- write fault of an anonymous page"
$MMCTL "$pid" touch "$area" 4K w >/dev/null
calls
echo "-- read fault: the zero page"
$MMCTL "$pid" touch $((area + 0x1000)) 4K r >/dev/null
calls
echo "-- write fault of the zero page: copy on write"
$MMCTL "$pid" touch $((area + 0x1000)) 4K w >/dev/null
calls
# The first try reads the page and is retried (VM_FAULT_RETRY), as after
# Linux drops the mmap lock for I/O: the retry's fault-around maps it.
echo "-- read fault of an uncached file page"
$MMCTL "$pid" touch "$file" 4K r >/dev/null
calls
echo nop >"$T/current_tracer"
