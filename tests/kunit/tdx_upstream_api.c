// SPDX-License-Identifier: GPL-2.0
/*
 * Compile-time check that the wrappers KVM calls have exactly upstream's
 * signatures (arch/x86/include/asm/tdx.h), so that KVM-shaped code written
 * against upstream compiles against tdx-core unchanged.  A mismatch fails
 * the build of the tests, on the host and in the kernel.
 */
#include <linux/compiler.h>
#include <linux/types.h>

#include <tdx/tdx.h>

#define TDX_SAME_TYPE(fn, type)						\
	static_assert(__builtin_types_compatible_p(typeof(fn), type),	\
		      #fn " differs from upstream")

TDX_SAME_TYPE(tdh_vp_enter, u64 (struct tdx_vp *, struct tdx_module_args *));
TDX_SAME_TYPE(tdh_mng_addcx, u64 (struct tdx_td *, struct page *));
TDX_SAME_TYPE(tdh_mem_page_add, u64 (struct tdx_td *, u64, kvm_pfn_t,
				     struct page *, u64 *, u64 *));
TDX_SAME_TYPE(tdh_mem_sept_add, u64 (struct tdx_td *, u64, enum pg_level,
				     struct page *, u64 *, u64 *));
TDX_SAME_TYPE(tdh_vp_addcx, u64 (struct tdx_vp *, struct page *));
TDX_SAME_TYPE(tdh_mem_page_aug, u64 (struct tdx_td *, u64, enum pg_level,
				     kvm_pfn_t, u64 *, u64 *));
TDX_SAME_TYPE(tdh_mem_range_block, u64 (struct tdx_td *, u64,
					enum pg_level, u64 *, u64 *));
TDX_SAME_TYPE(tdh_mng_key_config, u64 (struct tdx_td *));
TDX_SAME_TYPE(tdh_mng_create, u64 (struct tdx_td *, u16));
TDX_SAME_TYPE(tdh_vp_create, u64 (struct tdx_td *, struct tdx_vp *));
TDX_SAME_TYPE(tdh_mng_rd, u64 (struct tdx_td *, u64, u64 *));
TDX_SAME_TYPE(tdh_mr_extend, u64 (struct tdx_td *, u64, u64 *, u64 *));
TDX_SAME_TYPE(tdh_mr_finalize, u64 (struct tdx_td *));
TDX_SAME_TYPE(tdh_vp_flush, u64 (struct tdx_vp *));
TDX_SAME_TYPE(tdh_mng_vpflushdone, u64 (struct tdx_td *));
TDX_SAME_TYPE(tdh_mng_key_freeid, u64 (struct tdx_td *));
TDX_SAME_TYPE(tdh_mng_init, u64 (struct tdx_td *, u64, u64 *));
TDX_SAME_TYPE(tdh_vp_init, u64 (struct tdx_vp *, u64, u32));
TDX_SAME_TYPE(tdh_vp_rd, u64 (struct tdx_vp *, u64, u64 *));
TDX_SAME_TYPE(tdh_vp_wr, u64 (struct tdx_vp *, u64, u64, u64));
TDX_SAME_TYPE(tdh_phymem_page_reclaim, u64 (struct page *, u64 *, u64 *,
					    u64 *));
TDX_SAME_TYPE(tdh_mem_track, u64 (struct tdx_td *));
TDX_SAME_TYPE(tdh_mem_page_remove, u64 (struct tdx_td *, u64,
					enum pg_level, u64 *, u64 *));
TDX_SAME_TYPE(tdh_phymem_cache_wb, u64 (bool));
TDX_SAME_TYPE(tdh_phymem_page_wbinvd_tdr, u64 (struct tdx_td *));
TDX_SAME_TYPE(tdh_phymem_page_wbinvd_hkid, u64 (u64, kvm_pfn_t));
TDX_SAME_TYPE(tdx_guest_keyid_alloc, int (void));
TDX_SAME_TYPE(tdx_guest_keyid_free, void (unsigned int));
TDX_SAME_TYPE(tdx_get_nr_guest_keyids, u32 (void));

/* The upstream members of the handles, with upstream's types. */
static_assert(__builtin_types_compatible_p(typeof(((struct tdx_td *)0)->tdr_page),
					   struct page *));
static_assert(__builtin_types_compatible_p(typeof(((struct tdx_td *)0)->tdcs_pages),
					   struct page **));
static_assert(__builtin_types_compatible_p(typeof(((struct tdx_td *)0)->tdcs_nr_pages),
					   int));
static_assert(__builtin_types_compatible_p(typeof(((struct tdx_td *)0)->tdcx_nr_pages),
					   int));
static_assert(__builtin_types_compatible_p(typeof(((struct tdx_vp *)0)->tdvpr_page),
					   struct page *));
static_assert(__builtin_types_compatible_p(typeof(((struct tdx_vp *)0)->tdvpr_pa),
					   phys_addr_t));
static_assert(__builtin_types_compatible_p(typeof(((struct tdx_vp *)0)->tdcx_pages),
					   struct page **));
