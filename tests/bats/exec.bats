#!/usr/bin/env bats
# exec.bats - execve and exec of real ELF programs, against the host
# kernel: tests/exec/hostexec.c runs the same program with ASLR off under
# ptrace and prints its views at the exec stop (execve's) and at the
# program's entry point (exec's). maps must be equal line for line (device
# and inode included), smaps at the exec stop field for field, and the
# stack, status and stat fields as the kernel leaves them. Both sides run
# the program with argv = PATH ARG... and an empty environment.
#
# The programs: /usr/bin/cat, /bin/bash, a static program
# (/sbin/ldconfig, static-pie) and a non-PIE program built here with
# cc -no-pie (tests/exec/nopie.c). Malformed copies of cat come from
# tests/exec/mkbad.py.

load helpers

setup_file() {
	# A short directory: mkbad.py writes interpreter paths into
	# PT_INTERP, which holds 27 bytes.
	EXEC_DIR=$(mktemp -d /tmp/mx.XXXXXX)
	export EXEC_DIR
	cc -O2 -Wall -o "$EXEC_DIR/hostexec" "$BATS_TEST_DIRNAME/../exec/hostexec.c"
	cc -O2 -no-pie -o "$EXEC_DIR/nopie" "$BATS_TEST_DIRNAME/../exec/nopie.c"
	python3 "$BATS_TEST_DIRNAME/../exec/mkbad.py" /usr/bin/cat "$EXEC_DIR"
}

teardown_file() {
	rm -rf "$EXEC_DIR"
}

setup() { mmsim_setup --cpu=host; }
teardown() { mmsim_teardown; }

PROGRAMS=(/usr/bin/cat /bin/bash /sbin/ldconfig)

# host STOP VIEW PATH [ARG...]: the host's view at the exec stop or entry.
host() {
	"$EXEC_DIR/hostexec" "$@"
}

# programs: the four programs of the comparison.
programs() {
	printf '%s\n' "${PROGRAMS[@]}" "$EXEC_DIR/nopie"
}

@test "execve: maps and smaps equal the host's at the exec stop (cat, bash, static ldconfig, non-PIE)" {
	local prog pid
	while read -r prog; do
		pid=$(mmok spawn)
		run -0 mm "$pid" execve "$prog"
		assert_output --regexp '^rip=0x[0-9a-f]+ rsp=0x[0-9a-f]+$'
		assert_output "$(host exec regs "$prog" | tr '\n' ' ' |
				  sed 's/rsp \(0x[0-9a-f]*\) rip \(0x[0-9a-f]*\) /rip=\2 rsp=\1/')"
		diff -u <(host exec maps "$prog") "$(view "$pid" maps)"
		diff -u <(host exec smaps "$prog") "$(view "$pid" smaps)"
	done < <(programs)
}

@test "exec: maps equal the host's at the program's entry point (cat, bash, static ldconfig, non-PIE)" {
	local prog pid entry
	while read -r prog; do
		pid=$(mmok spawn)
		run -0 mm "$pid" exec "$prog"
		entry=$(host entry auxv "$prog" | awk '$1 == 9 { print $2 }')
		assert_output --regexp "^rip=$entry rsp=0x[0-9a-f]+\$"
		diff -u <(host entry maps "$prog") "$(view "$pid" maps)"
	done < <(programs)
}

@test "execve: dev and inode in maps are the host file's, as ls -li shows them" {
	local pid dev ino
	pid=$(mmok spawn)
	must "$pid" exec /bin/bash
	# /bin/bash is /usr/bin/bash on a merged-/usr system: maps names the file.
	read -r dev ino < <(stat -L -c '%Hd %Ld %i' /bin/bash |
			     awk '{ printf "%02x:%02x %s\n", $1, $2, $3 }')
	run grep -c " $dev $ino .*/usr/bin/bash\$" "$(view "$pid" maps)"
	assert_output 5
	ino=$(ls -iL /usr/lib/x86_64-linux-gnu/libc.so.6 | awk '{ print $1 }')
	run grep -c " $ino .*/libc.so.6\$" "$(view "$pid" maps)"
	assert_output 5
}

@test "execve: status, stat's code/data/brk/stack/arg/env fields, cmdline, comm and exe are the kernel's" {
	local prog pid
	while read -r prog; do
		pid=$(mmok spawn)
		must "$pid" execve "$prog" -n "two words" ""
		diff -u <(host exec status "$prog" -n "two words" "" | grep -E '^(Vm|Rss)') \
			<(grep -E '^(Vm|Rss)' "$(view "$pid" status)")
		# stat fields 26-28 and 45-51: start_code end_code start_stack,
		# start_data end_data start_brk arg_start arg_end env_start env_end
		diff -u <(host exec stat "$prog" -n "two words" "" | cut -d' ' -f26-28,45-51) \
			<(cut -d' ' -f26-28,45-51 "$(view "$pid" stat)")
		cmp <(host exec cmdline "$prog" -n "two words" "") "$(view "$pid" cmdline)"
		run cat "$(view "$pid" comm)"
		assert_output "$(basename "$prog")"
		run readlink "$(view "$pid" exe)"
		assert_output "$(readlink -f "$prog")"
	done < <(programs)
	# A process that never ran a program has no exe (as a kernel thread).
	run ! readlink "$(view 1 exe)"
}

@test "execve: the stack from rsp up is the kernel's, byte for byte but the 16 AT_RANDOM bytes" {
	local pid rsp len random
	pid=$(mmok spawn)
	run -0 mm "$pid" execve /usr/bin/cat -n "hello world" ""
	rsp=${output#*rsp=}
	len=$((0x7ffffffff000 - rsp))
	mm "$pid" mem_read "$rsp" "$len" | fold -w2 >"$BATS_TEST_TMPDIR/sim"
	host exec stack /usr/bin/cat -n "hello world" "" | cut -d: -f2 | tr ' ' '\n' |
		grep . >"$BATS_TEST_TMPDIR/host"
	# AT_RANDOM (25): where the random bytes are, from the host's auxv.
	random=$(host exec auxv /usr/bin/cat -n "hello world" "" | awk '$1 == 25 { print $2 }')
	run diff "$BATS_TEST_TMPDIR/host" "$BATS_TEST_TMPDIR/sim"
	# Only the 16 lines (bytes) of AT_RANDOM may differ.
	local first=$((random - rsp + 1)) last=$((random - rsp + 16))
	run bash -c "diff <(sed '${first},${last}d' '$BATS_TEST_TMPDIR/host') <(sed '${first},${last}d' '$BATS_TEST_TMPDIR/sim')"
	assert_success
	# Two machines given the same commands have the same AT_RANDOM bytes.
	run -0 mm "$pid" mem_read "$random" 16
	local mine=$output
	mount_machine --cpu=host
	must spawn
	must 2 execve /usr/bin/cat -n "hello world" ""
	run -0 mm 2 mem_read "$random" 16
	assert_output "$mine"
}

@test "execve: fork keeps the program (maps, exe), exit frees it, exec keeps the fd table" {
	local pid child fd
	pid=$(mmok spawn)
	fd=$(mmok "$pid" open /etc/hostname rdonly)
	must "$pid" execve /bin/bash
	child=$(mmok "$pid" fork)
	diff -u "$(view "$pid" maps)" "$(view "$child" maps)"
	run readlink "$(view "$child" exe)"
	assert_output /usr/bin/bash
	# The fd opened before the exec is still open after it.
	run -0 mm "$pid" read "$fd" 4 0
	assert_output "$(head -c4 /etc/hostname | od -An -tx1 | tr -d ' \n')"
	must "$child" exit
	must "$pid" exit
	run -0 mm check
	assert_output ok
}

@test "execve: malformed ELF files fail with the kernel's errno and change nothing" {
	local pid before after f err comm
	pid=$(mmok spawn)
	must "$pid" mmap 0 64K rw- private,anonymous
	before=$(cat "$(view "$pid" maps)" "$(view "$pid" smaps)" "$(view "$pid" status)")
	comm=$(cat "$(view "$pid" comm)")
	# file:errno. The host agrees on each (checked below) but where its
	# kernel would run the file or kill the process after its point of
	# no return: see mmsim(7), EXEC.
	for f in truncated:ENOEXEC short-segment:ENOEXEC class32:ENOEXEC \
		 machine386:ENOEXEC overlap:ENOEXEC misordered:ENOEXEC \
		 huge-memsz:ENOEXEC filesz-gt-memsz:ENOEXEC no-interp:ENOENT \
		 text-interp:EIO long-text-interp:ELIBBAD notelf:ENOEXEC; do
		err=${f#*:}
		run -1 --separate-stderr mm "$pid" execve "$EXEC_DIR/${f%%:*}"
		assert_output ""
		assert_regex "$stderr" "^error: execve: .* \\($err\\)\$"
		run -1 --separate-stderr mm "$pid" exec "$EXEC_DIR/${f%%:*}"
		assert_regex "$stderr" "^error: exec: .* \\($err\\)\$"
	done
	run -1 --separate-stderr mm "$pid" execve /nonexistent
	assert_regex "$stderr" '^error: execve: .* \(ENOENT\)$'
	run -1 --separate-stderr mm "$pid" execve /tmp
	assert_regex "$stderr" '^error: execve: /tmp is not a regular file \(EACCES\)$'
	run -1 --separate-stderr mm "$pid" execve "$EXEC_DIR/noexec"
	assert_regex "$stderr" '^error: execve: .*/noexec has no execute permission \(EACCES\)$'
	after=$(cat "$(view "$pid" maps)" "$(view "$pid" smaps)" "$(view "$pid" status)")
	assert_equal "$after" "$before"
	run cat "$(view "$pid" comm)"
	assert_output "$comm"
}

@test "execve: the host kernel gives the same errno for the files it refuses before its point of no return" {
	local f
	for f in truncated:ENOEXEC machine386:ENOEXEC no-interp:ENOENT \
		 text-interp:EIO long-text-interp:ELIBBAD notelf:ENOEXEC \
		 noexec:EACCES; do
		run python3 -c '
import errno, os, sys
try:
    os.execve(sys.argv[1], [sys.argv[1]], {})
except OSError as e:
    print(errno.errorcode[e.errno])' "$EXEC_DIR/${f%%:*}"
		assert_output "${f#*:}"
	done
}

@test "exec: a library the dynamic loader cannot find ends the process with status 127" {
	local pid parent
	parent=$(mmok spawn)
	pid=$(mmok "$parent" fork)
	run -4 mm "$pid" exec "$EXEC_DIR/missing-lib"
	assert_output "exited 127: error while loading shared libraries: libQ.so.6: cannot open shared object file: No such file or directory"
	run -0 mm "$parent" wait "$pid"
	assert_output "$pid 127"
	# The host's loader says the same.
	run -127 "$EXEC_DIR/missing-lib"
	assert_output --partial "libQ.so.6: cannot open shared object file: No such file or directory"
}

@test "execve: usage errors" {
	local pid
	pid=$(mmok spawn)
	run -1 --separate-stderr mm "$pid" execve
	assert_regex "$stderr" '^error: execve: missing PATH; usage: execve PATH \[ARG...\] \(EINVAL\)$'
	run -1 --separate-stderr mm "$pid" execve '""'
	assert_regex "$stderr" '^error: execve: PATH is empty.* \(EINVAL\)$'
	run -1 --separate-stderr mm 1 exec '"/usr/bin/c\0t"'
	assert_regex "$stderr" '\(EINVAL\)$'
}
