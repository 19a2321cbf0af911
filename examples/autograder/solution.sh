#!/usr/bin/env bash
# solution.sh - a reference solution of ASSIGNMENT.md (a course hands out
# the assignment and the grader, and keeps this).
set -euo pipefail
parent=$(mmctl spawn parent)
area=$(mmctl "$parent" mmap 0 16K rw- private,anonymous)
mmctl "$parent" touch "$area" 16K w >/dev/null
child=$(mmctl "$parent" fork)
mmctl "$child" touch "$(printf '0x%x' $((area + 2 * 4096)))" 4K w >/dev/null
echo "$parent $child $area"
