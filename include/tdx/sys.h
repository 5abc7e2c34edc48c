/* SPDX-License-Identifier: GPL-2.0 */
/*
 * TDX module bring-up, global metadata and extension memory.
 */
#ifndef _TDX_CORE_SYS_H
#define _TDX_CORE_SYS_H

#include <linux/types.h>

#include <tdx/hpa_list.h>

/* Global metadata field ids read by tdx_read_sys_info(). */
#define TDX_MD_MINOR_VERSION		0x0800000100000003ULL
#define TDX_MD_MAJOR_VERSION		0x0800000100000004ULL
#define TDX_MD_UPDATE_VERSION		0x0800000100000005ULL
#define TDX_MD_TDX_FEATURES0		0x0A00000300000008ULL
#define TDX_MD_MAX_TDMRS		0x9100000100000008ULL
#define TDX_MD_PAMT_4K_ENTRY_SIZE	0x9100000100000010ULL
#define TDX_MD_PAMT_2M_ENTRY_SIZE	0x9100000100000011ULL
#define TDX_MD_PAMT_1G_ENTRY_SIZE	0x9100000100000012ULL
#define TDX_MD_NUM_CMRS			0x9000000100000000ULL
#define TDX_MD_CMR_BASE(i)		(0x9000000300000080ULL + (i))
#define TDX_MD_CMR_SIZE(i)		(0x9000000300000100ULL + (i))
#define TDX_MD_TDR_BASE_SIZE		0x9800000100000000ULL
#define TDX_MD_TDCS_BASE_SIZE		0x9800000100000100ULL
#define TDX_MD_TDVPS_BASE_SIZE		0x9800000100000200ULL
#define TDX_MD_MAX_VCPUS_PER_TD		0x9900000100000008ULL
#define TDX_MD_MODULE_HV		0x8900000100000000ULL
#define TDX_MD_EXT_REQUIRED		0x3100000000000001ULL
#define TDX_MD_MEMORY_POOL_REQUIRED_PAGES 0x3100000200000000ULL

/* TDX_FEATURES0 bits used here. */
#define TDX_FEATURES0_NO_RBP_MOD	BIT_ULL(18)
#define TDX_FEATURES0_EXT		BIT_ULL(39)
#define TDX_FEATURES0_TDX_CONNECT	BIT_ULL(6)
#define TDX_FEATURES0_TD_PRESERVING	BIT_ULL(1)
#define TDX_FEATURES0_UPDATE_COMPAT	BIT_ULL(47)

#define TDX_MAX_CMRS			4

/**
 * struct tdx_sys_info - Global metadata of the TDX module.
 *
 * Each member has the size of the field's elements in the module
 * (bits 33:32 of the field id), so the reader needs no size table.
 *
 * @major_version: module major version.
 * @minor_version: module minor version.
 * @update_version: module update version.
 * @features0: TDX_FEATURES0 bitmap.
 * @max_tdmrs: most TDMRs TDH.SYS.CONFIG accepts.
 * @pamt_entry_size: PAMT entry size in bytes for 4K, 2M and 1G pages.
 * @nr_cmrs: number of convertible memory ranges.
 * @cmr_base: base of each convertible memory range.
 * @cmr_size: size of each convertible memory range.
 * @tdr_base_size: bytes of the TD root (one page).
 * @tdcs_base_size: bytes of the TD control structure (TDCS pages).
 * @tdvps_base_size: bytes of the vCPU state (TDVPR plus TDCX pages).
 * @max_vcpus_per_td: most vCPUs a TD may have.
 * @module_hv: handoff version the module writes at TDH.SYS.SHUTDOWN.
 * @ext_required: TDH.EXT.INIT must run before extensions work.
 * @memory_pool_required_pages: pages the extensions need from the host.
 */
struct tdx_sys_info {
	u16 major_version;
	u16 minor_version;
	u16 update_version;
	u64 features0;
	u16 max_tdmrs;
	u16 pamt_entry_size[3];
	u16 nr_cmrs;
	u64 cmr_base[TDX_MAX_CMRS];
	u64 cmr_size[TDX_MAX_CMRS];
	u16 tdr_base_size;
	u16 tdcs_base_size;
	u16 tdvps_base_size;
	u16 max_vcpus_per_td;
	u16 module_hv;
	bool ext_required;
	u32 memory_pool_required_pages;
};

/**
 * struct tdx_tdmr_info - TDMR_INFO as given to TDH.SYS.CONFIG.
 * @base: TDMR base, 1 GiB aligned.
 * @size: TDMR size, a multiple of 1 GiB.
 * @pamt_1g_base: PAMT area for 1 GiB pages.
 * @pamt_1g_size: its size.
 * @pamt_2m_base: PAMT area for 2 MiB pages.
 * @pamt_2m_size: its size.
 * @pamt_4k_base: PAMT area for 4 KiB pages.
 * @pamt_4k_size: its size.
 * @reserved: reserved areas (offset, size pairs); none are used here.
 */
struct tdx_tdmr_info {
	u64 base;
	u64 size;
	u64 pamt_1g_base;
	u64 pamt_1g_size;
	u64 pamt_2m_base;
	u64 pamt_2m_size;
	u64 pamt_4k_base;
	u64 pamt_4k_size;
	u64 reserved[2 * 16];
} __aligned(512);
static_assert(sizeof(struct tdx_tdmr_info) == 512);

/* System leaves. */
u64 tdh_sys_init(void);
u64 tdh_sys_lp_init(void);
u64 tdh_sys_config(const struct tdx_hpa_list *tdmr_list,
		   unsigned int nr_tdmrs, u16 global_keyid);
u64 tdh_sys_key_config(void);
u64 tdh_sys_tdmr_init(const struct tdx_tdmr_info *tdmr, u64 *next_addr);
u64 tdh_sys_rd(u64 field_id, u64 *value, u64 *next_field_id);

/* Extension leaves and their resume cursors. */

/**
 * struct tdx_ext_mem_add - One TDH.EXT.MEM.ADD, possibly interrupted.
 * @hpa_list_info: HPA_LIST_INFO naming the list; the module advances its
 *	FIRST_ENTRY field as it consumes pages and the wrapper stores the
 *	returned value here, so the next call resumes where this one stopped.
 */
struct tdx_ext_mem_add {
	u64 hpa_list_info;
};

void tdx_ext_mem_add_start(struct tdx_ext_mem_add *op,
			   const struct tdx_hpa_list *list,
			   unsigned int nr_pages);
u64 tdh_ext_mem_add(struct tdx_ext_mem_add *op);
u64 tdh_ext_init(void);

/* Module bring-up and metadata. */
int tdx_cpu_enable(void);
int tdx_enable(void);
void tdx_disable(void);
int tdx_read_sys_info(struct tdx_sys_info *info);
const struct tdx_sys_info *tdx_get_sysinfo(void);
int tdx_ext_enable(void);
unsigned long tdx_ext_mem_pages(void);

/* The extension pool step by step, for callers that drive the loops. */
int tdx_ext_pool_alloc(unsigned long *nr_pages);
u64 tdx_ext_pool_add(void);
unsigned long tdx_ext_pool_left(void);
unsigned long tdx_ext_pool_free(void);
int tdx_ext_pool_donated(unsigned long *nr_pages);
u64 tdx_ext_init_call(void);

#endif /* _TDX_CORE_SYS_H */
