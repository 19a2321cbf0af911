/*
 * complete.c - word completion for mmctl (bash's programmable completion
 * calls `mmctl --complete CWORD WORD...`), read from the command table and
 * the parser's word lists, so that it never drifts from what the ctl
 * files accept: PIDs and global commands first, then a PID's commands,
 * then each argument by its kind (PROT, FLAGS and their comma lists,
 * ADVICE, MODE, keywords such as maymove).
 */
#include <stdio.h>
#include <string.h>
#include "ctl.h"
#include "internal.h"

/* Print @word if it starts with @prefix (after @keep, for comma lists). */
static void offer(FILE *out, const char *keep, size_t keep_len,
		  const char *prefix, const char *word)
{
	if (!strncmp(word, prefix, strlen(prefix)))
		fprintf(out, "%.*s%s\n", (int)keep_len, keep, word);
}

/* The candidates for argument @argi of @cmd, given the text @cur. */
static void complete_arg(FILE *out, const struct ctl_command *cmd, int argi,
			 const char *cur)
{
	const struct ctl_param *p;
	const char *const *words;
	int i, fixed = 0;

	/* Positional parameters come first, then keywords in any order. */
	for (i = 0; i < CTL_MAX_PARAMS && cmd->params[i].name; i++)
		if (cmd->params[i].kind != CK_KEYWORD)
			fixed++;
	if (argi >= fixed) {
		for (i = 0; i < CTL_MAX_PARAMS && cmd->params[i].name; i++)
			if (cmd->params[i].kind == CK_KEYWORD)
				offer(out, "", 0, cur, cmd->params[i].name);
		return;
	}
	p = &cmd->params[argi];
	words = ctl_kind_words(p->kind);
	if (!words)
		return;
	if (p->kind == CK_MAPFLAGS || p->kind == CK_OPENFLAGS ||
	    p->kind == CK_MSYNCFLAGS || p->kind == CK_CLONEFLAGS) {
		/* A comma list: complete its last item. */
		const char *comma = strrchr(cur, ',');
		size_t keep = comma ? (size_t)(comma - cur) + 1 : 0;

		for (; *words; words++)
			offer(out, cur, keep, cur + keep, *words);
		return;
	}
	for (; *words; words++)
		offer(out, "", 0, cur, *words);
}

/**
 * ctl_complete() - print the completions of word @cword of an mmctl
 * command line, one a line.
 * @out: where to print
 * @words: the words of the line, words[0] being "mmctl"
 * @nwords: how many
 * @cword: the index of the word being completed (may be @nwords: a new
 *	word)
 * @pids: the PIDs of the machine mounted, as text (for a first word)
 * @npids: how many
 */
void ctl_complete(FILE *out, char **words, int nwords, int cword,
		  char **pids, int npids)
{
	const char *cur = cword < nwords ? words[cword] : "";
	const struct ctl_command *cmd;
	bool per_pid = false;
	int i = 1, first;
	size_t c;

	/* Options: -m MOUNTPOINT (its value is a directory: no words). */
	while (i < cword && !strcmp(words[i], "-m"))
		i += 2;
	if (i > cword || (i == cword && cword > 1 && !strcmp(words[cword - 1], "-m")))
		return;
	first = i;
	if (cword == first) {
		for (i = 0; i < npids; i++)
			offer(out, "", 0, cur, pids[i]);
		for (c = 0; c < nr_ctl_commands; c++)
			if (ctl_commands[c].scope != CTL_PER_PID)
				offer(out, "", 0, cur, ctl_commands[c].name);
		/* mmctl's own: `mmctl shell` (shell.c). */
		offer(out, "", 0, cur, "shell");
		return;
	}
	if (words[first][0] >= '1' && words[first][0] <= '9') {
		per_pid = true;
		if (cword == first + 1) {
			for (c = 0; c < nr_ctl_commands; c++)
				if (ctl_commands[c].scope != CTL_GLOBAL)
					offer(out, "", 0, cur, ctl_commands[c].name);
			return;
		}
		first++;
	}
	cmd = ctl_find_command(words[first]);
	if (!cmd || (per_pid && cmd->scope == CTL_GLOBAL))
		return;
	complete_arg(out, cmd, cword - first - 1, cur);
}
