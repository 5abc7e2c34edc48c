/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Private to tdx-core: leaf numbers, RAX encoding and the one backend
 * function every SEAMCALL goes through.
 */
#ifndef _TDX_CORE_SEAMCALL_H
#define _TDX_CORE_SEAMCALL_H

#include <linux/bitfield.h>
#include <linux/bits.h>
#include <linux/types.h>

#include <tdx/arch.h>

/* SEAMCALL leaf numbers (RAX bits 15:0). */
#define TDH_VP_ENTER			0
#define TDH_MNG_ADDCX			1
#define TDH_MEM_PAGE_ADD		2
#define TDH_MEM_SEPT_ADD		3
#define TDH_VP_ADDCX			4
#define TDH_MEM_PAGE_AUG		6
#define TDH_MEM_RANGE_BLOCK		7
#define TDH_MNG_KEY_CONFIG		8
#define TDH_MNG_CREATE			9
#define TDH_VP_CREATE			10
#define TDH_MNG_RD			11
#define TDH_MNG_WR			13
#define TDH_MR_EXTEND			16
#define TDH_MR_FINALIZE			17
#define TDH_VP_FLUSH			18
#define TDH_MNG_VPFLUSHDONE		19
#define TDH_MNG_KEY_FREEID		20
#define TDH_MNG_INIT			21
#define TDH_VP_INIT			22
#define TDH_PHYMEM_PAGE_RDMD		24
#define TDH_VP_RD			26
#define TDH_PHYMEM_PAGE_RECLAIM		28
#define TDH_MEM_PAGE_REMOVE		29
#define TDH_SYS_KEY_CONFIG		31
#define TDH_SYS_INIT			33
#define TDH_SYS_RD			34
#define TDH_SYS_LP_INIT			35
#define TDH_SYS_TDMR_INIT		36
#define TDH_MEM_TRACK			38
#define TDH_PHYMEM_CACHE_WB		40
#define TDH_PHYMEM_PAGE_WBINVD		41
#define TDH_VP_WR			43
#define TDH_SYS_CONFIG			45
#define TDH_SYS_SHUTDOWN		52
#define TDH_SYS_UPDATE			53
#define TDH_EXT_INIT			60
#define TDH_EXT_MEM_ADD			61
/* TDX Connect leaves, current numbering (LP-TC v2). */
#define TDH_IOMMU_SETUP			128
#define TDH_IOMMU_CLEAR			129
#define TDH_SPDM_CREATE			130
#define TDH_SPDM_DELETE			131
#define TDH_IDE_STREAM_CREATE		132
#define TDH_IDE_STREAM_BLOCK		133
#define TDH_IDE_STREAM_DELETE		134
#define TDH_IDE_STREAM_KM		135
#define TDH_SPDM_CONNECT		142
#define TDH_SPDM_DISCONNECT		143
#define TDH_SPDM_MNG			144

/*
 * P-SEAMLDR, the persistent SEAM loader, answers SEAMCALLs with RAX bit 63
 * set instead of the module.
 */
#define TDX_SEAMLDR_INSTALL		0x8000000000000001ULL

/* RAX: bits 15:0 leaf, bits 23:16 version, the rest must be zero. */
#define TDX_SEAMCALL_LEAF		GENMASK_U64(15, 0)
#define TDX_SEAMCALL_VERSION		GENMASK_U64(23, 16)

/* RCX of TDH.PHYMEM.CACHE.WB. */
#define TDX_CACHE_WB_START		0
#define TDX_CACHE_WB_RESUME		1

/* RCX of TDH.SYS.SHUTDOWN. */
#define TDX_SHUTDOWN_HANDOFF_VERSION	GENMASK_U64(15, 0)
#define TDX_SHUTDOWN_AVOID_COMPAT	BIT_ULL(16)

/**
 * tdx_seamcall() - Issue one SEAMCALL: the single backend entry point.
 * @fn: RAX: leaf number and version.
 * @args: input registers; every output register is written back here.
 *
 * Implemented by exactly one backend: the simulated module (c/sim/) or,
 * on TDX hardware, the SEAMCALL instruction.  The wrappers do not know
 * which.
 *
 * Return: the completion status (RAX), or a TDX_SW_ERROR code when the
 * call could not be made.
 */
u64 tdx_seamcall(u64 fn, struct tdx_module_args *args);

/**
 * tdx_platform_keyids() - The TDX private key id range of the platform.
 * @first_keyid: first TDX private key id.
 * @nr_keyids: number of TDX private key ids.
 * @keyid_shift: bit position of the key id in a physical address.
 *
 * Provided by the backend next to tdx_seamcall(): the simulated module's
 * configuration, or the key id partitioning MSR on hardware.
 */
void tdx_platform_keyids(u32 *first_keyid, u32 *nr_keyids,
			 unsigned int *keyid_shift);

static inline u64 tdx_leaf(u16 leaf, u8 version)
{
	return FIELD_PREP(TDX_SEAMCALL_LEAF, leaf) |
	       FIELD_PREP(TDX_SEAMCALL_VERSION, version);
}

#endif /* _TDX_CORE_SEAMCALL_H */
