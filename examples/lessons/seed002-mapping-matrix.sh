#!/usr/bin/env bash
# seed002-mapping-matrix.sh - seed 002's table of do_mmap's four cases,
# FILE or ANON by MAP_SHARED or MAP_PRIVATE:
#                 FILE                       ANON
#   MAP_SHARED    vma->vm_file (get_page)    a file on tmpfs (shmat)
#   MAP_PRIVATE   library (COW)              ZERO page, then buddy
# For each, one page is read, then written, then the process forks and
# the parent writes again. What the views show: the kind of page mapped
# after the read and after the write (`page PFN`: the page cache of the
# file -- overlay_aops, the machine's in-memory file system, where these
# files are made --, shmem's page of the tmpfs object /dev/zero, the zero
# page, or an anonymous page), whether the file saw the write
# (read through the fd), and whether the child sees the parent's write
# made after the fork: with MAP_SHARED both map one page; with
# MAP_PRIVATE the write breaks COW and the child keeps its copy.
#
# Usage: MMSIM_MOUNT=MOUNTPOINT bash seed002-mapping-matrix.sh
#   on a freshly mounted machine (mmctl from $MMCTL, else from PATH).
#
# What a student should see:
#   FILE MAP_SHARED:  read: page cache (overlay_aops)
#   FILE MAP_SHARED:  write: page cache (overlay_aops)
#   FILE MAP_SHARED:  the file has the write: yes
#   FILE MAP_SHARED:  the child sees the parent's write after fork: yes
#   FILE MAP_PRIVATE: read: page cache (overlay_aops)
#   FILE MAP_PRIVATE: write: anonymous page
#   FILE MAP_PRIVATE: the file has the write: no
#   FILE MAP_PRIVATE: the child sees the parent's write after fork: no
#   ANON MAP_SHARED:  read: page cache (shmem_aops)
#   ANON MAP_SHARED:  write: page cache (shmem_aops)
#   ANON MAP_SHARED:  the child sees the parent's write after fork: yes
#   ANON MAP_PRIVATE: read: the zero page
#   ANON MAP_PRIVATE: write: anonymous page
#   ANON MAP_PRIVATE: the child sees the parent's write after fork: no
set -euo pipefail
: "${MMSIM_MOUNT:?set MMSIM_MOUNT to a mounted machine}"
MMCTL=${MMCTL:-mmctl}
export MMSIM_MOUNT

# kind PID ADDR: what vtop finds at ADDR, by its kpageflags (KPF_ZERO_PAGE
# is bit 24, KPF_ANON bit 12), else by its address_space operations.
kind() {
	local pfn e
	pfn=$(( 0x$($MMCTL "$1" vtop "$2" | awk '$1 == "PAGE:" { print $2 }') >> 12 ))
	e=$(dd if="$MMSIM_MOUNT/kpageflags" bs=8 skip="$pfn" count=1 2>/dev/null | od -An -tu8 | tr -d ' ')
	if (( (e >> 24) & 1 )); then
		echo "the zero page"
	elif (( (e >> 12) & 1 )); then
		echo "anonymous page"
	else
		echo "page cache ($($MMCTL page "$pfn" | sed -n 's/^aops:\([a-z_]*\) .*/\1/p'))"
	fi
}
# one LABEL FLAGS [FILE]: the four steps of one case, on one line.
one() {
	local label=$1 flags=$2 pid addr fd= child seen file=-
	pid=$($MMCTL spawn matrix)
	if [[ -n ${3:-} ]]; then
		fd=$($MMCTL "$pid" open "$3" rdwr,creat 0644)
		$MMCTL "$pid" write "$fd" '"file"' 0 >/dev/null
		$MMCTL "$pid" ftruncate "$fd" 4K
		addr=$($MMCTL "$pid" mmap 0 4K rw- "$flags" "$fd" 0)
	else
		addr=$($MMCTL "$pid" mmap 0 4K rw- "$flags,anonymous")
	fi
	$MMCTL "$pid" touch "$addr" 4K r >/dev/null
	echo "$label read: $(kind "$pid" "$addr")"
	$MMCTL "$pid" store "$addr" '"ONE!"'
	echo "$label write: $(kind "$pid" "$addr")"
	if [[ -n $fd ]]; then
		file=no
		[[ $($MMCTL "$pid" read "$fd" 4 0) == 4f4e4521 ]] && file=yes
		echo "$label the file has the write: $file"
	fi
	child=$($MMCTL "$pid" fork)
	$MMCTL "$pid" store "$addr" '"TWO!"'
	seen=no
	[[ $($MMCTL "$child" load "$addr" 4 text) == '"TWO!"' ]] && seen=yes
	echo "$label the child sees the parent's write after fork: $seen"
}
one "FILE MAP_SHARED: " shared /tmp/matrix-shared.dat
one "FILE MAP_PRIVATE:" private /tmp/matrix-private.dat
one "ANON MAP_SHARED: " shared
one "ANON MAP_PRIVATE:" private
