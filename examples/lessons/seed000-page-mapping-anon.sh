#!/usr/bin/env bash
# seed000-page-mapping-anon.sh - seed 000, __page_set_anon_rmap() (Linux
# 6.18: __folio_set_anon()) and PAGE_MAPPING_ANON: "anon_vma = (void *)
# anon_vma + PAGE_MAPPING_ANON; page->mapping = (struct address_space *)
# anon_vma;". struct page's
# mapping is declared a struct address_space *, yet an anonymous page
# stores its VMA's anon_vma there, with bit 0 set: no structure sits at an
# odd address, so the bit tells the two kinds apart. A page cache page of
# a file keeps its file's address_space, bit 0 clear. `page PFN` prints
# the raw word (mapping:) as the kernel's dump_page() does; kpageflags
# says the same as KPF_ANON (bit 12).
#
# Usage: MMSIM_MOUNT=MOUNTPOINT bash seed000-page-mapping-anon.sh
#   on a freshly mounted machine (mmctl from $MMCTL, else from PATH).
#
# What a student should see:
#   the VMA's anon_vma:     0xffff888100000000
#   anonymous page mapping: ffff888100000001 (bit 0: 1, PAGE_MAPPING_ANON)
#   file page mapping:      ffff8a8200000000 (bit 0: 0, an address_space)
#   anonymous page: mapping - 1 = 0xffff888100000000 = the VMA's anon_vma: yes
#   kpageflags KPF_ANON: anonymous page 1, file page 0
set -euo pipefail
: "${MMSIM_MOUNT:?set MMSIM_MOUNT to a mounted machine}"
MMCTL=${MMCTL:-mmctl}
export MMSIM_MOUNT

pid=$($MMCTL spawn anon)
anon=$($MMCTL "$pid" mmap 0 4K rw- private,anonymous)
$MMCTL "$pid" touch "$anon" 4K w >/dev/null       # do_anonymous_page()
# A file of the machine's own (the overlay): one page of text.
fd=$($MMCTL "$pid" open /tmp/mapping-anon.txt rdwr,creat 0644)
$MMCTL "$pid" write "$fd" '"a page cache page"' >/dev/null
file=$($MMCTL "$pid" mmap 0 4K r-- shared "$fd" 0)
$MMCTL "$pid" touch "$file" 4K r >/dev/null       # filemap_fault()

# pfn ADDR: the frame vtop finds at ADDR (its PAGE line's physical address).
pfn() { echo $(( 0x$($MMCTL "$pid" vtop "$1" | awk '$1 == "PAGE:" { print $2 }') >> 12 )); }
# mapping PFN: the raw page->mapping word of page PFN's dump_page() line.
mapping() { $MMCTL page "$1" | sed -n '1s/.* mapping:\([0-9a-f]*\) .*/\1/p'; }
# kpf_anon PFN: bit 12 (KPF_ANON) of the frame's kpageflags entry.
kpf_anon() {
	local e
	e=$(dd if="$MMSIM_MOUNT/kpageflags" bs=8 skip="$1" count=1 2>/dev/null | od -An -tu8 | tr -d ' ')
	echo $(( (e >> 12) & 1 ))
}
av=$(sed -n "/^vm_start: $anon\$/,/^\$/s/^anon_vma: //p" "$MMSIM_MOUNT/$pid/vm_area_structs")
a=$(pfn "$anon")
f=$(pfn "$file")
am=$(mapping "$a")
fm=$(mapping "$f")
echo "the VMA's anon_vma:     $av"
echo "anonymous page mapping: $am (bit 0: $(( 0x$am & 1 )), PAGE_MAPPING_ANON)"
echo "file page mapping:      $fm (bit 0: $(( 0x$fm & 1 )), an address_space)"
# PageAnon(): (mapping & PAGE_MAPPING_FLAGS) == PAGE_MAPPING_ANON; the
# anon_vma is the word with the flag bits cleared.
back=$(printf '0x%x' $(( 0x$am & ~3 )))
same=no
[[ $back == "$av" ]] && same=yes
echo "anonymous page: mapping - 1 = $back = the VMA's anon_vma: $same"
echo "kpageflags KPF_ANON: anonymous page $(kpf_anon "$a"), file page $(kpf_anon "$f")"
