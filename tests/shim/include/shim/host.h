/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host-only control API of the shim.  Never included by kernel code; used
 * by test programs and the simulator's host glue.
 */
#ifndef _SHIM_HOST_H
#define _SHIM_HOST_H

#include <shim/core.h>
#include <shim/mm.h>

/* Set up the memory arena and default topology.  Idempotent. */
void shim_init(void);
/* Zero the call, WARN and violation counters; disarm fault injection. */
void shim_reset_counters(void);

/* printk: drop KERN_NOTICE and less urgent messages while quiet. */
void shim_set_quiet(bool quiet);

/* WARN*() that fired, and shim-detected API misuse. */
unsigned long shim_warn_count(void);
const char *shim_warn_last(void);
unsigned long shim_violations(void);
const char *shim_violation_last(void);
__printf(1, 2) void shim_violation(const char *fmt, ...);

/* Memory arena. */
void shim_set_arena_pages(unsigned long nr_pages);
phys_addr_t shim_arena_base(void);
unsigned long shim_arena_pages(void);
unsigned long shim_pages_in_use(void);
unsigned long shim_page_alloc_calls(void);
typedef void (*shim_page_free_hook_t)(phys_addr_t pa, unsigned long nr_pages);
/* Install @hook (NULL: none); returns the hook it replaces. */
shim_page_free_hook_t shim_set_page_free_hook(shim_page_free_hook_t hook);
bool shim_page_flushed(phys_addr_t pa);
void shim_page_dirty(struct page *page);

/* Slab. */
unsigned long shim_slab_objects_in_use(void);
unsigned long shim_kmalloc_calls(void);

/*
 * Fault injection: fail the n-th call (1-based, counted from now) of the
 * page allocators, of the kmalloc family, or of both as one sequence.
 * One shot; 0 disarms.
 */
void shim_fail_nth_page_alloc(unsigned long n);
void shim_fail_nth_kmalloc(unsigned long n);
void shim_fail_nth_alloc(unsigned long n);
unsigned long shim_alloc_calls(void);

/* CPUs. */
void shim_set_topology(unsigned int nr_cpus, unsigned int nr_packages);
void shim_set_current_cpu(unsigned int cpu);
void shim_set_cpu_online(unsigned int cpu, bool online);

/* Module init/exit calls registered with module_init() and friends. */
int shim_run_initcalls(void);
void shim_run_exitcalls(void);

void shim_seed_random(u64 seed);

#endif /* _SHIM_HOST_H */
