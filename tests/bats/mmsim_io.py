#!/usr/bin/env python3
"""mmsim_io.py - byte-exact file access for the bats suites.

The shell cannot say which errno a write(2) failed with, cannot pread at
an odd offset, and cannot decode pagemap entries; this helper does those
things and prints plain text that the suites compare exactly.

Subcommands (errors are printed as "error: ERRNAME", exit status 0, so a
test can assert on the errno itself):
  ctl PATH DATA...          open PATH O_RDWR; write each DATA in ONE
                            write(2), printing "write: N" (bytes) or
                            "write: ERRNAME" for each; then read every
                            reply of the same open file (pread from offset
                            0, as mmctl does) and print them verbatim
  write PATH DATA           one write(2) to PATH (O_WRONLY); "N" or error
  pread PATH OFFSET SIZE    lowercase hex of the bytes read, or error
  pwrite PATH OFFSET HEX    write the bytes of HEX at OFFSET; "N" or error
  pagemap PATH VADDR [N]    decode N (default 1) pagemap entries from VADDR:
                            "present=P swapped=S file=F exclusive=E
                            softdirty=D pfn=PFN" one line per page
  u64 PATH INDEX            the 8-byte little-endian word INDEX (kpagecount,
                            kpageflags), decimal
  split PATH N CMD...       read N bytes of PATH, run CMD (a shell command),
                            read the rest of the same open file; print the
                            whole text read
"""
import errno
import os
import struct
import subprocess
import sys


def errname(e):
    return "error: " + errno.errorcode.get(e.errno, str(e.errno))


def read_all(fd, off=None):
    """Read to EOF: from the file offset, or with pread from @off."""
    chunks = []
    while True:
        if off is None:
            b = os.read(fd, 65536)
        else:
            b = os.pread(fd, 65536, off)
            off += len(b)
        if not b:
            break
        chunks.append(b)
    return b"".join(chunks)


def out(b):
    sys.stdout.buffer.write(b)
    sys.stdout.flush()


def cmd_ctl(path, datas):
    try:
        fd = os.open(path, os.O_RDWR)
    except OSError as e:
        print("open: " + errno.errorcode.get(e.errno, str(e.errno)))
        return
    try:
        for data in datas:
            try:
                n = os.write(fd, os.fsencode(data))
                print("write: %d" % n, flush=True)
            except OSError as e:
                print("write: " + errno.errorcode.get(e.errno, str(e.errno)),
                      flush=True)
        try:
            out(read_all(fd, 0))
        except OSError as e:
            print(errname(e))
    finally:
        os.close(fd)


def print_io(path, flags, op):
    """Open PATH with FLAGS, print op(fd), or the errno name of whichever
    of the open and the operation failed."""
    try:
        fd = os.open(path, flags)
    except OSError as e:
        print(errname(e))
        return
    try:
        print(op(fd))
    except OSError as e:
        print(errname(e))
    finally:
        os.close(fd)


def cmd_write(path, data):
    print_io(path, os.O_WRONLY, lambda fd: os.write(fd, os.fsencode(data)))


def cmd_pread(path, off, size):
    print_io(path, os.O_RDONLY, lambda fd: os.pread(fd, size, off).hex())


def cmd_pwrite(path, off, hexdata):
    print_io(path, os.O_RDWR,
             lambda fd: os.pwrite(fd, bytes.fromhex(hexdata), off))


def cmd_pagemap(path, vaddr, n):
    fd = os.open(path, os.O_RDONLY)
    try:
        raw = os.pread(fd, 8 * n, (vaddr // 4096) * 8)
    finally:
        os.close(fd)
    if len(raw) != 8 * n:
        print("error: short read of %d bytes" % len(raw))
        return
    for (e,) in struct.iter_unpack("<Q", raw):
        print("present=%d swapped=%d file=%d exclusive=%d softdirty=%d pfn=%d"
              % (e >> 63 & 1, e >> 62 & 1, e >> 61 & 1, e >> 56 & 1,
                 e >> 55 & 1, e & ((1 << 55) - 1)))


def cmd_u64(path, index):
    fd = os.open(path, os.O_RDONLY)
    try:
        raw = os.pread(fd, 8, index * 8)
    finally:
        os.close(fd)
    if len(raw) != 8:
        print("error: short read of %d bytes" % len(raw))
        return
    print(struct.unpack("<Q", raw)[0])


def cmd_split(path, n, shell_cmd):
    fd = os.open(path, os.O_RDONLY)
    try:
        first = os.read(fd, n)
        subprocess.run(shell_cmd, shell=True, check=True,
                       stdout=subprocess.DEVNULL)
        rest = read_all(fd)
    finally:
        os.close(fd)
    out(first + rest)


def num(s):
    return int(s, 0)


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__)
    op, path = argv[1], argv[2]
    if op == "ctl":
        cmd_ctl(path, argv[3:])
    elif op == "write":
        cmd_write(path, argv[3])
    elif op == "pread":
        cmd_pread(path, num(argv[3]), num(argv[4]))
    elif op == "pwrite":
        cmd_pwrite(path, num(argv[3]), argv[4])
    elif op == "pagemap":
        cmd_pagemap(path, num(argv[3]), num(argv[4]) if len(argv) > 4 else 1)
    elif op == "u64":
        cmd_u64(path, num(argv[3]))
    elif op == "split":
        cmd_split(path, num(argv[3]), " ".join(argv[4:]))
    else:
        sys.exit("mmsim_io.py: unknown subcommand " + op)


if __name__ == "__main__":
    main(sys.argv)
