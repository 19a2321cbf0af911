#!/usr/bin/env python3
"""mkbad.py - malformed copies of an ELF program, for exec's hostile-input
tests (tests/bats/exec.bats).

Usage: mkbad.py SOURCE DIR

Writes into DIR, from the x86-64 ELF program SOURCE (a PIE with a
PT_INTERP, e.g. /usr/bin/cat):

  truncated      the first 200 bytes only (the program headers cut off)
  short-segment  cut inside the last PT_LOAD's file bytes
  class32        EI_CLASS = ELFCLASS32
  machine386     e_machine = EM_386
  overlap        the second PT_LOAD moved down over the first
  misordered     the second and third PT_LOADs swapped
  huge-memsz     the last PT_LOAD's p_memsz = 2^62
  filesz-gt-memsz  the last PT_LOAD's p_filesz > p_memsz
  no-interp      PT_INTERP naming DIR/missing (a file that is not there)
  text-interp    PT_INTERP naming DIR/notelf, a text file shorter than
                 an ELF header
  long-text-interp  PT_INTERP naming DIR/notelf-long, a longer text file
  missing-lib    DT_NEEDED libc.so.6 renamed libQ.so.6 (no such library:
                 the dynamic loader exits 127)
  notelf         a text file with its execute bit
  notelf-long    the same, 100 bytes
  noexec         SOURCE itself, mode 0644 (no execute permission)
Every other file gets mode 0755. DIR's path must be short enough for the
interpreter names to fit in SOURCE's PT_INTERP (27 bytes for glibc's).
"""
import os
import struct
import sys

EHDR = struct.Struct('<16sHHIQQQIHHHHHH')
PHDR = struct.Struct('<IIQQQQQQ')
PT_LOAD, PT_INTERP = 1, 3


def phdrs(data):
    eh = EHDR.unpack_from(data, 0)
    phoff, phnum = eh[5], eh[10]
    return [(phoff + i * PHDR.size, list(PHDR.unpack_from(data, phoff + i * PHDR.size)))
            for i in range(phnum)]


def loads(data):
    return [(off, ph) for off, ph in phdrs(data) if ph[0] == PT_LOAD]


def put(data, off, ph):
    PHDR.pack_into(data, off, *ph)


def write(path, data, mode=0o755):
    with open(path, 'wb') as f:
        f.write(bytes(data))
    os.chmod(path, mode)


def set_interp(data, path):
    for _, ph in phdrs(data):
        if ph[0] == PT_INTERP:
            off, size = ph[2], ph[5]
            name = path.encode() + b'\0'
            if len(name) > size:
                sys.exit('mkbad.py: %s does not fit in PT_INTERP (%d bytes)' % (path, size))
            data[off:off + size] = name + b'\0' * (size - len(name))
            return data
    sys.exit('mkbad.py: no PT_INTERP')


def main():
    src, out = sys.argv[1], sys.argv[2]
    orig = bytearray(open(src, 'rb').read())
    os.makedirs(out, exist_ok=True)

    write(os.path.join(out, 'truncated'), orig[:200])
    last = loads(orig)[-1][1]
    write(os.path.join(out, 'short-segment'), orig[:last[2] + last[5] - 1])

    d = bytearray(orig); d[4] = 1
    write(os.path.join(out, 'class32'), d)
    d = bytearray(orig); struct.pack_into('<H', d, 18, 3)
    write(os.path.join(out, 'machine386'), d)

    d = bytearray(orig); (o1, p1) = loads(d)[1]
    p1[3] -= 0x1000; p1[2] -= 0x1000; p1[4] -= 0x1000
    put(d, o1, p1)
    write(os.path.join(out, 'overlap'), d)

    d = bytearray(orig); (o1, p1), (o2, p2) = loads(d)[1:3]
    put(d, o1, p2); put(d, o2, p1)
    write(os.path.join(out, 'misordered'), d)

    d = bytearray(orig); (o, p) = loads(d)[-1]
    p[6] = 1 << 62
    put(d, o, p)
    write(os.path.join(out, 'huge-memsz'), d)

    d = bytearray(orig); (o, p) = loads(d)[-1]
    p[5] = p[6] + 0x100
    put(d, o, p)
    write(os.path.join(out, 'filesz-gt-memsz'), d)

    write(os.path.join(out, 'no-interp'),
          set_interp(bytearray(orig), os.path.join(out, 'missing')))
    write(os.path.join(out, 'text-interp'),
          set_interp(bytearray(orig), os.path.join(out, 'notelf')))
    write(os.path.join(out, 'long-text-interp'),
          set_interp(bytearray(orig), os.path.join(out, 'notelf-long')))
    d = bytearray(orig); i = d.find(b'\0libc.so.6\0')
    if i < 0:
        sys.exit('mkbad.py: no libc.so.6 in the string table')
    d[i + 4] = ord('Q')
    write(os.path.join(out, 'missing-lib'), d)
    write(os.path.join(out, 'noexec'), orig, 0o644)
    write(os.path.join(out, 'notelf'), b'hello, not an ELF file\n')
    write(os.path.join(out, 'notelf-long'), b'not an ELF file either\n' * 4 + b'1234\n')


if __name__ == '__main__':
    main()
