/*
 * huge_memory.c - the transparent-huge-page policy (mm/huge_memory.c):
 * which VMAs the machine's THP mode (machine_cpu.thp) makes eligible for
 * a PMD-sized folio. mmsim maps no huge pages yet; smaps' THPeligible
 * reports this policy, as Linux's does whatever is mapped.
 */
#include "machine.h"
#include "mm.h"

/*
 * thp_vma_suitable_order - does a PMD-aligned huge page fit in @vma at
 * @addr, with the file offset congruent to the address?
 */
static bool thp_vma_suitable_order(const struct vm_area_struct *vma,
				   unsigned long addr)
{
	unsigned long haddr = addr & PMD_MASK;

	if (((vma->vm_start >> PAGE_SHIFT) - vma->vm_pgoff) &
	    ((PMD_SIZE >> PAGE_SHIFT) - 1))
		return false;
	return haddr >= vma->vm_start && haddr + PMD_SIZE <= vma->vm_end;
}

/**
 * thp_vma_allowable_orders() - the huge-page orders @vma may use, as
 * thp_vma_allowable_orders(vma, vm_flags, TVA_SMAPS, THP_ORDERS_ALL)
 * computes them for smaps, with mTHP sizes at their defaults (only the
 * PMD size, "inherit"ing the global mode).
 * @vma: the VMA
 *
 * Private anonymous memory follows the global mode: "always" allows it,
 * "madvise" only with VM_HUGEPAGE, "never" not at all; VM_NOHUGEPAGE
 * always forbids it. Shared anonymous memory is shmem, whose own mode
 * (shmem_enabled) mmsim keeps at Linux's default, "never". A VMA must
 * hold a whole aligned huge page, checked at the highest place one
 * could go (vm_end - PMD_SIZE), as for smaps.
 * Return: BIT(HPAGE_PMD_ORDER) or 0. Read lock suffices.
 */
unsigned long thp_vma_allowable_orders(const struct vm_area_struct *vma)
{
	enum thp_mode mode = vma_machine(vma)->cfg.cpu.thp;
	unsigned long vm_flags = vma->vm_flags;

	if (!vma_is_anonymous(vma) || (vm_flags & VM_NOHUGEPAGE))
		return 0;
	if (!(mode == THP_ALWAYS ||
	      (mode == THP_MADVISE && (vm_flags & VM_HUGEPAGE))))
		return 0;
	if (vma->vm_end - vma->vm_start < PMD_SIZE ||
	    !thp_vma_suitable_order(vma, vma->vm_end - PMD_SIZE))
		return 0;
	return 1UL << HPAGE_PMD_ORDER;
}
