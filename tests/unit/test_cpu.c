/*
 * test_cpu.c - the machine description: the host parsers of vm/host.c fed
 * made-up hosts (one with protection keys, THP modes), and the mmsimfs
 * --cpu=... items of ctl_parse_cpu_spec(), valid and invalid.
 */
#include <errno.h>
#include "unit.h"
#include "../../vm/host.h"
#include "../../ctl/ctl.h"

/* A shortened /proc/cpuinfo of a CPU with protection keys enabled. */
static const char cpuinfo_pku[] =
	"processor\t: 0\n"
	"vendor_id\t: GenuineIntel\n"
	"flags\t\t: fpu vme de pse pku ospke avx512_vnni la57\n"
	"bugs\t\t: spectre_v1\n"
	"\n"
	"processor\t: 1\n"
	"flags\t\t: fpu vme de pse pku ospke avx512_vnni la57\n";
/* One whose CPU has keys the kernel left off (nopku): no "ospke". */
static const char cpuinfo_pku_off[] =
	"processor\t: 0\n"
	"flags\t\t: fpu pku avx2 ospkex\n";

static void test_cpuinfo_flags(void)
{
	ASSERT(cpuinfo_has_flag(cpuinfo_pku, "ospke"));
	ASSERT(cpuinfo_has_flag(cpuinfo_pku, "fpu"));
	ASSERT(cpuinfo_has_flag(cpuinfo_pku, "la57"));
	ASSERT(!cpuinfo_has_flag(cpuinfo_pku, "osp"));
	ASSERT(!cpuinfo_has_flag(cpuinfo_pku, "spectre_v1"));
	ASSERT(!cpuinfo_has_flag(cpuinfo_pku_off, "ospke"));
	ASSERT(cpuinfo_has_flag(cpuinfo_pku_off, "pku"));
	ASSERT(!cpuinfo_has_flag("", "ospke"));
	ASSERT(!cpuinfo_has_flag("processor : 0\n", "ospke"));
}

static void test_thp_modes(void)
{
	enum thp_mode mode = THP_NEVER;

	ASSERT_EQ(thp_mode_parse("always [madvise] never\n", &mode), 0);
	ASSERT_EQ(mode, THP_MADVISE);
	ASSERT_EQ(thp_mode_parse("[always] madvise never\n", &mode), 0);
	ASSERT_EQ(mode, THP_ALWAYS);
	ASSERT_EQ(thp_mode_parse("always madvise [never]\n", &mode), 0);
	ASSERT_EQ(mode, THP_NEVER);
	ASSERT_EQ(thp_mode_parse("madvise", &mode), 0);
	ASSERT_EQ(mode, THP_MADVISE);
	ASSERT_EQ(thp_mode_parse("always [sometimes] never\n", &mode), -1);
	ASSERT_EQ(thp_mode_parse("always [madvise never\n", &mode), -1);
	ASSERT_EQ(mode, THP_MADVISE);
}

/* spec_ok - parse @spec into a default configuration; fail on error. */
static struct machine_config spec_ok(const char *spec)
{
	struct machine_config cfg;
	char why[256];

	machine_config_default(&cfg);
	if (ctl_parse_cpu_spec(spec, &cfg, why, sizeof(why)))
		unit_fail(__FILE__, __LINE__, "--cpu=%s: %s", spec, why);
	return cfg;
}

static void test_spec_items(void)
{
	struct machine_config cfg;

	cfg = spec_ok("default");
	ASSERT(!cfg.cpu.pku);
	ASSERT(!cfg.cpu.la57);
	ASSERT(!cfg.soft_dirty);
	ASSERT_EQ(cfg.cpu.thp, THP_MADVISE);
	ASSERT_EQ(cfg.cpu.fault_around_bytes, 65536);

	cfg = spec_ok("pku,thp=always,fault_around_bytes=16K,soft_dirty");
	ASSERT(cfg.cpu.pku);
	ASSERT(!cfg.cpu.la57);
	ASSERT(cfg.soft_dirty);
	ASSERT_EQ(cfg.cpu.thp, THP_ALWAYS);
	ASSERT_EQ(cfg.cpu.fault_around_bytes, 16384);

	/* Items apply left to right; "default" starts again. */
	cfg = spec_ok("pku,la57,nopku");
	ASSERT(!cfg.cpu.pku);
	ASSERT(cfg.cpu.la57);
	cfg = spec_ok("pku,default,thp=never,fault_around_bytes=4096");
	ASSERT(!cfg.cpu.pku);
	ASSERT_EQ(cfg.cpu.thp, THP_NEVER);
	ASSERT_EQ(cfg.cpu.fault_around_bytes, 4096);

	/* "host" then a pin: the pin wins whatever the host has. */
	cfg = spec_ok("host,nopku,nosoft_dirty,thp=madvise");
	ASSERT(!cfg.cpu.pku);
	ASSERT(!cfg.soft_dirty);
	ASSERT_EQ(cfg.cpu.thp, THP_MADVISE);
	cfg = spec_ok("host,pku");
	ASSERT(cfg.cpu.pku);
	ASSERT_EQ(cfg.cpu.forget_tlb_flush, 0);
	/* The teaching switch: names joined by ':', none, default resets. */
	cfg = spec_ok("default,forget_tlb_flush=cow:mprotect");
	ASSERT_EQ(cfg.cpu.forget_tlb_flush, TLB_FORGET_COW | TLB_FORGET_MPROTECT);
	cfg = spec_ok("forget_tlb_flush=mprotect,forget_tlb_flush=none");
	ASSERT_EQ(cfg.cpu.forget_tlb_flush, 0);
	cfg = spec_ok("forget_tlb_flush=cow,default");
	ASSERT_EQ(cfg.cpu.forget_tlb_flush, 0);
}

/* A bad description is EINVAL with a reason, and changes nothing. */
static void test_spec_errors(void)
{
	static const struct {
		const char *spec;
		const char *why;
	} FAILS[] = {
		{ "", "empty description" },
		{ "bogus", "unknown item 'bogus'" },
		{ "pku,nola58", "unknown item 'nola58'" },
		{ "pku=1", "unknown item 'pku=1'" },
		{ "thp=sometimes", "thp=sometimes: not always, madvise or never" },
		{ "thp=[always]", "thp=[always]: not always, madvise or never" },
		{ "thp", "unknown item 'thp'" },
		{ "fault_around_bytes=3000", "not a power of two from 4096 to 65536" },
		{ "fault_around_bytes=128K", "not a power of two from 4096 to 65536" },
		{ "fault_around_bytes=2048", "not a power of two from 4096 to 65536" },
		{ "fault_around_bytes=", "not a power of two from 4096 to 65536" },
		{ "vdso=4:2", "vdso=4:2: not VVAR:VCLOCK:TEXT" },
		{ "vdso=4:2:2:1", "not VVAR:VCLOCK:TEXT" },
		{ "vdso=65:2:2", "not VVAR:VCLOCK:TEXT" },
		{ "vdso=4:2:0", "no vvar pages without vdso ones" },
		{ "vsyscall=native", "vsyscall=native: not xonly, emulate or none" },
		{ "hwcap=x", "hwcap=x: not a number" },
		{ "minsigstksz=", "minsigstksz=: not a number" },
		{ "forget_tlb_flush=", "forget_tlb_flush=: not none or flushes from mprotect, cow, munmap" },
		{ "forget_tlb_flush=munmap:mlock", "forget_tlb_flush=munmap:mlock: not none" },
		{ "forget_tlb_flush=cow:", "forget_tlb_flush=cow:: not none" },
	};
	size_t i;

	for (i = 0; i < sizeof(FAILS) / sizeof(FAILS[0]); i++) {
		struct machine_config cfg, before;
		char why[256] = "";

		machine_config_default(&cfg);
		cfg.cpu.pku = true;
		cfg.cpu.fault_around_bytes = 8192;
		before = cfg;
		if (ctl_parse_cpu_spec(FAILS[i].spec, &cfg, why, sizeof(why)) != -EINVAL)
			unit_fail(__FILE__, __LINE__, "--cpu=%s did not fail EINVAL",
				  FAILS[i].spec);
		if (!strstr(why, FAILS[i].why))
			unit_fail(__FILE__, __LINE__, "--cpu=%s: '%s' lacks '%s'",
				  FAILS[i].spec, why, FAILS[i].why);
		ASSERT(!memcmp(&cfg, &before, sizeof(cfg)));
	}
}

/* The kernel build's special mappings, from a maps text (vm/host.c). */
static void test_maps_special(void)
{
	static const char maps_618[] =
		"555555554000-555555556000 r--p 00000000 fe:00 247134                     /usr/bin/cat\n"
		"7ffff7fc2000-7ffff7fc6000 r--p 00000000 00:00 0                          [vvar]\n"
		"7ffff7fc6000-7ffff7fc8000 r--p 00000000 00:00 0                          [vvar_vclock]\n"
		"7ffff7fc8000-7ffff7fca000 r-xp 00000000 00:00 0                          [vdso]\n"
		"7ffffffde000-7ffffffff000 rw-p 00000000 00:00 0                          [stack]\n"
		"ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0                  [vsyscall]\n";
	static const char maps_old[] =
		"7ffff7fc1000-7ffff7fc5000 r--p 00000000 00:00 0                          [vvar]\n"
		"7ffff7fc5000-7ffff7fc7000 r-xp 00000000 00:00 0                          [vdso]\n"
		"ffffffffff600000-ffffffffff601000 r-xp 00000000 00:00 0                  [vsyscall]\n";
	struct machine_cpu cpu;

	machine_cpu_default(&cpu);
	maps_special_parse(maps_618, &cpu);
	ASSERT_EQ(cpu.vvar_pages, 4);
	ASSERT_EQ(cpu.vvar_vclock_pages, 2);
	ASSERT_EQ(cpu.vdso_pages, 2);
	ASSERT_EQ(cpu.vsyscall, VSYSCALL_XONLY);
	maps_special_parse(maps_old, &cpu);
	ASSERT_EQ(cpu.vvar_pages, 4);
	ASSERT_EQ(cpu.vvar_vclock_pages, 0);
	ASSERT_EQ(cpu.vdso_pages, 2);
	ASSERT_EQ(cpu.vsyscall, VSYSCALL_EMULATE);
	maps_special_parse("", &cpu);
	ASSERT_EQ(cpu.vdso_pages, 0);
	ASSERT_EQ(cpu.vsyscall, VSYSCALL_NONE);

	cpu = spec_ok("default,vdso=3:0:1,vsyscall=none,hwcap=0x10,hwcap2=3,minsigstksz=2048").cpu;
	ASSERT_EQ(cpu.vvar_pages, 3);
	ASSERT_EQ(cpu.vvar_vclock_pages, 0);
	ASSERT_EQ(cpu.vdso_pages, 1);
	ASSERT_EQ(cpu.vsyscall, VSYSCALL_NONE);
	ASSERT_HEX(cpu.hwcap, 0x10);
	ASSERT_EQ(cpu.hwcap2, 3);
	ASSERT_EQ(cpu.minsigstksz, 2048);
	cpu = spec_ok("default").cpu;
	ASSERT_EQ(cpu.vvar_pages, 4);
	ASSERT_EQ(cpu.vsyscall, VSYSCALL_XONLY);
	ASSERT_HEX(cpu.hwcap, 0x178bfbff);
}

int main(void)
{
	RUN(test_cpuinfo_flags);
	RUN(test_thp_modes);
	RUN(test_spec_items);
	RUN(test_spec_errors);
	RUN(test_maps_special);
	return unit_done();
}
