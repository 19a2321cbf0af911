#!/usr/bin/env bats
# stress.bats - the stress test (stress.py) as a bats suite: writers and
# readers (8 and 4 by default) on one mount for a bounded time; passes
# when nothing crashes or hangs, every reply and view read is well formed,
# `check` answers ok at the end, and the daemon unmounts cleanly with exit
# 0 and no sanitizer (LeakSanitizer included) report in its log.
#
# Environment:
#   MMSIM_BIN_DIR         the build directory (default: ../../build from here)
#   MMSIM_FS_ARGS         extra daemon options (e.g. --debug-vm)
#   MMSIM_STRESS_SECONDS  how long the workers run (default 40)
#   MMSIM_STRESS_SEED     the random seed (default: the time; it is printed)
#   MMSIM_STRESS_WRITERS, MMSIM_STRESS_READERS
#                         how many of each (default 8 and 4); the long run
#                         of issue 8 is 16 and 8 for 180 s on the ASan
#                         build with --debug-vm

bats_require_minimum_version 1.5.0

MMSIM_BIN_DIR=${MMSIM_BIN_DIR:-"$BATS_TEST_DIRNAME/../../build"}

@test "stress: writers and readers on one mount stay well formed, then check ok and unmount clean" {
	local args=(--bin-dir "$MMSIM_BIN_DIR" --seconds "${MMSIM_STRESS_SECONDS:-40}"
		--writers "${MMSIM_STRESS_WRITERS:-8}" --readers "${MMSIM_STRESS_READERS:-4}")
	local a
	[[ -n ${MMSIM_STRESS_SEED:-} ]] && args+=(--seed "$MMSIM_STRESS_SEED")
	# The pinned machine description of the other suites (helpers.bash).
	args+=("--daemon-arg=--cpu=${MMSIM_TEST_CPU:-default}")
	for a in ${MMSIM_FS_ARGS:-}; do
		args+=("--daemon-arg=$a")
	done
	run timeout $((${MMSIM_STRESS_SECONDS:-40} + 600)) python3 "$BATS_TEST_DIRNAME/stress.py" "${args[@]}"
	echo "$output"
	[ "$status" -eq 0 ]
	[[ ${lines[-1]} == "stress: PASS "* ]]
}
