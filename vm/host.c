/*
 * host.c - the one module of mmsim that looks at the host: it reads the
 * host's CPU and kernel configuration so that a machine booted with the
 * default --cpu=host describes itself as the host does (struct
 * machine_cpu, vm/machine.h). It only reads (/proc/cpuinfo, /sys/kernel/mm,
 * /sys/kernel/debug, the daemon's own /proc/self/smaps) and probes with
 * the daemon's own address space; nothing here, or anywhere in mmsim,
 * writes a host file.
 *
 * The kernel build's special mappings and the CPU's auxv words come from
 * the daemon itself: its own /proc/self/maps ([vvar], [vvar_vclock],
 * [vdso], [vsyscall]) and /proc/self/auxv.
 *
 * It is also the one door to the host's files under the machine's --root
 * (the hostfs_*() functions below): attributes, symlink targets and bytes,
 * read only.
 *
 * It also tells whether a directory already holds a mounted mmsim machine
 * (host_is_mmsim_mount()), so that mmsimfs does not stack a second one.
 *
 * The parsers take text, so the unit tests feed them made-up hosts: a
 * host with protection keys, one with THP "always", and so on.
 */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/vfs.h>
#include <unistd.h>
#include "host.h"

#define HOST_CPUINFO		"/proc/cpuinfo"
#define HOST_THP_ENABLED	"/sys/kernel/mm/transparent_hugepage/enabled"
#define HOST_VMSTAT	"/proc/vmstat"
#define HOST_FAULT_AROUND	"/sys/kernel/debug/fault_around_bytes"

/**
 * cpuinfo_has_flag() - does the first "flags" line of a /proc/cpuinfo text
 * list @flag as a whole word?
 * @cpuinfo: the text
 * @flag: e.g. "ospke"
 * Return: true if listed.
 */
bool cpuinfo_has_flag(const char *cpuinfo, const char *flag)
{
	const char *line = cpuinfo, *end, *p;
	size_t len = strlen(flag);

	while (line && *line) {
		end = strchr(line, '\n');
		if (!end)
			end = line + strlen(line);
		if (!strncmp(line, "flags", 5) && (p = memchr(line, ':', end - line))) {
			for (p++; p < end; ) {
				const char *w;

				while (p < end && *p == ' ')
					p++;
				w = p;
				while (p < end && *p != ' ')
					p++;
				if ((size_t)(p - w) == len && !memcmp(w, flag, len))
					return true;
			}
			return false;
		}
		line = *end ? end + 1 : NULL;
	}
	return false;
}

/**
 * thp_mode_parse() - the selected mode of a transparent_hugepage/enabled
 * text ("always [madvise] never"), or a bare mode name.
 * @text: the text
 * @mode: set on success
 * Return: 0, or -1 when no known mode is selected.
 */
int thp_mode_parse(const char *text, enum thp_mode *mode)
{
	static const struct { const char *name; enum thp_mode mode; } modes[] = {
		{ "always", THP_ALWAYS }, { "madvise", THP_MADVISE },
		{ "never", THP_NEVER },
	};
	const char *open = strchr(text, '['), *close;
	size_t i, len;

	if (open) {
		close = strchr(open, ']');
		if (!close)
			return -1;
		text = open + 1;
		len = close - text;
	} else {
		len = strcspn(text, " \n");
	}
	for (i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		if (strlen(modes[i].name) == len &&
		    !strncmp(modes[i].name, text, len)) {
			*mode = modes[i].mode;
			return 0;
		}
	}
	return -1;
}

/**
 * read_host_text() - a host file's whole text, NUL-terminated (caller
 * frees): the host's /proc and /sys files, and mmsimfs --replay's journal.
 * @path: the file
 * Return: the text, or NULL with errno set when it cannot be read.
 */
char *read_host_text(const char *path)
{
	size_t cap = 4096, len = 0, n;
	char *buf = malloc(cap), *bigger;
	FILE *f;

	if (!buf)
		return NULL;
	f = fopen(path, "re");
	if (!f) {
		free(buf);
		return NULL;
	}
	while ((n = fread(buf + len, 1, cap - len - 1, f)) > 0) {
		len += n;
		if (len + 1 == cap) {
			bigger = realloc(buf, cap * 2);
			if (!bigger) {
				fclose(f);
				free(buf);
				errno = ENOMEM;
				return NULL;
			}
			buf = bigger;
			cap *= 2;
		}
	}
	if (ferror(f)) {
		fclose(f);
		free(buf);
		errno = EIO;
		return NULL;
	}
	fclose(f);
	buf[len] = '\0';
	return buf;
}

/**
 * maps_special_parse() - the special mappings of a /proc/PID/maps text:
 * the pages of [vvar], [vvar_vclock] and [vdso], and the [vsyscall]
 * mode its permissions say ("--xp" xonly, "r-xp" emulate, absent none).
 * @maps: the text
 * @cpu: the fields set; a mapping the text lacks gets 0 pages
 */
void maps_special_parse(const char *maps, struct machine_cpu *cpu)
{
	const char *line = maps;

	cpu->vvar_pages = cpu->vvar_vclock_pages = cpu->vdso_pages = 0;
	cpu->vsyscall = VSYSCALL_NONE;
	while (line && *line) {
		const char *end = strchrnul(line, '\n');
		unsigned long start, stop;
		char perms[8];
		int name = 0;

		if (sscanf(line, "%lx-%lx %7s %*s %*s %*s %n", &start, &stop,
			   perms, &name) == 3 && name && stop > start) {
			const char *n = line + name;
			size_t len = (size_t)(end - n);
			unsigned long pages = (stop - start) >> 12;

			if (len == 6 && !strncmp(n, "[vvar]", 6))
				cpu->vvar_pages = pages;
			else if (len == 13 && !strncmp(n, "[vvar_vclock]", 13))
				cpu->vvar_vclock_pages = pages;
			else if (len == 6 && !strncmp(n, "[vdso]", 6))
				cpu->vdso_pages = pages;
			else if (len == 10 && !strncmp(n, "[vsyscall]", 10))
				cpu->vsyscall = perms[0] == 'r' ?
						VSYSCALL_EMULATE : VSYSCALL_XONLY;
		}
		line = *end ? end + 1 : NULL;
	}
}

/*
 * host_auxv - AT_HWCAP, AT_HWCAP2 and AT_MINSIGSTKSZ as the host kernel
 * gave them to this daemon: read from /proc/self/auxv, since glibc's
 * getauxval(AT_HWCAP) answers its own idea of the hardware capabilities
 * on x86 rather than the kernel's word.
 */
static void host_auxv(struct machine_cpu *cpu)
{
	unsigned long v[2];
	FILE *f = fopen("/proc/self/auxv", "re");

	if (!f)
		return;
	while (fread(v, sizeof(v), 1, f) == 1 && v[0] != AT_NULL) {
		if (v[0] == AT_HWCAP)
			cpu->hwcap = v[1];
		else if (v[0] == AT_HWCAP2)
			cpu->hwcap2 = v[1];
		else if (v[0] == AT_MINSIGSTKSZ)
			cpu->minsigstksz = v[1];
	}
	fclose(f);
}

/*
 * host_la57 - is the host kernel running with 5-level paging? Only then
 * does it honour an mmap hint above the 47-bit user address space (the
 * CPU's "la57" flag alone does not say: the kernel may not use it).
 */
static bool host_la57(void)
{
	void *hint = (void *)(1UL << 50), *p;
	bool la57;

	p = mmap(hint, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return false;
	la57 = (unsigned long)p >= (1UL << 47);
	munmap(p, 4096);
	return la57;
}

/**
 * host_soft_dirty() - does the host kernel track soft-dirty
 * (CONFIG_MEM_SOFT_DIRTY)? A fresh anonymous mapping gets VM_SOFTDIRTY
 * ("sd" in VmFlags) exactly then, so map a page and read our own smaps.
 * Return: true if it does.
 */
bool host_soft_dirty(void)
{
	unsigned long addr, start, end;
	bool inside = false, found = false;
	char line[512];
	FILE *f;
	void *p;

	p = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return false;
	addr = (unsigned long)p;
	f = fopen("/proc/self/smaps", "re");
	if (f) {
		while (fgets(line, sizeof(line), f)) {
			if (sscanf(line, "%lx-%lx ", &start, &end) == 2 &&
			    strchr(line, '-') < strchr(line, ' ')) {
				inside = start <= addr && addr < end;
				continue;
			}
			if (inside && !strncmp(line, "VmFlags:", 8)) {
				char *sd = strstr(line + 8, " sd");

				found = sd && (sd[3] == ' ' || sd[3] == '\n' ||
					       sd[3] == '\0');
				break;
			}
		}
		fclose(f);
	}
	munmap(p, 4096);
	return found;
}

/**
 * host_machine_cpu() - describe the host as struct machine_cpu.
 * @cpu: filled in; what cannot be read keeps Linux's default
 *	(machine_cpu_default())
 *
 * - pku: arch_pkeys_enabled() is boot_cpu_has(X86_FEATURE_OSPKE), which
 *   /proc/cpuinfo lists as "ospke" (the CPU's "pku" alone is not enough:
 *   the kernel may have left CR4.PKE off);
 * - la57: probed (host_la57());
 * - debug_tlbflush: /proc/vmstat lists nr_tlb_remote_flush;
 * - thp: transparent_hugepage/enabled; without that file the kernel has
 *   no THP, which shows in smaps as it does with "never";
 * - fault_around_bytes: debugfs, when mounted and readable;
 * - read-ahead: each host device's own (read_ahead_host), asked when the
 *   file tree first meets the device (vm/inode.c);
 * - the vDSO's mappings and vsyscall: the daemon's own maps
 *   (maps_special_parse());
 * - hwcap, hwcap2, minsigstksz: the daemon's own auxv (host_auxv()).
 */
void host_machine_cpu(struct machine_cpu *cpu)
{
	char *text;

	machine_cpu_default(cpu);
	text = read_host_text(HOST_CPUINFO);
	if (text) {
		cpu->pku = cpuinfo_has_flag(text, "ospke");
		free(text);
	}
	cpu->la57 = host_la57();
	cpu->read_ahead_host = true;
	/* CONFIG_DEBUG_TLBFLUSH shows in vmstat's names. */
	text = read_host_text(HOST_VMSTAT);
	if (text) {
		cpu->debug_tlbflush = strstr(text, "\nnr_tlb_remote_flush ") != NULL;
		free(text);
	}
	text = read_host_text(HOST_THP_ENABLED);
	if (!text || thp_mode_parse(text, &cpu->thp))
		cpu->thp = text ? cpu->thp : THP_NEVER;
	free(text);
	text = read_host_text(HOST_FAULT_AROUND);
	if (text) {
		char *end;
		unsigned long v = strtoul(text, &end, 10);

		if (end != text && v >= 4096 && !(v & (v - 1)))
			cpu->fault_around_bytes = v;
		free(text);
	}
	text = read_host_text("/proc/self/maps");
	if (text) {
		maps_special_parse(text, cpu);
		free(text);
	}
	host_auxv(cpu);
}

/* FUSE_SUPER_MAGIC: statfs(2)'s f_type of a FUSE mount. */
#define FUSE_SUPER_MAGIC	0x65735546

/**
 * host_is_mmsim_mount() - is @dir a live mmsim mount (a FUSE file system
 * whose "version" reads as mmsim's, see procfs' version_proc_show())?
 * @dir: the directory
 * Return: true if it is.
 */
bool host_is_mmsim_mount(const char *dir)
{
	char path[4096], *text;
	struct statfs sfs;
	bool mmsim;

	if (statfs(dir, &sfs) || (unsigned long)sfs.f_type != FUSE_SUPER_MAGIC)
		return false;
	if ((size_t)snprintf(path, sizeof(path), "%s/version", dir) >= sizeof(path))
		return false;
	text = read_host_text(path);
	mmsim = text && !strncmp(text, "Linux version ", 14) &&
		strstr(text, "-mmsim ");
	free(text);
	return mmsim;
}

/*
 * ---- the machine's file tree ----
 *
 * The host's files of the machine's tree: the attributes a lookup
 * needs, symlink targets, and page-sized runs of bytes that the page
 * cache asks for when a page is first needed (filemap's read_folio).
 * Only reads: files are opened O_RDONLY, with
 * O_NOFOLLOW (the path was resolved component by component through the
 * simulated tree, so no host symlink is ever followed), O_NOATIME (so
 * that not even the access time moves, where the host allows it) and
 * O_NONBLOCK (a file of /proc or /sys that would block a reader cannot
 * stall the daemon).
 */
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
