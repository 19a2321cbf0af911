#!/usr/bin/env bash
# seed001-vma-flags.sh - seed 001, "vm_area_structのvm_flagsの値": the VMA
# flags table (VM_READ, VM_WRITE, VM_EXEC, VM_SHARED, VM_GROWSDOWN,
# VM_LOCKED, VM_DONTCOPY ...), each seen on a live vm_area_struct in
# MOUNT/PID/vm_area_structs: mmap's PROT_* give VM_READ/VM_WRITE/VM_EXEC
# (and the VM_MAY* bits mprotect may later grant), MAP_SHARED VM_SHARED
# and VM_MAYSHARE, the stack VM_GROWSDOWN, mlock VM_LOCKED, madvise
# MADV_DONTFORK VM_DONTCOPY; a private writable mapping is charged
# (VM_ACCOUNT). The hints keep the VMAs apart, or equal neighbours would
# merge into one; fork copies all but the VM_DONTCOPY one, and unlocked
# (dup_mmap clears VM_LOCKED).
#
# Usage: MMSIM_MOUNT=MOUNTPOINT bash seed001-vma-flags.sh
#   on a freshly mounted machine (mmctl from $MMCTL, else from PATH).
#
# What a student should see:
#   r-x private: VM_READ|VM_EXEC|VM_MAYREAD|VM_MAYWRITE|VM_MAYEXEC
#   rw- private: VM_READ|VM_WRITE|VM_MAYREAD|VM_MAYWRITE|VM_MAYEXEC|VM_ACCOUNT
#   rw- shared:  VM_READ|VM_WRITE|VM_SHARED|VM_MAYREAD|VM_MAYWRITE|VM_MAYEXEC|VM_MAYSHARE
#   mlock:       VM_READ|VM_WRITE|VM_MAYREAD|VM_MAYWRITE|VM_MAYEXEC|VM_LOCKED|VM_ACCOUNT
#   dontfork:    VM_READ|VM_WRITE|VM_MAYREAD|VM_MAYWRITE|VM_MAYEXEC|VM_DONTCOPY|VM_ACCOUNT
#   [stack]:     VM_READ|VM_WRITE|VM_MAYREAD|VM_MAYWRITE|VM_MAYEXEC|VM_GROWSDOWN|VM_ACCOUNT
#   the child has 5 VMAs of the parent's 6: no dontfork VMA, no lock
set -euo pipefail
: "${MMSIM_MOUNT:?set MMSIM_MOUNT to a mounted machine}"
MMCTL=${MMCTL:-mmctl}
export MMSIM_MOUNT

pid=$($MMCTL spawn flags)
rx=$($MMCTL "$pid" mmap 0 4K r-x private,anonymous)
rw=$($MMCTL "$pid" mmap 0x100000000 4K rw- private,anonymous)
sh=$($MMCTL "$pid" mmap 0x200000000 4K rw- shared,anonymous)
lk=$($MMCTL "$pid" mmap 0x300000000 4K rw- private,anonymous)
$MMCTL "$pid" mlock "$lk" 4K >/dev/null
df=$($MMCTL "$pid" mmap 0x400000000 4K rw- private,anonymous)
$MMCTL "$pid" madvise "$df" 4K dontfork >/dev/null

# flags ADDR: the VM_* names of the VMA that starts at ADDR.
flags() {
	sed -n "/^vm_start: $1\$/,/^\$/s/^vm_flags: 0x[0-9a-f]* //p" \
		"$MMSIM_MOUNT/$pid/vm_area_structs"
}
stack=$(sed -n 's/^\([0-9a-f]*\)-.*\[stack\]$/0x\1/p' "$MMSIM_MOUNT/$pid/maps")
echo "r-x private: $(flags "$rx")"
echo "rw- private: $(flags "$rw")"
echo "rw- shared:  $(flags "$sh")"
echo "mlock:       $(flags "$lk")"
echo "dontfork:    $(flags "$df")"
echo "[stack]:     $(flags "$stack")"
child=$($MMCTL "$pid" fork)
n() { grep -c '^vm_start:' "$MMSIM_MOUNT/$1/vm_area_structs"; }
locked=$(grep -c 'VM_LOCKED' "$MMSIM_MOUNT/$child/vm_area_structs" || true)
echo "the child has $(n "$child") VMAs of the parent's $(n "$pid"): no dontfork VMA,$([ "$locked" = 0 ] && echo " no lock")"
