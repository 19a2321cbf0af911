/*
 * seq_buf.h - a growable text buffer for generators, in the spirit of the
 * kernel's seq_file: generators gather their numbers first, then print.
 */
#ifndef MMSIM_SEQ_BUF_H
#define MMSIM_SEQ_BUF_H

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
void seq_putc(struct seq_buf *s, char c);
void seq_write(struct seq_buf *s, const void *data, size_t len);
/* seq_pad(): pad with spaces to column @col, then write @c (if nonzero). */
void seq_pad(struct seq_buf *s, size_t line_start, size_t col, char c);
/* seq_take(): hand the buffer to the caller (NUL-terminated). */
char *seq_take(struct seq_buf *s, size_t *len);

#endif
