# helpers.bash - shared by every bats suite of mmsim. It is built on the
# library that autograders load (lib/bats/mmsim/load.bash, installed as
# PREFIX/lib/bats/mmsim: mounting and unmounting, mmctl, decoding the
# views) and adds what mmsim's own suites need besides: the pinned
# machine description, the replay check in teardown, and the byte-exact
# Python helpers of mmsim_io.py.
#
# Environment:
#   MMSIM_BIN_DIR    where mmsimfs and mmctl are: either directly in it, or
#                    in its fs/ and ctl/ subdirectories (a meson build
#                    directory). Default: the build directory next to tests/.
#   MMSIM_MOUNT_BASE the directory the test machines are mounted under (one
#                    new directory per mount; default: $TMPDIR, else /tmp)
#   MMSIM_FS_ARGS    extra daemon options for every mount (e.g. --debug-vm).
#
# Every test mounts its own machine in setup() and checks it in teardown():
# `check` must answer `ok`, the unmount must be clean, the daemon must exit
# 0, and its log must hold no sanitizer report.

MMSIM_BIN_DIR=${MMSIM_BIN_DIR:-"$BATS_TEST_DIRNAME/../../build"}
# This file's folder: its Python helpers live beside it, whichever suite
# (tests/bats, tests/readers, tests/stress) loaded it.
MMSIM_HELPERS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
MMSIM_IO="$MMSIM_HELPERS_DIR/mmsim_io.py"

# The machine description of every mount that does not name its own
# --cpu: pinned, so that a test asserting fixed numbers gives one result on
# every host. MMSIM_TEST_CPU (tests/run --cpu=...) forces another one, to
# prove the suites pass with protection keys and without; tests that
# compare with the host kernel mount with --cpu=host instead.
MMSIM_TEST_CPU=${MMSIM_TEST_CPU:-default}
MMSIM_CPU=$MMSIM_TEST_CPU

load "$MMSIM_HELPERS_DIR/../../lib/bats/mmsim/load"

# test_cpu_has FEATURE: does the forced description turn FEATURE on?
test_cpu_has() {
	[[ ,$MMSIM_TEST_CPU, == *,$1,* ]]
}

# pkey_line KEY: the smaps "ProtectionKey:" line that a machine with
# protection keys prints after THPeligible, with a newline before it (so
# that $(...) keeps it), or nothing.
pkey_line() {
	test_cpu_has pku && printf '\nProtectionKey:  %8u' "$1"
	return 0
}

# replay_check I: mount a second machine with the options of mount I and
# --replay of its journal; print "ok" when it is the same machine
# (replay_compare.py), else what differs.
replay_check() {
	local i=$1 dir journal log out pid k
	dir=$(mktemp -d "$MMSIM_MOUNT_BASE/mmsim-replay.XXXXXX")
	journal=$dir.journal
	log=$dir.log
	cp "${MMSIM_MOUNTS[$i]}/journal" "$journal"
	# shellcheck disable=SC2086
	env --default-signal=INT "$MMSIMFS" -f ${MMSIM_ARGS[$i]} $MMSIM_FS_ARGS \
		--replay="$journal" "$dir" </dev/null >"$log" 2>&1 3>&- &
	pid=$!
	# The journal is replayed before the mount appears: with --debug-vm
	# checking the machine after every command, a journal of thousands of
	# mmaps takes tens of seconds under ASan. Wait while the daemon lives,
	# up to 10 minutes.
	for ((k = 0; k < 12000; k++)); do
		[[ -e $dir/ctl ]] && break
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.05
	done
	if [[ -e $dir/ctl ]]; then
		out=$(python3 "$MMSIM_HELPERS_DIR/replay_compare.py" "${MMSIM_MOUNTS[$i]}" "$dir" 2>&1)
		fusermount3 -u "$dir"
	else
		out="the replay did not mount: $(cat "$log")"
		kill -KILL "$pid" 2>/dev/null
	fi
	wait "$pid" 2>/dev/null
	rm -f "$journal" "$log"
	rmdir "$dir" 2>/dev/null
	echo "$out"
}

# mmsim_extra_check I (the library's teardown hook): a machine replayed
# from mount I's journal must be the same machine, unless
# MMSIM_REPLAY_CHECK=0. Prints the problem, or nothing.
mmsim_extra_check() {
	local out
	[[ ${MMSIM_REPLAY_CHECK:-1} == 0 ]] && return 0
	out=$(replay_check "$1")
	[[ $out == ok ]] ||
		echo "the machine replayed from ${MMSIM_MOUNTS[$1]}/journal differs: $out"
}

# ---- driving the machine ----

# ctlio PATH DATA: one write(2) of DATA to PATH, then the replies read
# from the same open file (see mmsim_io.py ctl).
ctlio() {
	python3 "$MMSIM_IO" ctl "$@"
}

# io SUBCOMMAND ARGS...: the other byte-exact helpers of mmsim_io.py.
io() {
	python3 "$MMSIM_IO" "$@"
}

# spawn_with_area [LEN] [PROT] [FLAGS]: spawn a process and map one area
# in it with mmap 0; sets PID and AREA.
spawn_with_area() {
	PID=$(mmok spawn) || fail "spawn failed"
	AREA=$(mmok "$PID" mmap 0 "${1:-64K}" "${2:-rw-}" "${3:-private,anonymous}") ||
		fail "mmap failed"
}

# ---- addresses and views ----

# The root's own entries, as `LC_ALL=C ls -1` lists them after the PIDs
# (procfs/registry.c's global entries).
GLOBAL_ENTRIES=(buddyinfo cgroup cpuinfo ctl interrupts journal kpagecount kpageflags loadavg
	meminfo pagetypeinfo self slabinfo stat swaps sys thread-self tlb tracing uptime
	version vmstat zoneinfo)

# root_listing PID...: what `LC_ALL=C ls -1 MOUNTPOINT` prints with these
# processes.
root_listing() {
	printf '%s\n' "$@" "${GLOBAL_ENTRIES[@]}"
}

# maps_line START END PERMS [OFFSET DEV INODE] [NAME]: a maps line exactly
# as Linux prints it (name padded to column 73; a trailing space when
# there is no name).
maps_line() {
	local start=$1 end=$2 perms=$3 off=${4:-00000000} dev=${5:-00:00}
	local ino=${6:-0} name=${7:-} prefix
	prefix=$(printf '%08x-%08x %s %s %s %s ' "$((start))" "$((end))" \
		"$perms" "$off" "$dev" "$ino")
	if [[ -n $name ]]; then
		printf '%-72s %s\n' "$prefix" "$name"
	else
		printf '%s\n' "$prefix"
	fi
}

# stack_line: the [stack] line of a fresh process.
stack_line() {
	maps_line $STACK_START $STACK_END rw-p 00000000 00:00 0 '[stack]'
}

# snapshot PID: every per-process view that a failed command must leave
# alone (MMSIM_SNAPSHOT_VIEWS, default maps smaps smaps_rollup status
# statm), concatenated, plus the global meminfo. PID "" means PID 1.
snapshot() {
	local f pid=${1:-1}
	for f in ${MMSIM_SNAPSHOT_VIEWS:-maps smaps smaps_rollup status statm}; do
		echo "== $f"
		cat "$(view "$pid" "$f")"
	done
	echo "== meminfo"
	cat "$MMSIM_MOUNT/meminfo"
}

# ---- the lessons (examples/lessons/) ----

LESSONS="$MMSIM_HELPERS_DIR/../../examples/lessons"

# lesson_expected FILE: the "What a student should see" lines of a
# lesson's header, so that the header and the output cannot drift apart.
lesson_expected() {
	sed -n '/^# What a student should see/,/^set -euo/s/^#   //p' "$1"
}

# memory_snapshot PID: snapshot PID but the task's context-switch counts:
# what a command that ran and had nothing to do leaves alone (the task ran,
# so its CPU switched to it and back: mmsim(7), CPUS AND THE TLB).
memory_snapshot() {
	snapshot "$@" | grep -v '^\(non\)\?voluntary_ctxt_switches:'
}

# fails_unchanged PID ERRNAME REGEX CMD...: run `mmctl PID CMD...` (PID
# may be "" for the global ctl), expect exit 1, nothing on stdout and one
# error line on stderr matching ^error: REGEX (ERRNAME)$; and expect
# every view of PID to be byte-identical afterwards; and the daemon to
# still answer.
fails_unchanged() {
	local pid=$1 errname=$2 regex=$3 before after
	shift 3
	before=$(snapshot "$pid")
	if [[ -n $pid ]]; then
		run -1 --separate-stderr mm "$pid" "$@"
	else
		run -1 --separate-stderr mm "$@"
	fi
	assert_output ""
	assert_regex "$stderr" "^error: $regex \\($errname\\)\$"
	after=$(snapshot "$pid")
	assert_equal "$after" "$before"
	run -0 mm check
	assert_output ok
}

# errno_of_ctl PATH LINE: write one command line with one write(2); print
# only the errno name the write failed with (or "ok").
errno_of_ctl() {
	local out
	out=$(ctlio "$1" "$2"$'\n')
	out=${out%%$'\n'*}
	case $out in
	"write: "[0-9]*) echo ok ;;
	*) echo "${out#write: }" ;;
	esac
}
