/* SPDX-License-Identifier: GPL-2.0 */
/*
 * HPA lists: one 4 KiB page holding up to 512 host physical addresses, the
 * form in which the TDX module takes sets of pages.  Two register encodings
 * point at such a list:
 *
 *  - HPA_LIST_INFO (TDH.EXT.MEM.ADD): PFN of the list page, the index of the
 *    first entry still to be consumed and the index of the last valid one.
 *    The module advances FIRST_ENTRY when it is interrupted.
 *  - HPA_ARRAY_T (metadata of TDX Connect objects): PFN and the number of
 *    entries minus one.  With exactly one page the PFN names that page
 *    itself and no list page is used (the "singleton" form).
 *
 * The module never keeps the list page itself, only the pages it names.
 */
#ifndef _TDX_CORE_HPA_LIST_H
#define _TDX_CORE_HPA_LIST_H

#include <linux/bits.h>
#include <linux/build_bug.h>
#include <linux/gfp.h>
#include <linux/types.h>
#include <asm/page.h>

struct page;

#define TDX_HPA_LIST_MAX_ENTRIES	(PAGE_SIZE / sizeof(u64))

/**
 * struct tdx_hpa_list - One page of host physical addresses.
 * @phys: page-aligned host physical addresses; unused entries are zero.
 */
struct tdx_hpa_list {
	u64 phys[TDX_HPA_LIST_MAX_ENTRIES];
};

static_assert(sizeof(struct tdx_hpa_list) == PAGE_SIZE);

#define HPA_LIST_INFO_FIRST_ENTRY	GENMASK_U64(11, 3)
#define HPA_LIST_INFO_PFN		GENMASK_U64(51, 12)
#define HPA_LIST_INFO_LAST_ENTRY	GENMASK_U64(63, 55)
#define HPA_LIST_INFO_RESERVED		(GENMASK_U64(2, 0) | GENMASK_U64(54, 52))

#define HPA_ARRAY_T_PFN			GENMASK_U64(51, 12)
#define HPA_ARRAY_T_SIZE		GENMASK_U64(63, 55)
#define HPA_ARRAY_T_RESERVED		(GENMASK_U64(11, 0) | GENMASK_U64(54, 52))

struct tdx_hpa_list *tdx_hpa_list_alloc(gfp_t gfp);
void tdx_hpa_list_free(struct tdx_hpa_list *list);
int tdx_hpa_list_fill(struct tdx_hpa_list *list, struct page **pages,
		      unsigned int nr_pages);
int tdx_hpa_list_fill_range(struct tdx_hpa_list *list, struct page *first,
			    unsigned int nr_pages);
u64 tdx_hpa_list_info(const struct tdx_hpa_list *list, unsigned int nr_pages);
u64 tdx_hpa_array(const struct tdx_hpa_list *list, unsigned int nr_pages);

/**
 * tdx_hpa_list_chunks() - Number of lists needed for @nr_pages pages.
 * @nr_pages: pages to hand over.
 *
 * Return: how many full or partial 512-entry lists cover @nr_pages.
 */
static inline unsigned int tdx_hpa_list_chunks(unsigned long nr_pages)
{
	return DIV_ROUND_UP(nr_pages, TDX_HPA_LIST_MAX_ENTRIES);
}

/**
 * struct tdx_page_list - An HPA list and the pages it names, as one owner.
 * @list: the list page, naming every page in @pages order.
 * @nr_pages: number of pages (1 to 512).
 * @given: the module holds the pages (a successful CREATE-type call).
 * @need_wbinvd: the module wrote to the pages with its global key; they
 *	must be written back with TDH.PHYMEM.PAGE.WBINVD before reuse.  Set
 *	by the wrapper that hands the pages over, never by the caller.
 *
 * tdx_page_list_free() releases everything at any stage.
 */
struct tdx_page_list {
	struct tdx_hpa_list *list;
	unsigned int nr_pages;
	bool given;
	bool need_wbinvd;
};

int tdx_page_list_alloc(struct tdx_page_list *pl, unsigned int nr_pages);
struct page *tdx_page_list_page(const struct tdx_page_list *pl,
				unsigned int idx);
int tdx_page_list_free(struct tdx_page_list *pl);

#endif /* _TDX_CORE_HPA_LIST_H */
