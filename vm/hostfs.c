/*
 * hostfs.c - reads the host's files for the machine's file tree: the
 * attributes a lookup needs, symlink targets, and page-sized runs of
 * bytes that the page cache asks for when a page is first needed
 * (filemap's read_folio). Only reads: files are opened O_RDONLY, with
 * O_NOFOLLOW (the path was resolved component by component through the
 * simulated tree, so no host symlink is ever followed), O_NOATIME (so
 * that not even the access time moves, where the host allows it) and
 * O_NONBLOCK (a file of /proc or /sys that would block a reader cannot
 * stall the daemon).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>
#include "hostfs.h"

int hostfs_lstat(const char *hpath, struct hostfs_attr *attr)
{
	struct stat st;

	if (lstat(hpath, &st))
		return -errno;
	attr->mode = st.st_mode;
	attr->dev_major = major(st.st_dev);
	attr->dev_minor = minor(st.st_dev);
	attr->ino = st.st_ino;
	attr->nlink = (unsigned int)st.st_nlink;
	attr->size = st.st_size;
	return 0;
}

char *hostfs_readlink(const char *hpath)
{
	size_t size = 256;

	for (;;) {
		char *buf = malloc(size);
		ssize_t n;

		if (!buf)
			return NULL;
		n = readlink(hpath, buf, size);
		if (n < 0) {
			free(buf);
			return NULL;
		}
		if ((size_t)n < size) {
			buf[n] = '\0';
			return buf;
		}
		free(buf);
		if (size >= 65536) {
			errno = ENAMETOOLONG;
			return NULL;
		}
		size *= 2;
	}
}

ssize_t hostfs_pread(const char *hpath, void *buf, size_t len, long long off)
{
	size_t done = 0;
	int fd, err = 0;

	fd = open(hpath, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOATIME | O_NONBLOCK);
	if (fd < 0 && errno == EPERM)	/* O_NOATIME needs the owner */
		fd = open(hpath, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return -errno;
	while (done < len) {
		ssize_t n = pread(fd, (char *)buf + done, len - done,
				  (off_t)(off + (long long)done));

		if (n < 0) {
			if (errno == EINTR)
				continue;
			err = -errno;
			break;
		}
		if (!n)
			break;
		done += (size_t)n;
	}
	close(fd);
	return err && !done ? err : (ssize_t)done;
}

char *hostfs_realpath(const char *dir)
{
	struct stat st;
	char *path = realpath(dir, NULL);

	if (!path)
		return NULL;
	if (stat(path, &st) || !S_ISDIR(st.st_mode)) {
		free(path);
		errno = ENOTDIR;
		return NULL;
	}
	return path;
}

/* read_ulong - the number a sysfs attribute holds. Return: 0 or -errno. */
static int read_ulong(const char *path, unsigned long *v)
{
	char buf[32], *end;
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);

	if (fd < 0)
		return -errno;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -EIO;
	buf[n] = '\0';
	*v = strtoul(buf, &end, 10);
	return end == buf ? -EIO : 0;
}

int hostfs_bdi(unsigned int major, unsigned int minor,
	       unsigned long *read_ahead_kb, unsigned long *max_sectors_kb)
{
	char path[96];
	unsigned long v;
	int err;

	snprintf(path, sizeof(path), "/sys/class/bdi/%u:%u/read_ahead_kb",
		 major, minor);
	err = read_ulong(path, &v);
	if (err) {
		/* A partition: its disk's bdi and queue. */
		snprintf(path, sizeof(path),
			 "/sys/dev/block/%u:%u/../queue/read_ahead_kb", major,
			 minor);
		err = read_ulong(path, &v);
		if (err)
			return err;
	}
	*read_ahead_kb = v;
	snprintf(path, sizeof(path), "/sys/dev/block/%u:%u/queue/max_sectors_kb",
		 major, minor);
	if (!read_ulong(path, &v)) {
		*max_sectors_kb = v;
		return 0;
	}
	snprintf(path, sizeof(path),
		 "/sys/dev/block/%u:%u/../queue/max_sectors_kb", major, minor);
	if (!read_ulong(path, &v))
		*max_sectors_kb = v;
	return 0;
}
