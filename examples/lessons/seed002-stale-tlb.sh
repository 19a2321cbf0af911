#!/usr/bin/env bash
# seed002-stale-tlb.sh - seed 002, "mm_struct -> pgd": the CPU caches the
# translations of the page tables cr3 points to in its TLB, which is why
# changing cr3 flushes it. A cached entry is only as good as the PTE it
# was read from: when the kernel makes a PTE less permissive, it must
# flush the entry too. A store fills CPU 0's TLB with a writable, dirty
# entry (MOUNT/tlb); mprotect(PROT_READ) write-protects the PTE and
# flushes the entry, so the next store faults (SIGSEGV). Then the same on
# a kernel "that forgot" (mmsimfs --cpu=...,forget_tlb_flush=mprotect,
# the teaching switch): the stale entry still says RW and the store goes
# through a read-only mapping without a fault.
#
# Usage: MMSIM_MOUNT=MOUNTPOINT bash seed002-stale-tlb.sh
#   on a freshly mounted machine (mmctl from $MMCTL, else from PATH); the
#   second half mounts its own machine with the teaching switch, under
#   $TMPDIR (mmsimfs from $MMSIMFS, else from PATH).
#
# What a student should see:
#   after the store: RW USR NX A D
#   after mprotect r--: entries 0
#   store after mprotect: SIGSEGV SEGV_ACCERR
#   forgetful kernel, after mprotect r--: RW USR NX A D
#   forgetful kernel, store after mprotect: ok
#   forgetful kernel, the page now holds: "after"
#   forgetful kernel, maps says: r--p
set -euo pipefail
: "${MMSIM_MOUNT:?set MMSIM_MOUNT to a mounted machine}"
MMCTL=${MMCTL:-mmctl}
MMSIMFS=${MMSIMFS:-mmsimfs}
export MMSIM_MOUNT

# entry ADDR: the permissions of CPU 0's TLB entry for ADDR.
entry() {
	awk -v a="$(printf '0x%016x' "$(($1))")" '
		/^cpu/ { on = $1 == "cpu0"; next }
		on && $5 == a { print $8, $9, $10, $11, $12 }' "$MMSIM_MOUNT/tlb"
}
entries() { sed -n 's/^cpu0 .* \(entries [0-9]*\)$/\1/p' "$MMSIM_MOUNT/tlb"; }

# lesson PREFIX: store, mprotect r--, store again.
lesson() {
	local p a out
	p=$($MMCTL spawn stale)
	a=$($MMCTL "$p" mmap 0 4K rw- private,anonymous)
	$MMCTL "$p" store "$a" '"before"'
	[[ -n $1 ]] || echo "after the store: $(entry "$a")"
	$MMCTL "$p" mprotect "$a" 4K r--
	if [[ -n $1 ]]; then
		echo "$1after mprotect r--: $(entry "$a")"
	else
		echo "after mprotect r--: $(entries)"
	fi
	out=$($MMCTL "$p" store "$a" '"after"') || true
	echo "${1}store after mprotect: ${out:-ok}" | sed 's/ 0x[0-9a-f]*$//'
	if [[ -n $1 ]]; then
		echo "${1}the page now holds: $($MMCTL "$p" load "$a" 5 text)"
		echo "${1}maps says: $(awk -v s="$(printf '%08x' "$((a))")" \
			'index($1, s "-") == 1 { print $2 }' "$MMSIM_MOUNT/$p/maps")"
	fi
}

lesson ""

forgetful=$(mktemp -d "${TMPDIR:-/tmp}/mmsim-forgetful.XXXXXX")
$MMSIMFS --cpu=default,forget_tlb_flush=mprotect "$forgetful"
trap 'fusermount3 -u "$forgetful"; rmdir "$forgetful"' EXIT
MMSIM_MOUNT=$forgetful
lesson "forgetful kernel, "
