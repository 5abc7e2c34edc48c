// SPDX-License-Identifier: GPL-2.0
/*
 * A KVM-shaped tdx-core caller: bring the TDX module up, build a TD with
 * vCPUs the way arch/x86/kvm/vmx/tdx.c does, run each vCPU, update the
 * module under the running TD and run each vCPU again, tear everything
 * down, and account for every control page on the way.
 *
 * At each phase the sample asks the module who owns each page
 * (TDH.PHYMEM.PAGE.RDMD), so the account is the module's, not ours.  It
 * ends with a ledger: pages allocated, handed over, given back, stranded.
 */
#include <linux/cpu.h>
#include <linux/cpumask.h>
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/printk.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/string.h>
#include <linux/topology.h>

#include <tdx/sim.h>
#include <tdx/sys.h>
#include <tdx/tdx.h>
#include <tdx/update.h>

#include "tdx_kvm_sample.h"

#define SAMPLE_NR_VCPUS		3
#define SAMPLE_MAX_PAGES	64
#define SAMPLE_TRAIL_LEN	96

/* TD_PARAMS fields this sample sets (the module reads 1024 bytes). */
#define TD_PARAMS_MAX_VCPUS	16
#define TSC_OFFSET_FIELD	0x110000000000000AULL
#define VMCS_GUEST_RIP_FIELD	0x000000000000681EULL

struct sample_page {
	const char *role;
	int vcpu;		/* -1: a page of the TD itself */
	int idx;
	struct page *page;
	phys_addr_t pa;
	int last_type;		/* -1: with the host */
	bool handed_over;
	char trail[SAMPLE_TRAIL_LEN];
};

struct sample {
	struct tdx_td td;
	struct tdx_vp vp[SAMPLE_NR_VCPUS];
	unsigned int vp_cpu[SAMPLE_NR_VCPUS];
	int hkid;
	struct page *params;
	struct sample_page pages[SAMPLE_MAX_PAGES];
	int nr_pages;
};

static const char *sample_pt_name(u64 pt)
{
	switch (pt) {
	case TDX_PT_NDA:
		return "free";
	case TDX_PT_TDR:
		return "TDR";
	case TDX_PT_TDCX:
		return "TDCX";
	case TDX_PT_TDVPR:
		return "TDVPR";
	default:
		return "other";
	}
}

static void sample_track(struct sample *s, const char *role, int vcpu,
			 int idx, struct page *page)
{
	struct sample_page *p;

	if (WARN_ON(s->nr_pages >= SAMPLE_MAX_PAGES))
		return;
	p = &s->pages[s->nr_pages++];
	p->role = role;
	p->vcpu = vcpu;
	p->idx = idx;
	p->page = page;
	p->pa = page_to_phys(page);
	p->last_type = -1;
	strscpy(p->trail, "host", sizeof(p->trail));
}

/* Ask the module who owns each page; extend the trail where it changed. */
static void sample_observe(struct sample *s, const char *phase)
{
	u64 pt, owner, size, err;
	int i, type, moved = 0;

	for (i = 0; i < s->nr_pages; i++) {
		struct sample_page *p = &s->pages[i];
		size_t len = strlen(p->trail);

		err = tdh_phymem_page_rdmd(pfn_to_page(PHYS_PFN(p->pa)), &pt,
					   &owner, &size);
		if (err) {
			pr_err("sample: RDMD of 0x%llx failed: %s\n",
			       (u64)p->pa, tdx_status_name(err));
			continue;
		}
		type = pt == TDX_PT_NDA ? -1 : (int)pt;
		if (type == p->last_type)
			continue;
		if (type >= 0) {
			p->handed_over = true;
			snprintf(p->trail + len, sizeof(p->trail) - len,
				 " -> module:%s", sample_pt_name(pt));
		} else {
			snprintf(p->trail + len, sizeof(p->trail) - len,
				 " -> reclaimed -> host");
		}
		p->last_type = type;
		moved++;
	}
	pr_info("sample: [%s] done, %d control pages changed hands\n", phase,
		moved);
}

static int sample_key_config_fn(void *td)
{
	u64 err = tdh_mng_key_config(td);

	if (err)
		pr_err("sample: TDH.MNG.KEY.CONFIG on CPU %u: %s\n",
		       raw_smp_processor_id(), tdx_status_name(err));
	return err ? -EIO : 0;
}

/* KVM programs the TD's key on the first online CPU of every package. */
static int sample_config_key(struct tdx_td *td)
{
	int ret;

	cpus_read_lock();
	ret = tdx_on_each_package(sample_key_config_fn, td);
	cpus_read_unlock();
	return ret;
}

static int sample_create_td(struct sample *s)
{
	u64 err, ext_err;
	u8 *params;
	int i, ret;

	ret = tdx_td_alloc(&s->td);
	if (ret)
		return ret;
	sample_track(s, "TDR", -1, 0, s->td.tdr_page);
	for (i = 0; i < s->td.tdcs_nr_pages; i++)
		sample_track(s, "TDCS", -1, i, s->td.tdcs_pages[i]);

	s->hkid = tdx_guest_keyid_alloc();
	if (s->hkid < 0)
		return s->hkid;
	err = tdh_mng_create(&s->td, s->hkid);
	if (err) {
		pr_err("sample: TDH.MNG.CREATE: %s\n", tdx_status_name(err));
		tdx_guest_keyid_free(s->hkid);
		return -EIO;
	}
	ret = sample_config_key(&s->td);
	if (ret)
		return ret;
	for (i = 0; i < s->td.tdcs_nr_pages; i++) {
		err = tdh_mng_addcx(&s->td, s->td.tdcs_pages[i]);
		if (err) {
			pr_err("sample: TDH.MNG.ADDCX: %s\n",
			       tdx_status_name(err));
			return -EIO;
		}
	}

	s->params = alloc_page(GFP_KERNEL | __GFP_ZERO);
	if (!s->params)
		return -ENOMEM;
	params = page_address(s->params);
	*(u16 *)(params + TD_PARAMS_MAX_VCPUS) = SAMPLE_NR_VCPUS;
	err = tdh_mng_init(&s->td, page_to_phys(s->params), &ext_err);
	if (err) {
		pr_err("sample: TDH.MNG.INIT: %s (CPUID 0x%llx)\n",
		       tdx_status_name(err), ext_err);
		return -EIO;
	}
	return 0;
}

struct sample_vp_init {
	struct tdx_vp *vp;
	u32 x2apicid;
};

/* TDH.VP.INIT associates the vCPU with the CPU it runs on. */
static int sample_vp_init_fn(void *data)
{
	struct sample_vp_init *init = data;
	u64 err = tdh_vp_init(init->vp, 0, init->x2apicid);

	if (err)
		pr_err("sample: TDH.VP.INIT: %s\n", tdx_status_name(err));
	return err ? -EIO : 0;
}

static int sample_create_vcpus(struct sample *s)
{
	unsigned int cpu = cpumask_first(cpu_online_mask);
	struct sample_vp_init init;
	int i, j, ret;
	u64 err;

	for (i = 0; i < SAMPLE_NR_VCPUS; i++) {
		struct tdx_vp *vp = &s->vp[i];

		ret = tdx_vp_alloc(&s->td, vp);
		if (ret)
			return ret;
		sample_track(s, "TDVPR", i, 0, vp->tdvpr_page);
		for (j = 0; j < s->td.tdcx_nr_pages; j++)
			sample_track(s, "TDCX", i, j, vp->tdcx_pages[j]);

		err = tdh_vp_create(&s->td, vp);
		for (j = 0; !err && j < s->td.tdcx_nr_pages; j++)
			err = tdh_vp_addcx(vp, vp->tdcx_pages[j]);
		if (err) {
			pr_err("sample: creating vCPU %d: %s\n", i,
			       tdx_status_name(err));
			return -EIO;
		}
		/* Spread the vCPUs over the CPUs, as vCPU threads would be. */
		s->vp_cpu[i] = cpu;
		init.vp = vp;
		init.x2apicid = i;
		ret = smp_call_on_cpu(cpu, sample_vp_init_fn, &init, false);
		if (ret)
			return ret;
		cpu = cpumask_next(cpu, cpu_online_mask);
		if (cpu >= nr_cpu_ids)
			cpu = cpumask_first(cpu_online_mask);
	}
	return 0;
}

static int sample_vp_enter_fn(void *vp)
{
	struct tdx_module_args args = {};
	u64 exit = tdh_vp_enter(vp, &args);

	if (tdx_status_error(exit)) {
		pr_err("sample: TDH.VP.ENTER: %s\n", tdx_status_name(exit));
		return -EIO;
	}
	pr_info("sample: vCPU ran on CPU %u, exit reason %u\n",
		raw_smp_processor_id(), tdx_status_operand(exit));
	return 0;
}

/* Enter each vCPU once, on the CPU it is associated with. */
static int sample_enter_all(struct sample *s)
{
	int i, ret;

	for (i = 0; i < SAMPLE_NR_VCPUS; i++) {
		ret = smp_call_on_cpu(s->vp_cpu[i], sample_vp_enter_fn,
				      &s->vp[i], false);
		if (ret)
			return ret;
	}
	return 0;
}

static int sample_run(struct sample *s)
{
	u64 err, tsc_offset, rip;

	err = tdh_mr_finalize(&s->td);
	if (err) {
		pr_err("sample: TDH.MR.FINALIZE: %s\n", tdx_status_name(err));
		return -EIO;
	}
	err = tdh_mng_rd(&s->td, TSC_OFFSET_FIELD, &tsc_offset);
	if (!err)
		err = tdh_vp_wr(&s->vp[0], VMCS_GUEST_RIP_FIELD, 0xfff0, ~0ULL);
	if (!err)
		err = tdh_vp_rd(&s->vp[0], VMCS_GUEST_RIP_FIELD, &rip);
	if (err) {
		pr_err("sample: reading fields: %s\n", tdx_status_name(err));
		return -EIO;
	}
	pr_info("sample: TD TSC offset 0x%llx, vCPU 0 RIP 0x%llx\n",
		tsc_offset, rip);
	return sample_enter_all(s);
}

/*
 * The next update of the running module, as an image.  A real host gets
 * it from user space through the firmware loader; this sample runs on
 * the simulated module, which makes one: same needs, update version + 1.
 */
static struct tdx_update_image *sample_next_module(void)
{
	const struct tdx_sys_info *info = tdx_get_sysinfo();
	struct tdx_sim_module next = {
		.version = {
			.major = info->major_version,
			.minor = info->minor_version,
			.update = info->update_version + 1,
		},
		.module_hv = info->module_hv,
		.min_update_hv = info->module_hv,
		/*
		 * The metadata counts the pages missing when it was read, the
		 * pool the pages given since: the larger is the same total.
		 */
		.memory_pool_required_pages =
			max_t(u32, info->memory_pool_required_pages,
			      tdx_ext_mem_pages()),
		.ext_required = info->ext_required,
		.ext_init_units = 4,
	};
	struct tdx_update_image *image;
	size_t size;
	void *blob;

	blob = tdx_sim_image_alloc(&next, 4, &size);
	if (!blob)
		return ERR_PTR(-ENOMEM);
	image = tdx_update_image_alloc(blob, size);
	tdx_sim_image_free(blob);
	return image;
}

/* Replace the module under the running TD; the TD must not notice. */
static int sample_update(struct sample *s)
{
	struct tdx_update_result res;
	struct tdx_update_image *image;
	int ret;

	image = sample_next_module();
	if (IS_ERR(image))
		return PTR_ERR(image);
	ret = tdx_module_update(image, 0, &res);
	tdx_update_image_free(image);
	if (ret) {
		pr_err("sample: module update failed (%d) at step %d: 0x%016llx\n",
		       ret, res.failed_state, res.status);
		return ret;
	}
	pr_info("sample: module updated from %u.%u.%u to %u.%u.%u under the TD\n",
		res.old_version >> 16, (res.old_version >> 8) & 0xff,
		res.old_version & 0xff, res.new_version >> 16,
		(res.new_version >> 8) & 0xff, res.new_version & 0xff);
	return 0;
}

static int sample_vp_flush_fn(void *vp)
{
	u64 err = tdh_vp_flush(vp);

	if (err && !tdx_status_is(err, TDX_VCPU_NOT_ASSOCIATED)) {
		pr_err("sample: TDH.VP.FLUSH: %s\n", tdx_status_name(err));
		return -EIO;
	}
	return 0;
}

/*
 * TDH.PHYMEM.CACHE.WB for this CPU's package.  An interrupted call is
 * resumed with the resume flag; each interruption means the module made
 * progress through a finite cache, so the loop ends.  The bound is KVM's.
 */
static int sample_cache_wb_fn(void *unused)
{
	unsigned int calls;
	bool resume = false;
	u64 err;

	for (calls = 1; calls <= 10000; calls++) {
		err = tdh_phymem_cache_wb(resume);
		if (!tdx_status_interrupted(err))
			break;
		resume = true;
	}
	if (tdx_status_error(err)) {
		pr_err("sample: TDH.PHYMEM.CACHE.WB: %s\n", tdx_status_name(err));
		return -EIO;
	}
	pr_info("sample: cache write-back on package %u took %u calls\n",
		tdx_cpu_package(raw_smp_processor_id()), calls);
	return 0;
}

/* KVM's tdx_mmu_release_hkid(), step by step. */
static int sample_release_hkid(struct sample *s)
{
	int i, ret;
	u64 err;

	for (i = 0; i < SAMPLE_NR_VCPUS; i++) {
		ret = smp_call_on_cpu(s->vp_cpu[i], sample_vp_flush_fn,
				      &s->vp[i], false);
		if (ret)
			return ret;
	}
	err = tdh_mng_vpflushdone(&s->td);
	if (err) {
		pr_err("sample: TDH.MNG.VPFLUSHDONE: %s\n", tdx_status_name(err));
		return -EIO;
	}
	cpus_read_lock();
	ret = tdx_on_each_package(sample_cache_wb_fn, NULL);
	cpus_read_unlock();
	if (ret)
		return ret;
	err = tdh_mng_key_freeid(&s->td);
	if (err) {
		pr_err("sample: TDH.MNG.KEY.FREEID: %s\n", tdx_status_name(err));
		return -EIO;
	}
	tdx_guest_keyid_free(s->hkid);
	return 0;
}

static int sample_teardown(struct sample *s)
{
	int i, ret = 0;

	for (i = 0; i < SAMPLE_NR_VCPUS; i++)
		ret = tdx_vp_free(&s->vp[i]) ?: ret;
	ret = tdx_td_free(&s->td) ?: ret;
	if (s->params)
		__free_page(s->params);
	s->params = NULL;
	return ret;
}

static int sample_ledger(struct sample *s, struct tdx_sample_ledger *ledger)
{
	int i;

	pr_info("sample: control page ownership, as the module reported it:\n");
	for (i = 0; i < s->nr_pages; i++) {
		struct sample_page *p = &s->pages[i];
		char owner[16] = "TD";

		if (p->vcpu >= 0)
			snprintf(owner, sizeof(owner), "vCPU %d", p->vcpu);
		pr_info("sample:   %-6s %-5s %d  0x%010llx  %s\n", owner, p->role,
			p->idx, (u64)p->pa, p->trail);
		ledger->allocated++;
		ledger->handed_over += p->handed_over;
		if (p->last_type < 0)
			ledger->returned += p->handed_over;
		else
			ledger->stranded++;
	}
	pr_info("sample: ledger: %d allocated, %d handed to the module, %d returned, %d stranded, %d module update survived: %s\n",
		ledger->allocated, ledger->handed_over, ledger->returned,
		ledger->stranded, ledger->updates_survived,
		tdx_sample_ledger_balanced(ledger) ? "balanced" : "NOT BALANCED");
	return tdx_sample_ledger_balanced(ledger) ? 0 : -EIO;
}

/**
 * tdx_kvm_sample_run() - Run the sample once.
 * @ledger: filled with the closing ledger.
 *
 * Return: 0 if every step succeeded and the ledger balances, else a
 * negative errno.
 */
int tdx_kvm_sample_run(struct tdx_sample_ledger *ledger)
{
	const struct tdx_sys_info *info;
	struct sample *s;
	int ret, tret;

	memset(ledger, 0, sizeof(*ledger));
	ret = tdx_enable();
	if (ret)
		return ret;
	info = tdx_get_sysinfo();
	pr_info("sample: TDX module %u.%u.%u up: TDCS %u pages, TDVPS %u pages, %u guest key ids\n",
		info->major_version, info->minor_version, info->update_version,
		info->tdcs_base_size / (u32)PAGE_SIZE,
		info->tdvps_base_size / (u32)PAGE_SIZE,
		tdx_get_nr_guest_keyids());

	s = kzalloc(sizeof(*s), GFP_KERNEL);
	if (!s)
		return -ENOMEM;
	ret = sample_create_td(s);
	if (!ret)
		ret = sample_create_vcpus(s);
	sample_observe(s, "TD built");
	if (!ret)
		ret = sample_run(s);
	if (!ret)
		ret = sample_update(s);
	sample_observe(s, "module updated");
	if (!ret)
		ret = sample_enter_all(s);
	if (!ret)
		ledger->updates_survived++;
	if (!ret)
		ret = sample_release_hkid(s);
	sample_observe(s, "key released");
	/* One-shot free, whatever stage the TD reached. */
	tret = sample_teardown(s);
	sample_observe(s, "freed");
	tret = sample_ledger(s, ledger) ?: tret;
	kfree(s);
	return ret ?: tret;
}

static struct tdx_sample_ledger tdx_kvm_sample_ledger;
static int tdx_kvm_sample_ret = -EAGAIN;

/**
 * tdx_kvm_sample_boot_result() - What the run at boot gave.
 * @ledger: the closing ledger of that run.
 *
 * Return: the run's result, or -EAGAIN if it has not run.
 */
int tdx_kvm_sample_boot_result(struct tdx_sample_ledger *ledger)
{
	*ledger = tdx_kvm_sample_ledger;
	return tdx_kvm_sample_ret;
}

static int __init tdx_kvm_sample_init(void)
{
	tdx_kvm_sample_ret = tdx_kvm_sample_run(&tdx_kvm_sample_ledger);
	pr_info("sample: %s (%d)\n", tdx_kvm_sample_ret ? "FAILED" : "done",
		tdx_kvm_sample_ret);
	return 0;
}
module_init(tdx_kvm_sample_init);

MODULE_DESCRIPTION("KVM-shaped tdx-core sample on the TDX module");
MODULE_LICENSE("GPL");
