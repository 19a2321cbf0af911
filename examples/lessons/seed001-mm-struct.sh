#!/usr/bin/env bash
# seed001-mm-struct.sh - seed 001, "mm_struct構造体": the fields of the
# lecture's listing on a live mm_struct (MOUNT/PID/mm_struct): mmap (the
# VMA list) and map_count (its length, the lines of maps), pgd (the top
# page table; its physical address is what CR3 loads), mm_users (tasks
# using the address space: a thread adds one, a fork makes a new mm),
# total_vm (pages mapped), start_brk and brk (the heap), start_stack.
#
# Usage: MMSIM_MOUNT=MOUNTPOINT bash seed001-mm-struct.sh
#   on a freshly mounted machine (mmctl from $MMCTL, else from PATH).
#
# What a student should see:
#   spawned: map_count: 1 total_vm: 33 mm_users: 1 mm_count: 1
#   spawned: start_brk: 0x555555559000 brk: 0x555555559000 start_stack: 0x7fffffffe000
#   mmap 64K: map_count: 2 total_vm: 49 (maps has 2 lines)
#   mmap 64K: mmap: 0xffff888000002180 (7ffff7fef000-7ffff7fff000)
#   brk +8K: start_brk: 0x555555559000 brk: 0x55555555b000 map_count: 3
#   a thread: mm_users: 2
#   fork: the child's mm_users: 1, its pgd is not the parent's: yes
#   pgd_pa is the PGD line of vtop: yes
set -euo pipefail
: "${MMSIM_MOUNT:?set MMSIM_MOUNT to a mounted machine}"
MMCTL=${MMCTL:-mmctl}
export MMSIM_MOUNT

# mm PID FIELD...: "FIELD: value" of each FIELD, on one line.
mm() {
	local pid=$1 f out=
	shift
	for f in "$@"; do
		out+="$f: $(sed -n "s/^$f: //p" "$MMSIM_MOUNT/$pid/mm_struct") "
	done
	echo "${out% }"
}
pid=$($MMCTL spawn mm)
echo "spawned: $(mm "$pid" map_count total_vm mm_users mm_count)"
echo "spawned: $(mm "$pid" start_brk brk start_stack)"
$MMCTL "$pid" mmap 0 64K rw- private,anonymous >/dev/null
echo "mmap 64K: $(mm "$pid" map_count total_vm) (maps has $(wc -l < "$MMSIM_MOUNT/$pid/maps") lines)"
echo "mmap 64K: $(mm "$pid" mmap)"
$MMCTL "$pid" brk 0x55555555b000 >/dev/null
echo "brk +8K: $(mm "$pid" start_brk brk map_count)"
$MMCTL "$pid" clone vm,thread,sighand,files >/dev/null
echo "a thread: $(mm "$pid" mm_users)"
child=$($MMCTL "$pid" fork)
differs=no
[ "$(mm "$pid" pgd)" != "$(mm "$child" pgd)" ] && differs=yes
echo "fork: the child's $(mm "$child" mm_users), its pgd is not the parent's: $differs"
# vtop's "   PGD: ADDR => ...": pgd_pa + pgd_index * 8.
$MMCTL "$pid" touch 0x555555559000 4K w >/dev/null
pa=$(sed -n 's/^pgd_pa: //p' "$MMSIM_MOUNT/$pid/mm_struct")
want=$(printf '   PGD: %x =>' $(( pa + (0x555555559000 >> 39) * 8 )))
same=no
$MMCTL "$pid" vtop 0x555555559000 | grep -q "^$want" && same=yes
echo "pgd_pa is the PGD line of vtop: $same"
