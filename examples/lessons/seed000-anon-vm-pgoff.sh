#!/usr/bin/env bash
# seed000-anon-vm-pgoff.sh - seed 000, insert_vm_struct()'s comment: the
# vm_pgoff of a purely anonymous VMA is set to vm_start >> PAGE_SHIFT
# ("similarly in do_mmap_pgoff and in do_brk"), so that the index of its
# pages (linear_page_index) is their virtual page number, and merges and
# splits need only the file pgoff checks. The stack (insert_vm_struct in
# execve's __bprm_mm_init, here of /bin/true), an anonymous mmap (do_mmap)
# and the heap (do_brk_flags) all start so. "Unless mremap moves it elsewhere before that first write
# fault": moved before any page has its anon_vma and index, the VMA takes
# the vm_pgoff of its new place; moved after, it keeps the old one, so
# its pages' index stays right.
# The seed's maps (an older kernel's) printed vm_pgoff << 12 as an anonymous
# line's offset (080fa000-080ff000 rw-p 080fa000); Linux 6.18's maps
# prints 0 there: vm_pgoff is read from PID/vm_area_structs.
#
# Usage: MMSIM_MOUNT=MOUNTPOINT bash seed000-anon-vm-pgoff.sh
#   on a freshly mounted machine (mmctl from $MMCTL, else from PATH).
#
# What a student should see:
#   [stack] (insert_vm_struct): vm_start 0x7ffffffde000 vm_pgoff 0x7ffffffde
#   mmap (do_mmap):             vm_start 0x7ffff7ffe000 vm_pgoff 0x7ffff7ffe
#   [heap] (do_brk_flags):      vm_start 0x555555559000 vm_pgoff 0x555555559
#   moved before a write:       vm_start 0x600000000000 vm_pgoff 0x600000000
#   written, then moved:        vm_start 0x500000000000 vm_pgoff 0x600000000
#   its page: index:0x600000000
#   maps prints 0 for them:     500000000000-500000001000 rw-p 00000000 00:00 0
set -euo pipefail
: "${MMSIM_MOUNT:?set MMSIM_MOUNT to a mounted machine}"
MMCTL=${MMCTL:-mmctl}
export MMSIM_MOUNT

# show LABEL ADDR: vm_start and vm_pgoff of the VMA of $pid at ADDR.
show() {
	printf '%-27s vm_start %s vm_pgoff %s\n' "$1" "$2" \
		"$(sed -n "/^vm_start: $2\$/,/^\$/s/^vm_pgoff: //p" "$MMSIM_MOUNT/$pid/vm_area_structs")"
}
pid=$($MMCTL spawn exec)
$MMCTL "$pid" execve /bin/true >/dev/null
show "[stack] (insert_vm_struct):" "0x$(sed -n 's/-.*\[stack\]$//p' "$MMSIM_MOUNT/$pid/maps")"
pid=$($MMCTL spawn pgoff)
addr=$($MMCTL "$pid" mmap 0 4K rw- private,anonymous)
show "mmap (do_mmap):" "$addr"
heap=$($MMCTL "$pid" brk)
$MMCTL "$pid" brk $(( heap + 4096 )) >/dev/null
show "[heap] (do_brk_flags):" "$heap"
moved=$($MMCTL "$pid" mremap "$addr" 4K 4K maymove fixed 0x600000000000)
show "moved before a write:" "$moved"
$MMCTL "$pid" touch "$moved" 4K w >/dev/null    # the page gets anon_vma and index
again=$($MMCTL "$pid" mremap "$moved" 4K 4K maymove fixed 0x500000000000)
show "written, then moved:" "$again"
pfn=$(( 0x$($MMCTL "$pid" vtop "$again" | awk '$1 == "PAGE:" { print $2 }') >> 12 ))
echo "its page: $($MMCTL page "$pfn" | sed -n '1s/.* \(index:0x[0-9a-f]*\) .*/\1/p')"
echo "maps prints 0 for them:     $(sed -n 's/^\(500000000000-.*\) $/\1/p' "$MMSIM_MOUNT/$pid/maps")"
