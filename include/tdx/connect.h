/* SPDX-License-Identifier: GPL-2.0 */
/*
 * TDX Connect objects.
 *
 * The module keeps state for each TDX Connect object (an SPDM session
 * with a device, later IDE streams and trusted IOMMUs) in metadata pages
 * the host gives it when the object is created and gets back when it is
 * deleted.  Each object here owns those pages as a struct tdx_page_list,
 * handed over in HPA_ARRAY_T form (the singleton form for one page), and
 * has one release helper that works at any stage: delete the object if
 * the module has it, write back what the module wrote with its global
 * key, free; pages the module will not return are leaked with one
 * warning.  Whether the pages need that write-back is recorded by the
 * wrapper that hands them over, not chosen by the caller.
 */
#ifndef _TDX_CORE_CONNECT_H
#define _TDX_CORE_CONNECT_H

#include <linux/bits.h>
#include <linux/types.h>

#include <tdx/hpa_list.h>

/* SPDM function id (TDH.SPDM.CREATE RCX): the device's PCIe requester. */
#define TDX_SPDM_FUNC_RID		GENMASK_U64(15, 0)
#define TDX_SPDM_FUNC_SEGMENT		GENMASK_U64(23, 16)
#define TDX_SPDM_FUNC_SEGMENT_VALID	BIT_ULL(24)
#define TDX_SPDM_FUNC_RESERVED		GENMASK_U64(63, 25)

/**
 * struct tdx_spdm - An SPDM session object of the module.
 * @id: SPDM_ID the module gave it (valid while @mt.given).
 * @func_id: the device function, as given to TDH.SPDM.CREATE.
 * @mt: its metadata pages (SPDM_MT); @mt.given while the module has them.
 *
 * A zeroed structure is an empty session.  tdx_spdm_free() releases it
 * at any stage.
 */
struct tdx_spdm {
	u64 id;
	u64 func_id;
	struct tdx_page_list mt;
};

int tdx_spdm_alloc(struct tdx_spdm *spdm, unsigned int nr_mt_pages);
u64 tdh_spdm_create(struct tdx_spdm *spdm, u64 func_id);
u64 tdh_spdm_delete(struct tdx_spdm *spdm);
int tdx_spdm_free(struct tdx_spdm *spdm);

#endif /* _TDX_CORE_CONNECT_H */
