/*
 * ptdump.c - MOUNT/PID/page_tables: the process's page tables as
 * arch/x86/mm/dump_pagetables.c prints them (debugfs's
 * page_tables/current_user), from the engine's table walk
 * (walk_page_range_debug(), as mm/ptdump.c walks).
 *
 * note_page() is the kernel's: a run of entries at one level with the
 * same flags (PTE_FLAGS_MASK: accessed, dirty and soft-dirty included)
 * and the same effective protection prints as one line, its size in the
 * largest unit that divides it exactly. mmsim has no kernel half: the
 * walk covers the user half, [0, 0x0000800000000000) with 4-level paging
 * or [0, 0x0100000000000000) with 5-level, and its last series ends
 * there, where Linux goes on to "---[ Kernel Space ]---". With 5 levels
 * the p4d is a level of its own (a none pgd entry is noted at the pgd,
 * a none p4d entry at the p4d); with 4 it is folded into the pgd.
 */
#include <errno.h>
#include "internal.h"
#include "../vm/pagewalk.h"
#include "../vm/pgtable.h"

#define PTE_FLAGS_MASK	(~PTE_PFN_MASK)
#define _PAGE_PWT	(1ULL << _PAGE_BIT_PWT)
#define _PAGE_PCD	(1ULL << _PAGE_BIT_PCD)
#define _PAGE_PSE	(1ULL << _PAGE_BIT_PSE)
#define _PAGE_GLOBAL	(1ULL << _PAGE_BIT_GLOBAL)
#define _PAGE_PAT	(1ULL << 7)
#define _PAGE_PAT_LARGE	(1ULL << 12)

/* struct pg_state - dump_pagetables.c's, less what only the kernel uses. */
struct pg_state {
	int level;			/* -1 before the first entry */
	pteval_t current_prot;
	pteval_t effective_prot;
	pteval_t prot_levels[5];	/* pgd p4d pud pmd pte */
	unsigned long start_address;
	struct seq_buf *seq;
};

/* printk_prot() - the flag columns and the level's name. */
static void printk_prot(struct seq_buf *m, pteval_t pr, int level)
{
	static const char *const level_name[] = {
		"pgd", "p4d", "pud", "pmd", "pte"
	};

	if (!(pr & _PAGE_PRESENT)) {
		seq_puts(m, "                              ");
	} else {
		seq_puts(m, pr & _PAGE_USER ? "USR " : "    ");
		seq_puts(m, pr & _PAGE_RW ? "RW " : "ro ");
		seq_puts(m, pr & _PAGE_PWT ? "PWT " : "    ");
		seq_puts(m, pr & _PAGE_PCD ? "PCD " : "    ");
		/* Bit 7 is PSE above the PTE level, PAT in a PTE. */
		seq_puts(m, level <= 3 && (pr & _PAGE_PSE) ? "PSE " : "    ");
		seq_puts(m, (level == 4 && (pr & _PAGE_PAT)) ||
			    ((level == 3 || level == 2) &&
			     (pr & _PAGE_PAT_LARGE)) ? "PAT " : "    ");
		seq_puts(m, pr & _PAGE_GLOBAL ? "GLB " : "    ");
		seq_puts(m, pr & _PAGE_NX ? "NX " : "x  ");
	}
	seq_printf(m, "%s\n", level_name[level]);
}

/* effective_prot() - USER and RW only if every level allows, NX if any. */
static void effective_prot(struct pg_state *st, int level, pteval_t val)
{
	pteval_t prot = val & PTE_FLAGS_MASK;

	if (level > 0) {
		pteval_t higher = st->prot_levels[level - 1];

		st->prot_levels[level] = (higher & prot & (_PAGE_USER | _PAGE_RW)) |
					 ((higher | prot) & _PAGE_NX);
	} else {
		st->prot_levels[level] = prot;
	}
}

/*
 * note_page() - entry @val at @level maps from @addr: flush the series
 * so far when it breaks it (other flags, effective protection or level).
 */
static void note_page(struct pg_state *st, unsigned long addr, int level,
		      pteval_t val)
{
	static const char units[] = "BKMGTPE";
	pteval_t new_prot = val & PTE_FLAGS_MASK;
	pteval_t new_eff = val ? st->prot_levels[level] : 0;

	if (st->level == -1) {
		st->current_prot = new_prot;
		st->effective_prot = new_eff;
		st->level = level;
		seq_puts(st->seq, "---[ User Space ]---\n");
	} else if (new_prot != st->current_prot ||
		   new_eff != st->effective_prot || level != st->level) {
		const char *unit = units;
		unsigned long delta = addr - st->start_address;

		seq_printf(st->seq, "0x%016lx-0x%016lx   ", st->start_address,
			   addr);
		while (!(delta & 1023) && unit[1]) {
			delta >>= 10;
			unit++;
		}
		seq_printf(st->seq, "%9lu%c ", delta, *unit);
		printk_prot(st->seq, st->current_prot, st->level);
		st->start_address = addr;
		st->current_prot = new_prot;
		st->effective_prot = new_eff;
		st->level = level;
	}
}

/*
 * A PTE table: the levels above it are tables (mmsim maps no huge
 * pages), so their effective protection is computed here, as
 * mm/ptdump.c's pgd/p4d/pud/pmd_entry callbacks do on the way down.
 */
static int ptdump_pmd_entry(pmd_t *pmd, unsigned long addr,
			    unsigned long next, struct mm_walk *walk)
{
	struct pg_state *st = walk->private;
	pgd_t *pgd = pgd_offset(walk->mm, addr);
	p4d_t *p4d = p4d_offset(walk->mm, pgd, addr);	/* 4-level: the pgd */
	pud_t *pud = pud_offset(walk->mm, p4d, addr);

	(void)next;
	effective_prot(st, 0, pgd->pgd);
	effective_prot(st, 1, p4d->p4d);
	effective_prot(st, 2, pud->pud);
	effective_prot(st, 3, pmd->pmd);
	return 0;
}

static int ptdump_pte_entry(pte_t *pte, unsigned long addr,
			    unsigned long next, struct mm_walk *walk)
{
	struct pg_state *st = walk->private;

	(void)next;
	effective_prot(st, 4, pte_val(*pte));
	note_page(st, addr, 4, pte_val(*pte));
	return 0;
}

/*
 * A missing table is noted at the level of the none entry: depth 1 (a
 * none p4d entry; with 4 levels, a none pgd entry, the folded p4d's) to 3
 * (a none pmd entry); 0 a none pgd entry with 5 levels, or no pgd at all.
 */
static int ptdump_hole(unsigned long addr, unsigned long next, int depth,
		       struct mm_walk *walk)
{
	(void)next;
	if (depth >= 0)
		note_page(walk->private, addr, depth, 0);
	return 0;
}

static const struct mm_walk_ops ptdump_ops = {
	.pmd_entry = ptdump_pmd_entry,
	.pte_entry = ptdump_pte_entry,
	.pte_hole = ptdump_hole,
};

/**
 * proc_pid_page_tables_show() - MOUNT/PID/page_tables: the user half of
 * @tsk's page tables in ptdump's format. A task without an mm (a zombie)
 * shows nothing. Read lock held; changes nothing.
 * Return: 0, or -ENOMEM when @s could not grow.
 */
int proc_pid_page_tables_show(struct machine *m, struct task_struct *tsk,
			      struct seq_buf *s)
{
	struct pg_state st = { .level = -1, .seq = s };

	(void)m;
	if (!tsk)
		return -ENOENT;
	if (!tsk->mm)
		return s->err;
	walk_page_range_debug(tsk->mm, 0, user_pgtables_end(tsk->mm),
			      &ptdump_ops, &st);
	/* note_page_flush(), at the end of the range walked. */
	if (st.level != -1)
		note_page(&st, user_pgtables_end(tsk->mm), -1, 0);
	return s->err;
}
