/*
 * swaps.c - /proc/swaps (mm/swapfile.c's swap_show()): the header, then
 * one line per swap area. mmsim has no swap yet (mmsimfs --swap= is to
 * come), so it shows the header alone, as Linux does without swap.
 */
#include "internal.h"

/** swaps_show() - /proc/swaps. Read lock held. */
int swaps_show(struct machine *m, struct task_struct *tsk, struct seq_buf *s)
{
	(void)m;
	(void)tsk;
	seq_puts(s, "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n");
	return s->err;
}
