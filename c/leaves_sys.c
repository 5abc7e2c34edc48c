// SPDX-License-Identifier: GPL-2.0
/*
 * SEAMCALL wrappers for module bring-up and update (TDH.SYS.*, P-SEAMLDR)
 * and the module extensions (TDH.EXT.*).
 */
#include <linux/bitfield.h>
#include <linux/bug.h>
#include <linux/export.h>
#include <linux/mm.h>

#include <tdx/sys.h>
#include <tdx/update.h>

#include "core.h"
#include "seamcall.h"

/**
 * tdh_sys_init() - Start the module's global initialisation.
 *
 * Return: TDX_SUCCESS; TDX_SYS_INIT_NOT_PENDING if it already ran;
 * TDX_SEAMCALL_VMFAILINVALID when no module is loaded.
 */
u64 tdh_sys_init(void)
{
	struct tdx_module_args args = {};

	return tdx_seamcall(tdx_leaf(TDH_SYS_INIT, 0), &args);
}

/**
 * tdh_sys_lp_init() - Initialise the module on this logical processor.
 *
 * Run on every CPU after tdh_sys_init(), before TDH.SYS.CONFIG.
 *
 * Return: TDX_SUCCESS; TDX_SYS_LP_INIT_DONE if this CPU is done already;
 * TDX_SYS_LP_INIT_NOT_PENDING before tdh_sys_init().
 */
u64 tdh_sys_lp_init(void)
{
	struct tdx_module_args args = {};

	return tdx_seamcall(tdx_leaf(TDH_SYS_LP_INIT, 0), &args);
}

/**
 * tdh_sys_config() - Give the module its TDMRs and its global key id.
 * @tdmr_list: physical addresses of the TDMR_INFO structures.
 * @nr_tdmrs: number of valid entries in @tdmr_list.
 * @global_keyid: key id the module uses for its own metadata.
 *
 * Return: TDX_SUCCESS; TDX_SYS_CONFIG_NOT_PENDING unless every CPU ran
 * tdh_sys_lp_init(); TDX_INVALID_TDMR or another TDMR/PAMT error with the
 * operand; TDX_OPERAND_INVALID for a bad count or key id; or
 * TDX_SW_BAD_INPUT.
 */
u64 tdh_sys_config(const struct tdx_hpa_list *tdmr_list,
		   unsigned int nr_tdmrs, u16 global_keyid)
{
	struct tdx_module_args args = {
		.rdx = nr_tdmrs,
		.r8 = global_keyid,
	};

	if (WARN_ON(!tdmr_list || !nr_tdmrs ||
		    nr_tdmrs > TDX_HPA_LIST_MAX_ENTRIES))
		return TDX_SW_BAD_INPUT;
	args.rcx = __pa(tdmr_list);
	return tdx_seamcall(tdx_leaf(TDH_SYS_CONFIG, 0), &args);
}

/**
 * tdh_sys_key_config() - Program the global key on this CPU's package.
 *
 * Run once on one CPU of every package, one package at a time.
 *
 * Return: TDX_SUCCESS; TDX_KEY_CONFIGURED (a warning) if the package is
 * done; TDX_SYS_KEY_CONFIG_NOT_PENDING; TDX_SYS_BUSY.
 */
u64 tdh_sys_key_config(void)
{
	struct tdx_module_args args = {};

	return tdx_seamcall(tdx_leaf(TDH_SYS_KEY_CONFIG, 0), &args);
}

/**
 * tdh_sys_tdmr_init() - Initialise the next part of a TDMR's PAMT.
 * @tdmr: the TDMR, as given to tdh_sys_config().
 * @next_addr: the first address not yet initialised.
 *
 * The module works in chunks.  Call again with the same TDMR until
 * @next_addr reaches its end; each call initialises at least one chunk.
 *
 * Return: TDX_SUCCESS; TDX_TDMR_ALREADY_INITIALIZED (a warning) once the
 * whole TDMR is done; TDX_OPERAND_BUSY|RCX; TDX_SYS_NOT_READY; or
 * TDX_SW_BAD_INPUT.
 */
u64 tdh_sys_tdmr_init(const struct tdx_tdmr_info *tdmr, u64 *next_addr)
{
	struct tdx_module_args args = {};
	u64 err;

	if (WARN_ON(!tdmr || !next_addr))
		return TDX_SW_BAD_INPUT;
	args.rcx = tdmr->base;
	err = tdx_seamcall(tdx_leaf(TDH_SYS_TDMR_INIT, 0), &args);
	*next_addr = args.rdx;
	return err;
}

/**
 * tdh_sys_rd() - Read one global metadata field.
 * @field_id: the field, or 0 to ask for the first field.
 * @value: the value; 0 on error.
 * @next_field_id: the following field id, for walking all fields.
 *
 * Return: TDX_SUCCESS; TDX_METADATA_FIELD_ID_INCORRECT for an unknown
 * field; TDX_METADATA_FIRST_FIELD_ID_IN_CONTEXT for field 0;
 * TDX_SYS_LP_INIT_NOT_DONE before tdh_sys_lp_init() on this CPU; or
 * TDX_SW_BAD_INPUT.
 */
u64 tdh_sys_rd(u64 field_id, u64 *value, u64 *next_field_id)
{
	struct tdx_module_args args = {
		.rdx = field_id,
	};
	u64 err;

	if (WARN_ON(!value || !next_field_id))
		return TDX_SW_BAD_INPUT;
	err = tdx_seamcall(tdx_leaf(TDH_SYS_RD, 0), &args);
	*value = args.r8;
	*next_field_id = args.rdx;
	return err;
}

/**
 * tdx_ext_mem_add_start() - Prepare a TDH.EXT.MEM.ADD of one HPA list.
 * @op: the call's progress, filled here.
 * @list: the list naming the pages.
 * @nr_pages: number of valid entries in @list (1 to 512).
 */
void tdx_ext_mem_add_start(struct tdx_ext_mem_add *op,
			   const struct tdx_hpa_list *list,
			   unsigned int nr_pages)
{
	op->hpa_list_info = tdx_hpa_list_info(list, nr_pages);
}

/**
 * tdh_ext_mem_add() - Give pages to the module extensions, or continue.
 * @op: the call's progress, from tdx_ext_mem_add_start().
 *
 * The resume protocol is "outputs become inputs": the module advances
 * FIRST_ENTRY in the returned HPA_LIST_INFO as it takes pages, and this
 * wrapper stores that value in @op.  After TDX_INTERRUPTED_RESUMABLE call
 * again with the same @op.  The pages are the module's for good: no leaf
 * gives them back.
 *
 * Return: TDX_SUCCESS; TDX_INTERRUPTED_RESUMABLE; an error with operand
 * RCX for a list entry the module refuses (pages before it are taken); or
 * TDX_SW_BAD_INPUT for an empty cursor.
 */
u64 tdh_ext_mem_add(struct tdx_ext_mem_add *op)
{
	struct tdx_module_args args = {};
	u64 err;

	if (WARN_ON(!op || !op->hpa_list_info))
		return TDX_SW_BAD_INPUT;
	args.rcx = op->hpa_list_info;
	err = tdx_seamcall(tdx_leaf(TDH_EXT_MEM_ADD, 0), &args);
	if (tdx_status_interrupted(err))
		op->hpa_list_info = args.rcx;
	return err;
}

/**
 * tdh_ext_init() - Initialise the module extensions, or continue.
 *
 * The resume protocol is "same inputs again": after
 * TDX_INTERRUPTED_RESUMABLE simply call again; the module keeps its
 * progress.
 *
 * Return: TDX_SUCCESS; TDX_INTERRUPTED_RESUMABLE; or an error when the
 * extension memory pool is short.
 */
u64 tdh_ext_init(void)
{
	struct tdx_module_args args = {};

	return tdx_seamcall(tdx_leaf(TDH_EXT_INIT, 0), &args);
}

/**
 * tdh_sys_shutdown() - Shut the module down for an update.
 * @handoff_version: version of the handoff data the module writes: one
 *	the new module can read, at most the module's own (MODULE_HV).
 * @avoid_compat_sensitive: refuse while flows an update could break run
 *	(only on modules with TDX_FEATURES0_UPDATE_COMPAT).
 *
 * On success every later SEAMCALL to this module, on any CPU, returns
 * TDX_SYS_SHUTDOWN: only a newly installed module serves SEAMCALLs again.
 *
 * Return: TDX_SUCCESS; TDX_SYS_BUSY if the global lock is taken or another
 * CPU is inside the module; TDX_UPDATE_COMPAT_SENSITIVE; TDX_OPERAND_INVALID
 * for a handoff version out of range; TDX_SYS_NOT_READY.
 */
u64 tdh_sys_shutdown(u16 handoff_version, bool avoid_compat_sensitive)
{
	struct tdx_module_args args = {
		.rcx = FIELD_PREP(TDX_SHUTDOWN_HANDOFF_VERSION, handoff_version),
	};

	if (avoid_compat_sensitive)
		args.rcx |= TDX_SHUTDOWN_AVOID_COMPAT;
	return tdx_seamcall(tdx_leaf(TDH_SYS_SHUTDOWN, 0), &args);
}

/**
 * tdh_sys_update() - Let a newly installed module take the handoff over.
 *
 * Call after TDH.SYS.INIT and TDH.SYS.LP.INIT on every CPU of the new
 * module, instead of TDH.SYS.CONFIG: the module restores its TDMRs, keys,
 * TDs and page ownership from the handoff data.
 *
 * Return: TDX_SUCCESS (the module is ready); TDX_SYS_STATE_INCORRECT
 * before every CPU is initialised; TDX_SYS_INVALID_HANDOFF when there is
 * no handoff or its version is one this module cannot read; TDX_SYS_BUSY.
 */
u64 tdh_sys_update(void)
{
	struct tdx_module_args args = {};

	return tdx_seamcall(tdx_leaf(TDH_SYS_UPDATE, 0), &args);
}

/**
 * tdx_seamldr_install() - Install a module image on this CPU (P-SEAMLDR).
 * @image: the image, from tdx_update_image_alloc().
 *
 * SEAMLDR.INSTALL must run on every CPU, one at a time, after the running
 * module was shut down.
 *
 * Return: TDX_SUCCESS; a P-SEAMLDR error such as TDX_SEAMLDR_EBADPARAM
 * (the image did not verify) or TDX_SEAMLDR_EBADCALL (the module still
 * runs); TDX_SEAMCALL_VMFAILINVALID when P-SEAMLDR is busy on another CPU;
 * TDX_SW_BAD_INPUT without an image.
 */
u64 tdx_seamldr_install(const struct tdx_update_image *image)
{
	struct tdx_module_args args = {};

	if (WARN_ON(!image || !image->params))
		return TDX_SW_BAD_INPUT;
	args.rcx = page_to_phys(image->params);
	return tdx_seamcall(TDX_SEAMLDR_INSTALL, &args);
}
