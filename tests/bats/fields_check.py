#!/usr/bin/env python3
"""fields_check.py - compare the field list and layout of an mmsim view
with the host kernel's own file, which is the oracle.

Usage: fields_check.py KIND SIMFILE HOSTFILE

KIND is meminfo, vmstat, status, stat, or one of the layouts below:

  meminfo, status: "Name:<sep>value" lines; the names must be the host's,
      in its order; each line's separator (spaces or a tab) and, for
      "N kB" values, the column where the value ends must be the host's
      (unless the value is too wide to fit, where Linux widens the line).
  vmstat: "name value" lines: the names must be the host's, in its order.
  stat:   the first word of each line must be the host's, in its order,
      and each line must have as many fields as the host's.
  limits: the same lines with the same labels; each value and unit
      starts in the host's column.
  io:     "name: value" lines: the host's names, in its order.
  loadavg, buddyinfo, swaps, pagetypeinfo: every line has the host's
      shape: the same text with each number replaced by N and runs of
      numbers' padding kept (numbers may differ, their columns may not
      unless a value is too wide).
  zoneinfo: the populated zone called Normal has the host Normal zone's
      keys, in its order (cpu blocks: as many as each side has CPUs).
Prints "ok", or one line per problem.
"""
import re
import sys

KB = re.compile(r"^(\S+:)(\s+)(\d+) kB$")


def colon_lines(text):
    out = []
    for line in text.splitlines():
        name, sep, rest = line.partition(":")
        if not sep:
            out.append((line, None, line))
            continue
        out.append((name, rest, line))
    return out


def check_colon(sim, host, problems):
    s, h = colon_lines(sim), colon_lines(host)
    sn, hn = [x[0] for x in s], [x[0] for x in h]
    if sn != hn:
        problems.append("names: %s\n  host has: %s" % (" ".join(sn), " ".join(hn)))
        return
    for (name, srest, sline), (_, hrest, hline) in zip(s, h):
        if srest is None or hrest is None:
            continue
        ssep = re.match(r"^\s*", srest).group(0)
        hsep = re.match(r"^\s*", hrest).group(0)
        hm, sm = KB.match(hline), KB.match(sline)
        if hm:
            if not sm:
                problems.append("%s: %r, host's is N kB" % (name, sline))
                continue
            h_end, s_end = len(hline) - 3, len(sline) - 3
            fits = len(sm.group(1)) + 1 + len(sm.group(3)) <= h_end
            if fits and s_end != h_end:
                problems.append("%s: value ends at column %d, host's at %d"
                                % (name, s_end, h_end))
        elif hsep.replace(" ", "") != ssep.replace(" ", "") or \
                (("\t" in hsep) != ("\t" in ssep)):
            problems.append("%s: separator %r, host has %r" % (name, ssep, hsep))


def main():
    kind, simfile, hostfile = sys.argv[1:4]
    sim = open(simfile, encoding="latin-1").read()
    host = open(hostfile, encoding="latin-1").read()
    problems = []
    if not sim.endswith("\n"):
        problems.append("file does not end with a newline")
    if kind in ("meminfo", "status"):
        check_colon(sim, host, problems)
    elif kind == "vmstat":
        sn = [l.split()[0] for l in sim.splitlines()]
        hn = [l.split()[0] for l in host.splitlines()]
        if sn != hn:
            extra = [n for n in sn if n not in hn]
            missing = [n for n in hn if n not in sn]
            problems.append("names differ; mmsim only: %s; host only: %s"
                            % (" ".join(extra) or "-", " ".join(missing) or "-"))
    elif kind == "stat":
        sl = [l.split() for l in sim.splitlines()]
        hl = [l.split() for l in host.splitlines()]
        # cpuN lines: as many as the host has CPUs, which mmsim need not.
        sk = [l[0] for l in sl if not re.match(r"cpu\d", l[0])]
        hk = [l[0] for l in hl if not re.match(r"cpu\d", l[0])]
        if sk != hk:
            problems.append("lines: %s\n  host has: %s" % (" ".join(sk), " ".join(hk)))
        hn = {l[0]: len(l) for l in hl}
        for l in sl:
            key = "cpu0" if re.match(r"cpu\d", l[0]) else l[0]
            if key in hn and key != "intr" and len(l) != hn[key]:
                problems.append("%s: %d fields, host has %d" % (l[0], len(l), hn[key]))
    elif kind == "limits":
        sl, hl = sim.splitlines(), host.splitlines()
        if [l[:25] for l in sl] != [l[:25] for l in hl]:
            problems.append("labels differ")
        for a, b in zip(sl, hl):
            starts = lambda l: [m.start() for m in re.finditer(r"(?<=\s)\S", l[25:])]
            if starts(a) != starts(b) or len(a) != len(b):
                problems.append("columns of %r differ from host's %r" % (a, b))
    elif kind == "io":
        sn = [l.split(":")[0] for l in sim.splitlines()]
        hn = [l.split(":")[0] for l in host.splitlines()]
        if sn != hn:
            problems.append("names %s, host has %s" % (sn, hn))
    elif kind in ("loadavg", "buddyinfo", "swaps", "pagetypeinfo"):
        shape = lambda l: re.sub(r"\s*>?\d+(\.\d+)?", " N", l)
        ends = lambda l: [m.end() for m in re.finditer(r"\d+", l)]
        unzoned = lambda l: re.sub(r"zone +\w+", "zone", l)
        sl, hl = sim.splitlines(), host.splitlines()
        if kind in ("loadavg", "swaps"):
            if [shape(l) for l in sl] != [shape(l) for l in hl[:len(sl)]] \
                    or (kind == "loadavg" and len(sl) != len(hl)):
                problems.append("shape %s, host's %s" % (sl, hl))
        else:
            # the host has more zones: each line must have a host
            # counterpart of the same shape whose numbers end in the same
            # columns (but where a value is too wide to fit)
            hz = {}
            for l in hl:
                hz.setdefault(shape(unzoned(l)), ends(l))
            for l in sl:
                k = shape(unzoned(l))
                if k not in hz:
                    problems.append("line %r has no host counterpart" % l)
                elif ends(l) != hz[k] and not re.search(r"\d{7}", l):
                    problems.append("columns of %r differ from the host's" % l)
    elif kind == "zoneinfo":
        block = ("cpu:", "count:", "high:", "batch:", "high_min:", "high_max:",
                 "vm stats threshold:")

        def keys(text):
            """(the per-node block's keys, the Normal zone's other keys)"""
            node, zone, on, in_node, cpus = [], [], False, False, 0
            for l in text.splitlines():
                if l.startswith("Node "):
                    on, in_node = l.split()[-1] == "Normal", False
                    continue
                k = re.match(r"\s*([^\d(]*)", l).group(1).strip()
                if k == "per-node stats":
                    in_node = True
                elif k == "pages free":
                    in_node = False
                if in_node:
                    node.append(k)
                    continue
                if not on:
                    continue
                cpus += k == "cpu:"
                if cpus > 1 and k in block:
                    continue
                zone.append(k)
            return node, zone
        (sn, sz), (hn, hz) = keys(sim), keys(host)
        if sn != hn:
            problems.append("per-node keys %s\n  host has %s" % (sn, hn))
        if sz != hz:
            problems.append("Normal zone keys %s\n  host has %s" % (sz, hz))
    else:
        problems.append("unknown kind " + kind)
    print("\n".join(problems) if problems else "ok")


if __name__ == "__main__":
    main()
