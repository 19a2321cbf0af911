#!/usr/bin/env bash
# seed000-anon-vma-fork.sh - seed 000, the fork chain down to anon_vma:
# dup_mmap() -> anon_vma_fork() -> anon_vma_clone(). After a fork and a
# write in the child, the child's VMA is linked (anon_vma_chain) to its
# own anon_vma and to the parent's; its anon_vma's parent and root are the
# parent's, and the parent's interval tree holds both processes' VMAs, so
# rmap_walk() of a page still shared finds both.
#
# Usage: MMSIM_MOUNT=MOUNTPOINT bash seed000-anon-vma-fork.sh
#   on a freshly mounted machine (mmctl from $MMCTL, else from PATH).
#
# What a student should see (anon_vmas by mmsim's kernel addresses,
# 0xffff888100000000 + serial * 256):
#   parent's VMA: anon_vma: 0xffff888100000000
#   parent's VMA: anon_vma_chain: 0xffff888100000000
#   child's VMA:  anon_vma: 0xffff888100000100
#   child's VMA:  anon_vma_chain: 0xffff888100000100 0xffff888100000000
#   child's anon_vma: root: 0xffff888100000000 parent: 0xffff888100000000 refcount: 1
#   parent's anon_vma: refcount: 2 num_children: 2
#   parent's anon_vma: rb_root: 2:7ffff7ffc000-7ffff7fff000 3:7ffff7ffc000-7ffff7fff000
#   a shared page: 2:0x7ffff7ffd000 3:0x7ffff7ffd000
#   the child's copy: 3:0x7ffff7ffc000
set -euo pipefail
: "${MMSIM_MOUNT:?set MMSIM_MOUNT to a mounted machine}"
MMCTL=${MMCTL:-mmctl}
export MMSIM_MOUNT

parent=$($MMCTL spawn parent)
addr=$($MMCTL "$parent" mmap 0 12K rw- private,anonymous)
$MMCTL "$parent" touch "$addr" 12K w >/dev/null     # anon_vma_prepare()
child=$($MMCTL "$parent" fork)                     # anon_vma_fork()
$MMCTL "$child" touch "$addr" 4K w >/dev/null      # do_wp_page() copies

# vma FILE PID FIELD: FIELD of the VMA at $addr in PID's FILE.
vma() { sed -n "/^vm_start: $addr\$/,/^\$/s/^$2: //p" "$MMSIM_MOUNT/$1/vm_area_structs"; }
# av PID ANON_VMA FIELD...: those fields of one anon_vma, on one line.
av() {
	local pid=$1 a=$2 f out=
	shift 2
	for f in "$@"; do
		out+="$f: $(sed -n "/^anon_vma: $a\$/,/^\$/s/^$f: //p" "$MMSIM_MOUNT/$pid/anon_vmas") "
	done
	echo "${out% }"
}
root=$(vma "$parent" anon_vma)
own=$(vma "$child" anon_vma)
echo "parent's VMA: anon_vma: $root"
echo "parent's VMA: anon_vma_chain: $(vma "$parent" anon_vma_chain)"
echo "child's VMA:  anon_vma: $own"
echo "child's VMA:  anon_vma_chain: $(vma "$child" anon_vma_chain)"
echo "child's anon_vma: $(av "$child" "$own" root parent refcount)"
echo "parent's anon_vma: $(av "$parent" "$root" refcount num_children)"
echo "parent's anon_vma: $(av "$parent" "$root" rb_root)"
# pagemap: the PFN in bits 0-54 of the 8-byte entry of each page.
pfn() {
	local e
	e=$(dd if="$MMSIM_MOUNT/$1/pagemap" bs=8 skip=$(( $2 >> 12 )) count=1 2>/dev/null |
		od -An -tx8 | tr -d ' ')
	echo $(( 0x$e & ((1 << 55) - 1) ))
}
echo "a shared page: $($MMCTL rmap "$(pfn "$parent" $((addr + 4096)))")"
echo "the child's copy: $($MMCTL rmap "$(pfn "$child" "$addr")")"
