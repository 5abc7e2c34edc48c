// SPDX-License-Identifier: GPL-2.0
/*
 * SEAMCALL wrappers for physical pages and caches (TDH.PHYMEM.*).
 */
#include <linux/export.h>
#include <linux/mm.h>
#include <linux/printk.h>

#include <tdx/tdx.h>

#include "core.h"
#include "seamcall.h"

/* A physical address tagged with a key id, as TDH.PHYMEM.PAGE.WBINVD takes. */
static u64 tdx_keyed_pa(u16 keyid, u64 pa)
{
	return pa | ((u64)keyid << tdx_keyid_shift());
}

static u64 tdx_page_md_call(u64 leaf, struct page *page, u64 *tdx_pt,
			    u64 *tdx_owner, u64 *tdx_size)
{
	struct tdx_module_args args = {};
	u64 err;

	if (WARN_ON(!page) || WARN_ON(!tdx_pt || !tdx_owner || !tdx_size))
		return TDX_SW_BAD_INPUT;
	args.rcx = page_to_phys(page);
	err = tdx_seamcall(tdx_leaf(leaf, 0), &args);
	*tdx_pt = args.rcx;
	*tdx_owner = args.rdx;
	*tdx_size = args.r8;
	return err;
}

/**
 * tdh_phymem_page_reclaim() - Take a page back from the module.
 * @page: a page the module holds (control, Secure-EPT or guest page).
 * @tdx_pt: the page's type in the PAMT (TDX_PT_*).
 * @tdx_owner: physical address of the owning TD's root page (0 for a TDR).
 * @tdx_size: page size level (0 = 4 KiB).
 *
 * The outputs are for error reports: the module fills them as soon as it
 * found the page, even when it then refuses to release it.
 *
 * Return: TDX_SUCCESS; TDX_LIFECYCLE_STATE_INCORRECT while the owning TD's
 * key is not released; TDX_TD_ASSOCIATED_PAGES_EXIST for a TDR whose TD
 * still has pages; TDX_PAGE_METADATA_INCORRECT|RCX for a free page;
 * TDX_OPERAND_ADDR_RANGE_ERROR|RCX outside TDX memory; TDX_OPERAND_BUSY;
 * or TDX_SW_BAD_INPUT.
 */
u64 tdh_phymem_page_reclaim(struct page *page, u64 *tdx_pt, u64 *tdx_owner,
			    u64 *tdx_size)
{
	return tdx_page_md_call(TDH_PHYMEM_PAGE_RECLAIM, page, tdx_pt,
				tdx_owner, tdx_size);
}
EXPORT_SYMBOL_GPL(tdh_phymem_page_reclaim);

/**
 * tdh_phymem_page_rdmd() - Read a page's PAMT entry.
 * @page: any page of TDX memory.
 * @tdx_pt: the page's type (TDX_PT_*).
 * @tdx_owner: physical address of the owning TD's root page, or 0.
 * @tdx_size: page size level (0 = 4 KiB).
 *
 * Return: TDX_SUCCESS; TDX_OPERAND_ADDR_RANGE_ERROR|RCX outside TDX
 * memory; TDX_OPERAND_BUSY|RCX; or TDX_SW_BAD_INPUT.
 */
u64 tdh_phymem_page_rdmd(struct page *page, u64 *tdx_pt, u64 *tdx_owner,
			 u64 *tdx_size)
{
	return tdx_page_md_call(TDH_PHYMEM_PAGE_RDMD, page, tdx_pt, tdx_owner,
				tdx_size);
}
EXPORT_SYMBOL_GPL(tdh_phymem_page_rdmd);

/**
 * tdh_phymem_cache_wb() - Write back caches of this CPU's package.
 * @resume: false to start, true to continue after an interruption.
 *
 * Writes back and invalidates cache lines of every key id in the FLUSHED
 * state (after TDH.MNG.VPFLUSHDONE).  Run on one CPU of every package.
 * The resume protocol is the flag: after TDX_INTERRUPTED_RESUMABLE call
 * again with @resume true; the module kept its position for the package.
 *
 * Return: TDX_SUCCESS; TDX_INTERRUPTED_RESUMABLE; TDX_NO_HKID_READY_TO_WBCACHE
 * (a warning: nothing to do, another CPU of the package did it);
 * TDX_WBCACHE_RESUME_ERROR when resuming with nothing to resume;
 * TDX_OPERAND_BUSY|WBCACHE or |KOT.
 */
u64 tdh_phymem_cache_wb(bool resume)
{
	struct tdx_module_args args = {
		.rcx = resume ? TDX_CACHE_WB_RESUME : TDX_CACHE_WB_START,
	};

	return tdx_seamcall(tdx_leaf(TDH_PHYMEM_CACHE_WB, 0), &args);
}
EXPORT_SYMBOL_GPL(tdh_phymem_cache_wb);

/**
 * tdh_phymem_page_wbinvd_tdr() - Write back a reclaimed TDR page.
 * @td: the TD whose root page was just reclaimed.
 *
 * The module writes the TDR with the global key id while it reclaims the
 * other pages, so the page needs a write-back with that key before reuse.
 *
 * Return: TDX_SUCCESS; TDX_PAGE_METADATA_INCORRECT|RCX if the page is not
 * free yet; TDX_OPERAND_BUSY|RCX; or TDX_SW_BAD_INPUT.
 */
u64 tdh_phymem_page_wbinvd_tdr(struct tdx_td *td)
{
	struct tdx_module_args args = {};

	if (tdx_td_bad(td))
		return TDX_SW_BAD_INPUT;
	args.rcx = tdx_keyed_pa(tdx_global_keyid(), tdx_tdr_pa(td));
	return tdx_seamcall(tdx_leaf(TDH_PHYMEM_PAGE_WBINVD, 0), &args);
}
EXPORT_SYMBOL_GPL(tdh_phymem_page_wbinvd_tdr);

/**
 * tdh_phymem_page_wbinvd_hkid() - Write back a removed guest page.
 * @hkid: the key id the page was used with.
 * @pfn: the page.
 *
 * Return: TDX_SUCCESS; TDX_PAGE_METADATA_INCORRECT|RCX if the page is not
 * free; TDX_OPERAND_BUSY|RCX; or TDX_SW_BAD_INPUT for a PFN that is not
 * memory or a key id wider than 16 bits.
 */
u64 tdh_phymem_page_wbinvd_hkid(u64 hkid, kvm_pfn_t pfn)
{
	struct tdx_module_args args = {};

	if (WARN_ON(!pfn_valid(pfn) || hkid > U16_MAX))
		return TDX_SW_BAD_INPUT;
	args.rcx = tdx_keyed_pa(hkid, PFN_PHYS(pfn));
	return tdx_seamcall(tdx_leaf(TDH_PHYMEM_PAGE_WBINVD, 0), &args);
}
EXPORT_SYMBOL_GPL(tdh_phymem_page_wbinvd_hkid);

/*
 * Reclaim one page for the lifetime helpers.  A page the module refuses
 * to give back must never be touched again: the caller leaks it.
 */
bool tdx_reclaim_page(struct page *page)
{
	u64 pt, owner, size, err;

	err = tdh_phymem_page_reclaim(page, &pt, &owner, &size);
	if (!err)
		return true;
	pr_err("tdx: reclaim of page 0x%llx (type %llu, owner 0x%llx) failed: %s (0x%016llx)\n",
	       (u64)page_to_phys(page), pt, owner, tdx_status_name(err), err);
	return false;
}

/* Write back a reclaimed page the module wrote with its global key id. */
u64 tdx_wbinvd_page_global(struct page *page)
{
	return tdh_phymem_page_wbinvd_hkid(tdx_global_keyid(),
					   page_to_pfn(page));
}
