/*
 * parse.c - the lexical side of the ctl language: splitting a command
 * line into words (with "quoted strings"), and turning words into typed
 * values (numbers, lengths with K/M/G, PROT, mmap FLAGS, madvise ADVICE,
 * access MODE, DATA) against a command's parameter list. Nothing here
 * touches a machine, so a malformed command is rejected before any
 * engine call can change state.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include "internal.h"
#include "../vm/host.h"

static void why_set(char *why, size_t whylen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void why_set(char *why, size_t whylen, const char *fmt, ...)
{
	va_list ap;

	if (!why || !whylen)
		return;
	va_start(ap, fmt);
	vsnprintf(why, whylen, fmt, ap);
	va_end(ap);
}

char *ctl_sanitize(char *dst, size_t size, const char *src, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	/* Room kept for "..." and the NUL when the text has to be cut. */
	size_t limit = size > 4 ? size - 4 : 0;
	size_t o = 0, i;

	if (!size)
		return dst;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)src[i];
		size_t need = (c < 0x20 || c >= 0x7f) ? 4 : 1;

		if (o + need > limit) {
			if (size >= 4) {
				memcpy(dst + o, "...", 3);
				o += 3;
			}
			break;
		}
		if (need == 4) {
			dst[o++] = '\\';
			dst[o++] = 'x';
			dst[o++] = hex[c >> 4];
			dst[o++] = hex[c & 15];
		} else {
			dst[o++] = (char)c;
		}
	}
	dst[o] = '\0';
	return dst;
}

/* ---- tokeniser ---- */

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

void ctl_tokens_free(struct ctl_tokens *toks)
{
	int i;

	for (i = 0; i < toks->nr; i++) {
		if (toks->tok[i].data != toks->tok[i].raw)
			free(toks->tok[i].data);
		free(toks->tok[i].raw);
	}
	toks->nr = 0;
}

/*
 * Decode the quoted string that starts at line[*pos] (the opening quote)
 * into @tok. On success *pos is just past the closing quote.
 */
static int tokenize_quoted(const char *line, size_t len, size_t *pos,
			   struct ctl_token *tok, char *why, size_t whylen)
{
	size_t start = *pos, i = start + 1, o = 0;
	char shown[48];
	char *out;

	out = malloc(len - start + 1);
	if (!out)
		return -ENOMEM;
	while (i < len && line[i] != '"') {
		unsigned char c = (unsigned char)line[i];

		if (c == '\\') {
			int hi, lo;

			if (i + 1 >= len) {
				i = len;	/* unterminated */
				break;
			}
			switch (line[i + 1]) {
			case 'n': out[o++] = '\n'; i += 2; continue;
			case 't': out[o++] = '\t'; i += 2; continue;
			case 'r': out[o++] = '\r'; i += 2; continue;
			case '0': out[o++] = '\0'; i += 2; continue;
			case '\\': out[o++] = '\\'; i += 2; continue;
			case '"': out[o++] = '"'; i += 2; continue;
			case 'x':
				hi = i + 2 < len ? hexval(line[i + 2]) : -1;
				lo = i + 3 < len ? hexval(line[i + 3]) : -1;
				if (hi < 0 || lo < 0) {
					why_set(why, whylen,
						"bad escape in string: \\x must be followed by two hex digits");
					goto out_inval;
				}
				out[o++] = (char)(hi << 4 | lo);
				i += 4;
				continue;
			default:
				ctl_sanitize(shown, sizeof(shown), line + i + 1, 1);
				why_set(why, whylen,
					"unknown escape '\\%s' in string (use \\n \\t \\r \\0 \\\\ \\\" or \\xNN)",
					shown);
				goto out_inval;
			}
		}
		if ((c < 0x20 && c != '\t') || c == 0x7f) {
			why_set(why, whylen,
				"control character 0x%02x in string (write it as \\x%02x)",
				c, c);
			goto out_inval;
		}
		out[o++] = (char)c;
		i++;
	}
	if (i >= len) {
		ctl_sanitize(shown, sizeof(shown), line + start, len - start);
		why_set(why, whylen, "unterminated string %s", shown);
		goto out_inval;
	}
	i++;	/* the closing quote */
	if (i < len && !is_blank(line[i])) {
		ctl_sanitize(shown, sizeof(shown), line + start, i - start);
		why_set(why, whylen, "junk after the closing quote of %s", shown);
		goto out_inval;
	}
	out[o] = '\0';
	tok->raw = strndup(line + start, i - start);
	if (!tok->raw) {
		free(out);
		return -ENOMEM;
	}
	tok->quoted = true;
	tok->data = out;
	tok->len = o;
	*pos = i;
	return 0;

out_inval:
	free(out);
	return -EINVAL;
}

int ctl_tokenize(const char *line, size_t len, struct ctl_tokens *toks,
		 char *why, size_t whylen)
{
	size_t i = 0;
	int err;

	toks->nr = 0;
	while (i < len) {
		struct ctl_token *tok;
		size_t start;

		while (i < len && is_blank(line[i]))
			i++;
		if (i >= len || line[i] == '#')
			break;
		if (toks->nr == CTL_MAX_TOKENS) {
			why_set(why, whylen, "too many arguments");
			err = -EINVAL;
			goto out_free;
		}
		tok = &toks->tok[toks->nr];
		memset(tok, 0, sizeof(*tok));
		if (line[i] == '"') {
			err = tokenize_quoted(line, len, &i, tok, why, whylen);
			if (err)
				goto out_free;
			toks->nr++;
			continue;
		}
		start = i;
		while (i < len && !is_blank(line[i])) {
			unsigned char c = (unsigned char)line[i];
			char shown[48];

			if (c == '"') {
				ctl_sanitize(shown, sizeof(shown), line + start,
					     len - start);
				why_set(why, whylen,
					"stray '\"' in '%s' (a string must be a whole argument)",
					shown);
				err = -EINVAL;
				goto out_free;
			}
			if (c < 0x20 || c == 0x7f) {
				why_set(why, whylen,
					"control character 0x%02x in command", c);
				err = -EINVAL;
				goto out_free;
			}
			i++;
		}
		tok->raw = strndup(line + start, i - start);
		if (!tok->raw) {
			err = -ENOMEM;
			goto out_free;
		}
		tok->data = tok->raw;
		tok->len = i - start;
		toks->nr++;
	}
	return 0;

out_free:
	ctl_tokens_free(toks);
	if (err == -ENOMEM)
		why_set(why, whylen, "out of host memory");
	return err;
}

/* ---- numbers ---- */

/*
 * Parse the number at the start of @s: decimal, or hex after 0x. *@end is
 * set after its last digit. Return 0, -EINVAL (no digits) or -ERANGE.
 */
static int parse_number_prefix(const char *s, unsigned long *out,
			       const char **end)
{
	unsigned long v = 0;
	const char *p = s;
	int base = 10, d;

	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		p += 2;
	}
	if (hexval(*p) < 0 || (base == 10 && (*p < '0' || *p > '9')))
		return -EINVAL;
	for (; (d = hexval(*p)) >= 0 && (base == 16 || d < 10); p++) {
		if (v > (ULONG_MAX - d) / base)
			return -ERANGE;
		v = v * base + d;
	}
	*out = v;
	*end = p;
	return 0;
}

int ctl_parse_ulong(const char *s, unsigned long *out)
{
	const char *end;
	int err = parse_number_prefix(s, out, &end);

	if (err)
		return err;
	return *end ? -EINVAL : 0;
}

int ctl_parse_long(const char *s, long *out)
{
	unsigned long v;
	bool neg = false;
	int err;

	if (*s == '-' || *s == '+')
		neg = *s++ == '-';
	err = ctl_parse_ulong(s, &v);
	if (err)
		return err;
	if (neg ? v > (unsigned long)LONG_MAX + 1 : v > LONG_MAX)
		return -ERANGE;
	*out = neg ? (long)(0 - v) : (long)v;
	return 0;
}

int ctl_parse_size(const char *s, unsigned long *out)
{
	unsigned long v, mult = 1;
	const char *end;
	int err = parse_number_prefix(s, &v, &end);

	if (err)
		return err;
	if (*end) {
		switch (*end) {
		case 'K': case 'k': mult = 1UL << 10; break;
		case 'M': case 'm': mult = 1UL << 20; break;
		case 'G': case 'g': mult = 1UL << 30; break;
		default: return -EINVAL;
		}
		if (end[1])
			return -EINVAL;
	}
	if (v > ULONG_MAX / mult)
		return -ERANGE;
	*out = v * mult;
	return 0;
}

int ctl_parse_prot(const char *s, unsigned long *prot)
{
	if (strlen(s) != 3)
		return -EINVAL;
	if ((s[0] != 'r' && s[0] != '-') || (s[1] != 'w' && s[1] != '-') ||
	    (s[2] != 'x' && s[2] != '-'))
		return -EINVAL;
	*prot = (s[0] == 'r' ? PROT_READ : 0) | (s[1] == 'w' ? PROT_WRITE : 0) |
		(s[2] == 'x' ? PROT_EXEC : 0);
	return 0;
}

/* ---- named values ---- */

struct ctl_name {
	const char *name;
	unsigned long value;
};

static const struct ctl_name map_flag_names[] = {
	{ "private",		MAP_PRIVATE },
	{ "shared",		MAP_SHARED },
	{ "anonymous",		MAP_ANONYMOUS },
	{ "fixed",		MAP_FIXED },
	{ "fixed_noreplace",	MAP_FIXED_NOREPLACE },
	{ "growsdown",		MAP_GROWSDOWN },
	{ "populate",		MAP_POPULATE },
	{ "locked",		MAP_LOCKED },
	{ "noreserve",		MAP_NORESERVE },
	{ NULL, 0 }
};

static const struct ctl_name open_flag_names[] = {
	{ "rdonly",	O_RDONLY },
	{ "wronly",	O_WRONLY },
	{ "rdwr",	O_RDWR },
	{ "creat",	O_CREAT },
	{ "excl",	O_EXCL },
	{ "trunc",	O_TRUNC },
	{ "append",	O_APPEND },
	{ "nofollow",	O_NOFOLLOW },
	{ "directory",	O_DIRECTORY },
	{ NULL, 0 }
};

static const struct ctl_name fadvise_names[] = {
	{ "normal",	POSIX_FADV_NORMAL },
	{ "random",	POSIX_FADV_RANDOM },
	{ "sequential",	POSIX_FADV_SEQUENTIAL },
	{ "willneed",	POSIX_FADV_WILLNEED },
	{ "dontneed",	POSIX_FADV_DONTNEED },
	{ "noreuse",	POSIX_FADV_NOREUSE },
	{ NULL, 0 }
};

/* clone's FLAGS: CLONE_VM, CLONE_THREAD, CLONE_FILES, CLONE_SIGHAND. */
static const struct ctl_name clone_flag_names[] = {
	{ "files",	CLONE_FILES },
	{ "sighand",	CLONE_SIGHAND },
	{ "thread",	CLONE_THREAD },
	{ "vm",		CLONE_VM },
	{ NULL, 0 }
};

static const struct ctl_name msync_flag_names[] = {
	{ "async",	MS_ASYNC },
	{ "invalidate",	MS_INVALIDATE },
	{ "sync",	MS_SYNC },
	{ NULL, 0 }
};

static const struct ctl_name advice_names[] = {
	{ "dontneed",	MADV_DONTNEED },
	{ "free",	MADV_FREE },
	{ "dontfork",	MADV_DONTFORK },
	{ "dofork",	MADV_DOFORK },
	{ "wipeonfork",	MADV_WIPEONFORK },
	{ "keeponfork",	MADV_KEEPONFORK },
	{ "willneed",	MADV_WILLNEED },
	{ "cold",	MADV_COLD },
	{ "pageout",	MADV_PAGEOUT },
	{ NULL, 0 }
};

/* names_of - @tbl's names into @words, NULL-terminated. */
static const char *const *names_of(const struct ctl_name *tbl,
				   const char **words)
{
	size_t i;

	for (i = 0; tbl[i].name; i++)
		words[i] = tbl[i].name;
	words[i] = NULL;
	return words;
}

/**
 * ctl_kind_words() - the words an argument of @kind may be (or, for
 * CK_MAPFLAGS, be made of), NULL-terminated; NULL for kinds of numbers
 * and text. For completion, so that it is read from the parser's tables.
 */
const char *const *ctl_kind_words(enum ctl_kind kind)
{
	static const char *prot[] = { "rw-", "r--", "r-x", "rwx", "---",
				      "--x", "-w-", "-wx", NULL };
	static const char *mode[] = { "r", "w", "x", NULL };
	static const char *shmkey[] = { "private", NULL };
	static const char *flags[sizeof(map_flag_names) / sizeof(map_flag_names[0])];
	static const char *advice[sizeof(advice_names) / sizeof(advice_names[0])];
	static const char *oflags[sizeof(open_flag_names) / sizeof(open_flag_names[0])];
	static const char *fadv[sizeof(fadvise_names) / sizeof(fadvise_names[0])];
	static const char *msflags[sizeof(msync_flag_names) / sizeof(msync_flag_names[0])];
	static const char *cflags[sizeof(clone_flag_names) / sizeof(clone_flag_names[0])];
	size_t i;

	switch (kind) {
	case CK_OPENFLAGS:
		return names_of(open_flag_names, oflags);
	case CK_FADVICE:
		return names_of(fadvise_names, fadv);
	case CK_MSYNCFLAGS:
		return names_of(msync_flag_names, msflags);
	case CK_CLONEFLAGS:
		return names_of(clone_flag_names, cflags);
	case CK_PROT:
		return prot;
	case CK_MODE:
		return mode;
	case CK_SHMKEY:
		return shmkey;
	case CK_MAPFLAGS:
		for (i = 0; map_flag_names[i].name; i++)
			flags[i] = map_flag_names[i].name;
		flags[i] = NULL;
		return flags;
	case CK_ADVICE:
		for (i = 0; advice_names[i].name; i++)
			advice[i] = advice_names[i].name;
		advice[i] = NULL;
		return advice;
	default:
		return NULL;
	}
}

static const struct ctl_name *name_lookup(const struct ctl_name *tbl,
					  const char *s, size_t len)
{
	for (; tbl->name; tbl++)
		if (strlen(tbl->name) == len && !strncmp(tbl->name, s, len))
			return tbl;
	return NULL;
}

static void name_list(const struct ctl_name *tbl, char *buf, size_t size)
{
	size_t o = 0;

	buf[0] = '\0';
	for (; tbl->name && o < size; tbl++)
		o += snprintf(buf + o, size - o, "%s%s", o ? ", " : "",
			      tbl->name);
}

/*
 * parse_one_name - exactly one of @tbl's names, its value into *@out
 * (madvise's and fadvise's ADVICE); @shown is the token as an error shows it.
 */
static int parse_one_name(const struct ctl_name *tbl, const char *s,
			  const char *shown, int *out, const char *pname,
			  char *why, size_t whylen)
{
	const struct ctl_name *n = name_lookup(tbl, s, strlen(s));
	char list[200];

	if (!n) {
		name_list(tbl, list, sizeof(list));
		why_set(why, whylen, "%s %s is not one of: %s", pname, shown,
			list);
		return -EINVAL;
	}
	*out = (int)n->value;
	return 0;
}

/*
 * parse_name_list - a comma-separated list of @tbl's names, OR-ed into
 * *@out (mmap's, open's and msync's FLAGS).
 */
static int parse_name_list(const struct ctl_name *tbl, const char *s,
			   unsigned long *out, const char *pname, char *why,
			   size_t whylen)
{
	unsigned long flags = 0;
	const char *p = s;
	char shown[64], list[160];

	for (;;) {
		const char *comma = strchr(p, ',');
		size_t n = comma ? (size_t)(comma - p) : strlen(p);
		const struct ctl_name *f = name_lookup(tbl, p, n);

		if (!f) {
			ctl_sanitize(shown, sizeof(shown), p, n);
			name_list(tbl, list, sizeof(list));
			if (n)
				why_set(why, whylen,
					"%s: unknown flag '%s' (flags: %s)",
					pname, shown, list);
			else
				why_set(why, whylen,
					"%s: empty flag in '%s' (comma-separated, from: %s)",
					pname, ctl_sanitize(shown, sizeof(shown),
							    s, strlen(s)), list);
			return -EINVAL;
		}
		flags |= f->value;
		if (!comma)
			break;
		p = comma + 1;
	}
	*out = flags;
	return 0;
}

/*
 * parse_openflags - open's FLAGS: at most one access mode (none means
 * rdonly, O_RDONLY being 0).
 */
static int parse_openflags(const char *s, unsigned long *out,
			   const char *pname, char *why, size_t whylen)
{
	int modes = 0, err;
	const char *p;

	err = parse_name_list(open_flag_names, s, out, pname, why, whylen);
	if (err)
		return err;
	for (p = s; p; p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL)
		if (!strncmp(p, "rdonly", 6) || !strncmp(p, "wronly", 6) ||
		    !strncmp(p, "rdwr", 4))
			modes++;
	if (modes > 1) {
		char shown[64];

		why_set(why, whylen,
			"%s '%s' holds more than one of rdonly, wronly and rdwr",
			pname, ctl_sanitize(shown, sizeof(shown), s, strlen(s)));
		return -EINVAL;
	}
	return 0;
}

/* ---- arguments against a parameter list ---- */

static const char *kind_noun(enum ctl_kind kind)
{
	switch (kind) {
	case CK_ADDR:	return "an address (decimal, or hex with 0x)";
	case CK_LEN:	return "a length (decimal or 0x hex, with an optional K, M or G)";
	case CK_PID:	return "a process id";
	case CK_STATUS:
	case CK_INT:	return "an integer";
	case CK_PFN:	return "a page frame number";
	case CK_SHMKEY:	return "a key (0 to 0xffffffff, or private)";
	case CK_FD:	return "a file descriptor (0 and up)";
	case CK_OFFSET:	return "an offset (decimal or 0x hex, with an optional K, M or G)";
	default:	return "valid";
	}
}

/* Parse one argument @tok as @kind for the parameter named @pname. */
static int parse_value(enum ctl_kind kind, const char *pname,
		       const struct ctl_token *tok, union ctl_value *v,
		       char *why, size_t whylen)
{
	char shown[72];
	unsigned long u;
	long s;
	int err = 0;

	/* Words are shown in single quotes; strings as written. */
	if (tok->quoted) {
		ctl_sanitize(shown, sizeof(shown), tok->raw, strlen(tok->raw));
	} else {
		shown[0] = '\'';
		ctl_sanitize(shown + 1, sizeof(shown) - 2, tok->raw,
			     strlen(tok->raw));
		strcat(shown, "'");
	}
	if (tok->quoted && kind != CK_DATA && kind != CK_COMM &&
	    kind != CK_PATH) {
		why_set(why, whylen, "%s %s: a string is not %s", pname, shown,
			kind == CK_PROT ? "a protection" : kind_noun(kind));
		return -EINVAL;
	}
	switch (kind) {
	case CK_ADDR:
	case CK_PFN:
		err = ctl_parse_ulong(tok->raw, &v->u);
		break;
	case CK_LEN:
		err = ctl_parse_size(tok->raw, &v->u);
		break;
	case CK_PID:
		err = ctl_parse_ulong(tok->raw, &u);
		if (!err && (u == 0 || u > INT_MAX)) {
			why_set(why, whylen, "%s %s is out of range 1..%d",
				pname, shown, INT_MAX);
			return -EINVAL;
		}
		v->s = (long)u;
		break;
	case CK_SHMKEY:
		/* key_t is an int: 0xffffffff is the key -1 */
		if (!strcmp(tok->raw, "private")) {
			v->s = 0;	/* IPC_PRIVATE */
			return 0;
		}
		err = ctl_parse_ulong(tok->raw, &u);
		if (!err && u > UINT_MAX)
			err = -ERANGE;
		v->s = (int)(unsigned int)u;
		break;
	case CK_STATUS:
	case CK_INT:
		err = ctl_parse_long(tok->raw, &s);
		if (!err && (s < INT_MIN || s > INT_MAX))
			err = -ERANGE;
		v->s = s;
		break;
	case CK_PROT:
		if (ctl_parse_prot(tok->raw, &v->u)) {
			why_set(why, whylen,
				"%s %s is not three characters as in maps (rw-, r--, r-x, ---, ...)",
				pname, shown);
			return -EINVAL;
		}
		return 0;
	case CK_MAPFLAGS:
		return parse_name_list(map_flag_names, tok->raw, &v->u, pname,
				       why, whylen);
	case CK_OPENFLAGS:
		return parse_openflags(tok->raw, &v->u, pname, why, whylen);
	case CK_MSYNCFLAGS:
		return parse_name_list(msync_flag_names, tok->raw, &v->u, pname,
				       why, whylen);
	case CK_CLONEFLAGS:
		return parse_name_list(clone_flag_names, tok->raw, &v->u, pname,
				       why, whylen);
	case CK_FADVICE:
		return parse_one_name(fadvise_names, tok->raw, shown, &v->advice, pname,
				      why, whylen);
	case CK_FILEMODE: {
		char *end;

		errno = 0;
		u = strtoul(tok->raw, &end, 8);
		if (!tok->raw[0] || *end || errno || u > 07777 ||
		    tok->raw[0] == '-' || tok->raw[0] == '+') {
			why_set(why, whylen,
				"%s %s is not permission bits in octal (0 to 7777, e.g. 644)",
				pname, shown);
			return -EINVAL;
		}
		v->u = u;
		return 0;
	}
	case CK_FD:
		err = ctl_parse_ulong(tok->raw, &u);
		if (!err && u > INT_MAX) {
			why_set(why, whylen, "%s %s is out of range 0..%d",
				pname, shown, INT_MAX);
			return -EINVAL;
		}
		v->u = u;
		break;
	case CK_OFFSET:
		err = ctl_parse_size(tok->raw, &v->u);
		if (!err && v->u > (unsigned long)LLONG_MAX)
			err = -ERANGE;
		break;
	case CK_PATH:
		if (!tok->len) {
			why_set(why, whylen, "%s is empty", pname);
			return -EINVAL;
		}
		if (memchr(tok->data, '\0', tok->len)) {
			why_set(why, whylen, "%s %s holds a NUL byte", pname,
				shown);
			return -EINVAL;
		}
		v->data.bytes = strndup(tok->data, tok->len);
		if (!v->data.bytes)
			return -ENOMEM;
		v->data.len = tok->len;
		return 0;
	case CK_ADVICE:
		return parse_one_name(advice_names, tok->raw, shown, &v->advice, pname,
				      why, whylen);
	case CK_MODE:
		if (!strcmp(tok->raw, "r"))
			v->mode = ACCESS_READ;
		else if (!strcmp(tok->raw, "w"))
			v->mode = ACCESS_WRITE;
		else if (!strcmp(tok->raw, "x"))
			v->mode = ACCESS_EXEC;
		else {
			why_set(why, whylen, "%s %s is not r, w or x", pname,
				shown);
			return -EINVAL;
		}
		return 0;
	case CK_DATA:
		if (tok->quoted) {
			v->data.bytes = malloc(tok->len + 1);
			if (!v->data.bytes)
				return -ENOMEM;
			memcpy(v->data.bytes, tok->data, tok->len);
			v->data.bytes[tok->len] = '\0';
			v->data.len = tok->len;
		} else {
			const char *h = tok->raw;
			size_t digits, i;

			if (h[0] != '0' || (h[1] != 'x' && h[1] != 'X')) {
				why_set(why, whylen,
					"%s %s is neither a \"quoted string\" nor 0x hex bytes",
					pname, shown);
				return -EINVAL;
			}
			h += 2;
			digits = strlen(h);
			for (i = 0; i < digits; i++)
				if (hexval(h[i]) < 0)
					break;
			if (i < digits || digits % 2) {
				why_set(why, whylen,
					"%s %s must be 0x followed by an even number of hex digits",
					pname, shown);
				return -EINVAL;
			}
			v->data.bytes = malloc(digits / 2 + 1);
			if (!v->data.bytes)
				return -ENOMEM;
			for (i = 0; i < digits / 2; i++)
				v->data.bytes[i] = (char)(hexval(h[2 * i]) << 4 |
							  hexval(h[2 * i + 1]));
			v->data.bytes[digits / 2] = '\0';
			v->data.len = digits / 2;
		}
		if (!v->data.len) {
			free(v->data.bytes);
			v->data.bytes = NULL;
			why_set(why, whylen, "%s %s is empty", pname, shown);
			return -EINVAL;
		}
		return 0;
	case CK_COMM: {
		size_t i;

		if (!tok->len) {
			why_set(why, whylen, "%s is empty", pname);
			return -EINVAL;
		}
		for (i = 0; i < tok->len; i++) {
			unsigned char c = (unsigned char)tok->data[i];

			if (c < 0x20 || c == 0x7f) {
				why_set(why, whylen,
					"%s %s holds a control character", pname,
					shown);
				return -EINVAL;
			}
		}
		v->data.bytes = strndup(tok->data, tok->len);
		if (!v->data.bytes)
			return -ENOMEM;
		v->data.len = tok->len;
		return 0;
	}
	case CK_KEYWORD:
	case CK_ARGV:		/* parse_argv() */
		return 0;
	}
	if (err == -ERANGE) {
		why_set(why, whylen, "%s %s is out of range", pname, shown);
		return -EINVAL;
	}
	if (err) {
		why_set(why, whylen, "%s %s is not %s", pname, shown,
			kind_noun(kind));
		return -EINVAL;
	}
	return 0;
}

void ctl_usage(const struct ctl_command *cmd, char *buf, size_t size)
{
	size_t o;
	int i;

	o = snprintf(buf, size, "%s", cmd->name);
	for (i = 0; i < CTL_MAX_PARAMS && cmd->params[i].name && o < size; i++) {
		const struct ctl_param *p = &cmd->params[i];
		bool opt = p->flags & CP_OPTIONAL;

		if (p->kind == CK_KEYWORD && p->value_name)
			o += snprintf(buf + o, size - o, " %s%s %s%s",
				      opt ? "[" : "", p->name, p->value_name,
				      opt ? "]" : "");
		else
			o += snprintf(buf + o, size - o, " %s%s%s",
				      opt ? "[" : "", p->name, opt ? "]" : "");
	}
}

static bool owns_bytes(enum ctl_kind kind)
{
	return kind == CK_DATA || kind == CK_COMM || kind == CK_PATH;
}

void ctl_args_free(const struct ctl_command *cmd, struct ctl_args *args)
{
	int i;

	for (i = 0; i < CTL_MAX_PARAMS && cmd->params[i].name; i++) {
		const struct ctl_param *p = &cmd->params[i];
		enum ctl_kind k = p->kind == CK_KEYWORD ? p->value_kind : p->kind;

		if (args->present[i] && owns_bytes(k)) {
			free(args->v[i].data.bytes);
			args->v[i].data.bytes = NULL;
		}
		if (args->present[i] && k == CK_ARGV && args->v[i].argv) {
			char **a;

			for (a = args->v[i].argv; *a; a++)
				free(*a);
			free(args->v[i].argv);
			args->v[i].argv = NULL;
		}
		args->present[i] = false;
	}
}

/* The contract's rules for one parsed value (see CP_PAGE_ALIGNED). */
static int check_constraints(const struct ctl_param *p, const char *name,
			     const union ctl_value *v, char *why,
			     size_t whylen)
{
	if ((p->flags & CP_PAGE_ALIGNED) && !PAGE_ALIGNED(v->u)) {
		why_set(why, whylen, "%s 0x%lx is not page-aligned", name,
			v->u);
		return -EINVAL;
	}
	if ((p->flags & CP_NONZERO) && v->u == 0) {
		why_set(why, whylen, "%s is 0", name);
		return -EINVAL;
	}
	return 0;
}

/*
 * parse_argv() - tokens @first.. of @toks as a program's arguments: words
 * or "strings" (empty ones too), none holding a NUL byte.
 */
static int parse_argv(const char *pname, const struct ctl_tokens *toks,
		      int first, union ctl_value *v, char *why, size_t whylen)
{
	int n = toks->nr - first, i;

	v->argv = calloc((size_t)n + 1, sizeof(char *));
	if (!v->argv)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		const struct ctl_token *tok = &toks->tok[first + i];

		if (memchr(tok->data, '\0', tok->len)) {
			why_set(why, whylen, "%s %d holds a NUL byte", pname,
				i + 1);
			goto out_free;
		}
		v->argv[i] = strndup(tok->data, tok->len);
		if (!v->argv[i]) {
			why_set(why, whylen, "out of host memory");
			goto out_free;
		}
	}
	return 0;

out_free:
	for (i = 0; i < n; i++)
		free(v->argv[i]);
	free(v->argv);
	v->argv = NULL;
	return -EINVAL;
}

int ctl_parse_args(const struct ctl_command *cmd,
		   const struct ctl_tokens *toks, struct ctl_args *args,
		   char *why, size_t whylen)
{
	int nparams = 0, nrequired = 0, next = 0, t, i, err;
	char usage[160], shown[72];

	memset(args, 0, sizeof(*args));
	while (nparams < CTL_MAX_PARAMS && cmd->params[nparams].name)
		nparams++;
	for (i = 0; i < nparams; i++)
		if (cmd->params[i].kind != CK_KEYWORD &&
		    !(cmd->params[i].flags & CP_OPTIONAL))
			nrequired++;
	ctl_usage(cmd, usage, sizeof(usage));

	for (t = 1; t < toks->nr; t++) {
		const struct ctl_token *tok = &toks->tok[t];
		const struct ctl_param *p = NULL;
		int idx = -1;

		/* Keywords are recognised once the required words are in. */
		if (next >= nrequired && !tok->quoted) {
			for (i = 0; i < nparams; i++)
				if (cmd->params[i].kind == CK_KEYWORD &&
				    !strcmp(cmd->params[i].name, tok->raw))
					idx = i;
		}
		if (idx >= 0) {
			p = &cmd->params[idx];
			if (args->present[idx]) {
				why_set(why, whylen, "%s given twice; usage: %s",
					p->name, usage);
				err = -EINVAL;
				goto out_free;
			}
			if (p->value_name) {
				if (t + 1 >= toks->nr) {
					why_set(why, whylen,
						"missing %s after %s; usage: %s",
						p->value_name, p->name, usage);
					err = -EINVAL;
					goto out_free;
				}
				err = parse_value(p->value_kind, p->value_name,
						  &toks->tok[++t], &args->v[idx],
						  why, whylen);
				if (!err)
					err = check_constraints(p, p->value_name,
								&args->v[idx],
								why, whylen);
				if (err)
					goto out_free;
			}
			args->present[idx] = true;
			continue;
		}
		/* The next positional parameter takes this word. */
		while (next < nparams && cmd->params[next].kind == CK_KEYWORD)
			next++;
		if (next >= nparams) {
			ctl_sanitize(shown, sizeof(shown), tok->raw,
				     strlen(tok->raw));
			why_set(why, whylen,
				"unexpected argument '%s'; usage: %s", shown,
				usage);
			err = -EINVAL;
			goto out_free;
		}
		p = &cmd->params[next];
		if (p->kind == CK_ARGV) {
			err = parse_argv(p->name, toks, t, &args->v[next], why,
					 whylen);
			if (err)
				goto out_free;
			args->present[next++] = true;
			break;
		}
		err = parse_value(p->kind, p->name, tok, &args->v[next], why,
				  whylen);
		if (!err)
			err = check_constraints(p, p->name, &args->v[next],
						why, whylen);
		if (err)
			goto out_free;
		args->present[next++] = true;
	}
	for (i = 0; i < nparams; i++) {
		const struct ctl_param *p = &cmd->params[i];

		if (p->kind != CK_KEYWORD && !(p->flags & CP_OPTIONAL) &&
		    !args->present[i]) {
			why_set(why, whylen, "missing %s; usage: %s", p->name,
				usage);
			err = -EINVAL;
			goto out_free;
		}
	}
	return 0;

out_free:
	ctl_args_free(cmd, args);
	if (err == -ENOMEM)
		why_set(why, whylen, "out of host memory");
	return err;
}

/* ---- names of errors and signals ---- */

static const struct {
	int err;
	const char *name;
	const char *reason;
} errnames[] = {
	{ EPERM,	"EPERM",	"operation not permitted" },
	{ ENOENT,	"ENOENT",	"no such file or directory" },
	{ ESRCH,	"ESRCH",	"no such process" },
	{ EINTR,	"EINTR",	"interrupted" },
	{ EIO,		"EIO",		"input/output error" },
	{ E2BIG,	"E2BIG",	"argument list too long" },
	{ ECHILD,	"ECHILD",	"no child processes" },
	{ EAGAIN,	"EAGAIN",	"would block" },
	{ ENOMEM,	"ENOMEM",	"cannot allocate memory" },
	{ EACCES,	"EACCES",	"permission denied" },
	{ EFAULT,	"EFAULT",	"bad address" },
	{ EBUSY,	"EBUSY",	"device or resource busy" },
	{ EEXIST,	"EEXIST",	"a mapping already exists there" },
	{ EINVAL,	"EINVAL",	"invalid argument" },
	{ ENOSPC,	"ENOSPC",	"no space left" },
	{ ERANGE,	"ERANGE",	"result out of range" },
	{ ENOSYS,	"ENOSYS",	"not implemented" },
	{ EOVERFLOW,	"EOVERFLOW",	"value too large" },
	{ EUCLEAN,	"EUCLEAN",	"invariant check failed" },
	{ EHWPOISON,	"EHWPOISON",	"memory page has a hardware error" },
};

const char *ctl_errname(int err)
{
	static __thread char buf[16];
	const char *name;
	size_t i;

	if (err < 0)
		err = -err;
	for (i = 0; i < sizeof(errnames) / sizeof(errnames[0]); i++)
		if (errnames[i].err == err)
			return errnames[i].name;
	name = strerrorname_np(err);
	if (name)
		return name;
	snprintf(buf, sizeof(buf), "E%d", err);
	return buf;
}

const char *ctl_errdefault(int err)
{
	size_t i;

	if (err < 0)
		err = -err;
	for (i = 0; i < sizeof(errnames) / sizeof(errnames[0]); i++)
		if (errnames[i].err == err)
			return errnames[i].reason;
	return strerror(err);
}

const char *ctl_signame(int sig, char *buf, size_t size)
{
	const char *abbrev = sigabbrev_np(sig);

	if (abbrev)
		snprintf(buf, size, "SIG%s", abbrev);
	else
		snprintf(buf, size, "SIG%d", sig);
	return buf;
}

/* ---- the machine description (mmsimfs --cpu=...) ---- */

/*
 * cpu_feature_flag - the on/off features of --cpu, each a bool of the
 * machine configuration; "noNAME" turns one off.
 */
static bool *cpu_feature_flag(struct machine_config *cfg, const char *name)
{
	if (!strcmp(name, "pku"))
		return &cfg->cpu.pku;
	if (!strcmp(name, "la57"))
		return &cfg->cpu.la57;
	if (!strcmp(name, "soft_dirty"))
		return &cfg->soft_dirty;
	if (!strcmp(name, "debug_tlbflush"))
		return &cfg->cpu.debug_tlbflush;
	return NULL;
}

/* The flushes forget_tlb_flush= names, with their TLB_FORGET_* bits. */
static const struct {
	const char *name;
	unsigned int bit;
} tlb_forget_names[] = {
	{ "mprotect", TLB_FORGET_MPROTECT },
	{ "cow", TLB_FORGET_COW },
	{ "munmap", TLB_FORGET_MUNMAP },
};

/*
 * parse_forget_tlb_flush - forget_tlb_flush=NAME[:NAME...] or "none":
 * the TLB_FORGET_* bits in @bits. Return: 0, or -EINVAL for a name it
 * does not know.
 */
static int parse_forget_tlb_flush(char *value, unsigned int *bits)
{
	size_t n = sizeof(tlb_forget_names) / sizeof(tlb_forget_names[0]);
	char *name = value, *next;
	unsigned int v = 0;

	if (!strcmp(value, "none")) {
		*bits = 0;
		return 0;
	}
	/* Every name between the ':'s, empty ones refused. */
	for (; name; name = next) {
		size_t i;

		next = strchr(name, ':');
		if (next)
			*next++ = '\0';
		for (i = 0; i < n; i++)
			if (!strcmp(name, tlb_forget_names[i].name))
				break;
		if (i == n)
			return -EINVAL;
		v |= tlb_forget_names[i].bit;
	}
	*bits = v;
	return 0;
}

void ctl_format_forget_tlb_flush(unsigned int bits, struct seq_buf *s)
{
	const char *sep = "";

	size_t n = sizeof(tlb_forget_names) / sizeof(tlb_forget_names[0]);

	for (size_t i = 0; i < n; i++)
		if (bits & tlb_forget_names[i].bit) {
			seq_printf(s, "%s%s", sep, tlb_forget_names[i].name);
			sep = ":";
		}
}

/**
 * ctl_parse_cpu_spec() - apply a --cpu=ITEM,... description to @cfg.
 * @spec: comma-separated items, applied left to right, starting from
 *	Linux's defaults (machine_cpu_default(), no soft-dirty):
 *	  host                 the host's description (host_machine_cpu(),
 *	                       host_soft_dirty())
 *	  default              Linux's defaults again
 *	  pku, la57, soft_dirty, debug_tlbflush
 *	                       turn a feature on; noNAME turns it off
 *	  thp=always|madvise|never
 *	  fault_around_bytes=N    a power of two from 4096 to 65536 (the
 *	                       kernel's bounds; K suffix allowed)
 *	  read_ahead_kb=N|host    the backing devices' read-ahead window in
 *	                       kB (0 to 1048576), or each host device's own
 *	  vdso=VVAR:VCLOCK:TEXT   pages of [vvar], [vvar_vclock], [vdso]
 *	                       (0:0:0: no vDSO), at most 64 each
 *	  vsyscall=xonly|emulate|none
 *	  hwcap=N, hwcap2=N, minsigstksz=N   the auxv's AT_HWCAP, AT_HWCAP2
 *	                       and AT_MINSIGSTKSZ
 *	  forget_tlb_flush=NAME[:NAME...]|none   the teaching switch: the
 *	                       kernel skips those flushes (mprotect, cow,
 *	                       munmap)
 * @cfg: the configuration whose cpu and soft_dirty fields are set
 * @err: set to why @spec is not valid
 * @errlen: size of @err
 * Return: 0, or -EINVAL with @err set (then @cfg is unchanged).
 */
int ctl_parse_cpu_spec(const char *spec, struct machine_config *cfg,
		       char *err, size_t errlen)
{
	struct machine_config c = *cfg;
	char *copy = strdup(spec), *item, *save = NULL;
	int ret = 0;

	if (!copy) {
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	machine_cpu_default(&c.cpu);
	c.soft_dirty = false;
	if (!*spec) {
		snprintf(err, errlen, "empty description (use host, default or a feature list)");
		ret = -EINVAL;
		goto out_free;
	}
	for (item = strtok_r(copy, ",", &save); item;
	     item = strtok_r(NULL, ",", &save)) {
		char *value = strchr(item, '=');
		bool *flag;

		if (value)
			*value++ = '\0';
		if (!value && !strcmp(item, "host")) {
			host_machine_cpu(&c.cpu);
			c.soft_dirty = host_soft_dirty();
		} else if (!value && !strcmp(item, "default")) {
			machine_cpu_default(&c.cpu);
			c.soft_dirty = false;
		} else if (!value && (flag = cpu_feature_flag(&c, item))) {
			*flag = true;
		} else if (!value && !strncmp(item, "no", 2) &&
			   (flag = cpu_feature_flag(&c, item + 2))) {
			*flag = false;
		} else if (value && !strcmp(item, "thp")) {
			if (strchr(value, '[') || thp_mode_parse(value, &c.cpu.thp)) {
				snprintf(err, errlen, "thp=%s: not always, madvise or never", value);
				ret = -EINVAL;
				goto out_free;
			}
		} else if (value && !strcmp(item, "fault_around_bytes")) {
			unsigned long v;

			if (ctl_parse_size(value, &v) || v < 4096 || v > 65536 ||
			    (v & (v - 1))) {
				snprintf(err, errlen,
					 "fault_around_bytes=%s: not a power of two from 4096 to 65536",
					 value);
				ret = -EINVAL;
				goto out_free;
			}
			c.cpu.fault_around_bytes = v;
		} else if (value && !strcmp(item, "read_ahead_kb")) {
			unsigned long v;

			if (!strcmp(value, "host")) {
				c.cpu.read_ahead_host = true;
			} else if (ctl_parse_ulong(value, &v) || v > (1UL << 20)) {
				snprintf(err, errlen,
					 "read_ahead_kb=%s: not host or a number of kB from 0 to 1048576",
					 value);
				ret = -EINVAL;
				goto out_free;
			} else {
				c.cpu.read_ahead_kb = v;
				c.cpu.read_ahead_host = false;
			}
		} else if (value && !strcmp(item, "vdso")) {
			unsigned long v[3];
			int used = 0;

			if (sscanf(value, "%lu:%lu:%lu%n", &v[0], &v[1], &v[2],
				   &used) != 3 || value[used] || v[0] > 64 ||
			    v[1] > 64 || v[2] > 64 || (!v[2] && (v[0] || v[1]))) {
				snprintf(err, errlen,
					 "vdso=%s: not VVAR:VCLOCK:TEXT page counts (0 to 64; no vvar pages without vdso ones)",
					 value);
				ret = -EINVAL;
				goto out_free;
			}
			c.cpu.vvar_pages = v[0];
			c.cpu.vvar_vclock_pages = v[1];
			c.cpu.vdso_pages = v[2];
		} else if (value && !strcmp(item, "vsyscall")) {
			if (!strcmp(value, "xonly"))
				c.cpu.vsyscall = VSYSCALL_XONLY;
			else if (!strcmp(value, "emulate"))
				c.cpu.vsyscall = VSYSCALL_EMULATE;
			else if (!strcmp(value, "none"))
				c.cpu.vsyscall = VSYSCALL_NONE;
			else {
				snprintf(err, errlen, "vsyscall=%s: not xonly, emulate or none", value);
				ret = -EINVAL;
				goto out_free;
			}
		} else if (value && !strcmp(item, "forget_tlb_flush")) {
			char shown[64];

			snprintf(shown, sizeof(shown), "%s", value);
			if (parse_forget_tlb_flush(value,
						   &c.cpu.forget_tlb_flush)) {
				snprintf(err, errlen,
					 "forget_tlb_flush=%s: not none or flushes from mprotect, cow, munmap (joined by ':')",
					 shown);
				ret = -EINVAL;
				goto out_free;
			}
		} else if (value && (!strcmp(item, "hwcap") || !strcmp(item, "hwcap2") ||
				     !strcmp(item, "minsigstksz"))) {
			unsigned long v;

			if (ctl_parse_ulong(value, &v)) {
				snprintf(err, errlen, "%s=%s: not a number", item, value);
				ret = -EINVAL;
				goto out_free;
			}
			if (!strcmp(item, "hwcap"))
				c.cpu.hwcap = v;
			else if (!strcmp(item, "hwcap2"))
				c.cpu.hwcap2 = v;
			else
				c.cpu.minsigstksz = v;
		} else {
			snprintf(err, errlen,
				 "unknown item '%s%s%s' (known: host, default, [no]pku, [no]la57, [no]soft_dirty, [no]debug_tlbflush, thp=MODE, fault_around_bytes=N, read_ahead_kb=N, vdso=, vsyscall=, hwcap=, hwcap2=, minsigstksz=, forget_tlb_flush=)",
				 item, value ? "=" : "", value ? value : "");
			ret = -EINVAL;
			goto out_free;
		}
	}
	*cfg = c;
out_free:
	free(copy);
	return ret;
}
