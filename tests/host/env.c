// SPDX-License-Identifier: GPL-2.0
/*
 * The host environment of the KUnit suites: the shim's simulated physical
 * memory is the simulated module's convertible memory, and the shim's
 * page allocator tells the module's audit when the host frees pages.
 */
#include <linux/mm.h>
#include <shim/host.h>

#include "../kunit/tdx_test.h"

void tdx_test_env_sim_config(struct tdx_sim_config *cfg)
{
	cfg->cmr_base = shim_arena_base();
	cfg->cmr_size = (u64)shim_arena_pages() << PAGE_SHIFT;
	cfg->page_flushed = shim_page_flushed;
}

bool tdx_test_env_counts_warnings(void)
{
	return true;
}

/* The shim's allocator reports frees, and tracks cache flushes. */
bool tdx_test_env_audits_host(void)
{
	return true;
}

unsigned long tdx_test_env_warnings(void)
{
	return shim_warn_count();
}

/* Broken kernel rules the shim saw: bad frees, sleeping in atomic context. */
unsigned long tdx_test_env_violations(void)
{
	return shim_violations();
}

bool tdx_test_env_can_fail_allocs(void)
{
	return true;
}

void tdx_test_env_fail_nth_alloc(unsigned long nth)
{
	shim_fail_nth_alloc(nth);
}

unsigned long tdx_test_env_alloc_calls(void)
{
	return shim_alloc_calls();
}

long tdx_test_env_pages_in_use(void)
{
	return shim_pages_in_use();
}

long tdx_test_env_objects_in_use(void)
{
	return shim_slab_objects_in_use();
}

void tdx_test_env_dirty_page(struct page *page)
{
	shim_page_dirty(page);
}

/* Every page the host frees is checked against the module's PAMT. */
void tdx_test_env_setup(void)
{
	shim_set_page_free_hook(tdx_sim_host_freed);
}
