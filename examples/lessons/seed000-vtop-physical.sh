#!/usr/bin/env bash
# seed000-vtop-physical.sh - seed 000's closing questions: how does Linux
# get from a virtual address to a physical one, and from a struct page to
# the physical address of its frame? The first is the MMU's walk: cr3
# (mm->pgd as a physical address, pgd_pa) points at the PGD; bits 47-39,
# 38-30, 29-21 and 20-12 of the address index the PGD, PUD, PMD and PTE
# tables (8-byte entries); each entry holds the next table's frame, the
# PTE the page's frame, and the low 12 bits are the offset. The crash
# utility's vtop prints each step; the lesson recomputes it. The second
# is arithmetic on the vmemmap, the array of every frame's struct page
# (64 bytes each, from 0xffffea0000000000): pfn = (page - vmemmap) / 64,
# physical = pfn << 12, and the kernel's own address of those bytes is
# the direct map's PAGE_OFFSET + physical (page_address()). pagemap gives
# the same PFN to user space.
#
# Usage: MMSIM_MOUNT=MOUNTPOINT bash seed000-vtop-physical.sh
#   on a freshly mounted machine with --cpu=default (mmctl from $MMCTL,
#   else from PATH).
#
# What a student should see:
#   address 0x7ffff7ffe123: indices pgd 255 pud 511 pmd 447 pte 510, offset 0x123
#   cr3 = pgd_pa 0x3000
#   PGD entry at 0x3000 + 255 * 8 = 0x37f8 (vtop: 37f8) => 24067
#   PUD entry at 0x24000 + 511 * 8 = 0x24ff8 (vtop: 24ff8) => 25067
#   PMD entry at 0x25000 + 447 * 8 = 0x25df8 (vtop: 25df8) => 26067
#   PTE entry at 0x26000 + 510 * 8 = 0x26ff0 (vtop: 26ff0) => 8000000000029867
#   physical = 0x29000 + 0x123 = 0x29123 (vtop: 29123)
#   struct page 0xffffea0000000a40: pfn = (0xffffea0000000a40 - 0xffffea0000000000) / 64 = 0x29
#   physical = 0x29 << 12 = 0x29000; page_address() = 0xffff888000029000
#   pagemap's PFN: 0x29
#   the bytes there: "hello"
set -euo pipefail
: "${MMSIM_MOUNT:?set MMSIM_MOUNT to a mounted machine}"
MMCTL=${MMCTL:-mmctl}
export MMSIM_MOUNT

pid=$($MMCTL spawn vtop)
base=$($MMCTL "$pid" mmap 0 4K rw- private,anonymous)
addr=$(( base + 0x123 ))
$MMCTL "$pid" store "$addr" '"hello"'
v=$($MMCTL "$pid" vtop "$addr")
printf 'address 0x%x: indices pgd %d pud %d pmd %d pte %d, offset 0x%x\n' "$addr" \
	$(( (addr >> 39) & 511 )) $(( (addr >> 30) & 511 )) $(( (addr >> 21) & 511 )) \
	$(( (addr >> 12) & 511 )) $(( addr & 4095 ))
table=$(sed -n 's/^pgd_pa: //p' "$MMSIM_MOUNT/$pid/mm_struct")
echo "cr3 = pgd_pa $table"
shift=39
for level in PGD PUD PMD PTE; do
	read -r at val < <(awk -v l="$level:" '$1 == l { print $2, $4 }' <<<"$v")
	printf '%s entry at %s + %d * 8 = 0x%x (vtop: %s) => %s\n' "$level" "$table" \
		$(( (addr >> shift) & 511 )) $(( table + ((addr >> shift) & 511) * 8 )) "$at" "$val"
	# The next table (or the page): the entry's bits 51-12.
	table=$(printf '0x%x' $(( 0x$val & 0x000ffffffffff000 )))
	shift=$(( shift - 9 ))
done
printf 'physical = %s + 0x%x = 0x%x (vtop: %s)\n' "$table" $(( addr & 4095 )) \
	$(( table + (addr & 4095) )) "$(awk 'NR == 2 { print $2 }' <<<"$v")"
# The struct page of vtop's last line, back to its frame.
page=0x$(awk 'END { print $1 }' <<<"$v")
pfn=$(( (page - 0xffffea0000000000) / 64 ))
printf 'struct page %s: pfn = (%s - 0xffffea0000000000) / 64 = 0x%x\n' "$page" "$page" "$pfn"
printf 'physical = 0x%x << 12 = 0x%x; page_address() = 0x%x\n' "$pfn" $(( pfn << 12 )) \
	$(( 0xffff888000000000 + (pfn << 12) ))
e=$(dd if="$MMSIM_MOUNT/$pid/pagemap" bs=8 skip=$(( addr >> 12 )) count=1 2>/dev/null | od -An -tx8 | tr -d ' ')
printf "pagemap's PFN: 0x%x\n" $(( 0x$e & ((1 << 55) - 1) ))
echo "the bytes there: $($MMCTL "$pid" load "$addr" 5 text)"
