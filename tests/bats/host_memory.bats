#!/usr/bin/env bats
# host_memory.bats - the daemon's own (host) memory stays bounded: a ctl
# file opened write-only keeps no replies, a readable one keeps only its
# last 4 MiB, and frame contents freed by munmap go back to the host.
# The figures are generous bounds on the daemon's VmRSS, not timings.

load helpers

setup() { mmsim_setup --mem=1G; }
teardown() { mmsim_teardown; }

# plain_allocator: the figures are about the C library's allocator;
# AddressSanitizer's keeps freed memory in quarantine and gives nothing
# back, so under it there is nothing to measure.
plain_allocator() {
	[[ -z ${ASAN_OPTIONS:-} ]] ||
		skip "AddressSanitizer's allocator holds freed memory in quarantine"
}

# daemon_rss_kb: the newest daemon's VmRSS in kB.
daemon_rss_kb() {
	awk '$1 == "VmRSS:" { print $2 }' "/proc/$MMSIM_DAEMON_PID/status"
}

# write_lines MODE N LINE: open the global ctl with MODE (w or rw) and
# write LINE N times, in 64 KiB writes.
write_lines() {
	python3 - "$MMSIM_MOUNT/ctl" "$1" "$2" "$3" <<'PY'
import os, sys
path, mode, n, line = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
fd = os.open(path, os.O_WRONLY if mode == "w" else os.O_RDWR)
chunk = (line + "\n") * (65536 // (len(line) + 1))
per = chunk.count("\n")
for _ in range(n // per):
    os.write(fd, chunk.encode())
if mode == "rw":
    data = os.pread(fd, 64 << 20, 0)
    print(len(data), data[:data.index(b"\n")].decode()[:14], data.count(b"\n"))
os.close(fd)
PY
}

# A command with a 4 KiB reply: 2 KiB of PID 1's stack, as hex.
BIG_REPLY="1 load 0x7fffffffe000 2K"

@test "host memory: a ctl file opened write-only keeps none of 20,000 replies" {
	plain_allocator
	local before after
	before=$(daemon_rss_kb)
	write_lines w 20000 "$BIG_REPLY"
	after=$(daemon_rss_kb)
	# 20,000 replies are 80 MB; the daemon grew by far less.
	(( after - before < 8192 )) || fail "VmRSS grew from $before to $after kB"
}

@test "host memory: a readable ctl file keeps only the last 4 MiB of its replies, whole lines" {
	plain_allocator
	local before after
	before=$(daemon_rss_kb)
	run -0 write_lines rw 3000 "$BIG_REPLY"
	after=$(daemon_rss_kb)
	local bytes first lines
	read -r bytes first lines <<<"$output"
	# Between half of 4 MiB and 4 MiB, starting at a whole reply.
	(( bytes > 2 * 1024 * 1024 && bytes <= 4 * 1024 * 1024 )) || fail "kept $bytes bytes"
	assert_equal "$first" 00000000000000
	# Whole replies: 4097 bytes each.
	(( bytes == lines * 4097 )) || fail "$bytes bytes in $lines lines"
	(( lines < 3000 )) || fail "kept all $lines replies"
	(( after - before < 32768 )) || fail "VmRSS grew from $before to $after kB"
}

@test "host memory: 512 MiB stored and unmapped go back to the host" {
	plain_allocator
	local before stored after addr
	# The journal holds the bytes written, past its 64 MiB in memory:
	# this machine cannot be replayed from MOUNT/journal.
	MMSIM_REPLAY_CHECK=0
	must spawn
	addr=$(mmok 2 mmap 0 512M rw- private,anonymous)
	before=$(daemon_rss_kb)
	python3 - "$(view 2 mem)" "$addr" <<'PY'
import os, sys
fd = os.open(sys.argv[1], os.O_RDWR)
addr = int(sys.argv[2], 16)
block = b"\x5a" * (1 << 20)
for i in range(512):
    os.pwrite(fd, block, addr + (i << 20))
PY
	stored=$(daemon_rss_kb)
	(( stored - before > 500 * 1024 )) || fail "storing grew VmRSS only from $before to $stored kB"
	must 2 munmap "$addr" 512M
	after=$(daemon_rss_kb)
	# What stays is the in-memory journal (at most 64 MiB of it).
	(( after - before < 96 * 1024 )) || fail "VmRSS $after kB after munmap, $before kB before storing"
	run -0 tail -n 1 "$MMSIM_MOUNT/journal"
	assert_output "# journal truncated: it outgrew 64 MiB of memory (mmsimfs --journal=FILE keeps it whole)"
}

@test "host memory: when the host runs out, the command fails ENOMEM and nothing simulated follows" {
	[[ -z ${ASAN_OPTIONS:-} ]] ||
		skip "ulimit -v and AddressSanitizer's shadow memory do not mix"
	# The mem writes fill the host's limit: the journal cannot hold them.
	MMSIM_REPLAY_CHECK=0
	local wrapper=$BATS_TEST_TMPDIR/mmsimfs-ulimit
	printf '#!/bin/sh\nulimit -v 600000\nexec %s "$@"\n' "$MMSIMFS" >"$wrapper"
	chmod +x "$wrapper"
	MMSIMFS=$wrapper mount_machine --mem=2G
	must spawn
	local area
	area=$(mmok 2 mmap 0 1G rw- private,anonymous)
	# Store through mem until the host says no: 1 GiB does not fit in
	# what is left of 600 MB.
	run -0 python3 - "$(view 2 mem)" "$area" <<'PY'
import os, sys
fd = os.open(sys.argv[1], os.O_RDWR)
addr = int(sys.argv[2], 16)
block = b"\x5a" * (1 << 20)
for i in range(1024):
    try:
        os.pwrite(fd, block, addr + (i << 20))
    except OSError as e:
        print(os.strerror(e.errno))
        break
else:
    print("all of it fit")
PY
	assert_output "Cannot allocate memory"
	# The daemon gave up its reserve, so it still serves a new session:
	# the munmap that gives the memory back.
	run -0 mm 2 munmap "$area" 1G
	# Nothing simulated followed: no OOM kill, the process lives on.
	assert_equal "$(vmstat_val oom_kill)" 0
	run -0 mm 2 brk
	assert_output 0x555555559000
	(( $(meminfo_kb MemFree) > 2000000 )) || fail "MemFree $(meminfo_kb MemFree) kB"
}
