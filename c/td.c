// SPDX-License-Identifier: GPL-2.0
/*
 * Lifetime of TD and vCPU control pages: allocation sized from the
 * module's metadata, the key release sequence, and one-shot free.
 *
 * A control page is in one of three places: with the host (allocated,
 * never handed over), with the module (handed over by a successful
 * wrapper, recorded in the handle), or stranded (the module refused to
 * give it back; the host must never touch it again, so it is leaked).
 * tdx_td_free() and tdx_vp_free() work from that record at any stage.
 */
#include <linux/bitmap.h>
#include <linux/cpu.h>
#include <linux/cpumask.h>
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/list.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/printk.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/string.h>
#include <linux/topology.h>

#include <tdx/sys.h>
#include <tdx/tdx.h>

#include "core.h"

/*
 * TDH.MNG.VPFLUSHDONE, TDH.PHYMEM.CACHE.WB and TDH.MNG.KEY.FREEID take
 * module-global locks (KOT, cache write-back); running two TDs' release
 * sequences at once would only turn into TDX_OPERAND_BUSY.  Serialise
 * them instead of retrying, as KVM does.
 */
static DEFINE_MUTEX(tdx_key_release_lock);

static void tdx_free_page_array(struct page **pages, int nr)
{
	int i;

	for (i = 0; pages && i < nr; i++) {
		if (pages[i])
			__free_page(pages[i]);
	}
	kfree(pages);
}

static struct page **tdx_alloc_page_array(int nr)
{
	struct page **pages;
	int i;

	pages = kcalloc(nr, sizeof(*pages), GFP_KERNEL_ACCOUNT);
	if (!pages)
		return NULL;
	for (i = 0; i < nr; i++) {
		pages[i] = alloc_page(GFP_KERNEL_ACCOUNT);
		if (!pages[i]) {
			tdx_free_page_array(pages, nr);
			return NULL;
		}
	}
	return pages;
}

/**
 * tdx_td_alloc() - Allocate a TD's control pages.
 * @td: a zeroed TD handle.
 *
 * Allocates the TDR page and as many TDCS pages as the module's metadata
 * asks for, and records how many TDCX pages each vCPU will need.
 *
 * Return: 0; -EINVAL if @td is in use; -ENODEV before tdx_enable();
 * -EOPNOTSUPP if the module asks for more pages than the handle can
 * track; -ENOMEM with nothing allocated.
 */
int tdx_td_alloc(struct tdx_td *td)
{
	const struct tdx_sys_info *info = tdx_get_sysinfo();
	int tdcs_nr, tdcx_nr;

	if (WARN_ON(!td || td->tdr_page || td->tdcs_pages))
		return -EINVAL;
	if (!info)
		return -ENODEV;
	tdcs_nr = info->tdcs_base_size / PAGE_SIZE;
	tdcx_nr = info->tdvps_base_size / PAGE_SIZE - 1;
	if (tdcs_nr < 1 || tdcs_nr > TDX_MAX_TDCS_PAGES ||
	    tdcx_nr < 1 || tdcx_nr > TDX_MAX_TDCX_PAGES)
		return -EOPNOTSUPP;

	memset(td, 0, sizeof(*td));
	INIT_LIST_HEAD(&td->parked);
	td->tdr_page = alloc_page(GFP_KERNEL_ACCOUNT);
	if (!td->tdr_page)
		return -ENOMEM;
	td->tdcs_pages = tdx_alloc_page_array(tdcs_nr);
	if (!td->tdcs_pages) {
		__free_page(td->tdr_page);
		td->tdr_page = NULL;
		return -ENOMEM;
	}
	td->tdcs_nr_pages = tdcs_nr;
	td->tdcx_nr_pages = tdcx_nr;
	return 0;
}
EXPORT_SYMBOL_GPL(tdx_td_alloc);

/**
 * tdx_vp_alloc() - Allocate a vCPU's control pages.
 * @td: the TD the vCPU will belong to, from tdx_td_alloc() or set up by
 *	the caller with @td->tdcx_nr_pages.
 * @vp: a zeroed vCPU handle.
 *
 * Return: 0; -EINVAL if @vp is in use or @td has no TDCX count; -ENOMEM
 * with nothing allocated.
 */
int tdx_vp_alloc(struct tdx_td *td, struct tdx_vp *vp)
{
	if (WARN_ON(!td || !vp || vp->tdvpr_page || vp->tdcx_pages) ||
	    WARN_ON(td->tdcx_nr_pages < 1 ||
		    td->tdcx_nr_pages > TDX_MAX_TDCX_PAGES))
		return -EINVAL;

	memset(vp, 0, sizeof(*vp));
	vp->tdvpr_page = alloc_page(GFP_KERNEL_ACCOUNT);
	if (!vp->tdvpr_page)
		return -ENOMEM;
	vp->tdcx_pages = tdx_alloc_page_array(td->tdcx_nr_pages);
	if (!vp->tdcx_pages) {
		__free_page(vp->tdvpr_page);
		vp->tdvpr_page = NULL;
		return -ENOMEM;
	}
	vp->tdvpr_pa = page_to_phys(vp->tdvpr_page);
	vp->td = td;
	return 0;
}
EXPORT_SYMBOL_GPL(tdx_vp_alloc);

/*
 * TDH.PHYMEM.CACHE.WB on this CPU's package, with its resume protocol:
 * the first call starts, every call after TDX_INTERRUPTED_RESUMABLE sets
 * the resume flag and the module continues where it stopped.  Each
 * interrupted call made progress through a finite cache, so the loop
 * ends; TDX_RESUMABLE_MAX_CALLS only guards against a broken module.
 */
static int tdx_cache_wb_this_package(void *unused)
{
	unsigned int calls;
	bool resume = false;
	u64 err;

	for (calls = 0; calls < TDX_RESUMABLE_MAX_CALLS; calls++) {
		err = tdh_phymem_cache_wb(resume);
		if (!tdx_status_interrupted(err))
			break;
		resume = true;
	}
	/* Nothing left to write back: another CPU of this package did it. */
	if (tdx_status_is(err, TDX_NO_HKID_READY_TO_WBCACHE))
		return 0;
	if (err) {
		pr_err("tdx: TDH.PHYMEM.CACHE.WB failed after %u calls: %s (0x%016llx)\n",
		       calls + 1, tdx_status_name(err), err);
		return tdx_status_interrupted(err) ? -ETIMEDOUT :
		       tdx_status_to_errno(err);
	}
	return 0;
}

/* Run the cache write-back once on one online CPU of every package. */
static int tdx_cache_wb_all_packages(void)
{
	int ret;

	cpus_read_lock();
	ret = tdx_on_each_package(tdx_cache_wb_this_package, NULL);
	cpus_read_unlock();
	return ret;
}

/**
 * tdx_td_release_key() - Release a TD's private key id.
 * @td: the TD; every vCPU must have been flushed (TDH.VP.FLUSH).
 *
 * Runs the module's release sequence from wherever the TD is in it:
 * TDH.MNG.VPFLUSHDONE, TDH.PHYMEM.CACHE.WB on every package (resuming
 * interrupted calls), TDH.MNG.KEY.FREEID.  On success the TD is in
 * teardown, its pages can be reclaimed and the key id is back in the
 * allocator.  On failure the TD stays where the sequence stopped; calling
 * again continues from there.
 *
 * Call without cpus_read_lock() held: the per-package write-back takes it.
 *
 * Return: 0 (also when there is no key to release); -EBUSY while a vCPU
 * is still associated with a CPU or another CPU holds a module lock the
 * sequence needs; -ETIMEDOUT if the cache write-back did
 * not finish; -EIO when the module failed the sequence.
 */
int tdx_td_release_key(struct tdx_td *td)
{
	int ret = 0;
	u64 err;

	if (WARN_ON(!td))
		return -EINVAL;
	if (!td->tdr_given || td->key_state == TDX_TD_KEY_RELEASED)
		return 0;

	mutex_lock(&tdx_key_release_lock);
	if (td->key_state == TDX_TD_KEY_ASSIGNED) {
		err = tdh_mng_vpflushdone(td);
		if (err) {
			pr_err("tdx: TDH.MNG.VPFLUSHDONE failed: %s (0x%016llx)\n",
			       tdx_status_name(err), err);
			ret = tdx_status_is(err, TDX_FLUSHVP_NOT_DONE) ?
			      -EBUSY : tdx_status_to_errno(err) ?: -EIO;
			goto out;
		}
	}
	ret = tdx_cache_wb_all_packages();
	if (ret)
		goto out;
	err = tdh_mng_key_freeid(td);
	if (err) {
		pr_err("tdx: TDH.MNG.KEY.FREEID failed: %s (0x%016llx); HKID %u is leaked\n",
		       tdx_status_name(err), err, td->hkid);
		ret = -EIO;
		goto out;
	}
	tdx_guest_keyid_free(td->hkid);
out:
	mutex_unlock(&tdx_key_release_lock);
	return ret;
}
EXPORT_SYMBOL_GPL(tdx_td_release_key);

/* True if @page already occurs in @pages[0..@idx): free it only once. */
static bool tdx_page_seen(struct page **pages, int idx, struct page *page)
{
	int i;

	for (i = 0; i < idx; i++) {
		if (pages[i] == page)
			return true;
	}
	return false;
}

/*
 * Release one control page the module holds.  Once the TD's key is
 * released the page comes back with TDH.PHYMEM.PAGE.RECLAIM and is freed;
 * a refusal strands it.  Returns the number of pages stranded (0 or 1).
 */
static int tdx_release_given_page(struct page *page)
{
	if (!tdx_reclaim_page(page))
		return 1;
	__free_page(page);
	return 0;
}

static int tdx_vp_flush_on_cpu(void *data)
{
	struct tdx_vp *vp = data;
	u64 err = tdh_vp_flush(vp);

	/* Not associated here means nothing is cached here either. */
	if (err && !tdx_status_is(err, TDX_VCPU_NOT_ASSOCIATED)) {
		pr_err("tdx: TDH.VP.FLUSH failed: %s (0x%016llx)\n",
		       tdx_status_name(err), err);
		return tdx_status_to_errno(err) ?: -EIO;
	}
	vp->associated = false;
	return 0;
}

/*
 * A vCPU's page the module holds while the TD's key is still assigned
 * cannot be reclaimed yet.  Park it on the TD; tdx_td_free() reclaims it
 * after releasing the key.
 */
static void tdx_park_page(struct tdx_td *td, struct page *page)
{
	if (!td->parked.next)
		INIT_LIST_HEAD(&td->parked);
	list_add_tail(&page->lru, &td->parked);
	td->nr_parked++;
}

static int tdx_vp_release_page(struct tdx_vp *vp, struct page *page)
{
	if (vp->td->key_state == TDX_TD_KEY_RELEASED)
		return tdx_release_given_page(page);
	tdx_park_page(vp->td, page);
	return 0;
}

/**
 * tdx_vp_free() - Release everything a vCPU holds, at any stage.
 * @vp: the vCPU; zeroed on return.
 *
 * A vCPU still associated with a CPU is flushed there first; if that
 * fails, nothing is released and the vCPU stays as it was.  Pages the
 * module never had are freed.  Pages it holds are reclaimed and freed if
 * the TD's key is already released; otherwise they stay with the TD and
 * tdx_td_free() reclaims them.  A page the module refuses to return is
 * leaked and counted in one warning.
 *
 * Return: 0; -EIO if pages were stranded; the errno of a failed
 * TDH.VP.FLUSH (-EBUSY, -EIO) or -EINVAL for a vCPU whose TDCX page count
 * is unknown (no TD), releasing nothing.
 */
int tdx_vp_free(struct tdx_vp *vp)
{
	int i, nr, ret, stranded = 0;
	struct tdx_td *td;

	if (WARN_ON(!vp))
		return -EINVAL;
	td = vp->td;
	if (!td) {
		/* Never created: only a root page can be accounted for. */
		if (WARN_ON(vp->tdcx_pages))
			return -EINVAL;
		if (vp->tdvpr_page)
			__free_page(vp->tdvpr_page);
		memset(vp, 0, sizeof(*vp));
		return 0;
	}

	/*
	 * An associated vCPU that cannot be flushed would keep its TD from
	 * releasing its key for good: keep it, so the caller can try again.
	 */
	if (vp->associated) {
		ret = smp_call_on_cpu(vp->assoc_cpu, tdx_vp_flush_on_cpu, vp,
				      false);
		if (ret)
			return ret;
	}

	nr = td->tdcx_nr_pages;
	for (i = 0; vp->tdcx_pages && i < nr; i++) {
		struct page *page = vp->tdcx_pages[i];

		if (!page || tdx_page_seen(vp->tdcx_pages, i, page))
			continue;
		if (tdx_page_given(vp->tdcx_given, i))
			stranded += tdx_vp_release_page(vp, page);
		else
			__free_page(page);
	}
	/* The root goes last: the module tracks the TDCX pages through it. */
	if (vp->tdvpr_given) {
		stranded += tdx_vp_release_page(vp, vp->tdvpr_page);
		atomic_dec(&td->nr_vps);
	} else if (vp->tdvpr_page) {
		__free_page(vp->tdvpr_page);
	}
	kfree(vp->tdcx_pages);
	memset(vp, 0, sizeof(*vp));

	WARN(stranded, "tdx: freeing a vCPU stranded %d pages\n", stranded);
	return stranded ? -EIO : 0;
}
EXPORT_SYMBOL_GPL(tdx_vp_free);

/* Pages the module holds for @td, whether or not they can come back. */
static int tdx_td_module_pages(const struct tdx_td *td)
{
	return td->tdr_given + hweight64(td->tdcs_given) + td->nr_parked;
}

/* Reclaim the TD's pages after its key is released; count the refused. */
static int tdx_td_reclaim_all(struct tdx_td *td)
{
	struct page *page, *tmp;
	int i, stranded = 0;
	u64 err;

	list_for_each_entry_safe(page, tmp, &td->parked, lru) {
		list_del(&page->lru);
		stranded += tdx_release_given_page(page);
	}
	td->nr_parked = 0;

	for (i = 0; i < td->tdcs_nr_pages; i++) {
		if (tdx_page_given(td->tdcs_given, i))
			stranded += tdx_release_given_page(td->tdcs_pages[i]);
	}

	/* The TDR goes last: the module refuses it while children remain. */
	if (!tdx_reclaim_page(td->tdr_page))
		return stranded + 1;
	/* The module wrote the TDR with its global key while reclaiming. */
	err = tdh_phymem_page_wbinvd_tdr(td);
	if (err) {
		pr_err("tdx: TDR write-back failed: %s (0x%016llx)\n",
		       tdx_status_name(err), err);
		return stranded + 1;
	}
	__free_page(td->tdr_page);
	return stranded;
}

/**
 * tdx_td_free() - Release everything a TD holds, at any stage.
 * @td: the TD; all its vCPUs must have been passed to tdx_vp_free().
 *	Zeroed on return, except when -EBUSY is returned.
 *
 * Whatever the TD's stage (nothing handed over, some pages added, fully
 * built, key released or not), one call does it all.  Pages the module
 * never had are freed.  If the module holds pages, the TD's key is
 * released first (tdx_td_release_key()), then every page is reclaimed,
 * the TDR last and written back with the global key id, and freed.  Pages
 * the module refuses to return (or all of them, if the key cannot be
 * released) are leaked, and one warning says how many.
 *
 * Secure-EPT and guest pages still mapped are not tracked by the handle:
 * the caller reclaims them between tdx_td_release_key() and this call
 * (KVM's order); until then the module keeps the TDR too, which is then
 * stranded.
 *
 * Call without cpus_read_lock() held: the key release takes it.
 *
 * Return: 0; -EIO if pages were stranded; -EBUSY, releasing nothing and
 * leaving @td as it was, while vCPUs of this TD have not been freed, while
 * one of them is still associated with a CPU, or while another CPU holds
 * a module lock the key release needs (try again).
 */
int tdx_td_free(struct tdx_td *td)
{
	int i, ret, stranded = 0;

	if (WARN_ON(!td))
		return -EINVAL;
	if (WARN(atomic_read(&td->nr_vps),
		 "tdx: TD freed with %d vCPUs left; free them first\n",
		 atomic_read(&td->nr_vps)))
		return -EBUSY;

	if (td->tdr_given) {
		if (!td->parked.next)
			INIT_LIST_HEAD(&td->parked);
		ret = tdx_td_release_key(td);
		/* Contention is not a refusal: keep everything, try again. */
		if (ret == -EBUSY)
			return ret;
		if (ret)
			stranded = tdx_td_module_pages(td);
		else
			stranded = tdx_td_reclaim_all(td);
	}

	for (i = 0; td->tdcs_pages && i < td->tdcs_nr_pages; i++) {
		struct page *page = td->tdcs_pages[i];

		if (!page || tdx_page_given(td->tdcs_given, i) ||
		    page == td->tdr_page ||
		    tdx_page_seen(td->tdcs_pages, i, page))
			continue;
		__free_page(page);
	}
	if (td->tdr_page && !td->tdr_given)
		__free_page(td->tdr_page);
	kfree(td->tdcs_pages);
	memset(td, 0, sizeof(*td));

	WARN(stranded, "tdx: TD teardown stranded %d pages; they stay with the TDX module\n",
	     stranded);
	return stranded ? -EIO : 0;
}
EXPORT_SYMBOL_GPL(tdx_td_free);
