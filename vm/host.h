/*
 * host.h - what mmsim reads of the host it runs on (vm/host.c): the CPU
 * and kernel configuration behind --cpu=host, soft-dirty support,
 * whether a directory is already a mounted mmsim machine, and the host
 * files of the machine's tree (hostfs_*: attributes, links, bytes; read
 * only).
 */
#ifndef MMSIM_HOST_H
#define MMSIM_HOST_H

#include <stdbool.h>
#include <sys/types.h>
#include "machine.h"

void host_machine_cpu(struct machine_cpu *cpu);
bool host_soft_dirty(void);
bool host_is_mmsim_mount(const char *dir);
char *read_host_text(const char *path);

/* The parsers behind them, for the unit tests. */
bool cpuinfo_has_flag(const char *cpuinfo, const char *flag);
int thp_mode_parse(const char *text, enum thp_mode *mode);
void maps_special_parse(const char *maps, struct machine_cpu *cpu);

/*
 * The machine's file tree: the host's files under --root, read only.
 * What a lookup needs of a host file (lstat(2), never following links).
 */
struct hostfs_attr {
	unsigned int mode;		/* st_mode */
	unsigned int dev_major, dev_minor;	/* of st_dev */
	unsigned long ino;		/* st_ino */
	unsigned int nlink;
	long long size;
};

/** hostfs_lstat() - lstat(2) of @hpath. Return: 0 or -errno. */
int hostfs_lstat(const char *hpath, struct hostfs_attr *attr);
/** hostfs_readlink() - the target of symlink @hpath, malloc'ed, or NULL (errno set). */
char *hostfs_readlink(const char *hpath);
/**
 * hostfs_pread() - up to @len bytes of regular file @hpath at @off
 * (opened read-only, O_NOFOLLOW, O_NOATIME where allowed, and closed
 * again). Return: bytes read (short at end of file) or -errno.
 */
ssize_t hostfs_pread(const char *hpath, void *buf, size_t len, long long off);

/**
 * hostfs_bdi() - the read-ahead window and the largest I/O, in kB, of the
 * host's backing device MAJOR:MINOR (its bdi's read_ahead_kb, and its
 * queue's max_sectors_kb: a partition's disk's). Return: 0, or -errno
 * when the host does not say (then the values are untouched).
 */
int hostfs_bdi(unsigned int major, unsigned int minor,
	       unsigned long *read_ahead_kb, unsigned long *max_sectors_kb);
/** hostfs_realpath() - the canonical host path of directory @dir, malloc'ed, or NULL (errno). */
char *hostfs_realpath(const char *dir);

#endif
