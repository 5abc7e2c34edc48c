// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel environment of the KUnit suites.
 *
 * The simulated module covers all of RAM.  What the host build can do and
 * a kernel cannot (count WARNs, fail the nth allocation on demand, count
 * pages in use exactly) is reported as unavailable, and the suites skip
 * those checks.
 */
#include <linux/mm.h>

#include "../kunit/tdx_test.h"

void tdx_test_env_sim_config(struct tdx_sim_config *cfg)
{
	cfg->cmr_base = 0;
	cfg->cmr_size = __pa(high_memory);
}

/* No hook sees the kernel's frees or cache flushes. */
bool tdx_test_env_audits_host(void)
{
	return false;
}

bool tdx_test_env_counts_warnings(void)
{
	return false;
}

unsigned long tdx_test_env_warnings(void)
{
	return 0;
}

/* The kernel's own debug options (KASAN, lockdep, might_sleep) report. */
unsigned long tdx_test_env_violations(void)
{
	return 0;
}

bool tdx_test_env_can_fail_allocs(void)
{
	return false;
}

void tdx_test_env_fail_nth_alloc(unsigned long nth)
{
}

unsigned long tdx_test_env_alloc_calls(void)
{
	return 0;
}

long tdx_test_env_pages_in_use(void)
{
	return -1;
}

long tdx_test_env_objects_in_use(void)
{
	return -1;
}

void tdx_test_env_dirty_page(struct page *page)
{
}
