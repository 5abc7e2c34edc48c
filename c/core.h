/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Private to tdx-core: helpers shared by the wrappers and the lifetime
 * helpers.
 */
#ifndef _TDX_CORE_CORE_H
#define _TDX_CORE_CORE_H

#include <linux/bug.h>
#include <linux/mm.h>
#include <linux/types.h>

#include <tdx/tdx.h>

/*
 * Bound on the calls of one resumable loop.  A TDX_INTERRUPTED_RESUMABLE
 * return guarantees the module made progress, so every such loop ends;
 * the bound only stops a module that breaks that promise from hanging
 * the CPU.  KVM uses the same number for TDH.PHYMEM.CACHE.WB.
 */
#define TDX_RESUMABLE_MAX_CALLS	10000

/* Control pages a handle can track: the bits of tdcs_given/tdcx_given. */
#define TDX_MAX_TRACKED_PAGES	64

void tdx_clflush_page(struct page *page);
void tdx_clflush_pfns(kvm_pfn_t pfn, unsigned long nr_pages);

/* Bit @idx of a tdcs_given/tdcx_given mask; pages past it were never given. */
static inline bool tdx_page_given(u64 mask, int idx)
{
	return idx < TDX_MAX_TRACKED_PAGES && (mask & BIT_ULL(idx));
}

/* Physical address of a TD's root page: the TD's name for the module. */
static inline u64 tdx_tdr_pa(const struct tdx_td *td)
{
	return page_to_phys(td->tdr_page);
}

/*
 * A handle is usable by a wrapper once its root page is set.  Anything
 * else is a caller bug: warn and refuse before touching the module.
 */
static inline bool tdx_td_bad(const struct tdx_td *td)
{
	return WARN_ON(!td || !td->tdr_page);
}

static inline bool tdx_vp_bad(const struct tdx_vp *vp)
{
	return WARN_ON(!vp || !vp->tdvpr_page);
}

u16 tdx_global_keyid(void);
unsigned int tdx_keyid_shift(void);
void tdx_keyids_setup(u32 first_keyid, u32 nr_keyids, unsigned int shift);
void tdx_keyids_reset(void);

struct tdx_sys_info;

void tdx_ext_forget(void);
void tdx_ext_hold(void);
void tdx_ext_release(void);
int tdx_ext_restart(const struct tdx_sys_info *info);

const struct tdx_sys_info *tdx_module_hold(void);
void tdx_module_release(void);
void tdx_module_set_info(const struct tdx_sys_info *info);
void tdx_module_lost(void);

bool tdx_reclaim_page(struct page *page);
u64 tdx_wbinvd_page_global(struct page *page);

#endif /* _TDX_CORE_CORE_H */
