#!/usr/bin/env bash
# seed000-backing-store.sh - seed 000's aside on anonymous memory: "memory
# with no backing store (no file it came from)". Under memory pressure a
# page that has a backing store can simply be dropped, because the file
# can give it back; a page of anonymous memory (.data once written, the
# stack, the heap) has nowhere to go but swap. A 16 MiB machine with
# 16 MiB of swap maps a 1 MiB file and writes 64 pages of anonymous data,
# then 20 MiB more of anonymous memory presses on it: reclaim (kswapd at
# the command boundaries, direct reclaim when an allocation finds nothing
# free; vm/vmscan.c) drops most of the file's clean pages and writes every
# data page to swap; smaps shows the file's Rss fallen and the data's Rss
# become Swap. Read back, the data comes from swap (do_swap_page, a major
# fault each) and the file pages from the file (filemap_fault, a refault
# the working-set detector counts). With swap absent, only the file pages
# could have gone (and the OOM killer would have had the rest).
#
# Usage: MMSIM_MOUNT=MOUNTPOINT bash seed000-backing-store.sh
#   on a freshly mounted machine with --mem=16M --swap=16M (mmctl from
#   $MMCTL, else from PATH; the file is written in $LESSON_DIR, else in a
#   new directory under /tmp, and read by the machine, never written).
#
# What a student should see:
#   the file mapping:   Rss 1024 kB, Swap 0 kB (backing store: program.bin)
#   the anon data:      Rss 256 kB, Swap 0 kB (no backing store)
#   -- pressure: 20 MiB more anonymous memory
#   touch: pages=5120 faults=5120 anon=5120 zero=0 cow=0 reuse=0 shmem=0
#   the file mapping:   Rss 56 kB, Swap 0 kB (clean pages dropped)
#   the anon data:      Rss 0 kB, Swap 256 kB (written to swap)
#   reclaimed: 242 file pages, 1353 anon pages (64 written to swap, 1289 of zeroes); OOM kills: 0
#   -- read them again
#   data page 5: "page 5" (from swap: pswpin +64, major faults +64)
#   file page 0: "AAAA" (from the file: major faults +1, a refault the working set counts)
set -euo pipefail
: "${MMSIM_MOUNT:?set MMSIM_MOUNT to a mounted machine}"
MMCTL=${MMCTL:-mmctl}
export MMSIM_MOUNT
dir=${LESSON_DIR:-$(mktemp -d /tmp/mmsim-lesson.XXXXXX)}

# program.bin: 256 pages, page N filled with the letter 'A' + N % 26.
python3 -c 'import sys; sys.stdout.buffer.write(b"".join(bytes([0x41 + i % 26]) * 4096 for i in range(256)))' \
	>"$dir/program.bin"

# rss_swap ADDR: the Rss and Swap of the VMA at ADDR, from smaps.
rss_swap() {
	awk -v a="${1#0x}" '$1 ~ "^" a "-" { f = 1 }
		f && $1 == "Rss:" { r = $2 }
		f && $1 == "Swap:" { printf "Rss %s kB, Swap %s kB", r, $2; exit }' \
		"$MMSIM_MOUNT/$pid/smaps"
}
vmstat() {
	awk -v n="$1" '$1 == n { print $2 }' "$MMSIM_MOUNT/vmstat"
}

pid=$($MMCTL spawn program)
fd=$($MMCTL "$pid" open "$dir/program.bin" rdonly)
file=$($MMCTL "$pid" mmap 0 1M r-- private "$fd" 0)
$MMCTL "$pid" touch "$file" 1M r >/dev/null
data=$($MMCTL "$pid" mmap 0 256K rw- private,anonymous)
for ((i = 0; i < 64; i++)); do
	$MMCTL "$pid" store $((data + i * 4096)) "\"page $i\"" >/dev/null
done
echo "the file mapping:   $(rss_swap "$file") (backing store: program.bin)"
echo "the anon data:      $(rss_swap "$data") (no backing store)"

echo "-- pressure: 20 MiB more anonymous memory"
more=$($MMCTL "$pid" mmap 0 20M rw- private,anonymous)
echo "touch: $($MMCTL "$pid" touch "$more" 20M w)"
echo "the file mapping:   $(rss_swap "$file") (clean pages dropped)"
echo "the anon data:      $(rss_swap "$data") (written to swap)"
echo "reclaimed: $(vmstat pgsteal_file) file pages, $(vmstat pgsteal_anon) anon pages ($(vmstat pswpout) written to swap, $(vmstat swpout_zero) of zeroes); OOM kills: $(vmstat oom_kill)"

echo "-- read them again"
pswpin=$(vmstat pswpin) majflt=$(vmstat pgmajfault)
$MMCTL "$pid" touch "$data" 256K r >/dev/null
text=$($MMCTL "$pid" load $((data + 5 * 4096)) 6 text)
echo "data page 5: $text (from swap: pswpin +$(($(vmstat pswpin) - pswpin)), major faults +$(($(vmstat pgmajfault) - majflt)))"
majflt=$(vmstat pgmajfault)
text=$($MMCTL "$pid" load "$file" 4 text)
# (read-ahead brings its neighbours back too, each a refault: how many
# depends on the device's read_ahead_kb)
refault=$( (($(vmstat workingset_refault_file) > 0)) && echo "a refault the working set counts" || echo "no refault")
echo "file page 0: $text (from the file: major faults +$(($(vmstat pgmajfault) - majflt)), $refault)"
