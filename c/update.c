// SPDX-License-Identifier: GPL-2.0
/*
 * TD-preserving module update: the image P-SEAMLDR installs, and the
 * lockstep every CPU walks through inside stop_machine().
 *
 * Why stop_machine() is enough to keep every other SEAMCALL out: each
 * SEAMCALL runs with preemption disabled (the hardware backend disables
 * it; the simulated one runs under a raw spinlock) and TD entry with
 * interrupts off.  stop_machine() can only start once every online CPU
 * left such a section, and keeps every CPU in the update until it ends.
 * Module bring-up, teardown and the extension pool are held off by their
 * own locks, taken before the machine stops.
 */
#include <linux/atomic.h>
#include <linux/cpu.h>
#include <linux/cpumask.h>
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/gfp.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/nmi.h>
#include <linux/printk.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/spinlock.h>
#include <linux/stop_machine.h>
#include <linux/string.h>

#include <tdx/errno.h>
#include <tdx/sys.h>
#include <tdx/update.h>

#include "core.h"

static bool tdx_image_header_valid(const struct tdx_image_header *hdr,
				   size_t size)
{
	u64 nr_pages;

	if (hdr->version != TDX_IMAGE_VERSION ||
	    memcmp(hdr->signature, TDX_IMAGE_SIGNATURE,
		   sizeof(hdr->signature)) ||
	    !mem_is_zero(hdr->reserved, sizeof(hdr->reserved)))
		return false;
	if (hdr->sigstruct_nr_pages < 1 ||
	    hdr->sigstruct_nr_pages > TDX_SEAMLDR_MAX_SIG_PAGES ||
	    hdr->module_nr_pages < 1 ||
	    hdr->module_nr_pages > TDX_SEAMLDR_MAX_MODULE_PAGES)
		return false;
	/* Both counts are bounded above, so this cannot overflow. */
	nr_pages = 1ULL + hdr->sigstruct_nr_pages + hdr->module_nr_pages;
	return size == nr_pages * PAGE_SIZE;
}

/**
 * tdx_update_image_alloc() - Prepare a module image for P-SEAMLDR.
 * @data: the image: a struct tdx_image_header, the sigstruct pages, then
 *	the module pages.
 * @size: its size in bytes.
 *
 * Checks the header against @size and copies the payload into pages
 * named by a SEAMLDR_PARAMS page.  Whether the module is genuine is for
 * P-SEAMLDR to decide, at install time.
 *
 * Return: the image, or ERR_PTR(-EINVAL) for a malformed one,
 * ERR_PTR(-ENOMEM).
 */
struct tdx_update_image *tdx_update_image_alloc(const void *data,
						size_t size)
{
	const struct tdx_image_header *hdr = data;
	struct tdx_seamldr_params *params;
	struct tdx_update_image *image;
	unsigned int i, nr_sig;

	if (!data || size < sizeof(*hdr) || !tdx_image_header_valid(hdr, size))
		return ERR_PTR(-EINVAL);

	image = kzalloc(sizeof(*image), GFP_KERNEL);
	if (!image)
		return ERR_PTR(-ENOMEM);
	image->params = alloc_page(GFP_KERNEL | __GFP_ZERO);
	if (!image->params)
		goto nomem;
	params = page_address(image->params);
	params->version = 0;
	params->scenario = TDX_SEAMLDR_SCENARIO_UPDATE;
	params->module_nr_pages = hdr->module_nr_pages;

	nr_sig = hdr->sigstruct_nr_pages;
	for (i = 0; i < nr_sig + hdr->module_nr_pages; i++) {
		struct page *page = alloc_page(GFP_KERNEL);

		if (!page)
			goto nomem;
		image->pages[image->nr_pages++] = page;
		memcpy(page_address(page), data + (1 + i) * PAGE_SIZE,
		       PAGE_SIZE);
		if (i < nr_sig)
			params->sigstruct_pa[i] = page_to_phys(page);
		else
			params->module_pa[i - nr_sig] = page_to_phys(page);
	}
	return image;

nomem:
	tdx_update_image_free(image);
	return ERR_PTR(-ENOMEM);
}
EXPORT_SYMBOL_GPL(tdx_update_image_alloc);

/**
 * tdx_update_image_free() - Free an image from tdx_update_image_alloc().
 * @image: the image; NULL or an error pointer is ignored.
 */
void tdx_update_image_free(struct tdx_update_image *image)
{
	unsigned int i;

	if (IS_ERR_OR_NULL(image))
		return;
	for (i = 0; i < image->nr_pages; i++)
		__free_page(image->pages[i]);
	if (image->params)
		__free_page(image->params);
	kfree(image);
}
EXPORT_SYMBOL_GPL(tdx_update_image_free);

/**
 * struct tdx_update_ctrl - Shared state of one update's lockstep.
 * @image: what P-SEAMLDR installs.
 * @handoff_version: given to TDH.SYS.SHUTDOWN.
 * @avoid_compat: TDH.SYS.SHUTDOWN refuses during compat-sensitive flows.
 * @lead_cpu: runs the once-per-module steps.
 * @nr_cpus: CPUs taking part: every online CPU.
 * @state: the step all CPUs are in (enum tdx_update_state).
 * @acks: CPUs that have not finished @state yet.
 * @failed: CPUs that failed a step; any makes the next state DONE.
 * @lock: one P-SEAMLDR call at a time (it is single-threaded), one
 *	TDH.SYS.INIT; guards the members below.
 * @sysinit_tried: TDH.SYS.INIT was issued for the new module.
 * @sysinit_ok: and it succeeded.
 * @info: the new module's metadata, read by the lead CPU.
 * @result: the first failure, and whether the new module runs.
 */
struct tdx_update_ctrl {
	const struct tdx_update_image *image;
	u16 handoff_version;
	bool avoid_compat;
	unsigned int lead_cpu;
	unsigned int nr_cpus;
	int state;
	atomic_t acks;
	atomic_t failed;
	raw_spinlock_t lock;
	bool sysinit_tried;
	bool sysinit_ok;
	struct tdx_sys_info info;
	struct tdx_update_result result;
};

static void tdx_update_fail(struct tdx_update_ctrl *ctrl,
			    enum tdx_update_state state, unsigned int cpu,
			    u64 status)
{
	raw_spin_lock(&ctrl->lock);
	if (ctrl->result.failed_state == TDX_UPDATE_DONE) {
		ctrl->result.failed_state = state;
		ctrl->result.failed_cpu = cpu;
		ctrl->result.status = status;
	}
	raw_spin_unlock(&ctrl->lock);
	atomic_inc(&ctrl->failed);
}

/*
 * TDH.SYS.INIT once for the new module, then TDH.SYS.LP.INIT here.  Only
 * the CPU that issued a failed SYS.INIT reports it; the others skip
 * LP.INIT, and the failure ends the update after this step.
 */
static u64 tdx_update_cpu_init(struct tdx_update_ctrl *ctrl)
{
	u64 err = TDX_SUCCESS;
	bool ok;

	raw_spin_lock(&ctrl->lock);
	if (!ctrl->sysinit_tried) {
		ctrl->sysinit_tried = true;
		err = tdh_sys_init();
		ctrl->sysinit_ok = !err;
	}
	ok = ctrl->sysinit_ok;
	raw_spin_unlock(&ctrl->lock);
	if (err || !ok)
		return err;
	return tdh_sys_lp_init();
}

/*
 * TDH.SYS.UPDATE, then the new module's metadata, published while no CPU
 * can be reading it.  A module whose metadata cannot be read is one this
 * code cannot drive: that fails the step (with no status) like the
 * update itself.
 */
static u64 tdx_update_run(struct tdx_update_ctrl *ctrl, unsigned int cpu)
{
	u64 err = tdh_sys_update();

	if (err)
		return err;
	ctrl->result.updated = true;
	if (tdx_read_sys_info(&ctrl->info))
		tdx_update_fail(ctrl, TDX_UPDATE_RUN_UPDATE, cpu, TDX_SUCCESS);
	else
		tdx_module_set_info(&ctrl->info);
	return TDX_SUCCESS;
}

static void tdx_update_step(struct tdx_update_ctrl *ctrl,
			    enum tdx_update_state state, unsigned int cpu)
{
	bool lead = cpu == ctrl->lead_cpu;
	u64 err = TDX_SUCCESS;

	switch (state) {
	case TDX_UPDATE_SHUTDOWN:
		if (lead)
			err = tdh_sys_shutdown(ctrl->handoff_version,
					       ctrl->avoid_compat);
		break;
	case TDX_UPDATE_CPU_INSTALL:
		raw_spin_lock(&ctrl->lock);
		err = tdx_seamldr_install(ctrl->image);
		raw_spin_unlock(&ctrl->lock);
		break;
	case TDX_UPDATE_CPU_INIT:
		err = tdx_update_cpu_init(ctrl);
		break;
	case TDX_UPDATE_RUN_UPDATE:
		if (lead)
			err = tdx_update_run(ctrl, cpu);
		break;
	default:
		break;
	}
	if (err)
		tdx_update_fail(ctrl, state, cpu, err);
}

/*
 * The last CPU to finish a step starts the next one for all, or ends the
 * update for all if any CPU failed.  The counter is reset before the new
 * state is published, and read only after it is seen.
 */
static void tdx_update_ack(struct tdx_update_ctrl *ctrl, int state)
{
	if (!atomic_dec_and_test(&ctrl->acks))
		return;
	atomic_set(&ctrl->acks, ctrl->nr_cpus);
	/* Pairs with the acquire in tdx_update_cpu(): the reset comes first. */
	smp_store_release(&ctrl->state, atomic_read(&ctrl->failed) ?
			  TDX_UPDATE_DONE : state + 1);
}

/*
 * Every online CPU runs this, with interrupts off, until DONE.  As in
 * multi_cpu_stop(), a CPU waiting for the others (P-SEAMLDR installs one
 * CPU at a time) tells the watchdogs and RCU it is not stuck.
 */
static int tdx_update_cpu(void *data)
{
	struct tdx_update_ctrl *ctrl = data;
	unsigned int cpu = smp_processor_id();
	int seen = -1, state;

	do {
		/* Pairs with tdx_update_ack(): see the counter reset too. */
		state = smp_load_acquire(&ctrl->state);
		if (state == seen) {
			cpu_relax();
			touch_nmi_watchdog();
			rcu_momentary_eqs();
			continue;
		}
		seen = state;
		if (state == TDX_UPDATE_DONE)
			break;
		tdx_update_step(ctrl, state, cpu);
		tdx_update_ack(ctrl, state);
	} while (true);
	return 0;
}

static u32 tdx_version(const struct tdx_sys_info *info)
{
	return (u32)(info->major_version & 0xff) << 16 |
	       (u32)(info->minor_version & 0xff) << 8 |
	       (info->update_version & 0xff);
}

/* What a failed step means for the caller and for the module. */
static int tdx_update_failed(const struct tdx_update_result *res)
{
	/* P-SEAMLDR's codes are not the module's: no name for them. */
	pr_err("tdx: module update failed at step %d on CPU %u: %s (0x%016llx)\n",
	       res->failed_state, res->failed_cpu,
	       res->failed_state == TDX_UPDATE_CPU_INSTALL ? "P-SEAMLDR error" :
	       tdx_status_name(res->status), res->status);
	if (res->failed_state == TDX_UPDATE_SHUTDOWN) {
		/* The old module still runs, untouched. */
		if (tdx_status_is(res->status, TDX_UPDATE_COMPAT_SENSITIVE) ||
		    tdx_status_busy(res->status))
			return -EBUSY;
		return -EINVAL;
	}
	/* Past the shutdown no module this code can drive serves the TDs. */
	tdx_module_lost();
	return -EIO;
}

static int tdx_update_check(const struct tdx_sys_info *info,
			    unsigned int flags)
{
	if (flags & ~TDX_UPDATE_ALLOW_COMPAT_SENSITIVE)
		return -EINVAL;
	if (!(info->features0 & TDX_FEATURES0_TD_PRESERVING))
		return -EOPNOTSUPP;
	return 0;
}

/* The lockstep itself, with the module held. */
static int tdx_update_stop_machine(const struct tdx_update_image *image,
				   const struct tdx_sys_info *info,
				   unsigned int flags,
				   struct tdx_update_result *res)
{
	struct tdx_update_ctrl *ctrl;
	int ret;

	/* Too big for the stack with the metadata copy in it. */
	ctrl = kzalloc(sizeof(*ctrl), GFP_KERNEL);
	if (!ctrl)
		return -ENOMEM;
	ctrl->image = image;
	ctrl->handoff_version = info->module_hv;
	/* As Linux does: avoid them whenever the module can tell. */
	ctrl->avoid_compat = (info->features0 & TDX_FEATURES0_UPDATE_COMPAT) &&
			     !(flags & TDX_UPDATE_ALLOW_COMPAT_SENSITIVE);
	ctrl->state = TDX_UPDATE_START;
	ctrl->result = *res;
	raw_spin_lock_init(&ctrl->lock);
	atomic_set(&ctrl->failed, 0);

	cpus_read_lock();
	/* A CPU that is not online would miss SEAMLDR.INSTALL and LP.INIT. */
	if (!cpumask_equal(cpu_online_mask, cpu_present_mask)) {
		pr_err("tdx: module update needs every CPU online\n");
		ret = -EBUSY;
	} else {
		ctrl->lead_cpu = cpumask_first(cpu_online_mask);
		ctrl->nr_cpus = num_online_cpus();
		atomic_set(&ctrl->acks, ctrl->nr_cpus);
		ret = stop_machine_cpuslocked(tdx_update_cpu, ctrl,
					      cpu_online_mask);
	}
	cpus_read_unlock();

	*res = ctrl->result;
	kfree(ctrl);
	if (ret)
		return ret;
	if (res->failed_state != TDX_UPDATE_DONE)
		return tdx_update_failed(res);
	return 0;
}

/**
 * tdx_module_update() - Replace the running TDX module, keeping its TDs.
 * @image: the new module, from tdx_update_image_alloc().
 * @flags: 0, or TDX_UPDATE_ALLOW_COMPAT_SENSITIVE.
 * @result: optional; receives which step failed where, whether the new
 *	module runs, and the versions.
 *
 * Stops the machine and walks every online CPU through the update in
 * lockstep: TDH.SYS.SHUTDOWN on one CPU, SEAMLDR.INSTALL on each CPU in
 * turn, TDH.SYS.INIT once and TDH.SYS.LP.INIT on each, TDH.SYS.UPDATE on
 * one, which then reads the new module's metadata.  Every CPU finishes a
 * step before any starts the next, and a failure on any CPU ends the
 * update for all.  Once the machine runs again, the module extensions
 * restart on the pool the old module was given.  TDs, vCPUs and their
 * pages are untouched.
 *
 * No other SEAMCALL runs meanwhile (see the top of this file).  Callers
 * may be in the middle of a multi-call sequence such as a TD build; on a
 * module with TDX_FEATURES0_UPDATE_COMPAT the shutdown refuses to cut
 * through such flows unless @flags has TDX_UPDATE_ALLOW_COMPAT_SENSITIVE.
 *
 * Context: process context; takes cpus_read_lock() and may sleep.
 *
 * Return: 0 (the new module runs); -EINVAL for unknown @flags or no
 * @image, or when the module refused to shut down for a reason retrying
 * will not change (its status is in @result); -ENODEV before
 * tdx_enable() or once a module was lost; -EOPNOTSUPP if the module
 * cannot be updated with its TDs; -EBUSY if the module refused to shut
 * down now (a compat-sensitive flow, or contention) or a CPU is offline:
 * nothing changed, retry later; -ENOMEM.  With @result->updated set, the
 * new module runs with every TD but its extensions did not restart:
 * -ENOSPC if it wants more extension memory than the old one was given,
 * -EREMOTEIO if TDH.EXT.INIT failed (tdx_ext_init_call() can retry).
 * -EIO if a step after the shutdown failed: no module this code can
 * drive runs, the TDs are lost, and only a reload of the module (a
 * reboot, on hardware) recovers; tdx_enable() fails until then.
 */
int tdx_module_update(const struct tdx_update_image *image,
		      unsigned int flags, struct tdx_update_result *result)
{
	struct tdx_update_result res = { .failed_state = TDX_UPDATE_DONE };
	const struct tdx_sys_info *info;
	int ret;

	if (!image)
		return -EINVAL;
	info = tdx_module_hold();
	if (!info) {
		ret = -ENODEV;
		goto out;
	}
	res.old_version = tdx_version(info);
	res.new_version = res.old_version;
	ret = tdx_update_check(info, flags);
	if (!ret)
		ret = tdx_update_stop_machine(image, info, flags, &res);
	if (!ret) {
		res.new_version = tdx_version(info);
		ret = tdx_ext_restart(info);
	}
	tdx_module_release();
out:
	if (result)
		*result = res;
	return ret;
}
EXPORT_SYMBOL_GPL(tdx_module_update);
