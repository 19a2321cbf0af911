# helpers.bash - shared by every bats suite of mmsim: mount and unmount a
# simulated machine, drive it with mmctl, and decode its views.
#
# Environment:
#   MMSIM_BIN_DIR  where mmsimfs and mmctl are: either directly in it, or in
#                  its fs/ and ctl/ subdirectories (a meson build directory).
#                  Default: the build directory next to tests/.
#   MMSIM_FS_ARGS  extra daemon options for every mount (e.g. --debug-vm).
#
# Every test mounts its own machine in setup() and checks it in teardown():
# `check` must answer `ok`, the unmount must be clean, the daemon must exit
# 0, and its log must hold no sanitizer report.

bats_require_minimum_version 1.5.0
load /usr/lib/bats/bats-support/load
load /usr/lib/bats/bats-assert/load

MMSIM_BIN_DIR=${MMSIM_BIN_DIR:-"$BATS_TEST_DIRNAME/../../build"}
MMSIM_FS_ARGS=${MMSIM_FS_ARGS:-}
# This file's folder: its Python helpers live beside it, whichever suite
# (tests/bats, tests/readers, tests/stress) loaded it.
MMSIM_HELPERS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
MMSIM_IO="$MMSIM_HELPERS_DIR/mmsim_io.py"

# mmsim_bin NAME SUBDIR: the path of one of the programs.
mmsim_bin() {
	if [[ -x $MMSIM_BIN_DIR/$1 ]]; then
		echo "$MMSIM_BIN_DIR/$1"
	else
		echo "$MMSIM_BIN_DIR/$2/$1"
	fi
}
MMSIMFS=$(mmsim_bin mmsimfs fs)
MMCTL=$(mmsim_bin mmctl ctl)
export MMCTL

# Constants of the contract.
MMAP_BASE=$((0x7ffff7fff000))
STACK_START=0x7ffffffde000
STACK_END=0x7ffffffff000
START_BRK=0x555555559000
PAGE=4096

# Mounted machines of this test: parallel arrays (MMSIM_ARGS: the options
# each was mounted with, for the replay check).
MMSIM_ARGS=()
MMSIM_MOUNTS=()
MMSIM_PIDS=()
MMSIM_LOGS=()

# start_daemon MOUNTDIR LOG [OPTIONS...]: start mmsimfs in the foreground
# (in the background of this shell); sets MMSIM_DAEMON_PID. SIGINT is
# reset to its default, since bash starts background jobs with it ignored.
start_daemon() {
	local dir=$1 log=$2
	shift 2
	# shellcheck disable=SC2086
	env --default-signal=INT "$MMSIMFS" -f "$@" $MMSIM_FS_ARGS "$dir" \
		</dev/null >"$log" 2>&1 3>&- &
	MMSIM_DAEMON_PID=$!
}

# The machine description of every mount that does not name its own
# --cpu: pinned, so that a test asserting fixed numbers gives one result on
# every host. MMSIM_TEST_CPU (tests/run --cpu=...) forces another one, to
# prove the suites pass with protection keys and without; tests that
# compare with the host kernel mount with --cpu=host instead.
MMSIM_TEST_CPU=${MMSIM_TEST_CPU:-default}

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

# mount_machine_in DIR LOG [OPTIONS...]: start mmsimfs on DIR (logging to
# LOG), register it for mmsim_teardown, and wait until its ctl file
# appears. Exports MMSIM_MOUNT (the newest mount).
mount_machine_in() {
	local dir=$1 log=$2 i cpu=--cpu=$MMSIM_TEST_CPU
	shift 2
	[[ -x $MMSIMFS ]] || fail "no mmsimfs at $MMSIMFS (set MMSIM_BIN_DIR)"
	[[ " $*" != *" --cpu="* ]] || cpu=
	start_daemon "$dir" "$log" $cpu "$@"
	MMSIM_ARGS+=("$cpu $*")
	MMSIM_MOUNTS+=("$dir")
	MMSIM_PIDS+=("$MMSIM_DAEMON_PID")
	MMSIM_LOGS+=("$log")
	# A bounded wait for the mount, not a timing assertion.
	for ((i = 0; i < 400; i++)); do
		[[ -e $dir/ctl ]] && break
		if ! kill -0 "$MMSIM_DAEMON_PID" 2>/dev/null; then
			fail "mmsimfs $* exited before mounting; its log:
$(cat "$log")"
		fi
		sleep 0.05
	done
	[[ -e $dir/ctl ]] || fail "mmsimfs did not mount $dir; its log:
$(cat "$log")"
	export MMSIM_MOUNT=$dir
}

# mount_machine [OPTIONS...]: mount a fresh machine on a new temporary
# directory (see mount_machine_in).
mount_machine() {
	local dir
	dir=$(mktemp -d /tmp/mmsim-bats.XXXXXX)
	mount_machine_in "$dir" "$dir.log" "$@"
}

# sanitizer_report LOG: print the sanitizer lines of a daemon log, if any.
sanitizer_report() {
	grep -E 'ERROR: AddressSanitizer|runtime error:|LeakSanitizer|ERROR: UndefinedBehavior' "$1"
}

# alive PID: the process runs (a zombie waiting for us counts as gone).
alive() {
	local state
	state=$(awk '{ print $3 }' "/proc/$1/stat" 2>/dev/null) || return 1
	[[ -n $state && $state != Z ]]
}

# wait_daemon PID: wait (bounded) for a daemon of this shell to exit; set
# MMSIM_WAIT_RC to its exit status, or "hung" when it had to be killed.
# (Not for $(...): only this shell, the daemon's parent, can wait for it.)
wait_daemon() {
	local pid=$1 i
	for ((i = 0; i < 600; i++)); do
		alive "$pid" || break
		sleep 0.05
	done
	if alive "$pid"; then
		kill -KILL "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null || true
		MMSIM_WAIT_RC=hung
		return 0
	fi
	MMSIM_WAIT_RC=0
	wait "$pid" 2>/dev/null || MMSIM_WAIT_RC=$?
	return 0
}

# mount_index [DIR]: the index of a mounted machine (default: the newest).
mount_index() {
	local dir=${1:-$MMSIM_MOUNT} i
	for i in "${!MMSIM_MOUNTS[@]}"; do
		[[ ${MMSIM_MOUNTS[$i]} == "$dir" ]] && { echo "$i"; return 0; }
	done
	return 1
}

# daemon_pid [DIR]: the daemon serving a machine (default: the newest).
daemon_pid() {
	local i
	i=$(mount_index "${1:-}") || return 1
	echo "${MMSIM_PIDS[$i]}"
}

# daemon_log [DIR]: the log of the daemon serving a machine.
daemon_log() {
	local i
	i=$(mount_index "${1:-}") || return 1
	echo "${MMSIM_LOGS[$i]}"
}

# finish_daemon INDEX: after the machine was asked to go away (unmount or
# signal), wait for its daemon and judge how it ended; forget the mount.
# Sets MMSIM_PROBLEM to what went wrong ("" if nothing).
finish_daemon() {
	local i=$1 dir=${MMSIM_MOUNTS[$1]} pid=${MMSIM_PIDS[$1]}
	local log=${MMSIM_LOGS[$1]} rc
	MMSIM_PROBLEM=""
	wait_daemon "$pid"
	rc=$MMSIM_WAIT_RC
	if [[ $rc != 0 ]]; then
		MMSIM_PROBLEM+="mmsimfs exited with status $rc; its log:
$(tail -n 60 "$log")
"
	elif [[ -n $(sanitizer_report "$log") ]]; then
		MMSIM_PROBLEM+="sanitizer report in the daemon log:
$(tail -n 80 "$log")
"
	fi
	if mountpoint -q "$dir"; then
		MMSIM_PROBLEM+="$dir is still mounted after the daemon exited
"
		fusermount3 -u -z "$dir" 2>/dev/null
	fi
	rmdir "$dir" 2>/dev/null
	rm -f "$log"
	unset "MMSIM_MOUNTS[$i]" "MMSIM_PIDS[$i]" "MMSIM_LOGS[$i]" "MMSIM_ARGS[$i]"
	return 0
}

# unmount_one INDEX: fusermount3 -u, then finish_daemon.
unmount_one() {
	local i=$1 out
	if ! out=$(fusermount3 -u "${MMSIM_MOUNTS[$i]}" 2>&1); then
		kill -TERM "${MMSIM_PIDS[$i]}" 2>/dev/null
		finish_daemon "$i"
		MMSIM_PROBLEM="fusermount3 -u failed: $out
$MMSIM_PROBLEM"
		return 0
	fi
	finish_daemon "$i"
}

# unmount_machine [DIR]: unmount a machine (default: the newest); fail
# unless the daemon exited 0 with no sanitizer report in its log.
unmount_machine() {
	local i
	i=$(mount_index "${1:-}") || fail "unmount_machine: ${1:-$MMSIM_MOUNT} is not mounted by this test"
	unmount_one "$i"
	[[ -z $MMSIM_PROBLEM ]] || fail "$MMSIM_PROBLEM"
}

# mmsim_setup [OPTIONS...]: the usual setup(): one fresh machine.
mmsim_setup() {
	mount_machine "$@"
}

# replay_check I: mount a second machine with the options of mount I and
# --replay of its journal; print "ok" when it is the same machine
# (replay_compare.py), else what differs.
replay_check() {
	local i=$1 dir journal log out pid k
	dir=$(mktemp -d /tmp/mmsim-replay.XXXXXX)
	journal=$dir.journal
	log=$dir.log
	cp "${MMSIM_MOUNTS[$i]}/journal" "$journal"
	# shellcheck disable=SC2086
	env --default-signal=INT "$MMSIMFS" -f ${MMSIM_ARGS[$i]} $MMSIM_FS_ARGS \
		--replay="$journal" "$dir" </dev/null >"$log" 2>&1 3>&- &
	pid=$!
	for ((k = 0; k < 600; k++)); do
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

# mmsim_teardown: the usual teardown(): on every machine still mounted,
# `check` must answer `ok`, and a machine replayed from its journal must
# be the same machine (unless MMSIM_REPLAY_CHECK=0); then each is
# unmounted cleanly. Everything is unmounted even when something fails
# on the way.
mmsim_teardown() {
	local i out problems=""
	cd / || true	# a test left inside the mount would make it busy
	for i in "${!MMSIM_MOUNTS[@]}"; do
		out=$("$MMCTL" -m "${MMSIM_MOUNTS[$i]}" check 2>&1)
		[[ $out == ok ]] ||
			problems+="check on ${MMSIM_MOUNTS[$i]} at the end of the test: $out"$'\n'
		[[ ${MMSIM_REPLAY_CHECK:-1} == 0 ]] && continue
		out=$(replay_check "$i")
		[[ $out == ok ]] ||
			problems+="the machine replayed from ${MMSIM_MOUNTS[$i]}/journal differs: $out"$'\n'
	done
	for i in "${!MMSIM_MOUNTS[@]}"; do
		unmount_one "$i"
		problems+=$MMSIM_PROBLEM
	done
	[[ -z $problems ]] || fail "$problems"
}

# ---- driving the machine ----

# mm ARGS...: mmctl against the newest machine.
mm() {
	"$MMCTL" -m "$MMSIM_MOUNT" "$@"
}

# mmok ARGS...: run mmctl, fail the test unless it succeeds; print its
# output (for $(...) captures).
mmok() {
	local out rc
	out=$("$MMCTL" -m "$MMSIM_MOUNT" "$@" 2>&1)
	rc=$?
	if ((rc != 0)); then
		echo "mmctl $* failed with status $rc: $out" >&2
		return 1
	fi
	printf '%s\n' "$out"
}

# must ARGS...: as mmok, but aborts the test (for use outside $(...)).
must() {
	run -0 mm "$@"
}

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

# hex N: N as 0x lowercase hex.
hex() {
	printf '0x%x\n' "$(($1))"
}

# page_addr BASE N: the address of page N of an area at BASE.
page_addr() {
	printf '0x%x\n' "$(($1 + $2 * PAGE))"
}

# view PID NAME: a per-process file's path.
view() {
	echo "$MMSIM_MOUNT/$1/$2"
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

# vma_block PID START: the smaps block of the VMA starting at START.
vma_block() {
	local start
	start=$(printf '%08x' "$(($2))")
	awk -v s="$start-" '
		/^[0-9a-f]+-[0-9a-f]+ / { on = (index($0, s) == 1) }
		on' "$(view "$1" smaps)"
}

# smaps_field PID ADDR FIELD: one field of the VMA starting at ADDR, as
# printed after the colon with spaces squeezed ("16 kB", "rd wr mr mw me ac").
smaps_field() {
	vma_block "$1" "$2" | awk -v f="$3:" '
		$1 == f { $1 = ""; sub(/^ +/, ""); sub(/ +$/, ""); print; exit }'
}

# status_field PID FIELD: the value of one status line, spaces squeezed.
status_field() {
	awk -v f="$2:" '$1 == f { $1 = ""; sub(/^[ \t]+/, ""); print; exit }' \
		"$(view "$1" status)"
}

# meminfo_kb FIELD: one meminfo value, in kB (the number only).
meminfo_kb() {
	awk -v f="$1:" '$1 == f { print $2; exit }' "$MMSIM_MOUNT/meminfo"
}

# vmstat_val NAME: one vmstat counter.
vmstat_val() {
	awk -v f="$1" '$1 == f { print $2; exit }' "$MMSIM_MOUNT/vmstat"
}

# pagemap_entry PID ADDR [N]: decoded pagemap entries from ADDR.
pagemap_entry() {
	io pagemap "$(view "$1" pagemap)" "$2" "${3:-1}"
}

# pagemap_pfn PID ADDR: the PFN that maps ADDR.
pagemap_pfn() {
	pagemap_entry "$1" "$2" | sed -n 's/.*pfn=\([0-9]*\)$/\1/p'
}

# kpage FILE PFN: the kpagecount or kpageflags word of a frame.
kpage() {
	io u64 "$MMSIM_MOUNT/$1" "$2"
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
