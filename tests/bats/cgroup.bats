#!/usr/bin/env bats
# cgroup.bats - MOUNT/cgroup/, a cgroup v2 hierarchy with the memory
# controller: mkdir and rmdir of groups, each file's exact contents and
# mode, cgroup.procs moving a process (and its threads) while its pages
# stay charged where they were, fork starting a child in its parent's
# group, MOUNT/PID/cgroup, charging of anonymous pages and page tables,
# memory.peak, memory.max enforced by memcg reclaim (to swap, nothing
# killed) or by a memcg OOM kill inside the group only, memory.oom.group,
# memory.swap.max 0, memory.high and memory.low, bad writes refused with
# the kernel's errno, and the journal replaying it all (teardown).

load helpers

setup() { mmsim_setup --swap=16M; }
teardown() { mmsim_teardown; }

CG() { echo "$MMSIM_MOUNT/cgroup"; }

# cgfile GROUP FILE: the contents of FILE of group GROUP ("" = root).
cgfile() {
	cat "$(CG)${1:+/$1}/$2"
}

# stat_val GROUP KEY: KEY's value in GROUP's memory.stat.
stat_val() {
	awk -v k="$2" '$1 == k { print $2 }' "$(CG)${1:+/$1}/memory.stat"
}

# event GROUP KEY: KEY's count in GROUP's memory.events.
event() {
	awk -v k="$2" '$1 == k { print $2 }' "$(CG)/$1/memory.events"
}

MEMORY_STAT_KEYS="anon file kernel kernel_stack pagetables sec_pagetables percpu
sock vmalloc shmem zswap zswapped file_mapped file_dirty file_writeback
swapcached anon_thp file_thp shmem_thp inactive_anon active_anon
inactive_file active_file unevictable slab_reclaimable slab_unreclaimable
slab workingset_refault_anon workingset_refault_file workingset_activate_anon
workingset_activate_file workingset_restore_anon workingset_restore_file
workingset_nodereclaim pgdemote_kswapd pgdemote_direct pgdemote_khugepaged
pgdemote_proactive pgpromote_success pgscan pgsteal pswpin pswpout
pgscan_kswapd pgscan_direct pgscan_khugepaged pgscan_proactive pgsteal_kswapd
pgsteal_direct pgsteal_khugepaged pgsteal_proactive pgfault pgmajfault
pgrefill pgactivate pgdeactivate pglazyfree pglazyfreed swpin_zero
swpout_zero zswpin zswpout zswpwb thp_fault_alloc thp_collapse_alloc
thp_swpout thp_swpout_fallback numa_pages_migrated numa_pte_updates
numa_hint_faults"

# A=the first mmap of a fresh spawned process
A=0x7ffff7fef000

@test "cgroup: the root group has the root's files of a v2 hierarchy, no limits" {
	run -0 env LC_ALL=C ls -1 "$(CG)"
	assert_output "cgroup.controllers
cgroup.procs
cgroup.subtree_control
cgroup.threads
memory.stat"
	run -0 stat -c '%A %n' "$(CG)"
	assert_output "drwxr-xr-x $(CG)"
	run -0 cgfile "" cgroup.controllers
	assert_output memory
	run -0 cgfile "" cgroup.subtree_control
	assert_output memory
	run -0 cgfile "" cgroup.procs
	assert_output 1
	must spawn
	run -0 cgfile "" cgroup.procs
	assert_output "1
2"
	run -0 awk '{ print $1 }' "$(CG)/memory.stat"
	assert_output "$(tr ' ' '\n' <<<"$MEMORY_STAT_KEYS" | grep .)"
	[[ ! -e $(CG)/memory.max ]] || fail "the root has memory.max"
	run -0 cat "$MMSIM_MOUNT/1/cgroup"
	assert_output "0::/"
}

@test "cgroup: mkdir makes a group with every file, each in its format and mode" {
	run -0 mkdir "$(CG)/a"
	run -0 stat -c '%A %n' "$(CG)/a"
	assert_output "drwxr-xr-x $(CG)/a"
	run -0 bash -c "cd '$(CG)/a' && LC_ALL=C stat -c '%A %n' *"
	assert_output "-r--r--r-- cgroup.controllers
-r--r--r-- cgroup.events
-rw-r--r-- cgroup.procs
-rw-r--r-- cgroup.subtree_control
-rw-r--r-- cgroup.threads
-rw-r--r-- cgroup.type
-r--r--r-- memory.current
-r--r--r-- memory.events
-r--r--r-- memory.events.local
-rw-r--r-- memory.high
-rw-r--r-- memory.low
-rw-r--r-- memory.max
-rw-r--r-- memory.min
-rw-r--r-- memory.oom.group
-rw-r--r-- memory.peak
-r--r--r-- memory.stat
-r--r--r-- memory.swap.current
-r--r--r-- memory.swap.events
-rw-r--r-- memory.swap.high
-rw-r--r-- memory.swap.max
-rw-r--r-- memory.swap.peak"
	local f out=""
	for f in cgroup.controllers cgroup.events cgroup.procs cgroup.type \
		memory.current memory.events memory.high memory.low memory.max \
		memory.min memory.oom.group memory.peak memory.swap.current \
		memory.swap.events memory.swap.max; do
		out+="== $f"$'\n'"$(cgfile a $f)"$'\n'
	done
	assert_equal "$out" "== cgroup.controllers
memory
== cgroup.events
populated 0
frozen 0
== cgroup.procs

== cgroup.type
domain
== memory.current
0
== memory.events
low 0
high 0
max 0
oom 0
oom_kill 0
oom_group_kill 0
== memory.high
max
== memory.low
0
== memory.max
max
== memory.min
0
== memory.oom.group
0
== memory.peak
0
== memory.swap.current
0
== memory.swap.events
high 0
max 0
fail 0
== memory.swap.max
max
"
	run -0 awk '{ print $1 }' "$(CG)/a/memory.stat"
	assert_output "$(tr ' ' '\n' <<<"$MEMORY_STAT_KEYS" | grep .)"
	run -0 awk '$2 != 0' "$(CG)/a/memory.stat"
	assert_output ""
	# Nested groups, listed in their parent.
	run -0 mkdir "$(CG)/a/b"
	run -0 env LC_ALL=C ls -1d "$(CG)"/a/*/
	assert_output "$(CG)/a/b/"
	run -0 mm cgroup_mkdir /c
	run -0 env LC_ALL=C ls -d "$(CG)/c"
}

@test "cgroup: cgroup.procs moves a process with its threads; fork starts in the parent's group" {
	must spawn
	must 2 clone vm,thread,sighand
	[[ $output == 3 ]] || fail "clone gave $output"
	mkdir "$(CG)/a"
	echo 2 >"$(CG)/a/cgroup.procs"
	run -0 cgfile a cgroup.procs
	assert_output 2
	run -0 cgfile a cgroup.threads
	assert_output "2
3"
	run -0 cat "$MMSIM_MOUNT/2/cgroup" "$MMSIM_MOUNT/2/task/3/cgroup"
	assert_output "0::/a
0::/a"
	run -0 cgfile "" cgroup.procs
	assert_output 1
	run -0 cgfile a cgroup.events
	assert_output "populated 1
frozen 0"
	must 2 fork
	[[ $output == 4 ]] || fail "fork gave $output"
	run -0 cat "$MMSIM_MOUNT/4/cgroup"
	assert_output "0::/a"
	# A thread's TID moves its whole process.
	mkdir "$(CG)/a/b"
	echo 3 >"$(CG)/a/b/cgroup.procs"
	run -0 cgfile a/b cgroup.threads
	assert_output "2
3"
	run -0 cgfile a cgroup.procs
	assert_output 4
	run -0 cat "$MMSIM_MOUNT/2/cgroup"
	assert_output "0::/a/b"
}

@test "cgroup: anonymous pages and page tables are charged to the group; memory.peak stays" {
	must spawn
	mkdir "$(CG)/a"
	echo 2 >"$(CG)/a/cgroup.procs"
	must 2 mmap 0 64K rw- private,anonymous
	must 2 touch $A 64K w
	# 16 pages and the PUD, PMD and PTE tables under them.
	run -0 cgfile a memory.current
	assert_output $(((16 + 3) * 4096))
	run -0 stat_val a anon
	assert_output 65536
	run -0 stat_val a pagetables
	assert_output 12288
	run -0 stat_val a kernel
	assert_output 12288
	run -0 stat_val a inactive_anon
	assert_output 65536
	run -0 stat_val a pgfault
	assert_output 16
	# The root's memory.stat counts every group's, and its own.
	run -0 stat_val "" anon
	assert_output 65536
	must 2 munmap $A 32K
	run -0 cgfile a memory.current
	assert_output $(((8 + 3) * 4096))
	run -0 cgfile a memory.peak
	assert_output $(((16 + 3) * 4096))
	# A COW copy in a child is charged to the child's group (the same).
	must 2 fork
	must 3 touch $((A + 0x8000)) 4K w
	run -0 stat_val a anon
	assert_output $(((8 + 1) * 4096))
}

@test "cgroup: a moved process's pages stay charged where they were (v2)" {
	must spawn
	mkdir "$(CG)/a" "$(CG)/b"
	echo 2 >"$(CG)/a/cgroup.procs"
	must 2 mmap 0 64K rw- private,anonymous
	must 2 touch $A 32K w
	echo 2 >"$(CG)/b/cgroup.procs"
	run -0 cgfile a memory.current
	assert_output $(((8 + 3) * 4096))
	run -0 cgfile b memory.current
	assert_output 0
	must 2 touch $((A + 0x8000)) 32K w
	run -0 cgfile a memory.current
	assert_output $(((8 + 3) * 4096))
	run -0 cgfile b memory.current
	assert_output $((8 * 4096))
	# Freeing them uncharges whichever group they are charged to.
	must 2 munmap $A 64K
	run -0 cgfile b memory.current
	assert_output 0
}

@test "cgroup: memory.max below the working set with swap: pages go to swap, nothing is killed" {
	must spawn
	mkdir "$(CG)/a"
	echo 2 >"$(CG)/a/cgroup.procs"
	echo 256K >"$(CG)/a/memory.max"
	run -0 cgfile a memory.max
	assert_output 262144
	must 2 mmap 0 1M rw- private,anonymous
	local B=0x7ffff7eff000
	[[ $output == "$B" ]] || fail "mmap gave $output"
	must 2 store $B '"first page"'
	must 2 store $((B + 0xff000)) '"last page"'
	must 2 touch $B 1M w
	# memcg reclaim (shrink_node_memcgs() over the group's lruvec) frees
	# at least SWAP_CLUSTER_MAX (32) pages at a time: the 3 tables and
	# 55 pages stay, 201 pages are in swap.
	run -0 cgfile a memory.current
	assert_output $((58 * 4096))
	run -0 cgfile a memory.swap.current
	assert_output $((201 * 4096))
	run -0 event a oom
	assert_output 0
	run -0 event a oom_kill
	assert_output 0
	run -0 event a max
	assert_output 9
	run -0 stat_val a pgscan
	assert_output 414
	run -0 stat_val a pgsteal
	assert_output 202
	# Two pages hold data; the others are zeroes, which swap never writes.
	run -0 stat_val a pswpout
	assert_output 2
	run -0 stat_val a swpout_zero
	assert_output 200
	# Limit reclaim is the group's, not the machine's direct reclaim.
	run -0 vmstat_val pgscan_direct
	assert_output 0
	run -0 vmstat_val oom_kill
	assert_output 0
	# Read back through swap-ins (major faults), within the limit.
	run -0 mm 2 load $B 10
	assert_output "$(printf 'first page' | od -An -tx1 | tr -d ' \n')"
	run -0 mm 2 load $((B + 0xff000)) 9
	assert_output "$(printf 'last page' | od -An -tx1 | tr -d ' \n')"
	run -0 cgfile a memory.current
	assert_output $((59 * 4096))
	run -0 cgfile a memory.swap.current
	assert_output $((200 * 4096))
	run -0 stat_val a pgmajfault
	assert_output 2
}

@test "cgroup: memory.max with shared anonymous memory: its pages go to swap by the object, charged to the group" {
	must spawn
	mkdir "$(CG)/a"
	echo 2 >"$(CG)/a/cgroup.procs"
	echo 256K >"$(CG)/a/memory.max"
	must 2 mmap 0 1M rw- shared,anonymous
	local B=0x7ffff7eff000
	[[ $output == "$B" ]] || fail "mmap gave $output"
	must 2 store $B '"shared page"'
	must 2 touch $B 1M w
	# Each new shmem page is charged as it is allocated
	# (mem_cgroup_charge()), so the group reclaims as it goes: 3 tables
	# and 54 shmem pages stay, 202 pages are in swap, charged to it.
	run -0 cgfile a memory.current
	assert_output $((57 * 4096))
	run -0 stat_val a shmem
	assert_output $((54 * 4096))
	run -0 cgfile a memory.swap.current
	assert_output $((202 * 4096))
	run -0 event a oom_kill
	assert_output 0
	run -0 stat_val a pswpout
	assert_output 1
	# The object's swap, not the process's: no swap PTEs.
	run -0 grep VmSwap "$MMSIM_MOUNT/2/status"
	assert_output "VmSwap:	       0 kB"
	run -0 mm 2 load $B 11
	assert_output "$(printf 'shared page' | od -An -tx1 | tr -d ' \n')"
	run -0 stat_val a pgmajfault
	assert_output 1
	run -0 cgfile a memory.swap.current
	assert_output $((201 * 4096))
}

@test "cgroup: without swap, a memcg OOM kills only the group's process" {
	mmsim_teardown
	mmsim_setup
	must spawn
	must spawn
	# PID 3, outside the group, is the larger: a global OOM would pick it.
	must 3 mmap 0 2M rw- private,anonymous
	must 3 touch "$output" 2M w
	mkdir "$(CG)/a"
	echo 2 >"$(CG)/a/cgroup.procs"
	echo 512K >"$(CG)/a/memory.max"
	must 2 mmap 0 1M rw- private,anonymous
	run -4 mm 2 touch 0x7ffff7eff000 1M w
	assert_output SIGKILL
	# One max event for the write of memory.max, 18 for the charge
	# (try_charge_memcg(): the first try, the drain, 16 retries).
	run -0 cgfile a memory.events
	assert_output "low 0
high 0
max 19
oom 1
oom_kill 1
oom_group_kill 0"
	run -0 cgfile a memory.current
	assert_output 0
	run -0 cgfile a cgroup.procs
	assert_output ""
	run -0 status_field 3 State
	assert_output "S (sleeping)"
	run -0 vmstat_val oom_kill
	assert_output 1
	run -0 rmdir "$(CG)/a"
}

@test "cgroup: memory.swap.max 0 keeps a group from swapping: it is OOM-killed instead" {
	must spawn
	mkdir "$(CG)/a"
	echo 2 >"$(CG)/a/cgroup.procs"
	echo 0 >"$(CG)/a/memory.swap.max"
	echo 256K >"$(CG)/a/memory.max"
	must 2 mmap 0 1M rw- private,anonymous
	run -4 mm 2 touch 0x7ffff7eff000 1M w
	assert_output SIGKILL
	run -0 cgfile a memory.swap.current
	assert_output 0
	run -0 event a oom_kill
	assert_output 1
	# Limit reclaim does not even try anonymous pages without swap room
	# (mem_cgroup_get_nr_swap_pages()), so no swap charge failed.
	run -0 cgfile a memory.swap.events
	assert_output "high 0
max 0
fail 0"
	run -0 awk 'NR == 2 { print $4 }' "$MMSIM_MOUNT/swaps"
	assert_output 0
}

@test "cgroup: memory.oom.group kills every process of the group" {
	mmsim_teardown
	mmsim_setup
	must spawn
	must spawn
	must spawn
	mkdir "$(CG)/a"
	echo 2 >"$(CG)/a/cgroup.procs"
	echo 3 >"$(CG)/a/cgroup.procs"
	echo 1 >"$(CG)/a/memory.oom.group"
	run -0 cgfile a memory.oom.group
	assert_output 1
	must 3 mmap 0 64K rw- private,anonymous
	must 3 touch $A 64K w
	echo 512K >"$(CG)/a/memory.max"
	must 2 mmap 0 1M rw- private,anonymous
	run -4 mm 2 touch 0x7ffff7eff000 1M w
	assert_output SIGKILL
	run -0 cgfile a memory.events
	assert_output "low 0
high 0
max 19
oom 1
oom_kill 2
oom_group_kill 1"
	run -0 cgfile a cgroup.procs
	assert_output ""
	run -0 status_field 4 State
	assert_output "S (sleeping)"
}

@test "cgroup: memory.high reclaims down to it at the write and at command boundaries" {
	must spawn
	mkdir "$(CG)/a"
	echo 2 >"$(CG)/a/cgroup.procs"
	must 2 mmap 0 1M rw- private,anonymous
	must 2 touch 0x7ffff7eff000 512K w
	# memory_high_write() reclaims at once, counting no event; the
	# scan overshoots by up to a batch of SWAP_CLUSTER_MAX per list.
	echo 256K >"$(CG)/a/memory.high"
	run -0 cgfile a memory.current
	assert_output $((30 * 4096))
	run -0 event a high
	assert_output 0
	# 64 more pages: the group is over memory.high when the command
	# ends, and reclaim_high() runs there (memory.events high).
	must 2 touch 0x7ffff7f7f000 256K w
	run -0 event a high
	assert_output 1
	# One reclaim_high() a boundary: memory.high is no hard limit.
	run -0 cgfile a memory.current
	assert_output $((67 * 4096))
	run -0 event a oom
	assert_output 0
	run -0 event a max
	assert_output 0
}

@test "cgroup: memory.low protects a group from its parent's reclaim" {
	must spawn
	must spawn
	mkdir "$(CG)/p" "$(CG)/p/a" "$(CG)/p/b"
	echo 2 >"$(CG)/p/a/cgroup.procs"
	echo 3 >"$(CG)/p/b/cgroup.procs"
	echo 1M >"$(CG)/p/a/memory.low"
	must 2 mmap 0 256K rw- private,anonymous
	must 2 touch 0x7ffff7fbf000 256K w
	must 3 mmap 0 256K rw- private,anonymous
	must 3 touch 0x7ffff7fbf000 256K w
	echo 400K >"$(CG)/p/memory.max"
	run -0 cgfile p/a memory.swap.current
	assert_output 0
	run -0 cgfile p/a memory.current
	assert_output $(((64 + 3) * 4096))
	run -0 cgfile p memory.current
	assert_output $((76 * 4096))
	run -0 cgfile p/b memory.swap.current
	assert_output $((58 * 4096))
	run -0 event p/a low
	assert_output 0
}

@test "cgroup: rmdir refuses a group with processes or children; charges go to the parent" {
	must spawn
	mkdir "$(CG)/a" "$(CG)/a/b"
	echo 2 >"$(CG)/a/b/cgroup.procs"
	must 2 mmap 0 64K rw- private,anonymous
	must 2 touch $A 64K w
	run -1 rmdir "$(CG)/a/b"
	assert_output --partial "Device or resource busy"
	run -1 rmdir "$(CG)/a"
	assert_output --partial "Device or resource busy"
	run -1 --separate-stderr mm cgroup_rmdir /a/b
	assert_equal "$stderr" "error: cgroup_rmdir: /a/b: the group has 1 task (EBUSY)"
	echo 2 >"$(CG)/cgroup.procs"
	run -0 rmdir "$(CG)/a/b"
	run -0 cgfile a memory.current
	assert_output $(((16 + 3) * 4096))
	run -1 rmdir "$(CG)/nope"
	assert_output --partial "No such file or directory"
	run -1 rmdir "$(CG)"
	run -1 mkdir "$(CG)/a"
	assert_output --partial "File exists"
	run -1 mkdir "$MMSIM_MOUNT/x"
	assert_output --partial "Operation not permitted"
	run -1 --separate-stderr mm cgroup_mkdir /x/y
	assert_equal "$stderr" "error: cgroup_mkdir: /x/y: no such parent group (ENOENT)"
	run -1 --separate-stderr mm cgroup_mkdir /memory.max
	assert_equal "$stderr" "error: cgroup_mkdir: /memory.max: not a name for a group (EINVAL)"
}

@test "cgroup: writes parse as the kernel's: max, suffixes, pages; bad values are EINVAL" {
	must spawn
	mkdir "$(CG)/a"
	echo 4097 >"$(CG)/a/memory.max"
	run -0 cgfile a memory.max
	assert_output 4096
	echo 1G >"$(CG)/a/memory.high"
	run -0 cgfile a memory.high
	assert_output 1073741824
	echo 0x2000 >"$(CG)/a/memory.low"
	run -0 cgfile a memory.low
	assert_output 8192
	echo 1k >"$(CG)/a/memory.min"
	run -0 cgfile a memory.min
	assert_output 0
	echo max >"$(CG)/a/memory.max"
	run -0 cgfile a memory.max
	assert_output max
	local v
	for v in abc -1 1X "" "1 2"; do
		run -1 bash -c "echo '$v' > '$(CG)/a/memory.max'"
		assert_output --partial "Invalid argument"
	done
	run -1 bash -c "echo 2 > '$(CG)/a/memory.oom.group'"
	assert_output --partial "Invalid argument"
	run -1 bash -c "echo abc > '$(CG)/a/cgroup.procs'"
	assert_output --partial "Invalid argument"
	run -1 bash -c "echo 99 > '$(CG)/a/cgroup.procs'"
	assert_output --partial "No such process"
	run -1 bash -c "echo -memory > '$(CG)/a/cgroup.subtree_control'"
	assert_output --partial "Invalid argument"
	run -0 cgfile a memory.max
	assert_output max
	run -1 --separate-stderr mm cgroup_write /a memory.max 12Q
	assert_equal "$stderr" "error: cgroup_write: memory.max takes \"max\" or bytes (K, M, G suffixes), not '12Q' (EINVAL)"
	run -1 --separate-stderr mm cgroup_write / memory.max 1M
	assert_equal "$stderr" "error: cgroup_write: / has no file memory.max (ENOENT)"
	run -1 --separate-stderr mm cgroup_write /a memory.current 1M
	assert_equal "$stderr" "error: cgroup_write: memory.current is read-only (EACCES)"
	# Every write that reached its command is journaled, failed ones
	# too (mmsim(7), ERRORS): all but the empty value, which never
	# parsed.
	run -0 grep -c cgroup_write "$MMSIM_MOUNT/journal"
	assert_output 16
}

@test "cgroup: the host's v2 groups have the same files in the same formats" {
	local host=/sys/fs/cgroup g
	[[ -f $host/cgroup.controllers ]] || host=/sys/fs/cgroup/unified
	[[ -f $host/cgroup.controllers ]] || skip "no cgroup v2 hierarchy on the host"
	g=$host/mmsim-bats-$$
	mkdir "$g" || skip "cannot make a group on the host"
	mkdir "$(CG)/a"
	local f out=""
	for f in cgroup.events cgroup.type cgroup.procs; do
		[[ $(cat "$g/$f") == "$(cgfile a $f)" ]] || out+="$f differs; "
	done
	if grep -qw memory "$host/cgroup.subtree_control" 2>/dev/null; then
		for f in "$g"/memory.*; do
			f=${f##*/}
			[[ -e $(CG)/a/$f ]] || continue
			[[ $(sed 's/[0-9][0-9]*/N/g' "$g/$f") == "$(sed 's/[0-9][0-9]*/N/g' "$(CG)/a/$f")" ]] ||
				out+="$f differs; "
		done
		[[ $(awk '{ print $1 }' "$g/memory.stat") == "$(awk '{ print $1 }' "$(CG)/a/memory.stat")" ]] ||
			out+="memory.stat's keys differ; "
	fi
	rmdir "$g"
	[[ -z $out ]] || fail "$out"
}

@test "cgroup: kernel threads are in the root group and cannot move" {
	mmsim_teardown
	mmsim_setup --kthreads
	run -0 cgfile "" cgroup.procs
	assert_output "1
2
3"
	run -0 cat "$MMSIM_MOUNT/3/cgroup"
	assert_output "0::/"
	mkdir "$(CG)/a"
	run -1 --separate-stderr mm cgroup_write /a cgroup.procs 2
	assert_equal "$stderr" "error: cgroup_write: 2 is a kernel thread, which stays in the root group (EINVAL)"
}

@test "cgroup: page-cache pages are charged to the reader's group; memory.max drops clean ones, no swap needed" {
	# In the test's directory, which outlives the teardown's replay.
	local data=$BATS_TEST_TMPDIR/root
	mkdir "$data"
	python3 -c 'import sys; sys.stdout.buffer.write(b"".join(bytes([i % 251]) * 4096 for i in range(256)))' >"$data/big.bin"
	mmsim_teardown
	mmsim_setup --root="$data"
	must spawn
	mkdir "$(CG)/a"
	echo 2 >"$(CG)/a/cgroup.procs"
	must 2 open /big.bin rdonly
	must 2 mmap 0 1M r-- private 0 0
	local F=$output
	must 2 touch "$F" 1M r
	run -0 stat_val a file
	assert_output 1048576
	run -0 stat_val a file_mapped
	assert_output 1048576
	run -0 stat_val a inactive_file
	assert_output 1048576
	run -0 cgfile a memory.current
	assert_output $(((256 + 3) * 4096))
	# The clean file pages go first: no swap, and nothing is killed.
	echo 512K >"$(CG)/a/memory.max"
	run -0 cgfile a memory.current
	assert_output 409600
	run -0 stat_val a file
	assert_output 397312
	run -0 stat_val a pgsteal
	assert_output 159
	# Read again: major faults, the cache charged over memory.max while
	# the fault fills it, and brought back under it when the command ends.
	must 2 touch "$F" 1M r
	run -0 cgfile a memory.current
	assert_output 438272
	run -0 stat_val a pgmajfault
	assert_output 2
	run -0 event a oom
	assert_output 0
	run -0 mm 2 load $((F + 0xff000)) 4
	assert_output 04040404
}

@test "lesson seed000-cgroups.sh: memory.max reclaims the group's pages; the memcg OOM kills inside the group" {
	run -0 env MMCTL="$MMCTL" bash "$LESSONS/seed000-cgroups.sh"
	assert_output "$(lesson_expected "$LESSONS/seed000-cgroups.sh")"
	assert_line "process 3: gone; process 4: alive"
	assert_line "memory.current: 1048576 or less: yes"
}
