# mmsim - a bats library for tests and course autograders on a simulated
# machine: mount and unmount fixtures (a private machine per test), mmctl
# shortcuts, and decoders of the views (smaps fields, pagemap entries,
# kpagecount, status, meminfo) with assertions on sharing after fork.
# See mmsim-bats(7).
#
# Load it with `bats_load_library mmsim` (installed by meson install in
# PREFIX/lib/bats/mmsim; add PREFIX/lib/bats to BATS_LIB_PATH unless the
# prefix is /usr), or with `load mmsim` from a copy next to the test file.
#
#     bats_load_library mmsim
#     setup()    { mmsim_setup; }       # one fresh machine per test
#     teardown() { mmsim_teardown; }    # check = ok, clean unmount
#
#     @test "fork shares the page until the child writes it" {
#         pid=$(mmsim_spawn)
#         addr=$(mm "$pid" mmap 0 4K rw- private,anonymous)
#         mm "$pid" touch "$addr" 4K w
#         child=$(mm "$pid" fork)
#         assert_cow_shared "$pid" "$child" "$addr"
#         mm "$child" touch "$addr" 4K w
#         assert_exclusive "$child" "$addr"
#     }
#
# Environment:
#   MMSIM_BIN_DIR    where mmsimfs and mmctl are (directly, or in fs/ and
#                    ctl/ of a meson build directory); default: PATH
#   MMSIM_MOUNT_BASE the directory the machines are mounted under, one new
#                    directory per mount (default: $TMPDIR, else /tmp)
#   MMSIM_CPU        the machine description of every mount that names no
#                    --cpu= of its own (default: "default", so that one
#                    test gives one result on every host; "host" follows it)
#   MMSIM_FS_ARGS    extra mmsimfs options for every mount

bats_require_minimum_version 1.5.0
bats_load_library bats-support
bats_load_library bats-assert

MMSIM_CPU=${MMSIM_CPU:-default}
MMSIM_FS_ARGS=${MMSIM_FS_ARGS:-}
MMSIM_MOUNT_BASE=${MMSIM_MOUNT_BASE:-${TMPDIR:-/tmp}}

# mmsim_bin NAME SUBDIR: the path of one of the programs.
mmsim_bin() {
	if [[ -z ${MMSIM_BIN_DIR:-} ]]; then
		command -v "$1" || echo "$1"
	elif [[ -x $MMSIM_BIN_DIR/$1 ]]; then
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
# each was mounted with).
MMSIM_ARGS=()
MMSIM_MOUNTS=()
MMSIM_PIDS=()
MMSIM_LOGS=()

# ---- mounting ----

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

# mount_machine_in DIR LOG [OPTIONS...]: start mmsimfs on DIR (logging to
# LOG), with --cpu=$MMSIM_CPU unless OPTIONS name one, register it for
# mmsim_teardown, and wait until its ctl file appears. Exports MMSIM_MOUNT
# (the newest mount).
mount_machine_in() {
	local dir=$1 log=$2 i cpu=--cpu=$MMSIM_CPU
	shift 2
	command -v "$MMSIMFS" >/dev/null ||
		fail "no mmsimfs at $MMSIMFS (install mmsim, or set MMSIM_BIN_DIR)"
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

# mount_machine [OPTIONS...]: mount a fresh machine on a new directory
# under $MMSIM_MOUNT_BASE (see mount_machine_in).
mount_machine() {
	local dir
	mkdir -p "$MMSIM_MOUNT_BASE" || fail "cannot create $MMSIM_MOUNT_BASE"
	dir=$(mktemp -d "$MMSIM_MOUNT_BASE/mmsim-bats.XXXXXX") ||
		fail "cannot make a mount point under $MMSIM_MOUNT_BASE"
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

# mmsim_setup [OPTIONS...]: the setup() fixture: one fresh machine, with
# mmsimfs OPTIONS (e.g. --mem=64M).
mmsim_setup() {
	mount_machine "$@"
}

# mmsim_teardown: the teardown() fixture: on every machine still mounted,
# `check` must answer `ok` (and mmsim_extra_check INDEX, if the test file
# defines it, must print nothing); then each is unmounted cleanly. Every
# machine is unmounted even when something fails on the way.
mmsim_teardown() {
	local i out problems=""
	cd / || true	# a test left inside the mount would make it busy
	for i in "${!MMSIM_MOUNTS[@]}"; do
		out=$("$MMCTL" -m "${MMSIM_MOUNTS[$i]}" check 2>&1)
		[[ $out == ok ]] ||
			problems+="check on ${MMSIM_MOUNTS[$i]} at the end of the test: $out"$'\n'
		if declare -F mmsim_extra_check >/dev/null; then
			problems+=$(mmsim_extra_check "$i")
		fi
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

# mmsim_spawn [COMM]: spawn a process; print its PID.
mmsim_spawn() {
	mmok spawn "$@"
}

# assert_check_ok [DIR]: the invariant checker of a machine (default: the
# newest) answers ok.
assert_check_ok() {
	local out
	out=$("$MMCTL" -m "${1:-$MMSIM_MOUNT}" check 2>&1) ||
		fail "check failed: $out"
	[[ $out == ok ]] || fail "check answered: $out"
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

# u64s FILE INDEX [N] [FMT]: N (default 1) 8-byte words of FILE from word
# INDEX, one a line: unsigned decimal, or hexadecimal with FMT x. (pagemap
# and kpage* have size 0 and do not end: dd seeks and reads exactly what
# is asked.)
u64s() {
	dd if="$1" bs=8 skip="$2" count="${3:-1}" status=none |
		od -An -v -t"${4:-u}"8 -w8 | tr -d ' '
}

# pagemap_entry PID ADDR [N]: N (default 1) pagemap entries from ADDR,
# decoded, one a line:
#   present=1 swapped=0 file=0 exclusive=1 softdirty=0 pfn=1234
# (bits 63, 62, 61, 56 and 55, and the PFN in bits 0-54).
pagemap_entry() {
	local n=${3:-1} e v got=0
	while read -r e; do
		[[ -n $e ]] || continue
		got=$((got + 1))
		v=$((16#$e))	# bash arithmetic is 64-bit: bit 63 is the sign
		printf 'present=%d swapped=%d file=%d exclusive=%d softdirty=%d pfn=%d\n' \
			$((v >> 63 & 1)) $((v >> 62 & 1)) $((v >> 61 & 1)) \
			$((v >> 56 & 1)) $((v >> 55 & 1)) $((v & ((1 << 55) - 1)))
	done < <(u64s "$(view "$1" pagemap)" $(($2 / PAGE)) "$n" x)
	((got == n)) || echo "error: short read of $((got * 8)) bytes"
}

# pagemap_pfn PID ADDR: the PFN that maps ADDR.
pagemap_pfn() {
	pagemap_entry "$1" "$2" | sed -n 's/.*pfn=\([0-9]*\)$/\1/p'
}

# kpage FILE PFN: the kpagecount or kpageflags word of a frame.
kpage() {
	u64s "$MMSIM_MOUNT/$1" "$2"
}

# assert_exclusive PID ADDR: the page at ADDR is present and mapped by PID
# alone: pagemap's exclusively-mapped bit (56) is set and the frame's
# kpagecount is 1.
assert_exclusive() {
	local e pfn
	e=$(pagemap_entry "$1" "$2")
	[[ $e == present=1*exclusive=1* ]] ||
		fail "page $2 of PID $1 is not present and exclusive: $e"
	pfn=${e##*pfn=}
	[[ $(kpage kpagecount "$pfn") == 1 ]] ||
		fail "frame $pfn (page $2 of PID $1) has map count $(kpage kpagecount "$pfn"), not 1"
}

# assert_cow_shared PID1 PID2 ADDR: after fork, both map the page at ADDR
# to one frame, copy-on-write: present in both, the same PFN, neither
# exclusive, and a map count of at least 2.
assert_cow_shared() {
	local a b pa pb
	a=$(pagemap_entry "$1" "$3")
	b=$(pagemap_entry "$2" "$3")
	[[ $a == present=1* ]] || fail "page $3 of PID $1 is not present: $a"
	[[ $b == present=1* ]] || fail "page $3 of PID $2 is not present: $b"
	pa=${a##*pfn=} pb=${b##*pfn=}
	[[ $pa == "$pb" ]] ||
		fail "page $3 is frame $pa in PID $1 but frame $pb in PID $2: not shared"
	[[ $a != *exclusive=1* && $b != *exclusive=1* ]] ||
		fail "page $3 (frame $pa) is marked exclusive: $1: $a; $2: $b"
	(($(kpage kpagecount "$pa") >= 2)) ||
		fail "frame $pa has map count $(kpage kpagecount "$pa"), not 2 or more"
}
