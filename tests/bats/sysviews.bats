#!/usr/bin/env bats
# sysviews.bats - the machine-wide views that procps, htop and psutil read
# besides meminfo, vmstat and stat (loadavg, zoneinfo, buddyinfo,
# pagetypeinfo, swaps, cpuinfo, sys/kernel, sys/vm) and the per-process
# environ, io and limits: exact values of a pinned machine, from the
# kernel's formulas (mm/page_alloc.c, mm/vmstat.c, fork_init()), and
# consistent with each other and with meminfo. The layouts are checked
# against the host kernel's in host_fields.bats.

load helpers

setup() { mmsim_setup; }
teardown() { mmsim_teardown; }

# zone_field NAME: one value of the Normal zone's block of zoneinfo.
zone_field() {
	awk -v f="$1" '/^Node 0, zone/ { on = ($4 == "Normal") }
		on && $1 == f { print $2; exit }' "$MMSIM_MOUNT/zoneinfo"
}

@test "loadavg: no load, the reader runnable, every task counted, the last PID" {
	run -0 cat "$MMSIM_MOUNT/loadavg"
	assert_output "0.00 0.00 0.00 1/1 1"
	must spawn
	must 2 fork
	run -0 cat "$MMSIM_MOUNT/loadavg"
	assert_output "0.00 0.00 0.00 1/3 3"
	# A zombie still counts; a reaped one does not, and PIDs go on.
	must 3 exit
	run -0 cat "$MMSIM_MOUNT/loadavg"
	assert_output "0.00 0.00 0.00 1/3 3"
	must 2 wait
	must spawn
	run -0 cat "$MMSIM_MOUNT/loadavg"
	assert_output "0.00 0.00 0.00 1/3 4"
}

@test "sys/kernel and sys/vm: the boot values, min_free_kbytes from the memory size" {
	local f
	run -0 cat "$MMSIM_MOUNT/sys/kernel/pid_max"
	assert_output 32768
	run -0 cat "$MMSIM_MOUNT/sys/kernel/osrelease"
	assert_output 6.18.0-mmsim
	run -0 cut -d' ' -f3 "$MMSIM_MOUNT/version"
	assert_output 6.18.0-mmsim
	for f in max_map_count min_free_kbytes overcommit_memory overcommit_ratio; do
		echo "$f $(cat "$MMSIM_MOUNT/sys/vm/$f")"
	done >"$BATS_TEST_TMPDIR/vm"
	run -0 cat "$BATS_TEST_TMPDIR/vm"
	# sqrt(262144 kB * 16) = 2048
	assert_output "max_map_count 65530
min_free_kbytes 2048
overcommit_memory 0
overcommit_ratio 50"
	# Read-only here: the knobs are fixed at boot.
	run ! bash -c "echo 1 > '$MMSIM_MOUNT/sys/vm/overcommit_memory'"
	run -0 cat "$MMSIM_MOUNT/sys/vm/overcommit_memory"
	assert_output 0
	mount_machine --mem=1G
	run -0 cat "$MMSIM_MOUNT/sys/vm/min_free_kbytes"
	assert_output 4096
	mount_machine --mem=1M
	run -0 cat "$MMSIM_MOUNT/sys/vm/min_free_kbytes"
	assert_output 128
}

@test "zoneinfo: the Normal zone's watermarks, sizes and pagesets as the kernel sizes them" {
	run -0 zone_field min
	assert_output 512
	run -0 zone_field low
	assert_output 640
	run -0 zone_field high
	assert_output 768
	run -0 zone_field promo
	assert_output 896
	run -0 awk '/^Node 0, zone/ { z = $4 } $1 == "managed" { print z, $2 }' "$MMSIM_MOUNT/zoneinfo"
	assert_output "DMA 0
DMA32 0
Normal 65536
Movable 0
Device 0"
	run -0 bash -c "grep -A6 '^    cpu: 1' '$MMSIM_MOUNT/zoneinfo'"
	assert_output "    cpu: 1
              count:    0
              high:     320
              batch:    15
              high_min: 320
              high_max: 4096
  vm stats threshold: 12"
	# 1 GiB: min 1024, step max(256, 262), batch 63, threshold 4 * 5.
	mount_machine --mem=1G
	run -0 zone_field low
	assert_output 1286
	run -0 zone_field promo
	assert_output 1810
	run -0 zone_field batch:
	assert_output 63
	run -0 zone_field high_max:
	assert_output 16384
	run -0 awk '$1 == "vm" { print $4; exit }' "$MMSIM_MOUNT/zoneinfo"
	assert_output 20
}

@test "zoneinfo, buddyinfo, pagetypeinfo and meminfo agree on the free pages" {
	spawn_with_area 1M
	must 2 touch "$AREA" 1M w
	local free buddy pt
	free=$(zone_field nr_free_pages)
	assert_equal "$(zone_field pages)" "free"
	run -0 awk '/zone +Normal/ { on = 1 } on && /^  pages free/ { print $3; exit }' "$MMSIM_MOUNT/zoneinfo"
	assert_output "$free"
	assert_equal "$((free * 4))" "$(meminfo_kb MemFree)"
	assert_equal "$free" "$(vmstat_val nr_free_pages)"
	buddy=$(awk '{ n = 0; for (i = 5; i <= NF; i++) n += $i * 2 ^ (i - 5); print n }' "$MMSIM_MOUNT/buddyinfo")
	assert_equal "$buddy" "$free"
	pt=$(awk '/type +Movable/ { n = 0; for (i = 7; i <= NF; i++) n += $i * 2 ^ (i - 7); print n }' "$MMSIM_MOUNT/pagetypeinfo")
	assert_equal "$pt" "$free"
}

# Boot splits the first order-10 block for init's pgd and slabs (33
# frames: mm_struct, task_struct and sighand_cache 8 each, signal_cache
# and files_cache 4, vm_area_struct 1), leaving PFN 3, 36-39, 40-47,
# 48-63 and the order-6 to order-9 blocks after them.
@test "buddyinfo and pagetypeinfo of a fresh machine" {
	run -0 cat "$MMSIM_MOUNT/buddyinfo"
	assert_output "Node 0, zone   Normal      1      0      1      1      1      0      1      1      1      1     63 "
	run -0 cat "$MMSIM_MOUNT/pagetypeinfo"
	assert_output "Page block order: 9
Pages per block:  512

Free pages count per migrate type at order       0      1      2      3      4      5      6      7      8      9     10 
Node    0, zone   Normal, type    Unmovable      0      0      0      0      0      0      0      0      0      0      0 
Node    0, zone   Normal, type      Movable      1      0      1      1      1      0      1      1      1      1     63 
Node    0, zone   Normal, type  Reclaimable      0      0      0      0      0      0      0      0      0      0      0 
Node    0, zone   Normal, type   HighAtomic      0      0      0      0      0      0      0      0      0      0      0 
Node    0, zone   Normal, type      Isolate      0      0      0      0      0      0      0      0      0      0      0 

Number of blocks type     Unmovable      Movable  Reclaimable   HighAtomic      Isolate 
Node 0, zone   Normal            0          128            0            0            0 "
}

@test "swaps: the header alone, without swap" {
	run -0 cat "$MMSIM_MOUNT/swaps"
	assert_output "$(printf 'Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority')"
}

@test "cpuinfo: one block per CPU, flags from the machine description" {
	run -0 grep -c '^processor' "$MMSIM_MOUNT/cpuinfo"
	assert_output 2
	run -0 grep -c '^cpu[0-9]' "$MMSIM_MOUNT/stat"
	assert_output 2
	if test_cpu_has pku; then
		run -0 grep -c ' pku ospke' "$MMSIM_MOUNT/cpuinfo"
		assert_output 2
	else
		run -1 grep -w pku "$MMSIM_MOUNT/cpuinfo"
	fi
	mount_machine --cpu=default,pku,la57
	run -0 grep -c ' pku ospke la57$' "$MMSIM_MOUNT/cpuinfo"
	assert_output 2
	run -0 grep -m1 '^address sizes' "$MMSIM_MOUNT/cpuinfo"
	assert_output "$(printf 'address sizes\t: 46 bits physical, 57 bits virtual')"
}

@test "PID/limits: init's limits, NPROC and SIGPENDING from the memory size" {
	must spawn
	run -0 cat "$MMSIM_MOUNT/2/limits"
	assert_output "Limit                     Soft Limit           Hard Limit           Units     
Max cpu time              unlimited            unlimited            seconds   
Max file size             unlimited            unlimited            bytes     
Max data size             unlimited            unlimited            bytes     
Max stack size            8388608              unlimited            bytes     
Max core file size        0                    unlimited            bytes     
Max resident set          unlimited            unlimited            bytes     
Max processes             1024                 1024                 processes 
Max open files            1024                 4096                 files     
Max locked memory         8388608              8388608              bytes     
Max address space         unlimited            unlimited            bytes     
Max file locks            unlimited            unlimited            locks     
Max pending signals       1024                 1024                 signals   
Max msgqueue size         819200               819200               bytes     
Max nice priority         0                    0                    
Max realtime priority     0                    0                    
Max realtime timeout      unlimited            unlimited            us        "
	# SigQ's limit is the same RLIMIT_SIGPENDING.
	run -0 status_field 2 SigQ
	assert_output 0/1024
}

@test "PID/io counts nothing; PID/environ of a process never exec'd is empty" {
	must spawn
	run -0 cat "$MMSIM_MOUNT/2/io"
	assert_output "rchar: 0
wchar: 0
syscr: 0
syscw: 0
read_bytes: 0
write_bytes: 0
cancelled_write_bytes: 0"
	run -0 io pread "$MMSIM_MOUNT/2/environ" 0 64
	assert_output ""
}

@test "status Threads and stat num_threads count the threads in task/" {
	must spawn
	run -0 status_field 2 Threads
	assert_output "$(ls "$MMSIM_MOUNT/2/task" | wc -l)"
	run -0 awk '{ print $20 }' "$MMSIM_MOUNT/2/stat"
	assert_output 1
}

@test "sys/vm/drop_caches: a write does what the global drop_caches does, journaled as it" {
	local pc slab
	pc=$(vmstat_val drop_pagecache)
	slab=$(vmstat_val drop_slab)
	echo 3 >"$MMSIM_MOUNT/sys/vm/drop_caches"
	assert_equal "$(vmstat_val drop_pagecache) $(vmstat_val drop_slab)" "$((pc + 1)) $((slab + 1))"
	echo 2 >"$MMSIM_MOUNT/sys/vm/drop_caches"
	assert_equal "$(vmstat_val drop_pagecache) $(vmstat_val drop_slab)" "$((pc + 1)) $((slab + 2))"
	run -0 tail -n 2 "$MMSIM_MOUNT/journal"
	assert_output "drop_caches 3
drop_caches 2"
	# 4 only silences Linux's log line: accepted, nothing to journal.
	echo 4 >"$MMSIM_MOUNT/sys/vm/drop_caches"
	run -0 tail -n 1 "$MMSIM_MOUNT/journal"
	assert_output "drop_caches 2"
	# As proc_dointvec_minmax: anything but one number of 1..4 is EINVAL.
	local bad
	for bad in 0 5 -1 x "1 2" " "; do
		run -0 python3 -c '
import errno, os, sys
fd = os.open(sys.argv[1], os.O_WRONLY)
try:
    os.write(fd, sys.argv[2].encode())
    print("ok")
except OSError as e:
    print(errno.errorcode[e.errno])' "$MMSIM_MOUNT/sys/vm/drop_caches" "$bad"
		assert_output EINVAL
	done
	assert_equal "$(vmstat_val drop_pagecache)" "$((pc + 1))"
	# Write-only, as on Linux, even for root.
	run -1 cat "$MMSIM_MOUNT/sys/vm/drop_caches"
	assert_output --partial "Permission denied"
}
