#!/usr/bin/env bats
# tracing.bats - MOUNT/tracing/, tracefs (vm/trace.c, procfs/trace_events.c):
# the files of a fresh machine, events recorded at the kernel's
# tracepoints with exact values (page_fault_user's address and
# error_code, one mm_page_alloc per page faulted, rss_stat's sizes,
# vm_unmapped_area, exit_mmap, the page cache's add and delete,
# mark_victim), the format files against the host's, the simulated clock
# (two runs give one trace), and the control files: set_event,
# events/.../enable, tracing_on, set_event_pid, trace, trace_pipe,
# trace_marker, current_tracer, with their bad writes.

load helpers

setup() { mmsim_setup; T=$MMSIM_MOUNT/tracing; DATA=; }
teardown() {
	mmsim_teardown
	[[ -z $DATA ]] || rm -rf "$DATA"
}

# The header trace prints with N entries in the buffer, W written.
trace_header() {
	printf '%s\n' "# tracer: nop" "#" \
		"# entries-in-buffer/entries-written: $1/$2   #P:2" "#" \
		"#                                _-----=> irqs-off/BH-disabled" \
		"#                               / _----=> need-resched" \
		"#                              | / _---=> hardirq/softirq" \
		"#                              || / _--=> preempt-depth" \
		"#                              ||| / _-=> migrate-disable" \
		"#                              |||| /     delay" \
		"#           TASK-PID     CPU#  |||||  TIMESTAMP  FUNCTION" \
		"#              | |         |   |||||     |         |"
}

# trace_body: the trace's event lines, without the header.
trace_body() {
	grep -v '^#' "$T/trace"
}

# The events, as available_events lists them.
EVENTS=(tlb:tlb_flush exceptions:page_fault_user filemap:mm_filemap_fault
	filemap:mm_filemap_map_pages filemap:mm_filemap_add_to_page_cache
	filemap:mm_filemap_delete_from_page_cache oom:mark_victim
	pagemap:mm_lru_activate pagemap:mm_lru_insertion
	vmscan:mm_vmscan_lru_shrink_active vmscan:mm_vmscan_lru_shrink_inactive
	vmscan:mm_vmscan_write_folio vmscan:mm_vmscan_lru_isolate
	vmscan:mm_vmscan_direct_reclaim_end vmscan:mm_vmscan_direct_reclaim_begin
	vmscan:mm_vmscan_wakeup_kswapd vmscan:mm_vmscan_kswapd_wake
	vmscan:mm_vmscan_kswapd_sleep
	kmem:rss_stat kmem:mm_page_alloc kmem:mm_page_free mmap:exit_mmap
	mmap:vm_unmapped_area)

@test "tracing: a fresh machine's files: nop, tracing on, no event enabled, an empty buffer" {
	run -0 env LC_ALL=C ls -1 "$T"
	assert_output "available_events
available_tracers
current_tracer
events
set_event
set_event_pid
set_ftrace_pid
trace
trace_marker
trace_pipe
tracing_on"
	run -0 env LC_ALL=C ls -1 "$T/events"
	assert_output "enable
exceptions
filemap
ftrace
kmem
mmap
oom
pagemap
tlb
vmscan"
	run -0 env LC_ALL=C ls -1 "$T/events/kmem" "$T/events/kmem/rss_stat" "$T/events/ftrace/print"
	assert_output "$T/events/ftrace/print:
format
id

$T/events/kmem:
enable
mm_page_alloc
mm_page_free
rss_stat

$T/events/kmem/rss_stat:
enable
format
id"
	run -0 cat "$T/available_events"
	assert_output "$(printf '%s\n' "${EVENTS[@]}")"
	assert_equal "$(cat "$T/available_tracers")" "function_graph nop"
	assert_equal "$(cat "$T/current_tracer")" nop
	assert_equal "$(cat "$T/tracing_on")" 1
	assert_equal "$(cat "$T/set_event")" ""
	assert_equal "$(cat "$T/set_event_pid")" ""
	assert_equal "$(cat "$T/set_ftrace_pid")" "no pid"
	assert_equal "$(cat "$T/events/enable" "$T/events/kmem/enable" "$T/events/kmem/rss_stat/enable")" "0
0
0"
	assert_equal "$(cat "$T/events/kmem/rss_stat/id" "$T/events/ftrace/print/id")" "646
5"
	run -0 cat "$T/trace"
	assert_output "$(trace_header 0 0)"
	# tracefs's modes.
	run -0 stat -c '%a %n' "$T/available_events" "$T/set_event" "$T/trace" \
		"$T/trace_marker" "$T/trace_pipe" "$T/tracing_on" \
		"$T/events/kmem/enable" "$T/events/kmem/rss_stat/format"
	assert_output "440 $T/available_events
640 $T/set_event
640 $T/trace
220 $T/trace_marker
440 $T/trace_pipe
640 $T/tracing_on
640 $T/events/kmem/enable
440 $T/events/kmem/rss_stat/format"
}

@test "page_fault_user: one write fault is one line, with its address and error_code 0x6" {
	spawn_with_area 64K
	echo 1 >"$T/events/exceptions/page_fault_user/enable"
	assert_equal "$(cat "$T/set_event")" exceptions:page_fault_user
	must "$PID" touch "$AREA" 4K w
	assert_output "pages=1 faults=1 anon=1 zero=0 cow=0 reuse=0 shmem=0"
	run -0 cat "$T/trace"
	# spawn, mmap, enable (no command), touch: the touch is the third
	# command, its first event one microsecond in.
	assert_output "$(trace_header 1 1)
              sh-$PID       [000] d....     0.003001: page_fault_user: address=$(hex "$AREA") ip=0x0 error_code=0x6"
	# A read fault (X86_PF_USER) maps the zero page; writing it then is a
	# protection fault (PF_PROT | PF_WRITE | PF_USER).
	must "$PID" touch $((AREA + 0x1000)) 4K r
	must "$PID" touch $((AREA + 0x1000)) 4K w
	run -0 trace_body
	assert_output "              sh-$PID       [000] d....     0.003001: page_fault_user: address=$(hex "$AREA") ip=0x0 error_code=0x6
              sh-$PID       [000] d....     0.004001: page_fault_user: address=$(hex $((AREA + 0x1000))) ip=0x0 error_code=0x4
              sh-$PID       [000] d....     0.005001: page_fault_user: address=$(hex $((AREA + 0x1000))) ip=0x0 error_code=0x7"
}

@test "mm_page_alloc: one GFP_HIGHUSER_MOVABLE page per anonymous page faulted, the PFNs pagemap shows; rss_stat counts them" {
	spawn_with_area 64K
	must "$PID" touch "$AREA" 4K w	# the page tables are there now
	echo kmem:mm_page_alloc kmem:rss_stat >"$T/set_event"
	must "$PID" touch $((AREA + 0x1000)) 12K w
	assert_output "pages=3 faults=3 anon=3 zero=0 cow=0 reuse=0 shmem=0"
	local i want="" pfn
	for i in 1 2 3; do
		pfn=$(pagemap_pfn "$PID" $((AREA + i * 0x1000)))
		want+="mm_page_alloc: pfn=$(printf 0x%x "$pfn") order=0 migratetype=1 gfp_flags=GFP_HIGHUSER_MOVABLE|__GFP_ZERO|__GFP_COMP
rss_stat: mm_id curr=1 type=MM_ANONPAGES size=$(((i + 1) * 4096))B
"
	done
	run -0 bash -c "grep -v '^#' '$T/trace' | sed -e 's/^.*: \(mm_page_alloc\|rss_stat\): /\1: /' -e 's/page=[0-9a-f]* //' -e 's/mm_id=[0-9]*/mm_id/'"
	assert_output "${want%$'\n'}"
	assert_equal "$(grep -c 'mm_page_alloc:' "$T/trace")" 3
	# munmap frees them (and the page table, which the area alone used).
	: >"$T/trace"
	echo kmem:mm_page_free >"$T/set_event"
	must "$PID" munmap "$AREA" 64K
	assert_equal "$(grep -c 'mm_page_free:' "$T/trace")" 5
}

@test "vm_unmapped_area, exit_mmap: mmap's top-down search and the address space's end" {
	echo mmap >"$T/set_event"
	assert_equal "$(cat "$T/set_event")" "mmap:exit_mmap
mmap:vm_unmapped_area"
	spawn_with_area 64K
	must "$PID" exit 0
	run -0 trace_body
	assert_line -n 0 "              sh-$PID       [000] .....     0.002001: vm_unmapped_area: addr=$(hex "$AREA") err=0 total_vm=0x21 flags=0x1 len=0x10000 lo=0x1000 hi=$(hex $((AREA + 0x10000))) mask=0x0 ofs=0x0"
	assert_line -n 1 --regexp "^              sh-$PID       \[000\] \.\.\.\.\.     0\.003001: exit_mmap: mt_mod [0-9a-f]{16}, DESTROY\$"
	assert_equal "${#lines[@]}" 2
}

@test "filemap: a read adds a page to the page cache, drop_caches deletes it" {
	local dir
	DATA=$(mktemp -d "$MMSIM_MOUNT_BASE/mmsim-trace.XXXXXX")
	dir=$DATA
	printf 'hello world\n' >"$dir/small.txt"
	mount_machine --root="$dir"
	T=$MMSIM_MOUNT/tracing
	PID=$(mmok spawn)
	echo filemap >"$T/set_event"
	must "$PID" open /small.txt rdonly
	must "$PID" read 0 5
	echo 1 >"$MMSIM_MOUNT/sys/vm/drop_caches"
	local dev ino
	read -r dev ino < <(stat -c '%d %i' "$dir/small.txt")
	dev="$((dev >> 8 & 0xfff)):$(((dev & 0xff) | (dev >> 12 & 0xfff00)))"
	run -0 trace_body
	assert_line -n 0 --regexp "^              sh-$PID       \[000\] \.\.\.\.\.     0\.003001: mm_filemap_add_to_page_cache: dev $dev ino $(printf %x "$ino") pfn=0x[0-9a-f]+ ofs=0 order=0\$"
	# The write of drop_caches is a command of its own on the clock.
	assert_line -n 1 --regexp "^          <idle>-0       \[000\] d\.\.2\.     0\.004001: mm_filemap_delete_from_page_cache: dev $dev ino $(printf %x "$ino") pfn=0x[0-9a-f]+ ofs=0 order=0\$"
	assert_equal "${#lines[@]}" 2
}

@test "filemap fault and fault-around, lru_insertion: a file page read in, then an anonymous one" {
	DATA=$(mktemp -d "$MMSIM_MOUNT_BASE/mmsim-trace.XXXXXX")
	python3 -c 'import sys; sys.stdout.buffer.write(b"x" * 4096 * 40)' >"$DATA/big.bin"
	mount_machine --root="$DATA"
	T=$MMSIM_MOUNT/tracing
	PID=$(mmok spawn)
	local dev ino a b pfn
	read -r dev ino < <(stat -c '%d %i' "$DATA/big.bin")
	dev="$((dev >> 8 & 0xfff)):$(((dev & 0xff) | (dev >> 12 & 0xfff00)))"
	ino=$(printf %x "$ino")
	must "$PID" open /big.bin rdonly
	a=$(mmok "$PID" mmap 0 160K r-- private 0 0)
	echo 'filemap:mm_filemap_fault filemap:mm_filemap_map_pages pagemap' >"$T/set_event"
	must "$PID" touch "$a" 4K r
	# do_read_fault(): fault-around first (nothing cached: 16 pages of
	# 64K asked for), then ->fault, which reads the file in.
	run -0 trace_body
	assert_line -n 0 "              sh-$PID       [000] .....     0.004001: mm_filemap_map_pages: dev=$dev ino=$ino ofs=0-65535"
	assert_line -n 1 "              sh-$PID       [000] .....     0.004002: mm_filemap_fault: dev=$dev ino=$ino ofs=0"
	pfn=$(pagemap_pfn "$PID" "$a")
	assert_line -n 2 --regexp "^              sh-$PID       \[000\] d\.\.3\.     0\.004003: mm_lru_insertion: folio=[0-9a-f]{16} pfn=$(printf 0x%x "$pfn") lru=2 flags= f    \$"
	# An anonymous page is mapped, swap-backed and exclusive ("d": Linux's
	# PG_anon_exclusive is PG_mappedtodisk's bit) on the inactive anon list.
	: >"$T/trace"
	echo pagemap:mm_lru_insertion >"$T/set_event"
	b=$(mmok "$PID" mmap 0 8K rw- private,anonymous)
	must "$PID" touch "$b" 4K w
	pfn=$(pagemap_pfn "$PID" "$b")
	run -0 trace_body
	assert_output --regexp "^              sh-$PID       \[000\] d\.\.3\.     0\.006001: mm_lru_insertion: folio=[0-9a-f]{16} pfn=$(printf 0x%x "$pfn") lru=0 flags=Ma bd \$"
	# Two touches by get_user_pages (mem_read) activate it.
	echo pagemap:mm_lru_activate >"$T/set_event"
	must "$PID" mem_read "$b" 4
	assert_equal "$(trace_body | grep -c mm_lru_activate)" 0
	must "$PID" mem_read "$b" 4
	run -0 bash -c "grep -v '^#' '$T/trace' | grep mm_lru_activate"
	assert_output --regexp "^              sh-$PID       \[000\] d\.\.3\.     0\.008001: mm_lru_activate: folio=[0-9a-f]{16} pfn=$(printf 0x%x "$pfn")\$"
}

@test "mark_victim: the OOM killer's victim, with its sizes" {
	mount_machine --mem=2M
	T=$MMSIM_MOUNT/tracing
	echo oom:mark_victim >"$T/set_event"
	local a b victim killer
	victim=$(mmok spawn)
	a=$(mmok "$victim" mmap 0 1M rw- private,anonymous)
	must "$victim" touch "$a" 1M w
	killer=$(mmok spawn)
	b=$(mmok "$killer" mmap 0 1M rw- private,anonymous)
	must "$killer" touch "$b" 1M w
	run -0 trace_body
	assert_output "              sh-$killer       [000] .....     0.006001: mark_victim: pid=$victim comm=sh total-vm=1156kB anon-rss=1024kB file-rss:0kB shmem-rss:0kB uid=0 pgtables=12kB oom_score_adj=0"
}

@test "format files: byte for byte the host's /sys/kernel/tracing" {
	local host=/sys/kernel/tracing e compared=0 skipped=""
	[[ -r $host/events/kmem/rss_stat/format ]] || host=/sys/kernel/debug/tracing
	[[ -r $host/events/kmem/rss_stat/format ]] ||
		skip "the host has no readable tracefs (mount -t tracefs nodev /sys/kernel/tracing)"
	for e in "${EVENTS[@]/:/\/}" ftrace/print ftrace/funcgraph_entry ftrace/funcgraph_exit; do
		if [[ ! -r $host/events/$e/format ]]; then
			skipped+=" $e"
			continue
		fi
		if [[ $(uname -r) == 6.18.* ]]; then
			run -0 cmp "$host/events/$e/format" "$T/events/$e/format"
		else
			# Another kernel numbers its events otherwise.
			assert_equal "$(grep -v '^ID:' "$T/events/$e/format")" \
				"$(grep -v '^ID:' "$host/events/$e/format")"
		fi
		compared=$((compared + 1))
	done
	[[ -z $skipped ]] && assert_equal "$compared" 26
	[[ -z $skipped ]] || echo "# not on the host, so not compared:$skipped" >&3
}

@test "two runs of one script give byte-identical traces" {
	local run1 run2 m
	for m in 1 2; do
		((m == 1)) || mount_machine
		T=$MMSIM_MOUNT/tracing
		echo 1 >"$T/events/enable"
		echo mark >"$T/trace_marker"
		PID=$(mmok spawn)
		AREA=$(mmok "$PID" mmap 0 64K rw- private,anonymous)
		must "$PID" touch "$AREA" 16K w
		must "$PID" fork
		must "$PID" munmap "$AREA" 64K
		must "$PID" exit 0
		if ((m == 1)); then run1=$(cat "$T/trace"); else run2=$(cat "$T/trace"); fi
	done
	assert_equal "$run2" "$run1"
	[[ $run1 == *"tracing_mark_write: mark"* ]]
	(($(grep -c . <<<"$run1") > 40))
}

@test "set_event: names, systems, !name, O_TRUNC clears; events/*/enable follow" {
	echo kmem:rss_stat exceptions >"$T/set_event"
	assert_equal "$(cat "$T/set_event")" "exceptions:page_fault_user
kmem:rss_stat"
	assert_equal "$(cat "$T/events/kmem/enable" "$T/events/exceptions/enable" "$T/events/enable")" "X
1
X"
	echo 'mm_page_alloc !kmem:rss_stat' >>"$T/set_event"
	assert_equal "$(cat "$T/set_event")" "exceptions:page_fault_user
kmem:mm_page_alloc"
	echo '*:*' >>"$T/set_event"
	assert_equal "$(cat "$T/events/enable")" 1
	echo 0 >"$T/events/kmem/enable"
	assert_equal "$(cat "$T/events/kmem/mm_page_free/enable" "$T/events/mmap/enable")" "0
1"
	# An open with O_TRUNC disables every event, as tracefs's.
	echo >"$T/set_event"
	assert_equal "$(cat "$T/set_event")" ""
	assert_equal "$(cat "$T/events/enable")" 0
}

@test "bad writes: an unknown event, enable 2, a bad tracing_on or tracer: EINVAL, nothing changes" {
	echo kmem:rss_stat >"$T/set_event"
	run -1 bash -c "echo nonexist >>'$T/set_event'"
	assert_output --partial "Invalid argument"
	run -1 bash -c "echo 'kmem:mm_page_free kmem:nonexist' >>'$T/set_event'"
	assert_output --partial "Invalid argument"
	run -1 bash -c "echo kmem:rss_stat >>'$T/events/kmem/rss_stat/enable'"
	assert_output --partial "Invalid argument"
	assert_equal "$(cat "$T/set_event")" kmem:rss_stat
	run -1 bash -c "echo 2 >'$T/events/kmem/mm_page_free/enable'"
	assert_output --partial "Invalid argument"
	run -1 bash -c "echo 2 >'$T/events/kmem/enable'"
	run -1 bash -c "echo 2 >'$T/events/enable'"
	assert_equal "$(cat "$T/set_event")" kmem:rss_stat
	run -1 bash -c "echo on >'$T/tracing_on'"
	assert_output --partial "Invalid argument"
	assert_equal "$(cat "$T/tracing_on")" 1
	run -1 bash -c "echo function >'$T/current_tracer'"
	assert_output --partial "Invalid argument"
	echo nop >"$T/current_tracer"
	assert_equal "$(cat "$T/current_tracer")" nop
	run -1 bash -c "echo 1x >'$T/set_event_pid'"
	assert_output --partial "Invalid argument"
	run -1 bash -c "echo 32768 >'$T/set_event_pid'"
	assert_equal "$(cat "$T/set_event_pid")" ""
	run -1 bash -c "echo x >'$T/available_events'"
	run -0 cat "$T/trace"
	assert_output "$(trace_header 0 0)"
}

@test "tracing_on 0 stops recording, trace_marker then fails EBADF; 1 records again" {
	spawn_with_area 64K
	echo 1 >"$T/events/exceptions/enable"
	echo 0 >"$T/tracing_on"
	must "$PID" touch "$AREA" 4K w
	run -1 bash -c "echo lost >'$T/trace_marker'"
	assert_output --partial "Bad file descriptor"
	run -0 cat "$T/trace"
	assert_output "$(trace_header 0 0)"
	echo 1 >"$T/tracing_on"
	must "$PID" touch $((AREA + 0x1000)) 4K w
	printf 'no newline' >"$T/trace_marker"
	run -0 trace_body
	assert_output "              sh-$PID       [000] d....     0.004001: page_fault_user: address=$(hex $((AREA + 0x1000))) ip=0x0 error_code=0x6
          <idle>-0       [000] ...1.     0.004002: tracing_mark_write: no newline"
}

@test "set_event_pid: only the listed tasks' events; O_TRUNC lists none again" {
	local other b
	spawn_with_area 64K
	other=$(mmok spawn)
	b=$(mmok "$other" mmap 0 64K rw- private,anonymous)
	echo exceptions:page_fault_user >"$T/set_event"
	echo "$other" >"$T/set_event_pid"
	echo 1 >>"$T/set_event_pid"
	assert_equal "$(cat "$T/set_event_pid")" "1
$other"
	must "$PID" touch "$AREA" 4K w
	must "$other" touch "$b" 4K w
	run -0 trace_body
	assert_output --regexp "^              sh-$other       \[000\] d\.\.\.\.     0\.[0-9]{6}: page_fault_user: address=$(hex "$b") ip=0x0 error_code=0x6\$"
	echo >"$T/set_event_pid"
	assert_equal "$(cat "$T/set_event_pid")" ""
	must "$PID" touch $((AREA + 0x1000)) 4K w
	assert_equal "$(grep -c page_fault_user "$T/trace")" 2
}

@test "trace_pipe consumes what it returns; truncating trace empties the buffer" {
	spawn_with_area 64K
	echo 1 >"$T/events/kmem/rss_stat/enable"
	must "$PID" touch "$AREA" 8K w
	run -0 cat "$T/trace_pipe"
	assert_output --regexp "^ +sh-$PID +\[000\] \.\.\.1\. +0\.003[0-9]{3}: rss_stat: mm_id=[0-9]+ curr=1 type=MM_ANONPAGES size=4096B
 +sh-$PID .* size=8192B\$"
	# Nothing left: a read returns EOF at once rather than waiting.
	run -0 cat "$T/trace_pipe"
	assert_output ""
	run -0 cat "$T/trace"
	assert_output "$(trace_header 0 2)"
	must "$PID" touch $((AREA + 0x2000)) 4K w
	assert_equal "$(grep -c rss_stat "$T/trace")" 1
	: >"$T/trace"
	run -0 cat "$T/trace"
	assert_output "$(trace_header 0 0)"
	# Writing trace without O_TRUNC is taken and does nothing.
	must "$PID" touch $((AREA + 0x3000)) 4K w
	echo x >>"$T/trace"
	assert_equal "$(grep -c rss_stat "$T/trace")" 1
}

@test "function_graph: a write fault's path through the engine, in ftrace's function_graph layout" {
	spawn_with_area 64K
	echo function_graph >"$T/current_tracer"
	assert_equal "$(cat "$T/current_tracer")" function_graph
	echo exceptions:page_fault_user >"$T/set_event"
	must "$PID" touch "$AREA" 4K w
	echo done >"$T/trace_marker"
	run -0 cat "$T/trace"
	# Each record is 1 us after the one before: a leaf takes 1 us, a
	# function 1 us more than what it records between its two ends.
	assert_output "# tracer: function_graph
#
# CPU  DURATION                  FUNCTION CALLS
# |     |   |                     |   |   |   |
 0)               |  do_page_fault() {
 0)               |    /* page_fault_user: address=$(hex "$AREA") ip=0x0 error_code=0x6 */
 0)   1.000 us    |    access_error();
 0)               |    handle_mm_fault() {
 0)               |      __handle_mm_fault() {
 0)   1.000 us    |        __alloc_pages();
 0)   1.000 us    |        __alloc_pages();
 0)   1.000 us    |        __alloc_pages();
 0)               |        handle_pte_fault() {
 0)               |          do_anonymous_page() {
 0)               |            __anon_vma_prepare() {
 0)   1.000 us    |              __alloc_pages();
 0)   1.000 us    |              __alloc_pages();
 0)   5.000 us    |            }
 0)   1.000 us    |            __alloc_pages();
 0)   1.000 us    |            page_add_new_anon_rmap();
 0)   1.000 us    |            lru_cache_add();
 0) + 13.000 us   |          }
 0) + 15.000 us   |        }
 0) + 23.000 us   |      }
 0) + 25.000 us   |    }
 0) + 30.000 us   |  }
 0)               |  /* done */"
	# A second write fault of the area: the tables are there, so is the
	# anon_vma (anon_vma_prepare() is inline and calls nothing, as on
	# Linux); trace_pipe gives the same lines and consumes them.
	: >"$T/trace"
	echo >"$T/set_event"
	must "$PID" touch $((AREA + 0x1000)) 4K w
	run -0 cat "$T/trace_pipe"
	assert_output " 0)               |  do_page_fault() {
 0)   1.000 us    |    access_error();
 0)               |    handle_mm_fault() {
 0)               |      __handle_mm_fault() {
 0)               |        handle_pte_fault() {
 0)               |          do_anonymous_page() {
 0)   1.000 us    |            __alloc_pages();
 0)   1.000 us    |            page_add_new_anon_rmap();
 0)   1.000 us    |            lru_cache_add();
 0)   7.000 us    |          }
 0)   9.000 us    |        }
 0) + 11.000 us   |      }
 0) + 13.000 us   |    }
 0) + 17.000 us   |  }"
	run -0 cat "$T/trace_pipe"
	assert_output ""
	# Back to nop: the buffer is emptied, and nothing is recorded.
	must "$PID" touch $((AREA + 0x2000)) 4K w
	echo nop >"$T/current_tracer"
	must "$PID" touch $((AREA + 0x3000)) 4K w
	run -0 cat "$T/trace"
	assert_output "$(trace_header 0 0)"
}

@test "function_graph: fork runs dup_mmap, anon_vma_fork and copy_page_range under kernel_clone" {
	spawn_with_area 64K
	must "$PID" touch "$AREA" 4K w
	echo function_graph >"$T/current_tracer"
	must "$PID" fork
	run -0 bash -c "grep -o '[a-z_]*()' '$T/trace' | tr -d '()' | uniq | tr '\n' ' '"
	assert_output --regexp "^sys_fork kernel_clone copy_process .*dup_mm .*dup_mmap .*anon_vma_fork anon_vma_clone .*copy_page_range "
	# Every function that began ended.
	assert_equal "$(grep -c '{$' "$T/trace")" "$(grep -c '}$' "$T/trace")"
}


@test "lesson seed001-fault-paths.sh shows do_page_fault's paths as its header says" {
	local lesson=$BATS_TEST_DIRNAME/../../examples/lessons/seed001-fault-paths.sh
	run -0 env MMCTL="$MMCTL" bash "$lesson"
	assert_output "$(lesson_expected "$lesson")"
	assert_equal "$(cat "$T/current_tracer")" nop
}

@test "set_ftrace_pid: function_graph records only the listed tasks' functions, set_event_pid only events" {
	local other b
	spawn_with_area 64K
	other=$(mmok spawn)
	b=$(mmok "$other" mmap 0 64K rw- private,anonymous)
	echo function_graph >"$T/current_tracer"
	echo exceptions:page_fault_user >"$T/set_event"
	echo "$other" >"$T/set_ftrace_pid"
	assert_equal "$(cat "$T/set_ftrace_pid")" "$other"
	run -1 bash -c "echo x >>'$T/set_ftrace_pid'"
	assert_equal "$(cat "$T/set_ftrace_pid")" "$other"
	must "$PID" touch "$AREA" 4K w
	# PID's fault: its event, none of its functions.
	run -0 bash -c "grep -v '^#' '$T/trace'"
	assert_output " 0)               |  /* page_fault_user: address=$(hex "$AREA") ip=0x0 error_code=0x6 */"
	: >"$T/trace"
	must "$other" touch "$b" 4K w
	assert_equal "$(grep -c 'do_page_fault() {' "$T/trace")" 1
	echo >"$T/set_ftrace_pid"
	assert_equal "$(cat "$T/set_ftrace_pid")" "no pid"
}
