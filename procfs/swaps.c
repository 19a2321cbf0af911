/*
 * swaps.c - /proc/swaps (mm/swapfile.c's swap_show()): the header, then
 * one line per swap area: its name padded to 40 columns, its type, its
 * size and use in kB, and its priority. mmsim's one area (mmsimfs
 * --swap=SIZE) is a RAM device written synchronously, as a zram device
 * is, so it is listed as Linux lists /dev/zram0 (vm/swap.h); without
 * --swap there is only the header, as on Linux without swap.
 */
#include "internal.h"
#include "../vm/swap.h"

/** swaps_show() - /proc/swaps. Read lock held. */
int swaps_show(struct machine *m, struct task_struct *tsk, struct seq_buf *s)
{
	struct swap_info_struct *si = m->swap;
	unsigned long size, used;
	int len;

	(void)tsk;
	seq_puts(s, "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n");
	if (!si)
		return s->err;
	/* swap_show(): seq_file_path(), then padding to 40 columns. */
	len = (int)strlen(SWAP_AREA_NAME);
	size = si->pages << (PAGE_SHIFT - 10);
	used = si->inuse_pages << (PAGE_SHIFT - 10);
	seq_printf(s, "%s%*s%s\t%lu\t%s%lu\t%s%d\n", SWAP_AREA_NAME,
		   len < 40 ? 40 - len : 1, " ", SWAP_AREA_TYPE,
		   size, size < 10000000 ? "\t" : "",
		   used, used < 10000000 ? "\t" : "", si->prio);
	return s->err;
}
