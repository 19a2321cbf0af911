/*
 * hw_tlb.h - the simulated hardware's TLB (vm/hw_tlb.c): each CPU caches
 * translations of the address space in its CR3. Not a kernel file: on
 * x86 the TLB is hardware, which the kernel only flushes.
 */
#ifndef MMSIM_HW_TLB_H
#define MMSIM_HW_TLB_H

#include <stdbool.h>
#include <stdint.h>
#include "mm_types.h"

/*
 * The geometry of a first-level data TLB for 4 KiB pages, as many x86
 * cores have it: 64 entries, 4-way set-associative, the set chosen by the
 * low bits of the virtual page number. 64 consecutive pages fit.
 */
#define HW_TLB_SETS	16
#define HW_TLB_WAYS	4
#define HW_TLB_ENTRIES	(HW_TLB_SETS * HW_TLB_WAYS)

/*
 * struct hw_tlb_entry - one cached translation
 * @vpn: the virtual page number (address >> PAGE_SHIFT)
 * @pte: the PTE the page walk found, with the accessed and dirty bits as
 *	the walk left them: the PFN and the permissions (present, RW, USER,
 *	NX, the protection key; global never, for user pages); 0: the entry
 *	is empty
 */
struct hw_tlb_entry {
	unsigned long vpn;
	pteval_t pte;
};

/*
 * struct hw_tlb - one CPU's TLB. Without PCID its entries are those of
 * the mm in the CPU's CR3 (cpu_state.loaded_mm): a CR3 load empties it.
 * @set: the entries, HW_TLB_WAYS per set
 * @victim: per set, the way the next fill replaces (round robin)
 * @hits: accesses translated by an entry, with no page walk
 * @misses: accesses that walked the page tables (no entry, or one that
 *	did not allow the access, or a write through a clean entry: x86
 *	walks to set the dirty bit)
 * @flushed: entries dropped by flushes (invlpg, CR3 loads, shootdowns)
 */
struct hw_tlb {
	struct hw_tlb_entry set[HW_TLB_SETS][HW_TLB_WAYS];
	uint8_t victim[HW_TLB_SETS];
	unsigned long hits, misses, flushed;
};

/* The entry translating @vpn, or NULL. */
static inline struct hw_tlb_entry *hw_tlb_lookup(struct hw_tlb *tlb,
						 unsigned long vpn)
{
	struct hw_tlb_entry *e = tlb->set[vpn & (HW_TLB_SETS - 1)];

	for (int way = 0; way < HW_TLB_WAYS; way++)
		if (e[way].vpn == vpn && e[way].pte)
			return &e[way];
	return NULL;
}

/**
 * hw_tlb_fill() - cache the translation of @vpn by @pte, replacing an
 * entry of its set when the set is full.
 */
void hw_tlb_fill(struct hw_tlb *tlb, unsigned long vpn, pteval_t pte);
/** hw_tlb_flush_all() - drop every entry (a CR3 load without PCID). */
void hw_tlb_flush_all(struct hw_tlb *tlb);
/**
 * hw_tlb_flush_range() - drop the entries of pages [@start, @end) (invlpg
 * of each page).
 */
void hw_tlb_flush_range(struct hw_tlb *tlb, unsigned long start,
			unsigned long end);
/** hw_tlb_nr_entries() - the entries in use. */
unsigned int hw_tlb_nr_entries(const struct hw_tlb *tlb);

#endif
