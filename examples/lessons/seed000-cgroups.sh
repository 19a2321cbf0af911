#!/usr/bin/env bash
# seed000-cgroups.sh - seed 000's "cgroups and memory" question: what does
# a memory cgroup's limit do to a process that needs more? Under
# memory.max the group's own pages are reclaimed (memcg reclaim:
# try_charge_memcg() -> try_to_free_mem_cgroup_pages(), anonymous pages
# to swap) and the process keeps running; only when nothing can be
# reclaimed (here: memory.swap.max 0) does the memcg OOM killer run, and
# it picks its victim inside the group, not the machine's biggest
# process. A process moved to another group leaves its pages charged
# where they were (cgroup v2).
#
# Usage: MMSIM_MOUNT=MOUNTPOINT bash seed000-cgroups.sh
#   on a freshly mounted machine with --swap=16M (mmctl from $MMCTL, else
#   from PATH).
#
# What a student should see:
#   -- a group with memory.max 1M; process 2 in it writes 4M
#   memory.max: 1048576
#   memory.current: 1048576 or less: yes
#   memory.swap.current: 3289088
#   memory.events: max 22, oom 0, oom_kill 0
#   process 2: alive
#   -- memory.swap.max 0 in a second group; process 3 writes 4M
#   process 4, outside, holds 8M: the machine's biggest
#   touch: SIGKILL
#   memory.events: oom 1, oom_kill 1
#   process 3: gone; process 4: alive
#   -- process 2 moves to the root: its pages stay charged to /demo
#   MOUNT/2/cgroup: 0::/
#   /demo memory.current before: 921600, after: 921600
set -euo pipefail
: "${MMSIM_MOUNT:?set MMSIM_MOUNT to a mounted machine}"
MMCTL=${MMCTL:-mmctl}
export MMSIM_MOUNT
CG=$MMSIM_MOUNT/cgroup

# event GROUP KEY: KEY's count in GROUP's memory.events.
event() {
	awk -v k="$2" '$1 == k { print $2 }' "$CG/$1/memory.events"
}
alive() {
	[[ -d $MMSIM_MOUNT/$1 ]] && echo alive || echo gone
}

echo "-- a group with memory.max 1M; process 2 in it writes 4M"
mkdir "$CG/demo"
pid=$($MMCTL spawn demo)
echo "$pid" >"$CG/demo/cgroup.procs"
echo 1M >"$CG/demo/memory.max"
echo "memory.max: $(cat "$CG/demo/memory.max")"
addr=$($MMCTL "$pid" mmap 0 4M rw- private,anonymous)
$MMCTL "$pid" touch "$addr" 4M w >/dev/null
cur=$(cat "$CG/demo/memory.current")
echo "memory.current: 1048576 or less: $( ((cur <= 1048576)) && echo yes || echo no)"
echo "memory.swap.current: $(cat "$CG/demo/memory.swap.current")"
echo "memory.events: max $(event demo max), oom $(event demo oom), oom_kill $(event demo oom_kill)"
echo "process $pid: $(alive "$pid")"

echo "-- memory.swap.max 0 in a second group; process 3 writes 4M"
mkdir "$CG/noswap"
victim=$($MMCTL spawn noswap)
echo "$victim" >"$CG/noswap/cgroup.procs"
echo 1M >"$CG/noswap/memory.max"
echo 0 >"$CG/noswap/memory.swap.max"
big=$($MMCTL spawn big)
baddr=$($MMCTL "$big" mmap 0 8M rw- private,anonymous)
$MMCTL "$big" touch "$baddr" 8M w >/dev/null
echo "process $big, outside, holds 8M: the machine's biggest"
vaddr=$($MMCTL "$victim" mmap 0 4M rw- private,anonymous)
echo "touch: $($MMCTL "$victim" touch "$vaddr" 4M w || true)"
echo "memory.events: oom $(event noswap oom), oom_kill $(event noswap oom_kill)"
echo "process $victim: $(alive "$victim"); process $big: $(alive "$big")"

echo "-- process $pid moves to the root: its pages stay charged to /demo"
before=$(cat "$CG/demo/memory.current")
echo "$pid" >"$CG/cgroup.procs"
echo "MOUNT/$pid/cgroup: $(cat "$MMSIM_MOUNT/$pid/cgroup")"
echo "/demo memory.current before: $before, after: $(cat "$CG/demo/memory.current")"
