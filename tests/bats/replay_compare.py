#!/usr/bin/env python3
"""replay_compare.py - is the machine at REPLAY (mounted with
--replay=its journal) the machine at ORIG? Compares the journal, the PID
list, every process's maps, smaps, smaps_rollup, status, statm, cmdline,
comm and cgroup, the global meminfo, vmstat, kpagecount, kpageflags and
tlb, and every file of every group under cgroup/, byte for byte (the
clocks in stat and uptime are left out).

Usage: replay_compare.py ORIG REPLAY
Prints "ok", or one line per difference.
"""
import os
import sys

PER_PID = ["maps", "smaps", "smaps_rollup", "status", "statm", "cmdline",
           "comm", "cgroup"]
GLOBAL = ["journal", "meminfo", "vmstat", "kpagecount", "kpageflags", "tlb"]


def read(path):
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError as e:
        return "<%s>" % os.strerror(e.errno)


def pids(root):
    return sorted(int(d) for d in os.listdir(root) if d.isdigit())


def cgroup_files(root):
    """Every file of the cgroup tree under ROOT/cgroup, by relative path."""
    out = {}
    base = os.path.join(root, "cgroup")
    for d, dirs, files in os.walk(base):
        dirs.sort()
        for f in sorted(files):
            p = os.path.join(d, f)
            out[os.path.relpath(p, base)] = read(p)
    return out


def main():
    orig, replay = sys.argv[1], sys.argv[2]
    problems = []
    for name in GLOBAL:
        if read(os.path.join(orig, name)) != read(os.path.join(replay, name)):
            problems.append("%s differs" % name)
    co, cr = cgroup_files(orig), cgroup_files(replay)
    if sorted(co) != sorted(cr):
        problems.append("cgroup trees differ: %s, replayed %s"
                        % (sorted(co), sorted(cr)))
    for name in sorted(co):
        if name in cr and co[name] != cr[name]:
            problems.append("cgroup/%s differs" % name)
    po, pr = pids(orig), pids(replay)
    if po != pr:
        problems.append("PIDs %s, replayed %s" % (po, pr))
    for pid in po:
        if pid not in pr:
            continue
        for name in PER_PID:
            a = read(os.path.join(orig, str(pid), name))
            b = read(os.path.join(replay, str(pid), name))
            if a != b:
                problems.append("%d/%s differs" % (pid, name))
    print("\n".join(problems) if problems else "ok")


if __name__ == "__main__":
    main()
