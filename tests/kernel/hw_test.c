// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the hardware backend on a machine without a TDX
 * module: the SEAMCALL instruction must come back with a status, never
 * crash, and bring-up must fail cleanly.
 */
#include <kunit/test.h>
#include <linux/errno.h>

#include <tdx/sys.h>
#include <tdx/tdx.h>

static void tdx_hw_seamcall_without_module(struct kunit *test)
{
	u64 err = tdh_sys_init();

	kunit_info(test, "TDH.SYS.INIT: %s (0x%016llx)", tdx_status_name(err),
		   err);
	KUNIT_EXPECT_TRUE(test, err == TDX_SEAMCALL_UD ||
			  err == TDX_SEAMCALL_GP ||
			  err == TDX_SEAMCALL_VMFAILINVALID);
	KUNIT_EXPECT_LT(test, tdx_status_to_errno(err), 0);
	/* The same for a leaf with outputs and a page operand. */
	err = tdh_phymem_cache_wb(false);
	KUNIT_EXPECT_EQ(test, tdx_status_class(err),
			(unsigned int)TDX_CLASS_SOFTWARE);
}

static void tdx_hw_enable_without_module(struct kunit *test)
{
	KUNIT_EXPECT_LT(test, tdx_enable(), 0);
	KUNIT_EXPECT_NULL(test, tdx_get_sysinfo());
	KUNIT_EXPECT_LT(test, tdx_guest_keyid_alloc(), 0);
}

static struct kunit_case tdx_hw_test_cases[] = {
	KUNIT_CASE(tdx_hw_seamcall_without_module),
	KUNIT_CASE(tdx_hw_enable_without_module),
	{}
};

static struct kunit_suite tdx_hw_test_suite = {
	.name = "tdx_hw",
	.test_cases = tdx_hw_test_cases,
};

kunit_test_suite(tdx_hw_test_suite);
