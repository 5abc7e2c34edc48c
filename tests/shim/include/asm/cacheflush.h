/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host shim: cache flushing.  The shim tracks, per arena page, whether its
 * cache lines were written back since the page was allocated (or since
 * shim_page_dirty()); see shim_page_flushed() in <shim/host.h>.
 */
#ifndef _SHIM_ASM_CACHEFLUSH_H
#define _SHIM_ASM_CACHEFLUSH_H

#include <shim/mm.h>

/* Marks every arena page lying entirely inside the range as flushed. */
void clflush_cache_range(void *addr, unsigned int size);
bool shim_page_flushed(phys_addr_t pa);
void shim_page_dirty(struct page *page);

#endif /* _SHIM_ASM_CACHEFLUSH_H */
