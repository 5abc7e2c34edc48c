// SPDX-License-Identifier: GPL-2.0
/*
 * C helpers behind the Rust bindings; see helpers.h.  Each one forwards
 * to tdx-core or strings together calls a Rust caller would otherwise
 * need kernel-only headers for.  None adds policy: retries, resume loops
 * and the choice of CPU stay with the caller.
 */
#include <linux/bits.h>
#include <linux/bug.h>
#include <linux/cpu.h>
#include <linux/cpumask.h>
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/string.h>

#include <tdx/connect.h>
#include <tdx/errno.h>
#include <tdx/sim.h>
#include <tdx/tdx.h>
#include <tdx/update.h>

#include "helpers.h"

/* TD_PARAMS.MAX_VCPUS: the only field of the 1 KiB TD_PARAMS set here. */
#define TD_PARAMS_MAX_VCPUS	16

unsigned int rust_helper_tdx_status_class(u64 err)
{
	return tdx_status_class(err);
}

u32 rust_helper_tdx_status_operand(u64 err)
{
	return tdx_status_operand(err);
}

bool rust_helper_tdx_status_is(u64 err, u64 code)
{
	return tdx_status_is(err, code);
}

bool rust_helper_tdx_status_error(u64 err)
{
	return tdx_status_error(err);
}

bool rust_helper_tdx_status_busy(u64 err)
{
	return tdx_status_busy(err);
}

bool rust_helper_tdx_status_interrupted(u64 err)
{
	return tdx_status_interrupted(err);
}

bool rust_helper_tdx_status_non_recoverable(u64 err)
{
	return tdx_status_non_recoverable(err);
}

const u64 tdx_rust_sw_bad_input = TDX_SW_BAD_INPUT;
const u64 tdx_rust_interrupted_resumable = TDX_INTERRUPTED_RESUMABLE;
const u64 tdx_rust_spdm_request = TDX_SPDM_REQUEST;
const u64 tdx_rust_spdm_key_refresh = TDX_SPDM_SESSION_KEY_REQUIRE_REFRESH;
const unsigned int tdx_rust_update_allow_compat =
	TDX_UPDATE_ALLOW_COMPAT_SENSITIVE;

/**
 * tdx_rust_td_new() - Allocate a TD handle with its control pages.
 * @ret: set to 0 or the errno of tdx_td_alloc() (-ENOMEM, -ENODEV, ...).
 *
 * Return: the handle, or NULL with *@ret set.
 */
struct tdx_td *tdx_rust_td_new(int *ret)
{
	struct tdx_td *td = kzalloc(sizeof(*td), GFP_KERNEL);

	if (!td) {
		*ret = -ENOMEM;
		return NULL;
	}
	*ret = tdx_td_alloc(td);
	if (*ret) {
		kfree(td);
		return NULL;
	}
	return td;
}

/**
 * tdx_rust_td_delete() - One-shot free of a TD, then of its handle.
 * @td: from tdx_rust_td_new().
 * @ret: set to what tdx_td_free() returned (-EIO: pages were stranded).
 *
 * Return: true if the TD was released and @td is gone; false if
 * tdx_td_free() kept everything (-EBUSY) and @td is still valid: try
 * again, or give it up with tdx_rust_td_leak().
 */
bool tdx_rust_td_delete(struct tdx_td *td, int *ret)
{
	*ret = tdx_td_free(td);
	/* tdx_td_free() zeroes the handle whenever it released it. */
	if (td->tdr_page)
		return false;
	kfree(td);
	return true;
}

/**
 * tdx_rust_td_leak() - Give up a TD that cannot be freed now.
 * @td: a handle tdx_rust_td_delete() kept.
 * @ret: what tdx_rust_td_delete() reported.
 *
 * Its pages stay allocated, the module's with the module, and one warning
 * says how many.
 */
void tdx_rust_td_leak(struct tdx_td *td, int ret)
{
	WARN(1, "tdx: TD dropped while it could not be freed (%d): stranded %u pages and key id %u\n",
	     ret, tdx_rust_td_pages(td) + td->nr_parked, td->hkid);
}

/**
 * tdx_rust_td_pages() - Control pages of a TD.
 * @td: the TD.
 *
 * Return: its TDR and TDCS pages.
 */
unsigned int tdx_rust_td_pages(const struct tdx_td *td)
{
	return 1 + td->tdcs_nr_pages;
}

/**
 * tdx_rust_td_module_pages() - Pages of a TD the module holds.
 * @td: the TD.
 *
 * Return: TDR and TDCS pages handed over, plus the vCPU pages parked on
 * the TD until its key is released.
 */
unsigned int tdx_rust_td_module_pages(const struct tdx_td *td)
{
	return td->tdr_given + hweight64(td->tdcs_given) + td->nr_parked;
}

/**
 * tdx_rust_vp_new() - Allocate a vCPU handle with its control pages.
 * @td: the TD it will belong to.
 * @ret: set to 0 or the errno of tdx_vp_alloc().
 *
 * Return: the handle, or NULL with *@ret set.
 */
struct tdx_vp *tdx_rust_vp_new(struct tdx_td *td, int *ret)
{
	struct tdx_vp *vp = kzalloc(sizeof(*vp), GFP_KERNEL);

	if (!vp) {
		*ret = -ENOMEM;
		return NULL;
	}
	*ret = tdx_vp_alloc(td, vp);
	if (*ret) {
		kfree(vp);
		return NULL;
	}
	return vp;
}

/**
 * tdx_rust_vp_delete() - One-shot free of a vCPU, then of its handle.
 * @vp: from tdx_rust_vp_new().
 * @ret: set to what tdx_vp_free() returned (-EIO: pages were stranded).
 *
 * Return: true if the vCPU was released and @vp is gone; false if its
 * flush failed and tdx_vp_free() kept it (@vp is still valid).
 */
bool tdx_rust_vp_delete(struct tdx_vp *vp, int *ret)
{
	*ret = tdx_vp_free(vp);
	if (vp->tdvpr_page)
		return false;
	kfree(vp);
	return true;
}

/**
 * tdx_rust_vp_leak() - Give up a vCPU that cannot be freed now.
 * @vp: a handle tdx_rust_vp_delete() kept.
 * @ret: what tdx_rust_vp_delete() reported.
 */
void tdx_rust_vp_leak(struct tdx_vp *vp, int ret)
{
	WARN(1, "tdx: vCPU dropped while it could not be freed (%d): stranded %u pages\n",
	     ret, tdx_rust_vp_pages(vp));
}

/**
 * tdx_rust_vp_pages() - Control pages of a vCPU.
 * @vp: the vCPU.
 *
 * Return: its TDVPR and TDCX pages.
 */
unsigned int tdx_rust_vp_pages(const struct tdx_vp *vp)
{
	return 1 + vp->td->tdcx_nr_pages;
}

/**
 * tdx_rust_vp_module_pages() - Pages of a vCPU the module holds.
 * @vp: the vCPU.
 *
 * Return: TDVPR and TDCX pages handed over.
 */
unsigned int tdx_rust_vp_module_pages(const struct tdx_vp *vp)
{
	return vp->tdvpr_given + hweight64(vp->tdcx_given);
}

/**
 * tdx_rust_td_create() - Take a guest key id and run TDH.MNG.CREATE.
 * @td: the TD.
 * @status: the failed SEAMCALL's status.
 *
 * The key id goes back to the allocator if the call fails; after success
 * the TD's key release (in tdx_td_free()) frees it.
 *
 * Return: 0; -ENOSPC without a free key id; -EIO with *@status set.
 */
int tdx_rust_td_create(struct tdx_td *td, u64 *status)
{
	int hkid = tdx_guest_keyid_alloc();

	*status = TDX_SUCCESS;
	if (hkid < 0)
		return hkid;
	*status = tdh_mng_create(td, hkid);
	if (*status) {
		tdx_guest_keyid_free(hkid);
		return -EIO;
	}
	return 0;
}

struct tdx_rust_key_config {
	struct tdx_td *td;
	u64 status;
};

static int tdx_rust_key_config_fn(void *data)
{
	struct tdx_rust_key_config *kc = data;
	u64 err = tdh_mng_key_config(kc->td);

	/* KEY_CONFIGURED: this package got the key on an earlier try. */
	if (err && !tdx_status_is(err, TDX_KEY_CONFIGURED)) {
		kc->status = err;
		return -EIO;
	}
	return 0;
}

/**
 * tdx_rust_td_key_config() - TDH.MNG.KEY.CONFIG on every package.
 * @td: the TD.
 * @status: the status of the package that failed.
 *
 * Return: 0; -EIO with *@status set; or the errno of a CPU call.
 */
int tdx_rust_td_key_config(struct tdx_td *td, u64 *status)
{
	struct tdx_rust_key_config kc = { .td = td, .status = TDX_SUCCESS };
	int ret;

	cpus_read_lock();
	ret = tdx_on_each_package(tdx_rust_key_config_fn, &kc);
	cpus_read_unlock();
	*status = kc.status;
	return ret;
}

/**
 * tdx_rust_td_add_tdcs() - TDH.MNG.ADDCX for each TDCS page not yet added.
 * @td: the TD.
 * @status: the failed call's status.
 *
 * Return: 0; -EIO with *@status set (pages added so far stay added; a
 * second call adds the rest).
 */
int tdx_rust_td_add_tdcs(struct tdx_td *td, u64 *status)
{
	int i;

	*status = TDX_SUCCESS;
	for (i = 0; i < td->tdcs_nr_pages; i++) {
		if (td->tdcs_given & BIT_ULL(i))
			continue;
		*status = tdh_mng_addcx(td, td->tdcs_pages[i]);
		if (*status)
			return -EIO;
	}
	return 0;
}

/**
 * tdx_rust_td_init() - TDH.MNG.INIT with a TD_PARAMS page built here.
 * @td: the TD.
 * @max_vcpus: TD_PARAMS.MAX_VCPUS.
 * @status: the call's status.
 * @cpuid_leaf: the CPUID leaf the module refused, if it refused one.
 *
 * Return: 0; -ENOMEM; -EIO with *@status set.
 */
int tdx_rust_td_init(struct tdx_td *td, u16 max_vcpus, u64 *status,
		     u64 *cpuid_leaf)
{
	struct page *params = alloc_page(GFP_KERNEL | __GFP_ZERO);

	*status = TDX_SUCCESS;
	if (!params)
		return -ENOMEM;
	*(u16 *)((u8 *)page_address(params) + TD_PARAMS_MAX_VCPUS) = max_vcpus;
	*status = tdh_mng_init(td, page_to_phys(params), cpuid_leaf);
	__free_page(params);
	return *status ? -EIO : 0;
}

/**
 * tdx_rust_vp_create() - TDH.VP.CREATE, then TDH.VP.ADDCX for each page.
 * @vp: the vCPU, from tdx_rust_vp_new().
 * @status: the failed call's status.
 *
 * Steps already done are skipped, so a failed call can be repeated.
 *
 * Return: 0; -EIO with *@status set.
 */
int tdx_rust_vp_create(struct tdx_vp *vp, u64 *status)
{
	int i;

	*status = TDX_SUCCESS;
	if (!vp->tdvpr_given) {
		*status = tdh_vp_create(vp->td, vp);
		if (*status)
			return -EIO;
	}
	for (i = 0; i < vp->td->tdcx_nr_pages; i++) {
		if (vp->tdcx_given & BIT_ULL(i))
			continue;
		*status = tdh_vp_addcx(vp, vp->tdcx_pages[i]);
		if (*status)
			return -EIO;
	}
	return 0;
}

struct tdx_rust_vp_call {
	struct tdx_vp *vp;
	u32 x2apicid;
	u64 status;
};

static int tdx_rust_vp_init_fn(void *data)
{
	struct tdx_rust_vp_call *call = data;

	call->status = tdh_vp_init(call->vp, 0, call->x2apicid);
	return call->status ? -EIO : 0;
}

/**
 * tdx_rust_vp_init() - TDH.VP.INIT on a given CPU.
 * @vp: the vCPU.
 * @cpu: the CPU; the vCPU becomes associated with it.
 * @x2apicid: the vCPU's x2APIC id.
 * @status: the call's status.
 *
 * Return: 0; -EIO with *@status set; the errno of smp_call_on_cpu().
 */
int tdx_rust_vp_init(struct tdx_vp *vp, unsigned int cpu, u32 x2apicid,
		     u64 *status)
{
	struct tdx_rust_vp_call call = { .vp = vp, .x2apicid = x2apicid };
	int ret = smp_call_on_cpu(cpu, tdx_rust_vp_init_fn, &call, false);

	*status = call.status;
	return ret;
}

static int tdx_rust_vp_enter_fn(void *data)
{
	struct tdx_rust_vp_call *call = data;
	struct tdx_module_args args = {};

	call->status = tdh_vp_enter(call->vp, &args);
	return tdx_status_error(call->status) ? -EIO : 0;
}

/**
 * tdx_rust_vp_enter() - TDH.VP.ENTER on the CPU the vCPU is associated with.
 * @vp: an initialised vCPU.
 * @status: the exit status (the exit reason when it is not an error).
 *
 * Return: 0 after a TD exit; -EINVAL for a vCPU associated with no CPU;
 * -EIO with *@status set; the errno of smp_call_on_cpu().
 */
int tdx_rust_vp_enter(struct tdx_vp *vp, u64 *status)
{
	struct tdx_rust_vp_call call = { .vp = vp };
	int ret;

	*status = TDX_SUCCESS;
	if (!vp->associated)
		return -EINVAL;
	ret = smp_call_on_cpu(vp->assoc_cpu, tdx_rust_vp_enter_fn, &call,
			      false);
	*status = call.status;
	return ret;
}

/**
 * tdx_rust_vp_of() - Whether a vCPU belongs to a TD.
 * @vp: the vCPU.
 * @td: the TD.
 *
 * Return: true if @vp was allocated for @td.
 */
bool tdx_rust_vp_of(const struct tdx_vp *vp, const struct tdx_td *td)
{
	return vp->td == td;
}

/**
 * tdx_rust_first_cpu() - The first online CPU.
 *
 * Return: its number.
 */
unsigned int tdx_rust_first_cpu(void)
{
	return cpumask_first(cpu_online_mask);
}

/**
 * tdx_rust_update_image_new() - tdx_update_image_alloc() with an errno.
 * @data: the image bytes; copied, not kept.
 * @size: their number.
 * @image: receives the image on success.
 *
 * Return: 0, -EINVAL for a malformed image, -ENOMEM.
 */
int tdx_rust_update_image_new(const void *data, size_t size,
			      struct tdx_update_image **image)
{
	struct tdx_update_image *img = tdx_update_image_alloc(data, size);

	if (IS_ERR(img))
		return PTR_ERR(img);
	*image = img;
	return 0;
}

/**
 * tdx_rust_spdm_new() - Allocate an SPDM session and create it.
 * @func_id: the device function (TDX_SPDM_FUNC_* fields).
 * @nr_mt_pages: its metadata pages.
 * @status: the status of a failed TDH.SPDM.CREATE.
 * @ret: set to 0 or an errno (-EIO: see @status).
 *
 * Return: the session, created, or NULL with everything released.
 */
struct tdx_spdm *tdx_rust_spdm_new(u64 func_id, unsigned int nr_mt_pages,
				   u64 *status, int *ret)
{
	struct tdx_spdm *spdm = kzalloc(sizeof(*spdm), GFP_KERNEL);

	*status = TDX_SUCCESS;
	*ret = spdm ? tdx_spdm_alloc(spdm, nr_mt_pages) : -ENOMEM;
	if (!*ret) {
		*status = tdh_spdm_create(spdm, func_id);
		*ret = *status ? -EIO : 0;
	}
	if (*ret) {
		if (spdm)
			tdx_spdm_free(spdm);
		kfree(spdm);
		return NULL;
	}
	return spdm;
}

/**
 * tdx_rust_spdm_delete() - One-shot free of a session, then of its handle.
 * @spdm: from tdx_rust_spdm_new().
 *
 * A session the module is busy with (-EBUSY) is still the module's, and
 * Rust has nobody to hand it back to: it is leaked with its metadata
 * pages, with one warning, rather than freed under the module.
 *
 * Return: what tdx_spdm_free() returned (-EIO: pages were stranded).
 */
int tdx_rust_spdm_delete(struct tdx_spdm *spdm)
{
	int ret = tdx_spdm_free(spdm);

	if (ret == -EBUSY) {
		/* With streams left, tdx_spdm_free() said so already. */
		WARN(!spdm->nr_streams,
		     "tdx: SPDM session %llu busy when dropped: leaked with its %u metadata pages\n",
		     spdm->id, spdm->mt.nr_pages);
		return ret;
	}
	kfree(spdm);
	return ret;
}

/**
 * tdx_rust_xfer_new() - Allocate the message pages of SPDM operations.
 * @nr_out_pages: output pages.
 * @ret: set to 0 or an errno.
 *
 * Return: the transfer, or NULL.
 */
struct tdx_spdm_xfer *tdx_rust_xfer_new(unsigned int nr_out_pages, int *ret)
{
	struct tdx_spdm_xfer *x = kzalloc(sizeof(*x), GFP_KERNEL);

	*ret = x ? tdx_spdm_xfer_alloc(x, nr_out_pages) : -ENOMEM;
	if (*ret) {
		kfree(x);
		return NULL;
	}
	return x;
}

/**
 * tdx_rust_xfer_delete() - Free a transfer and its handle.
 * @x: from tdx_rust_xfer_new().
 */
void tdx_rust_xfer_delete(struct tdx_spdm_xfer *x)
{
	tdx_spdm_xfer_free(x);
	kfree(x);
}

/**
 * tdx_rust_xfer_out() - Copy out what the module wrote to the output.
 * @x: a transfer after a successful TDH.SPDM.CONNECT.
 * @buf: receives the bytes.
 * @size: room in @buf.
 *
 * Return: bytes copied (the output length, capped at @size and a page).
 */
u64 tdx_rust_xfer_out(const struct tdx_spdm_xfer *x, u8 *buf, u64 size)
{
	u64 n = min3(x->out_len, size, (u64)PAGE_SIZE);

	if (!x->out.nr_pages)
		return 0;
	memcpy(buf, page_address(tdx_page_list_page(&x->out, 0)), n);
	return n;
}

/**
 * tdx_rust_sim_dev_relay() - Carry a request to a simulated device.
 * @func_id: the device.
 * @x: the transfer whose request page holds the module's request; the
 *	device's answer goes into its response page.
 *
 * Return: 0, or the errno of tdx_sim_dev_doe().
 */
int tdx_rust_sim_dev_relay(u64 func_id, struct tdx_spdm_xfer *x)
{
	return tdx_sim_dev_doe(func_id, page_address(x->request),
			       page_address(x->response));
}

/**
 * tdx_rust_ide_stream_new() - Allocate an IDE stream and create it.
 * @spdm: the connected session of the device at the stream's end; it
 *	must outlive the stream.
 * @cfg: what the stream protects.
 * @nr_mt_pages: its metadata pages.
 * @status: the status of a failed TDH.IDE.STREAM.CREATE.
 * @ret: set to 0 or an errno (-EIO: see @status).
 *
 * Return: the stream, created, or NULL with everything released.
 */
struct tdx_ide_stream *
tdx_rust_ide_stream_new(struct tdx_spdm *spdm,
			const struct tdx_ide_stream_cfg *cfg,
			unsigned int nr_mt_pages, u64 *status, int *ret)
{
	struct tdx_ide_stream *s = kzalloc(sizeof(*s), GFP_KERNEL);

	*status = TDX_SUCCESS;
	*ret = s ? tdx_ide_stream_alloc(s, nr_mt_pages) : -ENOMEM;
	if (!*ret) {
		*status = tdh_ide_stream_create(s, spdm, cfg);
		*ret = *status ? -EIO : 0;
	}
	if (*ret) {
		/* Never created: this only frees the pages. */
		if (s)
			tdx_ide_stream_free(s);
		kfree(s);
		return NULL;
	}
	return s;
}

/**
 * tdx_rust_ide_stream_delete() - One-shot free of a stream, then of its
 *	handle.
 * @s: from tdx_rust_ide_stream_new().
 * @ret: set to what tdx_ide_stream_free() returned (-EIO: pages were
 *	stranded).
 *
 * Return: true if the stream was released and @s is gone; false if
 * tdx_ide_stream_free() kept everything (-EBUSY) and @s is still valid:
 * try again, or give it up with tdx_rust_ide_stream_leak().
 */
bool tdx_rust_ide_stream_delete(struct tdx_ide_stream *s, int *ret)
{
	*ret = tdx_ide_stream_free(s);
	/* tdx_ide_stream_free() zeroes the stream whenever it released it. */
	if (s->mt.list)
		return false;
	kfree(s);
	return true;
}

/**
 * tdx_rust_ide_stream_leak() - Give up a stream that cannot be freed now.
 * @s: a stream tdx_rust_ide_stream_delete() kept.
 * @ret: what tdx_rust_ide_stream_delete() reported.
 *
 * The module keeps the stream and its pages, and one warning says how
 * many.  The session still counts the stream, so releasing the session
 * strands it too (with its own warning): the module would refuse to
 * delete a session that has a stream.
 */
void tdx_rust_ide_stream_leak(struct tdx_ide_stream *s, int ret)
{
	WARN(1, "tdx: IDE stream dropped while it could not be freed (%d): stranded %u pages\n",
	     ret, s->mt.nr_pages);
}

/**
 * tdx_rust_iommu_new() - Allocate a trusted IOMMU's metadata.
 * @queue_order: order of each invalidation queue folio.
 * @nr_pages: single metadata pages.
 * @ret: set to 0 or an errno.
 *
 * Return: the IOMMU, not yet set up, or NULL.
 */
struct tdx_iommu *tdx_rust_iommu_new(unsigned int queue_order,
				     unsigned int nr_pages, int *ret)
{
	struct tdx_iommu *iommu = kzalloc(sizeof(*iommu), GFP_KERNEL);

	*ret = iommu ? tdx_iommu_alloc(iommu, queue_order, nr_pages) : -ENOMEM;
	if (*ret) {
		kfree(iommu);
		return NULL;
	}
	return iommu;
}

/**
 * tdx_rust_iommu_delete() - One-shot free of an IOMMU, then of its handle.
 * @iommu: from tdx_rust_iommu_new().
 *
 * Return: what tdx_iommu_free() returned (-EIO: pages were stranded).
 */
int tdx_rust_iommu_delete(struct tdx_iommu *iommu)
{
	int ret = tdx_iommu_free(iommu);

	kfree(iommu);
	return ret;
}
