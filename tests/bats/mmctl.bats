#!/usr/bin/env bats
# mmctl.bats - the mmctl client: where it sends a command (-m, $MMSIM_MOUNT,
# PID or global), what it prints, and its exit status: 0 success, 1 a
# failed command (the error line on stderr), 2 a usage error.

load helpers

setup() { mmsim_setup; }
teardown() { mmsim_teardown; }

@test "-m MOUNTPOINT sends a global command and prints the reply" {
	run -0 --separate-stderr env -u MMSIM_MOUNT "$MMCTL" -m "$MMSIM_MOUNT" spawn
	assert_output 2
	assert_equal "$stderr" ""
}

@test "the mount point defaults to \$MMSIM_MOUNT" {
	run -0 --separate-stderr env MMSIM_MOUNT="$MMSIM_MOUNT" "$MMCTL" spawn
	assert_output 2
	run -0 env MMSIM_MOUNT="$MMSIM_MOUNT" "$MMCTL" 2 mmap 0 4K rw- private,anonymous
	assert_output 0x7ffff7ffe000
}

@test "-m wins over \$MMSIM_MOUNT" {
	run -0 env MMSIM_MOUNT=/nonexistent "$MMCTL" -m "$MMSIM_MOUNT" spawn
	assert_output 2
}

@test "a PID sends the command to that process" {
	must spawn
	run -0 mm 2 mmap 0 16K rw- private,anonymous
	assert_output 0x7ffff7ffb000
	run -0 mm 2 touch 0x7ffff7ffb000 16K w
	assert_output "pages=4 faults=4 anon=4 zero=0 cow=0 reuse=0 shmem=0"
	run -0 mm 1 brk
	assert_output 0x555555559000
}

@test "arguments are joined into one command line; quoted DATA survives" {
	must spawn
	must 2 mmap 0 16K rw- private,anonymous
	run -0 mm 2 store 0x7ffff7ffb000 '"hello world"'
	assert_output ""
	run -0 mm 2 load 0x7ffff7ffb000 11
	assert_output 68656c6c6f20776f726c64
}

@test "a failed command exits 1 with the error line on stderr only" {
	must spawn
	run -1 --separate-stderr mm 2 frob
	assert_output ""
	assert_equal "$stderr" "error: frob: unknown command (EINVAL)"
	run -1 --separate-stderr mm 2 mprotect 0x7ffff7ff0000 8K r--
	assert_output ""
	assert_equal "$stderr" "error: mprotect: 0x7ffff7ff0000-0x7ffff7ff2000 is not fully mapped (ENOMEM)"
}

@test "a fatal access exits 4 (the command killed its process), the signal on stdout" {
	must spawn
	run -4 --separate-stderr mm 2 touch 0x7ffff0000000 4K r
	assert_output "SIGSEGV SEGV_MAPERR 0x7ffff0000000"
	assert_equal "$stderr" ""
}

@test "an absent PID exits 1 with a message" {
	run -1 --separate-stderr mm 5 brk
	assert_output ""
	[[ -n $stderr ]] || fail "no message on stderr"
}

@test "usage errors exit 2" {
	run -2 --separate-stderr "$MMCTL" -m "$MMSIM_MOUNT"
	[[ -n $stderr ]] || fail "no usage message"
	run -2 "$MMCTL"
	run -2 "$MMCTL" -m
	run -2 "$MMCTL" -z -m "$MMSIM_MOUNT" spawn
	run -2 env -u MMSIM_MOUNT "$MMCTL" spawn
	run -2 "$MMCTL" -m "$MMSIM_MOUNT" 2
	# None of these ran a command.
	[[ ! -e $MMSIM_MOUNT/2 ]] || fail "a usage error spawned a process"
}

@test "a mount point that is not an mmsim mount exits 3" {
	local d
	d=$(mktemp -d)
	run -3 --separate-stderr "$MMCTL" -m "$d" spawn
	rmdir "$d"
	assert_equal "$stderr" "mmctl: $d: no mmsim machine is mounted there (No such file or directory)"
	run -3 --separate-stderr "$MMCTL" -m "$d/none" 2 brk
	assert_equal "$stderr" "mmctl: $d/none: no mmsim machine is mounted there (No such file or directory)"
}

@test "a machine whose daemon died exits 3" {
	local dir pid
	must spawn
	dir=$MMSIM_MOUNT
	pid=$(daemon_pid)
	MMSIM_REPLAY_CHECK=0
	kill -KILL "$pid"
	wait "$pid" 2>/dev/null || true
	run -3 --separate-stderr "$MMCTL" -m "$dir" 2 brk
	assert_equal "$stderr" "mmctl: $dir: no mmsim machine is mounted there (Transport endpoint is not connected)"
	fusermount3 -u "$dir" 2>/dev/null || umount -l "$dir"
	unset "MMSIM_MOUNTS[0]" "MMSIM_PIDS[0]" "MMSIM_LOGS[0]" "MMSIM_ARGS[0]"
}

@test "--help and COMMAND --help print the command table's usage" {
	run -0 "$MMCTL" --help
	assert_line "  mmap ADDR LEN PROT FLAGS [FD] [OFFSET]       map anonymous memory, or the file open at FD from OFFSET"
	assert_line "  spawn [COMM]                                 create a child of PID 1 holding only [stack] and an empty brk area"
	assert_line --partial "4 the command killed its process"
	run -0 "$MMCTL" 2 mremap --help
	assert_output "usage: mmctl [-m MOUNTPOINT] PID mremap ADDR OLDLEN NEWLEN [maymove] [fixed NEWADDR]
grow, shrink or move a mapping"
	run -0 "$MMCTL" spawn --help
	assert_output "usage: mmctl [-m MOUNTPOINT] spawn [COMM]
create a child of PID 1 holding only [stack] and an empty brk area"
	run -2 "$MMCTL" frob --help
	assert_output "mmctl: no such command (mmctl --help lists them)
usage: mmctl [-m MOUNTPOINT] [PID] COMMAND [ARG...] (-h for help)"
}

@test "a command with an empty reply prints at most an empty line" {
	must spawn
	must 2 mmap 0 16K rw- private,anonymous
	run -0 bash -c "'$MMCTL' -m '$MMSIM_MOUNT' 2 munmap 0x7ffff7ffb000 16K | od -An -c | tr -d ' '"
	[[ $output == "" || $output == '\n' ]] || fail "munmap printed '$output'"
}

@test "bash completion: PIDs and commands, then each argument's words, from the table" {
	must spawn
	local comp="$BATS_TEST_DIRNAME/../../ctl/mmctl.bash"
	# complete WORD...: what <TAB> after these words offers.
	complete_words() {
		bash -c 'source "$1"; shift; PATH=$(dirname "$MMCTL"):$PATH
			COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _mmctl
			printf "%s\n" "${COMPREPLY[@]}"' _ "$comp" "$@"
	}
	run -0 complete_words mmctl ""
	assert_output "$(printf '%s\n' 1 2 spawn check rmap page drop_caches attach cgroup_mkdir cgroup_rmdir cgroup_write help shell)"
	run -0 complete_words mmctl 2 m
	assert_output "$(printf '%s\n' mmap munmap mprotect mremap madvise mlock munlock msync mincore mem_read mem_write)"
	run -0 complete_words mmctl 2 mmap 0 4K rw- private,a
	assert_output "private,anonymous"
	run -0 complete_words mmctl 2 madvise 0 4K co
	assert_output "cold"
	run -0 complete_words mmctl 2 touch 0 4K ""
	assert_output "$(printf '%s\n' r w x)"
	run -0 complete_words mmctl 2 mremap 0 4K 8K ""
	assert_output "$(printf '%s\n' maymove fixed)"
	run -0 complete_words mmctl spawn ""
	assert_output ""
}

@test "meson install puts mmsimfs, mmctl, the man pages and the completion in place" {
	local dest=$BATS_TEST_TMPDIR/dest
	[[ -f $MMSIM_BIN_DIR/build.ninja ]] || skip "MMSIM_BIN_DIR is not a meson build directory"
	run -0 meson install -C "$MMSIM_BIN_DIR" --destdir "$dest" --quiet
	run -0 bash -c "cd '$dest' && find . -type f | sort"
	assert_line --regexp '/bin/mmctl$'
	assert_line --regexp '/bin/mmsimfs$'
	assert_line --regexp '/share/man/man1/mmsimfs\.1$'
	assert_line --regexp '/share/man/man1/mmctl\.1$'
	assert_line --regexp '/share/man/man7/mmsim\.7$'
	assert_line --regexp '/share/bash-completion/completions/mmctl$'
	assert_line --regexp '/share/man/man7/mmsim-bats\.7$'
	assert_line --regexp '/lib/bats/mmsim/load\.bash$'
}

@test "installed: man finds the pages, mmctl --help and completion work, the library loads" {
	local dest=$BATS_TEST_TMPDIR/dest prefix
	[[ -f $MMSIM_BIN_DIR/build.ninja ]] || skip "MMSIM_BIN_DIR is not a meson build directory"
	command -v man >/dev/null || skip "no man(1) on this machine"
	run -0 meson install -C "$MMSIM_BIN_DIR" --destdir "$dest" --quiet
	prefix=$dest$(meson introspect --buildoptions "$MMSIM_BIN_DIR" |
		python3 -c 'import json, sys; print([o["value"] for o in json.load(sys.stdin) if o["name"] == "prefix"][0])')
	# man, by MANPATH and by file: the tree listing of mmsimfs(1).
	run -0 env MANPATH="$prefix/share/man" MANWIDTH=100 man -P cat mmsimfs
	assert_line --partial "MOUNTPOINT/ctl journal kpagecount kpageflags meminfo vmstat slabinfo stat"
	assert_line --partial "cmdline environ io limits comm mem clear_refs task/TID/"
	run -0 env MANPATH="$prefix/share/man" man -P cat mmsim-bats
	assert_line --partial "assert_cow_shared PID1 PID2 ADDR"
	run -0 env MANWIDTH=100 man -P cat -l "$prefix/share/man/man1/mmctl.1"
	assert_line --partial "mmctl [-m MOUNTPOINT] shell [COMMAND [ARG...]]"
	# The installed mmctl's help: the command table.
	run -0 "$prefix/bin/mmctl" --help
	assert_line --regexp '^  madvise ADDR LEN ADVICE'
	assert_line --partial "mmctl [-m MOUNTPOINT] shell [COMMAND...]"
	# The installed completion, asking the installed mmctl: the advice
	# names after `mmctl 2 madvise 0x... 4K <TAB>`.
	must spawn
	run -0 bash -c 'source "$1"; PATH=$2:$PATH
		COMP_WORDS=(mmctl 2 madvise 0x7ffff7fef000 4K ""); COMP_CWORD=5; _mmctl
		printf "%s\n" "${COMPREPLY[@]}"' _ "$prefix/share/bash-completion/completions/mmctl" "$prefix/bin"
	assert_output "$(printf '%s\n' dontneed free dontfork dofork wipeonfork keeponfork willneed cold pageout)"
	run -0 bash -c 'source "$1"; PATH=$2:$PATH
		COMP_WORDS=(mmctl 2 madvise 0x7ffff7fef000 4K wip); COMP_CWORD=5; _mmctl
		printf "%s\n" "${COMPREPLY[@]}"' _ "$prefix/share/bash-completion/completions/mmctl" "$prefix/bin"
	assert_output wipeonfork
	# The installed library, as an autograder loads it, runs the example
	# on the installed programs.
	local v unset=()
	for v in $(compgen -e | grep '^BATS_'); do
		unset+=(-u "$v")
	done
	run -0 env "${unset[@]}" BATS_LIB_PATH="$prefix/lib/bats:/usr/lib/bats" \
		MMSIM_BIN_DIR="$prefix/bin" bats --tap "$BATS_TEST_DIRNAME/../../examples/autograder/autograder.bats"
	assert_line "1..5"
	refute_line --partial "not ok"
}
