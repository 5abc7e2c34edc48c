// SPDX-License-Identifier: GPL-2.0
/*
 * TDX Connect objects: SPDM sessions.
 *
 * TDH.SPDM.CREATE takes the session's metadata pages as an HPA_ARRAY_T
 * (the singleton form for one page); TDH.SPDM.DELETE gives them back,
 * written with the module's global key, and reports the list it released.
 * The list is not checked against what was given: the module is trusted
 * to return what it took (a mismatch could not be repaired anyway).
 */
#include <linux/bitfield.h>
#include <linux/bug.h>
#include <linux/export.h>
#include <linux/mm.h>
#include <linux/string.h>

#include <tdx/connect.h>

#include "core.h"
#include "seamcall.h"

/**
 * tdx_spdm_alloc() - Allocate the metadata pages of an SPDM session.
 * @spdm: a zeroed session.
 * @nr_mt_pages: SPDM_MT pages the module asks for (1 to 512).
 *
 * Return: 0; -EINVAL for a bad count or a session in use; -ENOMEM with
 * nothing allocated.
 */
int tdx_spdm_alloc(struct tdx_spdm *spdm, unsigned int nr_mt_pages)
{
	if (WARN_ON(!spdm || spdm->mt.list))
		return -EINVAL;
	return tdx_page_list_alloc(&spdm->mt, nr_mt_pages);
}
EXPORT_SYMBOL_GPL(tdx_spdm_alloc);

/**
 * tdh_spdm_create() - TDH.SPDM.CREATE: make the module's session object.
 * @spdm: a session from tdx_spdm_alloc(), not yet created.
 * @func_id: the device function (TDX_SPDM_FUNC_* fields).
 *
 * Flushes the metadata pages and hands them over.  On success the module
 * owns them until tdh_spdm_delete(), and they will need a write-back with
 * the global key after that (recorded here).
 *
 * Return: TDX_SUCCESS with @spdm->id set; the module's error (operand RCX
 * for the function, RDX for a metadata page); TDX_SW_BAD_INPUT for a
 * session without pages, one already created, or reserved function bits.
 */
u64 tdh_spdm_create(struct tdx_spdm *spdm, u64 func_id)
{
	struct tdx_module_args args = {};
	unsigned int i;
	u64 err;

	if (WARN_ON(!spdm || !spdm->mt.list || spdm->mt.given) ||
	    WARN_ON(func_id & TDX_SPDM_FUNC_RESERVED))
		return TDX_SW_BAD_INPUT;
	for (i = 0; i < spdm->mt.nr_pages; i++)
		tdx_clflush_page(tdx_page_list_page(&spdm->mt, i));
	args.rcx = func_id;
	args.rdx = tdx_hpa_array(spdm->mt.list, spdm->mt.nr_pages);
	err = tdx_seamcall(tdx_leaf(TDH_SPDM_CREATE, 0), &args);
	if (err)
		return err;
	spdm->id = args.rcx;
	spdm->func_id = func_id;
	spdm->mt.given = true;
	spdm->mt.need_wbinvd = true;
	return TDX_SUCCESS;
}
EXPORT_SYMBOL_GPL(tdh_spdm_create);

/**
 * tdh_spdm_delete() - TDH.SPDM.DELETE: end the session object.
 * @spdm: a created session.
 *
 * The module releases the metadata pages and writes the list of them
 * into the session's own list page (or, for a single page, names it in
 * the returned HPA_ARRAY_T).  They still need the write-back that
 * tdx_spdm_free() does.
 *
 * Return: TDX_SUCCESS; the module's error (the session is kept, pages
 * and all); TDX_SW_BAD_INPUT for a session not created.
 */
u64 tdh_spdm_delete(struct tdx_spdm *spdm)
{
	struct tdx_module_args args = {};
	u64 err;

	if (WARN_ON(!spdm || !spdm->mt.list || !spdm->mt.given))
		return TDX_SW_BAD_INPUT;
	args.rcx = spdm->id;
	/* The release list goes to a root page; a singleton needs none. */
	args.rdx = spdm->mt.nr_pages == 1 ? 0 : __pa(spdm->mt.list);
	err = tdx_seamcall(tdx_leaf(TDH_SPDM_DELETE, 0), &args);
	if (err)
		return err;
	spdm->id = 0;
	spdm->mt.given = false;
	return TDX_SUCCESS;
}
EXPORT_SYMBOL_GPL(tdh_spdm_delete);

/**
 * tdx_spdm_free() - Release an SPDM session at any stage.
 * @spdm: the session; zeroed on return.
 *
 * A session the module has is deleted first; its pages are written back
 * with the global key and freed.  If the module refuses the delete, every
 * metadata page stays with it (leaked) and one warning says how many.
 *
 * Return: 0; -EIO if pages were stranded.
 */
int tdx_spdm_free(struct tdx_spdm *spdm)
{
	unsigned int stranded;
	u64 err;

	if (!spdm)
		return 0;
	if (spdm->mt.given) {
		err = tdh_spdm_delete(spdm);
		if (err) {
			stranded = spdm->mt.nr_pages;
			WARN(1, "tdx: TDH.SPDM.DELETE failed: %s (0x%016llx); stranded %u pages\n",
			     tdx_status_name(err), err, stranded);
			tdx_hpa_list_free(spdm->mt.list);
			memset(spdm, 0, sizeof(*spdm));
			return -EIO;
		}
	}
	err = tdx_page_list_free(&spdm->mt);
	memset(spdm, 0, sizeof(*spdm));
	return err ? -EIO : 0;
}
EXPORT_SYMBOL_GPL(tdx_spdm_free);
