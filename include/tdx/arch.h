/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The x86 definitions tdx-core builds on, and stand-ins where they do not
 * exist.
 *
 * TDX exists only on x86_64, where the kernel's own headers give
 * struct tdx_module_args, enum pg_level, kvm_pfn_t, page_to_phys() and
 * clflush_cache_range().  User-mode Linux, where the KUnit suites run on
 * the simulated TDX module, has none of them: it gets the same layouts
 * here, and a cache flush that has nothing to do.
 */
#ifndef _TDX_CORE_ARCH_H
#define _TDX_CORE_ARCH_H

#ifndef CONFIG_UML

#include <linux/kvm_types.h>
#include <linux/topology.h>
#include <asm/cacheflush.h>
#include <asm/io.h>		/* page_to_phys() */
#include <asm/pgtable_types.h>
#include <asm/shared/tdx.h>

/* Caches and keys are per package: which one a CPU is in, and how many. */
static inline unsigned int tdx_cpu_package(unsigned int cpu)
{
	/* Logical ids are dense, 0 .. tdx_nr_packages() - 1. */
	return topology_logical_package_id(cpu);
}

static inline unsigned int tdx_nr_packages(void)
{
	return topology_max_packages();
}

#else /* CONFIG_UML */

#include <linux/types.h>

typedef u64 kvm_pfn_t;

enum pg_level {
	PG_LEVEL_NONE,
	PG_LEVEL_4K,
	PG_LEVEL_2M,
	PG_LEVEL_1G,
	PG_LEVEL_512G,
	PG_LEVEL_256T,
	PG_LEVEL_NUM
};

/* The registers of a SEAMCALL, in the order of asm/shared/tdx.h. */
struct tdx_module_args {
	u64 rcx;
	u64 rdx;
	u64 r8;
	u64 r9;
	u64 r10;
	u64 r11;
	u64 r12;
	u64 r13;
	u64 r14;
	u64 r15;
	u64 rbx;
	u64 rdi;
	u64 rsi;
};

/* User-mode Linux has no package topology: one package. */
static inline unsigned int tdx_cpu_package(unsigned int cpu)
{
	return 0;
}

static inline unsigned int tdx_nr_packages(void)
{
	return 1;
}

/* No TDX module shares this machine's caches: nothing to write back. */
static inline void clflush_cache_range(void *vaddr, unsigned int size)
{
}

#endif /* CONFIG_UML */

#endif /* _TDX_CORE_ARCH_H */
