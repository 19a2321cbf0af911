#!/usr/bin/env python3
"""psutil_probe.py - run the real psutil on a mount and print what it says,
in the layout of `procview.py psutil` (what the views imply), so a bats
test can compare the two texts exactly.

Usage: psutil_probe.py ROOT PID
  ROOT     the mount point, given to psutil as psutil.PROCFS_PATH
memory_full_info() is called twice: as psutil chooses on this host (from
smaps_rollup, which every kernel since 4.14 has), then made to parse
smaps instead (the "smaps" line), as psutil does on older kernels.
Also: psutil_probe.py ROOT --pids   prints psutil.pids(), one a line, and
      for each "PID ppid=N status=S cmdline=[...]".
"""
import sys

import psutil
from psutil import _pslinux


def probe(pid):
    if not _pslinux.HAS_PROC_SMAPS_ROLLUP:
        sys.exit("psutil_probe.py: the host has no smaps_rollup")
    p = psutil.Process(pid)
    print("name=%s" % p.name())
    mi = p.memory_info()
    print("memory_info rss=%d vms=%d shared=%d text=%d lib=%d data=%d "
          "dirty=%d" % (mi.rss, mi.vms, mi.shared, mi.text, mi.lib, mi.data,
                        mi.dirty))
    fi = p.memory_full_info()
    print("memory_full_info uss=%d pss=%d swap=%d" % (fi.uss, fi.pss, fi.swap))
    _pslinux.HAS_PROC_SMAPS_ROLLUP = False
    fi = p.memory_full_info()
    _pslinux.HAS_PROC_SMAPS_ROLLUP = True
    print("smaps uss=%d pss=%d swap=%d" % (fi.uss, fi.pss, fi.swap))
    maps = p.memory_maps(grouped=False)
    print("memory_maps count=%d" % len(maps))
    for m in maps:
        uss = m.private_clean + m.private_dirty
        print("map %s %s %s rss=%d size=%d pss=%d uss=%d swap=%d"
              % (m.addr, m.perms, m.path, m.rss, m.size, m.pss, uss, m.swap))


def list_pids():
    for pid in psutil.pids():
        p = psutil.Process(pid)
        print("%d ppid=%d status=%s cmdline=%s"
              % (pid, p.ppid(), p.status(), p.cmdline()))


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__)
    psutil.PROCFS_PATH = argv[1]
    if argv[2] == "--pids":
        list_pids()
    else:
        probe(int(argv[2]))


if __name__ == "__main__":
    main(sys.argv)
