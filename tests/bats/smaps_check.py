#!/usr/bin/env python3
"""smaps_check.py - compare the layout of an mmsim smaps (or smaps_rollup)
file with the host kernel's own, which is the oracle.

Usage: smaps_check.py smaps|rollup SIMFILE

The host's field list and column layout are read from this very process's
/proc/self/smaps (first VMA) or /proc/self/smaps_rollup at run time, so the
check follows whatever kernel the tests run on. For every VMA block of
SIMFILE it checks:
  - the header line has maps' layout (name, if any, starting at column 73);
  - the field names are the host's, in the host's order, and VmFlags last;
  - every "Name:   value kB" line has the host's layout: same suffix, and
    the value right-aligned to the same column as on the host (unless the
    value is too wide to fit, where Linux just widens the line);
  - the VmFlags line is "VmFlags:" then two-letter mnemonics, each
    followed by one space.
Prints "ok", or one line per problem.
"""
import re
import sys

HEADER = re.compile(
    r"^([0-9a-f]{8,})-([0-9a-f]{8,}) ([r-][w-][x-][ps]) ([0-9a-f]{8,}) "
    r"([0-9a-f]{2,}:[0-9a-f]{2,}) (\d+) ?(.*)$")
FIELD = re.compile(r"^([A-Za-z_]+):( +)(\d+)( kB)?$")
VMFLAGS = re.compile(r"^VmFlags:( [a-z][a-z0-9])* $")


def blocks(text):
    """Split a smaps text into [header, [lines...]] blocks."""
    out = []
    for line in text.split("\n"):
        if not line:
            continue
        if HEADER.match(line) and not FIELD.match(line):
            out.append([line, []])
        elif out:
            out[-1][1].append(line)
        else:
            out.append([None, [line]])
    return out


def layout(line):
    """(name, right edge column of the value, suffix) of a field line."""
    m = FIELD.match(line)
    if not m:
        return None
    name, spaces, value, suffix = m.groups()
    return name, len(name) + 1 + len(spaces) + len(value), suffix or "", value


def check_header(hdr, problems, where):
    m = HEADER.match(hdr or "")
    if not m:
        problems.append("%s: bad header line %r" % (where, hdr))
        return
    name = m.group(7).lstrip(" ")
    bare = hdr[:m.end(6)] + " "
    if name:
        # seq_pad: pad to column 72, then one space, then the name.
        want = bare.ljust(72) + " " + name
        if hdr != want:
            problems.append("%s: name not padded to column 73: %r"
                            % (where, hdr))
    elif hdr != bare:
        problems.append("%s: unnamed line lacks its trailing space: %r"
                        % (where, hdr))


def main():
    kind, simfile = sys.argv[1], sys.argv[2]
    host_path = "/proc/self/smaps" if kind == "smaps" else \
        "/proc/self/smaps_rollup"
    with open(host_path) as f:
        host_blocks = blocks(f.read())
    host_fields = host_blocks[0][1]
    host_names = [l.split(":")[0] for l in host_fields]
    host_layout = {}
    for l in host_fields:
        lay = layout(l)
        if lay:
            host_layout[lay[0]] = lay
    with open(simfile, encoding="latin-1") as f:
        sim = f.read()
    problems = []
    if not sim.endswith("\n"):
        problems.append("file does not end with a newline")
    sim_blocks = blocks(sim)
    if not sim_blocks:
        problems.append("no VMA block at all")
    for hdr, lines in sim_blocks:
        where = (hdr or "?")[:25]
        check_header(hdr, problems, where)
        names = [l.split(":")[0] for l in lines]
        if names != host_names:
            problems.append("%s: fields %s, host has %s"
                            % (where, " ".join(names), " ".join(host_names)))
        for l in lines:
            if l.startswith("VmFlags:"):
                if not VMFLAGS.match(l):
                    problems.append("%s: bad VmFlags line %r" % (where, l))
                continue
            lay = layout(l)
            if not lay:
                problems.append("%s: bad field line %r" % (where, l))
                continue
            want = host_layout.get(lay[0])
            if not want:
                continue
            if lay[2] != want[2]:
                problems.append("%s: %r: suffix %r, host has %r"
                                % (where, l, lay[2], want[2]))
            fits = len(lay[0]) + 2 + len(lay[3]) <= want[1]
            if fits and lay[1] != want[1]:
                problems.append("%s: %r: value ends at column %d, host's at %d"
                                % (where, l, lay[1], want[1]))
    print("\n".join(problems) if problems else "ok")


if __name__ == "__main__":
    main()
