#!/usr/bin/env bats
# library.bats - the bats library for autograders (lib/bats/mmsim,
# mmsim-bats(7)): its decoders agree with mmsim_io.py's, its assertions
# pass and fail where they should and say why, and the example
# autograder (examples/autograder) passes the reference solution and
# fails a wrong one.

load helpers

setup() { mmsim_setup; }
teardown() { mmsim_teardown; }

LIB_DIR="$BATS_TEST_DIRNAME/../../lib/bats"
EXAMPLE="$BATS_TEST_DIRNAME/../../examples/autograder"

# fresh_bats ARGS...: bats as a user runs it: none of this run's BATS_
# variables, the library in BATS_LIB_PATH.
fresh_bats() {
	local v unset=()
	for v in $(compgen -e | grep '^BATS_'); do
		unset+=(-u "$v")
	done
	env "${unset[@]}" BATS_LIB_PATH="$LIB_DIR:/usr/lib/bats" \
		MMSIM_MOUNT_BASE="${INNER_BASE:-$MMSIM_MOUNT_BASE}" bats --tap "$@"
}

# in_bats SCRIPT: run a bats file made of SCRIPT that loads the library
# as an autograder does (bats_load_library mmsim), on its own machines.
# SCRIPT spells its tests "%test", which this file's own preprocessing
# leaves alone.
in_bats() {
	local f=$BATS_TEST_TMPDIR/t.bats
	printf '%s\n' "bats_load_library mmsim" \
		"setup() { mmsim_setup; }" "teardown() { mmsim_teardown; }" \
		"${1//%test/@test}" >"$f"
	fresh_bats "$f"
}

@test "library: pagemap_entry decodes as mmsim_io.py does, bit 63 included" {
	spawn_with_area 16K
	must "$PID" touch "$AREA" 8K w
	must "$PID" touch "$(page_addr "$AREA" 2)" 4K r
	local child
	child=$(mmok "$PID" fork)
	run -0 pagemap_entry "$PID" "$AREA" 4
	assert_output "$(io pagemap "$(view "$PID" pagemap)" "$AREA" 4)"
	assert_line --index 0 --regexp '^present=1 swapped=0 file=0 exclusive=0 softdirty=. pfn=[1-9][0-9]*$'
	assert_line --index 2 "present=1 swapped=0 file=0 exclusive=0 softdirty=$(test_cpu_has soft_dirty && echo 1 || echo 0) pfn=0"
	assert_line --index 3 --regexp '^present=0 .* pfn=0$'
	run -0 kpage kpagecount "$(pagemap_pfn "$child" "$AREA")"
	assert_output 2
}

@test "library: assert_cow_shared and assert_exclusive pass and fail with the reason" {
	run -1 in_bats '
%test "cow" {
	pid=$(mmsim_spawn)
	addr=$(mm "$pid" mmap 0 8K rw- private,anonymous)
	mm "$pid" touch "$addr" 8K w
	child=$(mm "$pid" fork)
	assert_cow_shared "$pid" "$child" "$addr"
	mm "$child" touch "$addr" 4K w
	assert_exclusive "$child" "$addr"
	assert_exclusive "$pid" "$addr"
	assert_equal "$(smaps_field "$pid" "$addr" Rss)" "8 kB"
	assert_check_ok
}
%test "not shared" {
	pid=$(mmsim_spawn)
	addr=$(mm "$pid" mmap 0 4K rw- private,anonymous)
	mm "$pid" touch "$addr" 4K w
	child=$(mm "$pid" fork)
	mm "$child" touch "$addr" 4K w
	assert_cow_shared "$pid" "$child" "$addr"
}
%test "not exclusive" {
	pid=$(mmsim_spawn)
	addr=$(mm "$pid" mmap 0 4K rw- private,anonymous)
	mm "$pid" touch "$addr" 4K w
	mm "$pid" fork
	assert_exclusive "$pid" "$addr"
}
%test "not present" {
	pid=$(mmsim_spawn)
	addr=$(mm "$pid" mmap 0 4K rw- private,anonymous)
	assert_exclusive "$pid" "$addr"
}'
	assert_line "ok 1 cow"
	assert_line "not ok 2 not shared"
	assert_line --regexp "^# page 0x7ffff7ffe000 is frame [0-9]+ in PID 2 but frame [0-9]+ in PID 3: not shared$"
	assert_line "not ok 3 not exclusive"
	assert_line --regexp "^# page 0x7ffff7ffe000 of PID 2 is not present and exclusive: present=1 .*exclusive=0"
	assert_line "not ok 4 not present"
	assert_line --regexp "^# page 0x7ffff7ffe000 of PID 2 is not present and exclusive: present=0 "
}

@test "library: a machine per test under MMSIM_MOUNT_BASE, pinned, every one unmounted" {
	INNER_BASE=$BATS_TEST_TMPDIR/base run -0 in_bats '
%test "left inside" {
	cd "$MMSIM_MOUNT/1"
}
%test "mounts under MMSIM_MOUNT_BASE, pinned" {
	[[ $MMSIM_MOUNT == "$MMSIM_MOUNT_BASE"/mmsim-bats.* ]]
	run -1 grep -w pku "$MMSIM_MOUNT/cpuinfo"
}'
	assert_line "ok 1 left inside"
	assert_line "ok 2 mounts under MMSIM_MOUNT_BASE, pinned"
	# The library left the mounts (it cds out first) and removed them.
	run -0 bash -c "ls -d '$BATS_TEST_TMPDIR'/base/mmsim-bats.* 2>/dev/null | wc -l"
	assert_output 0
	run -0 in_bats '
%test "a second machine is unmounted too" {
	first=$MMSIM_MOUNT
	mount_machine --mem=64M
	[[ $first != "$MMSIM_MOUNT" ]]
	assert_equal "$(meminfo_kb MemTotal)" 65536
}'
	assert_line "ok 1 a second machine is unmounted too"
}

@test "the example autograder passes the reference solution and fails a wrong one" {
	run -0 fresh_bats "$EXAMPLE/autograder.bats"
	assert_line "1..5"
	refute_line --partial "not ok"
	# A child that writes page 1 instead of page 2.
	sed 's/area + 2 \* 4096/area + 1 * 4096/' "$EXAMPLE/solution.sh" >"$BATS_TEST_TMPDIR/wrong.sh"
	chmod +x "$BATS_TEST_TMPDIR/wrong.sh"
	SOLUTION="$BATS_TEST_TMPDIR/wrong.sh" run -1 fresh_bats "$EXAMPLE/autograder.bats"
	assert_line "ok 1 the solution printed two live processes and the area"
	assert_line "not ok 2 pages 0, 1 and 3 are still shared copy-on-write"
	assert_line "not ok 3 page 2 is exclusive in each process, in two frames"
	assert_line "ok 5 the machine is consistent"
}
