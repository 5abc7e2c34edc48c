// SPDX-License-Identifier: GPL-2.0
/*
 * SEAMCALL wrappers for TD private memory: Secure-EPT pages, guest pages
 * and the measurement (TDH.MEM.*, TDH.MR.*).
 *
 * Guest memory is named by PFN (kvm_pfn_t): it need not have a struct page
 * the caller may touch.  Secure-EPT pages are control pages and are named
 * by struct page.
 */
#include <linux/export.h>
#include <linux/mm.h>

#include <tdx/tdx.h>

#include "core.h"
#include "seamcall.h"

/* Secure-EPT level field of "GPA | level" operands: 0 = 4K ... 2 = 1G. */
#define TDX_GPA_LEVEL		GENMASK_U64(2, 0)

/*
 * Encode a GPA and a page-table level the way the module takes them.  A
 * level the module has no encoding for is a caller bug.
 */
static bool tdx_gpa_level(u64 gpa, enum pg_level level, enum pg_level max,
			  u64 *operand)
{
	if (WARN_ON(level < PG_LEVEL_4K || level > max))
		return false;
	*operand = gpa | FIELD_PREP(TDX_GPA_LEVEL, level - PG_LEVEL_4K);
	return true;
}

/*
 * A guest page handed over must be memory the kernel can flush: refuse
 * PFNs that are not RAM before touching them.
 */
static bool tdx_pfn_bad(kvm_pfn_t pfn)
{
	return WARN_ON(!pfn_valid(pfn));
}

static u64 tdx_mem_call(u64 leaf, struct tdx_td *td,
			struct tdx_module_args *args, u64 *ext_err1,
			u64 *ext_err2)
{
	u64 err;

	args->rdx = tdx_tdr_pa(td);
	err = tdx_seamcall(tdx_leaf(leaf, 0), args);
	*ext_err1 = args->rcx;
	*ext_err2 = args->rdx;
	return err;
}

/**
 * tdh_mem_page_add() - Add an initial guest page, copied from @source.
 * @td: the TD, initialised and not yet finalised.
 * @gpa: guest physical address (4 KiB page).
 * @pfn: the host page that becomes the private guest page.
 * @source: page holding the initial contents.
 * @ext_err1: on Secure-EPT errors, the Secure-EPT entry.
 * @ext_err2: on Secure-EPT errors, the entry's level and state.
 *
 * Return: TDX_SUCCESS; TDX_EPT_WALK_FAILED if a Secure-EPT page is
 * missing; TDX_EPT_ENTRY_NOT_FREE; TDX_OP_STATE_INCORRECT after
 * finalisation; TDX_PAGE_METADATA_INCORRECT|R8 if @pfn is not free;
 * TDX_OPERAND_BUSY; or TDX_SW_BAD_INPUT.
 */
u64 tdh_mem_page_add(struct tdx_td *td, u64 gpa, kvm_pfn_t pfn,
		     struct page *source, u64 *ext_err1, u64 *ext_err2)
{
	struct tdx_module_args args = {
		.rcx = gpa,
		.r8 = PFN_PHYS(pfn),
	};

	if (tdx_td_bad(td) || tdx_pfn_bad(pfn) || WARN_ON(!source) ||
	    WARN_ON(!ext_err1 || !ext_err2))
		return TDX_SW_BAD_INPUT;
	args.r9 = page_to_phys(source);

	tdx_clflush_pfns(pfn, 1);
	return tdx_mem_call(TDH_MEM_PAGE_ADD, td, &args, ext_err1, ext_err2);
}
EXPORT_SYMBOL_GPL(tdh_mem_page_add);

/**
 * tdh_mem_sept_add() - Link a Secure-EPT page into a TD's page tables.
 * @td: the TD.
 * @gpa: a guest physical address the new table will cover.
 * @level: level of the entry that links the table (PG_LEVEL_2M links a
 *	table of 4 KiB entries, PG_LEVEL_512G one below the root).
 * @page: the new Secure-EPT page.
 * @ext_err1: on errors, the Secure-EPT entry.
 * @ext_err2: on errors, the entry's level and state.
 *
 * Return: TDX_SUCCESS; TDX_EPT_WALK_FAILED if a parent table is missing;
 * TDX_EPT_ENTRY_NOT_FREE if the entry already links a table;
 * TDX_PAGE_METADATA_INCORRECT|R8; TDX_OPERAND_BUSY; or TDX_SW_BAD_INPUT.
 */
u64 tdh_mem_sept_add(struct tdx_td *td, u64 gpa, enum pg_level level,
		     struct page *page, u64 *ext_err1, u64 *ext_err2)
{
	struct tdx_module_args args = {};

	if (tdx_td_bad(td) || WARN_ON(!page) ||
	    WARN_ON(!ext_err1 || !ext_err2) ||
	    !tdx_gpa_level(gpa, level, PG_LEVEL_512G, &args.rcx))
		return TDX_SW_BAD_INPUT;
	args.r8 = page_to_phys(page);

	tdx_clflush_page(page);
	return tdx_mem_call(TDH_MEM_SEPT_ADD, td, &args, ext_err1, ext_err2);
}
EXPORT_SYMBOL_GPL(tdh_mem_sept_add);

/**
 * tdh_mem_page_aug() - Add a zeroed guest page to a running TD.
 * @td: the TD.
 * @gpa: guest physical address.
 * @level: mapping size.
 * @pfn: the first host page.
 * @ext_err1: on Secure-EPT errors, the Secure-EPT entry.
 * @ext_err2: on Secure-EPT errors, the entry's level and state.
 *
 * Return: TDX_SUCCESS; TDX_EPT_WALK_FAILED; TDX_EPT_ENTRY_NOT_FREE;
 * TDX_PAGE_METADATA_INCORRECT|R8; TDX_OPERAND_BUSY (often on the
 * Secure-EPT tree, TDX_OPERAND_ID_SEPT); or TDX_SW_BAD_INPUT.
 */
u64 tdh_mem_page_aug(struct tdx_td *td, u64 gpa, enum pg_level level,
		     kvm_pfn_t pfn, u64 *ext_err1, u64 *ext_err2)
{
	struct tdx_module_args args = {
		.r8 = PFN_PHYS(pfn),
	};

	if (tdx_td_bad(td) || tdx_pfn_bad(pfn) ||
	    WARN_ON(!ext_err1 || !ext_err2) ||
	    !tdx_gpa_level(gpa, level, PG_LEVEL_1G, &args.rcx))
		return TDX_SW_BAD_INPUT;

	/* Every 4 KiB page of the mapping goes to the module. */
	tdx_clflush_pfns(pfn, 1UL << (9 * (level - PG_LEVEL_4K)));
	return tdx_mem_call(TDH_MEM_PAGE_AUG, td, &args, ext_err1, ext_err2);
}
EXPORT_SYMBOL_GPL(tdh_mem_page_aug);

/**
 * tdh_mem_range_block() - Stop new guest accesses to a mapping.
 * @td: the TD.
 * @gpa: guest physical address.
 * @level: mapping size.
 * @ext_err1: on errors, the Secure-EPT entry.
 * @ext_err2: on errors, the entry's level and state.
 *
 * Return: TDX_SUCCESS; TDX_GPA_RANGE_ALREADY_BLOCKED (not an error);
 * TDX_EPT_WALK_FAILED; TDX_EPT_ENTRY_STATE_INCORRECT; TDX_OPERAND_BUSY; or
 * TDX_SW_BAD_INPUT.
 */
u64 tdh_mem_range_block(struct tdx_td *td, u64 gpa, enum pg_level level,
			u64 *ext_err1, u64 *ext_err2)
{
	struct tdx_module_args args = {};

	if (tdx_td_bad(td) || WARN_ON(!ext_err1 || !ext_err2) ||
	    !tdx_gpa_level(gpa, level, PG_LEVEL_1G, &args.rcx))
		return TDX_SW_BAD_INPUT;
	return tdx_mem_call(TDH_MEM_RANGE_BLOCK, td, &args, ext_err1, ext_err2);
}
EXPORT_SYMBOL_GPL(tdh_mem_range_block);

/**
 * tdh_mem_track() - Advance a TD's TLB epoch after blocking mappings.
 * @tdr: the TD.
 *
 * Return: TDX_SUCCESS; TDX_PREVIOUS_TLB_EPOCH_BUSY while vCPUs still run
 * in the previous epoch; TDX_OPERAND_BUSY|TD_EPOCH; or TDX_SW_BAD_INPUT.
 */
u64 tdh_mem_track(struct tdx_td *tdr)
{
	struct tdx_module_args args = {};

	if (tdx_td_bad(tdr))
		return TDX_SW_BAD_INPUT;
	args.rcx = tdx_tdr_pa(tdr);
	return tdx_seamcall(tdx_leaf(TDH_MEM_TRACK, 0), &args);
}
EXPORT_SYMBOL_GPL(tdh_mem_track);

/**
 * tdh_mem_page_remove() - Remove a blocked guest page from a TD.
 * @td: the TD.
 * @gpa: guest physical address.
 * @level: mapping size.
 * @ext_err1: on errors, the Secure-EPT entry.
 * @ext_err2: on errors, the entry's level and state.
 *
 * The host page is free again once TDH.PHYMEM.PAGE.WBINVD has written
 * back its cache lines with the TD's key id.
 *
 * Return: TDX_SUCCESS; TDX_GPA_RANGE_NOT_BLOCKED; TDX_TLB_TRACKING_NOT_DONE
 * without a TDH.MEM.TRACK since the block; TDX_EPT_WALK_FAILED;
 * TDX_OPERAND_BUSY; or TDX_SW_BAD_INPUT.
 */
u64 tdh_mem_page_remove(struct tdx_td *td, u64 gpa, enum pg_level level,
			u64 *ext_err1, u64 *ext_err2)
{
	struct tdx_module_args args = {};

	if (tdx_td_bad(td) || WARN_ON(!ext_err1 || !ext_err2) ||
	    !tdx_gpa_level(gpa, level, PG_LEVEL_1G, &args.rcx))
		return TDX_SW_BAD_INPUT;
	return tdx_mem_call(TDH_MEM_PAGE_REMOVE, td, &args, ext_err1, ext_err2);
}
EXPORT_SYMBOL_GPL(tdh_mem_page_remove);

/**
 * tdh_mr_extend() - Extend 256 bytes of an added page into the measurement.
 * @td: the TD, initialised and not yet finalised.
 * @gpa: guest physical address of the chunk (TDX_EXTENDMR_CHUNKSIZE
 *	aligned, inside a page added by tdh_mem_page_add()).
 * @ext_err1: on Secure-EPT errors, the Secure-EPT entry.
 * @ext_err2: on Secure-EPT errors, the entry's level and state.
 *
 * Return: TDX_SUCCESS; TDX_OPERAND_INVALID|RCX for a misaligned GPA;
 * TDX_EPT_WALK_FAILED or TDX_EPT_ENTRY_STATE_INCORRECT if the page was not
 * added; TDX_OP_STATE_INCORRECT; or TDX_SW_BAD_INPUT.
 */
u64 tdh_mr_extend(struct tdx_td *td, u64 gpa, u64 *ext_err1, u64 *ext_err2)
{
	struct tdx_module_args args = {
		.rcx = gpa,
	};

	if (tdx_td_bad(td) || WARN_ON(!ext_err1 || !ext_err2))
		return TDX_SW_BAD_INPUT;
	return tdx_mem_call(TDH_MR_EXTEND, td, &args, ext_err1, ext_err2);
}
EXPORT_SYMBOL_GPL(tdh_mr_extend);

/**
 * tdh_mr_finalize() - Finalise a TD's measurement; the TD can then run.
 * @td: the TD, with at least one initialised vCPU.
 *
 * Return: TDX_SUCCESS; TDX_NO_VCPUS; TDX_OP_STATE_INCORRECT;
 * TDX_OPERAND_BUSY; or TDX_SW_BAD_INPUT.
 */
u64 tdh_mr_finalize(struct tdx_td *td)
{
	struct tdx_module_args args = {};

	if (tdx_td_bad(td))
		return TDX_SW_BAD_INPUT;
	args.rcx = tdx_tdr_pa(td);
	return tdx_seamcall(tdx_leaf(TDH_MR_FINALIZE, 0), &args);
}
EXPORT_SYMBOL_GPL(tdh_mr_finalize);
