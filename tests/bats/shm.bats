#!/usr/bin/env bats
# shm.bats - System V shared memory: shmget's keys and shmids, shmat's
# mappings as maps, smaps, status and meminfo show them (the values a
# 6.18 host shows for the same calls), fork and exit, read-only
# attachments, shmdt, and the errors, each leaving the machine unchanged.

load helpers

setup() { mmsim_setup; }
teardown() { mmsim_teardown; }

SEG=0x7ffff7ffb000	# a 16K attachment where mmap 0 puts it

# sysv_line START END PERMS KEY SHMID: the maps line of an attachment.
sysv_line() {
	maps_line "$1" "$2" "$3" 00000000 00:01 "$5" \
		"$(printf '/SYSV%08x (deleted)' "$(($4))")"
}

@test "shmget private makes shmid 0, 1, ...; shmat maps /SYSV00000000 (deleted) on 00:01 with the shmid as inode" {
	must spawn
	run -0 mm 2 shmget private 16K
	assert_output 0
	run -0 mm 2 shmget 0 16K
	assert_output 1
	run -0 mm 2 shmat 0 0
	assert_output $SEG
	run -0 mm 2 shmat 1 0
	assert_output 0x7ffff7ff7000
	run -0 cat "$(view 2 maps)"
	assert_output "$(sysv_line 0x7ffff7ff7000 $SEG rw-s 0 1)
$(sysv_line $SEG 0x7ffff7fff000 rw-s 0 0)
$(stack_line)"
	run -0 smaps_field 2 $SEG VmFlags
	assert_output "rd wr sh mr mw me ms"
}

@test "a segment's pages count in RssShmem, smaps Private_Dirty and meminfo Shmem" {
	must spawn
	must 2 shmget private 16K
	must 2 shmat 0 0
	local shmem0
	shmem0=$(meminfo_kb Shmem)
	run -0 mm 2 touch $SEG 8K w
	assert_output "pages=2 faults=2 anon=0 zero=0 cow=0 reuse=0 shmem=2"
	run -0 status_field 2 RssShmem
	assert_output "8 kB"
	run -0 status_field 2 RssAnon
	assert_output "0 kB"
	run -0 smaps_field 2 $SEG Rss
	assert_output "8 kB"
	run -0 smaps_field 2 $SEG Private_Dirty
	assert_output "8 kB"
	run -0 smaps_field 2 $SEG Anonymous
	assert_output "0 kB"
	assert_equal "$(meminfo_kb Shmem)" "$((shmem0 + 8))"
	# pagemap: present, exclusive, file/shared (bit 61)
	run -0 pagemap_entry 2 $SEG
	assert_output --regexp '^present=1 swapped=0 file=1 exclusive=1 '
}

@test "no fault-around on a segment: a read fault maps one cached page, where shared anonymous memory maps its neighbours" {
	must spawn
	must 2 shmget private 16K
	must 2 shmat 0 0
	must 2 touch $SEG 16K w
	must 2 mmap 0 16K rw- shared,anonymous
	must 2 touch 0x7ffff7ff7000 16K w
	must 2 fork
	run -0 mm 3 touch $SEG 4K r
	assert_output "pages=1 faults=1 anon=0 zero=0 cow=0 reuse=0 shmem=1"
	run -0 smaps_field 3 $SEG Rss
	assert_output "4 kB"
	run -0 mm 3 touch 0x7ffff7ff7000 4K r
	run -0 smaps_field 3 0x7ffff7ff7000 Rss
	assert_output "16 kB"
}

@test "shmget KEY: IPC_CREAT finds the segment again; a larger size is EINVAL; maps shows the key" {
	must spawn
	run -0 mm 2 shmget 0x1234 8K
	assert_output 0
	run -0 mm 2 shmget 0x1234 4K
	assert_output 0
	run -0 mm 2 shmget private 8K
	assert_output 1
	fails_unchanged 2 EINVAL "shmget: segment 0 of key 0x1234 is 8192 bytes, less than 16384" \
		shmget 0x1234 16K
	run -0 mm 2 shmat 0 0
	assert_output 0x7ffff7ffd000
	run -0 maps_line 0x7ffff7ffd000 0x7ffff7fff000 rw-s 00000000 00:01 0 \
		'/SYSV00001234 (deleted)'
	assert_equal "$(head -1 "$(view 2 maps)")" "$output"
	# another process finds it by key
	must spawn
	run -0 mm 3 shmget 0x1234 1
	assert_output 0
}

@test "a segment is committed up front: Committed_AS grows at shmget" {
	must spawn
	local c0
	c0=$(meminfo_kb Committed_AS)
	must 2 shmget private 64K
	assert_equal "$(meminfo_kb Committed_AS)" "$((c0 + 64))"
	must 2 shmat 0 0
	assert_equal "$(meminfo_kb Committed_AS)" "$((c0 + 64))"
}

@test "fork inherits attachments without their PTEs; exit detaches; the segment and its data outlive both" {
	must spawn
	must 2 shmget private 16K
	must 2 shmat 0 0
	must 2 store $SEG '"parent"'
	run -0 mm 2 fork
	assert_output 3
	assert_equal "$(cat "$(view 3 maps)")" "$(cat "$(view 2 maps)")"
	run -0 smaps_field 3 $SEG Rss
	assert_output "0 kB"
	run -0 mm 3 load $SEG 6
	assert_output 706172656e74
	must 3 store $((SEG + 0x1000)) '"child"'
	run -0 mm 2 load $((SEG + 0x1000)) 5
	assert_output 6368696c64
	run -0 smaps_field 2 $SEG Shared_Dirty
	assert_output "8 kB"
	must 3 exit 0
	must 2 wait 3
	must 2 shmdt $SEG
	run -0 cat "$(view 2 maps)"
	assert_output "$(stack_line)"
	# nobody maps it now: a new process attaches and finds the data
	must spawn
	run -0 mm 4 shmat 0 0
	assert_output $SEG
	run -0 mm 4 load $((SEG + 0x1000)) 5
	assert_output 6368696c64
}

@test "shmat rdonly: r--s without VM_MAYWRITE or VM_SHARED; a store is SIGSEGV, mprotect rw- EACCES" {
	must spawn
	must 2 shmget private 8K
	run -0 mm 2 shmat 0 0 rdonly
	assert_output 0x7ffff7ffd000
	run -0 smaps_field 2 0x7ffff7ffd000 VmFlags
	assert_output "rd mr me ms"
	run -0 maps_line 0x7ffff7ffd000 0x7ffff7fff000 r--s 00000000 00:01 0 \
		'/SYSV00000000 (deleted)'
	assert_equal "$(head -1 "$(view 2 maps)")" "$output"
	fails_unchanged 2 EACCES ".*" mprotect 0x7ffff7ffd000 8K rw-
	run -4 mm 2 store 0x7ffff7ffd000 '"x"'
	assert_output --partial "SIGSEGV SEGV_ACCERR 0x7ffff7ffd000"
}

@test "shmat at a chosen address; a size that is no page multiple maps whole pages" {
	must spawn
	must 2 shmget private 10000
	run -0 mm 2 shmat 0 0x7ffff7000000
	assert_output 0x7ffff7000000
	run -0 cat "$(view 2 maps)"
	assert_output "$(sysv_line 0x7ffff7000000 0x7ffff7003000 rw-s 0 0)
$(stack_line)"
	must 2 store $((0x7ffff7000000 + 10100)) '"tail"'
	run -0 mm 2 load $((0x7ffff7000000 + 10100)) 4
	assert_output 7461696c
}

@test "shmdt removes every piece of the attachment mprotect split; munmap'ed parts stay gone" {
	must spawn
	must 2 shmget private 32K
	run -0 mm 2 shmat 0 0
	assert_output 0x7ffff7ff7000
	must 2 touch 0x7ffff7ff7000 32K w
	must 2 mprotect 0x7ffff7ff9000 8K r--
	run -0 cat "$(view 2 maps)"
	assert_output "$(sysv_line 0x7ffff7ff7000 0x7ffff7ff9000 rw-s 0 0)
$(maps_line 0x7ffff7ff9000 0x7ffff7ffb000 r--s 00002000 00:01 0 '/SYSV00000000 (deleted)')
$(maps_line 0x7ffff7ffb000 0x7ffff7fff000 rw-s 00004000 00:01 0 '/SYSV00000000 (deleted)')
$(stack_line)"
	must 2 shmdt 0x7ffff7ff7000
	run -0 cat "$(view 2 maps)"
	assert_output "$(stack_line)"
	run -0 status_field 2 RssShmem
	assert_output "0 kB"
}

@test "shmget, shmat and shmdt errors change nothing" {
	must spawn
	fails_unchanged 2 EINVAL "shmget: size 0 is outside SHMMIN..SHMMAX .*" \
		shmget private 0
	fails_unchanged 2 EINVAL "shmat: no segment has shmid 5" shmat 5 0
	fails_unchanged 2 EINVAL "shmat: no segment has shmid -1" shmat -1 0
	must 2 shmget private 8K
	run -0 mm 2 mmap 0 16K rw- private,anonymous
	assert_output 0x7ffff7ffb000
	fails_unchanged 2 EINVAL "shmat: address 0x7ffff7ffb001 is not SHMLBA-aligned" \
		shmat 0 0x7ffff7ffb001
	fails_unchanged 2 EINVAL "shmat: 0x7ffff7ffb000-0x7ffff7ffd000 overlaps a mapping" \
		shmat 0 0x7ffff7ffb000
	fails_unchanged 2 EINVAL "shmdt: no shm attachment starts at 0x7ffff7ffb000" \
		shmdt 0x7ffff7ffb000
	fails_unchanged 2 EINVAL "shmdt: address 0x7ffff7ffb001 is not page-aligned" \
		shmdt 0x7ffff7ffb001
	fails_unchanged 2 EINVAL "shmget: KEY 'public' is not a key .*" \
		shmget public 8K
	fails_unchanged 2 EINVAL "shmget: KEY '0x100000000' is out of range" \
		shmget 0x100000000 8K
	fails_unchanged 2 EINVAL "shmat: .*" shmat 0 0 readonly
}
