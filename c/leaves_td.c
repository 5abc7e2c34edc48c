// SPDX-License-Identifier: GPL-2.0
/*
 * SEAMCALL wrappers for TD management (TDH.MNG.*) and vCPUs (TDH.VP.*).
 *
 * Besides issuing the call, a wrapper that moves a control page between
 * the host and the module records the move in the handle, on success
 * only, so that tdx_td_free() and tdx_vp_free() know what to reclaim.
 */
#include <linux/export.h>
#include <linux/mm.h>
#include <linux/smp.h>

#include <tdx/tdx.h>

#include "core.h"
#include "seamcall.h"

/* Index of @page in @pages[0..@nr), or -1 if it is not there. */
static int tdx_page_index(struct page **pages, int nr, struct page *page)
{
	int i;

	if (!pages || !page)
		return -1;
	for (i = 0; i < nr && i < TDX_MAX_TRACKED_PAGES; i++) {
		if (pages[i] == page)
			return i;
	}
	return -1;
}

/**
 * tdh_mng_create() - Create a TD: hand its root page and key id over.
 * @td: the TD; @td->tdr_page must be set.
 * @hkid: a private key id from tdx_guest_keyid_alloc().
 *
 * The TDR page becomes the module's; the TD's lifecycle starts in
 * HKID_ASSIGNED.
 *
 * Return: TDX_SUCCESS; TDX_OPERAND_INVALID|RDX for a key id that is not a
 * TDX private one; TDX_HKID_NOT_FREE; TDX_OPERAND_BUSY with the operand
 * id; TDX_PAGE_METADATA_INCORRECT|RCX if the page is not free; or
 * TDX_SW_BAD_INPUT for a handle without a TDR page.
 */
u64 tdh_mng_create(struct tdx_td *td, u16 hkid)
{
	struct tdx_module_args args = {
		.rdx = hkid,
	};
	u64 err;

	if (tdx_td_bad(td))
		return TDX_SW_BAD_INPUT;
	args.rcx = tdx_tdr_pa(td);

	tdx_clflush_page(td->tdr_page);
	err = tdx_seamcall(tdx_leaf(TDH_MNG_CREATE, 0), &args);
	if (!err) {
		td->tdr_given = true;
		td->key_state = TDX_TD_KEY_ASSIGNED;
		td->hkid = hkid;
		if (!td->parked.next)
			INIT_LIST_HEAD(&td->parked);
	}
	return err;
}
EXPORT_SYMBOL_GPL(tdh_mng_create);

/**
 * tdh_mng_key_config() - Program the TD's key on this CPU's package.
 * @td: the TD.
 *
 * Must run once on a CPU of every package; the last one moves the TD to
 * KEYS_CONFIGURED.  Concurrent calls on one package contend on PCONFIG.
 *
 * Return: TDX_SUCCESS; TDX_KEY_CONFIGURED (a warning) if this package is
 * done already; TDX_LIFECYCLE_STATE_INCORRECT; TDX_OPERAND_BUSY;
 * TDX_KEY_GENERATION_FAILED; or TDX_SW_BAD_INPUT.
 */
u64 tdh_mng_key_config(struct tdx_td *td)
{
	struct tdx_module_args args = {};

	if (tdx_td_bad(td))
		return TDX_SW_BAD_INPUT;
	args.rcx = tdx_tdr_pa(td);
	return tdx_seamcall(tdx_leaf(TDH_MNG_KEY_CONFIG, 0), &args);
}
EXPORT_SYMBOL_GPL(tdh_mng_key_config);

/**
 * tdh_mng_addcx() - Hand one TDCS page to a TD.
 * @td: the TD.
 * @tdcs_page: one of @td->tdcs_pages.
 *
 * Return: TDX_SUCCESS; TDX_TD_KEYS_NOT_CONFIGURED; TDX_TDCX_NUM_INCORRECT
 * when the TD has all its pages; TDX_PAGE_METADATA_INCORRECT|RCX if the
 * page is not free; TDX_OPERAND_BUSY; or TDX_SW_BAD_INPUT if @tdcs_page is
 * not in @td->tdcs_pages (the one-shot free could not find it again).
 */
u64 tdh_mng_addcx(struct tdx_td *td, struct page *tdcs_page)
{
	struct tdx_module_args args = {};
	int idx;
	u64 err;

	if (tdx_td_bad(td))
		return TDX_SW_BAD_INPUT;
	idx = tdx_page_index(td->tdcs_pages, td->tdcs_nr_pages, tdcs_page);
	if (WARN_ON(idx < 0))
		return TDX_SW_BAD_INPUT;
	args.rcx = page_to_phys(tdcs_page);
	args.rdx = tdx_tdr_pa(td);

	tdx_clflush_page(tdcs_page);
	err = tdx_seamcall(tdx_leaf(TDH_MNG_ADDCX, 0), &args);
	if (!err)
		td->tdcs_given |= BIT_ULL(idx);
	return err;
}
EXPORT_SYMBOL_GPL(tdh_mng_addcx);

/**
 * tdh_mng_init() - Initialise a TD from its TD_PARAMS.
 * @td: the TD, with all TDCS pages added.
 * @td_params: physical address of a 1024-byte, 1024-aligned TD_PARAMS.
 * @extended_err: the CPUID leaf and subleaf behind a CPUID configuration
 *	error, 0 otherwise.
 *
 * Return: TDX_SUCCESS; TDX_OPERAND_INVALID with the id of the TD_PARAMS
 * field at fault (a user error: report it, do not WARN);
 * TDX_TDCS_NOT_ALLOCATED; TDX_OP_STATE_INCORRECT; or TDX_SW_BAD_INPUT.
 */
u64 tdh_mng_init(struct tdx_td *td, u64 td_params, u64 *extended_err)
{
	struct tdx_module_args args = {
		.rdx = td_params,
	};
	u64 err;

	if (tdx_td_bad(td) || WARN_ON(!extended_err))
		return TDX_SW_BAD_INPUT;
	args.rcx = tdx_tdr_pa(td);
	err = tdx_seamcall(tdx_leaf(TDH_MNG_INIT, 0), &args);
	*extended_err = args.rcx;
	return err;
}
EXPORT_SYMBOL_GPL(tdh_mng_init);

/**
 * tdh_mng_rd() - Read a TD-scope metadata field.
 * @td: the TD.
 * @field: field id.
 * @data: the value; 0 on error.
 *
 * Return: TDX_SUCCESS; TDX_METADATA_FIELD_ID_INCORRECT or
 * TDX_METADATA_FIELD_NOT_READABLE; TDX_OP_STATE_INCORRECT before
 * TDH.MNG.INIT; or TDX_SW_BAD_INPUT.
 */
u64 tdh_mng_rd(struct tdx_td *td, u64 field, u64 *data)
{
	struct tdx_module_args args = {
		.rdx = field,
	};
	u64 err;

	if (WARN_ON(!data))
		return TDX_SW_BAD_INPUT;
	*data = 0;
	if (tdx_td_bad(td))
		return TDX_SW_BAD_INPUT;
	args.rcx = tdx_tdr_pa(td);
	err = tdx_seamcall(tdx_leaf(TDH_MNG_RD, 0), &args);
	*data = args.r8;
	return err;
}
EXPORT_SYMBOL_GPL(tdh_mng_rd);

/**
 * tdh_mng_wr() - Write a TD-scope metadata field.
 * @td: the TD.
 * @field: field id.
 * @data: new value.
 * @mask: bits of @data to write.
 *
 * Return: TDX_SUCCESS; TDX_METADATA_FIELD_ID_INCORRECT;
 * TDX_METADATA_FIELD_NOT_WRITABLE; TDX_OP_STATE_INCORRECT; or
 * TDX_SW_BAD_INPUT.
 */
u64 tdh_mng_wr(struct tdx_td *td, u64 field, u64 data, u64 mask)
{
	struct tdx_module_args args = {
		.rdx = field,
		.r8 = data,
		.r9 = mask,
	};

	if (tdx_td_bad(td))
		return TDX_SW_BAD_INPUT;
	args.rcx = tdx_tdr_pa(td);
	return tdx_seamcall(tdx_leaf(TDH_MNG_WR, 0), &args);
}
EXPORT_SYMBOL_GPL(tdh_mng_wr);

/**
 * tdh_mng_vpflushdone() - Declare every vCPU of a TD flushed.
 * @td: the TD.
 *
 * Blocks the TD for good (lifecycle TD_BLOCKED) and marks its key for
 * cache write-back.  Part of tdx_td_release_key().
 *
 * Return: TDX_SUCCESS; TDX_FLUSHVP_NOT_DONE while a vCPU is still
 * associated with a CPU; TDX_LIFECYCLE_STATE_INCORRECT; TDX_OPERAND_BUSY;
 * or TDX_SW_BAD_INPUT.
 */
u64 tdh_mng_vpflushdone(struct tdx_td *td)
{
	struct tdx_module_args args = {};
	u64 err;

	if (tdx_td_bad(td))
		return TDX_SW_BAD_INPUT;
	args.rcx = tdx_tdr_pa(td);
	err = tdx_seamcall(tdx_leaf(TDH_MNG_VPFLUSHDONE, 0), &args);
	if (!err)
		td->key_state = TDX_TD_KEY_BLOCKED;
	return err;
}
EXPORT_SYMBOL_GPL(tdh_mng_vpflushdone);

/**
 * tdh_mng_key_freeid() - Release a blocked TD's key id.
 * @td: the TD; TDH.PHYMEM.CACHE.WB must have completed on every package.
 *
 * Moves the TD to TD_TEARDOWN, where its pages can be reclaimed.  The
 * caller then frees the key id with tdx_guest_keyid_free().
 *
 * Return: TDX_SUCCESS; TDX_WBCACHE_NOT_COMPLETE;
 * TDX_LIFECYCLE_STATE_INCORRECT; TDX_OPERAND_BUSY; or TDX_SW_BAD_INPUT.
 */
u64 tdh_mng_key_freeid(struct tdx_td *td)
{
	struct tdx_module_args args = {};
	u64 err;

	if (tdx_td_bad(td))
		return TDX_SW_BAD_INPUT;
	args.rcx = tdx_tdr_pa(td);
	err = tdx_seamcall(tdx_leaf(TDH_MNG_KEY_FREEID, 0), &args);
	if (!err)
		td->key_state = TDX_TD_KEY_RELEASED;
	return err;
}
EXPORT_SYMBOL_GPL(tdh_mng_key_freeid);

/**
 * tdh_vp_create() - Create a vCPU: hand its root page to a TD.
 * @td: the TD.
 * @vp: the vCPU; @vp->tdvpr_page must be set.
 *
 * @vp is tied to @td (@vp->td) from this call on, whatever its result,
 * and must be freed before it.
 *
 * Return: TDX_SUCCESS; TDX_OP_STATE_INCORRECT; TDX_PAGE_METADATA_INCORRECT
 * |RCX if the page is not free; TDX_OPERAND_BUSY; or TDX_SW_BAD_INPUT,
 * also when @vp already belongs to another TD.
 */
u64 tdh_vp_create(struct tdx_td *td, struct tdx_vp *vp)
{
	struct tdx_module_args args = {};
	u64 err;

	if (tdx_td_bad(td) || tdx_vp_bad(vp) ||
	    WARN_ON(vp->td && vp->td != td) || WARN_ON(vp->tdvpr_given))
		return TDX_SW_BAD_INPUT;
	args.rcx = page_to_phys(vp->tdvpr_page);
	args.rdx = tdx_tdr_pa(td);

	tdx_clflush_page(vp->tdvpr_page);
	err = tdx_seamcall(tdx_leaf(TDH_VP_CREATE, 0), &args);
	/* Set even on failure: tdx_vp_free() needs the TDCX page count. */
	vp->td = td;
	if (!err) {
		vp->tdvpr_pa = page_to_phys(vp->tdvpr_page);
		vp->tdvpr_given = true;
		atomic_inc(&td->nr_vps);
	}
	return err;
}
EXPORT_SYMBOL_GPL(tdh_vp_create);

/**
 * tdh_vp_addcx() - Hand one TDCX page to a vCPU.
 * @vp: the vCPU, created on its TD.
 * @tdcx_page: one of @vp->tdcx_pages.
 *
 * Return: TDX_SUCCESS; TDX_VCPU_STATE_INCORRECT after TDH.VP.INIT;
 * TDX_TDCX_NUM_INCORRECT when the vCPU has all its pages;
 * TDX_PAGE_METADATA_INCORRECT|RCX; TDX_OPERAND_BUSY; or TDX_SW_BAD_INPUT
 * if @tdcx_page is not in @vp->tdcx_pages.
 */
u64 tdh_vp_addcx(struct tdx_vp *vp, struct page *tdcx_page)
{
	struct tdx_module_args args = {};
	int idx;
	u64 err;

	if (tdx_vp_bad(vp) || WARN_ON(!vp->td))
		return TDX_SW_BAD_INPUT;
	idx = tdx_page_index(vp->tdcx_pages, vp->td->tdcx_nr_pages, tdcx_page);
	if (WARN_ON(idx < 0))
		return TDX_SW_BAD_INPUT;
	args.rcx = page_to_phys(tdcx_page);
	args.rdx = page_to_phys(vp->tdvpr_page);

	tdx_clflush_page(tdcx_page);
	err = tdx_seamcall(tdx_leaf(TDH_VP_ADDCX, 0), &args);
	if (!err)
		vp->tdcx_given |= BIT_ULL(idx);
	return err;
}
EXPORT_SYMBOL_GPL(tdh_vp_addcx);

/**
 * tdh_vp_init() - Initialise a vCPU and associate it with this CPU.
 * @vp: the vCPU, with all TDCX pages added.
 * @initial_rcx: the guest's RCX at its first entry.
 * @x2apicid: the vCPU's x2APIC id (version 1 of the leaf).
 *
 * Call with preemption disabled: the vCPU stays associated with this CPU
 * until TDH.VP.FLUSH runs here.
 *
 * Return: TDX_SUCCESS; TDX_TDCX_NUM_INCORRECT if TDCX pages are missing;
 * TDX_VCPU_STATE_INCORRECT; TDX_MAX_VCPUS_EXCEEDED; TDX_OP_STATE_INCORRECT;
 * TDX_OPERAND_BUSY; or TDX_SW_BAD_INPUT.
 */
u64 tdh_vp_init(struct tdx_vp *vp, u64 initial_rcx, u32 x2apicid)
{
	struct tdx_module_args args = {
		.rdx = initial_rcx,
		.r8 = x2apicid,
	};
	unsigned int cpu = raw_smp_processor_id();
	u64 err;

	if (tdx_vp_bad(vp))
		return TDX_SW_BAD_INPUT;
	args.rcx = page_to_phys(vp->tdvpr_page);
	/* Version 1 takes the x2APIC id in R8. */
	err = tdx_seamcall(tdx_leaf(TDH_VP_INIT, 1), &args);
	if (!err) {
		vp->associated = true;
		vp->assoc_cpu = cpu;
	}
	return err;
}
EXPORT_SYMBOL_GPL(tdh_vp_init);

/**
 * tdh_vp_enter() - Enter a TD vCPU until its next exit.
 * @vp: the vCPU.
 * @args: guest registers in and out, as selected by the last TDCALL; RCX
 *	is set here.  Exit information comes back in @args.
 *
 * Return: the exit status: bits 31:0 the VM-exit reason, the upper half
 * TDX_SUCCESS for an ordinary exit or the reason the entry failed
 * (TDX_VCPU_ASSOCIATED, TDX_OP_STATE_INCORRECT, TDX_OPERAND_BUSY, a
 * non-recoverable TD or vCPU, ...); or TDX_SW_BAD_INPUT.
 */
u64 tdh_vp_enter(struct tdx_vp *vp, struct tdx_module_args *args)
{
	unsigned int cpu = raw_smp_processor_id();
	u64 err;

	if (tdx_vp_bad(vp) || WARN_ON(!args))
		return TDX_SW_BAD_INPUT;
	args->rcx = vp->tdvpr_pa;
	err = tdx_seamcall(tdx_leaf(TDH_VP_ENTER, 0), args);
	/* A TD exit (class 0) means the entry happened and associated it. */
	if (!tdx_status_error(err) ||
	    tdx_status_class(err) == TDX_CLASS_GENERAL) {
		vp->associated = true;
		vp->assoc_cpu = cpu;
	}
	return err;
}
EXPORT_SYMBOL_GPL(tdh_vp_enter);

/**
 * tdh_vp_flush() - Flush a vCPU's state off this CPU.
 * @vp: the vCPU; run on the CPU it is associated with.
 *
 * Return: TDX_SUCCESS; TDX_VCPU_NOT_ASSOCIATED if it is not associated
 * with this CPU (harmless when it is associated with none);
 * TDX_TD_KEYS_NOT_CONFIGURED; TDX_OPERAND_BUSY; or TDX_SW_BAD_INPUT.
 */
u64 tdh_vp_flush(struct tdx_vp *vp)
{
	struct tdx_module_args args = {};
	u64 err;

	if (tdx_vp_bad(vp))
		return TDX_SW_BAD_INPUT;
	args.rcx = page_to_phys(vp->tdvpr_page);
	err = tdx_seamcall(tdx_leaf(TDH_VP_FLUSH, 0), &args);
	if (!err)
		vp->associated = false;
	return err;
}
EXPORT_SYMBOL_GPL(tdh_vp_flush);

/**
 * tdh_vp_rd() - Read a vCPU-scope metadata field.
 * @vp: the vCPU.
 * @field: field id.
 * @data: the value; 0 on error.
 *
 * Return: TDX_SUCCESS; TDX_METADATA_FIELD_ID_INCORRECT; or
 * TDX_SW_BAD_INPUT.
 */
u64 tdh_vp_rd(struct tdx_vp *vp, u64 field, u64 *data)
{
	struct tdx_module_args args = {
		.rdx = field,
	};
	u64 err;

	if (WARN_ON(!data))
		return TDX_SW_BAD_INPUT;
	*data = 0;
	if (tdx_vp_bad(vp))
		return TDX_SW_BAD_INPUT;
	args.rcx = page_to_phys(vp->tdvpr_page);
	err = tdx_seamcall(tdx_leaf(TDH_VP_RD, 0), &args);
	*data = args.r8;
	return err;
}
EXPORT_SYMBOL_GPL(tdh_vp_rd);

/**
 * tdh_vp_wr() - Write a vCPU-scope metadata field.
 * @vp: the vCPU.
 * @field: field id.
 * @data: new value.
 * @mask: bits of @data to write.
 *
 * Return: TDX_SUCCESS; TDX_METADATA_FIELD_ID_INCORRECT;
 * TDX_METADATA_FIELD_NOT_WRITABLE; or TDX_SW_BAD_INPUT.
 */
u64 tdh_vp_wr(struct tdx_vp *vp, u64 field, u64 data, u64 mask)
{
	struct tdx_module_args args = {
		.rdx = field,
		.r8 = data,
		.r9 = mask,
	};

	if (tdx_vp_bad(vp))
		return TDX_SW_BAD_INPUT;
	args.rcx = page_to_phys(vp->tdvpr_page);
	return tdx_seamcall(tdx_leaf(TDH_VP_WR, 0), &args);
}
EXPORT_SYMBOL_GPL(tdh_vp_wr);
