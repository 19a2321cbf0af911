#!/usr/bin/env bash
# seed001-quiz-501.sh - seed 001, quiz 501: "/proc/PID/maps: which
# structure's list, among those on this page, does its content show?"
# The answer: the process's list of vm_area_struct, mm_struct's mmap
# list (in Linux 6.18 the maple tree mm_mt, walked in address order), one
# line per VMA, map_count lines in all. Each field of a line is a field of
# that VMA: vm_start-vm_end; the permissions from vm_flags (VM_READ,
# VM_WRITE, VM_EXEC, and s for VM_MAYSHARE, else p); the offset, vm_pgoff
# << 12 for a file (0 for anonymous memory in today's kernel); the device
# and inode of vm_file's inode; and vm_file's path, or a name the kernel
# gives ([heap], [stack], [vdso]). The lesson reads PID/vm_area_structs,
# prints the maps line each VMA makes, and compares it with maps.
#
# Usage: MMSIM_MOUNT=MOUNTPOINT bash seed001-quiz-501.sh
#   on a freshly mounted machine (mmctl from $MMCTL, else from PATH).
#
# What a student should see:
#   map_count 6, lines in maps 6
#   -- the vm_area_struct list, as maps lines (without device and inode)
#   555555559000-55555555b000 rw-p 00000000 [heap]
#   7ffff7ff8000-7ffff7ff9000 rw-s 00000000 /dev/zero (deleted)
#   7ffff7ff9000-7ffff7ffc000 rw-p 00000000
#   7ffff7ffc000-7ffff7ffd000 rw-s 00000000 /tmp/quiz-501.dat
#   7ffff7ffd000-7ffff7fff000 r--p 00002000 /tmp/quiz-501.dat
#   7ffffffde000-7ffffffff000 rw-p 00000000 [stack]
#   -- maps, line for line the same: yes
#   555555559000-55555555b000 rw-p 00000000 00:00 0                          [heap]
#   7ffff7ff8000-7ffff7ff9000 rw-s 00000000 00:01 1                          /dev/zero (deleted)
#   7ffff7ff9000-7ffff7ffc000 rw-p 00000000 00:00 0
#   7ffff7ffc000-7ffff7ffd000 rw-s 00000000 fe:00 2147483648                 /tmp/quiz-501.dat
#   7ffff7ffd000-7ffff7fff000 r--p 00002000 fe:00 2147483648                 /tmp/quiz-501.dat
#   7ffffffde000-7ffffffff000 rw-p 00000000 00:00 0                          [stack]
set -euo pipefail
: "${MMSIM_MOUNT:?set MMSIM_MOUNT to a mounted machine}"
MMCTL=${MMCTL:-mmctl}
export MMSIM_MOUNT

pid=$($MMCTL spawn quiz)
heap=$($MMCTL "$pid" brk)
$MMCTL "$pid" brk $(( heap + 8192 )) >/dev/null
fd=$($MMCTL "$pid" open /tmp/quiz-501.dat rdwr,creat 0644)
$MMCTL "$pid" ftruncate "$fd" 16K
$MMCTL "$pid" mmap 0 8K r-- private "$fd" 8192 >/dev/null
$MMCTL "$pid" mmap 0 4K rw- shared "$fd" 0 >/dev/null
$MMCTL "$pid" mmap 0 12K rw- private,anonymous >/dev/null
$MMCTL "$pid" mmap 0 4K rw- shared,anonymous >/dev/null

# vmas: one line per vm_area_struct, in the list's order, from its fields:
# the permissions from vm_flags' names, the offset vm_pgoff << 12 for a
# file (0 without one), and vm_file, or the kernel's name of the area
# ([heap] between start_brk and brk, [stack] around start_stack).
mm() { sed -n "s/^$1: //p" "$MMSIM_MOUNT/$pid/mm_struct"; }
vmas() {
	awk -v sb="$(mm start_brk)" -v b="$(mm brk)" -v ss="$(mm start_stack)" '
	function hex(x,   i, n, c) { n = 0; x = tolower(x); sub(/^0x/, "", x)
		for (i = 1; i <= length(x); i++) { c = index("0123456789abcdef", substr(x, i, 1)) - 1; n = n * 16 + c }
		return n }
	/^vm_start:/ { s = $2 } /^vm_end:/ { e = $2 } /^vm_flags:/ { f = $3 }
	/^vm_pgoff:/ { o = $2 } /^vm_file:/ { file = substr($0, 10) }
	/^vm_ops:/ {
		perm = (f ~ /VM_READ/ ? "r" : "-") (f ~ /VM_WRITE/ ? "w" : "-") \
		       (f ~ /VM_EXEC/ ? "x" : "-") (f ~ /VM_MAYSHARE/ ? "s" : "p")
		off = 0; name = file
		if (file == "NULL") {
			name = ""
			if (hex(s) >= hex(sb) && hex(e) <= hex(b)) name = "[heap]"
			if (hex(s) <= hex(ss) && hex(ss) < hex(e)) name = "[stack]"
		} else off = hex(o) * 4096
		printf "%s-%s %s %08x %s\n", substr(s, 3), substr(e, 3), perm, off, name
	}' "$MMSIM_MOUNT/$pid/vm_area_structs"
}
echo "map_count $(mm map_count), lines in maps $(wc -l <"$MMSIM_MOUNT/$pid/maps")"
echo "-- the vm_area_struct list, as maps lines (without device and inode)"
vmas | sed 's/ *$//'
# maps without its device and inode columns.
maps=$(awk '{ $4 = ""; $5 = ""; print }' "$MMSIM_MOUNT/$pid/maps" | sed 's/   / /; s/ *$//')
same=no
[[ $(vmas | sed 's/ *$//') == "$maps" ]] && same=yes
echo "-- maps, line for line the same: $same"
sed 's/ *$//' "$MMSIM_MOUNT/$pid/maps"
