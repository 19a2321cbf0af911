#!/usr/bin/env bash
# seed002-mmap-merge.sh - seed 002: "if mmap() is applied with the same
# arguments, the kernel does not create a new VMA, it only changes the
# vm_end of the existing one". A new anonymous range that touches a VMA
# with the same flags (and, for anonymous memory, a vm_pgoff that lines
# up: insert_vm_struct's rule, see seed000-anon-vm-pgoff.sh) is merged
# into it (vma_merge_new_range): map_count does not grow. Which end moves
# depends on where get_unmapped_area() put the new range: the same mmap
# twice, top-down, lands just below, so the VMA's vm_start (and
# vm_pgoff) move down; a range right above moves vm_end, as the seed
# says. The VMA keeps its anon_vma. Other flags (r-- instead of rw-) make
# a VMA of their own, until mprotect makes the flags equal and the two
# merge again. (map_count counts the [stack] VMA too.)
#
# Usage: MMSIM_MOUNT=MOUNTPOINT bash seed002-mmap-merge.sh
#   on a freshly mounted machine (mmctl from $MMCTL, else from PATH).
#
# What a student should see:
#   mmap 0 16K rw- private,anonymous -> 0x7ffff7ffb000
#     map_count 2: 0x7ffff7ffb000-0x7ffff7fff000 pgoff 0x7ffff7ffb anon_vma 0xffff888100000000
#   the same again -> 0x7ffff7ff7000
#     map_count 2: 0x7ffff7ff7000-0x7ffff7fff000 pgoff 0x7ffff7ff7 anon_vma 0xffff888100000000
#   mmap 0x7ffff7fff000 4K rw- (hint: right above) -> 0x7ffff7fff000
#     map_count 2: 0x7ffff7ff7000-0x7ffff8000000 pgoff 0x7ffff7ff7 anon_vma 0xffff888100000000
#   mmap 0 16K r-- private,anonymous -> 0x7ffff7ff3000
#     map_count 3: 0x7ffff7ff3000-0x7ffff7ff7000 pgoff 0x7ffff7ff3 anon_vma NULL; 0x7ffff7ff7000-0x7ffff8000000 pgoff 0x7ffff7ff7 anon_vma 0xffff888100000000
#   mprotect 0x7ffff7ff3000 16K rw-
#     map_count 2: 0x7ffff7ff3000-0x7ffff8000000 pgoff 0x7ffff7ff3 anon_vma 0xffff888100000000
set -euo pipefail
: "${MMSIM_MOUNT:?set MMSIM_MOUNT to a mounted machine}"
MMCTL=${MMCTL:-mmctl}
export MMSIM_MOUNT

pid=$($MMCTL spawn merge)
# vmas: map_count, then each VMA below the stack as START-END pgoff
# anon_vma (from PID/vm_area_structs).
vmas() {
	echo "  map_count $(sed -n 's/^map_count: //p' "$MMSIM_MOUNT/$pid/mm_struct"):" \
		"$(awk '/^vm_start:/ { s = $2 } /^vm_end:/ { e = $2 } /^vm_pgoff:/ { o = $2 }
			/^anon_vma:/ && s != "0x7ffffffde000" { printf "%s-%s pgoff %s anon_vma %s; ", s, e, o, $2 }' \
			"$MMSIM_MOUNT/$pid/vm_area_structs" | sed 's/; $//')"
}
echo "mmap 0 16K rw- private,anonymous -> $($MMCTL "$pid" mmap 0 16K rw- private,anonymous)"
$MMCTL "$pid" touch 0x7ffff7ffb000 4K w >/dev/null    # the VMA gets its anon_vma
vmas
echo "the same again -> $($MMCTL "$pid" mmap 0 16K rw- private,anonymous)"
vmas
echo "mmap 0x7ffff7fff000 4K rw- (hint: right above) -> $($MMCTL "$pid" mmap 0x7ffff7fff000 4K rw- private,anonymous)"
vmas
echo "mmap 0 16K r-- private,anonymous -> $($MMCTL "$pid" mmap 0 16K r-- private,anonymous)"
vmas
echo "mprotect 0x7ffff7ff3000 16K rw-"
$MMCTL "$pid" mprotect 0x7ffff7ff3000 16K rw-
vmas
