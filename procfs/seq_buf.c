/*
 * seq_buf.c - the growable text buffer that every generator prints into,
 * standing in for the kernel's seq_file. Generators gather their numbers
 * first and print afterwards; a failed allocation is remembered in ->err
 * so callers check once at the end instead of after every append.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "seq_buf.h"

#define SEQ_BUF_MIN_SIZE 4096

void seq_buf_init(struct seq_buf *s)
{
	s->buf = NULL;
	s->len = 0;
	s->size = 0;
	s->err = 0;
}

void seq_buf_free(struct seq_buf *s)
{
	free(s->buf);
	seq_buf_init(s);
}

/**
 * seq_buf_grow() - make room for @extra more bytes plus the terminating
 * NUL, growing the buffer (to the next power of two from 4 KiB) if short.
 * Return: true if the room is there; false (and ->err set) otherwise.
 */
bool seq_buf_grow(struct seq_buf *s, size_t extra)
{
	size_t need, new_size;
	char *nbuf;

	if (s->err)
		return false;
	need = s->len + extra + 1;
	if (need <= s->size)
		return true;
	new_size = s->size ? s->size : SEQ_BUF_MIN_SIZE;
	while (new_size < need)
		new_size *= 2;
	nbuf = realloc(s->buf, new_size);
	if (!nbuf) {
		s->err = -ENOMEM;
		return false;
	}
	s->buf = nbuf;
	s->size = new_size;
	return true;
}

/*
 * seq_reserve() - seq_buf_grow() with the common case inline: no error,
 * and the room is there.
 */
static inline bool seq_reserve(struct seq_buf *s, size_t extra)
{
	if (!s->err && s->len + extra + 1 <= s->size)
		return true;
	return seq_buf_grow(s, extra);
}

void seq_write(struct seq_buf *s, const void *data, size_t len)
{
	if (!seq_reserve(s, len))
		return;
	memcpy(s->buf + s->len, data, len);
	s->len += len;
	s->buf[s->len] = '\0';
}

void seq_puts(struct seq_buf *s, const char *str)
{
	seq_write(s, str, strlen(str));
}

/* The delimiter of seq_put_hex_ll() and seq_put_decimal_ull_width(). */
static inline void seq_put_delimiter(struct seq_buf *s, const char *delimiter)
{
	if (delimiter && delimiter[0]) {
		if (!delimiter[1])
			seq_putc(s, delimiter[0]);
		else
			seq_puts(s, delimiter);
	}
}

static const char hex_asc[] = "0123456789abcdef";

/**
 * seq_put_hex_ll() - @delimiter, then @v in hex, at least @width digits.
 * As lib/seq_file.c's: the digit count comes from the highest set bit,
 * and the digits are written from the last one back.
 */
void seq_put_hex_ll(struct seq_buf *s, const char *delimiter,
		    unsigned long long v, unsigned int width)
{
	unsigned int len;
	char *p;

	seq_put_delimiter(s, delimiter);
	len = v ? (unsigned int)(sizeof(v) * 8 - (size_t)__builtin_clzll(v) + 3) / 4
		: 1;
	if (len < width)
		len = width;
	if (!seq_reserve(s, len))
		return;
	p = s->buf + s->len;
	for (unsigned int i = len; i-- > 0;) {
		p[i] = hex_asc[v & 0xf];
		v >>= 4;
	}
	s->len += len;
	s->buf[s->len] = '\0';
}

/**
 * seq_put_decimal_ull_width() - @delimiter, then @num in decimal, right
 * aligned in at least @width columns (num_to_str() pads with spaces).
 */
void seq_put_decimal_ull_width(struct seq_buf *s, const char *delimiter,
			       unsigned long long num, unsigned int width)
{
	char digits[20];	/* 18446744073709551615 */
	unsigned int nd = 0, len;
	char *p;

	seq_put_delimiter(s, delimiter);
	do {
		digits[nd++] = (char)('0' + num % 10);
		num /= 10;
	} while (num);
	len = nd < width ? width : nd;
	if (!seq_reserve(s, len))
		return;
	p = s->buf + s->len;
	memset(p, ' ', len - nd);
	p += len - nd;
	while (nd)
		*p++ = digits[--nd];
	s->len += len;
	s->buf[s->len] = '\0';
}

void seq_printf(struct seq_buf *s, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (s->err)
		return;
	/* Try in the space we have; grow once to the exact size if short. */
	if (!seq_reserve(s, 0))
		return;
	va_start(ap, fmt);
	n = vsnprintf(s->buf + s->len, s->size - s->len, fmt, ap);
	va_end(ap);
	if (n < 0) {
		s->err = -EINVAL;
		return;
	}
	if ((size_t)n >= s->size - s->len) {
		if (!seq_reserve(s, (size_t)n))
			return;
		va_start(ap, fmt);
		vsnprintf(s->buf + s->len, s->size - s->len, fmt, ap);
		va_end(ap);
	}
	s->len += (size_t)n;
}

void seq_pad(struct seq_buf *s, size_t line_start, size_t col, char c)
{
	size_t used = s->len - line_start;

	if (used < col && seq_reserve(s, col - used)) {
		memset(s->buf + s->len, ' ', col - used);
		s->len += col - used;
		s->buf[s->len] = '\0';
	}
	if (c)
		seq_putc(s, c);
}

char *seq_take(struct seq_buf *s, size_t *len)
{
	char *buf;

	if (!s->buf && !seq_reserve(s, 0))
		return NULL;
	if (!s->buf)
		return NULL;
	s->buf[s->len] = '\0';
	buf = s->buf;
	if (len)
		*len = s->len;
	seq_buf_init(s);
	return buf;
}

void seq_path(struct seq_buf *s, const char *path)
{
	for (; *path; path++) {
		unsigned char c = (unsigned char)*path;

		if (c != '\n') {
			seq_putc(s, (char)c);
			continue;
		}
		seq_putc(s, '\\');
		seq_putc(s, (char)('0' + ((c & 0300) >> 6)));
		seq_putc(s, (char)('0' + ((c & 070) >> 3)));
		seq_putc(s, (char)('0' + (c & 07)));
	}
}
