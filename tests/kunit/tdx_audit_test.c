// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the simulated module's audit and metadata: what it
 * reports when the host breaks the page-ownership rules, and what
 * TDH.SYS.RD serves.  The violations here are made on purpose, by
 * issuing SEAMCALLs below the wrappers.
 */
#include <kunit/test.h>
#include <linux/mm.h>
#include <linux/string.h>

#include "seamcall.h"
#include "tdx_test.h"

static int tdx_audit_init(struct kunit *test)
{
	return tdx_test_up(test, NULL);
}

/* The violations are expected: stop the module without checking them. */
static void tdx_audit_exit(struct kunit *test)
{
	tdx_sim_stop();
	tdx_disable();
}

static u64 raw_mng_create(struct page *tdr, u16 hkid)
{
	struct tdx_module_args args = {
		.rcx = page_to_phys(tdr),
		.rdx = hkid,
	};

	return tdx_seamcall(tdx_leaf(TDH_MNG_CREATE, 0), &args);
}

static void tdx_audit_unflushed_handover(struct kunit *test)
{
	struct page *tdr;
	int hkid;

	if (!tdx_test_env_audits_host())
		kunit_skip(test, "cache flushes are not tracked here");
	tdr = alloc_page(GFP_KERNEL);
	hkid = tdx_guest_keyid_alloc();
	KUNIT_ASSERT_NOT_NULL(test, tdr);
	KUNIT_ASSERT_GT(test, hkid, 0);
	tdx_test_env_dirty_page(tdr);
	KUNIT_EXPECT_EQ(test, raw_mng_create(tdr, hkid), TDX_SUCCESS);
	KUNIT_EXPECT_EQ(test, tdx_sim_violations(), 1U);
	KUNIT_EXPECT_NOT_NULL(test, strstr(tdx_sim_last_violation(), "flush"));
	/* The page is the module's now, and lost to the host: leave it. */
}

static void tdx_audit_host_frees_module_page(struct kunit *test)
{
	unsigned int type;
	phys_addr_t owner;
	struct page *tdr;
	int hkid;

	if (!tdx_test_env_audits_host())
		kunit_skip(test, "host frees are not reported here");
	tdr = alloc_page(GFP_KERNEL);
	hkid = tdx_guest_keyid_alloc();
	KUNIT_ASSERT_NOT_NULL(test, tdr);
	KUNIT_ASSERT_GT(test, hkid, 0);
	clflush_cache_range(page_address(tdr), PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, raw_mng_create(tdr, hkid), TDX_SUCCESS);
	KUNIT_EXPECT_EQ(test, tdx_sim_violations(), 0U);
	KUNIT_EXPECT_EQ(test, tdx_sim_page_owner(page_to_phys(tdr), &type,
						 &owner), 0);
	KUNIT_EXPECT_EQ(test, type, (unsigned int)TDX_PT_TDR);
	KUNIT_EXPECT_EQ(test, tdx_sim_module_pages(), 1UL);
	__free_page(tdr);
	KUNIT_EXPECT_EQ(test, tdx_sim_violations(), 1U);
}

static void tdx_audit_census(struct kunit *test)
{
	struct tdx_sim_census census;
	struct tdx_test_td *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, t);
	t->nr_vps = 1;
	KUNIT_ASSERT_EQ(test, tdx_test_build(t, TDX_STEP_ALL), 0);
	tdx_sim_census(&census);
	KUNIT_EXPECT_EQ(test, census.by_type[TDX_PT_TDR], 1UL);
	KUNIT_EXPECT_EQ(test, census.by_type[TDX_PT_TDCX], 6UL + 5UL);
	KUNIT_EXPECT_EQ(test, census.by_type[TDX_PT_TDVPR], 1UL);
	KUNIT_EXPECT_GT(test, census.pamt_pages, 0UL);
	KUNIT_EXPECT_EQ(test, tdx_sim_module_pages(), 13UL);
	KUNIT_EXPECT_EQ(test, tdx_test_free(t), 0);
	tdx_sim_census(&census);
	KUNIT_EXPECT_EQ(test, census.by_type[TDX_PT_TDCX], 0UL);
	KUNIT_EXPECT_EQ(test, tdx_sim_violations(), 0U);
}

static void tdx_audit_sys_rd(struct kunit *test)
{
	const struct tdx_sys_info *info = tdx_get_sysinfo();
	u64 value, next;

	KUNIT_ASSERT_NOT_NULL(test, info);
	KUNIT_EXPECT_EQ(test, info->major_version, 1);
	KUNIT_EXPECT_EQ(test, info->tdcs_base_size, 6U * 4096U);
	KUNIT_EXPECT_EQ(test, info->tdvps_base_size, 6U * 4096U);
	KUNIT_EXPECT_EQ(test, info->nr_cmrs, 1U);
	KUNIT_EXPECT_EQ(test, tdh_sys_rd(TDX_MD_TDCS_BASE_SIZE, &value, &next),
			TDX_SUCCESS);
	KUNIT_EXPECT_EQ(test, value, 6ULL * 4096);
	KUNIT_EXPECT_GT(test, next, TDX_MD_TDCS_BASE_SIZE);
	KUNIT_EXPECT_EQ(test, tdh_sys_rd(0x9800000100000FFFULL, &value, &next),
			TDX_METADATA_FIELD_ID_INCORRECT | TDX_OPERAND_ID_RDX);
	KUNIT_EXPECT_EQ(test, tdh_sys_rd(0, &value, &next),
			TDX_METADATA_FIRST_FIELD_ID_IN_CONTEXT);
	KUNIT_EXPECT_NE(test, next, 0ULL);
}

static struct kunit_case tdx_audit_test_cases[] = {
	KUNIT_CASE(tdx_audit_unflushed_handover),
	KUNIT_CASE(tdx_audit_host_frees_module_page),
	KUNIT_CASE(tdx_audit_census),
	KUNIT_CASE(tdx_audit_sys_rd),
	{}
};

static struct kunit_suite tdx_audit_test_suite = {
	.name = "tdx_audit",
	.init = tdx_audit_init,
	.exit = tdx_audit_exit,
	.test_cases = tdx_audit_test_cases,
};

kunit_test_suite(tdx_audit_test_suite);
