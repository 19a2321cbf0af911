/*
 * mincore.c - mincore(2) (mm/mincore.c): which pages of a range are
 * resident. A present PTE is; an empty one in a file or shmem VMA is
 * when the page cache holds its page, or the swap cache a shmem page
 * in swap (mincore_page()); in an anonymous VMA it is not; a swap entry
 * is when the swap cache holds its page.
 *
 * Locking: read lock suffices.
 */
#include <errno.h>
#include "pagemap.h"
#include "swap.h"

/* mincore_page - is the page at @index of @mapping in memory? */
static unsigned char mincore_page(const struct machine *m,
				  struct address_space *mapping, pgoff_t index)
{
	const struct page *page = filemap_get_incore_folio(m, mapping, index);

	return page && PageUptodate(page);
}

int sys_mincore(struct task_struct *tsk, unsigned long start, size_t len,
		unsigned char *vec)
{
	struct machine *m = tsk->machine;
	struct mm_struct *mm = tsk->mm;
	unsigned long end, addr;
	struct vm_area_struct *vma;

	if (!mm) {
		vm_err(m, "process has exited");
		return -ESRCH;
	}
	if (start & ~PAGE_MASK) {
		vm_err(m, "address 0x%lx is not page-aligned", start);
		return -EINVAL;
	}
	/* access_ok(): the range must lie in the user address space. */
	if (len > mm->task_size || start > mm->task_size - len) {
		vm_err(m, "0x%lx+0x%zx is beyond the user address space",
		       start, len);
		return -ENOMEM;
	}
	end = start + PAGE_ALIGN(len);
	for (addr = start; addr < end; addr += PAGE_SIZE) {
		pte_t *pte;

		vma = find_vma(mm, addr);
		if (!vma || vma->vm_start > addr) {
			vm_err(m, "0x%lx is not mapped", addr);
			return -ENOMEM;
		}
		pte = mm_find_pte(mm, addr);
		if (pte && is_swap_pte(*pte))
			/* mincore_swap(): resident if in the swap cache. */
			*vec = swap_cache_get_folio(m, pte_to_swp_entry(*pte)) ?
			       1 : 0;
		else if (pte && !pte_none(*pte))
			*vec = 1;
		else if (vma->vm_file)
			*vec = mincore_page(m, vma->vm_file->f_mapping,
					    linear_page_index(vma, addr));
		else
			*vec = 0;
		vec++;
	}
	return 0;
}
