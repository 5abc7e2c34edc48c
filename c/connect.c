// SPDX-License-Identifier: GPL-2.0
/*
 * TDX Connect objects: SPDM sessions and their extension calls, IDE
 * streams and trusted IOMMUs.
 *
 * The CREATE-type calls take an object's metadata pages as an HPA_ARRAY_T
 * (the singleton form for one page; an IOMMU takes a plain HPA list whose
 * first two entries are folios); the DELETE-type calls give them back,
 * written with the module's global key, and report the list released.
 * The list is not checked against what was given: the module is trusted
 * to return what it took (a mismatch could not be repaired anyway).
 */
#include <linux/bitfield.h>
#include <linux/bug.h>
#include <linux/export.h>
#include <linux/mm.h>
#include <linux/string.h>

#include <tdx/connect.h>

#include "core.h"
#include "seamcall.h"

/*
 * A CREATE-type call's metadata operand: the pages flushed (the module
 * writes them with its own key), encoded as an HPA_ARRAY_T.
 */
static u64 tdx_metadata_hand_over(const struct tdx_page_list *mt)
{
	unsigned int i;

	for (i = 0; i < mt->nr_pages; i++)
		tdx_clflush_page(tdx_page_list_page(mt, i));
	return tdx_hpa_array(mt->list, mt->nr_pages);
}

/*
 * A DELETE-type call's release operand: the object's own list page gets
 * the released list; a single page (singleton form) needs none.
 */
static u64 tdx_metadata_release_root(const struct tdx_page_list *mt)
{
	return mt->nr_pages == 1 ? 0 : __pa(mt->list);
}

/*
 * The module would not give an object's metadata back: its pages are
 * leaked, with one warning, and only the list page (never the module's)
 * is freed.
 */
static void tdx_metadata_strand(struct tdx_page_list *mt, const char *what,
				u64 err)
{
	WARN(1, "tdx: releasing an %s failed: %s (0x%016llx); stranded %u pages\n",
	     what, tdx_status_name(err), err, mt->nr_pages);
	tdx_hpa_list_free(mt->list);
	memset(mt, 0, sizeof(*mt));
}

/**
 * tdx_spdm_alloc() - Allocate the metadata pages of an SPDM session.
 * @spdm: a zeroed session.
 * @nr_mt_pages: SPDM_MT pages the module asks for (1 to 512).
 *
 * Return: 0; -EINVAL for a bad count or a session in use; -ENOMEM with
 * nothing allocated.
 */
int tdx_spdm_alloc(struct tdx_spdm *spdm, unsigned int nr_mt_pages)
{
	if (WARN_ON(!spdm || spdm->mt.list))
		return -EINVAL;
	return tdx_page_list_alloc(&spdm->mt, nr_mt_pages);
}
EXPORT_SYMBOL_GPL(tdx_spdm_alloc);

/**
 * tdh_spdm_create() - TDH.SPDM.CREATE: make the module's session object.
 * @spdm: a session from tdx_spdm_alloc(), not yet created.
 * @func_id: the device function (TDX_SPDM_FUNC_* fields).
 *
 * Flushes the metadata pages and hands them over.  On success the module
 * owns them until tdh_spdm_delete(), and they will need a write-back with
 * the global key after that (recorded here).
 *
 * Return: TDX_SUCCESS with @spdm->id set; TDX_SYS_BUSY (try again); the
 * module's error (operand RCX for the function, RDX for a metadata page);
 * TDX_SW_BAD_INPUT for a session without pages, one created, or deleted
 * and not yet freed (its pages wait for their write-back), or reserved
 * function bits.
 */
u64 tdh_spdm_create(struct tdx_spdm *spdm, u64 func_id)
{
	struct tdx_module_args args = {};
	u64 err;

	if (WARN_ON(!spdm || !spdm->mt.list || spdm->mt.given) ||
	    WARN_ON(spdm->mt.need_wbinvd) ||
	    WARN_ON(func_id & TDX_SPDM_FUNC_RESERVED))
		return TDX_SW_BAD_INPUT;
	args.rcx = func_id;
	args.rdx = tdx_metadata_hand_over(&spdm->mt);
	err = tdx_seamcall(tdx_leaf(TDH_SPDM_CREATE, 0), &args);
	if (err)
		return err;
	spdm->id = args.rcx;
	spdm->func_id = func_id;
	spdm->mt.given = true;
	spdm->mt.need_wbinvd = true;
	return TDX_SUCCESS;
}
EXPORT_SYMBOL_GPL(tdh_spdm_create);

/**
 * tdh_spdm_delete() - TDH.SPDM.DELETE: end the session object.
 * @spdm: a created session.
 *
 * The module releases the metadata pages and writes the list of them
 * into the session's own list page (or, for a single page, names it in
 * the returned HPA_ARRAY_T).  They still need the write-back that
 * tdx_spdm_free() does.
 *
 * Return: TDX_SUCCESS; the module's error (the session is kept, pages
 * and all); TDX_SW_BAD_INPUT for a session not created.
 */
u64 tdh_spdm_delete(struct tdx_spdm *spdm)
{
	struct tdx_module_args args = {};
	u64 err;

	if (WARN_ON(!spdm || !spdm->mt.list || !spdm->mt.given))
		return TDX_SW_BAD_INPUT;
	args.rcx = spdm->id;
	args.rdx = tdx_metadata_release_root(&spdm->mt);
	err = tdx_seamcall(tdx_leaf(TDH_SPDM_DELETE, 0), &args);
	if (err)
		return err;
	spdm->id = 0;
	spdm->mt.given = false;
	return TDX_SUCCESS;
}
EXPORT_SYMBOL_GPL(tdh_spdm_delete);

/**
 * tdx_spdm_free() - Release an SPDM session at any stage.
 * @spdm: the session; zeroed on return.
 *
 * A session the module has is deleted first; its pages are written back
 * with the global key and freed.  If the module refuses the delete, every
 * metadata page stays with it (leaked) and one warning says how many.
 *
 * Return: 0; -EIO if pages were stranded; -EBUSY, releasing nothing, while
 * the session has IDE streams or the module is busy (try again).
 */
int tdx_spdm_free(struct tdx_spdm *spdm)
{
	u64 err;

	if (!spdm)
		return 0;
	if (WARN(spdm->nr_streams, "tdx: SPDM session freed with %u IDE streams; free them first\n",
		 spdm->nr_streams))
		return -EBUSY;
	if (spdm->mt.given) {
		err = tdh_spdm_delete(spdm);
		/* Contention is not a refusal: keep everything, try again. */
		if (tdx_status_busy(err))
			return -EBUSY;
		if (err) {
			tdx_metadata_strand(&spdm->mt, "SPDM session", err);
			memset(spdm, 0, sizeof(*spdm));
			return -EIO;
		}
	}
	err = tdx_page_list_free(&spdm->mt);
	memset(spdm, 0, sizeof(*spdm));
	return err ? -EIO : 0;
}
EXPORT_SYMBOL_GPL(tdx_spdm_free);

/**
 * tdx_spdm_xfer_alloc() - Allocate the pages of SPDM operations.
 * @x: a zeroed transfer.
 * @nr_out_pages: output pages (0 to 512); connect writes the device's
 *	information into them.
 *
 * Return: 0; -EINVAL for a transfer in use or too many pages; -ENOMEM
 * with nothing allocated.
 */
int tdx_spdm_xfer_alloc(struct tdx_spdm_xfer *x, unsigned int nr_out_pages)
{
	int ret;

	if (WARN_ON(!x || x->request) ||
	    nr_out_pages > TDX_HPA_LIST_MAX_ENTRIES)
		return -EINVAL;
	x->config = alloc_page(GFP_KERNEL | __GFP_ZERO);
	x->request = alloc_page(GFP_KERNEL | __GFP_ZERO);
	x->response = alloc_page(GFP_KERNEL | __GFP_ZERO);
	ret = x->config && x->request && x->response ? 0 : -ENOMEM;
	if (!ret && nr_out_pages)
		ret = tdx_page_list_alloc(&x->out, nr_out_pages);
	if (ret)
		tdx_spdm_xfer_free(x);
	return ret;
}
EXPORT_SYMBOL_GPL(tdx_spdm_xfer_alloc);

/**
 * tdx_spdm_xfer_free() - Free the pages of SPDM operations.
 * @x: the transfer; zeroed on return.  The module never keeps them.
 */
void tdx_spdm_xfer_free(struct tdx_spdm_xfer *x)
{
	if (!x)
		return;
	if (x->config)
		__free_page(x->config);
	if (x->request)
		__free_page(x->request);
	if (x->response)
		__free_page(x->response);
	tdx_page_list_free(&x->out);
	memset(x, 0, sizeof(*x));
}
EXPORT_SYMBOL_GPL(tdx_spdm_xfer_free);

/* The transfer's output pages as an HPA_ARRAY_T, or ~0 for none. */
static u64 tdx_spdm_out_array(const struct tdx_spdm_xfer *x)
{
	return x->out.nr_pages ? tdx_hpa_array(x->out.list, x->out.nr_pages) :
				 ~0ULL;
}

static bool tdx_spdm_xfer_bad(const struct tdx_spdm *spdm,
			      const struct tdx_spdm_xfer *x)
{
	return WARN_ON(!spdm || !spdm->mt.given || !x || !x->request ||
		       !x->response || !x->config);
}

/*
 * The SPDM extension calls share their protocol: the inputs never change,
 * so after TDX_SPDM_REQUEST (relay the request in @x->request to the
 * device, its answer into @x->response) and after
 * TDX_INTERRUPTED_RESUMABLE the caller issues the same call again.
 */
static u64 tdx_spdm_call(u64 leaf, struct tdx_module_args *args,
			 struct tdx_spdm_xfer *x)
{
	u64 err = tdx_seamcall(tdx_leaf(leaf, 0), args);

	if (err != TDX_SUCCESS && !tdx_status_is(err, TDX_SPDM_REQUEST))
		return err;
	/* Lengths are the module's word, but never past a page. */
	x->len = args->rcx;
	if (WARN_ON(x->len > TDX_SPDM_MSG_MAX))
		x->len = TDX_SPDM_MSG_MAX;
	if (err == TDX_SUCCESS && leaf == TDH_SPDM_CONNECT)
		x->out_len = x->len;
	return err;
}

/**
 * tdh_spdm_connect() - TDH.SPDM.CONNECT: set up a secure SPDM session.
 * @spdm: a created session.
 * @x: its message and output pages; @x->len receives the request length
 *	(TDX_SPDM_REQUEST) or the output length (TDX_SUCCESS).
 *
 * One call runs the session set-up as far as it goes without the device.
 * TDX_SPDM_REQUEST: carry @x->request to the device, put its answer in
 * @x->response, call again.  TDX_INTERRUPTED_RESUMABLE: call again.
 * Connect takes six exchanges; a caller bounds its loop with
 * TDX_SPDM_MAX_EXCHANGES in case the module or the device misbehaves.
 *
 * Return: TDX_SUCCESS (the session is up, the device information in
 * @x->out); TDX_SPDM_REQUEST; TDX_INTERRUPTED_RESUMABLE; TDX_OPERAND_BUSY
 * while another extension call is in flight; the module's error (a wrong
 * answer from the device ends the attempt); TDX_SW_BAD_INPUT.
 */
u64 tdh_spdm_connect(struct tdx_spdm *spdm, struct tdx_spdm_xfer *x)
{
	struct tdx_module_args args = {};

	if (tdx_spdm_xfer_bad(spdm, x))
		return TDX_SW_BAD_INPUT;
	args.rcx = spdm->id;
	args.rdx = page_to_phys(x->config);
	args.r8 = page_to_phys(x->response);
	args.r9 = page_to_phys(x->request);
	args.r10 = tdx_spdm_out_array(x);
	return tdx_spdm_call(TDH_SPDM_CONNECT, &args, x);
}
EXPORT_SYMBOL_GPL(tdh_spdm_connect);

/**
 * tdh_spdm_disconnect() - TDH.SPDM.DISCONNECT: end the secure session.
 * @spdm: a connected session.
 * @x: its message pages.
 *
 * The protocol is tdh_spdm_connect()'s (one exchange).
 *
 * Return: as tdh_spdm_connect(), without output.
 */
u64 tdh_spdm_disconnect(struct tdx_spdm *spdm, struct tdx_spdm_xfer *x)
{
	struct tdx_module_args args = {};

	if (tdx_spdm_xfer_bad(spdm, x))
		return TDX_SW_BAD_INPUT;
	args.rcx = spdm->id;
	args.rdx = page_to_phys(x->response);
	args.r8 = page_to_phys(x->request);
	return tdx_spdm_call(TDH_SPDM_DISCONNECT, &args, x);
}
EXPORT_SYMBOL_GPL(tdh_spdm_disconnect);

/**
 * tdh_spdm_mng() - TDH.SPDM.MNG: manage a connected session.
 * @spdm: a connected session.
 * @op: TDX_SPDM_OP_HEARTBEAT or TDX_SPDM_OP_KEY_UPDATE.
 * @x: its message pages.
 *
 * The protocol is tdh_spdm_connect()'s (one exchange).  A session whose
 * key served its time answers a heartbeat with
 * TDX_SPDM_SESSION_KEY_REQUIRE_REFRESH: run TDX_SPDM_OP_KEY_UPDATE, then
 * retry the heartbeat.
 *
 * Return: as tdh_spdm_connect(), plus
 * TDX_SPDM_SESSION_KEY_REQUIRE_REFRESH; TDX_SW_BAD_INPUT for another @op.
 */
u64 tdh_spdm_mng(struct tdx_spdm *spdm, enum tdx_spdm_op op,
		 struct tdx_spdm_xfer *x)
{
	struct tdx_module_args args = {};

	if (tdx_spdm_xfer_bad(spdm, x) ||
	    (op != TDX_SPDM_OP_HEARTBEAT && op != TDX_SPDM_OP_KEY_UPDATE))
		return TDX_SW_BAD_INPUT;
	args.rcx = spdm->id;
	args.rdx = op;
	args.r8 = ~0ULL;
	args.r9 = page_to_phys(x->response);
	args.r10 = page_to_phys(x->request);
	args.r11 = ~0ULL;
	return tdx_spdm_call(TDH_SPDM_MNG, &args, x);
}
EXPORT_SYMBOL_GPL(tdh_spdm_mng);

/**
 * tdx_ide_stream_alloc() - Allocate the metadata pages of an IDE stream.
 * @s: a zeroed stream.
 * @nr_mt_pages: stream_mt pages the module asks for (1 to 512).
 *
 * Return: 0; -EINVAL for a bad count or a stream in use; -ENOMEM with
 * nothing allocated.
 */
int tdx_ide_stream_alloc(struct tdx_ide_stream *s, unsigned int nr_mt_pages)
{
	if (WARN_ON(!s || s->mt.list))
		return -EINVAL;
	return tdx_page_list_alloc(&s->mt, nr_mt_pages);
}
EXPORT_SYMBOL_GPL(tdx_ide_stream_alloc);

/**
 * tdh_ide_stream_create() - TDH.IDE.STREAM.CREATE: make a stream object.
 * @s: a stream from tdx_ide_stream_alloc(), not yet created.
 * @spdm: the connected SPDM session of the device at the stream's end;
 *	it must outlive the stream.
 * @cfg: what the stream protects.
 *
 * Flushes the metadata pages and hands them over (they will need a
 * global-key write-back after the delete; recorded here).
 *
 * Return: TDX_SUCCESS with @s->id and @s->rp_ide_id set; the module's
 * error; TDX_SW_BAD_INPUT for a stream without pages or already created,
 * a session not created, or reserved stream-info bits.
 */
u64 tdh_ide_stream_create(struct tdx_ide_stream *s, struct tdx_spdm *spdm,
			  const struct tdx_ide_stream_cfg *cfg)
{
	struct tdx_module_args args = {};
	u64 err;

	if (WARN_ON(!s || !s->mt.list || s->mt.given || !cfg) ||
	    WARN_ON(s->mt.need_wbinvd) || WARN_ON(!spdm || !spdm->mt.given) ||
	    WARN_ON(cfg->info & ~(TDX_IDE_STREAM_RP_DEVFN |
				  TDX_IDE_STREAM_SELECTIVE)))
		return TDX_SW_BAD_INPUT;
	args.rcx = cfg->info;
	args.rdx = spdm->id;
	args.r8 = tdx_metadata_hand_over(&s->mt);
	args.r9 = cfg->ctrl;
	args.r10 = cfg->rid_assoc[0];
	args.r11 = cfg->rid_assoc[1];
	args.r12 = cfg->addr_assoc[0];
	args.r13 = cfg->addr_assoc[1];
	args.r14 = cfg->addr_assoc[2];
	err = tdx_seamcall(tdx_leaf(TDH_IDE_STREAM_CREATE, 0), &args);
	if (err)
		return err;
	s->spdm = spdm;
	s->id = args.rcx;
	s->rp_ide_id = args.rdx;
	s->mt.given = true;
	s->mt.need_wbinvd = true;
	spdm->nr_streams++;
	return TDX_SUCCESS;
}
EXPORT_SYMBOL_GPL(tdh_ide_stream_create);

/**
 * tdh_ide_stream_km() - TDH.IDE.STREAM.KM: manage the stream's keys.
 * @s: a created stream.
 * @op: TDX_IDE_KM_SETUP (program keys, start using them),
 *	TDX_IDE_KM_REFRESH (new keys) or TDX_IDE_KM_STOP.
 * @x: message pages.
 *
 * An SPDM extension call on the stream's session, with the protocol of
 * tdh_spdm_connect(): relay each TDX_SPDM_REQUEST to the device, re-issue
 * the same call after it and after TDX_INTERRUPTED_RESUMABLE.
 *
 * Return: as tdh_spdm_connect(), without output; TDX_SW_BAD_INPUT.
 */
u64 tdh_ide_stream_km(struct tdx_ide_stream *s, enum tdx_ide_km_op op,
		      struct tdx_spdm_xfer *x)
{
	struct tdx_module_args args = {};

	if (WARN_ON(!s || !s->mt.given) || tdx_spdm_xfer_bad(s->spdm, x) ||
	    op > TDX_IDE_KM_STOP)
		return TDX_SW_BAD_INPUT;
	args.rcx = s->spdm->id;
	args.rdx = s->id;
	args.r8 = op;
	args.r9 = page_to_phys(x->response);
	args.r10 = page_to_phys(x->request);
	return tdx_spdm_call(TDH_IDE_STREAM_KM, &args, x);
}
EXPORT_SYMBOL_GPL(tdh_ide_stream_km);

/**
 * tdh_ide_stream_block() - TDH.IDE.STREAM.BLOCK: stop the stream's traffic.
 * @s: a created stream.
 *
 * Return: TDX_SUCCESS (also for a stream already blocked); the module's
 * error; TDX_SW_BAD_INPUT for a stream not created.
 */
u64 tdh_ide_stream_block(struct tdx_ide_stream *s)
{
	struct tdx_module_args args = {};

	if (WARN_ON(!s || !s->mt.given))
		return TDX_SW_BAD_INPUT;
	args.rcx = s->spdm->id;
	args.rdx = s->id;
	return tdx_seamcall(tdx_leaf(TDH_IDE_STREAM_BLOCK, 0), &args);
}
EXPORT_SYMBOL_GPL(tdh_ide_stream_block);

/**
 * tdh_ide_stream_delete() - TDH.IDE.STREAM.DELETE: end a blocked stream.
 * @s: a blocked stream.
 *
 * The module releases the metadata pages, like tdh_spdm_delete().
 *
 * Return: TDX_SUCCESS; the module's error (the stream is kept);
 * TDX_SW_BAD_INPUT for a stream not created.
 */
u64 tdh_ide_stream_delete(struct tdx_ide_stream *s)
{
	struct tdx_module_args args = {};
	u64 err;

	if (WARN_ON(!s || !s->mt.list || !s->mt.given))
		return TDX_SW_BAD_INPUT;
	args.rcx = s->spdm->id;
	args.rdx = s->id;
	args.r8 = tdx_metadata_release_root(&s->mt);
	err = tdx_seamcall(tdx_leaf(TDH_IDE_STREAM_DELETE, 0), &args);
	if (err)
		return err;
	s->id = 0;
	s->mt.given = false;
	s->spdm->nr_streams--;
	return TDX_SUCCESS;
}
EXPORT_SYMBOL_GPL(tdh_ide_stream_delete);

/**
 * tdx_ide_stream_free() - Release an IDE stream at any stage.
 * @s: the stream; zeroed on return.
 *
 * A stream the module has is blocked and deleted first; its pages are
 * written back with the global key and freed.  If the module refuses,
 * every metadata page stays with it (leaked) and one warning says how
 * many.  Call it before freeing the stream's SPDM session.
 *
 * Return: 0; -EIO if pages were stranded (the stream is gone either way);
 * -EBUSY, releasing nothing, while the module is busy (try again).
 */
int tdx_ide_stream_free(struct tdx_ide_stream *s)
{
	u64 err;

	if (!s)
		return 0;
	if (s->mt.given) {
		err = tdh_ide_stream_block(s);
		if (!err)
			err = tdh_ide_stream_delete(s);
		/* Contention is not a refusal: keep everything, try again. */
		if (tdx_status_busy(err))
			return -EBUSY;
		if (err) {
			s->spdm->nr_streams--;
			tdx_metadata_strand(&s->mt, "IDE stream", err);
			memset(s, 0, sizeof(*s));
			return -EIO;
		}
	}
	err = tdx_page_list_free(&s->mt);
	memset(s, 0, sizeof(*s));
	return err ? -EIO : 0;
}
EXPORT_SYMBOL_GPL(tdx_ide_stream_free);

/* Pages behind one IOMMU_MT entry. */
static unsigned int tdx_iommu_entry_pages(const struct tdx_iommu *iommu,
					  unsigned int i)
{
	return i < TDX_IOMMU_MT_QUEUES ? 1U << iommu->queue_order : 1;
}

/**
 * tdx_iommu_alloc() - Allocate the metadata of a trusted IOMMU.
 * @iommu: a zeroed IOMMU.
 * @queue_order: order of each of the two invalidation queue folios.
 * @nr_pages: single metadata pages after them (1 to 510).
 *
 * Return: 0; -EINVAL for bad sizes or an IOMMU in use; -ENOMEM with
 * nothing allocated.
 */
int tdx_iommu_alloc(struct tdx_iommu *iommu, unsigned int queue_order,
		    unsigned int nr_pages)
{
	unsigned int i, order;
	struct page *page;

	if (WARN_ON(!iommu || iommu->mt) || queue_order > 8 || !nr_pages ||
	    nr_pages > TDX_HPA_LIST_MAX_ENTRIES - TDX_IOMMU_MT_QUEUES)
		return -EINVAL;
	iommu->mt = tdx_hpa_list_alloc(GFP_KERNEL);
	if (!iommu->mt)
		return -ENOMEM;
	iommu->queue_order = queue_order;
	for (i = 0; i < TDX_IOMMU_MT_QUEUES + nr_pages; i++) {
		order = i < TDX_IOMMU_MT_QUEUES ? queue_order : 0;
		page = alloc_pages(GFP_KERNEL | __GFP_ZERO, order);
		if (!page) {
			tdx_iommu_free(iommu);
			return -ENOMEM;
		}
		/* Each entry carries its page count, as Linux's compound_nr(). */
		iommu->mt->phys[i] = page_to_phys(page) |
			FIELD_PREP(TDX_IOMMU_MT_PAGES, 1U << order);
		iommu->nr_entries = i + 1;
	}
	return 0;
}
EXPORT_SYMBOL_GPL(tdx_iommu_alloc);

/**
 * tdh_iommu_setup() - TDH.IOMMU.SETUP: put a VT-d unit in TDX mode.
 * @iommu: an IOMMU from tdx_iommu_alloc(), not set up.
 * @reg_base: the unit's register base (VTBAR).
 *
 * Flushes the metadata and hands it over.  The resume protocol is "same
 * inputs again": after TDX_INTERRUPTED_RESUMABLE call again unchanged.
 *
 * Return: TDX_SUCCESS with @iommu->id set; TDX_INTERRUPTED_RESUMABLE;
 * TDX_OPERAND_INVALID (operand RCX: this unit has no TDX mode, skip it);
 * TDX_SYS_BUSY or TDX_OPERAND_BUSY (try again); the module's error;
 * TDX_SW_BAD_INPUT (set up already, pages waiting for their write-back,
 * or another register base while a setup is pending).
 */
u64 tdh_iommu_setup(struct tdx_iommu *iommu, u64 reg_base)
{
	struct tdx_module_args args = {};
	unsigned int i;
	u64 err;

	if (WARN_ON(!iommu || !iommu->mt || iommu->given) ||
	    WARN_ON(iommu->need_wbinvd) ||
	    WARN_ON(!reg_base || (reg_base & ~PAGE_MASK)) ||
	    WARN_ON(iommu->pending && reg_base != iommu->reg_base))
		return TDX_SW_BAD_INPUT;
	/* A resumed setup has the same inputs, and its pages are flushed. */
	for (i = 0; !iommu->pending && i < iommu->nr_entries; i++)
		tdx_clflush_pfns(PHYS_PFN(iommu->mt->phys[i] & PAGE_MASK),
				 tdx_iommu_entry_pages(iommu, i));
	args.rcx = reg_base;
	args.rdx = __pa(iommu->mt);
	err = tdx_seamcall(tdx_leaf(TDH_IOMMU_SETUP, 0), &args);
	iommu->reg_base = reg_base;
	/* A resumed setup that fails gives back pages the module wrote. */
	if (err && iommu->pending && !tdx_status_interrupted(err))
		iommu->need_wbinvd = true;
	iommu->pending = tdx_status_interrupted(err);
	if (err)
		return err;
	iommu->id = args.rcx;
	iommu->given = true;
	iommu->need_wbinvd = true;
	return TDX_SUCCESS;
}
EXPORT_SYMBOL_GPL(tdh_iommu_setup);

/**
 * tdh_iommu_clear() - TDH.IOMMU.CLEAR: take a unit out of TDX mode.
 * @iommu: a set-up IOMMU.
 *
 * The module releases the metadata; it needs the write-back that
 * tdx_iommu_free() does.  Resume as tdh_iommu_setup().
 *
 * Return: TDX_SUCCESS; TDX_INTERRUPTED_RESUMABLE; the module's error;
 * TDX_SW_BAD_INPUT for an IOMMU not set up.
 */
u64 tdh_iommu_clear(struct tdx_iommu *iommu)
{
	struct tdx_module_args args = {};
	u64 err;

	if (WARN_ON(!iommu || !iommu->given))
		return TDX_SW_BAD_INPUT;
	args.rcx = iommu->id;
	args.rdx = __pa(iommu->mt);
	err = tdx_seamcall(tdx_leaf(TDH_IOMMU_CLEAR, 0), &args);
	if (!err)
		iommu->given = false;
	return err;
}
EXPORT_SYMBOL_GPL(tdh_iommu_clear);

/**
 * tdx_iommu_free() - Release a trusted IOMMU at any stage.
 * @iommu: the IOMMU; zeroed on return.
 *
 * A unit in TDX mode is cleared first (resumed while interrupted: each
 * call makes progress through a finite list); every page the module had
 * is written back with the global key; all is freed.  Pages the module
 * keeps or that fail their write-back are leaked with one warning.
 *
 * Return: 0; -EIO if pages were stranded.
 */
int tdx_iommu_free(struct tdx_iommu *iommu)
{
	unsigned int i, j, n, stranded = 0;
	struct page *page;
	u64 err = TDX_SUCCESS;

	if (!iommu || !iommu->mt)
		return 0;
	/*
	 * An interrupted setup is finished first (the module holds part of
	 * the list), then cleared.  Both resume with the same inputs, and
	 * each call makes progress through a finite list, so these end.
	 */
	if (iommu->pending) {
		do {
			err = tdh_iommu_setup(iommu, iommu->reg_base);
		} while (tdx_status_interrupted(err));
	}
	if (!err && iommu->given) {
		do {
			err = tdh_iommu_clear(iommu);
		} while (tdx_status_interrupted(err));
	}
	for (i = 0; i < iommu->nr_entries; i++) {
		n = tdx_iommu_entry_pages(iommu, i);
		page = pfn_to_page(PHYS_PFN(iommu->mt->phys[i] & PAGE_MASK));
		for (j = 0; !err && iommu->need_wbinvd && j < n; j++) {
			err = tdx_wbinvd_page_global(pfn_to_page(page_to_pfn(page) +
								 j));
		}
		if (err) {
			stranded += n;
			continue;
		}
		__free_pages(page, i < TDX_IOMMU_MT_QUEUES ?
				   iommu->queue_order : 0);
	}
	tdx_hpa_list_free(iommu->mt);
	memset(iommu, 0, sizeof(*iommu));
	WARN(stranded, "tdx: releasing a trusted IOMMU stranded %u pages\n",
	     stranded);
	return stranded ? -EIO : 0;
}
EXPORT_SYMBOL_GPL(tdx_iommu_free);
