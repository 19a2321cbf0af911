#!/usr/bin/env bash
# seed001-dev-inode.sh - seed 001, maps' fourth and fifth fields: the
# block device's major and minor numbers (ls -l /dev/sda2: "8, 2", maps
# 08:02; 00:00 when no device is behind the area) and the file's inode
# number (ls -i). Device and inode name a file inside the kernel; the
# path is printed only for people. A host file mapped by the machine
# (--root=/, the default) shows the host's device and inode, as stat(1)
# gives them; anonymous memory 00:00 0; shared anonymous memory the
# internal tmpfs (shm_mnt, device 00:01) and its inode. Unlinked while
# mapped, the file keeps its device, inode and pages; maps then adds
# " (deleted)" to the name. (The unlink is the machine's: the host file
# stays, only the overlay changes.) The host's numbers differ from host
# to host, so the lesson prints whether they agree, not their values.
#
# Usage: MMSIM_MOUNT=MOUNTPOINT bash seed001-dev-inode.sh
#   on a freshly mounted machine with the default --root=/ (mmctl from
#   $MMCTL, else from PATH).
#
# What a student should see:
#   /etc/passwd: name in maps /etc/passwd
#   /etc/passwd: maps' device:inode is the host's (stat -c '%d %i'): yes
#   anonymous:        00:00 0
#   shared anonymous: 00:01 1 /dev/zero (deleted)
#   unlinked: name in maps /etc/passwd (deleted); the same device and inode: yes
#   its first bytes still read: "root:"
#   the host file is still there: yes
set -euo pipefail
: "${MMSIM_MOUNT:?set MMSIM_MOUNT to a mounted machine}"
MMCTL=${MMCTL:-mmctl}
export MMSIM_MOUNT

pid=$($MMCTL spawn devino)
fd=$($MMCTL "$pid" open /etc/passwd rdonly)
file=$($MMCTL "$pid" mmap 0 4K r-- private "$fd" 0)
$MMCTL "$pid" close "$fd"
anon=$($MMCTL "$pid" mmap 0 4K rw- private,anonymous)
shared=$($MMCTL "$pid" mmap 0 4K rw- shared,anonymous)
# fields ADDR: maps' device, inode and name for the VMA at ADDR.
fields() { awk -v a="${1#0x}-" 'index($0, a) == 1 { $1 = $2 = $3 = ""; print }' "$MMSIM_MOUNT/$pid/maps" | xargs; }

# stat's device number, split as the kernel's MAJOR() and MINOR() of a
# new-style dev_t, in maps' %02x:%02x.
dev=$(stat -L -c %d /etc/passwd)
host=$(printf '%02x:%02x %s' $(( (dev >> 8) & 0xfff )) $(( (dev & 0xff) | ((dev >> 12) & 0xfff00) )) \
	"$(stat -L -c %i /etc/passwd)")
read -r mdev mino name <<<"$(fields "$file")"
echo "/etc/passwd: name in maps $name"
same=no
[[ "$mdev $mino" == "$host" ]] && same=yes
echo "/etc/passwd: maps' device:inode is the host's (stat -c '%d %i'): $same"
echo "anonymous:        $(fields "$anon")"
echo "shared anonymous: $(fields "$shared")"
$MMCTL "$pid" unlink /etc/passwd
read -r d2 i2 rest <<<"$(fields "$file")"
same=no
[[ "$d2 $i2" == "$mdev $mino" ]] && same=yes
echo "unlinked: name in maps $rest; the same device and inode: $same"
echo "its first bytes still read: $($MMCTL "$pid" load "$file" 5 text)"
echo "the host file is still there: $( [[ -e /etc/passwd ]] && echo yes || echo no)"
