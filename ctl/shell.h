/*
 * shell.h - `mmctl shell` (shell.c): a command with the machine as /proc.
 */
#ifndef MMSIM_CTL_SHELL_H
#define MMSIM_CTL_SHELL_H

/**
 * mmctl_shell() - run @argv (NULL-terminated; empty: $SHELL) in a private
 * mount namespace where the machine mounted at @mountpoint is /proc.
 * Return: only on failure, the exit status mmctl should end with.
 */
int mmctl_shell(const char *mountpoint, char **argv);

#endif
