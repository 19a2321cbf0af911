#!/usr/bin/env python3
"""stress.py - hammer one mmsim mount from many processes at once.

Eight writer processes run fork, mmap, munmap, mprotect, madvise, touch,
exit (and wait, store, load, brk, mremap, malformed lines) in random valid
and invalid orders on many PIDs; four reader processes read maps, smaps,
smaps_rollup, pagemap, status, statm, kpageflags and list directories.
Everything runs against one mount for a bounded time.

It passes when:
  - nothing crashes: the daemon stays up, and exits 0 after the unmount;
  - nothing hangs: every operation finishes within --op-timeout seconds;
  - every reply and every file read is well formed (regexes for each
    reply, maps and smaps line; pagemap and kpageflags sizes; errno names
    matching the failed write's errno; only the errnos Linux could give);
  - `check` answers `ok` at the end;
  - the daemon's log holds no sanitizer report (so, on an ASan build, no
    LeakSanitizer report either).

Usage: stress.py --bin-dir BUILD [--seconds 40] [--mem 32M] [--seed N]
                 [--writers 8] [--readers 4] [--daemon-arg ARG]...
Prints "# ..." progress lines, the problems found, and a last line
"stress: PASS ..." or "stress: FAIL ..."; exits 0 or 1.
"""
import argparse
import ctypes
import errno
import multiprocessing as mp
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import time

PAGE = 4096
TASK_SIZE = 0x7ffffffff000
MMAP_BASE = 0x7ffff7fff000
STACK_START = 0x7ffffffde000
START_BRK = 0x555555559000

N_WRITERS = 8
N_READERS = 4
DESC_LEN = 240
MAX_PROBLEMS_PER_WORKER = 20

# Errnos a command may fail with, as Linux gives them (INTERFACE.md) plus
# those of a PID that vanished under us. EUCLEAN (the checker under
# --debug-vm), EIO and ENOTCONN (a dead daemon) are never acceptable.
ALLOWED_ERRNOS = {errno.EINVAL, errno.ENOMEM, errno.EEXIST, errno.ESRCH,
                  errno.ENOENT, errno.ECHILD, errno.EAGAIN, errno.EPERM,
                  errno.EFAULT, errno.EBADF}

# The entries of the root and of a PID directory, as the fresh mount
# lists them before any worker starts (the tree comes from procfs's one
# table; every later listing must show the same names).
GLOBAL_FILES = set()
PID_FILES = set()

RE_ERROR = re.compile(r"^error: (\S+): (.+) \((E[A-Z0-9]+)\)$")
RE_PID = re.compile(r"^[1-9][0-9]*$")
RE_ADDR = re.compile(r"^0x[0-9a-f]+$")
RE_TOUCH = re.compile(r"^pages=\d+ faults=\d+ anon=\d+ zero=\d+ cow=\d+ "
                      r"reuse=\d+ shmem=\d+( oom_kill=[1-9]\d*)?$")
# A fatal access: SIGSEGV, or SIGBUS beyond the end of a shmem object (a
# shared mapping grown by mremap, as in Linux), or the OOM killer's SIGKILL.
RE_SIGNAL = re.compile(r"^(SIGSEGV SEGV_(MAPERR|ACCERR) 0x[0-9a-f]+|"
                       r"SIGBUS BUS_ADRERR 0x[0-9a-f]+|SIGKILL)$")
RE_WAIT = re.compile(r"^[1-9]\d* (\d+|SIG[A-Z]+)$")
RE_LOAD = re.compile(r"^([0-9a-f]{2})*$")
RE_INT = re.compile(r"^-?\d+$")

RE_MAPS = re.compile(r"^([0-9a-f]{8,16})-([0-9a-f]{8,16}) ([r-][w-][x-][ps]) "
                     r"([0-9a-f]{8}) ([0-9a-f]{2}):([0-9a-f]{2}) (\d+) (.*)$")
MAPS_NAMES = {"[heap]", "[stack]", "/dev/zero (deleted)"}
RE_SMAPS_KB = re.compile(r"^([A-Za-z_]+):( +)(\d+) kB$")
RE_SMAPS_OTHER = re.compile(r"^(THPeligible|ProtectionKey):( +)(\d+)$")
RE_VMFLAGS = re.compile(r"^VmFlags:( [a-z][a-z0-9])* $")
RE_STATUS = re.compile(r"^[A-Za-z_]+:\t.*$")
RE_STATUS_KB = re.compile(r"^[A-Za-z]+:\t +\d+ kB$")
RE_STATM = re.compile(r"^\d+ \d+ \d+ \d+ \d+ \d+ \d+$")


def errname(e):
    return errno.errorcode.get(e, "E%d" % e)


class Worker:
    """State shared by writers and readers: where the mount is, how to
    report a problem, and the shared slot saying what we are doing."""

    def __init__(self, idx, mnt, seed, slots, problems, deadline, frames):
        self.idx = idx
        self.mnt = mnt
        self.rng = random.Random(seed * 1000 + idx)
        self.slots = slots
        self.problems = problems
        self.deadline = deadline
        self.frames = frames
        self.nproblems = 0
        self.ops = 0
        self.outcomes = {}   # "ok", an errno name, or a signal: how often

    def doing(self, desc):
        """Record the operation in progress (the monitor times it)."""
        d = desc.encode("ascii", "replace")[:DESC_LEN - 1]
        base = self.idx * DESC_LEN
        self.slots["desc"][base:base + len(d) + 1] = d + b"\0"
        self.slots["start"][self.idx] = time.monotonic()

    def done(self):
        self.slots["start"][self.idx] = 0.0
        self.ops += 1

    def problem(self, msg):
        self.nproblems += 1
        if self.nproblems <= MAX_PROBLEMS_PER_WORKER:
            self.problems.put("worker %d: %s" % (self.idx, msg))

    # ---- raw I/O on the mount ----

    def ctl(self, pid, lines):
        """Write @lines (one write(2)) to PID's ctl (pid 0: the global
        one) and read the replies. Return (errno or 0, [reply lines]);
        errno ENOENT with no replies when the PID directory is gone."""
        path = "%s/ctl" % self.mnt if pid == 0 else "%s/%d/ctl" % (self.mnt, pid)
        data = "".join(l + "\n" for l in lines).encode()
        self.doing("ctl %s: %r" % (path, data[:150]))
        try:
            fd = os.open(path, os.O_RDWR)
        except OSError as e:
            self.done()
            if e.errno != errno.ENOENT:
                self.problem("open %s: %s" % (path, e))
            return e.errno, None
        err = 0
        try:
            try:
                n = os.write(fd, data)
                if n != len(data):
                    self.problem("short ctl write %d of %d: %r" % (n, len(data), data))
            except OSError as e:
                err = e.errno
            out = b""
            while True:
                chunk = os.pread(fd, 1 << 20, len(out))
                if not chunk:
                    break
                out += chunk
        finally:
            os.close(fd)
            self.done()
        text = out.decode("ascii", "replace")
        if text and not text.endswith("\n"):
            self.problem("reply without final newline: %r for %r" % (text, data))
        replies = text.split("\n")[:-1] if text else []
        return err, replies

    def read_file(self, path, size=1 << 20):
        """Read a whole file; return bytes, or None when it is gone."""
        self.doing("read %s" % path)
        try:
            with open(path, "rb", buffering=0) as f:
                out = b""
                while True:
                    chunk = f.read(size)
                    if not chunk:
                        break
                    out += chunk
            return out
        except OSError as e:
            if e.errno not in (errno.ENOENT, errno.ESRCH):
                self.problem("read %s: %s" % (path, e))
            return None
        finally:
            self.done()

    def pread(self, path, size, off):
        """One pread; return bytes, or an OSError's errno."""
        self.doing("pread %s size %d off %d" % (path, size, off))
        try:
            fd = os.open(path, os.O_RDONLY)
        except OSError as e:
            self.done()
            return e.errno
        try:
            return os.pread(fd, size, off)
        except OSError as e:
            return e.errno
        finally:
            os.close(fd)
            self.done()

    def listdir(self, path):
        self.doing("ls %s" % path)
        try:
            return os.listdir(path)
        except OSError as e:
            if e.errno != errno.ENOENT:
                self.problem("ls %s: %s" % (path, e))
            return None
        finally:
            self.done()


# ---- writers ----

class Proc:
    def __init__(self, pid, parent):
        self.pid = pid
        self.parent = parent
        self.areas = []      # (addr, len) mappings we believe exist
        self.exited = False


class Writer(Worker):
    def run(self):
        self.procs = {}      # pid -> Proc, ours (live or exited, unreaped)
        while time.monotonic() < self.deadline:
            try:
                self.step()
            except Exception as e:  # a bug of the test itself: report it
                self.problem("exception %r" % e)
                time.sleep(0.1)

    def count(self, outcome):
        self.outcomes[outcome] = self.outcomes.get(outcome, 0) + 1

    def command(self, pid, line, check=None):
        """Run one command; validate its reply. Return the reply (None if
        the command failed) and the errno."""
        err, replies = self.ctl(pid, [line])
        if replies is None:
            self.count("open " + errname(err))
            return None, err
        self.count(errname(err) if err else
                   replies[0].split()[0] if replies and replies[0].startswith("SIG") else "ok")
        name = line.split()[0] if line.split() else "?"
        if err:
            if err not in ALLOWED_ERRNOS:
                self.problem("%d: %r failed with %s: %r" % (pid, line, errname(err), replies))
            if len(replies) != 1:
                self.problem("%d: %r failed with %d reply lines: %r" % (pid, line, len(replies), replies))
                return None, err
            m = RE_ERROR.match(replies[0])
            if not m:
                self.problem("%d: %r: malformed error line %r" % (pid, line, replies[0]))
            elif m.group(3) != errname(err):
                self.problem("%d: %r: write failed with %s but the line says %s" %
                             (pid, line, errname(err), m.group(3)))
            return None, err
        if len(replies) != 1:
            self.problem("%d: %r succeeded with %d reply lines: %r" % (pid, line, len(replies), replies))
            return None, 0
        reply = replies[0]
        if reply.startswith("error"):
            self.problem("%d: %r succeeded but replied %r" % (pid, line, reply))
        if check is not None and not check.match(reply):
            self.problem("%d: %r: malformed reply %r" % (pid, line, reply))
        return reply, 0

    def spawn(self):
        reply, err = self.command(0, "spawn w%d" % self.idx, RE_PID)
        if reply and RE_PID.match(reply):
            self.procs[int(reply)] = Proc(int(reply), None)

    def live(self):
        return [p for p in self.procs.values() if not p.exited]

    def forget(self, proc):
        """The process is gone (an OOM kill, a SIGSEGV, or reaped)."""
        self.procs.pop(proc.pid, None)

    def rand_len(self):
        r = self.rng.random()
        if r < 0.02:
            return "0"
        if r < 0.04:
            return self.rng.choice(["1T", "128T", "0xffffffffffff", "1"])
        pages = self.rng.choice([1, 1, 2, 3, 4, 8, 16, 32, 64, 256, 1024])
        return "%dK" % (pages * 4)

    def rand_range(self, proc):
        """An (addr, len) inside one of the process's areas, or random."""
        if proc.areas and self.rng.random() < 0.85:
            addr, length = self.rng.choice(proc.areas)
            pages = max(1, length // PAGE)
            first = self.rng.randrange(pages)
            n = self.rng.randrange(1, pages - first + 1)
            if self.rng.random() < 0.1:
                n += self.rng.randrange(1, 8)   # runs past the end
            return addr + first * PAGE, n * PAGE
        addr = MMAP_BASE - self.rng.randrange(0, 4096) * PAGE
        if self.rng.random() < 0.05:
            addr += self.rng.randrange(1, PAGE)  # unaligned
        return addr, self.rng.randrange(1, 32) * PAGE

    def op_mmap(self, proc):
        prot = self.rng.choice(["rw-", "rw-", "r--", "---", "r-x", "rwx", "-w-"])
        kind = self.rng.choice(["private,anonymous"] * 4 + ["shared,anonymous", "anonymous", "private"])
        extra = self.rng.choice(["", "", "", ",populate", ",locked", ",noreserve",
                                 ",fixed_noreplace", ",fixed", ",growsdown"])
        addr = "0"
        if "fixed" in extra or self.rng.random() < 0.1:
            if proc.areas and self.rng.random() < 0.5:
                a, _ = self.rng.choice(proc.areas)
            else:
                a = MMAP_BASE - self.rng.randrange(1, 2048) * PAGE
            if self.rng.random() < 0.05:
                a += 123
            addr = "0x%x" % a
        length = self.rand_len()
        reply, err = self.command(proc.pid, "mmap %s %s %s %s%s" % (addr, length, prot, kind, extra), RE_ADDR)
        if reply and RE_ADDR.match(reply):
            n = int(length[:-1]) * 1024 if length.endswith("K") else 0
            if n:
                proc.areas.append((int(reply, 16), n))
                proc.areas = proc.areas[-16:]
        return err

    def op_range(self, proc, cmd):
        addr, length = self.rand_range(proc)
        args = ""
        if cmd == "mprotect":
            args = " " + self.rng.choice(["rw-", "r--", "---", "r-x", "rwx"])
        elif cmd == "madvise":
            args = " " + self.rng.choice(["dontneed", "free", "dontfork", "dofork", "wipeonfork",
                                           "keeponfork", "willneed", "cold", "pageout", "bogus"])
        _, err = self.command(proc.pid, "%s 0x%x %d%s" % (cmd, addr, length, args), re.compile(r"^$"))
        if cmd == "munmap" and not err:
            proc.areas = [(a, l) for (a, l) in proc.areas if a + l <= addr or a >= addr + length]
        return err

    def op_access(self, proc, cmd):
        addr, length = self.rand_range(proc)
        if cmd == "touch" and proc.areas and self.rng.random() < 0.3:
            addr, length = self.rng.choice(proc.areas)   # the whole area
        if cmd == "touch":
            line = "touch 0x%x %d %s" % (addr, length, self.rng.choice("rrwwx"))
            pattern = re.compile(RE_TOUCH.pattern + "|" + RE_SIGNAL.pattern)
        elif cmd == "store":
            line = "store 0x%x \"s%d\"" % (addr, self.rng.randrange(1000))
            pattern = re.compile(r"^$|" + RE_SIGNAL.pattern)
        else:
            line = "load 0x%x %d" % (addr, min(length, 64))
            pattern = re.compile(RE_LOAD.pattern + "|" + RE_SIGNAL.pattern)
        reply, err = self.command(proc.pid, line, pattern)
        if reply and RE_SIGNAL.match(reply):
            proc.exited = True      # killed: its parent (or init) reaps
        return err

    def op_fork(self, proc):
        reply, err = self.command(proc.pid, "fork", RE_PID)
        if reply and RE_PID.match(reply):
            child = Proc(int(reply), proc.pid)
            child.areas = list(proc.areas)
            self.procs[child.pid] = child
        return err

    def op_exit(self, proc):
        _, err = self.command(proc.pid, "exit %d" % self.rng.randrange(256), re.compile(r"^$"))
        if not err:
            proc.exited = True
            if proc.parent is None or proc.parent not in self.procs:
                self.forget(proc)     # init reaps it
        return err

    def op_wait(self, proc):
        arg = ""
        kids = [p for p in self.procs.values() if p.parent == proc.pid]
        if kids and self.rng.random() < 0.5:
            arg = " %d" % self.rng.choice(kids).pid
        reply, err = self.command(proc.pid, "wait" + arg, RE_WAIT)
        if reply and RE_WAIT.match(reply):
            self.procs.pop(int(reply.split()[0]), None)
        return err

    def op_garbage(self, proc):
        line = self.rng.choice([
            "frob", "mmap", "mmap 0 4K rw- bogus", "munmap 0x1001 4K",
            "touch 0x1000 4K q", "mmap 0 4K rwxx private,anonymous",
            "store 0x1000 \"unterminated", "mremap 0x1000 4K 8K fixed 0x2000",
            "wait -5", "exit 1 2", "spawn", "check", "load 0x1000 2M",
            "mmap 0x10000000000000000 4K rw- private,anonymous", "\"mmap\" 0 4K",
            "madvise 0x1000 4K", "brk 0x1001", "oom_score_adj 5000",
        ])
        _, err = self.command(proc.pid, line)
        if not err and line not in ("brk 0x1001",):
            self.problem("%d: malformed %r succeeded" % (proc.pid, line))
        return err

    def op_misc(self, proc):
        r = self.rng.random()
        if r < 0.3:
            b = START_BRK + self.rng.randrange(0, 64) * PAGE
            self.command(proc.pid, "brk 0x%x" % b, RE_ADDR)
        elif r < 0.6 and proc.areas:
            addr, length = self.rng.choice(proc.areas)
            new = self.rng.choice([max(PAGE, length // 2 // PAGE * PAGE), length * 2,
                                   length + PAGE])
            flags = self.rng.choice(["", " maymove", " maymove fixed 0x%x" % (MMAP_BASE - 0x40000000)])
            reply, err = self.command(proc.pid, "mremap 0x%x %d %d%s" % (addr, length, new, flags), RE_ADDR)
            if reply and RE_ADDR.match(reply):
                proc.areas = [(a, l) for (a, l) in proc.areas if (a, l) != (addr, length)]
                proc.areas.append((int(reply, 16), new))
        elif r < 0.8:
            self.command(proc.pid, "oom_score_adj %d" % self.rng.choice([0, 100, -100, 500]), RE_INT)
        else:
            # Two commands in one write: both replies, or the first's
            # error alone when it fails.
            a, l = self.rand_range(proc)
            err, replies = self.ctl(proc.pid, ["touch 0x%x %d r" % (a, l), "brk"])
            if replies is not None:
                if err:
                    if err not in ALLOWED_ERRNOS or len(replies) not in (1, 2) or \
                            not RE_ERROR.match(replies[-1]):
                        self.problem("%d: two-command write failed oddly: %s %r" %
                                     (proc.pid, errname(err), replies))
                elif len(replies) != 2 or not RE_ADDR.match(replies[1]):
                    self.problem("%d: two-command write replied %r" % (proc.pid, replies))

    def step(self):
        live = self.live()
        if len(live) < 3 or (len(live) < 8 and self.rng.random() < 0.05):
            self.spawn()
            return
        r = self.rng.random()
        if r < 0.03:
            # Someone else's PID, or one that is gone, or init.
            pid = self.rng.choice([1, self.rng.randrange(2, 20000)])
            proc = Proc(pid, None)
        else:
            proc = self.rng.choice(live)
        r = self.rng.random()
        if r < 0.18:
            err = self.op_mmap(proc)
        elif r < 0.26:
            err = self.op_range(proc, "munmap")
        elif r < 0.34:
            err = self.op_range(proc, "mprotect")
        elif r < 0.42:
            err = self.op_range(proc, "madvise")
        elif r < 0.45:
            err = self.op_range(proc, self.rng.choice(["mlock", "munlock"]))
        elif r < 0.62:
            err = self.op_access(proc, "touch")
        elif r < 0.66:
            err = self.op_access(proc, self.rng.choice(["store", "load"]))
        elif r < 0.72:
            err = self.op_fork(proc) if len(live) < 10 else self.op_exit(proc)
        elif r < 0.78:
            err = self.op_exit(proc)
        elif r < 0.85:
            err = self.op_wait(proc)
        elif r < 0.92:
            err = self.op_garbage(proc)
        else:
            err = self.op_misc(proc) or 0
        # A process that vanished (OOM kill, SIGSEGV, reaped by someone
        # else) answers ENOENT or ESRCH: forget it.
        if err in (errno.ENOENT, errno.ESRCH) and proc.pid in self.procs:
            p = self.procs[proc.pid]
            p.exited = True
            if err == errno.ENOENT:
                self.forget(p)


# ---- readers ----

class Reader(Worker):
    smaps_fields = None

    def run(self):
        while time.monotonic() < self.deadline:
            try:
                self.step()
            except Exception as e:
                self.problem("exception %r" % e)
                time.sleep(0.1)

    def pids(self):
        names = self.listdir(self.mnt)
        if names is None:
            self.problem("ls of the mount failed")
            return []
        pids = []
        for n in names:
            if RE_PID.match(n):
                pids.append(int(n))
            elif n not in GLOBAL_FILES:
                self.problem("unexpected entry %r in the mount" % n)
        missing = GLOBAL_FILES - set(names)
        if missing:
            self.problem("the mount lacks %s" % sorted(missing))
        if 1 not in pids:
            self.problem("PID 1 is not listed")
        return pids

    def check_maps(self, pid, text):
        prev_end = 0
        vmas = []
        for line in text.split("\n")[:-1]:
            m = RE_MAPS.match(line)
            if not m:
                self.problem("%d/maps: malformed line %r" % (pid, line))
                continue
            start, end = int(m.group(1), 16), int(m.group(2), 16)
            if not start < end or start < prev_end or start % PAGE or end % PAGE:
                self.problem("%d/maps: bad range %r after 0x%x" % (pid, line, prev_end))
            prev_end = end
            rest = m.group(8)
            if rest:
                name = rest.lstrip(" ")
                if name not in MAPS_NAMES:
                    self.problem("%d/maps: unknown name %r" % (pid, line))
                prefix = len(line) - len(name)
                if prefix != 73 and not (prefix > 73 and rest[:1] == " " and rest[1:2] != " "):
                    self.problem("%d/maps: name not at column 73: %r" % (pid, line))
            vmas.append((start, end))
        if text and not text.endswith("\n"):
            self.problem("%d/maps: no final newline" % pid)
        return vmas

    def check_smaps(self, pid, text):
        lines = text.split("\n")[:-1]
        blocks = []
        for line in lines:
            if RE_MAPS.match(line):
                blocks.append([line, []])
            elif not blocks:
                self.problem("%d/smaps: starts with %r" % (pid, line))
                return
            else:
                blocks[-1][1].append(line)
        for header, fields in blocks:
            names = []
            for f in fields:
                m = RE_SMAPS_KB.match(f)
                if m:
                    if len(f) != 27 and len(m.group(3)) <= 8:
                        self.problem("%d/smaps: misaligned %r" % (pid, f))
                    names.append(m.group(1))
                elif RE_SMAPS_OTHER.match(f):
                    names.append(f.split(":")[0])
                elif RE_VMFLAGS.match(f):
                    names.append("VmFlags")
                else:
                    self.problem("%d/smaps: malformed line %r" % (pid, f))
            if not names or names[0] != "Size" or names[-1] != "VmFlags":
                self.problem("%d/smaps: block %r has fields %r" % (pid, header, names))
            if Reader.smaps_fields is None:
                Reader.smaps_fields = names
            elif names != Reader.smaps_fields:
                self.problem("%d/smaps: block %r has fields %r, others %r" %
                             (pid, header, names, Reader.smaps_fields))

    def check_status(self, pid, text):
        lines = text.split("\n")[:-1]
        if not lines or not lines[0].startswith("Name:\t"):
            self.problem("%d/status: first line %r" % (pid, lines[:1]))
        for line in lines:
            if not RE_STATUS.match(line):
                self.problem("%d/status: malformed line %r" % (pid, line))
            elif line.startswith("Vm") and not RE_STATUS_KB.match(line):
                self.problem("%d/status: malformed line %r" % (pid, line))
            elif line.startswith("Pid:\t") and line != "Pid:\t%d" % pid:
                self.problem("%d/status: %r" % (pid, line))

    def check_pagemap(self, pid, vmas):
        path = "%s/%d/pagemap" % (self.mnt, pid)
        if vmas and self.rng.random() < 0.8:
            start, end = self.rng.choice(vmas)
            first = start // PAGE + self.rng.randrange((end - start) // PAGE)
            n = self.rng.randrange(1, 1024)
        else:
            first = self.rng.randrange(TASK_SIZE // PAGE)
            n = self.rng.randrange(1, 64)
        if first + n > TASK_SIZE // PAGE:
            n = TASK_SIZE // PAGE - first
        out = self.pread(path, n * 8, first * 8)
        if isinstance(out, int):
            if out not in (errno.ENOENT, errno.ESRCH):
                self.problem("pread %s at page 0x%x: %s" % (path, first, errname(out)))
            return
        if not out:
            # As on Linux, an fd opened while the process lived reads EOF
            # once it has exited: only then may the read come back empty.
            again = self.pread(path, 8, 0)
            if again in (errno.ENOENT, errno.ESRCH):
                return
        if len(out) != n * 8:
            self.problem("pread %s at page 0x%x: %d bytes of %d" % (path, first, len(out), n * 8))
        for i in range(0, len(out) - len(out) % 8, 8):
            e = int.from_bytes(out[i:i + 8], "little")
            pfn = e & ((1 << 55) - 1)
            if e >> 63 and pfn >= self.frames:
                self.problem("%s: page 0x%x maps PFN 0x%x beyond the last frame" %
                             (path, first + i // 8, pfn))
        # A read that is not a multiple of 8 must fail with EINVAL.
        if self.rng.random() < 0.1:
            bad = self.pread(path, 12, first * 8)
            # (As on Linux, a process that exited meanwhile gives EOF first.)
            if bad != errno.EINVAL and bad not in (errno.ENOENT, errno.ESRCH, b""):
                self.problem("pread %s of 12 bytes gave %r, not EINVAL" % (path, bad))

    def check_kpageflags(self):
        path = self.mnt + "/" + self.rng.choice(["kpageflags", "kpagecount"])
        pfn = self.rng.randrange(self.frames + 16)
        n = self.rng.randrange(1, 512)
        out = self.pread(path, n * 8, pfn * 8)
        if isinstance(out, int):
            self.problem("pread %s at PFN 0x%x: %s" % (path, pfn, errname(out)))
            return
        want = max(0, min(n, self.frames - pfn)) * 8
        if len(out) != want:
            self.problem("pread %s at PFN 0x%x: %d bytes, not %d" % (path, pfn, len(out), want))

    def step(self):
        pids = self.pids()
        if not pids:
            return
        pid = self.rng.choice(pids)
        base = "%s/%d" % (self.mnt, pid)
        r = self.rng.random()
        if r < 0.1:
            names = self.listdir(base)
            # [] is a directory that vanished after it was opened: glibc's
            # readdir turns getdents' ENOENT into the end of the listing.
            if names and set(names) != PID_FILES:
                self.problem("%s lists %r" % (base, sorted(names)))
            return
        if r < 0.2:
            self.check_kpageflags()
            return
        maps = self.read_file(base + "/maps")
        if maps is None:
            return
        vmas = self.check_maps(pid, maps.decode("ascii", "replace"))
        r = self.rng.random()
        if r < 0.35:
            smaps = self.read_file(base + "/smaps")
            if smaps is not None:
                self.check_smaps(pid, smaps.decode("ascii", "replace"))
        elif r < 0.7:
            self.check_pagemap(pid, vmas)
        elif r < 0.85:
            status = self.read_file(base + "/status")
            if status is not None:
                self.check_status(pid, status.decode("ascii", "replace"))
        else:
            f = self.rng.choice(["statm", "smaps_rollup", "stat", "cmdline"])
            out = self.read_file(base + "/" + f)
            if out is not None and f == "statm" and not RE_STATM.match(out.decode().rstrip("\n")):
                self.problem("%d/statm: %r" % (pid, out))


def worker_main(cls, idx, mnt, seed, slots, problems, deadline, frames, results):
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    w = cls(idx, mnt, seed, slots, problems, deadline, frames)
    w.run()
    results.put((idx, cls.__name__, w.ops, w.nproblems, w.outcomes))


# ---- the run ----

def sanitizer_lines(log):
    try:
        with open(log, errors="replace") as f:
            return [l.rstrip() for l in f
                    if re.search(r"ERROR: AddressSanitizer|runtime error:|LeakSanitizer|"
                                 r"ERROR: UndefinedBehavior", l)]
    except OSError:
        return []


def parse_size(s):
    mult = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}
    return int(s[:-1]) * mult[s[-1].upper()] if s[-1].upper() in mult else int(s)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bin-dir", required=True)
    ap.add_argument("--seconds", type=float, default=40)
    ap.add_argument("--mem", default="32M")
    ap.add_argument("--seed", type=int, default=int(time.time()))
    ap.add_argument("--op-timeout", type=float, default=20)
    ap.add_argument("--daemon-arg", action="append", default=[])
    ap.add_argument("--writers", type=int, default=N_WRITERS)
    ap.add_argument("--readers", type=int, default=N_READERS)
    args = ap.parse_args()
    if args.writers < 1 or args.readers < 0:
        ap.error("--writers must be at least 1 and --readers at least 0")

    def binary(name, sub):
        p = os.path.join(args.bin_dir, name)
        return p if os.access(p, os.X_OK) else os.path.join(args.bin_dir, sub, name)

    mmsimfs, mmctl = binary("mmsimfs", "fs"), binary("mmctl", "ctl")
    frames = parse_size(args.mem) // PAGE
    problems_out = []
    mnt = tempfile.mkdtemp(prefix="mmsim-stress.")
    log = mnt + ".log"
    print("# stress: seed %d, %s, %d writers, %d readers, %.0f s, daemon %s %s" %
          (args.seed, args.mem, args.writers, args.readers, args.seconds, mmsimfs,
           " ".join(args.daemon_arg)), flush=True)
    with open(log, "w") as logf:
        daemon = subprocess.Popen([mmsimfs, "-f", "--mem=" + args.mem] + args.daemon_arg + [mnt],
                                  stdin=subprocess.DEVNULL, stdout=logf, stderr=logf,
                                  restore_signals=True)
    for _ in range(400):
        if os.path.exists(mnt + "/ctl") or daemon.poll() is not None:
            break
        time.sleep(0.05)
    if not os.path.exists(mnt + "/ctl"):
        daemon.kill()
        print("stress: FAIL the daemon did not mount:\n" + open(log).read())
        return 1

    GLOBAL_FILES.update(n for n in os.listdir(mnt) if not RE_PID.match(n))
    PID_FILES.update(os.listdir(mnt + "/1"))
    n = args.writers + args.readers
    slots = {"start": mp.Array(ctypes.c_double, n, lock=False),
             "desc": mp.Array(ctypes.c_char, n * DESC_LEN, lock=False)}
    problems, results = mp.Queue(), mp.Queue()
    deadline = time.monotonic() + args.seconds
    procs = []
    for i in range(n):
        cls = Writer if i < args.writers else Reader
        p = mp.Process(target=worker_main,
                       args=(cls, i, mnt, args.seed, slots, problems, deadline, frames, results))
        p.start()
        procs.append(p)

    hung = False
    hard_deadline = deadline + 3 * args.op_timeout
    while any(p.is_alive() for p in procs):
        now = time.monotonic()
        for i in range(n):
            t0 = slots["start"][i]
            if t0 and now - t0 > args.op_timeout:
                desc = bytes(slots["desc"][i * DESC_LEN:(i + 1) * DESC_LEN]).split(b"\0")[0]
                problems_out.append("HANG: worker %d spent %.0f s in %s" % (i, now - t0, desc.decode()))
                hung = True
        if daemon.poll() is not None:
            problems_out.append("CRASH: the daemon exited with %s during the run" % daemon.returncode)
            hung = True
        if now > hard_deadline:
            problems_out.append("HANG: the workers did not finish in time")
            hung = True
        if hung:
            break
        while not problems.empty():
            problems_out.append(problems.get())
        time.sleep(0.2)

    if hung:
        for p in procs:
            if p.is_alive():
                os.kill(p.pid, signal.SIGKILL)
        subprocess.run(["fusermount3", "-u", "-z", mnt], stderr=subprocess.DEVNULL)
        if daemon.poll() is None:
            daemon.send_signal(signal.SIGABRT)
            try:
                daemon.wait(10)
            except subprocess.TimeoutExpired:
                daemon.kill()
    for p in procs:
        p.join(5)
    time.sleep(0.2)
    while not problems.empty():
        problems_out.append(problems.get())
    ops = 0
    outcomes = {}
    while not results.empty():
        idx, kind, nops, nprob, outs = results.get()
        ops += nops
        for k, v in outs.items():
            outcomes[k] = outcomes.get(k, 0) + v
        print("# worker %d (%s): %d operations, %d problems" % (idx, kind, nops, nprob))
    print("# writers' command outcomes: " +
          " ".join("%s=%d" % kv for kv in sorted(outcomes.items())))

    if not hung:
        try:
            out = subprocess.run([mmctl, "-m", mnt, "check"], capture_output=True, text=True,
                                 timeout=args.op_timeout)
            if out.stdout.strip() != "ok" or out.returncode != 0:
                problems_out.append("check at the end: %r %r" % (out.stdout, out.stderr))
        except subprocess.TimeoutExpired:
            problems_out.append("HANG: check did not answer")
        nproc = len([e for e in os.listdir(mnt) if RE_PID.match(e)])
        with open(mnt + "/vmstat") as f:
            vm = dict(l.split() for l in f if l.strip())
        print("# %d processes at the end; vmstat: %s" % (nproc, " ".join(
            "%s=%s" % (k, vm.get(k, "?")) for k in ("pgfault", "oom_kill", "pgfree"))))
        um = subprocess.run(["fusermount3", "-u", mnt], capture_output=True, text=True)
        if um.returncode:
            problems_out.append("fusermount3 -u failed: %s" % um.stderr.strip())
            subprocess.run(["fusermount3", "-u", "-z", mnt], stderr=subprocess.DEVNULL)
            daemon.terminate()
        try:
            rc = daemon.wait(60)
            if rc != 0:
                problems_out.append("the daemon exited with status %d after the unmount" % rc)
        except subprocess.TimeoutExpired:
            daemon.kill()
            problems_out.append("HANG: the daemon did not exit after the unmount")
    san = sanitizer_lines(log)
    if san:
        problems_out.append("sanitizer report in the daemon log:\n" + open(log, errors="replace").read()[-6000:])
    elif problems_out and os.path.exists(log):
        tail = open(log, errors="replace").read()[-3000:]
        if tail.strip():
            problems_out.append("daemon log tail:\n" + tail)
    try:
        os.rmdir(mnt)
    except OSError:
        pass
    try:
        os.unlink(log)
    except OSError:
        pass

    for p in problems_out:
        print(p)
    if problems_out:
        print("stress: FAIL %d problems, %d operations (seed %d)" % (len(problems_out), ops, args.seed))
        return 1
    print("stress: PASS %d operations in %.0f s (seed %d)" % (ops, args.seconds, args.seed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
