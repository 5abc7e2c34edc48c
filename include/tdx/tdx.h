/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tdx-core: typed SEAMCALL wrappers for TDX host kernels.
 *
 * The TDX module owns the control pages of a TD (TDR, TDCS) and of a vCPU
 * (TDVPR, TDCX) from the moment a SEAMCALL hands them over until
 * TDH.PHYMEM.PAGE.RECLAIM gives them back.  struct tdx_td and struct
 * tdx_vp hold those pages as struct page pointers, with the layout KVM
 * uses upstream, plus a little bookkeeping that the wrappers keep so that
 * one call, tdx_td_free() or tdx_vp_free(), can release an object at any
 * stage of its life.
 *
 * Every tdh_*() wrapper issues exactly one SEAMCALL and returns the raw
 * 64-bit completion status (see <tdx/errno.h>).  Outputs are returned
 * through pointers named by what they mean.  A wrapper that refuses its
 * inputs returns TDX_SW_BAD_INPUT and issues no SEAMCALL.
 */
#ifndef _TDX_CORE_TDX_H
#define _TDX_CORE_TDX_H

#include <linux/atomic.h>
#include <linux/list.h>
#include <linux/types.h>

#include <tdx/arch.h>
#include <tdx/errno.h>
#include <tdx/hpa_list.h>

struct page;

/* Where a TD's private key (HKID) is in its release sequence. */
enum tdx_td_key_state {
	TDX_TD_KEY_NONE,	/* no TDR handed over yet */
	TDX_TD_KEY_ASSIGNED,	/* TDH.MNG.CREATE took the TDR and the HKID */
	TDX_TD_KEY_BLOCKED,	/* TDH.MNG.VPFLUSHDONE: no more TD entries */
	TDX_TD_KEY_RELEASED,	/* TDH.MNG.KEY.FREEID: pages reclaimable */
};

/**
 * struct tdx_td - The control pages of a trust domain.
 * @tdr_page: TD root page; its physical address names the TD to the module.
 * @tdcs_nr_pages: number of entries in @tdcs_pages.
 * @tdcs_pages: TD control structure pages, handed over by TDH.MNG.ADDCX.
 * @tdcx_nr_pages: number of TDCX pages each vCPU of this TD needs
 *	(the size of &tdx_vp.tdcx_pages).
 * @tdcs_given: bit i set while the module holds @tdcs_pages[i].
 * @tdr_given: the module holds @tdr_page (TDH.MNG.CREATE succeeded).
 * @key_state: progress of the HKID release sequence.
 * @hkid: the private key id given to TDH.MNG.CREATE.
 * @nr_vps: vCPUs created on this TD and not yet passed to tdx_vp_free();
 *	atomic because KVM creates vCPUs under their own locks only.
 * @parked: control pages of freed vCPUs that can only be reclaimed once
 *	the TD's key is released; linked through page->lru.
 * @nr_parked: number of pages on @parked.
 *
 * The first four members are the upstream layout and may be set by the
 * caller (KVM does).  The rest is maintained by the wrappers and the
 * helpers below; a zeroed structure is a valid empty TD.  Building the
 * TD's own pages (MNG.* wrappers) and freeing its vCPUs are serialised by
 * the caller, as KVM does under kvm->lock and in its vCPU teardown.
 */
struct tdx_td {
	struct page *tdr_page;
	int tdcs_nr_pages;
	struct page **tdcs_pages;
	int tdcx_nr_pages;

	u64 tdcs_given;
	bool tdr_given;
	enum tdx_td_key_state key_state;
	u16 hkid;
	atomic_t nr_vps;
	struct list_head parked;
	int nr_parked;
};

/**
 * struct tdx_vp - The control pages of a TD vCPU.
 * @tdvpr_page: vCPU root page; its physical address names the vCPU.
 * @tdvpr_pa: physical address of @tdvpr_page, for the noinstr entry path.
 * @tdcx_pages: vCPU extension pages (&tdx_td.tdcx_nr_pages of them),
 *	handed over by TDH.VP.ADDCX.
 * @td: the TD this vCPU belongs to; set by tdx_vp_alloc() or
 *	tdh_vp_create().  A vCPU must not outlive its TD.
 * @tdcx_given: bit i set while the module holds @tdcx_pages[i].
 * @tdvpr_given: the module holds @tdvpr_page (TDH.VP.CREATE succeeded).
 * @associated: the vCPU is associated with logical processor @assoc_cpu
 *	(after TDH.VP.INIT or TDH.VP.ENTER, until TDH.VP.FLUSH).
 * @assoc_cpu: see @associated.
 */
struct tdx_vp {
	struct page *tdvpr_page;
	phys_addr_t tdvpr_pa;
	struct page **tdcx_pages;

	struct tdx_td *td;
	u64 tdcx_given;
	bool tdvpr_given;
	bool associated;
	unsigned int assoc_cpu;
};

/* Upstream limits: TDCS is 6 pages plus 1 per L2 VM, TDVPS at most 15. */
#define TDX_MAX_TDCS_PAGES	9
#define TDX_MAX_TDCX_PAGES	14

/* Bytes extended into the TD measurement by one TDH.MR.EXTEND. */
#define TDX_EXTENDMR_CHUNKSIZE	256

/* TD management and vCPU leaves (the 26 KVM uses, plus TDH.MNG.WR). */
u64 tdh_vp_enter(struct tdx_vp *vp, struct tdx_module_args *args);
u64 tdh_mng_addcx(struct tdx_td *td, struct page *tdcs_page);
u64 tdh_mem_page_add(struct tdx_td *td, u64 gpa, kvm_pfn_t pfn,
		     struct page *source, u64 *ext_err1, u64 *ext_err2);
u64 tdh_mem_sept_add(struct tdx_td *td, u64 gpa, enum pg_level level,
		     struct page *page, u64 *ext_err1, u64 *ext_err2);
u64 tdh_vp_addcx(struct tdx_vp *vp, struct page *tdcx_page);
u64 tdh_mem_page_aug(struct tdx_td *td, u64 gpa, enum pg_level level,
		     kvm_pfn_t pfn, u64 *ext_err1, u64 *ext_err2);
u64 tdh_mem_range_block(struct tdx_td *td, u64 gpa, enum pg_level level,
			u64 *ext_err1, u64 *ext_err2);
u64 tdh_mng_key_config(struct tdx_td *td);
u64 tdh_mng_create(struct tdx_td *td, u16 hkid);
u64 tdh_vp_create(struct tdx_td *td, struct tdx_vp *vp);
u64 tdh_mng_rd(struct tdx_td *td, u64 field, u64 *data);
u64 tdh_mng_wr(struct tdx_td *td, u64 field, u64 data, u64 mask);
u64 tdh_mr_extend(struct tdx_td *td, u64 gpa, u64 *ext_err1, u64 *ext_err2);
u64 tdh_mr_finalize(struct tdx_td *td);
u64 tdh_vp_flush(struct tdx_vp *vp);
u64 tdh_mng_vpflushdone(struct tdx_td *td);
u64 tdh_mng_key_freeid(struct tdx_td *td);
u64 tdh_mng_init(struct tdx_td *td, u64 td_params, u64 *extended_err);
u64 tdh_vp_init(struct tdx_vp *vp, u64 initial_rcx, u32 x2apicid);
u64 tdh_vp_rd(struct tdx_vp *vp, u64 field, u64 *data);
u64 tdh_vp_wr(struct tdx_vp *vp, u64 field, u64 data, u64 mask);
u64 tdh_phymem_page_reclaim(struct page *page, u64 *tdx_pt, u64 *tdx_owner,
			    u64 *tdx_size);
u64 tdh_phymem_page_rdmd(struct page *page, u64 *tdx_pt, u64 *tdx_owner,
			 u64 *tdx_size);
u64 tdh_mem_track(struct tdx_td *tdr);
u64 tdh_mem_page_remove(struct tdx_td *td, u64 gpa, enum pg_level level,
			u64 *ext_err1, u64 *ext_err2);
u64 tdh_phymem_cache_wb(bool resume);
u64 tdh_phymem_page_wbinvd_tdr(struct tdx_td *td);
u64 tdh_phymem_page_wbinvd_hkid(u64 hkid, kvm_pfn_t pfn);

/* Page types reported by TDH.PHYMEM.PAGE.RECLAIM and .RDMD. */
#define TDX_PT_NDA	0
#define TDX_PT_RSVD	1
#define TDX_PT_REG	3
#define TDX_PT_TDR	4
#define TDX_PT_TDCX	5
#define TDX_PT_TDVPR	6
#define TDX_PT_EPT	8

/* Per-package calls (keys and caches are per package). */
int tdx_on_each_package(int (*fn)(void *arg), void *arg);

/* Guest key ids (HKIDs). */
int tdx_guest_keyid_alloc(void);
void tdx_guest_keyid_free(unsigned int keyid);
u32 tdx_get_nr_guest_keyids(void);

/* One-shot lifetime helpers for control pages. */
int tdx_td_alloc(struct tdx_td *td);
int tdx_td_free(struct tdx_td *td);
int tdx_td_release_key(struct tdx_td *td);
int tdx_vp_alloc(struct tdx_td *td, struct tdx_vp *vp);
int tdx_vp_free(struct tdx_vp *vp);

#endif /* _TDX_CORE_TDX_H */
