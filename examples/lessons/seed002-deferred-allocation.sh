#!/usr/bin/env bash
# seed002-deferred-allocation.sh - seed 002, "Отложенное выделение": a
# process that asks for memory gets no new page frames, only the right to
# use new linear addresses; the frames come one at a time, when the page
# fault of a first access finds no page. mmap of 64 MiB adds a VMA: the
# process's size (VmSize) grows by 64 MiB at once and the memory it is
# promised is counted (Committed_AS), but MemFree and its RSS do not
# move, and pagemap shows no page present. The first write of one page
# takes one fault (do_anonymous_page) and costs one page of data (VmRSS
# +4 kB), the page tables above it (a PUD, a PMD and a PTE table: the
# spawned process had none yet) and anon_vma_prepare()'s slab pages for
# the first anon_vma and anon_vma_chain of a fresh machine: 6 frames.
#
# Usage: MMSIM_MOUNT=MOUNTPOINT bash seed002-deferred-allocation.sh
#   on a freshly mounted machine (mmctl from $MMCTL, else from PATH).
#
# What a student should see:
#   mmap 64M:          MemFree +0 kB, Committed_AS +65536 kB, VmSize +65536 kB, VmRSS +0 kB
#   pages present:     0 of 16384
#   write one page:    pages=1 faults=1 anon=1 zero=0 cow=0 reuse=0 shmem=0
#   after the write:   MemFree -24 kB, Committed_AS +0 kB, VmSize +0 kB, VmRSS +4 kB
#   pages present:     1 of 16384
set -euo pipefail
: "${MMSIM_MOUNT:?set MMSIM_MOUNT to a mounted machine}"
MMCTL=${MMCTL:-mmctl}
export MMSIM_MOUNT

pid=$($MMCTL spawn lazy)
kb() { awk -v k="$2:" '$1 == k { print $2 }' "$1"; }
# snap: MemFree, Committed_AS, VmSize and VmRSS, in kB.
snap() {
	echo "$(kb "$MMSIM_MOUNT/meminfo" MemFree) $(kb "$MMSIM_MOUNT/meminfo" Committed_AS)" \
		"$(kb "$MMSIM_MOUNT/$pid/status" VmSize) $(kb "$MMSIM_MOUNT/$pid/status" VmRSS)"
}
# delta BEFORE AFTER: the four changes, labelled.
delta() {
	local a b
	read -ra a <<<"$1"
	read -ra b <<<"$2"
	printf 'MemFree %+d kB, Committed_AS %+d kB, VmSize %+d kB, VmRSS %+d kB\n' \
		$(( b[0] - a[0] )) $(( b[1] - a[1] )) $(( b[2] - a[2] )) $(( b[3] - a[3] ))
}
# present ADDR PAGES: how many of the PAGES pages from ADDR pagemap shows present (bit 63).
present() {
	dd if="$MMSIM_MOUNT/$pid/pagemap" bs=8 skip=$(( $1 >> 12 )) count="$2" 2>/dev/null |
		od -An -tx8 -v | tr -s ' ' '\n' | grep -c '^[89a-f]' || :
}

s0=$(snap)
addr=$($MMCTL "$pid" mmap 0 64M rw- private,anonymous)
s1=$(snap)
echo "mmap 64M:          $(delta "$s0" "$s1")"
echo "pages present:     $(present "$addr" 16384) of 16384"
echo "write one page:    $($MMCTL "$pid" touch "$addr" 4K w)"
s2=$(snap)
echo "after the write:   $(delta "$s1" "$s2")"
echo "pages present:     $(present "$addr" 16384) of 16384"
