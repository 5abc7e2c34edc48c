// SPDX-License-Identifier: GPL-2.0
/*
 * HPA lists: filling, register encodings, and struct tdx_page_list, the
 * owner of a list and the pages it names.
 */
#include <linux/bitfield.h>
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/mm.h>
#include <linux/printk.h>
#include <linux/string.h>

#include <tdx/tdx.h>

#include "core.h"

/**
 * tdx_hpa_list_alloc() - Allocate an empty HPA list page.
 * @gfp: allocation flags.
 *
 * Return: the zeroed list, or NULL when out of memory.
 */
struct tdx_hpa_list *tdx_hpa_list_alloc(gfp_t gfp)
{
	struct page *page = alloc_page(gfp | __GFP_ZERO);

	return page ? page_address(page) : NULL;
}
EXPORT_SYMBOL_GPL(tdx_hpa_list_alloc);

/**
 * tdx_hpa_list_free() - Free an HPA list page.
 * @list: the list, or NULL.
 *
 * Frees the list page only; the module never keeps it.
 */
void tdx_hpa_list_free(struct tdx_hpa_list *list)
{
	if (list)
		__free_page(virt_to_page(list));
}
EXPORT_SYMBOL_GPL(tdx_hpa_list_free);

static bool tdx_hpa_list_count_bad(unsigned int nr_pages)
{
	return WARN_ON(!nr_pages || nr_pages > TDX_HPA_LIST_MAX_ENTRIES);
}

/**
 * tdx_hpa_list_fill() - Name @nr_pages pages in an HPA list.
 * @list: the list.
 * @pages: the pages, in order.
 * @nr_pages: 1 to 512.
 *
 * Entries past @nr_pages are cleared.  The list is left unchanged on
 * error.
 *
 * Return: 0; -EINVAL for a bad count, a NULL page or a page named twice.
 */
int tdx_hpa_list_fill(struct tdx_hpa_list *list, struct page **pages,
		      unsigned int nr_pages)
{
	unsigned int i, j;

	if (WARN_ON(!list || !pages) || tdx_hpa_list_count_bad(nr_pages))
		return -EINVAL;
	for (i = 0; i < nr_pages; i++) {
		if (WARN_ON(!pages[i]))
			return -EINVAL;
		/* The module would take a duplicate once and fail on it. */
		for (j = 0; j < i; j++) {
			if (WARN_ON(pages[j] == pages[i]))
				return -EINVAL;
		}
	}
	for (i = 0; i < nr_pages; i++)
		list->phys[i] = page_to_phys(pages[i]);
	memset(&list->phys[nr_pages], 0,
	       (TDX_HPA_LIST_MAX_ENTRIES - nr_pages) * sizeof(u64));
	return 0;
}
EXPORT_SYMBOL_GPL(tdx_hpa_list_fill);

/**
 * tdx_hpa_list_fill_range() - Name @nr_pages physically contiguous pages.
 * @list: the list.
 * @first: the first page of the range.
 * @nr_pages: 1 to 512.
 *
 * Return: 0; -EINVAL for a bad count or a NULL page.
 */
int tdx_hpa_list_fill_range(struct tdx_hpa_list *list, struct page *first,
			    unsigned int nr_pages)
{
	unsigned int i;
	u64 pa;

	if (WARN_ON(!list || !first) || tdx_hpa_list_count_bad(nr_pages))
		return -EINVAL;
	pa = page_to_phys(first);
	for (i = 0; i < nr_pages; i++)
		list->phys[i] = pa + (u64)i * PAGE_SIZE;
	memset(&list->phys[nr_pages], 0,
	       (TDX_HPA_LIST_MAX_ENTRIES - nr_pages) * sizeof(u64));
	return 0;
}
EXPORT_SYMBOL_GPL(tdx_hpa_list_fill_range);

/**
 * tdx_hpa_list_info() - Encode an HPA_LIST_INFO for a list.
 * @list: the list.
 * @nr_pages: number of valid entries (1 to 512).
 *
 * FIRST_ENTRY starts at 0; LAST_ENTRY is @nr_pages - 1.
 *
 * Return: the encoding, or 0 (never a valid one) for a bad count.
 */
u64 tdx_hpa_list_info(const struct tdx_hpa_list *list, unsigned int nr_pages)
{
	if (WARN_ON(!list) || tdx_hpa_list_count_bad(nr_pages))
		return 0;
	return FIELD_PREP(HPA_LIST_INFO_FIRST_ENTRY, 0) |
	       FIELD_PREP(HPA_LIST_INFO_PFN, PHYS_PFN(__pa(list))) |
	       FIELD_PREP(HPA_LIST_INFO_LAST_ENTRY, nr_pages - 1);
}
EXPORT_SYMBOL_GPL(tdx_hpa_list_info);

/**
 * tdx_hpa_array() - Encode an HPA_ARRAY_T for a list.
 * @list: the list.
 * @nr_pages: number of valid entries (1 to 512).
 *
 * With one page the encoding is the singleton form: the PFN is that of
 * the page itself and the list page is not used.
 *
 * Return: the encoding, or 0 (never a valid one) for a bad count.
 */
u64 tdx_hpa_array(const struct tdx_hpa_list *list, unsigned int nr_pages)
{
	u64 pa;

	if (WARN_ON(!list) || tdx_hpa_list_count_bad(nr_pages))
		return 0;
	pa = nr_pages == 1 ? list->phys[0] : __pa(list);
	return FIELD_PREP(HPA_ARRAY_T_PFN, PHYS_PFN(pa)) |
	       FIELD_PREP(HPA_ARRAY_T_SIZE, nr_pages - 1);
}
EXPORT_SYMBOL_GPL(tdx_hpa_array);

/**
 * tdx_page_list_page() - A page of a page list.
 * @pl: the page list.
 * @idx: index, below @pl->nr_pages.
 *
 * Return: the page, or NULL for an index out of range.
 */
struct page *tdx_page_list_page(const struct tdx_page_list *pl,
				unsigned int idx)
{
	if (WARN_ON(!pl || !pl->list || idx >= pl->nr_pages))
		return NULL;
	return pfn_to_page(PHYS_PFN(pl->list->phys[idx]));
}
EXPORT_SYMBOL_GPL(tdx_page_list_page);

/**
 * tdx_page_list_alloc() - Allocate a list and the pages it names.
 * @pl: the page list to fill; must be zeroed.
 * @nr_pages: 1 to 512.
 *
 * Return: 0; -EINVAL for a bad count or an @pl already in use; -ENOMEM,
 * with nothing left allocated.
 */
int tdx_page_list_alloc(struct tdx_page_list *pl, unsigned int nr_pages)
{
	struct page *page;
	unsigned int i;

	if (WARN_ON(!pl || pl->list) || tdx_hpa_list_count_bad(nr_pages))
		return -EINVAL;
	pl->list = tdx_hpa_list_alloc(GFP_KERNEL);
	if (!pl->list)
		return -ENOMEM;
	for (i = 0; i < nr_pages; i++) {
		page = alloc_page(GFP_KERNEL);
		if (!page)
			goto err_free;
		pl->list->phys[i] = page_to_phys(page);
		pl->nr_pages = i + 1;
	}
	pl->given = false;
	pl->need_wbinvd = false;
	return 0;

err_free:
	tdx_page_list_free(pl);
	return -ENOMEM;
}
EXPORT_SYMBOL_GPL(tdx_page_list_alloc);

/*
 * Get one page back from the module so the host may free it.  The pages
 * of a list are metadata of a module object: while the module holds them
 * RECLAIM returns them (once the object is gone); pages the module wrote
 * with its global key need a write-back first.
 */
static bool tdx_page_list_take_back(struct tdx_page_list *pl,
				    struct page *page)
{
	u64 err;

	if (pl->given && !tdx_reclaim_page(page))
		return false;
	if (!pl->need_wbinvd)
		return true;
	err = tdx_wbinvd_page_global(page);
	if (err)
		pr_err("tdx: write-back of page 0x%llx failed: %s (0x%016llx)\n",
		       (u64)page_to_phys(page), tdx_status_name(err), err);
	return !err;
}

/**
 * tdx_page_list_free() - Release a page list and every page it names.
 * @pl: the page list; zeroed on return.
 *
 * Pages the module never had are freed.  Pages it holds are reclaimed;
 * pages it wrote with its global key (still holding them, or released by
 * the DELETE of their object) are written back; then they are freed.
 * A page the module refuses to return is leaked, and one warning says how
 * many pages were stranded.
 *
 * Return: 0, or -EIO if pages were stranded.
 */
int tdx_page_list_free(struct tdx_page_list *pl)
{
	unsigned int i, stranded = 0;
	struct page *page;

	if (!pl || !pl->list)
		return 0;
	for (i = 0; i < pl->nr_pages; i++) {
		page = pfn_to_page(PHYS_PFN(pl->list->phys[i]));
		if ((pl->given || pl->need_wbinvd) &&
		    !tdx_page_list_take_back(pl, page)) {
			stranded++;
			continue;
		}
		__free_page(page);
	}
	tdx_hpa_list_free(pl->list);
	memset(pl, 0, sizeof(*pl));
	WARN(stranded, "tdx: releasing a page list stranded %u pages\n",
	     stranded);
	return stranded ? -EIO : 0;
}
EXPORT_SYMBOL_GPL(tdx_page_list_free);
