#!/usr/bin/env bash
# seed002-fault-decision-tree.sh - seed 002's diagram of the page fault:
#   does the address belong to the process's address space (find_vma)?
#     yes: do the access rights match (access_error)?
#            yes: allocate a new page frame (handle_mm_fault)
#            no:  send SIGSEGV (SEGV_ACCERR)
#     no:  did the exception happen in user mode?
#            yes: send SIGSEGV (SEGV_MAPERR)
#            no:  a kernel error: kill the process
# Each user-mode branch is one `touch` of a fresh process (a SIGSEGV kills
# it). A user-mode access to a kernel address is the "no" branch too: the
# kernel's pages are not the process's (SEGV_MAPERR); a non-canonical one
# never reaches the page-fault handler (#GP: SIGSEGV SI_KERNEL, address 0).
# (The host kernel gives these same si_codes and addresses: tests/linux-diff
# compares them in its segv and noncanonical scenarios.)
# The kernel-mode branch: Linux's kernel touches user addresses only where
# it means to (copy_from_user and the like, get_user_pages); a fault there
# on a bad address is fixed up through the exception table, and the call
# returns -EFAULT; a kernel-mode fault anywhere else is an oops. mmsim
# does not model kernel-mode page faults, exception tables or oopses; its
# kernel-mode accesses of user memory are /proc/PID/mem's (mem_read and
# mem_write: access_remote_vm, get_user_pages), and the lesson shows what
# they do instead: a page not yet present is faulted in by calling
# handle_mm_fault() directly (no do_page_fault: no exception is taken;
# FOLL_FORCE even writes a read-only private mapping: the page written is
# the process's private one, and its PTE stays read-only), and an address
# in no VMA makes the call fail (EIO, as a write of /proc/PID/mem does)
# while the process lives on.
#
# Usage: MMSIM_MOUNT=MOUNTPOINT bash seed002-fault-decision-tree.sh
#   on a freshly mounted machine with 4-level paging, the default (mmctl
#   from $MMCTL, else from PATH).
#
# What a student should see:
#   -- user mode
#   in a VMA, rights match:                      pages=1 faults=1 anon=1 zero=0 cow=0 reuse=0 shmem=0
#   in a VMA, rights do not match:               SIGSEGV SEGV_ACCERR 0x7ffff7ffe000
#   in no VMA:                                   SIGSEGV SEGV_MAPERR 0x10000
#   a kernel address:                            SIGSEGV SEGV_MAPERR 0xffff888000000000
#   a non-canonical address:                     SIGSEGV SI_KERNEL 0x0
#   -- kernel mode (mem_write, as a write of /proc/PID/mem)
#   a page not present, r--: written; the call tree starts with handle_mm_fault() { and holds do_page_fault 0 times
#   the process reads: "kernel"
#   in no VMA: error: mem_write: 0x10000 cannot be written (EIO)
#   the process lives: S (sleeping)
set -euo pipefail
: "${MMSIM_MOUNT:?set MMSIM_MOUNT to a mounted machine}"
MMCTL=${MMCTL:-mmctl}
export MMSIM_MOUNT
T=$MMSIM_MOUNT/tracing

# user PROT MODE ADDR LABEL: a fresh process maps one page PROT at the
# kernel's choice, then makes a user-mode access MODE at ADDR (here: that
# page).
user() {
	local p a r
	p=$($MMCTL spawn tree)
	a=$($MMCTL "$p" mmap 0 4K "$1" private,anonymous)
	[[ $3 == here ]] || a=$3
	r=$($MMCTL "$p" touch "$a" 4K "$2") || :
	printf '%-44s %s\n' "$4:" "$r"
}
echo "-- user mode"
user rw- w here "in a VMA, rights match"
user r-- w here "in a VMA, rights do not match"
user rw- r 0x10000 "in no VMA"
user rw- r 0xffff888000000000 "a kernel address"
user rw- r 0x800000000000 "a non-canonical address"

echo "-- kernel mode (mem_write, as a write of /proc/PID/mem)"
p=$($MMCTL spawn kernel)
a=$($MMCTL "$p" mmap 0 4K r-- private,anonymous)
echo function_graph >"$T/current_tracer"
$MMCTL "$p" mem_write "$a" '"kernel"' >/dev/null
calls=$(grep -v '^#' "$T/trace" | sed 's/^.*|  //')
echo nop >"$T/current_tracer"
echo "a page not present, r--: written; the call tree starts with $(head -1 <<<"$calls")" \
	"and holds do_page_fault $(grep -c '^ *do_page_fault' <<<"$calls" || :) times"
echo "the process reads: $($MMCTL "$p" load "$a" 6 text)"
r=$($MMCTL "$p" mem_write 0x10000 '"x"' 2>&1) || :
echo "in no VMA: $r"
echo "the process lives: $(sed -n 's/^State:\t//p' "$MMSIM_MOUNT/$p/status")"
