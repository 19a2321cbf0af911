#!/usr/bin/env bash
# seed001-address-space.sh - seed 001, "the basic structure of a Unix
# process's address space": text, data, BSS, heap, stack, each a memory
# area (vm_area_struct) of its own, and mm_struct's start_code/end_code,
# start_data/end_data, start_brk/brk and start_stack. The program is a
# static ELF the lesson writes itself (python3), so every host sees the
# same one: a text segment (r-x, one page), a data segment (rw-, one page
# of initial values in the file) whose p_memsz adds two pages of BSS.
# execve (load_elf_binary) maps text and data from the file and the BSS
# as anonymous memory, and sets brk just after it; brk() then makes
# [heap]. Text is write-protected and shared: two processes running the
# program map the same page cache frame. Data is private: a write makes
# the writer's own copy. BSS reads as zeros, from no file. (The host
# kernel maps this program the same way, line for line: lessons.bats
# compares them with tests/exec/hostexec.c.)
#
# Usage: MMSIM_MOUNT=MOUNTPOINT bash seed001-address-space.sh
#   on a freshly mounted machine (mmctl from $MMCTL, else from PATH;
#   python3; the program goes to $LESSON_DIR, else to a temporary
#   directory of the host, removed at the end).
#
# What a student should see:
#   -- after execve
#   text   00400000-00401000 r-xp 00000000 PROG     VM_READ|VM_EXEC|VM_MAYREAD|VM_MAYWRITE|VM_MAYEXEC
#          start_code 0x400000 end_code 0x401000
#   data   00402000-00403000 rw-p 00001000 PROG     VM_READ|VM_WRITE|VM_MAYREAD|VM_MAYWRITE|VM_MAYEXEC|VM_ACCOUNT
#          start_data 0x402000 end_data 0x403000
#   bss    00403000-00405000 rw-p 00000000 (anon)   VM_READ|VM_WRITE|VM_MAYREAD|VM_MAYWRITE|VM_MAYEXEC|VM_ACCOUNT
#   heap   start_brk 0x405000 brk 0x405000: no [heap] yet
#   stack  7ffffffde000-7ffffffff000 rw-p 00000000 [stack]  VM_READ|VM_WRITE|VM_MAYREAD|VM_MAYWRITE|VM_MAYEXEC|VM_GROWSDOWN|VM_ACCOUNT
#          start_stack: in [stack], below argv and envp: yes
#   -- brk 0x407000
#   heap   00405000-00407000 rw-p 00000000 [heap]   VM_READ|VM_WRITE|VM_MAYREAD|VM_MAYWRITE|VM_MAYEXEC|VM_ACCOUNT
#          start_brk 0x405000 brk 0x407000
#   -- the contents
#   data:  "initialized\0"
#   bss:   0000000000000000
#   text:  two processes, one frame: yes
#   data:  the other process wrote its copy: "changed"; ours: "initial"
set -euo pipefail
: "${MMSIM_MOUNT:?set MMSIM_MOUNT to a mounted machine}"
MMCTL=${MMCTL:-mmctl}
export MMSIM_MOUNT

# The program's directory: $LESSON_DIR if set (kept: a test replays the
# machine's journal, execve included, after the lesson), else a new one,
# removed at the end.
if [[ -n ${LESSON_DIR:-} ]]; then
	dir=$LESSON_DIR
else
	dir=$(mktemp -d "${TMPDIR:-/tmp}/seed001-layout.XXXXXX")
	trap 'rm -rf "$dir"' EXIT
fi
python3 - "$dir/prog" <<'PY'
import struct, sys
# ELF64 header, then two PT_LOAD program headers (p_type, p_flags,
# p_offset, p_vaddr, p_paddr, p_filesz, p_memsz, p_align).
ehdr = struct.pack('<16sHHIQQQIHHHHHH', b'\x7fELF\x02\x01\x01' + bytes(9),
                   2, 62, 1, 0x400100, 64, 0, 0, 64, 56, 2, 64, 0, 0)
text = struct.pack('<IIQQQQQQ', 1, 5, 0x0000, 0x400000, 0x400000, 0x1000, 0x1000, 0x1000)
data = struct.pack('<IIQQQQQQ', 1, 6, 0x1000, 0x402000, 0x402000, 0x1000, 0x3000, 0x1000)
img = bytearray(0x2000)
img[0:176] = ehdr + text + data
img[0x100:0x102] = b'\xeb\xfe'                  # the entry: jmp . (never run)
img[0x1000:0x100c] = b'initialized\0'           # .data's initial value
open(sys.argv[1], 'wb').write(img)
PY
chmod +x "$dir/prog"

pid=$($MMCTL spawn prog)
$MMCTL "$pid" execve "$dir/prog" >/dev/null
field() { sed -n "s/^$1: //p" "$MMSIM_MOUNT/$pid/mm_struct"; }
# area LABEL START: maps' range, perms and offset of the VMA at START (the
# file's name as PROG), and its vm_flags.
area() {
	local l
	l=$(grep -E "^0*${2#0x}-" "$MMSIM_MOUNT/$pid/maps")
	read -r range perms off _ _ name <<<"$l"
	[[ $name == "$dir/prog" ]] && name=PROG
	printf '%-6s %s %s %s %-8s %s\n' "$1" "$range" "$perms" "$off" "${name:-(anon)}" \
		"$(sed -n "/^vm_start: $2\$/,/^\$/s/^vm_flags: [^ ]* //p" "$MMSIM_MOUNT/$pid/vm_area_structs")"
}
echo "-- after execve"
area text 0x400000
echo "       start_code $(field start_code) end_code $(field end_code)"
area data 0x402000
echo "       start_data $(field start_data) end_data $(field end_data)"
area bss 0x403000
echo "heap   start_brk $(field start_brk) brk $(field brk): no [heap] yet"
area stack 0x7ffffffde000
# start_stack is where execve left the stack pointer, below argv, envp,
# auxv and the strings they point at (so its value depends on the path of
# the program: it is not printed).
inside=no
(( $(field start_stack) >= 0x7ffffffde000 && $(field start_stack) < 0x7ffffffff000 )) && inside=yes
echo "       start_stack: in [stack], below argv and envp: $inside"
echo "-- brk 0x407000"
$MMCTL "$pid" brk 0x407000 >/dev/null
area heap 0x405000
echo "       start_brk $(field start_brk) brk $(field brk)"
echo "-- the contents"
echo "data:  $($MMCTL "$pid" load 0x402000 12 text)"
echo "bss:   $($MMCTL "$pid" load 0x403000 8)"
# frame PID ADDR: the frame vtop finds at ADDR.
frame() { $MMCTL "$1" vtop "$2" | awk '$1 == "PAGE:" { print $2 }'; }
other=$($MMCTL spawn prog)
$MMCTL "$other" execve "$dir/prog" >/dev/null
$MMCTL "$pid" touch 0x400000 4K r >/dev/null
$MMCTL "$other" touch 0x400000 4K r >/dev/null
same=no
[[ $(frame "$pid" 0x400000) == "$(frame "$other" 0x400000)" ]] && same=yes
echo "text:  two processes, one frame: $same"
$MMCTL "$other" store 0x402000 '"changed"'
echo "data:  the other process wrote its copy: $($MMCTL "$other" load 0x402000 7 text); ours: $($MMCTL "$pid" load 0x402000 7 text)"
