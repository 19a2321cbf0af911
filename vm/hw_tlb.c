/*
 * hw_tlb.c - the simulated hardware's TLB (not a kernel file: on x86 the
 * TLB is the CPU's, and the kernel only flushes it). Each CPU caches the
 * translations its user accesses walked (vm/memory.c's mmu_access_page()
 * looks them up first); the flushes of vm/tlb.c and vm/sched.c drop them.
 * An entry keeps the PTE as the walk left it: a hit needs no walk and, as
 * on x86, sets no accessed bit again; a write through an entry whose
 * dirty bit is clear walks to set it; an entry that does not allow the
 * access is dropped and the access walks and faults as without it.
 */
#include <string.h>
#include "hw_tlb.h"

void hw_tlb_fill(struct hw_tlb *tlb, unsigned long vpn, pteval_t pte)
{
	unsigned int set = vpn & (HW_TLB_SETS - 1);
	struct hw_tlb_entry *e = tlb->set[set];
	int way;

	for (way = 0; way < HW_TLB_WAYS; way++)
		if (!e[way].pte || e[way].vpn == vpn)
			break;
	if (way == HW_TLB_WAYS) {
		way = tlb->victim[set];
		tlb->victim[set] = (uint8_t)((way + 1) % HW_TLB_WAYS);
	}
	e[way].vpn = vpn;
	e[way].pte = pte;
}

void hw_tlb_flush_all(struct hw_tlb *tlb)
{
	tlb->flushed += hw_tlb_nr_entries(tlb);
	memset(tlb->set, 0, sizeof(tlb->set));
	memset(tlb->victim, 0, sizeof(tlb->victim));
}

void hw_tlb_flush_range(struct hw_tlb *tlb, unsigned long start,
			unsigned long end)
{
	unsigned long first = start >> PAGE_SHIFT;
	unsigned long last = (end - 1) >> PAGE_SHIFT;

	if (end <= start)
		return;
	for (int set = 0; set < HW_TLB_SETS; set++)
		for (int way = 0; way < HW_TLB_WAYS; way++) {
			struct hw_tlb_entry *e = &tlb->set[set][way];

			if (e->pte && e->vpn >= first && e->vpn <= last) {
				e->pte = 0;
				e->vpn = 0;
				tlb->flushed++;
			}
		}
}

unsigned int hw_tlb_nr_entries(const struct hw_tlb *tlb)
{
	unsigned int n = 0;

	for (int set = 0; set < HW_TLB_SETS; set++)
		for (int way = 0; way < HW_TLB_WAYS; way++)
			n += tlb->set[set][way].pte != 0;
	return n;
}
