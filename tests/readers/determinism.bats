#!/usr/bin/env bats
# determinism.bats - issue 3, part 4: the same commands on fresh mounts
# with the same options give byte-identical views: maps, smaps,
# smaps_rollup, status, statm, comm, cmdline, pagemap with its PFNs,
# kpagecount, kpageflags and meminfo, compared with cmp. A control run
# with one command more proves the comparison can see a difference.

load readers_helpers

setup() { scratch_dir; }
teardown() { readers_teardown; }

# busy_script [EXTRA]: a scenario that exercises every path that allocates
# frames or page tables: brk, private and shared anonymous memory, holes
# from munmap, mprotect splits, fork and COW over three generations, a
# mem write, mremap moves, madvise, mlock, the zero page, a SIGSEGV death,
# exit and wait with reparenting, clear_refs 1 and 4 (soft-dirty) before
# more faults. Runs against $MMSIM_MOUNT.
# EXTRA "more" adds one write fault at the end (the control run).
busy_script() {
	local a b c e p s q m
	a=$(mmok spawn alpha) || return 1
	mmok "$a" brk 0x55555555f000 >/dev/null || return 1
	mmok "$a" touch 0x555555559000 16K w >/dev/null || return 1
	p=$(mmok "$a" mmap 0 256K rw- private,anonymous) || return 1
	s=$(mmok "$a" mmap 0 64K rw- shared,anonymous) || return 1
	mmok "$a" touch "$p" 256K w >/dev/null || return 1
	mmok "$a" touch "$s" 32K w >/dev/null || return 1
	mmok "$a" munmap $((p + 0x10000)) 16K >/dev/null || return 1
	mmok "$a" mprotect $((p + 0x20000)) 32K r-- >/dev/null || return 1
	b=$(mmok "$a" fork) || return 1
	mmok "$b" touch "$p" 32K w >/dev/null || return 1
	mmok "$b" store $((p + 0x32000)) '"child"' >/dev/null || return 1
	mmok "$a" touch $((p + 0x18000)) 16K w >/dev/null || return 1
	m=$(mmok "$a" mremap $((p + 0x28000)) 32K 96K maymove) || return 1
	mmok "$a" touch "$m" 96K w >/dev/null || return 1
	mmok "$a" madvise $((p + 0x38000)) 8K dontneed >/dev/null || return 1
	c=$(mmok "$b" fork) || return 1
	mmok "$c" touch "$s" 64K w >/dev/null || return 1
	q=$(mmok "$c" mmap 0 1M rw- private,anonymous) || return 1
	mmok "$c" touch "$q" 1M r >/dev/null || return 1
	mmok "$c" touch "$q" 100K w >/dev/null || return 1
	mmok "$c" mlock "$q" 64K >/dev/null || return 1
	io pwrite "$(view "$c" mem)" $((p + 0x4000)) 6d656d >/dev/null || return 1
	mmok "$b" exit 7 >/dev/null || return 1
	[[ $(mmok "$a" wait "$b") == "$b 7" ]] || return 1
	e=$(mmok spawn doomed) || return 1
	mmok "$e" mmap 0 64K rw- private,anonymous >/dev/null || return 1
	# The fatal access kills e: mmctl exits 4 with the signal.
	local sig rc=0
	sig=$("$MMCTL" -m "$MMSIM_MOUNT" "$e" touch 0x10000 4K w) || rc=$?
	[[ $sig == "SIGSEGV SEGV_MAPERR 0x10000" && $rc == 4 ]] || return 1
	echo 1 >"$(view "$a" clear_refs)" || return 1
	echo 4 >"$(view "$c" clear_refs)" || return 1
	mmok "$c" touch "$p" 8K r >/dev/null || return 1
	mmok "$c" touch $((q + 0x40000)) 8K w >/dev/null || return 1
	if [[ ${1:-} == more ]]; then
		mmok "$c" touch $((q + 0x80000)) 4K w >/dev/null || return 1
	fi
	return 0
}

# run_and_dump DIR OUT [OPTIONS...] [-- EXTRA]: mount a fresh machine on
# DIR with OPTIONS, run busy_script EXTRA, dump its views into OUT.
run_and_dump() {
	local dir=$1 out=$2 extra=
	shift 2
	local opts=()
	while (($#)); do
		[[ $1 == -- ]] && { extra=$2; break; }
		opts+=("$1")
		shift
	done
	mount_machine_at "$dir" "${opts[@]}"
	busy_script "$extra" || fail "the scenario failed on $dir"
	procview dump "$dir" "$out" || fail "dump of $dir failed"
}

# compare_dumps D1 D2: the same files, each byte-identical (cmp); prints
# the files that differ.
compare_dumps() {
	local f bad=""
	run diff <(cd "$1" && find . -type f | LC_ALL=C sort) <(cd "$2" && find . -type f | LC_ALL=C sort)
	[[ $status -eq 0 ]] || { echo "different file lists: $output"; return 1; }
	while read -r f; do
		cmp -s "$1/$f" "$2/$f" || bad+="$f "
	done < <(cd "$1" && find . -type f | LC_ALL=C sort)
	[[ -z $bad ]] || { echo "differ: $bad"; return 1; }
}

# assert_busy D: the dump shows the scenario really ran: 3 processes
# (init, alpha, the grandchild), frames in use, PFNs in the pagemaps.
assert_busy() {
	run -0 ls "$1"
	assert_output "1
2
4
kpagecount
kpageflags
meminfo"
	local anon
	anon=$(awk '$1 == "AnonPages:" { print $2 }' "$1/meminfo")
	((anon > 400)) || fail "AnonPages is only $anon kB"
	run -0 procview pfns "$1/4/pagemap"
	((output > 20)) || fail "only $output distinct PFNs mapped in PID 4"
}

@test "determinism: two mounts side by side, same options, identical views" {
	local opts=(--mem=64M --seed=42 --soft-dirty)
	run_and_dump "$READERS_SCRATCH/m1" "$READERS_SCRATCH/d1" "${opts[@]}"
	run_and_dump "$READERS_SCRATCH/m2" "$READERS_SCRATCH/d2" "${opts[@]}"
	assert_busy "$READERS_SCRATCH/d1"
	run compare_dumps "$READERS_SCRATCH/d1" "$READERS_SCRATCH/d2"
	assert_success
	# Soft-dirty is on: some pages are soft-dirty (bit 55), some not
	# after clear_refs 4.
	run -0 procview softdirty "$READERS_SCRATCH/d1/4/pagemap"
	assert_regex "$output" '^[1-9][0-9]* [1-9][0-9]*$'
	# And the mounts still agree after the dumps were taken.
	run cmp "$READERS_SCRATCH/m1/4/smaps" "$READERS_SCRATCH/m2/4/smaps"
	assert_success
}

@test "determinism: one mount after another, default options, identical views" {
	run_and_dump "$READERS_SCRATCH/m1" "$READERS_SCRATCH/d1"
	unmount_machine "$READERS_SCRATCH/m1"
	run_and_dump "$READERS_SCRATCH/m2" "$READERS_SCRATCH/d2"
	assert_busy "$READERS_SCRATCH/d2"
	run compare_dumps "$READERS_SCRATCH/d1" "$READERS_SCRATCH/d2"
	assert_success
}

@test "determinism: the control run with one write fault more differs" {
	run_and_dump "$READERS_SCRATCH/m1" "$READERS_SCRATCH/d1" --seed=3
	run_and_dump "$READERS_SCRATCH/m2" "$READERS_SCRATCH/d2" --seed=3 -- more
	run compare_dumps "$READERS_SCRATCH/d1" "$READERS_SCRATCH/d2"
	assert_failure
	# One page more for PID 4: its maps are the same, its counts not.
	assert_output "differ: ./4/pagemap ./4/smaps ./4/smaps_rollup ./4/statm ./4/status ./kpagecount ./kpageflags ./meminfo "
}
