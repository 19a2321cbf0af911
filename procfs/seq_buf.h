/*
 * seq_buf.h - a growable text buffer for generators, in the spirit of the
 * kernel's seq_file: generators gather their numbers first, then print.
 *
 * Besides seq_printf(), it has the kernel's printf-free writers
 * (seq_put_hex_ll(), seq_put_decimal_ull(), seq_put_decimal_ull_width()),
 * which fs/proc/task_mmu.c uses for the lines it prints once per VMA; the
 * views that print thousands of lines use them too.
 */
#ifndef MMSIM_SEQ_BUF_H
#define MMSIM_SEQ_BUF_H

#include <stdbool.h>
#include <stddef.h>

struct seq_buf {
	char *buf;
	size_t len;
	size_t size;
	int err;		/* -ENOMEM once an append failed */
};

void seq_buf_init(struct seq_buf *s);
void seq_buf_free(struct seq_buf *s);
void seq_printf(struct seq_buf *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void seq_puts(struct seq_buf *s, const char *str);
void seq_write(struct seq_buf *s, const void *data, size_t len);
/* seq_pad(): pad with spaces to column @col, then write @c (if nonzero). */
void seq_pad(struct seq_buf *s, size_t line_start, size_t col, char c);
/* seq_take(): hand the buffer to the caller (NUL-terminated). */
char *seq_take(struct seq_buf *s, size_t *len);

/*
 * seq_put_hex_ll(): @delimiter (if any), then @v in lower-case hex, zero
 * padded to at least @width digits ("%0*llx").
 * seq_put_decimal_ull_width(): @delimiter (if any), then @num in decimal,
 * space padded on the left to at least @width columns ("%*llu").
 * seq_put_decimal_ull(): the same with no padding ("%llu").
 */
void seq_put_hex_ll(struct seq_buf *s, const char *delimiter,
		    unsigned long long v, unsigned int width);
void seq_put_decimal_ull_width(struct seq_buf *s, const char *delimiter,
			       unsigned long long num, unsigned int width);
static inline void seq_put_decimal_ull(struct seq_buf *s,
				       const char *delimiter,
				       unsigned long long num)
{
	seq_put_decimal_ull_width(s, delimiter, num, 0);
}

/*
 * seq_path(): a path as seq_path(m, path, "\n") prints it: a newline in
 * it becomes the octal escape \012 (mangle_path()).
 */
void seq_path(struct seq_buf *s, const char *path);

/* seq_buf_grow(): the slow path of seq_putc(); see seq_reserve(). */
bool seq_buf_grow(struct seq_buf *s, size_t extra);

/*
 * seq_putc(): one character. Inline, since the maps and smaps lines are
 * put together from single characters and short pieces: the common case
 * is two compares and two stores. Nothing is appended once ->err is set.
 */
static inline void seq_putc(struct seq_buf *s, char c)
{
	if ((s->err || s->len + 2 > s->size) && !seq_buf_grow(s, 1))
		return;
	s->buf[s->len++] = c;
	s->buf[s->len] = '\0';
}

#endif
