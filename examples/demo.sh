#!/usr/bin/env bash
# examples/demo.sh - set everything up on a fresh Debian 12 machine (as
# root): install dependencies, build, mount a demo machine, run a short
# fork/COW scenario on it, and print where to look.
#
# Usage: bash examples/demo.sh [MOUNTPOINT]
#   MOUNTPOINT defaults to $MMSIM_MOUNT, else $TMPDIR/mmsim (/tmp/mmsim).
set -euo pipefail
cd "$(dirname "$0")/.."
MNT=${1:-${MMSIM_MOUNT:-${TMPDIR:-/tmp}/mmsim}}

bash .ci/install-deps
[ -f build/build.ninja ] || meson setup build --buildtype=debugoptimized >/dev/null
ninja -C build >/dev/null

if mountpoint -q "$MNT" 2>/dev/null; then
	fusermount3 -u "$MNT"
fi
mkdir -p "$MNT"
build/fs/mmsimfs "$MNT"
export MMSIM_MOUNT=$MNT
MMCTL=build/ctl/mmctl

pid=$($MMCTL spawn demo)
addr=$($MMCTL "$pid" mmap 0 64K rw- private,anonymous)
page() { printf '0x%x' $((addr + $1 * 4096)); }
$MMCTL "$pid" touch "$addr" 16K w >/dev/null        # write-fault pages 0-3
$MMCTL "$pid" touch "$(page 5)" 4K r >/dev/null      # read-fault page 5: the zero page
$MMCTL "$pid" store "$addr" '"hello from the parent"'
child=$($MMCTL "$pid" fork)
$MMCTL "$child" store "$addr" '"hello from the child!"'   # breaks COW on page 0

cat <<TXT
A simulated machine is mounted at $MNT (daemon: build/fs/mmsimfs).
Process $pid mapped 16 pages at $addr, wrote pages 0-3, read page 5,
then forked process $child, which wrote page 0 (copy on write).

Look at:
  cat $MNT/$pid/maps $MNT/$child/maps
  grep -A24 ^${addr#0x} $MNT/$pid/smaps      # Rss 16 kB, Pss 10 kB, Shared_Dirty 12 kB
  grep -A24 ^${addr#0x} $MNT/$child/smaps
  build/ctl/mmctl -m $MNT $pid load $addr 21    # parent's bytes, untouched by the child
  build/ctl/mmctl -m $MNT $child load $addr 21
  cat $MNT/meminfo $MNT/vmstat

Drive it yourself:  export MMSIM_MOUNT=$MNT; build/ctl/mmctl spawn
Unmount:            fusermount3 -u $MNT
TXT
