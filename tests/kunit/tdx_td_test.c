// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the TD and vCPU wrappers on the simulated module: full
 * lifecycles, the module's answers to calls in the wrong order, and
 * contention.
 */
#include <kunit/test.h>
#include <linux/cpumask.h>
#include <linux/mm.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/string.h>

#include "tdx_test.h"

#define TSC_OFFSET_FIELD	0x110000000000000AULL
#define NOTIFY_ENABLES_FIELD	0x9100000000000010ULL
#define NO_SUCH_TD_FIELD	0x1100000000000FFFULL
#define VMCS_GUEST_RIP_FIELD	0x000000000000681EULL

static int tdx_td_test_init(struct kunit *test)
{
	struct tdx_test_td *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);

	if (!t)
		return -ENOMEM;
	t->nr_vps = 2;
	test->priv = t;
	return tdx_test_up(test, NULL);
}

static void tdx_td_test_exit(struct kunit *test)
{
	tdx_test_free(test->priv);
	tdx_test_down(test);
}

static void expect_page(struct kunit *test, struct page *page,
			unsigned int type, phys_addr_t owner)
{
	phys_addr_t got_owner;
	unsigned int got_type;
	u64 pt, own, size;

	KUNIT_ASSERT_EQ(test, tdx_sim_page_owner(page_to_phys(page), &got_type,
						 &got_owner), 0);
	KUNIT_EXPECT_EQ(test, got_type, type);
	KUNIT_EXPECT_EQ(test, (u64)got_owner, (u64)owner);
	/* The module's own view through TDH.PHYMEM.PAGE.RDMD agrees. */
	KUNIT_EXPECT_EQ(test, tdh_phymem_page_rdmd(page, &pt, &own, &size),
			TDX_SUCCESS);
	KUNIT_EXPECT_EQ(test, pt, (u64)type);
	KUNIT_EXPECT_EQ(test, own, (u64)owner);
	KUNIT_EXPECT_EQ(test, size, 0ULL);
}

static void tdx_td_full_lifecycle(struct kunit *test)
{
	struct tdx_test_td *t = test->priv;
	phys_addr_t tdr;
	u64 data;
	int i;

	KUNIT_ASSERT_EQ(test, tdx_test_build(t, TDX_STEP_ALL), 0);
	tdr = page_to_phys(t->td.tdr_page);
	expect_page(test, t->td.tdr_page, TDX_PT_TDR, 0);
	for (i = 0; i < t->td.tdcs_nr_pages; i++)
		expect_page(test, t->td.tdcs_pages[i], TDX_PT_TDCX, tdr);
	expect_page(test, t->vp[1].tdvpr_page, TDX_PT_TDVPR, tdr);
	expect_page(test, t->vp[1].tdcx_pages[0], TDX_PT_TDCX, tdr);
	KUNIT_EXPECT_EQ(test, t->td.tdcs_given, 0x3FULL);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->td.nr_vps), 2);
	KUNIT_EXPECT_TRUE(test, t->vp[0].associated);

	KUNIT_EXPECT_EQ(test, tdh_mng_rd(&t->td, TSC_OFFSET_FIELD, &data),
			TDX_SUCCESS);
	KUNIT_EXPECT_NE(test, data, 0ULL);
	KUNIT_EXPECT_EQ(test, tdh_mng_wr(&t->td, TSC_OFFSET_FIELD, 1, ~0ULL),
			TDX_METADATA_FIELD_NOT_WRITABLE | TDX_OPERAND_ID_RDX);
	KUNIT_EXPECT_EQ(test, tdh_mng_rd(&t->td, NO_SUCH_TD_FIELD, &data),
			TDX_METADATA_FIELD_ID_INCORRECT | TDX_OPERAND_ID_RDX);
	KUNIT_EXPECT_EQ(test, data, 0ULL);
	KUNIT_EXPECT_EQ(test, tdh_mng_wr(&t->td, NOTIFY_ENABLES_FIELD, 1, 1),
			TDX_SUCCESS);
	KUNIT_EXPECT_EQ(test, tdh_mng_rd(&t->td, NOTIFY_ENABLES_FIELD, &data),
			TDX_SUCCESS);
	KUNIT_EXPECT_EQ(test, data, 1ULL);
	KUNIT_EXPECT_EQ(test, tdh_vp_wr(&t->vp[0], VMCS_GUEST_RIP_FIELD,
					0xfff0, ~0ULL), TDX_SUCCESS);
	KUNIT_EXPECT_EQ(test, tdh_vp_rd(&t->vp[0], VMCS_GUEST_RIP_FIELD, &data),
			TDX_SUCCESS);
	KUNIT_EXPECT_EQ(test, data, 0xfff0ULL);
	/* A masked write changes only the masked bits. */
	KUNIT_EXPECT_EQ(test, tdh_vp_wr(&t->vp[0], VMCS_GUEST_RIP_FIELD,
					0x000f, 0x00ff), TDX_SUCCESS);
	KUNIT_EXPECT_EQ(test, tdh_vp_rd(&t->vp[0], VMCS_GUEST_RIP_FIELD, &data),
			TDX_SUCCESS);
	KUNIT_EXPECT_EQ(test, data, 0xff0fULL);

	KUNIT_EXPECT_EQ(test, tdx_test_free(t), 0);
	tdx_test_expect_balanced(test, 0);
}

static int flush_on_cpu(void *data)
{
	return tdh_vp_flush(data) ? -EIO : 0;
}

static int cache_wb_on_cpu(void *data)
{
	u64 err = tdh_phymem_cache_wb(false);

	while (tdx_status_interrupted(err))
		err = tdh_phymem_cache_wb(true);
	return tdx_status_error(err) ? -EIO : 0;
}

/*
 * The release sequence issued wrapper by wrapper, as KVM does, with the
 * module's answer to each step taken too early.
 */
static void tdx_td_teardown_order(struct kunit *test)
{
	struct tdx_test_td *t = test->priv;
	u64 pt, owner, size;
	unsigned int cpu;
	int i;

	KUNIT_ASSERT_EQ(test, tdx_test_build(t, TDX_STEP_ALL), 0);

	KUNIT_EXPECT_EQ(test, tdh_mng_key_freeid(&t->td),
			TDX_LIFECYCLE_STATE_INCORRECT);
	KUNIT_EXPECT_EQ(test, tdh_phymem_page_reclaim(t->td.tdcs_pages[0], &pt,
						      &owner, &size),
			TDX_LIFECYCLE_STATE_INCORRECT);
	/* RECLAIM reports what it found even when it refuses. */
	KUNIT_EXPECT_EQ(test, pt, (u64)TDX_PT_TDCX);
	KUNIT_EXPECT_EQ(test, owner, (u64)page_to_phys(t->td.tdr_page));
	KUNIT_EXPECT_EQ(test, tdh_mng_vpflushdone(&t->td), TDX_FLUSHVP_NOT_DONE);

	/* VP.FLUSH only works on the CPU the vCPU is associated with. */
	cpu = cpumask_next(t->vp[0].assoc_cpu, cpu_online_mask);
	if (cpu < nr_cpu_ids)
		KUNIT_EXPECT_EQ(test, smp_call_on_cpu(cpu, flush_on_cpu,
						      &t->vp[0], false), -EIO);
	for (i = 0; i < t->nr_vps; i++)
		KUNIT_EXPECT_EQ(test, smp_call_on_cpu(t->vp[i].assoc_cpu,
						      flush_on_cpu, &t->vp[i],
						      false), 0);
	KUNIT_EXPECT_EQ(test, tdh_phymem_cache_wb(true),
			TDX_WBCACHE_RESUME_ERROR);
	KUNIT_EXPECT_EQ(test, tdh_phymem_cache_wb(false),
			TDX_NO_HKID_READY_TO_WBCACHE);
	KUNIT_EXPECT_EQ(test, tdh_mng_vpflushdone(&t->td), TDX_SUCCESS);
	KUNIT_EXPECT_EQ(test, tdh_mng_vpflushdone(&t->td),
			TDX_LIFECYCLE_STATE_INCORRECT);
	KUNIT_EXPECT_EQ(test, tdh_mng_key_freeid(&t->td),
			TDX_WBCACHE_NOT_COMPLETE);
	/* One package written back is not enough. */
	if (tdx_nr_packages() > 1) {
		KUNIT_EXPECT_EQ(test, smp_call_on_cpu(0, cache_wb_on_cpu, NULL,
						      false), 0);
		KUNIT_EXPECT_EQ(test, tdh_mng_key_freeid(&t->td),
				TDX_WBCACHE_NOT_COMPLETE);
	}
	for_each_online_cpu(cpu)
		KUNIT_EXPECT_EQ(test, smp_call_on_cpu(cpu, cache_wb_on_cpu,
						      NULL, false), 0);
	KUNIT_EXPECT_EQ(test, tdh_mng_key_freeid(&t->td), TDX_SUCCESS);
	KUNIT_EXPECT_EQ(test, t->td.key_state, TDX_TD_KEY_RELEASED);
	tdx_guest_keyid_free(t->hkid);

	/* The TDR goes last: its TD still has pages. */
	KUNIT_EXPECT_EQ(test, tdh_phymem_page_reclaim(t->td.tdr_page, &pt,
						      &owner, &size),
			TDX_TD_ASSOCIATED_PAGES_EXIST);
	KUNIT_EXPECT_EQ(test, tdh_phymem_page_wbinvd_tdr(&t->td),
			TDX_PAGE_METADATA_INCORRECT | TDX_OPERAND_ID_RCX);

	/* The one-shot helpers finish from here. */
	KUNIT_EXPECT_EQ(test, tdx_test_free(t), 0);
	tdx_test_expect_balanced(test, 0);
}

static u64 key_config_status;

static int key_config_on_cpu(void *td)
{
	key_config_status = tdh_mng_key_config(td);
	return 0;
}

/* The module's answer to each step of a build taken out of order. */
static void tdx_td_build_order(struct kunit *test)
{
	struct tdx_test_td *t = test->priv;
	struct tdx_module_args args = {};
	u64 ext_err;

	KUNIT_ASSERT_EQ(test, tdx_test_build(t, TDX_STEP_CREATE), 0);
	KUNIT_EXPECT_EQ(test, tdh_mng_addcx(&t->td, t->td.tdcs_pages[0]),
			TDX_TD_KEYS_NOT_CONFIGURED);
	/* Once per package: a repeat is a warning while others are left. */
	if (tdx_nr_packages() > 1) {
		smp_call_on_cpu(0, key_config_on_cpu, &t->td, false);
		KUNIT_EXPECT_EQ(test, key_config_status, TDX_SUCCESS);
		smp_call_on_cpu(0, key_config_on_cpu, &t->td, false);
		KUNIT_EXPECT_EQ(test, key_config_status, TDX_KEY_CONFIGURED);
	}
	KUNIT_ASSERT_EQ(test, tdx_test_build(t, TDX_STEP_KEY_CONFIG), 0);
	/* The module checks the lifecycle first: keys are all configured. */
	KUNIT_EXPECT_EQ(test, tdh_mng_key_config(&t->td),
			TDX_LIFECYCLE_STATE_INCORRECT);
	KUNIT_EXPECT_EQ(test, tdh_mng_init(&t->td, page_to_phys(t->params),
					   &ext_err), TDX_TDCS_NOT_ALLOCATED);
	KUNIT_ASSERT_EQ(test, tdx_test_build(t, TDX_STEP_ADDCX), 0);
	/*
	 * A 7th page would be accepted (up to 9) before TDH.MNG.INIT: the
	 * module checks the count (6 < 9), then the page, which the TD holds
	 * already, then the op-state (UNINITIALIZED).
	 */
	KUNIT_EXPECT_EQ(test, tdh_mng_addcx(&t->td, t->td.tdcs_pages[0]),
			TDX_PAGE_METADATA_INCORRECT | TDX_OPERAND_ID_RCX);

	KUNIT_ASSERT_EQ(test, tdx_vp_alloc(&t->td, &t->vp[0]), 0);
	KUNIT_EXPECT_EQ(test, tdh_vp_create(&t->td, &t->vp[0]),
			TDX_OP_STATE_INCORRECT);
	KUNIT_EXPECT_EQ(test, tdh_mr_finalize(&t->td), TDX_OP_STATE_INCORRECT);
	KUNIT_EXPECT_EQ(test, tdx_vp_free(&t->vp[0]), 0);

	KUNIT_ASSERT_EQ(test, tdx_test_build(t, TDX_STEP_VP_CREATE), 0);
	/* Created is not initialised: the TD has no vCPU to run yet. */
	KUNIT_EXPECT_EQ(test, tdh_mr_finalize(&t->td), TDX_NO_VCPUS);
	KUNIT_EXPECT_EQ(test, tdh_vp_init(&t->vp[0], 0, 0), TDX_TDCX_NUM_INCORRECT);
	KUNIT_ASSERT_EQ(test, tdx_test_build(t, TDX_STEP_VP_INIT), 0);
	KUNIT_EXPECT_EQ(test, tdh_vp_addcx(&t->vp[0], t->vp[0].tdcx_pages[0]),
			TDX_VCPU_STATE_INCORRECT);
	KUNIT_EXPECT_EQ(test, tdh_vp_init(&t->vp[0], 0, 7), TDX_VCPU_STATE_INCORRECT);
	KUNIT_EXPECT_EQ(test, tdh_vp_enter(&t->vp[0], &args),
			TDX_OP_STATE_INCORRECT);
	KUNIT_ASSERT_EQ(test, tdx_test_build(t, TDX_STEP_ALL), 0);
	KUNIT_EXPECT_EQ(test, tdx_test_free(t), 0);
	tdx_test_expect_balanced(test, 0);
}

/*
 * Replace the fixture's TD handle by one set up by hand, the way KVM
 * does: @nr TDCS pages (6 plus one per L2 VM) and 5 TDCX pages per vCPU.
 */
static void hand_built_td(struct kunit *test, struct tdx_test_td *t, int nr)
{
	struct tdx_td *td = &t->td;
	int i;

	KUNIT_ASSERT_EQ(test, tdx_test_build(t, TDX_STEP_ALLOC), 0);
	KUNIT_ASSERT_EQ(test, tdx_td_free(td), 0);
	td->tdr_page = alloc_page(GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, td->tdr_page);
	td->tdcs_pages = kcalloc(nr, sizeof(*td->tdcs_pages), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, td->tdcs_pages);
	td->tdcs_nr_pages = nr;
	for (i = 0; i < nr; i++) {
		td->tdcs_pages[i] = alloc_page(GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, td->tdcs_pages[i]);
	}
	td->tdcx_nr_pages = 5;
}

/* TDCS pages 7 to 9 are taken while the op-state is UNINITIALIZED. */
static void tdx_td_nine_tdcs_pages(struct kunit *test)
{
	struct tdx_test_td *t = test->priv;
	struct tdx_td *td = &t->td;
	int i;

	hand_built_td(test, t, TDX_MAX_TDCS_PAGES);
	KUNIT_ASSERT_EQ(test, tdx_test_build(t, TDX_STEP_KEY_CONFIG), 0);
	for (i = 0; i < TDX_MAX_TDCS_PAGES; i++)
		KUNIT_EXPECT_EQ(test, tdh_mng_addcx(td, td->tdcs_pages[i]),
				TDX_SUCCESS);
	expect_page(test, td->tdcs_pages[8], TDX_PT_TDCX,
		    page_to_phys(td->tdr_page));
	/* At most 9: the count is checked before the page. */
	KUNIT_EXPECT_EQ(test, tdh_mng_addcx(td, td->tdcs_pages[0]),
			TDX_TDCX_NUM_INCORRECT);
	/* Without L2 VMs the extra pages are simply spare. */
	KUNIT_ASSERT_EQ(test, tdx_test_build(t, TDX_STEP_ALL), 0);
	KUNIT_EXPECT_EQ(test, tdx_test_free(t), 0);
	tdx_test_expect_balanced(test, 0);
}

/* Past the base count, TDCS pages are refused once MNG.INIT ran. */
static void tdx_td_tdcs_pages_after_init(struct kunit *test)
{
	struct tdx_test_td *t = test->priv;
	struct tdx_td *td = &t->td;
	u8 *params;
	u64 ext_err;
	int i;

	hand_built_td(test, t, TDX_MAX_TDCS_PAGES);
	KUNIT_ASSERT_EQ(test, tdx_test_build(t, TDX_STEP_KEY_CONFIG), 0);
	for (i = 0; i < 7; i++)
		KUNIT_EXPECT_EQ(test, tdh_mng_addcx(td, td->tdcs_pages[i]),
				TDX_SUCCESS);
	/* TD_PARAMS.NUM_L2_VMS (byte 18): each L2 VM needs one more page. */
	params = page_address(t->params);
	params[18] = 4;
	KUNIT_EXPECT_EQ(test, tdh_mng_init(td, page_to_phys(t->params),
					   &ext_err),
			TDX_OPERAND_INVALID | 71);
	params[18] = 2;
	KUNIT_EXPECT_EQ(test, tdh_mng_init(td, page_to_phys(t->params),
					   &ext_err), TDX_TDCS_NOT_ALLOCATED);
	params[18] = 0;
	KUNIT_EXPECT_EQ(test, tdh_mng_init(td, page_to_phys(t->params),
					   &ext_err), TDX_SUCCESS);
	t->done = TDX_STEP_INIT;
	KUNIT_EXPECT_EQ(test, tdh_mng_addcx(td, td->tdcs_pages[7]),
			TDX_OP_STATE_INCORRECT);
	expect_page(test, td->tdcs_pages[7], TDX_PT_NDA, 0);
	KUNIT_EXPECT_EQ(test, td->tdcs_given, 0x7FULL);
	/* tdx_td_free() reclaims the 7 pages given and frees the 2 others. */
	KUNIT_EXPECT_EQ(test, tdx_test_free(t), 0);
	tdx_test_expect_balanced(test, 0);
}

/* A vCPU takes TDCX pages past the base count, up to 15 TDVPS pages. */
static void tdx_td_vp_addcx_max(struct kunit *test)
{
	struct tdx_test_td *t = test->priv;
	phys_addr_t tdr;

	t->nr_vps = 1;
	KUNIT_ASSERT_EQ(test, tdx_test_build(t, TDX_STEP_INIT), 0);
	/* The TDVPR plus 14 TDCX pages: the module's maximum. */
	t->td.tdcx_nr_pages = TDX_MAX_TDCX_PAGES;
	KUNIT_ASSERT_EQ(test, tdx_test_build(t, TDX_STEP_VP_ADDCX), 0);
	tdr = page_to_phys(t->td.tdr_page);
	expect_page(test, t->vp[0].tdcx_pages[TDX_MAX_TDCX_PAGES - 1],
		    TDX_PT_TDCX, tdr);
	/* A 16th page: the count is checked before the page. */
	KUNIT_EXPECT_EQ(test, tdh_vp_addcx(&t->vp[0], t->vp[0].tdcx_pages[0]),
			TDX_TDCX_NUM_INCORRECT);
	KUNIT_ASSERT_EQ(test, tdx_test_build(t, TDX_STEP_ALL), 0);
	KUNIT_EXPECT_EQ(test, tdx_test_free(t), 0);
	tdx_test_expect_balanced(test, 0);
}

/* MNG.KEY.CONFIG runs PCONFIG under the KET lock, after its state checks. */
static void tdx_td_key_config_ket_busy(struct kunit *test)
{
	struct tdx_test_td *t = test->priv;

	KUNIT_ASSERT_EQ(test, tdx_test_build(t, TDX_STEP_CREATE), 0);
	KUNIT_ASSERT_EQ(test, tdx_sim_hold_lock(TDX_SIM_LOCK_KET, 0, true), 0);
	smp_call_on_cpu(0, key_config_on_cpu, &t->td, false);
	KUNIT_EXPECT_EQ(test, key_config_status,
			TDX_OPERAND_BUSY | TDX_OPERAND_ID_KET);
	tdx_sim_release_lock(TDX_SIM_LOCK_KET, 0);
	/* Nothing happened: the call works now, and on every package. */
	KUNIT_ASSERT_EQ(test, tdx_test_build(t, TDX_STEP_KEY_CONFIG), 0);
	/* The lifecycle is checked before the lock is taken. */
	KUNIT_ASSERT_EQ(test, tdx_sim_hold_lock(TDX_SIM_LOCK_KET, 0, true), 0);
	KUNIT_EXPECT_EQ(test, tdh_mng_key_config(&t->td),
			TDX_LIFECYCLE_STATE_INCORRECT);
	tdx_sim_release_lock(TDX_SIM_LOCK_KET, 0);
	KUNIT_ASSERT_EQ(test, tdx_test_build(t, TDX_STEP_ALL), 0);
	KUNIT_EXPECT_EQ(test, tdx_test_free(t), 0);
	tdx_test_expect_balanced(test, 0);
}

static void tdx_td_create_errors(struct kunit *test)
{
	struct tdx_test_td *t = test->priv;
	struct tdx_td other = {};
	struct page *own_tdr;
	u32 first, nr;
	int hkid;

	KUNIT_ASSERT_EQ(test, tdx_test_build(t, TDX_STEP_ALLOC), 0);
	KUNIT_ASSERT_EQ(test, tdx_td_alloc(&other), 0);
	hkid = tdx_guest_keyid_alloc();
	KUNIT_ASSERT_GT(test, hkid, 0);
	first = hkid - 1;
	nr = tdx_get_nr_guest_keyids() + 1;

	/* The global key id is reserved for the module. */
	KUNIT_EXPECT_EQ(test, tdh_mng_create(&t->td, first), TDX_HKID_NOT_FREE);
	KUNIT_EXPECT_EQ(test, tdh_mng_create(&t->td, first + nr),
			TDX_OPERAND_INVALID | TDX_OPERAND_ID_RDX);
	KUNIT_EXPECT_EQ(test, tdh_mng_create(&t->td, hkid), TDX_SUCCESS);
	t->hkid = hkid;
	t->done = TDX_STEP_CREATE;
	KUNIT_EXPECT_EQ(test, tdh_mng_create(&other, hkid), TDX_HKID_NOT_FREE);
	/* A page the module holds cannot become a second TD's root. */
	own_tdr = other.tdr_page;
	other.tdr_page = t->td.tdr_page;
	hkid = tdx_guest_keyid_alloc();
	KUNIT_EXPECT_EQ(test, tdh_mng_create(&other, hkid),
			TDX_PAGE_METADATA_INCORRECT | TDX_OPERAND_ID_RCX);
	tdx_guest_keyid_free(hkid);
	other.tdr_page = own_tdr;
	KUNIT_EXPECT_EQ(test, tdx_td_free(&other), 0);
	KUNIT_EXPECT_EQ(test, tdx_test_free(t), 0);
	tdx_test_expect_balanced(test, 0);
}

static void tdx_td_init_bad_params(struct kunit *test)
{
	struct tdx_test_td *t = test->priv;
	u64 ext_err, err;

	KUNIT_ASSERT_EQ(test, tdx_test_build(t, TDX_STEP_ADDCX), 0);
	*(u16 *)((u8 *)page_address(t->params) + TDX_TEST_PARAMS_MAX_VCPUS) = 0;
	err = tdh_mng_init(&t->td, page_to_phys(t->params), &ext_err);
	KUNIT_EXPECT_TRUE(test, tdx_status_is(err, TDX_OPERAND_INVALID));
	KUNIT_EXPECT_EQ(test, tdx_status_operand(err), 68U);
	KUNIT_EXPECT_EQ(test, tdx_test_free(t), 0);
	tdx_test_expect_balanced(test, 0);
}

/* Guest memory: Secure-EPT, page add/aug, block, track, remove. */
static void tdx_td_guest_memory(struct kunit *test)
{
	static const enum pg_level link_level[] = {
		PG_LEVEL_512G, PG_LEVEL_1G, PG_LEVEL_2M,
	};
	static const u64 link_bytes[] = { SZ_512G, SZ_1G, SZ_2M };
	struct tdx_test_td *t = test->priv;
	struct page *sept[4], *src, *guest, *aug;
	u64 e1, e2, pt, owner, size, err;
	const u64 gpa = 0x80000000ULL;
	int i;

	KUNIT_ASSERT_EQ(test, tdx_test_build(t, TDX_STEP_VP_INIT), 0);
	src = alloc_page(GFP_KERNEL | __GFP_ZERO);
	guest = alloc_page(GFP_KERNEL);
	aug = alloc_page(GFP_KERNEL);
	KUNIT_ASSERT_TRUE(test, src && guest && aug);
	for (i = 0; i < 4; i++) {
		sept[i] = alloc_page(GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, sept[i]);
	}

	err = tdh_mem_page_add(&t->td, gpa, page_to_pfn(guest), src, &e1, &e2);
	KUNIT_EXPECT_TRUE(test, tdx_status_is(err, TDX_EPT_WALK_FAILED));
	err = tdh_mem_sept_add(&t->td, gpa, PG_LEVEL_2M, sept[3], &e1, &e2);
	KUNIT_EXPECT_TRUE(test, tdx_status_is(err, TDX_EPT_WALK_FAILED));
	/*
	 * Link the tables from the top (the root is in the TDCS).  The GPA
	 * names the entry: it is aligned to the size that entry maps.
	 */
	for (i = 0; i < 3; i++) {
		err = tdh_mem_sept_add(&t->td, round_down(gpa, link_bytes[i]),
				       link_level[i], sept[i], &e1, &e2);
		KUNIT_EXPECT_EQ(test, err, TDX_SUCCESS);
	}
	/* The entry links a table already: the wrong state for SEPT.ADD. */
	err = tdh_mem_sept_add(&t->td, gpa, PG_LEVEL_2M, sept[3], &e1, &e2);
	KUNIT_EXPECT_TRUE(test, tdx_status_is(err,
					      TDX_EPT_ENTRY_STATE_INCORRECT));
	expect_page(test, sept[3], TDX_PT_NDA, 0);
	__free_page(sept[3]);
	expect_page(test, sept[2], TDX_PT_EPT, page_to_phys(t->td.tdr_page));

	KUNIT_EXPECT_EQ(test, tdh_mem_page_add(&t->td, gpa, page_to_pfn(guest),
					       src, &e1, &e2), TDX_SUCCESS);
	expect_page(test, guest, TDX_PT_REG, page_to_phys(t->td.tdr_page));
	for (i = 0; i < PAGE_SIZE / TDX_EXTENDMR_CHUNKSIZE; i++) {
		err = tdh_mr_extend(&t->td, gpa + i * TDX_EXTENDMR_CHUNKSIZE,
				    &e1, &e2);
		KUNIT_EXPECT_EQ(test, err, TDX_SUCCESS);
	}
	KUNIT_EXPECT_EQ(test, tdh_mr_finalize(&t->td), TDX_SUCCESS);
	/* After finalisation pages come in zeroed, with PAGE.AUG. */
	KUNIT_EXPECT_EQ(test, tdh_mem_page_aug(&t->td, gpa + PAGE_SIZE,
					       PG_LEVEL_4K, page_to_pfn(aug),
					       &e1, &e2), TDX_SUCCESS);

	err = tdh_mem_page_remove(&t->td, gpa, PG_LEVEL_4K, &e1, &e2);
	KUNIT_EXPECT_TRUE(test, tdx_status_is(err, TDX_GPA_RANGE_NOT_BLOCKED));
	KUNIT_EXPECT_EQ(test, tdh_mem_range_block(&t->td, gpa, PG_LEVEL_4K,
						  &e1, &e2), TDX_SUCCESS);
	err = tdh_mem_range_block(&t->td, gpa, PG_LEVEL_4K, &e1, &e2);
	KUNIT_EXPECT_TRUE(test, tdx_status_is(err, TDX_GPA_RANGE_ALREADY_BLOCKED));
	KUNIT_EXPECT_FALSE(test, tdx_status_error(err));
	err = tdh_mem_page_remove(&t->td, gpa, PG_LEVEL_4K, &e1, &e2);
	KUNIT_EXPECT_TRUE(test, tdx_status_is(err, TDX_TLB_TRACKING_NOT_DONE));
	KUNIT_EXPECT_EQ(test, tdh_mem_track(&t->td), TDX_SUCCESS);
	KUNIT_EXPECT_EQ(test, tdh_mem_page_remove(&t->td, gpa, PG_LEVEL_4K,
						  &e1, &e2), TDX_SUCCESS);
	expect_page(test, guest, TDX_PT_NDA, 0);
	KUNIT_EXPECT_EQ(test, tdh_phymem_page_wbinvd_hkid(t->hkid,
							  page_to_pfn(guest)),
			TDX_SUCCESS);
	__free_page(guest);

	/* Pages still mapped come back only after the key is released. */
	KUNIT_EXPECT_EQ(test, tdx_vp_free(&t->vp[0]), 0);
	KUNIT_EXPECT_EQ(test, tdx_vp_free(&t->vp[1]), 0);
	KUNIT_EXPECT_EQ(test, tdx_td_release_key(&t->td), 0);
	KUNIT_EXPECT_EQ(test, tdh_phymem_page_reclaim(aug, &pt, &owner, &size),
			TDX_SUCCESS);
	KUNIT_EXPECT_EQ(test, pt, (u64)TDX_PT_REG);
	for (i = 2; i >= 0; i--)
		KUNIT_EXPECT_EQ(test, tdh_phymem_page_reclaim(sept[i], &pt,
							      &owner, &size),
				TDX_SUCCESS);
	for (i = 0; i < 3; i++)
		__free_page(sept[i]);
	__free_page(aug);
	__free_page(src);
	KUNIT_EXPECT_EQ(test, tdx_test_free(t), 0);
	tdx_test_expect_balanced(test, 0);
}

/* Secure-EPT pages the caller forgets keep the TDR with the module. */
static void tdx_td_forgotten_sept_page(struct kunit *test)
{
	struct tdx_test_td *t = test->priv;
	unsigned long warns;
	struct page *sept;
	u64 e1, e2;

	KUNIT_ASSERT_EQ(test, tdx_test_build(t, TDX_STEP_INIT), 0);
	sept = alloc_page(GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, sept);
	KUNIT_EXPECT_EQ(test, tdh_mem_sept_add(&t->td, 0, PG_LEVEL_512G, sept,
					       &e1, &e2), TDX_SUCCESS);
	warns = tdx_test_env_warnings();
	/* TDCS pages come back; the TDR cannot while its child remains. */
	KUNIT_EXPECT_EQ(test, tdx_test_free(t), -EIO);
	tdx_test_expect_warnings(test, warns, 1);
	tdx_test_expect_balanced(test, 2);
}

/* Another logical processor inside a SEAMCALL holds a lock: BUSY. */
static void tdx_td_contention(struct kunit *test)
{
	struct tdx_test_td *t = test->priv;
	u64 tdr, e1, e2;
	struct page *page;

	KUNIT_ASSERT_EQ(test, tdx_test_build(t, TDX_STEP_KEY_CONFIG), 0);
	tdr = page_to_phys(t->td.tdr_page);

	KUNIT_ASSERT_EQ(test, tdx_sim_hold_lock(TDX_SIM_LOCK_PAGE, tdr, true), 0);
	KUNIT_EXPECT_EQ(test, tdh_mng_addcx(&t->td, t->td.tdcs_pages[0]),
			TDX_OPERAND_BUSY | TDX_OPERAND_ID_RDX);
	KUNIT_EXPECT_EQ(test, t->td.tdcs_given, 0ULL);
	tdx_sim_release_lock(TDX_SIM_LOCK_PAGE, tdr);

	page = t->td.tdcs_pages[0];
	KUNIT_ASSERT_EQ(test, tdx_sim_hold_lock(TDX_SIM_LOCK_PAGE,
						page_to_phys(page), false), 0);
	KUNIT_EXPECT_EQ(test, tdh_mng_addcx(&t->td, page),
			TDX_OPERAND_BUSY | TDX_OPERAND_ID_RCX);
	tdx_sim_release_lock(TDX_SIM_LOCK_PAGE, page_to_phys(page));
	/* Nothing happened: the same call now succeeds. */
	KUNIT_EXPECT_EQ(test, tdh_mng_addcx(&t->td, page), TDX_SUCCESS);

	KUNIT_ASSERT_EQ(test, tdx_test_build(t, TDX_STEP_FINALIZE), 0);
	page = alloc_page(GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, page);
	KUNIT_ASSERT_EQ(test, tdx_sim_hold_lock(TDX_SIM_LOCK_SEPT, tdr, true), 0);
	KUNIT_EXPECT_EQ(test, tdh_mem_sept_add(&t->td, 0, PG_LEVEL_1G, page,
					       &e1, &e2),
			TDX_OPERAND_BUSY | TDX_OPERAND_ID_SEPT);
	tdx_sim_release_lock(TDX_SIM_LOCK_SEPT, tdr);
	__free_page(page);

	KUNIT_ASSERT_EQ(test, tdx_sim_hold_lock(TDX_SIM_LOCK_EPOCH, tdr, true), 0);
	KUNIT_EXPECT_EQ(test, tdh_mem_track(&t->td),
			TDX_OPERAND_BUSY | TDX_OPERAND_ID_TD_EPOCH);
	tdx_sim_release_lock(TDX_SIM_LOCK_EPOCH, tdr);

	/* Key release while another CPU holds the key table: try again. */
	KUNIT_ASSERT_EQ(test, tdx_sim_hold_lock(TDX_SIM_LOCK_KOT, 0, true), 0);
	KUNIT_EXPECT_EQ(test, tdx_td_release_key(&t->td), -EBUSY);
	tdx_sim_release_lock(TDX_SIM_LOCK_KOT, 0);
	KUNIT_EXPECT_EQ(test, t->td.key_state, TDX_TD_KEY_ASSIGNED);
	KUNIT_EXPECT_EQ(test, tdx_test_free(t), 0);
	tdx_test_expect_balanced(test, 0);
}

static struct kunit_case tdx_td_test_cases[] = {
	KUNIT_CASE(tdx_td_full_lifecycle),
	KUNIT_CASE(tdx_td_teardown_order),
	KUNIT_CASE(tdx_td_build_order),
	KUNIT_CASE(tdx_td_create_errors),
	KUNIT_CASE(tdx_td_init_bad_params),
	KUNIT_CASE(tdx_td_guest_memory),
	KUNIT_CASE(tdx_td_forgotten_sept_page),
	KUNIT_CASE(tdx_td_contention),
	KUNIT_CASE(tdx_td_nine_tdcs_pages),
	KUNIT_CASE(tdx_td_tdcs_pages_after_init),
	KUNIT_CASE(tdx_td_vp_addcx_max),
	KUNIT_CASE(tdx_td_key_config_ket_busy),
	{}
};

static struct kunit_suite tdx_td_test_suite = {
	.name = "tdx_td",
	.init = tdx_td_test_init,
	.exit = tdx_td_test_exit,
	.test_cases = tdx_td_test_cases,
};

kunit_test_suite(tdx_td_test_suite);
