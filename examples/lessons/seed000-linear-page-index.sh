#!/usr/bin/env bash
# seed000-linear-page-index.sh - seed 000, linear_page_index(): page->index
# = ((address - vma->vm_start) >> PAGE_SHIFT) + vma->vm_pgoff. The blog
# asks why vm_pgoff is added: vm_pgoff is the VMA's offset in its backing
# store in pages, so index names a page by its place in the file (or, for
# anonymous memory, by its virtual page number: see
# seed000-anon-vm-pgoff.sh), not by its place in the VMA. Here a 4-page
# file of the machine's own is mapped MAP_PRIVATE from offset 8192
# (vm_pgoff 2): the page cache page under the VMA's second page is file
# page 3; writing the VMA's first page copies file page 2 into an
# anonymous page (COW) whose index is still 2, so rmap and swap find it
# at the same offset. `page PFN` prints index; vtop finds the frames.
#
# Usage: MMSIM_MOUNT=MOUNTPOINT bash seed000-linear-page-index.sh
#   on a freshly mounted machine (mmctl from $MMCTL, else from PATH).
#
# What a student should see:
#   the VMA: vm_start 0x7ffff7ffd000 vm_pgoff 0x2 vm_file /tmp/four-pages.dat
#   maps:    7ffff7ffd000-7ffff7fff000 rw-p 00002000 fe:00 2147483648                 /tmp/four-pages.dat
#   read the VMA's page 1:  file page, index:0x3 = (0x7ffff7ffe000 - 0x7ffff7ffd000) >> 12 + 2
#   write the VMA's page 0: anon page, index:0x2 = (0x7ffff7ffd000 - 0x7ffff7ffd000) >> 12 + 2
#   its bytes: "page 2"
set -euo pipefail
: "${MMSIM_MOUNT:?set MMSIM_MOUNT to a mounted machine}"
MMCTL=${MMCTL:-mmctl}
export MMSIM_MOUNT

pid=$($MMCTL spawn index)
fd=$($MMCTL "$pid" open /tmp/four-pages.dat rdwr,creat 0644)
for i in 0 1 2 3; do
	$MMCTL "$pid" write "$fd" "\"page $i\"" $(( i * 4096 )) >/dev/null
done
$MMCTL "$pid" ftruncate "$fd" 16K
addr=$($MMCTL "$pid" mmap 0 8K rw- private "$fd" 8192)

vma() { sed -n "/^vm_start: $addr\$/,/^\$/s/^$1: //p" "$MMSIM_MOUNT/$pid/vm_area_structs"; }
pgoff=$(( $(vma vm_pgoff) ))
# index ADDR: the kind and index of the page vtop finds at ADDR.
index() {
	local pfn kind=file
	pfn=$(( 0x$($MMCTL "$pid" vtop "$1" | awk '$1 == "PAGE:" { print $2 }') >> 12 ))
	$MMCTL page "$pfn" | grep -q '^anon flags' && kind=anon
	echo "$kind page, $($MMCTL page "$pfn" | sed -n '1s/.* \(index:0x[0-9a-f]*\) .*/\1/p')"
}
echo "the VMA: vm_start $addr vm_pgoff $(vma vm_pgoff) vm_file $(vma vm_file)"
echo "maps:    $(grep four-pages "$MMSIM_MOUNT/$pid/maps")"
second=$(printf '0x%x' $(( addr + 4096 )))
$MMCTL "$pid" touch "$second" 4K r >/dev/null
echo "read the VMA's page 1:  $(index "$second") = ($second - $addr) >> 12 + $pgoff"
$MMCTL "$pid" touch "$addr" 4K w >/dev/null
echo "write the VMA's page 0: $(index "$addr") = ($addr - $addr) >> 12 + $pgoff"
echo "its bytes: $($MMCTL "$pid" load "$addr" 6 text)"
