#!/usr/bin/env python3
"""procview.py - what the real /proc readers should print, computed from the
mount's own views, for the readers suites (tests/readers).

Every subcommand reads a tree ROOT (the mount point, laid out as /proc) and
prints plain text that a bats test compares exactly with the normalised
output of smem, pmap or psutil. The numbers come straight from the views
(smaps, smaps_rollup, statm, status, maps, comm, stat), never from the
engine, so a test proves that the reader and the views agree.

Subcommands:
  totals ROOT PID          "uss=K pss=K rss=K swap=K vss=K maps=N": kB sums
                           over the VMAs of smaps (USS = Private_*)
  smem ROOT                what `smem -H -s pid -c "pid name uss pss rss
                           swap vss maps"` prints, one process a line,
                           fields separated by one space
  smem-maps ROOT           what `smem -m -H -s map -c "map pids count uss
                           pss rss vss"` prints, likewise
  pmap-x ROOT PID          what `pmap -x PID` prints, whitespace squeezed
  pmap-X ROOT PID HEADER   the rows of `pmap -X`/`-XX` for the columns named
                           in HEADER (pmap's own header line), whitespace
                           squeezed, with the totals line; each "===="
                           rule is printed as one "="
  pmap-d ROOT PID          the last line of `pmap -d PID`
  psutil ROOT PID          the psutil numbers the views imply, in the
                           layout psutil_probe.py prints
  dump ROOT OUTDIR         copy every deterministic view into OUTDIR (for
                           cmp): global meminfo, kpagecount, kpageflags;
                           per process maps, smaps, smaps_rollup, status,
                           statm, comm, cmdline, and the pagemap entries
                           (PFNs included) of every VMA and of the page on
                           each side of it
  pfns FILE                the number of distinct PFNs present in a
                           pagemap file written by dump
  softdirty FILE           "SD CLEAN": how many present entries of such a
                           file have the soft-dirty bit (55), how many not
"""
import os
import struct
import sys

PAGE = 4096
TASK_SIZE = 0x7ffffffff000


def read(root, *parts):
    with open(os.path.join(root, *map(str, parts)), "rb") as f:
        return f.read().decode()


def pids(root):
    return sorted(int(e) for e in os.listdir(root) if e.isdigit())


def parse_smaps(text):
    """The VMAs of an smaps text: a list of dicts with the header fields
    (start, end, perms, offset, dev, inode, name) and every "Key: N kB"
    field as an int (kB), VmFlags as a string."""
    vmas = []
    for line in text.splitlines():
        head = line.split(None, 5)
        if not head:
            continue
        if head[0].endswith(":"):
            key = head[0][:-1]
            if key == "VmFlags":
                vmas[-1][key] = line.split(":", 1)[1].strip()
            else:
                vmas[-1][key] = int(head[1])
            continue
        start, end = head[0].split("-")
        vmas.append(dict(start=int(start, 16), end=int(end, 16),
                         perms=head[1], offset=head[2], dev=head[3],
                         inode=head[4],
                         name=head[5].strip() if len(head) > 5 else ""))
    return vmas


def smaps(root, pid):
    return parse_smaps(read(root, pid, "smaps"))


def uss_of(v):
    return sum(n for k, n in v.items()
               if k.startswith("Private_") and isinstance(n, int))


def totals(root, pid):
    vmas = smaps(root, pid)
    return dict(uss=sum(uss_of(v) for v in vmas),
                pss=sum(v["Pss"] for v in vmas),
                rss=sum(v["Rss"] for v in vmas),
                swap=sum(v["Swap"] for v in vmas),
                vss=sum(v["Size"] for v in vmas),
                maps=len(vmas))


def cmd_totals(root, pid):
    t = totals(root, pid)
    print(" ".join("%s=%d" % (k, t[k])
                   for k in ("uss", "pss", "rss", "swap", "vss", "maps")))


def comm(root, pid):
    return read(root, pid, "comm").rstrip("\n")


def cmd_smem(root):
    for pid in pids(root):
        if read(root, pid, "cmdline") == "":
            continue        # smem skips kernel threads (empty cmdline)
        t = totals(root, pid)
        if t["maps"] == 0:
            continue
        print(pid, comm(root, pid), t["uss"], t["pss"], t["rss"], t["swap"],
              t["vss"], t["maps"])


def cmd_smem_maps(root):
    groups = {}
    for pid in pids(root):
        seen = set()
        for v in smaps(root, pid):
            # smem names a mapping by the 6th field of its header only
            name = v["name"].split()[0] if v["name"] else "<anonymous>"
            g = groups.setdefault(name, dict(pids=0, count=0, uss=0, pss=0,
                                             rss=0, vss=0))
            g["count"] += 1
            g["uss"] += uss_of(v)
            g["pss"] += v["Pss"]
            g["rss"] += v["Rss"]
            g["vss"] += v["Size"]
            if name not in seen:
                g["pids"] += 1
                seen.add(name)
    for name in sorted(groups):
        g = groups[name]
        print(name, g["pids"], g["count"], g["uss"], g["pss"], g["rss"],
              g["vss"])


def start_stack(root, pid):
    """Field 28 of stat, which pmap uses to tell the stack."""
    stat = read(root, pid, "stat")
    return int(stat[stat.rindex(")") + 2:].split()[25])


def pmap_name(v, style, stack=None):
    """The mapping name as pmap prints it: a path by its basename; for -X
    any other name as in smaps; otherwise a nameless or bracketed mapping
    as "[ stack ]" if it holds stat's start_stack, else "[ anon ]"."""
    name = v["name"]
    if "/" in name:
        return name[name.rindex("/") + 1:]
    if style == "X":
        return name
    if stack is not None and v["start"] <= stack <= v["end"]:
        return "[ stack ]"
    return "[ anon ]"


def pmap_mode(perms):
    return perms[:3] + ("s" if perms[3] == "s" else "-") + "-"


def header_of(root, pid):
    return "%d: %s" % (pid, read(root, pid, "cmdline").rstrip("\0")
                       .replace("\0", " "))


def cmd_pmap_x(root, pid):
    vmas = smaps(root, pid)
    stack = start_stack(root, pid)
    print(header_of(root, pid))
    print("Address Kbytes RSS Dirty Mode Mapping")
    tk = tr = td = 0
    for v in vmas:
        dirty = v["Shared_Dirty"] + v["Private_Dirty"]
        print("%016x %d %d %d %s %s" % (v["start"], v["Size"], v["Rss"],
                                        dirty, pmap_mode(v["perms"]),
                                        pmap_name(v, "x", stack)))
        tk += v["Size"]
        tr += v["Rss"]
        td += dirty
    print("---------------- ------- ------- -------")
    print("total kB %d %d %d" % (tk, tr, td))


def cmd_pmap_X(root, pid, header):
    cols = header.split()
    vmas = smaps(root, pid)
    print(header_of(root, pid))
    print(" ".join(cols))
    numeric = [c for c in cols if c not in ("Address", "Perm", "Offset",
                                            "Device", "Inode", "VmFlags",
                                            "Mapping")]
    sums = dict.fromkeys(numeric, 0)
    for v in vmas:
        row = []
        for c in cols:
            if c == "Address":
                row.append("%x" % v["start"])
            elif c == "Perm":
                row.append(v["perms"])
            elif c == "Offset":
                row.append(v["offset"])
            elif c == "Device":
                row.append(v["dev"])
            elif c == "Inode":
                row.append(v["inode"])
            elif c == "VmFlags":
                row.append(v.get("VmFlags", ""))
            elif c == "Mapping":
                row.append(pmap_name(v, "X"))
            else:
                row.append(str(v[c]))
                sums[c] += v[c]
        print(" ".join(x for x in row if x != ""))
    print(" ".join("=" for c in numeric))  # rules: pmap sizes them
    print(" ".join(str(sums[c]) for c in numeric) + " KB")


def cmd_pmap_d(root, pid):
    mapped = writeable = shared = 0
    for v in smaps(root, pid):
        kb = v["Size"]
        mapped += kb
        if v["perms"][3] == "s":
            shared += kb
        elif v["perms"][1] == "w":
            writeable += kb
    print("mapped: %dK writeable/private: %dK shared: %dK"
          % (mapped, writeable, shared))


def status_kb(root, pid):
    vals = {}
    for line in read(root, pid, "status").splitlines():
        k, _, v = line.partition(":")
        v = v.split()
        if len(v) == 2 and v[1] == "kB":
            vals[k] = int(v[0])
    return vals


def rollup(root, pid):
    lines = read(root, pid, "smaps_rollup").splitlines()
    return {l.split()[0][:-1]: int(l.split()[1]) for l in lines[1:]}


def cmd_psutil(root, pid):
    """The psutil numbers the views imply. statm's fields are checked
    against status: statm size = VmSize, resident = VmRSS, shared =
    RssFile + RssShmem, data = VmData + VmStk; the rest is from
    smaps_rollup (memory_full_info) and from maps and smaps
    (memory_maps)."""
    st = status_kb(root, pid)
    statm = [int(x) * PAGE for x in read(root, pid, "statm").split()]
    expect_statm = [st["VmSize"] * 1024, st["VmRSS"] * 1024,
                    (st["RssFile"] + st["RssShmem"]) * 1024,
                    st["VmExe"] * 1024, 0,
                    (st["VmData"] + st["VmStk"]) * 1024, 0]
    if statm != expect_statm:
        print("statm %s disagrees with status %s" % (statm, expect_statm))
    r = rollup(root, pid)
    uss = sum(n for k, n in r.items() if k.startswith("Private_")) * 1024
    nmaps = len(read(root, pid, "maps").splitlines())
    print("name=%s" % comm(root, pid))
    print("memory_info rss=%d vms=%d shared=%d text=%d lib=%d data=%d "
          "dirty=%d" % (statm[1], statm[0], statm[2], statm[3], statm[4],
                        statm[5], statm[6]))
    print("memory_full_info uss=%d pss=%d swap=%d"
          % (uss, r["Pss"] * 1024, r["Swap"] * 1024))
    t = totals(root, pid)
    print("smaps uss=%d pss=%d swap=%d"
          % (t["uss"] * 1024, t["pss"] * 1024, t["swap"] * 1024))
    print("memory_maps count=%d" % nmaps)
    for v in smaps(root, pid):
        path = v["name"] or "[anon]"
        if path.endswith(" (deleted)") and not os.path.exists(path):
            path = path[:-len(" (deleted)")]
        print("map %x-%x %s %s rss=%d size=%d pss=%d uss=%d swap=%d"
              % (v["start"], v["end"], v["perms"], path, v["Rss"] * 1024,
                 v["Size"] * 1024, v["Pss"] * 1024, uss_of(v) * 1024,
                 v["Swap"] * 1024))


def copy(src, dst):
    """Copy with 64 KiB reads: kpagecount and kpageflags, as on Linux,
    fail with EINVAL a read whose size is not a multiple of 8 (Python's
    read() of a whole file asks for odd sizes)."""
    chunks = []
    fd = os.open(src, os.O_RDONLY)
    try:
        while True:
            b = os.read(fd, 65536)
            if not b:
                break
            chunks.append(b)
    finally:
        os.close(fd)
    with open(dst, "wb") as f:
        f.write(b"".join(chunks))


def cmd_dump(root, out):
    os.makedirs(out, exist_ok=True)
    for name in ("meminfo", "kpagecount", "kpageflags"):
        copy(os.path.join(root, name), os.path.join(out, name))
    for pid in pids(root):
        d = os.path.join(out, str(pid))
        os.makedirs(d, exist_ok=True)
        for name in ("maps", "smaps", "smaps_rollup", "status", "statm",
                     "comm", "cmdline"):
            copy(os.path.join(root, str(pid), name), os.path.join(d, name))
        fd = os.open(os.path.join(root, str(pid), "pagemap"), os.O_RDONLY)
        try:
            with open(os.path.join(d, "pagemap"), "wb") as f:
                for v in smaps(root, pid):
                    # pagemap ends at TASK_SIZE, as on Linux.
                    first = v["start"] // PAGE - 1
                    last = min(v["end"] // PAGE + 1, TASK_SIZE // PAGE)
                    count = last - first
                    raw = os.pread(fd, 8 * count, 8 * first)
                    if len(raw) != 8 * count:
                        sys.exit("short pagemap read at page %d" % first)
                    f.write(b"%x-%x\n" % (v["start"], v["end"]))
                    f.write(raw)
        finally:
            os.close(fd)


def dumped_entries(path):
    """The present pagemap entries of a pagemap file written by dump."""
    with open(path, "rb") as f:
        raw = f.read()
    i = 0
    while i < len(raw):
        j = raw.index(b"\n", i)
        start, end = (int(x, 16) for x in raw[i:j].split(b"-"))
        n = min(end // PAGE + 1, TASK_SIZE // PAGE) - (start // PAGE - 1)
        for k in range(n):
            (e,) = struct.unpack_from("<Q", raw, j + 1 + 8 * k)
            if e >> 63:
                yield e
        i = j + 1 + 8 * n


def cmd_pfns(path):
    print(len({e & ((1 << 55) - 1) for e in dumped_entries(path)}))


def cmd_softdirty(path):
    entries = list(dumped_entries(path))
    sd = sum(1 for e in entries if e >> 55 & 1)
    print(sd, len(entries) - sd)


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__)
    op, root = argv[1], argv[2]
    if op == "totals":
        cmd_totals(root, int(argv[3]))
    elif op == "smem":
        cmd_smem(root)
    elif op == "smem-maps":
        cmd_smem_maps(root)
    elif op == "pmap-x":
        cmd_pmap_x(root, int(argv[3]))
    elif op == "pmap-X":
        cmd_pmap_X(root, int(argv[3]), argv[4])
    elif op == "pmap-d":
        cmd_pmap_d(root, int(argv[3]))
    elif op == "psutil":
        cmd_psutil(root, int(argv[3]))
    elif op == "pfns":
        cmd_pfns(root)
    elif op == "softdirty":
        cmd_softdirty(root)
    elif op == "dump":
        cmd_dump(root, argv[3])
    else:
        sys.exit("procview.py: unknown subcommand " + op)


if __name__ == "__main__":
    main(sys.argv)
