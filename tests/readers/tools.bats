#!/usr/bin/env bats
# tools.bats - the tools students already use, unchanged, on the machine
# through `mmctl shell` (the machine bind-mounted over /proc in a private
# mount namespace): ps, top, htop (under tmux), free, vmstat, slabtop,
# pmap, smem and psutil must print the views' own numbers.

load readers_helpers

setup() {
	need_root
	mmsim_setup
}
teardown() {
	[[ -z ${TMUX_SOCKET:-} ]] || tmux -L "$TMUX_SOCKET" kill-server 2>/dev/null
	readers_teardown
}

# sh_on CMD...: CMD in `mmctl shell` on this test's machine.
sh_on() {
	"$MMCTL" -m "$MMSIM_MOUNT" shell "$@"
}

# pids: the machine's PIDs, as the root lists them.
pids() {
	ls "$MMSIM_MOUNT" | grep -E '^[0-9]+$' | sort -n
}

# kb_of PID FIELD: a status value in kB, the number only.
kb_of() {
	status_field "$1" "$2" | awk '{ print $1 }'
}

# rollup PID FIELD: one smaps_rollup value in kB.
rollup() {
	awk -v f="$2:" '$1 == f { print $2 }' "$MMSIM_MOUNT/$1/smaps_rollup"
}

@test "mmctl shell: the machine is /proc, MMSIM_MOUNT names it, the host is untouched" {
	run -0 sh_on sh -c 'readlink /proc/self; cat /proc/1/comm; echo "$MMSIM_MOUNT"'
	assert_output "1
init
$MMSIM_MOUNT"
	# The host's /proc outside is its own.
	run -0 python3 -c 'import os; print(os.readlink("/proc/self") == str(os.getpid()))'
	assert_output True
	# The command's exit status is mmctl's.
	run -7 sh_on sh -c 'exit 7'
	# Without COMMAND: $SHELL, reading the commands from stdin.
	run -0 bash -c "echo 'cat /proc/loadavg' | SHELL=/bin/sh '$MMCTL' -m '$MMSIM_MOUNT' shell"
	assert_output "0.00 0.00 0.00 1/1 1"
}

@test "mmctl shell: no machine is exit 3, a missing command 127" {
	run -3 --separate-stderr "$MMCTL" -m /tmp shell true
	assert_equal "$stderr" "mmctl shell: /tmp: no mmsim machine is mounted there"
	run -127 --separate-stderr sh_on /nonexistent/tool
	assert_equal "$stderr" "mmctl shell: /nonexistent/tool: No such file or directory"
}

@test "ps aux: one line per process, VSZ and RSS from status, the comm" {
	scenario_family
	run -0 sh_on ps aux
	local lines
	lines=$(printf '%s\n' "$output" | tail -n +2)
	assert_equal "$(printf '%s\n' "$lines" | awk '{ print $2 }')" "$(pids)"
	local pid
	for pid in $(pids); do
		assert_equal "$(printf '%s\n' "$lines" | awk -v p="$pid" '$2 == p { print $5, $6, $11 }')" \
			"$(kb_of "$pid" VmSize) $(kb_of "$pid" VmRSS) $(cat "$MMSIM_MOUNT/$pid/comm")"
	done
	# alpha (A): 64K + 32K + [stack] 132K; 16 + 4 pages resident.
	assert_equal "$(printf '%s\n' "$lines" | awk -v p="$A" '$2 == p { print $5, $6, $8 }')" "228 80 S"
}

@test "ps -eLf: one line per thread, LWP and NLWP from task/ and status" {
	scenario_family
	run -0 sh_on ps -eLf
	local pid
	for pid in $(pids); do
		assert_equal "$(printf '%s\n' "$output" | awk -v p="$pid" '$2 == p { print $3, $4, $6 }')" \
			"$(status_field "$pid" PPid) $(ls "$MMSIM_MOUNT/$pid/task") $(status_field "$pid" Threads)"
	done
	assert_equal "$(printf '%s\n' "$output" | tail -n +2 | wc -l)" "$(pids | wc -l)"
}

@test "ps -eLf: a process's threads are lines of their own, with its PID and NLWP" {
	run -0 mm spawn app
	assert_output 2
	run -0 mm 2 clone vm,thread,sighand,files
	assert_output 3
	run -0 sh_on ps -eLf
	# PID PPID LWP NLWP CMD of process 2's lines
	assert_equal "$(printf '%s\n' "$output" | awk '$2 == 2 { print $2, $3, $4, $6, $NF }')" \
		"2 1 2 2 app
2 1 3 2 app"
	run -0 sh_on ps -e -o pid=,nlwp=,comm=
	assert_line --regexp '^ +2 +2 app$'
}

@test "ps -e with --kthreads: kthreadd and kswapd0 in brackets (no cmdline), PIDs 2 and 3 under PPid 0 and 2" {
	mount_machine --kthreads
	run -0 sh_on ps -e -o pid=,ppid=,cmd=
	assert_output "    1     0 init
    2     0 [kthreadd]
    3     2 [kswapd0]"
}

@test "top -b -n1: the task count, memory summary and per-process VIRT RES SHR" {
	scenario_family
	run -0 sh_on top -b -n1 -w 200
	assert_line --regexp "^Tasks: +$(pids | wc -l) total, +0 running, +$(pids | wc -l) sleeping"
	assert_line --regexp "^MiB Mem : +256\\.0 total, +$(awk '/^MemFree/ { printf "%.1f", $2 / 1024 }' "$MMSIM_MOUNT/meminfo") free"
	local pid
	for pid in $(pids); do
		assert_equal "$(printf '%s\n' "$output" | awk -v p="$pid" '$1 == p { print $5, $6, $7, $12 }')" \
			"$(kb_of "$pid" VmSize) $(kb_of "$pid" VmRSS) $(($(kb_of "$pid" RssFile) + $(kb_of "$pid" RssShmem))) $(cat "$MMSIM_MOUNT/$pid/comm")"
	done
	# B's shmem pages show in SHR: 6 pages.
	assert_equal "$(printf '%s\n' "$output" | awk -v p="$B" '$1 == p { print $7 }')" 24
}

@test "htop under tmux: the processes with VIRT and RES, tasks and memory" {
	command -v htop >/dev/null || fail "htop is not installed (.ci/install-deps)"
	command -v tmux >/dev/null || fail "tmux is not installed (.ci/install-deps)"
	scenario_family
	TMUX_SOCKET=mmsim-tools-$$
	tmux -L "$TMUX_SOCKET" new-session -d -x 160 -y 30 \
		"$MMCTL -m $MMSIM_MOUNT shell env TERM=xterm HOME=$BATS_TEST_TMPDIR htop -d 10; sleep 60"
	local screen i
	# A bounded wait for htop's first screen, not a timing assertion.
	for ((i = 0; i < 100; i++)); do
		screen=$(tmux -L "$TMUX_SOCKET" capture-pane -p)
		[[ $screen == *"Tasks:"* && $screen == *gamma* ]] && break
		sleep 0.1
	done
	run -0 printf '%s\n' "$screen"
	assert_line --regexp "Tasks: $(pids | wc -l), 0 thr"
	assert_line --regexp "Mem\\[.*/256M\\]"
	local pid
	for pid in $(pids); do
		assert_equal "$(printf '%s\n' "$screen" | awk -v p="$pid" '$1 == p { print $5, $6, $12 }')" \
			"$(kb_of "$pid" VmSize) $(kb_of "$pid" VmRSS) $(cat "$MMSIM_MOUNT/$pid/comm")"
	done
}

@test "free: total, free, shared and available are meminfo's" {
	scenario_family
	run -0 sh_on free -k
	assert_equal "$(printf '%s\n' "$output" | awk '/^Mem:/ { print $2, $4, $5, $7 }')" \
		"$(meminfo_kb MemTotal) $(meminfo_kb MemFree) $(meminfo_kb Shmem) $(meminfo_kb MemAvailable)"
	assert_equal "$(printf '%s\n' "$output" | awk '/^Swap:/ { print $2, $3, $4 }')" "0 0 0"
}

@test "vmstat: the run queue and free memory are stat's and meminfo's" {
	scenario_family
	run -0 sh_on vmstat
	assert_equal "$(printf '%s\n' "$output" | awk 'NR == 3 { print $1, $2, $3, $4 }')" \
		"$(awk '$1 == "procs_running" { r = $2 } $1 == "procs_blocked" { b = $2 } END { print r, b }' "$MMSIM_MOUNT/stat") 0 $(meminfo_kb MemFree)"
}

@test "slabtop -o: the caches of slabinfo" {
	[[ -e $MMSIM_MOUNT/slabinfo ]] || skip "no slabinfo on the mount yet"
	run -0 sh_on slabtop -o
	assert_line --regexp "^ Active / Total Objects"
	local name
	for name in $(awk 'NR > 2 && $2 > 0 { print $1 }' "$MMSIM_MOUNT/slabinfo"); do
		assert_line --regexp " $name *\$"
	done
}

@test "pmap -XX: the mappings and the totals of smaps" {
	scenario_family
	run -0 sh_on pmap -XX "$B"
	# The totals line: Size and Rss in kB.
	assert_equal "$(printf '%s\n' "$output" | tail -1 | awk '{ print $1, $4, $5 }')" \
		"$(kb_of "$B" VmSize) $(rollup "$B" Rss) $(rollup "$B" Pss)"
	assert_equal "$(printf '%s\n' "$output" | grep -c '^ *[0-9a-f]\{12\} ')" "$(wc -l <"$MMSIM_MOUNT/$B/maps")"
}

@test "smem: USS, PSS and RSS of every process are smaps_rollup's" {
	scenario_family
	run -0 sh_on smem -H -c "pid uss pss rss"
	local pid
	for pid in $(pids); do
		assert_equal "$(printf '%s\n' "$output" | awk -v p="$pid" '$1 == p { print $2, $3, $4 }')" \
			"$(($(rollup "$pid" Private_Clean) + $(rollup "$pid" Private_Dirty))) $(rollup "$pid" Pss) $(rollup "$pid" Rss)"
	done
}

@test "psutil, unchanged: each process's functions equal the views" {
	local py
	py=$(psutil_python) || fail "no python3 with psutil (python3-psutil)"
	scenario_family
	local pid
	for pid in 1 "$A" "$B" "$C"; do
		run -0 sh_on "$py" "$PSUTIL_PROBE" /proc "$pid"
		assert_output "$(procview psutil "$MMSIM_MOUNT" "$pid")"
	done
}

@test "psutil, unchanged: the system functions and the process list equal the views" {
	local py
	py=$(psutil_python) || fail "no python3 with psutil (python3-psutil)"
	scenario_family
	run -0 sh_on "$py" -c '
import psutil
vm = psutil.virtual_memory()
print("vm", vm.total // 1024, vm.free // 1024, vm.available // 1024, vm.shared // 1024)
print("swap", psutil.swap_memory().total)
print("cpus", psutil.cpu_count(), len(psutil.cpu_times(percpu=True)))
print("boot", int(psutil.boot_time()))
print("pids", *psutil.pids())
for p in psutil.process_iter(["pid", "ppid", "name", "num_threads", "status"]):
    i = p.info
    t = [x.id for x in p.threads()]
    io = p.io_counters()
    print(i["pid"], i["ppid"], i["name"], i["num_threads"], *t, i["status"],
          io.read_chars + io.write_chars, len(p.environ()))
'
	assert_line "vm $(meminfo_kb MemTotal) $(meminfo_kb MemFree) $(meminfo_kb MemAvailable) $(meminfo_kb Shmem)"
	assert_line "swap 0"
	assert_line "cpus 2 2"
	assert_line "boot $(awk '$1 == "btime" { print $2 }' "$MMSIM_MOUNT/stat")"
	assert_line "pids $(pids | tr '\n' ' ' | sed 's/ $//')"
	local pid
	for pid in $(pids); do
		assert_line "$pid $(status_field "$pid" PPid) $(cat "$MMSIM_MOUNT/$pid/comm") 1 $(ls "$MMSIM_MOUNT/$pid/task") sleeping 0 0"
	done
}
