#!/usr/bin/env bats
# pmap.bats - the real pmap (procps), unchanged, inside a private mount
# namespace with the machine bind-mounted over /proc: `pmap -x`, `-X`,
# `-XX` and `-d` must print, mapping by mapping and in their totals, the
# numbers of the mount's own smaps, and those Linux's rules give.

load readers_helpers

setup() {
	need_root
	command -v pmap >/dev/null || fail "pmap is not installed"
	mmsim_setup
}
teardown() { readers_teardown; }

# pmap_on ARGS...: pmap ARGS with the mount as /proc, whitespace squeezed;
# fails the test unless pmap exits 0.
pmap_on() {
	local out rc
	out=$(as_proc 'pmap "$@"' "$@" 2>&1)
	rc=$?
	((rc == 0)) || { echo "pmap $* exited $rc: $out" >&2; return 1; }
	printf '%s\n' "$out" | squeeze
}

@test "pmap -x: every mapping's Kbytes, RSS, Dirty and the totals equal smaps" {
	scenario_family
	local pid
	for pid in 1 "$A" "$B" "$C"; do
		run -0 pmap_on -x "$pid"
		assert_output "$(procview pmap-x "$MMSIM_MOUNT" "$pid")"
	done
	# The numbers Linux's rules give (the zero page is not resident).
	run -0 pmap_on -x "$A"
	assert_output "$A: alpha
Address Kbytes RSS Dirty Mode Mapping
$(printf '%016x' "$S") 32 16 16 rw-s- zero (deleted)
$(printf '%016x' "$P") 64 64 64 rw--- [ anon ]
00007ffffffde000 132 0 0 rw--- [ stack ]
---------------- ------- ------- -------
total kB 228 80 80"
	run -0 pmap_on -x "$C"
	assert_line "$(printf '%016x' "$Q") 128 40 40 rw--- [ anon ]"
	assert_line "total kB 260 40 40"
}

@test "pmap -X and -XX: the host kernel's columns, every value from smaps" {
	scenario_family
	local opt host_header header pid
	for opt in -X -XX; do
		# The columns pmap picks come from the smaps field list: they
		# must be those it picks on the host kernel, with the
		# ProtectionKey column exactly when the pinned CPU has keys.
		host_header=$(pmap "$opt" $$ | sed -n 2p | squeeze)
		host_header=${host_header/ ProtectionKey/}
		test_cpu_has pku && host_header=${host_header/ THPeligible/ THPeligible ProtectionKey}
		run -0 pmap_on "$opt" "$A"
		header=$(sed -n 2p <<<"$output")
		assert_equal "$header" "$host_header"
		for pid in 1 "$A" "$B" "$C"; do
			run -0 pmap_on "$opt" "$pid"
			assert_equal "$(no_rules <<<"$output")" \
				"$(procview pmap-X "$MMSIM_MOUNT" "$pid" "$header")"
		done
	done
	# A's totals row, by Linux's rules: Size Rss Pss ... (first columns).
	run -0 pmap_on -X "$A"
	assert_regex "${lines[-1]}" '^228 80 44 '
	run -0 pmap_on -XX "$A"
	assert_line --partial "$(printf '%x' "$P") rw-p 00000000 00:00 0 64 4 4 64 36 36 0 56 0 8 "
}

@test "pmap -x: heap, read-only, PROT_NONE, locked and shared mappings" {
	local pid heap ro none lk sh
	pid=$(mmok spawn layout) || fail "spawn"
	heap=$(mmok "$pid" brk 0x55555555d000) || fail "brk"
	assert_equal "$heap" 0x55555555d000
	must "$pid" touch 0x555555559000 8K w
	ro=$(mmok "$pid" mmap 0 16K r-- private,anonymous) || fail "mmap ro"
	must "$pid" touch "$ro" 16K r
	none=$(mmok "$pid" mmap 0 8K --- private,anonymous) || fail "mmap none"
	lk=$(mmok "$pid" mmap 0 12K rw- private,anonymous,locked) || fail "mmap lk"
	sh=$(mmok "$pid" mmap 0 8K r-- shared,anonymous) || fail "mmap sh"
	must "$pid" touch "$sh" 8K r
	run -0 pmap_on -x "$pid"
	assert_output "$(procview pmap-x "$MMSIM_MOUNT" "$pid")"
	# mmap 0 goes top-down: sh < lk < none < ro. A locked mapping is
	# populated (written-to pages: no, faulted in for write: dirty).
	assert_output "$pid: layout
Address Kbytes RSS Dirty Mode Mapping
0000555555559000 16 8 8 rw--- [ anon ]
$(printf '%016x' "$sh") 8 8 0 r--s- zero (deleted)
$(printf '%016x' "$lk") 12 12 12 rw--- [ anon ]
$(printf '%016x' "$none") 8 0 0 ----- [ anon ]
$(printf '%016x' "$ro") 16 0 0 r---- [ anon ]
00007ffffffde000 132 0 0 rw--- [ stack ]
---------------- ------- ------- -------
total kB 192 28 20"
	local opt header
	for opt in -X -XX; do
		run -0 pmap_on "$opt" "$pid"
		header=$(sed -n 2p <<<"$output")
		assert_equal "$(no_rules <<<"$output")" \
			"$(procview pmap-X "$MMSIM_MOUNT" "$pid" "$header")"
	done
	run -0 pmap_on -X "$pid"
	assert_line --partial "$(printf '%x' "$lk") rw-p 00000000 00:00 0 12 12 12 12 12 12 0 0 0 0 0 0 0 0 12 0"
}

@test "pmap -d: mapped, writeable/private and shared totals equal maps" {
	scenario_family
	local pid
	for pid in "$A" "$B" "$C"; do
		run -0 pmap_on -d "$pid"
		assert_equal "${lines[-1]}" "$(procview pmap-d "$MMSIM_MOUNT" "$pid")"
	done
	run -0 pmap_on -d "$A"
	assert_equal "${lines[-1]}" "mapped: 228K writeable/private: 196K shared: 32K"
	assert_line "$(printf '%016x' "$P") 64 rw--- 0000000000000000 000:00000 [ anon ]"
}

@test "pmap: one run over several PIDs names each by its cmdline" {
	scenario_family
	run -0 pmap_on "$A" "$C" 1
	assert_output "$A: alpha
$(printf '%016x' "$S") 32K rw-s- zero (deleted)
$(printf '%016x' "$P") 64K rw--- [ anon ]
00007ffffffde000 132K rw--- [ stack ]
total 228K
$C: gamma
$(printf '%016x' "$Q") 128K rw--- [ anon ]
00007ffffffde000 132K rw--- [ stack ]
total 260K
1: init
00007ffffffde000 132K rw--- [ stack ]
total 132K"
}

@test "pmap on a zombie: [comm] <defunct> and nothing mapped, as on Linux" {
	local par kid
	par=$(mmok spawn par) || fail "spawn"
	kid=$(mmok "$par" fork) || fail "fork"
	must "$kid" mmap 0 64K rw- private,anonymous
	must "$kid" exit 5
	run -0 pmap_on -x "$kid"
	assert_output "$kid: [par] <defunct>
Address Kbytes RSS Dirty Mode Mapping
---------------- ------- ------- -------
total kB 0 0 0"
	run -0 pmap_on -X "$kid"
	assert_output "$kid: [par] <defunct>"
	run -0 pmap_on "$kid"
	assert_output "$kid: [par] <defunct>
total 0K"
}
