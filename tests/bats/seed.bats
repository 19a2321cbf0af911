#!/usr/bin/env bats
# seed.bats - --seed=N shuffles the buddy allocator's free lists at boot
# (mm/shuffle.c, page_alloc.shuffle=1): the frames a workload gets depend
# on the seed, the same seed always gives the same frames, and seed 0 (the
# default) hands frames out in address order.

load helpers

setup() { :; }
teardown() { mmsim_teardown; }

# frames_of MOUNT: map and write 16M in a fresh process, print the PFN of
# one page in every MiB of it.
frames_of() {
	local c="$MMCTL -m $1" a i
	$c spawn >/dev/null || return 1
	a=$($c 2 mmap 0 16M rw- private,anonymous) || return 1
	$c 2 touch "$a" 16M w >/dev/null || return 1
	for ((i = 0; i < 16; i++)); do
		io pagemap "$1/2/pagemap" "$(printf '0x%x' $((a + i * 0x100000)))" |
			sed 's/.*pfn=//'
	done | tr '\n' ' '
}

@test "seed 0: frames are handed out in address order" {
	mount_machine --mem=64M
	run -0 frames_of "$MMSIM_MOUNT"
	# Frames rise with addresses, 256 a MiB, plus one page-table frame
	# taken every 2 MiB (a PTE table maps 2 MiB). The first is 41: init's
	# slabs (33 frames) and pgd, PID 2's pgd, the first anon_vma's and
	# anon_vma_chain's slabs and three tables come before it.
	assert_output "41 297 554 810 1067 1323 1580 1836 2093 2349 2606 2862 3119 3375 3632 3888 "
}

@test "seed N: the same seed gives the same frames, another seed others" {
	mount_machine --mem=64M --seed=1
	local one=$MMSIM_MOUNT
	mount_machine --mem=64M --seed=1
	local again=$MMSIM_MOUNT
	mount_machine --mem=64M --seed=2
	local two=$MMSIM_MOUNT
	mount_machine --mem=64M
	local none=$MMSIM_MOUNT
	a=$(frames_of "$one") || fail "scenario failed on $one"
	b=$(frames_of "$again") || fail "scenario failed on $again"
	c=$(frames_of "$two") || fail "scenario failed on $two"
	d=$(frames_of "$none") || fail "scenario failed on $none"
	assert_equal "$a" "$b"
	[[ $a != "$c" ]] || fail "seeds 1 and 2 gave the same frames: $a"
	[[ $a != "$d" ]] || fail "seed 1 gave the unshuffled frames: $a"
	# Every view that shows PFNs is identical for the same seed.
	cmp "$one/kpageflags" "$again/kpageflags"
	cmp "$one/kpagecount" "$again/kpagecount"
	cmp "$one/2/smaps" "$again/2/smaps"
}

@test "seed: a bad value is refused" {
	run "$MMSIMFS" --seed=abc "$(mktemp -d)"
	assert_failure 1
	assert_output --partial "--seed=abc: not a number"
}
