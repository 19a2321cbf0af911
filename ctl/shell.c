/*
 * shell.c - `mmctl shell [COMMAND...]`: run COMMAND (default: $SHELL, else
 * /bin/sh) with the simulated machine as its /proc, so that ps, top,
 * free, vmstat, pmap, smem, htop and psutil show the machine unchanged.
 *
 * The command gets a mount namespace of its own (unshare(CLONE_NEWNS)):
 * every mount is made a slave of the host's (mounts the host makes still
 * appear; none made here leaks out), and the machine's mount point is
 * bind-mounted over /proc there. The host's /proc, everyone else's view
 * and the machine are left as they were; the namespace ends with the
 * last process in it. This needs CAP_SYS_ADMIN (root).
 *
 * Everything that reads /proc inside sees the machine: the tools, but
 * also /dev/fd (a link to /proc/self/fd), so bash's <(...) does not work
 * in such a shell.
 */
#include <errno.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>
#include "shell.h"

/**
 * mmctl_shell() - see shell.h. Returns only on failure: with the exit
 * status (1 the namespace could not be made, 3 no machine is mounted at
 * @mountpoint, 127 COMMAND could not be run), the reason on stderr.
 */
int mmctl_shell(const char *mountpoint, char **argv)
{
	char dir[PATH_MAX], ctl[PATH_MAX + 8];
	const char *shell = getenv("SHELL");
	char *sh_argv[] = { NULL, NULL };

	if (!realpath(mountpoint, dir)) {
		fprintf(stderr, "mmctl shell: %s: %s\n", mountpoint,
			strerror(errno));
		return 3;
	}
	snprintf(ctl, sizeof(ctl), "%s/ctl", dir);
	if (access(ctl, F_OK)) {
		fprintf(stderr, "mmctl shell: %s: no mmsim machine is mounted there\n",
			dir);
		return 3;
	}
	if (unshare(CLONE_NEWNS)) {
		fprintf(stderr, "mmctl shell: a private mount namespace: %s%s\n",
			strerror(errno), errno == EPERM ?
			" (needs root: CAP_SYS_ADMIN)" : "");
		return 1;
	}
	if (mount(NULL, "/", NULL, MS_REC | MS_SLAVE, NULL)) {
		fprintf(stderr, "mmctl shell: making / a slave mount: %s\n",
			strerror(errno));
		return 1;
	}
	if (mount(dir, "/proc", NULL, MS_BIND, NULL)) {
		fprintf(stderr, "mmctl shell: binding %s over /proc: %s\n", dir,
			strerror(errno));
		return 1;
	}
	/* mmctl inside names the same machine without -m. */
	setenv("MMSIM_MOUNT", dir, 1);
	if (!argv[0]) {
		sh_argv[0] = (char *)(shell && *shell ? shell : "/bin/sh");
		argv = sh_argv;
	}
	execvp(argv[0], argv);
	fprintf(stderr, "mmctl shell: %s: %s\n", argv[0], strerror(errno));
	return 127;
}
