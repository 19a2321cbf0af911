#!/usr/bin/env bash
# seed001-paging-quizzes.sh - seed 001, "1段のページテーブル" and
# "x86のページ・テーブル", quizzes 502 and 503: how many bytes of page
# tables does a 32-bit process with three pages need with one level, and
# with x86's two (10+10+12, 4-byte entries)?
#
# The quiz's three pages: two at the bottom of the space (0x00400000 and
# 0x00401000, the first region above mmap_min_addr) and one at its top
# (0xfffff000). MOUNT/PID/paging answers for every scheme of the lecture.
#
# Usage: MMSIM_MOUNT=MOUNTPOINT bash seed001-paging-quizzes.sh
#   on a freshly mounted machine (mmctl from $MMCTL, else from PATH).
#
# What a student should see:
#   502 (1-level): 4194304 bytes = 1 table (20+12 bits, 4-byte entries)
#   503 (2-level): 12288 bytes = 1 page directory + 2 page tables (10+10+12 bits, 4-byte entries)
#   PAE:           16416 bytes = 1 PDPT (32 bytes) + 2 page directories + 2 page tables (2+9+9+12 bits, 8-byte entries)
#   x86-64:        24576 bytes = 1 PGD + 1 PUD + 2 PMDs + 2 PTE tables (9+9+9+9+12 bits, 8-byte entries)
#   5-level:       28672 bytes = 1 PGD + 1 P4D + 1 PUD + 2 PMDs + 2 PTE tables (9+9+9+9+9+12 bits, 8-byte entries)
#   one page gone: 8192 bytes = 1 page directory + 1 page table (10+10+12 bits, 4-byte entries)
set -euo pipefail
: "${MMSIM_MOUNT:?set MMSIM_MOUNT to a mounted machine}"
MMCTL=${MMCTL:-mmctl}
export MMSIM_MOUNT

pid=$($MMCTL spawn quiz)
$MMCTL "$pid" mmap 0x00400000 8K rw- private,anonymous,fixed >/dev/null
$MMCTL "$pid" mmap 0xfffff000 4K rw- private,anonymous,fixed >/dev/null
$MMCTL "$pid" touch 0x00400000 8K w >/dev/null
$MMCTL "$pid" touch 0xfffff000 4K w >/dev/null

scheme() { sed -n "s/^$1: //p" "$MMSIM_MOUNT/$pid/paging"; }
echo "502 (1-level): $(scheme 1-level)"
echo "503 (2-level): $(scheme 2-level)"
echo "PAE:           $(scheme pae)"
echo "x86-64:        $(scheme 4-level)"
echo "5-level:       $(scheme 5-level)"
# Two pages in one 4 MiB region share their page table.
$MMCTL "$pid" munmap 0xfffff000 4K >/dev/null
echo "one page gone: $(scheme 2-level)"
