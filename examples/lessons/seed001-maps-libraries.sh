#!/usr/bin/env bash
# seed001-maps-libraries.sh - seed 001, "the layout of a process's address
# space (dynamically linked libraries)": besides the program's own text,
# data and stack, each shared library brings memory areas for its text
# and data, as /proc/PID/maps shows. `exec /bin/true` runs execve and
# then what ld.so does before the program's entry point: it maps each
# needed library segment by segment (read-only headers and rodata, r-x
# text, rw- data, the BSS as anonymous memory after it) and makes RELRO
# read-only, so a library shows as several lines of one file -- the same
# device and inode on every line -- with the offset of each segment in
# the file. (With ASLR off, these maps equal the host kernel's at the
# entry point, line for line: exec.bats compares them.)
# The addresses, sizes, offsets and inodes are those of the host's own
# /bin/true and glibc, so the lesson prints the shape: each file's lines
# by permissions, in address order. The shape is glibc's on x86-64 with
# separate code segments (binutils' -z separate-code, the default since
# 2.31); the paths are reduced to their names.
#
# Usage: MMSIM_MOUNT=MOUNTPOINT bash seed001-maps-libraries.sh
#   on a freshly mounted machine with the default --root=/ on a host with
#   glibc and GNU coreutils' /bin/true (mmctl from $MMCTL, else from PATH).
#
# What a student should see:
#   true:                  r--p r-xp r--p r--p rw-p (one device:inode: yes)
#   libc.so.6:             r--p r-xp r--p r--p rw-p (one device:inode: yes)
#   ld-linux-x86-64.so.2:  r--p r-xp r--p r--p rw-p (one device:inode: yes)
#   the program's first line starts at 555555554000 (a PIE program with ASLR off)
#   the kernel's own areas: [vvar] [vvar_vclock] [vdso] [stack] [vsyscall]
#   anonymous areas (bss, ld.so's heap, TLS): yes
set -euo pipefail
: "${MMSIM_MOUNT:?set MMSIM_MOUNT to a mounted machine}"
MMCTL=${MMCTL:-mmctl}
export MMSIM_MOUNT

pid=$($MMCTL spawn true)
$MMCTL "$pid" exec /bin/true >/dev/null
maps=$MMSIM_MOUNT/$pid/maps
# Each file mapped: its name, the permissions of its lines, and whether
# they all carry one device:inode.
awk '$6 ~ /^\// {
	n = split($6, p, "/"); name = p[n]
	if (!(name in perms)) order[++k] = name
	perms[name] = perms[name] " " $2
	if (!(name in id)) id[name] = $4 " " $5
	else if (id[name] != $4 " " $5) bad[name] = 1
}
END {
	for (i = 1; i <= k; i++)
		printf "%-22s%s (one device:inode: %s)\n", order[i] ":", perms[order[i]], (order[i] in bad) ? "no" : "yes"
}' "$maps"
echo "the program's first line starts at $(head -1 "$maps" | cut -d- -f1) (a PIE program with ASLR off)"
echo "the kernel's own areas: $(awk '$6 ~ /^\[/ { printf "%s ", $6 }' "$maps" | sed 's/ $//')"
echo "anonymous areas (bss, ld.so's heap, TLS): $(awk 'NF == 5 { n++ } END { print (n > 0) ? "yes" : "no" }' "$maps")"
