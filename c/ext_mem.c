// SPDX-License-Identifier: GPL-2.0
/*
 * The extension memory pool.
 *
 * Module extensions (TDX Connect, quoting) run out of memory the host
 * donates once, at bring-up: as many pages as the module's metadata asks
 * for, in HPA lists of up to 512 pages.  No leaf ever gives them back, so
 * they are the module's until it is disabled.
 */
#include <linux/bitfield.h>
#include <linux/errno.h>
#include <linux/mutex.h>
#include <linux/export.h>
#include <linux/gfp.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/printk.h>
#include <linux/sizes.h>

#include <tdx/sys.h>

#include "core.h"

/* Donating twice, or while the module is being forgotten, would leak. */
static DEFINE_MUTEX(tdx_ext_lock);
static struct page *tdx_ext_pool;
static unsigned long tdx_ext_pool_pages;
static bool tdx_ext_donated;
static bool tdx_ext_ready;

/*
 * Hand one list of pages over.  The resume protocol of TDH.EXT.MEM.ADD is
 * "outputs become inputs": the cursor carries the HPA_LIST_INFO the
 * module returned, whose FIRST_ENTRY moved past the pages it took.  The
 * loop ends because every interrupted call must take at least one page of
 * at most 512; a call that takes none is a module bug.
 */
static u64 tdx_ext_mem_add_list(const struct tdx_hpa_list *list,
				unsigned int nr_pages)
{
	struct tdx_ext_mem_add op;
	u64 err, before;

	tdx_ext_mem_add_start(&op, list, nr_pages);
	do {
		before = FIELD_GET(HPA_LIST_INFO_FIRST_ENTRY, op.hpa_list_info);
		err = tdh_ext_mem_add(&op);
		if (tdx_status_interrupted(err) &&
		    FIELD_GET(HPA_LIST_INFO_FIRST_ENTRY, op.hpa_list_info) <= before) {
			/* A broken module: treat it as a failed hand-over. */
			pr_err("tdx: TDH.EXT.MEM.ADD was interrupted without progress\n");
			return TDX_SW_BAD_INPUT;
		}
	} while (tdx_status_interrupted(err));
	return err;
}

/*
 * Give @nr pages starting at @first to the module, one list at a time.
 * Returns the status of the first list that failed, with *@tried set to
 * the pages of the lists attempted so far: the module may hold any of
 * them.
 */
static u64 tdx_ext_mem_add_all(struct tdx_hpa_list *list, struct page *first,
			       unsigned long nr, unsigned long *tried)
{
	unsigned int chunk;
	unsigned long done;
	struct page *page;
	u64 err = TDX_SUCCESS;

	for (done = 0; done < nr; done += chunk) {
		chunk = min_t(unsigned long, nr - done,
			      TDX_HPA_LIST_MAX_ENTRIES);
		page = pfn_to_page(page_to_pfn(first) + done);
		tdx_hpa_list_fill_range(list, page, chunk);
		tdx_clflush_pfns(page_to_pfn(page), chunk);
		*tried = done + chunk;
		err = tdx_ext_mem_add_list(list, chunk);
		if (err)
			break;
	}
	return err;
}

/*
 * TDH.EXT.INIT resumes by being called again with the same (no) inputs.
 * Each interrupted call made progress, so the loop ends;
 * TDX_RESUMABLE_MAX_CALLS only guards against a broken module.
 */
static u64 tdx_ext_init(void)
{
	unsigned int calls;
	u64 err;

	for (calls = 0; calls < TDX_RESUMABLE_MAX_CALLS; calls++) {
		err = tdh_ext_init();
		if (!tdx_status_interrupted(err))
			break;
	}
	return err;
}

static int __tdx_ext_enable(void)
{
	const struct tdx_sys_info *info = tdx_get_sysinfo();
	struct tdx_hpa_list *list;
	unsigned long nr, tried;
	struct page *pool;
	u64 err;

	if (!info)
		return -ENODEV;
	if (!(info->features0 & TDX_FEATURES0_EXT))
		return 0;
	if (tdx_ext_ready)
		return -EEXIST;
	/* The pages of a failed donation are stranded: no second pool. */
	if (tdx_ext_pool && !tdx_ext_donated)
		return -EIO;

	nr = info->memory_pool_required_pages;
	/* A failed TDH.EXT.INIT is retried without donating again. */
	if (nr && !tdx_ext_donated) {
		list = tdx_hpa_list_alloc(GFP_KERNEL);
		pool = alloc_contig_pages(nr, GFP_KERNEL, NUMA_NO_NODE, NULL);
		if (!list || !pool) {
			tdx_hpa_list_free(list);
			if (pool)
				free_contig_range(page_to_pfn(pool), nr);
			return -ENOMEM;
		}
		tried = 0;
		err = tdx_ext_mem_add_all(list, pool, nr, &tried);
		tdx_hpa_list_free(list);
		/* Pages past the failed list never reached the module. */
		if (err && tried < nr)
			free_contig_range(page_to_pfn(pool) + tried, nr - tried);
		tdx_ext_pool = pool;
		tdx_ext_pool_pages = err ? tried : nr;
		tdx_ext_donated = !err;
		if (WARN(err,
			 "tdx: extension memory hand-over failed: %s (0x%016llx); stranded %lu pages (%lu KiB)\n",
			 tdx_status_name(err), err, tried,
			 tried * (PAGE_SIZE / SZ_1K)))
			return -EIO;
		pr_info("tdx: %lu KiB donated to module extensions\n",
			nr * (PAGE_SIZE / SZ_1K));
	}

	if (info->ext_required) {
		err = tdx_ext_init();
		if (err) {
			pr_err("tdx: TDH.EXT.INIT failed: %s (0x%016llx)\n",
			       tdx_status_name(err), err);
			return tdx_status_to_errno(err) ?: -EIO;
		}
	}
	tdx_ext_ready = true;
	return 0;
}

/**
 * tdx_ext_enable() - Donate the extension memory pool and start extensions.
 *
 * Reads how many pages the extensions need, allocates them physically
 * contiguous, hands them over 512 at a time and runs TDH.EXT.INIT when the
 * module asks for it.  Does nothing for a module without extensions.
 * Pages the module took are its own for good; if a hand-over fails they
 * are stranded (leaked) with one warning giving their number.
 *
 * After a failed TDH.EXT.INIT, calling again retries it without a second
 * donation; after a failed donation, nothing more can be done.
 *
 * Return: 0; -ENODEV before tdx_enable(); -EEXIST once extensions are up;
 * -ENOMEM; -EIO when a SEAMCALL failed (or the errno of its status, such
 * as -EBUSY).
 */
int tdx_ext_enable(void)
{
	int ret;

	mutex_lock(&tdx_ext_lock);
	ret = __tdx_ext_enable();
	mutex_unlock(&tdx_ext_lock);
	return ret;
}
EXPORT_SYMBOL_GPL(tdx_ext_enable);

/**
 * tdx_ext_mem_pages() - Pages donated to the module extensions.
 *
 * Return: the number of pages the module holds for its extensions.
 */
unsigned long tdx_ext_mem_pages(void)
{
	return tdx_ext_pool_pages;
}
EXPORT_SYMBOL_GPL(tdx_ext_mem_pages);

/* The module is gone: its extension memory is the host's again. */
void tdx_ext_forget(void)
{
	mutex_lock(&tdx_ext_lock);
	if (tdx_ext_pool)
		free_contig_range(page_to_pfn(tdx_ext_pool), tdx_ext_pool_pages);
	tdx_ext_pool = NULL;
	tdx_ext_pool_pages = 0;
	tdx_ext_donated = false;
	tdx_ext_ready = false;
	mutex_unlock(&tdx_ext_lock);
}
