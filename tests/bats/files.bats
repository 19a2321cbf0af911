#!/usr/bin/env bats
# files.bats - the file layer: open/read/write/close/ftruncate/fadvise/
# unlink on a machine whose --root is a directory the test fills, file
# mappings (shared and private) with their faults, fault-around and
# read-ahead, SIGBUS past the end, COW of private file pages, msync,
# truncation, fadvise dontneed, drop_caches, fork's fd table, and what
# maps, smaps, status, statm, meminfo, vmstat and mincore show of it all.
# Last, the proof that no host file ever changes.

load helpers

# big.bin: 50 pages, page N filled with the byte N (so a load tells which
# page it came from). small.txt: 12 bytes, less than a page.
setup() {
	DATA=$(mktemp -d /tmp/mmsim-files.XXXXXX)
	printf 'hello world\n' >"$DATA/small.txt"
	python3 -c 'import sys; sys.stdout.buffer.write(b"".join(bytes([i]) * 4096 for i in range(50)))' >"$DATA/big.bin"
	mkdir "$DATA/dir"
	ln -s small.txt "$DATA/link"
	ln -s ../small.txt "$DATA/dir/up"
	ln -s /dir/up "$DATA/abslink"
	mmsim_setup --root="$DATA"
	PID=$(mmok spawn) || fail "spawn failed"
}
teardown() {
	mmsim_teardown
	rm -rf "$DATA"
}

summary() {
	printf 'pages=%s faults=%s anon=%s zero=%s cow=%s reuse=%s shmem=%s' "$@"
}

# devino FILE: "MAJ:MIN INODE" of a host file as maps prints them.
devino() {
	local maj min ino
	read -r maj min ino < <(stat -c '%Hd %Ld %i' "$1")
	printf '%02x:%02x %s\n' "$maj" "$min" "$ino"
}

# hexbytes BYTE N: N bytes of value BYTE, as load and read reply them.
hexbytes() {
	local i out=""
	for ((i = 0; i < $2; i++)); do out+=$(printf '%02x' "$1"); done
	echo "$out"
}

@test "open replies the lowest free fd, read the bytes in hex, pread leaves the position" {
	run -0 mm "$PID" open /small.txt rdonly
	assert_output 0
	run -0 mm "$PID" open /small.txt rdonly
	assert_output 1
	run -0 mm "$PID" read 0 5
	assert_output 68656c6c6f
	run -0 mm "$PID" read 0 100
	assert_output 20776f726c640a
	# At the end of the file read gives nothing.
	run -0 mm "$PID" read 0 10
	assert_output ""
	run -0 mm "$PID" read 1 5 6
	assert_output 776f726c64
	run -0 mm "$PID" read 1 5
	assert_output 68656c6c6f
	must "$PID" close 0
	run -0 mm "$PID" open /small.txt rdonly
	assert_output 0
}

@test "paths resolve . and .. and symlinks through the simulated tree, never past its root" {
	run -0 mm "$PID" open /link rdonly
	run -0 mm "$PID" read "$output" 5
	assert_output 68656c6c6f
	run -0 mm "$PID" open /dir/../dir/./up rdonly
	run -0 mm "$PID" read "$output" 5
	assert_output 68656c6c6f
	run -0 mm "$PID" open /abslink rdonly
	run -0 mm "$PID" read "$output" 5
	assert_output 68656c6c6f
	# ".." of the root is the root: /../../small.txt is /small.txt.
	run -0 mm "$PID" open /../../small.txt rdonly
	run -0 mm "$PID" read "$output" 5
	assert_output 68656c6c6f
	fails_unchanged "$PID" ELOOP "open: /link: is a symbolic link \(nofollow\)" \
		open /link rdonly,nofollow
}

@test "open, read, write, close and friends fail as Linux fails them" {
	fails_unchanged "$PID" ENOENT "open: /nope: no such file or directory" \
		open /nope rdonly
	fails_unchanged "$PID" ENOTDIR "open: /small.txt/x: a component is not a directory" \
		open /small.txt/x rdonly
	fails_unchanged "$PID" EISDIR "open: /dir: is a directory" open /dir wronly
	fails_unchanged "$PID" EEXIST "open: /small.txt: exists \(creat,excl\)" \
		open /small.txt rdwr,creat,excl
	fails_unchanged "$PID" EINVAL "open: FLAGS 'rdonly,wronly' holds more than one of rdonly, wronly and rdwr" \
		open /small.txt rdonly,wronly
	fails_unchanged "$PID" EINVAL "open: FLAGS: unknown flag 'bogus' .*" \
		open /small.txt bogus
	fails_unchanged "$PID" EBADF "read: fd 7 is not open" read 7 4
	fails_unchanged "$PID" EBADF "close: fd 7 is not open" close 7
	fails_unchanged "$PID" EBADF "write: fd 7 is not open" write 7 '"x"'
	fails_unchanged "$PID" EBADF "ftruncate: fd 7 is not open" ftruncate 7 0
	fails_unchanged "$PID" EBADF "fadvise: fd 7 is not open" fadvise 7 0 0 dontneed
	must "$PID" open /small.txt rdonly
	must "$PID" open /small.txt wronly
	must "$PID" open /dir rdonly
	fails_unchanged "$PID" EBADF "write: fd 0 is not open for writing" write 0 '"x"'
	fails_unchanged "$PID" EBADF "read: fd 1 is not open for reading" read 1 4
	fails_unchanged "$PID" EISDIR "read: is a directory" read 2 4
	fails_unchanged "$PID" EINVAL "ftruncate: not a regular file open for writing" ftruncate 0 0
	fails_unchanged "$PID" EACCES "mmap: a shared writable mapping needs a file open for writing" \
		mmap 0 4K rw- shared 0 0
	fails_unchanged "$PID" EACCES "mmap: a file mapping needs a file open for reading" \
		mmap 0 4K r-- private 1 0
	fails_unchanged "$PID" ENODEV "mmap: only regular files can be mapped" \
		mmap 0 4K r-- private 2 0
	fails_unchanged "$PID" EBADF "mmap: FLAGS lack anonymous and no FD is given: there is no file to map" \
		mmap 0 4K r-- private
	fails_unchanged "$PID" EBADF "mmap: fd 9 is not open" mmap 0 4K r-- private 9 0
	fails_unchanged "$PID" EINVAL "mmap: OFFSET 0x10 is not page-aligned" \
		mmap 0 4K r-- private 0 16
}

@test "a private read-only file mapping is named by its path, with the host's device and inode" {
	local addr
	must "$PID" open /big.bin rdonly
	addr=$(mmok "$PID" mmap 0 200K r-- private 0 0)
	assert_equal "$addr" "$(hex $((MMAP_BASE - 200 * 1024)))"
	read -r dev ino < <(devino "$DATA/big.bin")
	run -0 grep -F "big.bin" "$(view "$PID" maps)"
	assert_output "$(maps_line "$addr" $MMAP_BASE r--p 00000000 "$dev" "$ino" /big.bin)"
	# At an offset, maps shows it; the VMA ends where the file does not.
	addr=$(mmok "$PID" mmap 0 8K r-- private 0 0x2000)
	run -0 grep -F "$(printf '%08x' $((addr)))-" "$(view "$PID" maps)"
	assert_output "$(maps_line "$addr" $((addr + 8192)) r--p 00002000 "$dev" "$ino" /big.bin)"
}

@test "a read fault that misses reads the read-around window and, retried, maps 16 pages around" {
	local addr cached pgpgin majflt pgfault
	must "$PID" open /big.bin rdonly
	addr=$(mmok "$PID" mmap 0 200K r-- private 0 0)
	cached=$(meminfo_kb Cached)
	pgpgin=$(vmstat_val pgpgin)
	majflt=$(vmstat_val pgmajfault)
	pgfault=$(vmstat_val pgfault)
	# A miss: a major fault, which reads ra_pages (32) from the start of
	# the file (read-around centred on page 0) and asks for a retry; the
	# retry's fault-around maps the 64 KiB window of cached pages.
	run -0 mm "$PID" touch "$addr" 4K r
	assert_output "$(summary 1 1 0 0 0 0 0) file=1 major=1"
	run -0 smaps_field "$PID" "$addr" Rss
	assert_output "64 kB"
	assert_equal "$(($(meminfo_kb Cached) - cached))" 128
	assert_equal "$(($(vmstat_val pgpgin) - pgpgin))" 128
	assert_equal "$(($(vmstat_val pgmajfault) - majflt))" 1
	# One fault for vmstat and for the task's majflt (stat field 12).
	assert_equal "$(($(vmstat_val pgfault) - pgfault))" 1
	run -0 awk '{ print $10, $12 }' "$(view "$PID" stat)"
	assert_output "0 1"
	run -0 mm "$PID" mincore "$addr" 200K
	assert_output "$(printf '1%.0s' {1..32})$(printf '0%.0s' {1..18})"
	run -0 mm "$PID" touch "$(page_addr "$addr" 1)" 4K r
	assert_output "$(summary 1 0 0 0 0 0 0)"
	# A hit: fault-around maps the cached pages of the 16-PTE window
	# (aligned in the page table: the VMA starts at PTE 461, so page 20's
	# window is pages 19-34) but the read-ahead marker (page 24, a quarter
	# of the read window before its end): 12 pages.
	run -0 mm "$PID" touch "$(page_addr "$addr" 20)" 4K r
	assert_output "$(summary 1 1 0 0 0 0 0) file=1"
	run -0 smaps_field "$PID" "$addr" Rss
	assert_output "112 kB"
	run -0 smaps_field "$PID" "$addr" Private_Clean
	assert_output "112 kB"
	run -0 mm "$PID" load "$(page_addr "$addr" 7)" 4
	assert_output 07070707
	# The marker's own fault reads the next window on (the rest of the
	# file: it ends at page 49), without a major fault.
	run -0 mm "$PID" touch "$(page_addr "$addr" 24)" 4K r
	assert_output "$(summary 1 1 0 0 0 0 0) file=1"
	assert_equal "$(($(meminfo_kb Cached) - cached))" 200
	assert_equal "$(($(vmstat_val pgmajfault) - majflt))" 1
	run -0 mm "$PID" mincore "$addr" 200K
	assert_output "$(printf '1%.0s' {1..50})"
	run -0 status_field "$PID" RssFile
	assert_output "116 kB"
	# statm's third field (shared) counts file pages.
	run -0 awk '{ print $3 }' "$(view "$PID" statm)"
	assert_output 29
	assert_equal "$(meminfo_kb Mapped)" 116
	run -0 pagemap_entry "$PID" "$addr"
	assert_output --regexp 'file=1'
}

@test "a read past the last page of the file is SIGBUS BUS_ADRERR, within it bytes past EOF read 0" {
	local addr
	must "$PID" open /small.txt rdonly
	addr=$(mmok "$PID" mmap 0 8K r-- private 0 0)
	run -0 mm "$PID" load "$addr" 16
	assert_output 68656c6c6f20776f726c640a00000000
	run -4 mm "$PID" touch "$(page_addr "$addr" 1)" 4K r
	assert_output "SIGBUS BUS_ADRERR $(page_addr "$addr" 1)"
	assert [ ! -e "$MMSIM_MOUNT/$PID" ]
}

@test "a store to a private file mapping copies the page: the file keeps its bytes" {
	local addr pfn
	must "$PID" open /big.bin rdonly
	addr=$(mmok "$PID" mmap 0 16K rw- private 0 0)
	must "$PID" touch "$addr" 4K r
	pfn=$(pagemap_pfn "$PID" "$addr")
	run -0 pagemap_entry "$PID" "$addr"
	assert_output --regexp 'file=1'
	# The write fault on the mapped cache page: do_wp_page copies it.
	run -0 mm "$PID" store "$addr" '"XY"'
	run -0 smaps_field "$PID" "$addr" Anonymous
	assert_output "4 kB"
	run -0 smaps_field "$PID" "$addr" Private_Dirty
	assert_output "4 kB"
	assert [ "$(pagemap_pfn "$PID" "$addr")" != "$pfn" ]
	run -0 mm "$PID" load "$addr" 3
	assert_output 585900
	run -0 mm "$PID" read 0 3
	assert_output 000000
	# The VMA is on the file's i_mmap and an anon_vma: rmap finds both kinds.
	run -0 mm rmap "$pfn"
	assert_output none
	run -0 mm "$PID" touch "$(page_addr "$addr" 1)" 4K r
	pfn=$(pagemap_pfn "$PID" "$(page_addr "$addr" 1)")
	run -0 mm rmap "$pfn"
	assert_output "$PID:$(page_addr "$addr" 1)"
	# A write fault on a page never mapped copies it straight away.
	run -0 mm "$PID" touch "$(page_addr "$addr" 3)" 4K w
	run -0 mm "$PID" load "$(page_addr "$addr" 3)" 2
	assert_output 0303
	run -0 smaps_field "$PID" "$addr" Anonymous
	assert_output "8 kB"
}

@test "fork copies the fd table: shared positions, separate slots; exit closes it" {
	local child
	must "$PID" open /small.txt rdonly
	run -0 mm "$PID" read 0 2
	assert_output 6865
	child=$(mmok "$PID" fork)
	# The file (and its position) is shared.
	run -0 mm "$child" read 0 3
	assert_output 6c6c6f
	run -0 mm "$PID" read 0 2
	assert_output 2077
	must "$child" close 0
	run -0 mm "$PID" read 0 2
	assert_output 6f72
	run -0 mm "$child" open /small.txt rdonly
	assert_output 0
	must "$child" exit
	run -0 mm "$PID" read 0 1
	assert_output 6c
}

@test "fork copies no PTEs of a file VMA without an anon_vma, and all of one with it" {
	local addr child
	must "$PID" open /big.bin rdonly
	addr=$(mmok "$PID" mmap 0 64K rw- private 0 0)
	must "$PID" touch "$addr" 16K r
	child=$(mmok "$PID" fork)
	run -0 smaps_field "$child" "$addr" Rss
	assert_output "0 kB"
	must "$child" exit
	must "$PID" store "$addr" '"x"'
	child=$(mmok "$PID" fork)
	run -0 smaps_field "$child" "$addr" Rss
	assert_output "64 kB"
	run -0 smaps_field "$child" "$addr" Anonymous
	assert_output "4 kB"
}

@test "write lands in the page cache as dirty pages; fsync by msync writes them back" {
	local addr dirty
	must "$PID" open /small.txt rdwr
	dirty=$(meminfo_kb Dirty)
	run -0 mm "$PID" write 0 '"HE"'
	assert_output 2
	assert_equal "$(($(meminfo_kb Dirty) - dirty))" 4
	run -0 mm "$PID" read 0 3 0
	assert_output 48456c
	# A shared mapping sees the cache page, dirty and all.
	addr=$(mmok "$PID" mmap 0 4K rw- shared 0 0)
	run -0 mm "$PID" load "$addr" 3
	assert_output 48456c
	run -0 smaps_field "$PID" "$addr" Shared_Clean
	assert_output "0 kB"
	run -0 smaps_field "$PID" "$addr" Private_Dirty
	assert_output "4 kB"
	must "$PID" msync "$addr" 4K sync
	assert_equal "$(meminfo_kb Dirty)" "$dirty"
	run -0 smaps_field "$PID" "$addr" Private_Clean
	assert_output "4 kB"
	# The PTE was cleaned and write-protected: the next store faults and
	# dirties the page again (write-notify).
	run -0 mm "$PID" touch "$addr" 4K w
	assert_output "$(summary 1 1 0 0 0 1 0)"
	assert_equal "$(($(meminfo_kb Dirty) - dirty))" 4
	assert_equal "$(vmstat_val nr_written)" 1
}

@test "a shared mapping's stores reach other processes and the file" {
	local addr child
	must "$PID" open /big.bin rdwr
	addr=$(mmok "$PID" mmap 0 8K rw- shared 0 0)
	child=$(mmok "$PID" fork)
	run -0 mm "$PID" store "$addr" '"shared!"'
	run -0 mm "$child" load "$addr" 7
	assert_output 73686172656421
	run -0 mm "$child" read 0 7 0
	assert_output 73686172656421
	run -0 smaps_field "$PID" "$addr" Shared_Dirty
	assert_output "4 kB"
	run -0 smaps_field "$PID" "$addr" Pss
	assert_output "2 kB"
}

@test "ftruncate unmaps the pages beyond the new end everywhere and zeroes the tail" {
	local addr
	must "$PID" open /big.bin rdwr
	addr=$(mmok "$PID" mmap 0 16K rw- shared 0 0)
	must "$PID" touch "$addr" 16K r
	run -0 smaps_field "$PID" "$addr" Rss
	assert_output "16 kB"
	must "$PID" ftruncate 0 5000
	run -0 smaps_field "$PID" "$addr" Rss
	assert_output "8 kB"
	run -0 mm "$PID" load "$(page_addr "$addr" 1)" 1
	assert_output 01
	run -0 mm "$PID" load $(($(page_addr "$addr" 1) + 5000 - 4096)) 2
	assert_output 0000
	run -0 mm "$PID" mincore "$addr" 16K
	assert_output 1100
	run -4 mm "$PID" touch "$(page_addr "$addr" 2)" 4K r
	assert_output "SIGBUS BUS_ADRERR $(page_addr "$addr" 2)"
}

@test "fadvise dontneed drops the clean, unmapped pages; willneed reads them back" {
	local addr cached
	cached=$(meminfo_kb Cached)
	must "$PID" open /big.bin rdonly
	run -0 mm "$PID" read 0 8K
	# A read of 2 pages from the start: get_init_ra_size() doubles it,
	# with the last 2 pages read ahead (PG_readahead on page 2).
	assert_equal "$(($(meminfo_kb Cached) - cached))" 16
	addr=$(mmok "$PID" mmap 0 200K r-- private 0 0)
	run -0 mm "$PID" mincore "$addr" 40K
	assert_output 1111000000
	# Fault-around maps the cached pages but the read-ahead marker.
	must "$PID" touch "$addr" 4K r
	run -0 smaps_field "$PID" "$addr" Rss
	assert_output "12 kB"
	must "$PID" fadvise 0 0 0 dontneed
	# The mapped pages stay.
	run -0 mm "$PID" mincore "$addr" 40K
	assert_output 1101000000
	assert_equal "$(($(meminfo_kb Cached) - cached))" 12
	must "$PID" fadvise 0 8K 16K willneed
	run -0 mm "$PID" mincore "$addr" 40K
	assert_output 1111110000
}

@test "drop_caches 1 drops every clean unmapped page-cache page; dirty and mapped ones stay" {
	local cached
	cached=$(meminfo_kb Cached)
	must "$PID" open /big.bin rdwr
	must "$PID" read 0 4K
	must "$PID" write 0 '"d"' 0x20000
	addr=$(mmok "$PID" mmap 0 4K r-- shared 0 0x10000)
	must "$PID" touch "$addr" 4K r
	assert [ "$(($(meminfo_kb Cached) - cached))" -gt 12 ]
	run -0 mm drop_caches 1
	assert_equal "$(($(meminfo_kb Cached) - cached))" 8
	assert_equal "$(vmstat_val drop_pagecache)" 1
	run -0 mm drop_caches 3
	assert_equal "$(vmstat_val drop_slab)" 1
	fails_unchanged "" EINVAL "drop_caches: N 4 is not 1, 2 or 3" drop_caches 4
}

@test "creat makes a file in the overlay; unlink hides it, and a mapping keeps it as (deleted)" {
	local addr
	run -0 mm "$PID" open /new.txt wronly,creat 600
	assert_output 0
	run -0 mm "$PID" write 0 '"fresh"'
	assert_output 5
	assert [ ! -e "$DATA/new.txt" ]
	run -0 mm "$PID" open /new.txt rdonly
	assert_output 1
	addr=$(mmok "$PID" mmap 0 4K r-- private 1 0)
	run -0 mm "$PID" load "$addr" 5
	assert_output 6672657368
	must "$PID" unlink /new.txt
	run -0 grep -F "new.txt" "$(view "$PID" maps)"
	assert_output --regexp ' /new.txt \(deleted\)$'
	fails_unchanged "$PID" ENOENT "open: /new.txt: no such file or directory" \
		open /new.txt rdonly
	# A host file unlinked is gone for the machine only.
	must "$PID" unlink /small.txt
	fails_unchanged "$PID" ENOENT "open: /small.txt: no such file or directory" \
		open /small.txt rdonly
	assert [ -e "$DATA/small.txt" ]
	fails_unchanged "$PID" EISDIR "unlink: /dir: is a directory" unlink /dir
	run -0 mm "$PID" open /small.txt rdwr,creat
	run -0 mm "$PID" read "$output" 4
	assert_output ""
}

@test "no host file changes: write, shared stores, msync, ftruncate, trunc and unlink leave its bytes and mtime" {
	local sum mtime addr
	sum=$(sha256sum <"$DATA/big.bin")
	mtime=$(stat -c %Y.%y "$DATA/big.bin")
	must "$PID" open /big.bin rdwr
	must "$PID" write 0 '"overwritten"'
	addr=$(mmok "$PID" mmap 0 200K rw- shared 0 0)
	must "$PID" store "$(page_addr "$addr" 10)" '"shared store"'
	must "$PID" msync "$addr" 200K sync
	must "$PID" fadvise 0 0 0 dontneed
	must "$PID" ftruncate 0 100
	must "$PID" open /big.bin rdwr,trunc
	must "$PID" unlink /big.bin
	run -0 mm drop_caches 3
	assert_equal "$(sha256sum <"$DATA/big.bin")" "$sum"
	assert_equal "$(stat -c %Y.%y "$DATA/big.bin")" "$mtime"
	assert_equal "$(stat -c %s "$DATA/big.bin")" 204800
}

@test "msync and mincore check their ranges" {
	local addr
	addr=$(mmok "$PID" mmap 0 8K rw- private,anonymous)
	fails_unchanged "$PID" ENOMEM "msync: 0x[0-9a-f]+-0x[0-9a-f]+ is not fully mapped" \
		msync "$addr" 16K sync
	fails_unchanged "$PID" ENOMEM ".*is not mapped" mincore "$addr" 16K
	fails_unchanged "$PID" EINVAL "msync: sync and async exclude each other" \
		msync "$addr" 8K sync,async
	must "$PID" touch "$addr" 4K w
	run -0 mm "$PID" mincore "$addr" 8K
	assert_output 10
	must "$PID" msync "$addr" 8K async
	# A dirty shared file page before a hole: as on Linux, the failed
	# msync has written it back.
	must "$PID" open /big.bin rdwr
	must "$PID" munmap "$addr" 8K
	must "$PID" mmap "$addr" 4K rw- shared,fixed 0 0
	must "$PID" store "$addr" '"d"'
	run -0 smaps_field "$PID" "$addr" Private_Dirty
	assert_output "4 kB"
	run -1 mm "$PID" msync "$addr" 8K sync
	run -0 smaps_field "$PID" "$addr" Private_Clean
	assert_output "4 kB"
}

@test "read faults on an uncached file: mincore and Rss as the host kernel gives them" {
	local host sim addr out page
	[[ $(stat -f -c %T "$DATA") != tmpfs ]] || skip "$DATA is on tmpfs: the host's pages would be shmem"
	cc -O2 -Wall -o "$DATA/hostfault" "$BATS_TEST_DIRNAME/../files/hostfault.c"
	# A fresh file, so that the host's page cache state is known.
	head -c $((64 * 4096)) /dev/urandom >"$DATA/fresh.bin"
	mount_machine --cpu=host --root="$DATA"
	PID=$(mmok spawn)
	must "$PID" open /fresh.bin rdonly
	addr=$(mmok "$PID" mmap 0 256K r-- private 0 0)
	host=$("$DATA/hostfault" "$DATA/fresh.bin" "$addr" 64 0 1 40 63)
	sim=""
	for page in 0 1 40 63; do
		must "$PID" touch "$(page_addr "$addr" "$page")" 4K r
		out=$(mmok "$PID" mincore "$addr" 256K)
		sim+="$out $(smaps_field "$PID" "$addr" Rss | sed 's/ kB//')"$'\n'
	done
	assert_equal "$sim" "$host"$'\n'
}

@test "PID/fd holds a link per open fd: its path, and its mode in the link's bits" {
	must "$PID" open /small.txt rdonly
	must "$PID" open /new.txt rdwr,creat
	must "$PID" open /big.bin wronly
	run -0 ls "$MMSIM_MOUNT/$PID/fd"
	assert_output $'0\n1\n2'
	run -0 stat -c '%A %N' "$MMSIM_MOUNT/$PID/fd/0" "$MMSIM_MOUNT/$PID/fd/1" "$MMSIM_MOUNT/$PID/fd/2"
	assert_output "lr-x------ '$MMSIM_MOUNT/$PID/fd/0' -> '/small.txt'
lrwx------ '$MMSIM_MOUNT/$PID/fd/1' -> '/new.txt'
l-wx------ '$MMSIM_MOUNT/$PID/fd/2' -> '/big.bin'"
	run -0 stat -c '%A' "$MMSIM_MOUNT/$PID/fd"
	assert_output dr-x------
	must "$PID" unlink /new.txt
	run -0 readlink "$MMSIM_MOUNT/$PID/fd/1"
	assert_output "/new.txt (deleted)"
	must "$PID" close 0
	run -0 ls "$MMSIM_MOUNT/$PID/fd"
	assert_output $'1\n2'
	run -1 readlink "$MMSIM_MOUNT/$PID/fd/0"
	# A fork's child has its own copy; exit closes it.
	child=$(mmok "$PID" fork)
	run -0 ls "$MMSIM_MOUNT/$child/fd"
	assert_output $'1\n2'
	run -0 ls "$MMSIM_MOUNT/1/fd"
	assert_output ""
}
