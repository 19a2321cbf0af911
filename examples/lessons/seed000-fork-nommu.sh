#!/usr/bin/env bash
# seed000-fork-nommu.sh - seed 000, SYSCALL_DEFINE0(fork): with
# CONFIG_MMU, do_fork(SIGCHLD, ...); without, "can not support in nommu
# mode": return -EINVAL. The blog asks how an MMU-less CPU creates
# processes at all.
#
# mmsim is an x86-64 machine, and x86-64 Linux is always CONFIG_MMU=y
# (arch/x86/Kconfig selects MMU): there is no nommu machine to boot, so
# fork never fails with EINVAL here, and this lesson is a stand-in that
# shows why the #ifdef is needed. fork's copy is dup_mm() -> dup_mmap():
# a second mm with its own page tables (another pgd) at the same virtual
# addresses, its pages shared copy-on-write -- which takes an MMU. What a
# nommu kernel still offers is vfork(): clone with CLONE_VM, in which
# copy_mm() only takes a reference on the parent's mm (mm_users 2, the
# same pgd, no dup_mm in the call tree); the child runs in its parent's
# memory, so its stores are the parent's, until execve gives it an mm of
# its own. mmsim's `clone vm` is that CLONE_VM (without CLONE_VFORK's
# wait for the parent).
#
# Usage: MMSIM_MOUNT=MOUNTPOINT bash seed000-fork-nommu.sh
#   on a freshly mounted machine (mmctl from $MMCTL, else from PATH).
#
# What a student should see:
#   -- fork: dup_mm() copies the address space
#   sys_fork() {
#     kernel_clone() {
#       copy_process() {
#         dup_mm() {
#           __alloc_pages();
#           dup_mmap() {
#             anon_vma_fork() {
#               anon_vma_clone();
#             }
#             __alloc_pages();
#             __alloc_pages();
#             __alloc_pages();
#             anon_vma_fork();
#             copy_page_range();
#             copy_page_range();
#           }
#         }
#       }
#     }
#   }
#   mm_users: parent 1, child 1; the same pgd: no
#   the child's store is seen by the parent: no
#   -- clone vm (vfork's CLONE_VM): the parent's mm is shared
#   kernel_clone() {
#     copy_process();
#   }
#   mm_users: parent 2, child 2; the same pgd: yes
#   the child's store is seen by the parent: yes
#   -- the child's execve: an mm of its own
#   mm_users: parent 1, child 1; the same pgd: no
set -euo pipefail
: "${MMSIM_MOUNT:?set MMSIM_MOUNT to a mounted machine}"
MMCTL=${MMCTL:-mmctl}
export MMSIM_MOUNT
T=$MMSIM_MOUNT/tracing

parent=$($MMCTL spawn parent)
addr=$($MMCTL "$parent" mmap 0 4K rw- private,anonymous)
$MMCTL "$parent" store "$addr" '"parent"'

field() { sed -n "s/^$2: //p" "$MMSIM_MOUNT/$1/mm_struct"; }
# share CHILD: mm_users of both, and whether they run on one pgd.
share() {
	local same=no
	[[ $(field "$parent" pgd_pa) == "$(field "$1" pgd_pa)" ]] && same=yes
	echo "mm_users: parent $(field "$parent" mm_users), child $(field "$1" mm_users); the same pgd: $same"
}
# stores CHILD: the child writes the page; does the parent read it?
stores() {
	local seen=no
	$MMCTL "$1" store "$addr" '"child!"'
	[[ $($MMCTL "$parent" load "$addr" 6 text) == '"child!"' ]] && seen=yes
	$MMCTL "$parent" store "$addr" '"parent"'
	echo "the child's store is seen by the parent: $seen"
}
echo "-- fork: dup_mm() copies the address space"
echo function_graph >"$T/current_tracer"
child=$($MMCTL "$parent" fork)
grep -v '^#' "$T/trace" | sed 's/^.*|  //'
echo nop >"$T/current_tracer"
share "$child"
stores "$child"

echo "-- clone vm (vfork's CLONE_VM): the parent's mm is shared"
echo function_graph >"$T/current_tracer"
child=$($MMCTL "$parent" clone vm)
grep -v '^#' "$T/trace" | sed 's/^.*|  //'
echo nop >"$T/current_tracer"
share "$child"
stores "$child"

echo "-- the child's execve: an mm of its own"
$MMCTL "$child" execve /bin/true >/dev/null
share "$child"
