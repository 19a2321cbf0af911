#!/usr/bin/env bash
# seed002-mmap-flags-prot.sh - seed 002, mmap(addr, length, prot, flags,
# fd, offset): what addr, the flags (no flag/hint, MAP_FIXED,
# MAP_ANONYMOUS, a file: MAP_FILE is 0, the default) and prot (PROT_READ,
# PROT_WRITE, PROT_EXEC, PROT_NONE) do. Without MAP_FIXED addr is a hint
# the kernel takes only where it is free; MAP_FIXED puts the mapping
# exactly there, replacing what was mapped (MAP_FIXED_NOREPLACE refuses:
# EEXIST). prot becomes the VMA's VM_READ/VM_WRITE/VM_EXEC, the rwx of
# maps, and MAP_SHARED its VM_SHARED, maps' s; an access that prot does
# not allow is a SIGSEGV with SEGV_ACCERR (access_error()), each one
# killing its process.
#
# Usage: MMSIM_MOUNT=MOUNTPOINT bash seed002-mmap-flags-prot.sh
#   on a freshly mounted machine (mmctl from $MMCTL, else from PATH).
#
# What a student should see:
#   hint 0x10000000 rw- private,anonymous -> 0x10000000: 10000000-10001000 rw-p 00000000 00:00 0 VM_READ|VM_WRITE|VM_MAYREAD|VM_MAYWRITE|VM_MAYEXEC|VM_ACCOUNT
#   hint 0x10000000 r-- private,anonymous -> 0x7ffff7ffe000: 7ffff7ffe000-7ffff7fff000 r--p 00000000 00:00 0 VM_READ|VM_MAYREAD|VM_MAYWRITE|VM_MAYEXEC
#   hint 0x10000000 r-x private,anonymous -> 0x7ffff7ffd000: 7ffff7ffd000-7ffff7ffe000 r-xp 00000000 00:00 0 VM_READ|VM_EXEC|VM_MAYREAD|VM_MAYWRITE|VM_MAYEXEC
#   hint 0x10000000 --- private,anonymous -> 0x7ffff7ffc000: 7ffff7ffc000-7ffff7ffd000 ---p 00000000 00:00 0 VM_MAYREAD|VM_MAYWRITE|VM_MAYEXEC
#   shared,anonymous -> 0x7ffff7ffb000: 7ffff7ffb000-7ffff7ffc000 rw-s 00000000 00:01 1 VM_READ|VM_WRITE|VM_SHARED|VM_MAYREAD|VM_MAYWRITE|VM_MAYEXEC|VM_MAYSHARE
#   file, shared, r-- -> 0x7ffff7ffa000: 7ffff7ffa000-7ffff7ffb000 r--s 00000000 fe:00 2147483648 VM_READ|VM_SHARED|VM_MAYREAD|VM_MAYWRITE|VM_MAYEXEC|VM_MAYSHARE
#   fixed 0x10000000 r-x over the rw- mapping -> 0x10000000: 10000000-10001000 r-xp 00000000 00:00 0
#   fixed_noreplace 0x10000000: error: mmap: 0x10000000-0x10001000 overlaps an existing mapping (EEXIST)
#   touch w of a rw- page: pages=1 faults=1 anon=1 zero=0 cow=0 reuse=0 shmem=0
#   touch w of a r-- page: SIGSEGV SEGV_ACCERR 0x7ffff7ffe000
#   touch r of a r-- page: pages=1 faults=1 anon=0 zero=1 cow=0 reuse=0 shmem=0
#   touch r of a --- page: SIGSEGV SEGV_ACCERR 0x7ffff7ffe000
#   touch x of a rw- page: SIGSEGV SEGV_ACCERR 0x7ffff7ffe000
#   touch x of a r-x page: pages=1 faults=1 anon=0 zero=1 cow=0 reuse=0 shmem=0
set -euo pipefail
: "${MMSIM_MOUNT:?set MMSIM_MOUNT to a mounted machine}"
MMCTL=${MMCTL:-mmctl}
export MMSIM_MOUNT

pid=$($MMCTL spawn flags)
# line ADDR: the maps line of the VMA starting at ADDR, without its
# trailing blanks.
line() { sed -n "s/^\(${1#0x}-[^ ]* [^ ]* [^ ]* [^ ]* [^ ]*\).*$/\1/p" "$MMSIM_MOUNT/$pid/maps"; }
flags() { sed -n "/^vm_start: $1\$/,/^\$/s/^vm_flags: [^ ]* //p" "$MMSIM_MOUNT/$pid/vm_area_structs"; }
for prot in rw- r-- r-x ---; do
	a=$($MMCTL "$pid" mmap 0x10000000 4K "$prot" private,anonymous)
	echo "hint 0x10000000 $prot private,anonymous -> $a: $(line "$a") $(flags "$a")"
done
a=$($MMCTL "$pid" mmap 0 4K rw- shared,anonymous)
echo "shared,anonymous -> $a: $(line "$a") $(flags "$a")"
fd=$($MMCTL "$pid" open /tmp/flags.dat rdwr,creat 0644)
$MMCTL "$pid" ftruncate "$fd" 4K
a=$($MMCTL "$pid" mmap 0 4K r-- shared "$fd" 0)
echo "file, shared, r-- -> $a: $(line "$a") $(flags "$a")"
a=$($MMCTL "$pid" mmap 0x10000000 4K r-x private,anonymous,fixed)
echo "fixed 0x10000000 r-x over the rw- mapping -> $a: $(line "$a")"
if ! err=$($MMCTL "$pid" mmap 0x10000000 4K rw- private,anonymous,fixed_noreplace 2>&1); then
	echo "fixed_noreplace 0x10000000: $err"
fi

# access PROT MODE: a new process maps one page PROT and accesses it MODE.
access() {
	local p a r
	p=$($MMCTL spawn access)
	a=$($MMCTL "$p" mmap 0 4K "$1" private,anonymous)
	r=$($MMCTL "$p" touch "$a" 4K "$2") || :
	echo "touch $2 of a $1 page: $r"
}
access rw- w
access r-- w
access r-- r
access --- r
access rw- x
access r-x x
