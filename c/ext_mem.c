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
#include <linux/string.h>

#include <tdx/sys.h>

#include "core.h"

/*
 * Where the pool is in its one-way trip to the module.  Pages move from
 * the host (ALLOCATED) to the module (DONATING, then DONATED) and never
 * come back while the module runs; a failed hand-over leaves the pages
 * the module may hold STRANDED.
 */
enum tdx_ext_state {
	TDX_EXT_NONE,
	TDX_EXT_ALLOCATED,
	TDX_EXT_DONATING,
	TDX_EXT_DONATED,
	TDX_EXT_STRANDED,
	TDX_EXT_READY,
};

/*
 * The pool, one per module.  @held counts the pages the module holds or
 * may hold (all pages of every list it was offered); they are freed only
 * when the module is forgotten.  @chunk is the size of the list in
 * flight, 0 between lists.
 */
static DEFINE_MUTEX(tdx_ext_lock);
static struct {
	enum tdx_ext_state state;
	struct page *pool;
	unsigned long nr;
	unsigned long taken;
	unsigned long held;
	unsigned int chunk;
	struct tdx_hpa_list *list;
	struct tdx_ext_mem_add op;
} tdx_ext;

static void tdx_ext_free_range(unsigned long from, unsigned long to)
{
	if (to > from)
		free_contig_range(page_to_pfn(tdx_ext.pool) + from, to - from);
}

static int __tdx_ext_pool_alloc(unsigned long *nr_pages)
{
	const struct tdx_sys_info *info = tdx_get_sysinfo();
	unsigned long nr;

	if (!info)
		return -ENODEV;
	if (!(info->features0 & TDX_FEATURES0_EXT))
		return -EOPNOTSUPP;
	if (tdx_ext.state == TDX_EXT_STRANDED)
		return -EIO;
	if (tdx_ext.state != TDX_EXT_NONE)
		return -EEXIST;

	nr = info->memory_pool_required_pages;
	*nr_pages = nr;
	if (!nr) {
		/* Nothing to hand over: the (empty) pool is donated. */
		tdx_ext.state = TDX_EXT_DONATED;
		return 0;
	}
	tdx_ext.list = tdx_hpa_list_alloc(GFP_KERNEL);
	tdx_ext.pool = alloc_contig_pages(nr, GFP_KERNEL, NUMA_NO_NODE, NULL);
	if (!tdx_ext.list || !tdx_ext.pool) {
		tdx_hpa_list_free(tdx_ext.list);
		if (tdx_ext.pool)
			free_contig_range(page_to_pfn(tdx_ext.pool), nr);
		memset(&tdx_ext, 0, sizeof(tdx_ext));
		return -ENOMEM;
	}
	tdx_ext.nr = nr;
	tdx_ext.state = TDX_EXT_ALLOCATED;
	return 0;
}

/**
 * tdx_ext_pool_alloc() - Allocate the extension memory pool.
 * @nr_pages: set to the number of pages the module's extensions need.
 *
 * Allocates, physically contiguous, as many pages as the module's metadata
 * (MEMORY_POOL_REQUIRED_PAGES) asks for.  They stay the host's until
 * tdx_ext_pool_add() hands them over; tdx_ext_pool_free() gives them back
 * to the page allocator before that.  A module that needs no pages gets
 * an empty pool that counts as donated.
 *
 * Return: 0; -ENODEV before tdx_enable(); -EOPNOTSUPP for a module
 * without extensions; -EEXIST if the pool was already allocated; -EIO
 * after a failed hand-over (its pages are stranded); -ENOMEM.
 */
int tdx_ext_pool_alloc(unsigned long *nr_pages)
{
	int ret;

	mutex_lock(&tdx_ext_lock);
	ret = __tdx_ext_pool_alloc(nr_pages);
	mutex_unlock(&tdx_ext_lock);
	return ret;
}
EXPORT_SYMBOL_GPL(tdx_ext_pool_alloc);

/*
 * Pages the module took or may have taken: the lists offered so far.
 * @err is the failed call's status, or TDX_SUCCESS when the caller gave
 * up part-way.
 */
static void tdx_ext_strand(u64 err)
{
	tdx_ext.held = tdx_ext.taken + tdx_ext.chunk;
	tdx_ext_free_range(tdx_ext.held, tdx_ext.nr);
	tdx_hpa_list_free(tdx_ext.list);
	tdx_ext.list = NULL;
	tdx_ext.chunk = 0;
	tdx_ext.state = TDX_EXT_STRANDED;
	WARN(1, "tdx: extension memory hand-over %s: %s (0x%016llx); stranded %lu pages (%lu KiB)\n",
	     err ? "failed" : "abandoned", tdx_status_name(err), err,
	     tdx_ext.held, tdx_ext.held * (PAGE_SIZE / SZ_1K));
}

static u64 __tdx_ext_pool_add(void)
{
	u64 err, before;

	if (tdx_ext.state != TDX_EXT_ALLOCATED &&
	    tdx_ext.state != TDX_EXT_DONATING)
		return TDX_SW_BAD_INPUT;

	if (!tdx_ext.chunk) {
		struct page *first = pfn_to_page(page_to_pfn(tdx_ext.pool) +
						 tdx_ext.taken);

		tdx_ext.chunk = min_t(unsigned long, tdx_ext.nr - tdx_ext.taken,
				      TDX_HPA_LIST_MAX_ENTRIES);
		tdx_hpa_list_fill_range(tdx_ext.list, first, tdx_ext.chunk);
		tdx_clflush_pfns(page_to_pfn(first), tdx_ext.chunk);
		tdx_ext_mem_add_start(&tdx_ext.op, tdx_ext.list, tdx_ext.chunk);
		tdx_ext.state = TDX_EXT_DONATING;
	}

	before = FIELD_GET(HPA_LIST_INFO_FIRST_ENTRY, tdx_ext.op.hpa_list_info);
	err = tdh_ext_mem_add(&tdx_ext.op);
	if (tdx_status_interrupted(err)) {
		if (FIELD_GET(HPA_LIST_INFO_FIRST_ENTRY,
			      tdx_ext.op.hpa_list_info) > before)
			return err;
		/* A broken module: treat it as a failed hand-over. */
		pr_err("tdx: TDH.EXT.MEM.ADD was interrupted without progress\n");
		err = TDX_SW_BAD_INPUT;
	}
	if (err) {
		tdx_ext_strand(err);
		return err;
	}

	tdx_ext.taken += tdx_ext.chunk;
	tdx_ext.held = tdx_ext.taken;
	tdx_ext.chunk = 0;
	if (tdx_ext.taken == tdx_ext.nr) {
		tdx_hpa_list_free(tdx_ext.list);
		tdx_ext.list = NULL;
		tdx_ext.state = TDX_EXT_DONATED;
		pr_info("tdx: %lu KiB donated to module extensions\n",
			tdx_ext.nr * (PAGE_SIZE / SZ_1K));
	}
	return TDX_SUCCESS;
}

/**
 * tdx_ext_pool_add() - Hand (more of) the pool to the module.
 *
 * Issues one TDH.EXT.MEM.ADD.  The pool goes over in HPA lists of up to
 * 512 pages; the first call of each list fills and flushes it, and the
 * call resumes the list in flight, feeding back the HPA_LIST_INFO the
 * module returned ("outputs become inputs").  Call again while it returns
 * TDX_INTERRUPTED_RESUMABLE, or TDX_SUCCESS with tdx_ext_pool_left() not
 * zero.  The loop ends: every interrupted call took at least one page (one
 * that took none is treated as a failure) and every successful call took a
 * whole list.
 *
 * Pages the module took are its own until it is disabled.  If a call
 * fails, every page of the lists offered so far is stranded (leaked) with
 * one warning giving their number; the rest go back to the page allocator.
 *
 * Return: TDX_SUCCESS; TDX_INTERRUPTED_RESUMABLE; the module's error; or
 * TDX_SW_BAD_INPUT when there is no pool being handed over.
 */
u64 tdx_ext_pool_add(void)
{
	u64 err;

	mutex_lock(&tdx_ext_lock);
	err = __tdx_ext_pool_add();
	mutex_unlock(&tdx_ext_lock);
	return err;
}
EXPORT_SYMBOL_GPL(tdx_ext_pool_add);

/**
 * tdx_ext_pool_left() - Pages of the pool still to hand over.
 *
 * Return: pages tdx_ext_pool_add() has not yet given to the module.
 */
unsigned long tdx_ext_pool_left(void)
{
	unsigned long left;

	mutex_lock(&tdx_ext_lock);
	left = (tdx_ext.state == TDX_EXT_ALLOCATED ||
		tdx_ext.state == TDX_EXT_DONATING) ?
		tdx_ext.nr - tdx_ext.taken : 0;
	mutex_unlock(&tdx_ext_lock);
	return left;
}
EXPORT_SYMBOL_GPL(tdx_ext_pool_left);

/**
 * tdx_ext_pool_free() - Give up a pool that is not fully handed over.
 *
 * Before the first tdx_ext_pool_add() the pages go back to the page
 * allocator.  Part-way through a hand-over the pages the module took (and
 * the list in flight) are stranded with one warning; the rest are freed.
 * A donated pool is the module's: nothing happens.
 *
 * Return: the number of pages stranded.
 */
unsigned long tdx_ext_pool_free(void)
{
	unsigned long stranded = 0;

	mutex_lock(&tdx_ext_lock);
	if (tdx_ext.state == TDX_EXT_ALLOCATED) {
		tdx_ext_free_range(0, tdx_ext.nr);
		tdx_hpa_list_free(tdx_ext.list);
		memset(&tdx_ext, 0, sizeof(tdx_ext));
	} else if (tdx_ext.state == TDX_EXT_DONATING) {
		tdx_ext_strand(TDX_SUCCESS);
		stranded = tdx_ext.held;
	}
	mutex_unlock(&tdx_ext_lock);
	return stranded;
}
EXPORT_SYMBOL_GPL(tdx_ext_pool_free);

/**
 * tdx_ext_pool_donated() - Whether a donated pool waits for TDH.EXT.INIT.
 * @nr_pages: set to the pool's size when it does.
 *
 * Lets a caller that lost track of its donation (an error path, say) find
 * it again and start the extensions.
 *
 * Return: 0 if the pool is donated and the extensions not started;
 * -EEXIST if they are started; -EIO after a failed hand-over; -ENOENT if
 * no pool was donated.
 */
int tdx_ext_pool_donated(unsigned long *nr_pages)
{
	int ret;

	mutex_lock(&tdx_ext_lock);
	switch (tdx_ext.state) {
	case TDX_EXT_DONATED:
		*nr_pages = tdx_ext.nr;
		ret = 0;
		break;
	case TDX_EXT_READY:
		ret = -EEXIST;
		break;
	case TDX_EXT_STRANDED:
		ret = -EIO;
		break;
	default:
		ret = -ENOENT;
	}
	mutex_unlock(&tdx_ext_lock);
	return ret;
}
EXPORT_SYMBOL_GPL(tdx_ext_pool_donated);

static u64 __tdx_ext_init_call(void)
{
	const struct tdx_sys_info *info = tdx_get_sysinfo();
	u64 err;

	if (tdx_ext.state != TDX_EXT_DONATED || !info)
		return TDX_SW_BAD_INPUT;
	if (!info->ext_required) {
		tdx_ext.state = TDX_EXT_READY;
		return TDX_SUCCESS;
	}
	err = tdh_ext_init();
	if (!err)
		tdx_ext.state = TDX_EXT_READY;
	return err;
}

/**
 * tdx_ext_init_call() - Start the module extensions on the donated pool.
 *
 * Issues one TDH.EXT.INIT, when the module's metadata asks for it (without
 * a SEAMCALL otherwise).  Its resume protocol is "same inputs again": after
 * TDX_INTERRUPTED_RESUMABLE call again.  A failed call can be retried.
 *
 * Return: TDX_SUCCESS (the extensions are up); TDX_INTERRUPTED_RESUMABLE;
 * the module's error; TDX_SW_BAD_INPUT unless the pool is fully donated
 * and the extensions not yet started.
 */
u64 tdx_ext_init_call(void)
{
	u64 err;

	mutex_lock(&tdx_ext_lock);
	err = __tdx_ext_init_call();
	mutex_unlock(&tdx_ext_lock);
	return err;
}
EXPORT_SYMBOL_GPL(tdx_ext_init_call);

/*
 * TDH.EXT.INIT resumes by being called again with the same (no) inputs.
 * Each interrupted call made progress, so the loop ends;
 * TDX_RESUMABLE_MAX_CALLS only guards against a broken module.
 */
static u64 tdx_ext_init_all(void)
{
	unsigned int calls;
	u64 err;

	for (calls = 0; calls < TDX_RESUMABLE_MAX_CALLS; calls++) {
		err = __tdx_ext_init_call();
		if (!tdx_status_interrupted(err))
			break;
	}
	return err;
}

static int __tdx_ext_enable(void)
{
	const struct tdx_sys_info *info = tdx_get_sysinfo();
	unsigned long nr;
	u64 err;
	int ret;

	if (!info)
		return -ENODEV;
	if (!(info->features0 & TDX_FEATURES0_EXT))
		return 0;
	if (tdx_ext.state == TDX_EXT_READY)
		return -EEXIST;
	if (tdx_ext.state == TDX_EXT_STRANDED)
		return -EIO;

	/* A caller of the step-by-step API owns the pool in flight. */
	if (tdx_ext.state == TDX_EXT_ALLOCATED ||
	    tdx_ext.state == TDX_EXT_DONATING)
		return -EBUSY;

	/* A failed TDH.EXT.INIT is retried without donating again. */
	if (tdx_ext.state == TDX_EXT_NONE) {
		ret = __tdx_ext_pool_alloc(&nr);
		if (ret)
			return ret;
		/* Each call took pages or a whole list; see tdx_ext_pool_add(). */
		while (tdx_ext.state == TDX_EXT_ALLOCATED ||
		       tdx_ext.state == TDX_EXT_DONATING) {
			err = __tdx_ext_pool_add();
			if (err && !tdx_status_interrupted(err))
				return -EIO;
		}
	}

	err = tdx_ext_init_all();
	if (err) {
		pr_err("tdx: TDH.EXT.INIT failed: %s (0x%016llx)\n",
		       tdx_status_name(err), err);
		return tdx_status_to_errno(err) ?: -EIO;
	}
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
 * -EBUSY while a caller of tdx_ext_pool_alloc() holds the pool; -ENOMEM;
 * -EIO when a SEAMCALL failed (or the errno of its status, such as
 * -EBUSY).
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
 * Return: the number of pages the module holds (or, after a failed
 * hand-over, may hold) for its extensions.
 */
unsigned long tdx_ext_mem_pages(void)
{
	return READ_ONCE(tdx_ext.held);
}
EXPORT_SYMBOL_GPL(tdx_ext_mem_pages);

/* The module is gone: its extension memory is the host's again. */
void tdx_ext_forget(void)
{
	mutex_lock(&tdx_ext_lock);
	if (tdx_ext.pool)
		tdx_ext_free_range(0, tdx_ext.state == TDX_EXT_ALLOCATED ||
				   tdx_ext.state == TDX_EXT_DONATING ?
				   tdx_ext.nr : tdx_ext.held);
	tdx_hpa_list_free(tdx_ext.list);
	memset(&tdx_ext, 0, sizeof(tdx_ext));
	mutex_unlock(&tdx_ext_lock);
}

/* A module update keeps the pool as it is from before to after. */
void tdx_ext_hold(void)
{
	mutex_lock(&tdx_ext_lock);
}

void tdx_ext_release(void)
{
	mutex_unlock(&tdx_ext_lock);
}

/*
 * A new module took the pool over with the rest of the handoff; its
 * extensions start uninitialised.  Start them again if they ran, on the
 * same pages.  The pool cannot grow here: a module whose metadata still
 * asks for pages (MEMORY_POOL_REQUIRED_PAGES counts the ones missing)
 * gets -ENOSPC and its extensions stay down.  A pool whose owner has not
 * started the extensions yet (or is still handing it over) is left to
 * that owner.  After a failed TDH.EXT.INIT the pool waits as donated, so
 * tdx_ext_init_call() can retry.  Called with the pool held.
 */
int tdx_ext_restart(const struct tdx_sys_info *info)
{
	bool was_ready = tdx_ext.state == TDX_EXT_READY;
	u64 err;

	lockdep_assert_held(&tdx_ext_lock);
	if (!was_ready && tdx_ext.state != TDX_EXT_DONATED)
		return 0;
	tdx_ext.state = TDX_EXT_DONATED;
	if (!(info->features0 & TDX_FEATURES0_EXT))
		return 0;
	if (info->memory_pool_required_pages) {
		pr_err("tdx: the updated module wants %u more extension pages than the %lu it has\n",
		       info->memory_pool_required_pages, tdx_ext.held);
		return -ENOSPC;
	}
	if (!was_ready)
		return 0;
	err = tdx_ext_init_all();
	if (err) {
		pr_err("tdx: TDH.EXT.INIT after the update failed: %s (0x%016llx)\n",
		       tdx_status_name(err), err);
		return -EREMOTEIO;
	}
	return 0;
}
