// SPDX-License-Identifier: GPL-2.0
/*
 * Cache flushing before a page is handed to the TDX module.
 *
 * The module reports whether it needs the host to flush a page before
 * taking it (CLFLUSH_BEFORE_ALLOC).  Like upstream Linux, tdx-core ignores
 * the report and always flushes: it is cheap next to the SEAMCALL and
 * keeps one code path.  Every wrapper that hands a page over calls one of
 * these two helpers first.
 */
#include <linux/mm.h>

#include <tdx/arch.h>

#include "core.h"

void tdx_clflush_page(struct page *page)
{
	clflush_cache_range(page_address(page), PAGE_SIZE);
}

/* Flush @nr_pages consecutive pages from @pfn on. */
void tdx_clflush_pfns(kvm_pfn_t pfn, unsigned long nr_pages)
{
	unsigned long i;

	for (i = 0; i < nr_pages; i++)
		clflush_cache_range(__va(PFN_PHYS(pfn + i)), PAGE_SIZE);
}
