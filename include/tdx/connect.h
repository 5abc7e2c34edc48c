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
#include <linux/build_bug.h>
#include <linux/types.h>
#include <asm/page.h>

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
 * @nr_streams: IDE streams created on the session and not yet deleted.
 *
 * A zeroed structure is an empty session.  tdx_spdm_free() releases it
 * at any stage, once its streams are released.
 */
struct tdx_spdm {
	u64 id;
	u64 func_id;
	struct tdx_page_list mt;
	unsigned int nr_streams;
};

/*
 * One SPDM message in a page, as the module writes a request and the host
 * writes the device's response.  Inferred framing: the DOE object header
 * the real module uses is not modelled; a length and the bytes are.
 */
#define TDX_SPDM_MSG_MAX	(PAGE_SIZE - 8)

/**
 * struct tdx_spdm_msg - One SPDM message in a page.
 * @len: bytes in @data.
 * @rsvd: zero.
 * @data: the message: SPDM version, code, two parameters, payload.
 */
struct tdx_spdm_msg {
	u32 len;
	u32 rsvd;
	u8 data[TDX_SPDM_MSG_MAX];
};

static_assert(sizeof(struct tdx_spdm_msg) == PAGE_SIZE);

/**
 * struct tdx_spdm_xfer - The pages of one SPDM operation, and its result.
 * @config: session configuration page (TDH.SPDM.CONNECT; zeroed: module
 *	defaults).
 * @request: the module writes each request to the device here.
 * @response: the host writes the device's response here.
 * @out: pages the module writes its output into (device information
 *	after connect); may be empty.
 * @len: after TDX_SPDM_REQUEST, the request's length; after TDX_SUCCESS,
 *	the output's length (0 without output).
 * @out_len: the length of the output the last successful connect wrote.
 *
 * The operation's inputs are the same on every call, so a call is re-issued
 * unchanged after TDX_INTERRUPTED_RESUMABLE and after each relayed message.
 */
struct tdx_spdm_xfer {
	struct page *config;
	struct page *request;
	struct page *response;
	struct tdx_page_list out;
	u64 len;
	u64 out_len;
};

/* TDH.SPDM.MNG operations. */
enum tdx_spdm_op {
	TDX_SPDM_OP_HEARTBEAT = 0,
	TDX_SPDM_OP_KEY_UPDATE = 1,
	TDX_SPDM_OP_RECOLLECT = 2,
};

/*
 * Messages one SPDM operation may relay: connect needs six exchanges; the
 * bound is only there to stop a broken module or device.
 */
#define TDX_SPDM_MAX_EXCHANGES	64

int tdx_spdm_alloc(struct tdx_spdm *spdm, unsigned int nr_mt_pages);
u64 tdh_spdm_create(struct tdx_spdm *spdm, u64 func_id);
u64 tdh_spdm_delete(struct tdx_spdm *spdm);
int tdx_spdm_free(struct tdx_spdm *spdm);

/* IDE stream info (TDH.IDE.STREAM.CREATE RCX). */
#define TDX_IDE_STREAM_RP_DEVFN		GENMASK_U64(7, 0)
#define TDX_IDE_STREAM_SELECTIVE	BIT_ULL(8)

/**
 * struct tdx_ide_stream_cfg - What an IDE stream protects.
 * @info: root port (TDX_IDE_STREAM_RP_DEVFN) and stream type
 *	(TDX_IDE_STREAM_SELECTIVE, else link).
 * @ctrl: the stream control register value.
 * @rid_assoc: requester id association registers 1 and 2.
 * @addr_assoc: address association registers 1 to 3.
 */
struct tdx_ide_stream_cfg {
	u64 info;
	u64 ctrl;
	u64 rid_assoc[2];
	u64 addr_assoc[3];
};

/**
 * struct tdx_ide_stream - An IDE stream object of the module.
 * @spdm: the SPDM session the stream's keys are managed through; it must
 *	outlive the stream.
 * @id: stream id the module gave it (valid while @mt.given).
 * @rp_ide_id: the root port's IDE id for it.
 * @mt: its metadata pages (stream_mt); @mt.given while the module has
 *	them.
 *
 * A zeroed structure is an empty stream; tdx_ide_stream_free() releases
 * it at any stage.
 */
struct tdx_ide_stream {
	struct tdx_spdm *spdm;
	u64 id;
	u64 rp_ide_id;
	struct tdx_page_list mt;
};

/*
 * An IOMMU_MT list entry: a page address and, for the first two entries
 * (the invalidation queues), the number of 4 KiB pages of the folio.
 */
#define TDX_IOMMU_MT_PAGES		GENMASK_U64(11, 0)
#define TDX_IOMMU_MT_QUEUES		2

/**
 * struct tdx_iommu - A trusted IOMMU (TDX mode of one VT-d unit).
 * @id: IOMMU_ID the module gave it (valid while @given).
 * @reg_base: its VT-d register base (VTBAR).
 * @mt: the IOMMU_MT list: two queue folios, then single pages.
 * @nr_entries: entries in @mt.
 * @queue_order: order of each queue folio.
 * @given: the module holds the pages.
 * @pending: a setup was interrupted: the module holds some of the pages
 *	until the setup is finished.
 * @need_wbinvd: the module wrote the pages with its global key; they need
 *	a write-back before they are freed or set up again.
 *
 * A zeroed structure is an empty IOMMU; tdx_iommu_free() releases it at
 * any stage.  Its pages need a global-key write-back after the clear,
 * always: the module writes them with its own key.
 */
struct tdx_iommu {
	u64 id;
	u64 reg_base;
	struct tdx_hpa_list *mt;
	unsigned int nr_entries;
	unsigned int queue_order;
	bool given;
	bool pending;
	bool need_wbinvd;
};

/* TDH.IDE.STREAM.KM operations. */
enum tdx_ide_km_op {
	TDX_IDE_KM_SETUP = 0,
	TDX_IDE_KM_REFRESH = 1,
	TDX_IDE_KM_STOP = 2,
};

int tdx_spdm_xfer_alloc(struct tdx_spdm_xfer *x, unsigned int nr_out_pages);
void tdx_spdm_xfer_free(struct tdx_spdm_xfer *x);
u64 tdh_spdm_connect(struct tdx_spdm *spdm, struct tdx_spdm_xfer *x);
u64 tdh_spdm_disconnect(struct tdx_spdm *spdm, struct tdx_spdm_xfer *x);
u64 tdh_spdm_mng(struct tdx_spdm *spdm, enum tdx_spdm_op op,
		 struct tdx_spdm_xfer *x);

int tdx_ide_stream_alloc(struct tdx_ide_stream *s, unsigned int nr_mt_pages);
u64 tdh_ide_stream_create(struct tdx_ide_stream *s, struct tdx_spdm *spdm,
			  const struct tdx_ide_stream_cfg *cfg);
u64 tdh_ide_stream_km(struct tdx_ide_stream *s, enum tdx_ide_km_op op,
		      struct tdx_spdm_xfer *x);
u64 tdh_ide_stream_block(struct tdx_ide_stream *s);
u64 tdh_ide_stream_delete(struct tdx_ide_stream *s);
int tdx_ide_stream_free(struct tdx_ide_stream *s);

int tdx_iommu_alloc(struct tdx_iommu *iommu, unsigned int queue_order,
		    unsigned int nr_pages);
u64 tdh_iommu_setup(struct tdx_iommu *iommu, u64 reg_base);
u64 tdh_iommu_clear(struct tdx_iommu *iommu);
int tdx_iommu_free(struct tdx_iommu *iommu);

#endif /* _TDX_CORE_CONNECT_H */
