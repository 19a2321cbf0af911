#!/usr/bin/env bats
# many_vmas.bats - the readers on a process with 601 VMAs, whose smaps
# (about 430 KB) takes many reads: smem, pmap and psutil must still see
# every VMA exactly once, with the numbers of the views.

load readers_helpers

setup() {
	scratch_dir
	mount_machine_at "$READERS_SCRATCH/proc"
}
teardown() { readers_teardown; }

# striped_process: PID with a 2400K area, all written, every other page
# made r-- (one ctl write of 300 mprotect commands): 600 VMAs that cannot
# merge, and the stack. Sets PID and AREA.
striped_process() {
	local i cmds=""
	PID=$(mmok spawn striped) || fail "spawn"
	AREA=$(mmok "$PID" mmap 0 2400K rw- private,anonymous) || fail "mmap"
	must "$PID" touch "$AREA" 2400K w
	for ((i = 0; i < 600; i += 2)); do
		cmds+="mprotect $(page_addr "$AREA" "$i") 4K r--"$'\n'
	done
	run -0 ctlio "$(view "$PID" ctl)" "$cmds"
	assert_line --index 0 "write: ${#cmds}"
	run -0 wc -l <"$(view "$PID" maps)"
	assert_output 601
}

@test "many VMAs: smem counts 601 maps and the smaps totals" {
	striped_process
	run -0 bash -c 'smem -S "$1" -H -c "pid uss pss rss vss maps" -P striped | sed -E "s/[[:space:]]+/ /g; s/^ //; s/ $//"' _ "$READERS_SCRATCH"
	assert_output "$PID 2400 2400 2400 2532 601"
	assert_equal "$(procview totals "$MMSIM_MOUNT" "$PID")" \
		"uss=2400 pss=2400 rss=2400 swap=0 vss=2532 maps=601"
}

@test "many VMAs: pmap -x and -XX list each VMA once, with smaps' numbers" {
	need_root
	striped_process
	local opt header
	run -0 as_proc 'pmap -x "$1"' "$PID"
	assert_equal "$(squeeze <<<"$output")" "$(procview pmap-x "$MMSIM_MOUNT" "$PID")"
	assert_equal "${#lines[@]}" 605
	run -0 as_proc 'pmap -XX "$1"' "$PID"
	output=$(no_rules <<<"$output")
	header=$(sed -n 2p <<<"$output")
	assert_equal "$output" "$(procview pmap-X "$MMSIM_MOUNT" "$PID" "$header")"
}

@test "many VMAs: psutil memory_maps has 601 entries equal to smaps" {
	local py
	py=$(psutil_python) || fail "no python3 with psutil"
	striped_process
	run -0 "$py" "$PSUTIL_PROBE" "$MMSIM_MOUNT" "$PID"
	assert_output "$(procview psutil "$MMSIM_MOUNT" "$PID")"
	assert_line "memory_maps count=601"
	assert_line "memory_full_info uss=$((2400 * 1024)) pss=$((2400 * 1024)) swap=0"
}
