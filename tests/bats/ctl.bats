#!/usr/bin/env bats
# ctl.bats - the ctl files themselves: several commands in one write,
# replies one line per command read back through the same open file, the
# errno of a failed write, the contract's number syntax, and the global
# commands (spawn, check, rmap).

load helpers

setup() { mmsim_setup; }
teardown() { mmsim_teardown; }

@test "one write runs several commands in order, one reply line each" {
	must spawn
	local cmds=$'mmap 0 16K rw- private,anonymous\nmmap 0 16K r-- private,anonymous\nmunmap 0x7ffff7ff7000 4K\nbrk\n'
	run -0 ctlio "$MMSIM_MOUNT/2/ctl" "$cmds"
	assert_output "write: ${#cmds}
0x7ffff7ffb000
0x7ffff7ff7000

0x555555559000"
	run -0 cat "$(view 2 maps)"
	assert_output "$(maps_line 0x7ffff7ff8000 0x7ffff7ffb000 r--p)
$(maps_line 0x7ffff7ffb000 0x7ffff7fff000 rw-p)
$(stack_line)"
}

@test "a failing command fails the write with its errno and stops the rest" {
	must spawn
	local cmds=$'mmap 0 16K rw- private,anonymous\nfrob\nmmap 0 16K rw- private,anonymous\n'
	run -0 ctlio "$MMSIM_MOUNT/2/ctl" "$cmds"
	assert_output "write: EINVAL
0x7ffff7ffb000
error: frob: unknown command (EINVAL)"
	# The first mmap ran; the one after the failure did not.
	run -0 cat "$(view 2 maps)"
	assert_output "$(maps_line 0x7ffff7ffb000 0x7ffff7fff000 rw-p)
$(stack_line)"
}

@test "the write's errno is the failing command's errno" {
	must spawn
	must 2 mmap 0x7ffff0000000 16K rw- private,anonymous,fixed
	run -0 errno_of_ctl "$MMSIM_MOUNT/2/ctl" "mprotect 0x7ffff1000000 8K r--"
	assert_output ENOMEM
	run -0 errno_of_ctl "$MMSIM_MOUNT/2/ctl" "mmap 0x7ffff0000000 4K rw- private,anonymous,fixed_noreplace"
	assert_output EEXIST
	run -0 errno_of_ctl "$MMSIM_MOUNT/2/ctl" "munmap 0x7ffff0000001 4K"
	assert_output EINVAL
	run -0 errno_of_ctl "$MMSIM_MOUNT/2/ctl" "wait"
	assert_output ECHILD
	run -0 errno_of_ctl "$MMSIM_MOUNT/1/ctl" "exit"
	assert_output EPERM
	run -0 errno_of_ctl "$MMSIM_MOUNT/2/ctl" "mmap 0 0x7ffff0000000000 rw- private,anonymous"
	assert_output ENOMEM
	run -0 errno_of_ctl "$MMSIM_MOUNT/2/ctl" "munmap 0x7ffff0000000 16K"
	assert_output ok
}

@test "replies are read back through the same open file (exec 7<>ctl)" {
	# (fd 3 belongs to bats; a user would write exec 3<>ctl)
	exec 7<>"$MMSIM_MOUNT/ctl"
	printf 'spawn\nspawn second\n' >&7
	run -0 cat <&7
	exec 7>&-
	assert_output "2
3"
	run -0 cat "$MMSIM_MOUNT/3/comm"
	assert_output second
}

@test "a failed write's error line is among the replies of the same open file" {
	must spawn
	run -0 ctlio "$MMSIM_MOUNT/2/ctl" $'mprotect 0x7ffff0000000 8K r--\n'
	assert_output "write: ENOMEM
error: mprotect: 0x7ffff0000000-0x7ffff0002000 is not fully mapped (ENOMEM)"
}

@test "replies are read sequentially after each write on one open file" {
	must spawn
	run -0 python3 - "$MMSIM_MOUNT/2/ctl" <<'EOF'
import os, sys
fd = os.open(sys.argv[1], os.O_RDWR)
os.write(fd, b"mmap 0 4K rw- private,anonymous\n")
print("1:", os.read(fd, 4096).decode().strip())
os.write(fd, b"brk\nmmap 0 4K r-- private,anonymous\n")
print("2:", os.read(fd, 4096).decode().strip().replace("\n", " "))
try:
    os.write(fd, b"frob\n")
except OSError as e:
    print("3: write failed", e.errno)
print("3:", os.read(fd, 4096).decode().strip())
EOF
	assert_output "1: 0x7ffff7ffe000
2: 0x555555559000 0x7ffff7ffd000
3: write failed 22
3: error: frob: unknown command (EINVAL)"
}

@test "each open file has its own replies" {
	must spawn
	run -0 python3 - "$MMSIM_MOUNT/2/ctl" <<'EOF'
import os, sys
a = os.open(sys.argv[1], os.O_RDWR)
b = os.open(sys.argv[1], os.O_RDWR)
os.write(a, b"mmap 0 4K rw- private,anonymous\n")
os.write(b, b"mmap 0 4K r-- private,anonymous\n")
print("a:", os.pread(a, 4096, 0).decode().strip())
print("b:", os.pread(b, 4096, 0).decode().strip())
EOF
	assert_output "a: 0x7ffff7ffe000
b: 0x7ffff7ffd000"
}

@test "commands written one write at a time pile up in order" {
	must spawn
	run -0 ctlio "$MMSIM_MOUNT/2/ctl" $'brk\n' $'mmap 0 4K rw- private,anonymous\n' $'brk 0x55555555a000\n'
	assert_output "write: 4
write: 32
write: 19
0x555555559000
0x7ffff7ffe000
0x55555555a000"
}

@test "a write longer than one FUSE piece runs every command exactly once" {
	# 1100 touch lines padded with a comment to 1 KiB each (1.1 MB) in
	# one write(2): the kernel hands them over in pieces of at most
	# 1 MiB, and a piece that ends mid-line is taken short, so write(2)
	# returns a short count and the writer sends the rest, starting with
	# the cut line. (Few, long lines keep the checker of the sanitizer
	# pass, which runs after every command, cheap.)
	must spawn
	must 2 mmap 0x7fffe0000000 4400K rw- private,anonymous,fixed
	run -0 python3 - "$MMSIM_MOUNT/2/ctl" "$BATS_TEST_DIRNAME" <<'EOF'
import collections, os, sys
sys.path.insert(0, sys.argv[2])
from mmsim_io import read_all
def line(i):
    cmd = b"touch 0x%x 4096 w #" % (0x7fffe0000000 + i * 4096)
    return cmd + b"x" * (1023 - len(cmd)) + b"\n"
cmds = b"".join(line(i) for i in range(1100))
fd = os.open(sys.argv[1], os.O_RDWR)
done = writes = 0
while done < len(cmds):
    done += os.write(fd, cmds[done:])
    writes += 1
print("bytes:", len(cmds), done, "short writes:", writes > 1)
lines = read_all(fd, 0).decode().splitlines()
print("replies:", len(lines))
for text, n in sorted(collections.Counter(lines).items()):
    print(n, text)
EOF
	assert_output "bytes: 1126400 1126400 short writes: True
replies: 1100
1100 pages=1 faults=1 anon=1 zero=0 cow=0 reuse=0 shmem=0"
	run -0 grep '^Rss:' "$(view 2 smaps_rollup)"
	assert_output "Rss:                4400 kB"
}

@test "a batch cut anywhere by a buffering writer runs each command once" {
	# echo writes through stdio, which cuts at its 1 KiB buffer (the
	# files' st_blksize), and cat in 128 KiB reads: both cut lines, and
	# a cut line waits for the rest of it in the next write. Lines are
	# padded with a comment to about 700 bytes so the batches are long
	# while the commands stay few. Alternating protections keep the 4K
	# mappings apart (200, 2200, 2000 VMAs), each placed just below the
	# one before.
	must spawn
	local batch i pad
	pad=$(printf '%*s' 660 '' | tr ' ' x)
	batch=$(for ((i = 0; i < 100; i++)); do
		echo "mmap 0 4K r-- private,anonymous #$pad"
		echo "mmap 0 4K rw- private,anonymous #$pad"
	done)
	echo "$batch" >"$MMSIM_MOUNT/2/ctl"
	run -0 wc -l <"$(view 2 maps)"
	assert_output 201
	run -0 head -n 1 "$(view 2 maps)"
	assert_output "$(maps_line "$(printf 0x%x $((MMAP_BASE - 200 * PAGE)))" "$(printf 0x%x $((MMAP_BASE - 199 * PAGE)))" rw-p)"

	for ((i = 0; i < 10; i++)); do echo "$batch"; done >"$BATS_TEST_TMPDIR/batch"
	cat "$BATS_TEST_TMPDIR/batch" >"$MMSIM_MOUNT/2/ctl"
	run -0 wc -l <"$(view 2 maps)"
	assert_output 2201
	run -0 head -n 1 "$(view 2 maps)"
	assert_output "$(maps_line "$(printf 0x%x $((MMAP_BASE - 2200 * PAGE)))" "$(printf 0x%x $((MMAP_BASE - 2199 * PAGE)))" rw-p)"

	# 1.4 MB through stdio: the kernel cuts stdio's write at 1 MiB, the
	# piece is taken short, stdio writes the rest, which ends mid-line.
	must spawn
	batch=$(cat "$BATS_TEST_TMPDIR/batch")
	echo "$batch" >"$MMSIM_MOUNT/3/ctl"
	run -0 wc -l <"$(view 3 maps)"
	assert_output 2001
	run -0 head -n 1 "$(view 3 maps)"
	assert_output "$(maps_line "$(printf 0x%x $((MMAP_BASE - 2000 * PAGE)))" "$(printf 0x%x $((MMAP_BASE - 1999 * PAGE)))" rw-p)"
}

@test "a last line without newline runs when the writer reads or closes" {
	must spawn
	# At close(2), by the shell's redirection.
	printf 'mmap 0 4K rw- private,anonymous' >"$MMSIM_MOUNT/2/ctl"
	run -0 cat "$(view 2 maps)"
	assert_output "$(maps_line 0x7ffff7ffe000 0x7ffff7fff000 rw-p)
$(stack_line)"
	# At the read of the replies.
	exec 7<>"$MMSIM_MOUNT/2/ctl"
	printf 'mmap 0 4K r-- private,anonymous\nbrk' >&7
	run -0 cat <&7
	exec 7>&-
	assert_output "0x7ffff7ffd000
0x555555559000"
	# A failing one fails close(2) with its errno.
	run -0 python3 - "$MMSIM_MOUNT/2/ctl" <<'EOF'
import errno, os, sys
fd = os.open(sys.argv[1], os.O_WRONLY)
print("write:", os.write(fd, b"munmap 0x7ffff7ffd000 4K\nfrob"))
try:
    os.close(fd)
    print("close: ok")
except OSError as e:
    print("close:", errno.errorcode[e.errno])
EOF
	assert_output "write: 29
close: EINVAL"
	run -0 cat "$(view 2 maps)"
	assert_output "$(maps_line 0x7ffff7ffe000 0x7ffff7fff000 rw-p)
$(stack_line)"
}

@test "one command line longer than a FUSE piece fails EINVAL and runs nothing" {
	must spawn
	must 2 mmap 0x7fffe0000000 2M rw- private,anonymous,fixed
	run -0 python3 - "$MMSIM_MOUNT/2/ctl" <<'EOF'
import errno, os, sys
fd = os.open(sys.argv[1], os.O_RDWR)
try:
    os.write(fd, b"store 0x7fffe0000000 0x" + b"ab" * (1 << 20) + b"\n")
except OSError as e:
    print("write:", errno.errorcode[e.errno])
print(os.pread(fd, 4096, 0).decode(), end="")
EOF
	assert_output --regexp '^write: EINVAL
error: store: command line longer than [0-9]+ bytes, the most one write piece holds; write large data through mem instead \(EINVAL\)$'
	run -0 grep '^Rss:' "$(view 2 smaps_rollup)"
	assert_output "Rss:                   0 kB"
}

@test "a write to an open ctl of a process that exited meanwhile fails ESRCH" {
	must spawn
	run -0 ctlio "$MMSIM_MOUNT/2/ctl" $'exit\n' $'mmap 0 4K rw- private,anonymous\n'
	assert_output --regexp $'^write: 5\nwrite: ESRCH\n\nerror: mmap: [^\n]+ \\(ESRCH\\)$'
}

@test "per-process commands are refused by the global ctl and vice versa" {
	run -0 ctlio "$MMSIM_MOUNT/ctl" $'mmap 0 4K rw- private,anonymous\n'
	assert_line -n 0 "write: EINVAL"
	assert_regex "${lines[1]}" '^error: mmap: .+ \(EINVAL\)$'
	run -0 ctlio "$MMSIM_MOUNT/1/ctl" $'spawn\n'
	assert_line -n 0 "write: EINVAL"
	assert_regex "${lines[1]}" '^error: spawn: .+ \(EINVAL\)$'
	[[ ! -e $MMSIM_MOUNT/2 ]] || fail "spawn ran from a per-process ctl"
}

@test "numbers are decimal or 0x hex, lengths take K, M and G" {
	must spawn
	run -0 mm 2 mmap 0 4096 rw- private,anonymous
	assert_output 0x7ffff7ffe000
	run -0 mm 2 mmap 0 0x2000 rw- private,anonymous
	assert_output 0x7ffff7ffc000
	run -0 mm 2 mmap 0 1M rw- private,anonymous
	assert_output 0x7ffff7efc000
	# A length that is a multiple of 2M is placed THP-aligned, as
	# __get_unmapped_area() does for anonymous memory since 6.7.
	run -0 mm 2 mmap 0 1G rw- private,anonymous,noreserve
	assert_output 0x7fffb7e00000
	run -0 mm 2 mmap 268435456 4K rw- private,anonymous,fixed
	assert_output 0x10000000
	run -0 cat "$(view 2 maps)"
	assert_output "$(maps_line 0x10000000 0x10001000 rw-p)
$(maps_line 0x7fffb7e00000 0x7ffff7e00000 rw-p)
$(maps_line 0x7ffff7efc000 0x7ffff7fff000 rw-p)
$(stack_line)"
}

@test "addresses in replies are 0x lowercase hex" {
	must spawn
	run -0 mm 2 mmap 0xABC000 4K rw- private,anonymous,fixed
	assert_output 0xabc000
}

@test "check answers ok on a busy machine" {
	spawn_with_area 64K
	must 2 touch "$AREA" 16K w
	must 2 fork
	must 3 touch "$AREA" 8K w
	run -0 mm check
	assert_output ok
}

@test "rmap finds the mappings of a shmem frame through i_mmap" {
	spawn_with_area 16K rw- shared,anonymous
	must 2 touch "$AREA" 4K w
	must 2 fork
	must 3 touch "$AREA" 4K r
	must 2 mremap "$AREA" 16K 16K maymove fixed 0x7ffff0000000
	run -0 mm rmap "$(pagemap_pfn 3 "$AREA")"
	run -0 bash -c "tr ' ' '\n' <<<'$output' | sort"
	assert_output "2:0x7ffff0000000
3:0x7ffff7ffb000"
}

@test "rmap lists every process mapping a frame, or none" {
	spawn_with_area 16K
	must 2 touch "$AREA" 16K w
	must 2 fork
	local pfn1 pfn0child
	pfn1=$(pagemap_pfn 2 "$(page_addr "$AREA" 1)")
	run -0 mm rmap "$pfn1"
	run -0 bash -c "tr ' ' '\n' <<<'$output' | sort"
	assert_output "2:0x7ffff7ffc000
3:0x7ffff7ffc000"
	# After the child's COW each process maps its own frame.
	must 3 touch "$AREA" 4K w
	pfn0child=$(pagemap_pfn 3 "$AREA")
	run -0 mm rmap "$pfn0child"
	assert_output "3:0x7ffff7ffb000"
	run -0 mm rmap "$(pagemap_pfn 2 "$AREA")"
	assert_output "2:0x7ffff7ffb000"
	# Once the child is gone its frame maps nowhere.
	must 3 exit
	must 2 wait
	run -0 mm rmap "$pfn0child"
	assert_output none
}

@test "load ADDR LEN text replies the bytes as a string store takes back" {
	spawn_with_area 8K
	must "$PID" store "$AREA" '"hi\n\t\"q\"\\\x01\xff"'
	run -0 mm "$PID" load "$AREA" 12 text
	assert_output '"hi\n\t\"q\"\\\x01\xff\0\0"'
	# The reply is store's DATA: it writes the same bytes again.
	must "$PID" store "$(page_addr "$AREA" 1)" "$output"
	run -0 mm "$PID" load "$(page_addr "$AREA" 1)" 12
	assert_output "$(mm "$PID" load "$AREA" 12)"
	run -0 mm "$PID" load "$AREA" 3
	assert_output 68690a
	fails_unchanged "$PID" EINVAL "load: .*" load "$AREA" 4 txt
	# A fatal load replies the signal, as without text.
	run -4 mm "$PID" load 0x1000 1 text
	assert_output "SIGSEGV SEGV_MAPERR 0x1000"
}
