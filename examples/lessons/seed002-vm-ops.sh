#!/usr/bin/env bash
# seed002-vm-ops.sh - seed 002, vm_area_struct's vm_ops: "the operations
# that can be done on this memory area", a table of function pointers
# chosen when the VMA is made: none (NULL) for private anonymous memory,
# generic_file_vm_ops for a file (generic_file_mmap), shmem_anon_vm_ops
# for shared anonymous memory (shmem_zero_setup), shm_vm_ops for a
# System V attachment (shm_mmap), special_mapping_vmops for [vdso] and
# [vvar]. Seed 001's handle_pte_fault() shows what the table is for: a
# fault on an empty PTE asks "if (vma->vm_ops)" and calls the VMA's
# ->fault through do_fault(), else do_anonymous_page(). The lesson reads
# each VMA's vm_ops in PID/vm_area_structs and traces the first read of
# each with function_graph: the function handle_pte_fault() called, and
# the ->fault under it. (Linux's shm_vm_ops has a ->fault of its own,
# shm_fault(), that calls the segment's shmem_fault(); mmsim's table
# holds shmem_fault itself, so the trace shows one call, not two.)
#
# Usage: MMSIM_MOUNT=MOUNTPOINT bash seed002-vm-ops.sh
#   on a freshly mounted machine (mmctl from $MMCTL, else from PATH).
#
# What a student should see:
#   private anon:    vm_ops NULL                   handle_pte_fault -> do_anonymous_page  ->fault: none
#   file:            vm_ops generic_file_vm_ops    handle_pte_fault -> do_fault           ->fault: filemap_fault
#   shared anon:     vm_ops shmem_anon_vm_ops      handle_pte_fault -> do_fault           ->fault: shmem_fault
#   System V shm:    vm_ops shm_vm_ops             handle_pte_fault -> do_fault           ->fault: shmem_fault
#   [vdso]:          vm_ops special_mapping_vmops
set -euo pipefail
: "${MMSIM_MOUNT:?set MMSIM_MOUNT to a mounted machine}"
MMCTL=${MMCTL:-mmctl}
export MMSIM_MOUNT
T=$MMSIM_MOUNT/tracing

pid=$($MMCTL spawn ops)
vm_ops() { sed -n "/^vm_start: $1\$/,/^\$/s/^vm_ops: //p" "$MMSIM_MOUNT/$pid/vm_area_structs"; }
# first_read LABEL ADDR: vm_ops of the VMA at ADDR, and what its first
# read fault ran below handle_pte_fault() (the ->fault: *_fault()).
first_read() {
	local calls branch fault
	echo function_graph >"$T/current_tracer"
	$MMCTL "$pid" touch "$2" 4K r >/dev/null
	calls=$(grep -v '^#' "$T/trace" | sed 's/^.*|  *//; s/[ {;]*$//; s/()$//')
	echo nop >"$T/current_tracer"
	branch=$(sed -n '/^handle_pte_fault$/{n;p;q}' <<<"$calls")
	fault=$(grep -v '^do_\(page_\|read_\|cow_\|shared_\)\?fault$\|handle_\(mm\|pte\)_fault$' <<<"$calls" |
		grep -m1 '_fault$' || echo none)
	printf '%-16s vm_ops %-22s handle_pte_fault -> %-18s ->fault: %s\n' "$1" "$(vm_ops "$2")" "$branch" "$fault"
}

a=$($MMCTL "$pid" mmap 0 4K rw- private,anonymous)
first_read "private anon:" "$a"
fd=$($MMCTL "$pid" open /tmp/ops.dat rdwr,creat 0644)
$MMCTL "$pid" ftruncate "$fd" 4K
a=$($MMCTL "$pid" mmap 0 4K rw- private "$fd" 0)
first_read "file:" "$a"
a=$($MMCTL "$pid" mmap 0 4K rw- shared,anonymous)
first_read "shared anon:" "$a"
a=$($MMCTL "$pid" shmat "$($MMCTL "$pid" shmget 42 4K)" 0)
first_read "System V shm:" "$a"
exe=$($MMCTL spawn exe)
$MMCTL "$exe" execve /bin/true >/dev/null
vdso=0x$(sed -n 's/-.*\[vdso\]$//p' "$MMSIM_MOUNT/$exe/maps")
printf '%-16s vm_ops %s\n' "[vdso]:" \
	"$(sed -n "/^vm_start: $vdso\$/,/^\$/s/^vm_ops: //p" "$MMSIM_MOUNT/$exe/vm_area_structs")"
