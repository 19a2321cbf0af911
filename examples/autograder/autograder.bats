#!/usr/bin/env bats
# autograder.bats - grades a solution of ASSIGNMENT.md on a fresh machine
# per test, with the mmsim bats library (mmsim-bats(7)). A course copies
# this directory; students hand in solution.sh.
#
#   bats autograder.bats                       # grades ./solution.sh
#   SOLUTION=~/hw3/solution.sh bats autograder.bats
#
# The library comes from `meson install` (PREFIX/lib/bats/mmsim; put
# PREFIX/lib/bats in BATS_LIB_PATH unless PREFIX is /usr).

bats_load_library mmsim

SOLUTION=${SOLUTION:-$BATS_TEST_DIRNAME/solution.sh}

setup() {
	mmsim_setup
	# The solution runs the mmctl the library found, on this machine.
	PATH=$(dirname "$MMCTL"):$PATH
	run -0 --separate-stderr "$SOLUTION"
	read -r PARENT CHILD AREA <<<"$output"
	[[ -n ${AREA:-} ]] || fail "the solution printed '$output', not PARENT CHILD AREA"
}
teardown() { mmsim_teardown; }

@test "the solution printed two live processes and the area" {
	[[ -d $MMSIM_MOUNT/$PARENT && -d $MMSIM_MOUNT/$CHILD ]] ||
		fail "no process $PARENT or $CHILD"
	assert_equal "$(status_field "$CHILD" PPid)" "$PARENT"
	assert_equal "$(cat "$MMSIM_MOUNT/$PARENT/comm")" parent
	assert_equal "$(smaps_field "$PARENT" "$AREA" Size)" "16 kB"
}

@test "pages 0, 1 and 3 are still shared copy-on-write" {
	local n
	for n in 0 1 3; do
		assert_cow_shared "$PARENT" "$CHILD" "$(page_addr "$AREA" "$n")"
	done
}

@test "page 2 is exclusive in each process, in two frames" {
	local p2
	p2=$(page_addr "$AREA" 2)
	assert_exclusive "$PARENT" "$p2"
	assert_exclusive "$CHILD" "$p2"
	[[ $(pagemap_pfn "$PARENT" "$p2") != "$(pagemap_pfn "$CHILD" "$p2")" ]] ||
		fail "page 2 is one frame in both processes"
}

@test "smaps: Rss 16 kB and Pss 10 kB in each process" {
	local pid
	for pid in "$PARENT" "$CHILD"; do
		assert_equal "$(smaps_field "$pid" "$AREA" Rss)" "16 kB"
		assert_equal "$(smaps_field "$pid" "$AREA" Pss)" "10 kB"
		assert_equal "$(smaps_field "$pid" "$AREA" Shared_Dirty)" "12 kB"
		assert_equal "$(smaps_field "$pid" "$AREA" Private_Dirty)" "4 kB"
	done
}

@test "the machine is consistent" {
	assert_check_ok
}
