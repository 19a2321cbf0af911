# readers_helpers.bash - shared by the readers suites (tests/readers): real
# /proc readers (smem, pmap, psutil) run unchanged on a mounted machine,
# bytes through mem and COW, and determinism across mounts.
#
# Builds on tests/bats/helpers.bash (mounting, mmctl, view decoding) and
# adds: mounting a machine at a chosen directory (smem wants DIR/proc),
# the python that has psutil, running a command with the mount bound over
# /proc in a private mount namespace, and the scenarios the suites share.

load ../bats/helpers

# The shared helpers look for mmsim_io.py next to the suite being run.
MMSIM_IO="$BATS_TEST_DIRNAME/../bats/mmsim_io.py"

PROCVIEW="$BATS_TEST_DIRNAME/procview.py"
PSUTIL_PROBE="$BATS_TEST_DIRNAME/psutil_probe.py"

# psutil_python: the first python3 that imports psutil (the Debian package
# installs it for /usr/bin/python3, which a pyenv shim may hide).
psutil_python() {
	local py
	for py in ${MMSIM_PSUTIL_PYTHON:-} python3 /usr/bin/python3; do
		if "$py" -c 'import psutil' 2>/dev/null; then
			echo "$py"
			return 0
		fi
	done
	return 1
}

# procview SUBCOMMAND ARGS...: what a reader should print, from the views.
procview() {
	python3 "$PROCVIEW" "$@"
}

# mount_machine_at DIR [OPTIONS...]: as mount_machine, but on DIR (created
# here; it must not be in use). The machine is registered with the shared
# helpers, so mmsim_teardown checks and unmounts it like any other.
mount_machine_at() {
	local dir=$1
	shift
	mkdir -p "$dir" || fail "cannot create $dir"
	mount_machine_in "$dir" "$(mktemp "$MMSIM_MOUNT_BASE/mmsim-readers-log.XXXXXX")" "$@"
}

# readers_teardown: mmsim_teardown (check = ok on every machine, clean
# unmounts, daemons exit 0), then remove this test's scratch directory.
readers_teardown() {
	mmsim_teardown
	[[ -z ${READERS_SCRATCH:-} ]] || rm -rf "$READERS_SCRATCH"
}

# scratch_dir: a fresh directory for this test, removed by teardown.
scratch_dir() {
	READERS_SCRATCH=$(mktemp -d "$MMSIM_MOUNT_BASE/mmsim-readers.XXXXXX")
}

# as_proc CMD...: run CMD (a shell command string, "$1" inside is the
# first argument after it) in a private mount namespace where the newest
# mount is bound over /proc, as a user would run pmap on the tree.
as_proc() {
	local cmd=$1
	shift
	unshare --mount --propagation private \
		bash -c 'mount --bind "$0" /proc || exit 99; shift; '"$cmd" \
		"$MMSIM_MOUNT" _ "$@"
}

# need_root: unshare --mount and mount --bind need CAP_SYS_ADMIN.
need_root() {
	[[ $EUID -eq 0 ]] || skip "needs root (unshare --mount, mount --bind)"
}

# squeeze: whitespace runs become one space, no leading/trailing blanks.
squeeze() {
	sed -E 's/[[:space:]]+/ /g; s/^ //; s/ $//'
}

# no_rules: squeeze, and each "====" rule of pmap -X as one "=" (pmap
# widens its rules to the widest value of the column).
no_rules() {
	squeeze | sed -E 's/=+/=/g'
}

# ---- scenarios ----

# scenario_family: the usual picture of sharing after fork. Sets A B C
# (PIDs) and P S Q (areas):
#   A "alpha": P = 64K private anonymous, all written (16 pages);
#              S = 32K shared anonymous, first 16K written (4 shmem pages)
#   B = fork of A: writes the first 8K of P (2 COW copies), reads 24K of
#              S (the 4 pages A wrote, and 2 new shmem pages)
#   C "gamma": Q = 128K private anonymous, all read (zero page), then the
#              first 40K written (10 pages)
# Per process (kB), from Linux's rules (the zero page is never counted):
#   A: RSS 64+16 = 80, PSS 14*4/2+2*4 + 4*4/2 = 44, USS 8
#   B: RSS 64+24 = 88, PSS 28+8 + 8+8 = 52, USS 8+8 = 16
#   C: RSS 40, PSS 40, USS 40; init: 0 0 0
scenario_family() {
	A=$(mmok spawn alpha) || fail "spawn alpha"
	P=$(mmok "$A" mmap 0 64K rw- private,anonymous) || fail "mmap P"
	S=$(mmok "$A" mmap 0 32K rw- shared,anonymous) || fail "mmap S"
	mmok "$A" touch "$P" 64K w >/dev/null || fail "touch P"
	mmok "$A" touch "$S" 16K w >/dev/null || fail "touch S"
	B=$(mmok "$A" fork) || fail "fork"
	mmok "$B" touch "$P" 8K w >/dev/null || fail "B touch P"
	mmok "$B" touch "$S" 24K r >/dev/null || fail "B touch S"
	C=$(mmok spawn gamma) || fail "spawn gamma"
	Q=$(mmok "$C" mmap 0 128K rw- private,anonymous) || fail "mmap Q"
	mmok "$C" touch "$Q" 128K r >/dev/null || fail "C touch Q r"
	mmok "$C" touch "$Q" 40K w >/dev/null || fail "C touch Q w"
}

# scenario_thirds: 4 pages shared by 3 processes, in 2 VMAs of 2 pages, so
# that PSS rounding shows: each page adds (4096 << 12) / 3 to the PSS
# accumulator. Per VMA: 2 * 5592405 >> 12 = 2730 bytes = 2 kB in smaps;
# smaps_rollup accumulates all VMAs first: 4 * 5592405 >> 12 = 5461
# bytes = 5 kB. Sets A B D (PIDs) and R (area, 16K: rw- then r--).
scenario_thirds() {
	A=$(mmok spawn third) || fail "spawn"
	R=$(mmok "$A" mmap 0 16K rw- private,anonymous) || fail "mmap R"
	mmok "$A" touch "$R" 16K w >/dev/null || fail "touch R"
	mmok "$A" mprotect "$(page_addr "$R" 2)" 8K r-- >/dev/null ||
		fail "mprotect R"
	B=$(mmok "$A" fork) || fail "fork B"
	D=$(mmok "$A" fork) || fail "fork D"
}
