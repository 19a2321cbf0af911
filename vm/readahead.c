/*
 * readahead.c - read-ahead (mm/readahead.c), sized as the kernel sizes
 * it, for order-0 pages, from the backing device's read-ahead window and
 * largest I/O (inode->i_ra_pages and i_io_pages: read_ahead_kb 128, 32
 * pages, by default; the host's own, per device, with --cpu=host):
 *
 *  - a read(2) that misses: page_cache_sync_ra() starts a window at the
 *    miss, get_init_ra_size() of the request (or continues a stream the
 *    cache shows was read sequentially);
 *  - a read or a fault that reaches the PG_readahead page of a window:
 *    page_cache_async_ra() ramps the next window up (get_next_ra_size());
 *  - an mmap fault that misses: the read-around window centred on it
 *    (filemap.c's do_sync_mmap_readahead());
 *  - fadvise willneed: force_page_cache_ra().
 *
 * Every window ends at the end of the file and skips pages already
 * cached (page_cache_ra_unbounded()).
 *
 * Locking: machine lock held for writing.
 */
#include <string.h>
#include "pagemap.h"

/**
 * file_ra_state_init() - a new file's read-ahead state: its device's
 * window (inode->i_ra_pages: 32 for read_ahead_kb 128), nothing read yet
 * (prev_pos -1).
 */
void file_ra_state_init(struct file_ra_state *ra, const struct inode *inode)
{
	ra->ra_pages = inode->i_ra_pages;
	ra->prev_pos = -1;
}

/*
 * ractl_max_pages - the largest window for a request of @req_size pages:
 * ra_pages, or up to the device's largest I/O for a larger request.
 */
static unsigned long ractl_max_pages(const struct file *file,
				     unsigned long req_size)
{
	unsigned long max_pages = file->f_ra.ra_pages;
	unsigned long io_pages = file->f_inode->i_io_pages;

	if (req_size > max_pages && io_pages > max_pages)
		max_pages = req_size < io_pages ? req_size : io_pages;
	return max_pages;
}

/*
 * page_cache_ra_unbounded - read the pages of [@index, @index +
 * @nr_to_read) that are not cached; the one @lookahead_size before the
 * end carries PG_readahead. A page already cached is skipped; a page
 * that cannot be had ends the window early (read-ahead is a hint).
 */
static void page_cache_ra_unbounded(struct file *file, pgoff_t index,
				    unsigned long nr_to_read,
				    unsigned long lookahead_size)
{
	struct address_space *mapping = file->f_mapping;
	struct machine *m = mapping_machine(mapping);
	unsigned long mark = lookahead_size <= nr_to_read ?
			     nr_to_read - lookahead_size : ~0UL;
	char saved[sizeof(m->errmsg)];

	memcpy(saved, m->errmsg, sizeof(saved));
	for (unsigned long i = 0; i < nr_to_read; i++) {
		struct page *page;

		if (filemap_get_page(mapping, index + i))
			continue;
		page = filemap_read_new_page(file, mapping, index + i, true);
		if (!page)
			break;
		if (i == mark)
			SetPageReadahead(page);
	}
	/* A window cut short is no failure of the caller's. */
	memcpy(m->errmsg, saved, sizeof(saved));
}

/**
 * do_page_cache_ra() - see pagemap.h: the window is clamped to the end
 * of the file.
 */
void do_page_cache_ra(struct file *file, pgoff_t index,
		      unsigned long nr_to_read, unsigned long lookahead_size)
{
	struct inode *inode = file->f_mapping->host;
	long long isize = inode->i_size;
	pgoff_t end_index;

	if (isize <= 0)
		return;
	end_index = (pgoff_t)((isize - 1) >> PAGE_SHIFT);
	if (index > end_index)
		return;
	if (nr_to_read > end_index - index)
		nr_to_read = end_index - index + 1;
	page_cache_ra_unbounded(file, index, nr_to_read, lookahead_size);
}

/**
 * page_cache_ra_order() - read the window @ra describes (order-0 pages:
 * do_page_cache_ra() of ra->size with ra->async_size to look ahead).
 */
void page_cache_ra_order(struct file *file, struct file_ra_state *ra)
{
	do_page_cache_ra(file, ra->start, ra->size, ra->async_size);
}

/**
 * force_page_cache_ra() - see pagemap.h: at most max(io_pages, ra_pages)
 * pages, in chunks of 2 MiB, no look-ahead mark.
 */
void force_page_cache_ra(struct file *file, pgoff_t index,
			 unsigned long nr_to_read)
{
	unsigned long max_pages = file->f_ra.ra_pages;

	if (file->f_inode->i_io_pages > max_pages)
		max_pages = file->f_inode->i_io_pages;
	if (!max_pages)
		return;
	if (nr_to_read > max_pages)
		nr_to_read = max_pages;
	while (nr_to_read) {
		unsigned long this_chunk = (2UL << 20) / PAGE_SIZE;

		if (this_chunk > nr_to_read)
			this_chunk = nr_to_read;
		do_page_cache_ra(file, index, this_chunk, 0);
		index += this_chunk;
		nr_to_read -= this_chunk;
	}
}

static unsigned long roundup_pow_of_two(unsigned long n)
{
	unsigned long p = 1;

	while (p < n)
		p <<= 1;
	return p;
}

/*
 * get_init_ra_size - the first window of a stream: four times a small
 * request, twice a medium one, else the maximum.
 */
static unsigned long get_init_ra_size(unsigned long size, unsigned long max)
{
	unsigned long newsize = roundup_pow_of_two(size);

	if (newsize <= max / 32)
		newsize = newsize * 4;
	else if (newsize <= max / 4)
		newsize = newsize * 2;
	else
		newsize = max;
	return newsize;
}

/* get_next_ra_size - the next window: x4 while small, x2, then the maximum. */
static unsigned long get_next_ra_size(const struct file_ra_state *ra,
				      unsigned long max)
{
	unsigned long cur = ra->size;

	if (cur < max / 16)
		return 4 * cur;
	if (cur <= max / 2)
		return 2 * cur;
	return max;
}

/**
 * page_cache_sync_ra() - see pagemap.h (a read(2) missed at @index).
 */
void page_cache_sync_ra(struct file *file, pgoff_t index,
			unsigned long req_count)
{
	struct file_ra_state *ra = &file->f_ra;
	struct address_space *mapping = file->f_mapping;
	unsigned long max_pages, contig_count;
	pgoff_t prev_index, miss;

	if (!ra->ra_pages || (file->f_mode & FMODE_RANDOM)) {
		if (!ra->ra_pages)
			req_count = 1;
		force_page_cache_ra(file, index, req_count);
		return;
	}
	max_pages = ractl_max_pages(file, req_count);
	prev_index = ra->prev_pos < 0 ? ~0UL :
		     (pgoff_t)((unsigned long long)ra->prev_pos >> PAGE_SHIFT);
	/*
	 * The start of the file, an oversized read, or a sequential miss
	 * (the page after the last one read, or the same page again).
	 */
	if (!index || req_count > max_pages || index - prev_index <= 1UL) {
		ra->start = index;
		ra->size = (unsigned int)get_init_ra_size(req_count, max_pages);
		ra->async_size = ra->size > req_count ?
				 ra->size - (unsigned int)req_count :
				 ra->size >> 1;
		page_cache_ra_order(file, ra);
		return;
	}
	/* Traces of a sequential stream in the cache before @index? */
	miss = page_cache_prev_miss(mapping, index - 1, max_pages);
	contig_count = index - miss - 1;
	/* A small random read: read as asked, leave the state alone. */
	if (contig_count <= req_count) {
		do_page_cache_ra(file, index, req_count, 0);
		return;
	}
	/* Cached from the start of the file: a long stream, surely. */
	if (miss == ~0UL)
		contig_count *= 2;
	ra->start = index;
	ra->size = (unsigned int)(contig_count + req_count < max_pages ?
				  contig_count + req_count : max_pages);
	ra->async_size = 1;
	page_cache_ra_order(file, ra);
}

/**
 * page_cache_async_ra() - see pagemap.h: @page, the window's marker, was
 * reached at @index. The expected marker pushes the window forward and
 * ramps it up; an unexpected one (interleaved streams) sizes a new
 * window from what the cache holds ahead.
 */
void page_cache_async_ra(struct file *file, struct page *page, pgoff_t index,
			 unsigned long req_count)
{
	struct file_ra_state *ra = &file->f_ra;
	unsigned long max_pages = ractl_max_pages(file, req_count);
	pgoff_t expected, start;

	if (!ra->ra_pages)
		return;
	if (PageWriteback(page))
		return;
	ClearPageReadahead(page);

	expected = ra->start + ra->size - ra->async_size;
	if (index == expected) {
		unsigned long next;

		ra->start += ra->size;
		next = get_next_ra_size(ra, max_pages);
		if (next > ra->size)
			ra->size = (unsigned int)next;
		ra->async_size = ra->size;
		page_cache_ra_order(file, ra);
		return;
	}
	start = page_cache_next_miss(file->f_mapping, index + 1, max_pages);
	if (!start || start - index > max_pages)
		return;
	ra->start = start;
	ra->size = (unsigned int)(start - index);	/* old async_size */
	ra->size += (unsigned int)req_count;
	ra->size = (unsigned int)get_next_ra_size(ra, max_pages);
	ra->async_size = ra->size;
	page_cache_ra_order(file, ra);
}
