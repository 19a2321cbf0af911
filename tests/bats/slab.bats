#!/usr/bin/env bats
# slab.bats - the kernel's objects charged as slab memory (vm/slab.c):
# MOUNT/slabinfo in /proc/slabinfo's format, its counts after spawn, mmap,
# fork and exit, meminfo's Slab and vmstat's nr_slab_* as the sum of the
# caches, the geometry against a Linux 6.18 host, and a slab allocation
# that finds no frame: ENOMEM that changes nothing, or the OOM killer
# for another task, the same on every run.

load helpers

setup() { mmsim_setup; }
teardown() { mmsim_teardown; }

# slab_field NAME COLUMN: one number of a cache's slabinfo line, by its
# header name: active_objs num_objs objsize objperslab pagesperslab
# active_slabs num_slabs.
slab_field() {
	awk -v n="$1" -v c="$2" '
		BEGIN { split("active_objs num_objs objsize objperslab pagesperslab", h)
			for (i in h) col[h[i]] = i + 1
			col["active_slabs"] = 14; col["num_slabs"] = 15 }
		$1 == n { print $col[c]; exit }' "$MMSIM_MOUNT/slabinfo"
}

# slab_kb: the kB the caches' slabs take, from slabinfo.
slab_kb() {
	awk 'NR > 2 { kb += $15 * $6 * 4 } END { print kb + 0 }' \
		"$MMSIM_MOUNT/slabinfo"
}

@test "slabinfo: a fresh machine's caches, byte for byte as /proc/slabinfo" {
	run -0 cat "$MMSIM_MOUNT/slabinfo"
	assert_output "slabinfo - version: 2.1
# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab> : tunables <limit> <batchcount> <sharedfactor> : slabdata <active_slabs> <num_slabs> <sharedavail>
vm_area_struct         1     21    192   21    1 : tunables    0    0    0 : slabdata      1      1      0
files_cache            1     23    704   23    4 : tunables    0    0    0 : slabdata      1      1      0
signal_cache           1     14   1152   14    4 : tunables    0    0    0 : slabdata      1      1      0
sighand_cache          1     15   2112   15    8 : tunables    0    0    0 : slabdata      1      1      0
task_struct            1      7   4288    7    8 : tunables    0    0    0 : slabdata      1      1      0
anon_vma_chain         0      0     64   64    1 : tunables    0    0    0 : slabdata      0      0      0
anon_vma               0      0    104   39    1 : tunables    0    0    0 : slabdata      0      0      0
mm_struct              1     20   1600   20    8 : tunables    0    0    0 : slabdata      1      1      0"
	run -0 stat -c '%A' "$MMSIM_MOUNT/slabinfo"
	assert_output "-r--------"
	# init's slabs: 1 + 4 + 4 + 8 + 8 + 8 frames.
	assert_equal "$(meminfo_kb Slab)" 132
	assert_equal "$(meminfo_kb SUnreclaim)" 132
	assert_equal "$(meminfo_kb SReclaimable)" 0
	assert_equal "$(meminfo_kb KReclaimable)" 0
	assert_equal "$(vmstat_val nr_slab_unreclaimable)" 33
	assert_equal "$(vmstat_val nr_slab_reclaimable)" 0
}

@test "slabinfo: spawn, mmap, touch, fork and exit move the object counts" {
	must spawn
	assert_equal "$(slab_field task_struct active_objs)" 2
	assert_equal "$(slab_field mm_struct active_objs)" 2
	assert_equal "$(slab_field signal_cache active_objs)" 2
	assert_equal "$(slab_field sighand_cache active_objs)" 2
	assert_equal "$(slab_field files_cache active_objs)" 2
	assert_equal "$(slab_field vm_area_struct active_objs)" 2
	# Two VMAs that cannot merge, and a first fault in one.
	must 2 mmap 0 16K rw- private,anonymous
	must 2 mmap 0 16K r-- private,anonymous
	assert_equal "$(slab_field vm_area_struct active_objs)" 4
	must 2 touch 0x7ffff7ffb000 4K w
	assert_equal "$(slab_field anon_vma active_objs)" 1
	assert_equal "$(slab_field anon_vma_chain active_objs)" 1
	assert_equal "$(slab_field anon_vma num_slabs)" 1
	# fork: the child's task, mm and VMAs; its anon_vma_fork gives the
	# faulted VMA a chain to the parent's anon_vma and one to its own.
	must 2 fork
	assert_equal "$(slab_field task_struct active_objs)" 3
	assert_equal "$(slab_field mm_struct active_objs)" 3
	assert_equal "$(slab_field vm_area_struct active_objs)" 7
	assert_equal "$(slab_field anon_vma active_objs)" 2
	assert_equal "$(slab_field anon_vma_chain active_objs)" 3
	must 3 munmap 0x7ffff7ff7000 16K
	assert_equal "$(slab_field vm_area_struct active_objs)" 6
	must 3 exit
	# The zombie keeps its task_struct until its parent reaps it; its mm
	# and fd table went at exit.
	assert_equal "$(slab_field task_struct active_objs)" 3
	assert_equal "$(slab_field mm_struct active_objs)" 2
	assert_equal "$(slab_field files_cache active_objs)" 2
	assert_equal "$(slab_field vm_area_struct active_objs)" 4
	assert_equal "$(slab_field anon_vma active_objs)" 1
	assert_equal "$(slab_field anon_vma_chain active_objs)" 1
	must 2 wait 3
	assert_equal "$(slab_field task_struct active_objs)" 2
	assert_equal "$(slab_field signal_cache active_objs)" 2
	must 2 exit
	assert_equal "$(slab_field task_struct active_objs)" 1
	assert_equal "$(slab_field vm_area_struct active_objs)" 1
	assert_equal "$(slab_field anon_vma active_objs)" 0
	# The emptied slab stays on the partial list (min_partial 5).
	assert_equal "$(slab_field anon_vma num_slabs)" 1
	assert_equal "$(slab_field anon_vma num_objs)" 39
}

@test "slabinfo: a cache fills a slab, then takes another" {
	local i
	must spawn
	for ((i = 0; i < 5; i++)); do mmok 1 fork >/dev/null || fail "fork"; done
	assert_equal "$(slab_field task_struct active_objs)" 7
	assert_equal "$(slab_field task_struct num_slabs)" 1
	local free slab
	free=$(meminfo_kb MemFree)
	slab=$(meminfo_kb Slab)
	must 1 fork
	assert_equal "$(slab_field task_struct active_objs)" 8
	assert_equal "$(slab_field task_struct num_objs)" 14
	assert_equal "$(slab_field task_struct num_slabs)" 2
	# 8 frames of task_struct slab and the child's pgd.
	assert_equal "$(meminfo_kb Slab)" "$((slab + 32))"
	assert_equal "$(meminfo_kb MemFree)" "$((free - 32 - 4))"
}

@test "meminfo: Slab and vmstat nr_slab_unreclaimable are the caches' slabs" {
	local i
	for ((i = 0; i < 30; i++)); do mmok spawn >/dev/null || fail "spawn"; done
	must 5 mmap 0 1M rw- private,anonymous
	must 5 touch 0x7ffff7eff000 1M w
	must 5 fork
	assert_equal "$(meminfo_kb Slab)" "$(slab_kb)"
	assert_equal "$(meminfo_kb SUnreclaim)" "$(slab_kb)"
	assert_equal "$(vmstat_val nr_slab_unreclaimable)" "$(($(slab_kb) / 4))"
	assert_equal "$(vmstat_val nr_slab_reclaimable)" 0
	# task_struct: 32 tasks, 7 to a slab of 8 frames.
	assert_equal "$(slab_field task_struct num_slabs)" 5
	run -0 mm check
	assert_output ok
}

# fill_memory PID: map and write-touch just enough of PID's memory that
# no frame is left (the area's 3 page tables and the machine's first
# anon_vma and anon_vma_chain slabs come out of the free frames too).
fill_memory() {
	local free pages addr
	free=$(meminfo_kb MemFree)
	pages=$((free / 4 - 3 - 2))
	addr=$(mmok "$1" mmap 0 "$((pages * 4))K" rw- private,anonymous) || return 1
	mmok "$1" touch "$addr" "$((pages * 4))K" w >/dev/null || return 1
	[[ $(meminfo_kb MemFree) == 0 ]] || {
		echo "MemFree $(meminfo_kb MemFree) kB after the fill" >&2
		return 1
	}
}

# map_until_full PID: map 4K areas that cannot merge (alternating rw- and
# r--) while the vm_area_struct slab has free objects.
map_until_full() {
	local prot=rw-	# the first differs from the fill's rw- area
	while (($(slab_field vm_area_struct active_objs) <
		$(slab_field vm_area_struct num_objs))); do
		[[ $prot == r-- ]] && prot=rw- || prot=r--
		mmok "$1" mmap 0 4K "$prot" private,anonymous >/dev/null || return 1
	done
	NEXT_PROT=$([[ $prot == r-- ]] && echo rw- || echo r--)
}

@test "a VMA with no frame for its slab: mmap fails ENOMEM and changes nothing" {
	mount_machine --mem=1M
	must spawn
	fill_memory 2
	map_until_full 2
	fails_unchanged 2 ENOMEM "mmap: out of memory for a VMA" \
		mmap 0 4K "$NEXT_PROT" private,anonymous
	run -0 cat "$MMSIM_MOUNT/slabinfo"
	local slabinfo=$output
	run -1 mm 2 mmap 0 4K "$NEXT_PROT" private,anonymous
	run -0 cat "$MMSIM_MOUNT/slabinfo"
	assert_output "$slabinfo"
	# The OOM killer found only the task itself, which it spares.
	assert_equal "$(vmstat_val oom_kill)" 0
	[[ -d $MMSIM_MOUNT/2 ]] || fail "PID 2 is gone"
}

@test "a fork with no frame for its task_struct slab fails ENOMEM and changes nothing" {
	mount_machine --mem=1M
	local i
	for ((i = 0; i < 6; i++)); do mmok spawn >/dev/null || fail "spawn"; done
	assert_equal "$(slab_field task_struct active_objs)" 7
	fill_memory 2
	# PID 2 is the biggest task, and the one forking: nothing to kill.
	fails_unchanged 2 ENOMEM "fork: out of memory for a task_struct" fork
	assert_equal "$(vmstat_val oom_kill)" 0
}

@test "a VMA slab that needs memory a bigger task holds: the OOM killer kills it" {
	mount_machine --mem=1M
	must spawn
	must spawn
	fill_memory 2
	map_until_full 3
	run -0 mm 3 mmap 0 4K "$NEXT_PROT" private,anonymous
	assert_equal "$(vmstat_val oom_kill)" 1
	[[ ! -e $MMSIM_MOUNT/2 ]] || fail "PID 2 survived"
	assert_equal "$(slab_field vm_area_struct num_slabs)" 2
	run -0 mm check
	assert_output ok
}

@test "slab exhaustion gives the same machine on every run" {
	local a b
	mount_machine --mem=1M
	must spawn
	fill_memory 2
	map_until_full 2
	run -1 mm 2 mmap 0 4K "$NEXT_PROT" private,anonymous
	a=$(cat "$MMSIM_MOUNT/slabinfo" "$MMSIM_MOUNT/meminfo" "$MMSIM_MOUNT/2/maps")
	mount_machine --mem=1M
	must spawn
	fill_memory 2
	map_until_full 2
	run -1 mm 2 mmap 0 4K "$NEXT_PROT" private,anonymous
	b=$(cat "$MMSIM_MOUNT/slabinfo" "$MMSIM_MOUNT/meminfo" "$MMSIM_MOUNT/2/maps")
	assert_equal "$b" "$a"
}

# The object sizes of the caches that no CPU feature or count changes
# (task_struct ends with the FPU state, mm_struct with cpumasks); the
# slab orders too when the host has the machine's 2 CPUs, as
# calculate_order() sizes slabs by the CPU count.
@test "slabinfo: object sizes and slab geometry are a Linux 6.18 host's" {
	[[ $(uname -r) == 6.18.* ]] || skip "the host runs $(uname -r), not 6.18"
	[[ -r /proc/slabinfo ]] || skip "/proc/slabinfo needs root"
	local c host sim cols='$4'
	[[ $(cat /sys/devices/system/cpu/present) == 0-1 ]] && cols='$4, $5, $6'
	for c in vm_area_struct anon_vma anon_vma_chain signal_cache sighand_cache files_cache; do
		host=$(awk -v n="$c" "\$1 == n { print $cols }" /proc/slabinfo)
		[[ -n $host ]] || continue
		sim=$(awk -v n="$c" "\$1 == n { print $cols }" "$MMSIM_MOUNT/slabinfo")
		assert_equal "$c $sim" "$c $host"
	done
}
