// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for bad input: every misuse gets a defined error, a warning
 * where the kernel would warn, and loses nothing.
 */
#include <kunit/test.h>
#include <linux/mm.h>
#include <linux/slab.h>

#include "tdx_test.h"

struct tdx_bad_ctx {
	struct tdx_test_td t;
	unsigned long warns;
	u64 calls;
};

static int tdx_bad_init(struct kunit *test)
{
	struct tdx_bad_ctx *ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);

	if (!ctx)
		return -ENOMEM;
	ctx->t.nr_vps = 1;
	test->priv = ctx;
	return tdx_test_up(test, NULL);
}

static void tdx_bad_exit(struct kunit *test)
{
	struct tdx_bad_ctx *ctx = test->priv;

	tdx_test_free(&ctx->t);
	tdx_test_down(test);
}

/* Start counting warnings and SEAMCALLs. */
static void mark(struct tdx_bad_ctx *ctx)
{
	ctx->warns = tdx_test_env_warnings();
	ctx->calls = tdx_sim_calls(TDX_SIM_ANY_LEAF);
}

/* Refused before the module: @warns warnings, no SEAMCALL. */
static void expect_refused(struct kunit *test, unsigned long warns)
{
	struct tdx_bad_ctx *ctx = test->priv;

	tdx_test_expect_warnings(test, ctx->warns, warns);
	KUNIT_EXPECT_EQ(test, tdx_sim_calls(TDX_SIM_ANY_LEAF), ctx->calls);
}

static void tdx_bad_null_handles(struct kunit *test)
{
	struct tdx_bad_ctx *ctx = test->priv;
	struct tdx_module_args args = {};
	struct tdx_td half = {};
	struct tdx_vp vhalf = {};
	u64 data, e1, e2;

	mark(ctx);
	KUNIT_EXPECT_EQ(test, tdh_mng_create(NULL, 1), TDX_SW_BAD_INPUT);
	KUNIT_EXPECT_EQ(test, tdh_mng_create(&half, 1), TDX_SW_BAD_INPUT);
	KUNIT_EXPECT_EQ(test, tdh_mng_key_config(&half), TDX_SW_BAD_INPUT);
	KUNIT_EXPECT_EQ(test, tdh_mng_rd(&half, 0, &data), TDX_SW_BAD_INPUT);
	KUNIT_EXPECT_EQ(test, tdh_mem_track(NULL), TDX_SW_BAD_INPUT);
	KUNIT_EXPECT_EQ(test, tdh_mem_range_block(&half, 0, PG_LEVEL_4K, &e1,
						  &e2), TDX_SW_BAD_INPUT);
	KUNIT_EXPECT_EQ(test, tdh_vp_flush(&vhalf), TDX_SW_BAD_INPUT);
	KUNIT_EXPECT_EQ(test, tdh_vp_enter(NULL, &args), TDX_SW_BAD_INPUT);
	KUNIT_EXPECT_EQ(test, tdh_vp_create(&half, &vhalf), TDX_SW_BAD_INPUT);
	KUNIT_EXPECT_EQ(test, tdh_phymem_page_wbinvd_tdr(&half),
			TDX_SW_BAD_INPUT);
	KUNIT_EXPECT_EQ(test, tdh_phymem_page_reclaim(NULL, &e1, &e2, &data),
			TDX_SW_BAD_INPUT);
	expect_refused(test, 11);
	KUNIT_EXPECT_EQ(test, tdx_status_to_errno(TDX_SW_BAD_INPUT), -EINVAL);
}

/* A control page the handle does not list could never be reclaimed. */
static void tdx_bad_foreign_page(struct kunit *test)
{
	struct tdx_bad_ctx *ctx = test->priv;
	struct page *stray = alloc_page(GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, stray);
	KUNIT_ASSERT_EQ(test, tdx_test_build(&ctx->t, TDX_STEP_VP_CREATE), 0);
	mark(ctx);
	KUNIT_EXPECT_EQ(test, tdh_mng_addcx(&ctx->t.td, stray), TDX_SW_BAD_INPUT);
	KUNIT_EXPECT_EQ(test, tdh_vp_addcx(&ctx->t.vp[0], stray),
			TDX_SW_BAD_INPUT);
	KUNIT_EXPECT_EQ(test, tdh_mng_addcx(&ctx->t.td, NULL), TDX_SW_BAD_INPUT);
	expect_refused(test, 3);
	__free_page(stray);
}

/* The same page listed twice: the module takes it once, the host frees it once. */
static void tdx_bad_page_twice(struct kunit *test)
{
	struct tdx_bad_ctx *ctx = test->priv;
	struct tdx_td *td = &ctx->t.td;
	struct page *dup;

	KUNIT_ASSERT_EQ(test, tdx_test_build(&ctx->t, TDX_STEP_KEY_CONFIG), 0);
	dup = td->tdcs_pages[1];
	td->tdcs_pages[1] = td->tdcs_pages[0];
	KUNIT_EXPECT_EQ(test, tdh_mng_addcx(td, td->tdcs_pages[0]), TDX_SUCCESS);
	KUNIT_EXPECT_EQ(test, tdh_mng_addcx(td, td->tdcs_pages[1]),
			TDX_PAGE_METADATA_INCORRECT | TDX_OPERAND_ID_RCX);
	__free_page(dup);
	KUNIT_EXPECT_EQ(test, tdx_test_free(&ctx->t), 0);
	tdx_test_expect_balanced(test, 0);
}

static void tdx_bad_addresses(struct kunit *test)
{
	struct tdx_bad_ctx *ctx = test->priv;
	struct page *page = alloc_page(GFP_KERNEL);
	kvm_pfn_t bad_pfn = 1;	/* far below the memory under test */
	u64 e1, e2;

	KUNIT_ASSERT_NOT_NULL(test, page);
	KUNIT_ASSERT_EQ(test, tdx_test_build(&ctx->t, TDX_STEP_INIT), 0);
	/* Misaligned and too-wide GPAs are the module's to refuse. */
	KUNIT_EXPECT_EQ(test, tdh_mem_sept_add(&ctx->t.td, 0x1234, PG_LEVEL_512G,
					       page, &e1, &e2),
			TDX_OPERAND_INVALID | TDX_OPERAND_ID_RCX);
	KUNIT_EXPECT_EQ(test, tdh_mem_sept_add(&ctx->t.td, BIT_ULL(52),
					       PG_LEVEL_512G, page, &e1, &e2),
			TDX_OPERAND_INVALID | TDX_OPERAND_ID_RCX);
	/* Page-table levels the module cannot encode are refused here. */
	mark(ctx);
	KUNIT_EXPECT_EQ(test, tdh_mem_sept_add(&ctx->t.td, 0, PG_LEVEL_NONE,
					       page, &e1, &e2), TDX_SW_BAD_INPUT);
	KUNIT_EXPECT_EQ(test, tdh_mem_page_aug(&ctx->t.td, 0, PG_LEVEL_512G,
					       page_to_pfn(page), &e1, &e2),
			TDX_SW_BAD_INPUT);
	/* PFNs that are not memory are never flushed or handed over. */
	if (!pfn_valid(bad_pfn)) {
		KUNIT_EXPECT_EQ(test, tdh_mem_page_aug(&ctx->t.td, 0,
						       PG_LEVEL_4K, bad_pfn,
						       &e1, &e2),
				TDX_SW_BAD_INPUT);
		KUNIT_EXPECT_EQ(test, tdh_phymem_page_wbinvd_hkid(ctx->t.hkid,
								  bad_pfn),
				TDX_SW_BAD_INPUT);
		expect_refused(test, 4);
	}
	KUNIT_EXPECT_EQ(test, tdh_phymem_page_wbinvd_hkid(0x10000,
							  page_to_pfn(page)),
			TDX_SW_BAD_INPUT);
	__free_page(page);
}

/* A TD with live vCPUs is not torn down under them. */
static void tdx_bad_td_free_with_vcpus(struct kunit *test)
{
	struct tdx_bad_ctx *ctx = test->priv;

	KUNIT_ASSERT_EQ(test, tdx_test_build(&ctx->t, TDX_STEP_ALL), 0);
	mark(ctx);
	KUNIT_EXPECT_EQ(test, tdx_td_free(&ctx->t.td), -EBUSY);
	expect_refused(test, 1);
	/* Nothing was released: the TD still runs. */
	KUNIT_EXPECT_NOT_NULL(test, ctx->t.td.tdr_page);
	KUNIT_EXPECT_EQ(test, ctx->t.td.key_state, TDX_TD_KEY_ASSIGNED);
	KUNIT_EXPECT_EQ(test, tdx_test_free(&ctx->t), 0);
	tdx_test_expect_balanced(test, 0);
	/* Freeing an already freed handle is a no-op. */
	KUNIT_EXPECT_EQ(test, tdx_td_free(&ctx->t.td), 0);
	KUNIT_EXPECT_EQ(test, tdx_vp_free(&ctx->t.vp[0]), 0);
}

static void tdx_bad_handles_in_use(struct kunit *test)
{
	struct tdx_bad_ctx *ctx = test->priv;
	struct tdx_vp orphan = {};

	KUNIT_ASSERT_EQ(test, tdx_test_build(&ctx->t, TDX_STEP_VP_ALLOC), 0);
	mark(ctx);
	KUNIT_EXPECT_EQ(test, tdx_td_alloc(&ctx->t.td), -EINVAL);
	KUNIT_EXPECT_EQ(test, tdx_vp_alloc(&ctx->t.td, &ctx->t.vp[0]), -EINVAL);
	KUNIT_EXPECT_EQ(test, tdx_td_free(NULL), -EINVAL);
	/* TDCX pages without a TD: their number is unknown, keep them. */
	orphan.tdcx_pages = ctx->t.vp[0].tdcx_pages;
	KUNIT_EXPECT_EQ(test, tdx_vp_free(&orphan), -EINVAL);
	expect_refused(test, 4);
}

static void tdx_bad_keyids_exhausted(struct kunit *test)
{
	u32 nr = tdx_get_nr_guest_keyids(), i;
	int *ids = kunit_kcalloc(test, nr, sizeof(*ids), GFP_KERNEL);
	unsigned long warns;

	KUNIT_ASSERT_NOT_NULL(test, ids);
	KUNIT_ASSERT_GT(test, nr, 0U);
	for (i = 0; i < nr; i++) {
		ids[i] = tdx_guest_keyid_alloc();
		KUNIT_EXPECT_GT(test, ids[i], 0);
	}
	KUNIT_EXPECT_EQ(test, tdx_guest_keyid_alloc(), -ENOSPC);
	for (i = 0; i < nr; i++)
		tdx_guest_keyid_free(ids[i]);
	warns = tdx_test_env_warnings();
	tdx_guest_keyid_free(ids[0]);
	tdx_test_expect_warnings(test, warns, 1);
	KUNIT_EXPECT_GT(test, tdx_guest_keyid_alloc(), 0);
}

static void tdx_bad_page_list_counts(struct kunit *test)
{
	struct tdx_page_list pl = {};

	KUNIT_EXPECT_EQ(test, tdx_page_list_alloc(&pl, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, tdx_page_list_alloc(&pl, 513), -EINVAL);
	KUNIT_EXPECT_NULL(test, pl.list);
}

static struct kunit_case tdx_bad_input_test_cases[] = {
	KUNIT_CASE(tdx_bad_null_handles),
	KUNIT_CASE(tdx_bad_foreign_page),
	KUNIT_CASE(tdx_bad_page_twice),
	KUNIT_CASE(tdx_bad_addresses),
	KUNIT_CASE(tdx_bad_td_free_with_vcpus),
	KUNIT_CASE(tdx_bad_handles_in_use),
	KUNIT_CASE(tdx_bad_keyids_exhausted),
	KUNIT_CASE(tdx_bad_page_list_counts),
	{}
};

static struct kunit_suite tdx_bad_input_test_suite = {
	.name = "tdx_bad_input",
	.init = tdx_bad_init,
	.exit = tdx_bad_exit,
	.test_cases = tdx_bad_input_test_cases,
};

kunit_test_suite(tdx_bad_input_test_suite);

/* Without a module: no metadata, no SEAMCALLs. */
static void tdx_bad_no_module(struct kunit *test)
{
	struct tdx_td td = {};

	/* Whatever ran before (the sample at boot, say): no module now. */
	tdx_sim_stop();
	tdx_disable();
	KUNIT_EXPECT_FALSE(test, tdx_sim_running());
	KUNIT_EXPECT_NULL(test, tdx_get_sysinfo());
	KUNIT_EXPECT_EQ(test, tdx_td_alloc(&td), -ENODEV);
	KUNIT_EXPECT_EQ(test, tdh_sys_init(), TDX_SEAMCALL_VMFAILINVALID);
	KUNIT_EXPECT_EQ(test, tdh_phymem_cache_wb(false),
			TDX_SEAMCALL_VMFAILINVALID);
	KUNIT_EXPECT_EQ(test, tdx_guest_keyid_alloc(), -ENODEV);
	KUNIT_EXPECT_EQ(test, tdx_enable(), -ENODEV);
	KUNIT_EXPECT_EQ(test, tdx_ext_enable(), -ENODEV);
	tdx_disable();
}

static struct kunit_case tdx_no_module_test_cases[] = {
	KUNIT_CASE(tdx_bad_no_module),
	{}
};

static struct kunit_suite tdx_no_module_test_suite = {
	.name = "tdx_no_module",
	.test_cases = tdx_no_module_test_cases,
};

kunit_test_suite(tdx_no_module_test_suite);
