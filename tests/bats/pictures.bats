#!/usr/bin/env bats
# pictures.bats - the Graphviz pictures (issue 11): PID/page_tables.dot,
# PID/anon_vmas.dot and PID/layout.dot and their .svg twins, parsed with
# Graphviz's own tools (gc counts the nodes and edges of the dot text) and
# the SVG checked as XML with one <g class="node"> per node.

load helpers

setup() { mmsim_setup; }
teardown() { mmsim_teardown; }

# counts PID NAME: "NODES EDGES" of PID/NAME.dot, as Graphviz's gc parses it.
counts() {
	gc -n -e "$(view "$1" "$2.dot")" | awk '{ print $1, $2 }'
}

# svg_nodes PID NAME: the <g class="node"> elements of PID/NAME.svg, once
# Python's XML parser has read the file whole (it fails on bad XML).
svg_nodes() {
	python3 -c '
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
ns = "{http://www.w3.org/2000/svg}"
assert root.tag == ns + "svg", root.tag
print(sum(1 for g in root.iter(ns + "g") if g.get("class") == "node"))
' "$(view "$1" "$2.svg")"
}

# The fork chain of seed 000: PID 2 writes an anonymous VMA, forks 3,
# which forks 4.
fork_chain() {
	must spawn
	must 2 mmap 0 64K rw- private,anonymous
	must 2 touch 0x7ffff7fef000 16K w
	must 2 fork
	must 3 fork
}

@test "page_tables.dot: the present part of the tree, PGD to the frames" {
	must spawn
	must 2 mmap 0 64K rw- private,anonymous
	must 2 touch 0x7ffff7fef000 16K w
	run -0 cat "$(view 2 page_tables.dot)"
	assert_output 'digraph page_tables {
	graph [rankdir=LR, fontname="monospace", fontsize=10];
	node [shape=record, fontname="monospace", fontsize=10];
	edge [fontname="monospace", fontsize=9];
	f29 [shape=box, style=filled, fillcolor="#e8f0ff", label="frame pfn 0x29\nva 0x7ffff7fef000"];
	f2a [shape=box, style=filled, fillcolor="#e8f0ff", label="frame pfn 0x2a\nva 0x7ffff7ff0000"];
	f2b [shape=box, style=filled, fillcolor="#e8f0ff", label="frame pfn 0x2b\nva 0x7ffff7ff1000"];
	f2c [shape=box, style=filled, fillcolor="#e8f0ff", label="frame pfn 0x2c\nva 0x7ffff7ff2000"];
	t3 [label="PGD pfn 0x3\ncr3 0x3000|<e255> 255: 0x0000000000024067"];
	t24 [label="PUD pfn 0x24\n0x7f8000000000|<e511> 511: 0x0000000000025067"];
	t25 [label="PMD pfn 0x25\n0x7fffc0000000|<e447> 447: 0x0000000000026067"];
	t26 [label="PTE pfn 0x26\n0x7ffff7e00000|<e495> 495: 0x8000000000029867|<e496> 496: 0x800000000002a867|<e497> 497: 0x800000000002b867|<e498> 498: 0x800000000002c867"];
	t3:e255 -> t24;
	t24:e511 -> t25;
	t25:e447 -> t26;
	t26:e495 -> f29;
	t26:e496 -> f2a;
	t26:e497 -> f2b;
	t26:e498 -> f2c;
}'
	run -0 counts 2 page_tables
	assert_output "8 7"
}

@test "page_tables.dot: a second PTE table and the zero page, one node for two PTEs" {
	must spawn
	must 2 touch 0x7fffffffe000 4K r
	must 2 mmap 0x10000000 8K r-- private,anonymous
	must 2 touch 0x10000000 8K r
	# PGD, 2 PUDs, 2 PMDs, 2 PTE tables; one frame: the zero page.
	run -0 counts 2 page_tables
	assert_output "8 9"
	run -0 grep -c 'label="frame pfn 0x0\\nva 0x10000000\\n(zero page)"' \
		"$(view 2 page_tables.dot)"
	assert_output 1
	run -0 grep -c -- '-> f0;' "$(view 2 page_tables.dot)"
	assert_output 3
	# Unmapping takes the entries out of the picture, and the tables
	# free_pgd_range() freed with them.
	must 2 munmap 0x10000000 8K
	run -0 counts 2 page_tables
	assert_output "5 4"
}

@test "page_tables.dot: a process with nothing present is its PGD alone" {
	must spawn
	run -0 counts 2 page_tables
	assert_output "1 0"
	run -0 grep -F 't3 [label="PGD pfn 0x3\ncr3 0x3000"];' "$(view 2 page_tables.dot)"
}

@test "anon_vmas.dot: a fork chain of 3 gives 3 anon_vmas, 6 anon_vma_chains, 19 edges" {
	fork_chain
	# 3 VMAs + 6 AVCs (1 + 2 + 3) + 3 anon_vmas; edges: 6 along the
	# same_vma lists, 6 avc -> anon_vma, 3 vma->anon_vma, 2 parent, 2 root.
	run -0 counts 2 anon_vmas
	assert_output "12 19"
	run -0 grep -c 'shape=ellipse, label="anon_vma_chain"' "$(view 2 anon_vmas.dot)"
	assert_output 6
	run -0 grep -E '^	a[0-9]' "$(view 2 anon_vmas.dot)"
	assert_output '	a0 [shape=box, style="rounded,filled", fillcolor="#fff2cc", label="anon_vma 0xffff888100000000\nrefcount 3\nnum_children 2\nnum_active_vmas 1"];
	a1 [shape=box, style="rounded,filled", fillcolor="#fff2cc", label="anon_vma 0xffff888100000100\nrefcount 1\nnum_children 1\nnum_active_vmas 1"];
	a2 [shape=box, style="rounded,filled", fillcolor="#fff2cc", label="anon_vma 0xffff888100000200\nrefcount 1\nnum_children 0\nnum_active_vmas 1"];
	a1 -> a0 [label="parent"];
	a1 -> a0 [style=dotted, label="root"];
	a2 -> a1 [label="parent"];
	a2 -> a0 [style=dotted, label="root"];'
	# PID 4's chain, newest first: its own anon_vma, its parent's, the root.
	run -0 grep -E '^	[cv]4_' "$(view 2 anon_vmas.dot)"
	assert_output '	v4_0 -> c4_0_0 [label="anon_vma_chain"];
	c4_0_0 -> a2;
	c4_0_0 -> c4_0_1 [label="same_vma"];
	c4_0_1 -> a1;
	c4_0_1 -> c4_0_2 [label="same_vma"];
	c4_0_2 -> a0;
	v4_0 -> a2 [style=dashed, label="anon_vma"];'
	run -0 grep -c 'subgraph cluster_' "$(view 2 anon_vmas.dot)"
	assert_output 3
}

@test "anon_vmas.dot: a child's picture is its own subtree, the ancestors' anon_vmas still drawn" {
	fork_chain
	# PID 3 and 4: VMAs 2, AVCs 5, anon_vmas 3 (the root is PID 2's).
	run -0 counts 3 anon_vmas
	assert_output "10 16"
	run -0 grep -c 'subgraph cluster_' "$(view 3 anon_vmas.dot)"
	assert_output 2
	# PID 4 alone: 1 VMA, 3 AVCs, 3 anon_vmas; 3 + 3 + 1 + 2 + 2 edges.
	run -0 counts 4 anon_vmas
	assert_output "7 11"
	# A process without anonymous memory: nothing but the frame.
	must spawn
	run -0 counts 5 anon_vmas
	assert_output "0 0"
}

@test "layout.dot: one node per maps line, top of the address space first, gaps on the edges" {
	must spawn
	must 2 mmap 0 64K rw- private,anonymous
	must 2 mmap 0x10000000 8K r-- private,anonymous
	run -0 grep -E '^	v' "$(view 2 layout.dot)"
	assert_output '	v2 [style=filled, fillcolor="#ffd8b0", label="{[stack]|7ffffffde000-7ffffffff000|132 KiB rw-p}"];
	v1 [style=filled, fillcolor="#eeffee", label="{(anonymous)|7ffff7fef000-7ffff7fff000|64 KiB rw-p}"];
	v0 [style=filled, fillcolor="#eeffee", label="{(anonymous)|10000000-10002000|8 KiB r--p}"];
	v2 -> v1 [label="gap 127.8 MiB"];
	v1 -> v0 [label="gap 127.9 TiB"];'
	run -0 counts 2 layout
	assert_output "3 2"
}

@test "layout.dot: an exec'd program's VMAs, as many nodes as maps has lines" {
	must spawn
	must 2 execve /bin/true
	n=$(wc -l < "$(view 2 maps)")
	run -0 counts 2 layout
	assert_output "$n $((n - 1))"
	run -0 grep -c 'label="{\[vsyscall\]|ffffffffff600000-ffffffffff601000|4 KiB --xp}"' \
		"$(view 2 layout.dot)"
	assert_output 1
}

@test "the .svg twins: well-formed XML, one <g class=\"node\"> per node of the dot" {
	fork_chain
	must 2 touch 0x7fffffffe000 4K r
	for pic in page_tables anon_vmas layout; do
		read -r nodes _ < <(counts 2 "$pic")
		run -0 svg_nodes 2 "$pic"
		assert_output "$nodes"
		run -0 head -c 5 "$(view 2 "$pic.svg")"
		assert_output '<?xml'
	done
	# The clusters in PID order, whatever the daemon's heap (gvrender.c's
	# ID discipline): the same order render after render.
	for i in 1 2 3; do
		run -0 grep -o '<title>cluster_[0-9]*</title>' "$(view 2 anon_vmas.svg)"
		assert_output '<title>cluster_2</title>
<title>cluster_3</title>
<title>cluster_4</title>'
	done
}

@test "pictures are rendered per open: the same state gives the same bytes, a change shows" {
	fork_chain
	a=$(sha1sum < "$(view 2 anon_vmas.svg)")
	for pic in page_tables layout anon_vmas; do
		cat "$(view 2 $pic.svg)" > /dev/null
	done
	b=$(sha1sum < "$(view 2 anon_vmas.svg)")
	[[ $a == "$b" ]] || fail "two reads of one state differ"
	must 4 exit
	must 3 wait 4
	# PID 4's anon_vma went with it: 2 VMAs, 3 AVCs, 2 anon_vmas.
	run -0 counts 2 anon_vmas
	assert_output "7 10"
	c=$(sha1sum < "$(view 2 anon_vmas.svg)")
	[[ $a != "$c" ]] || fail "the SVG did not change after PID 4 exited"
}

@test "pictures: modes, and a zombie's pictures are empty graphs" {
	run -0 stat -c '%A %n' "$MMSIM_MOUNT/1/page_tables.dot" "$MMSIM_MOUNT/1/anon_vmas.svg" "$MMSIM_MOUNT/1/layout.dot"
	assert_output "-r-------- $MMSIM_MOUNT/1/page_tables.dot
-r-------- $MMSIM_MOUNT/1/anon_vmas.svg
-r--r--r-- $MMSIM_MOUNT/1/layout.dot"
	must spawn
	must 2 fork
	must 3 exit
	run -0 counts 3 page_tables
	assert_output "0 0"
	run -0 counts 3 layout
	assert_output "0 0"
	run -0 svg_nodes 3 layout
	assert_output 0
}

@test "an SVG of more than 4096 nodes is refused with EFBIG, its dot text still there" {
	must spawn
	a=$(mmok 2 mmap 0 20M rw- private,anonymous)
	must 2 touch "$a" 20M w
	run -0 counts 2 page_tables
	assert_output "5133 5132"
	run -1 cat "$(view 2 page_tables.svg)"
	assert_output --partial "File too large"
}

@test "examples/pictures: the fork chain's pictures are what the machine draws" {
	fork_chain
	run -0 diff "$BATS_TEST_DIRNAME/../../examples/pictures/anon_vma-fork-chain.dot" "$(view 2 anon_vmas.dot)"
	run -0 diff "$BATS_TEST_DIRNAME/../../examples/pictures/page_tables-fork-chain.dot" "$(view 2 page_tables.dot)"
}
