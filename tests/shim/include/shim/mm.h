/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host shim: struct page, the page allocator and address conversions,
 * backing linux/mm.h, linux/gfp.h, asm/page.h and linux/pfn.h.
 *
 * All pages live in one simulated physical memory arena whose physical
 * addresses start at SHIM_PHYS_BASE (4 GiB), so physical address 0 is
 * never valid.  __pa()/__va() translate arena addresses; any other
 * address (kmalloc() memory, globals) maps 1:1, which is safe because
 * no host object lives in [SHIM_PHYS_BASE, SHIM_PHYS_BASE + arena size).
 */
#ifndef _SHIM_MM_H
#define _SHIM_MM_H

#include <shim/core.h>

#define PAGE_SHIFT		12
#define PAGE_SIZE		(1UL << PAGE_SHIFT)
#define PAGE_MASK		(~(PAGE_SIZE - 1))
#define PAGE_ALIGN(addr)	ALIGN(addr, PAGE_SIZE)
#define PAGE_ALIGNED(addr)	IS_ALIGNED((unsigned long)(addr), PAGE_SIZE)
#define PMD_SHIFT		21
#define PMD_SIZE		(1UL << PMD_SHIFT)
#define PMD_MASK		(~(PMD_SIZE - 1))
#define PUD_SHIFT		30
#define PUD_SIZE		(1UL << PUD_SHIFT)
#define PUD_MASK		(~(PUD_SIZE - 1))
#define MAX_PAGE_ORDER		10
#define MAX_ORDER		MAX_PAGE_ORDER
#define NR_PAGE_ORDERS		(MAX_PAGE_ORDER + 1)
#define NUMA_NO_NODE		(-1)
#define MAX_NUMNODES		1

#define SHIM_PHYS_BASE		0x100000000ULL

#define PFN_ALIGN(x)	(((unsigned long)(x) + (PAGE_SIZE - 1)) & PAGE_MASK)
#define PFN_UP(x)	(((x) + PAGE_SIZE - 1) >> PAGE_SHIFT)
#define PFN_DOWN(x)	((x) >> PAGE_SHIFT)
#define PFN_PHYS(x)	((phys_addr_t)(x) << PAGE_SHIFT)
#define PHYS_PFN(x)	((unsigned long)((x) >> PAGE_SHIFT))

/* gfp flags: only __GFP_ZERO changes the shim's behaviour. */
#define __GFP_DMA		0x01u
#define __GFP_HIGHMEM		0x02u
#define __GFP_DMA32		0x04u
#define __GFP_IO		0x40u
#define __GFP_FS		0x80u
#define __GFP_ZERO		0x100u
#define __GFP_DIRECT_RECLAIM	0x400u
#define __GFP_KSWAPD_RECLAIM	0x800u
#define __GFP_NOWARN		0x2000u
#define __GFP_RETRY_MAYFAIL	0x4000u
#define __GFP_NOFAIL		0x8000u
#define __GFP_NORETRY		0x10000u
#define __GFP_COMP		0x40000u
#define __GFP_HIGH		0x20u
#define __GFP_ACCOUNT		0x400000u
#define __GFP_RECLAIM		(__GFP_DIRECT_RECLAIM | __GFP_KSWAPD_RECLAIM)
#define GFP_ATOMIC		(__GFP_HIGH | __GFP_KSWAPD_RECLAIM)
#define GFP_KERNEL		(__GFP_RECLAIM | __GFP_IO | __GFP_FS)
#define GFP_KERNEL_ACCOUNT	(GFP_KERNEL | __GFP_ACCOUNT)
#define GFP_NOWAIT		(__GFP_KSWAPD_RECLAIM | __GFP_NOWARN)
#define GFP_NOIO		(__GFP_RECLAIM)
#define GFP_NOFS		(__GFP_RECLAIM | __GFP_IO)
#define GFP_USER		(__GFP_RECLAIM | __GFP_IO | __GFP_FS)
#define GFP_DMA32		__GFP_DMA32
#define GFP_HIGHUSER		(GFP_USER | __GFP_HIGHMEM)

struct page {
	unsigned long flags;
	struct list_head lru;
	unsigned long private;
	/* shim-private state, owned by the allocator in mem.c */
	unsigned int shim_state;	/* SHIM_PAGE_* */
	unsigned int shim_order;	/* order of a head's run */
	bool shim_head;			/* first page of an allocation run */
	bool shim_flushed;		/* cache lines written back */
};

/* The arena; valid after shim_init() or the first allocation. */
extern struct page *shim_mem_map;
extern unsigned long shim_base_pfn;
extern unsigned long shim_nr_pages;
extern char *shim_arena_va;

struct page *shim_pfn_to_page_checked(unsigned long pfn);
struct page *shim_virt_to_page_checked(const void *addr);

static inline bool pfn_valid(unsigned long pfn)
{
	return pfn - shim_base_pfn < shim_nr_pages;
}

static inline unsigned long page_to_pfn(const struct page *page)
{
	return shim_base_pfn + (unsigned long)(page - shim_mem_map);
}

static inline struct page *pfn_to_page(unsigned long pfn)
{
	return shim_pfn_to_page_checked(pfn);
}

static inline phys_addr_t page_to_phys(const struct page *page)
{
	return PFN_PHYS(page_to_pfn(page));
}

static inline void *page_address(const struct page *page)
{
	return shim_arena_va + ((unsigned long)(page - shim_mem_map) << PAGE_SHIFT);
}

#define page_to_virt(page)	page_address(page)
#define lowmem_page_address(page)	page_address(page)

static inline phys_addr_t virt_to_phys(const volatile void *addr)
{
	unsigned long off = (unsigned long)addr - (unsigned long)shim_arena_va;

	if (shim_arena_va && off < (shim_nr_pages << PAGE_SHIFT))
		return PFN_PHYS(shim_base_pfn) + off;
	return (unsigned long)addr;
}

static inline void *phys_to_virt(phys_addr_t pa)
{
	phys_addr_t off = pa - PFN_PHYS(shim_base_pfn);

	if (shim_arena_va && off < ((phys_addr_t)shim_nr_pages << PAGE_SHIFT))
		return shim_arena_va + off;
	return (void *)(unsigned long)pa;
}

#define __pa(x)			virt_to_phys((void *)(x))
#define __pa_symbol(x)		__pa(x)
#define __va(x)			phys_to_virt((phys_addr_t)(x))
#define virt_to_page(addr)	shim_virt_to_page_checked(addr)
#define virt_to_pfn(addr)	PHYS_PFN(__pa(addr))
#define pfn_to_kaddr(pfn)	__va(PFN_PHYS(pfn))
#define virt_addr_valid(addr)	pfn_valid(virt_to_pfn(addr))
#define phys_to_page(pa)	pfn_to_page(PHYS_PFN(pa))
#define page_to_nid(page)	0
#define page_private(page)	((page)->private)
#define set_page_private(page, v)	((page)->private = (v))

static inline unsigned long page_size(const struct page *page)
{
	return PAGE_SIZE;
}

static inline int get_order(unsigned long size)
{
	if (size <= PAGE_SIZE)
		return 0;
	return 64 - __builtin_clzl((size - 1) >> PAGE_SHIFT);
}

struct page *alloc_pages(gfp_t gfp, unsigned int order);
void __free_pages(struct page *page, unsigned int order);
unsigned long __get_free_pages(gfp_t gfp, unsigned int order);
void free_pages(unsigned long addr, unsigned int order);
struct page *alloc_contig_pages(unsigned long nr_pages, gfp_t gfp, int nid,
				void *nodemask);
void free_contig_range(unsigned long pfn, unsigned long nr_pages);
void *alloc_pages_exact(size_t size, gfp_t gfp);
void free_pages_exact(void *virt, size_t size);

#define alloc_page(gfp)			alloc_pages(gfp, 0)
#define alloc_pages_node(nid, gfp, order)	alloc_pages(gfp, order)
#define alloc_pages_exact_nid(nid, size, gfp)	alloc_pages_exact(size, gfp)
#define __get_free_page(gfp)		__get_free_pages(gfp, 0)
#define get_zeroed_page(gfp)		__get_free_pages((gfp) | __GFP_ZERO, 0)
#define __free_page(page)		__free_pages(page, 0)
#define free_page(addr)			free_pages(addr, 0)
#define numa_node_id()			0

#endif /* _SHIM_MM_H */
