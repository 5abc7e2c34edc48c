// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for status classification and errno mapping.
 */
#include <kunit/test.h>
#include <linux/errno.h>
#include <linux/string.h>

#include <tdx/errno.h>

/* Module 1.0 and 1.5 spell some codes differently from Linux. */
static void tdx_status_is_across_versions(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, tdx_status_is(0x6000000200000000ULL,
					      TDX_NON_RECOVERABLE_TD));
	KUNIT_EXPECT_TRUE(test, tdx_status_is(0x4000000200000000ULL,
					      TDX_NON_RECOVERABLE_TD));
	KUNIT_EXPECT_TRUE(test, tdx_status_is(0xE000000700000000ULL,
					      TDX_NON_RECOVERABLE_TD_WRONG_APIC_MODE));
	KUNIT_EXPECT_TRUE(test, tdx_status_is(0xC000000700000000ULL,
					      TDX_NON_RECOVERABLE_TD_WRONG_APIC_MODE));
	KUNIT_EXPECT_TRUE(test, tdx_status_is(0xC000060400000000ULL,
					      TDX_TD_FATAL));
	KUNIT_EXPECT_FALSE(test, tdx_status_is(TDX_OPERAND_BUSY,
					       TDX_OPERAND_INVALID));
}

static void tdx_status_is_ignores_operand(struct kunit *test)
{
	u64 err = TDX_OPERAND_BUSY | TDX_OPERAND_ID_SEPT;

	KUNIT_EXPECT_TRUE(test, tdx_status_is(err, TDX_OPERAND_BUSY));
	KUNIT_EXPECT_EQ(test, tdx_status_operand(err), (u32)TDX_OPERAND_ID_SEPT);
	KUNIT_EXPECT_EQ(test, err & TDX_SEAMCALL_STATUS_MASK, TDX_OPERAND_BUSY);
	KUNIT_EXPECT_EQ(test, tdx_status_class(err), (unsigned int)TDX_CLASS_BUSY);
}

static void tdx_status_software_codes_exact(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, tdx_status_is(TDX_SEAMCALL_GP, TDX_SEAMCALL_GP));
	KUNIT_EXPECT_FALSE(test, tdx_status_is(TDX_SEAMCALL_UD, TDX_SEAMCALL_GP));
	KUNIT_EXPECT_FALSE(test, tdx_status_is(TDX_SEAMCALL_VMFAILINVALID,
					       TDX_SW_BAD_INPUT));
	/* A module code never matches a software one of the same sub-code. */
	KUNIT_EXPECT_FALSE(test, tdx_status_is(TDX_SEAMCALL_GP, TDX_SUCCESS));
}

static void tdx_status_classifiers(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, tdx_status_busy(TDX_OPERAND_BUSY | TDX_OPERAND_ID_TDR));
	KUNIT_EXPECT_TRUE(test, tdx_status_busy(TDX_SYS_BUSY));
	KUNIT_EXPECT_TRUE(test, tdx_status_busy(TDX_PREVIOUS_TLB_EPOCH_BUSY));
	KUNIT_EXPECT_FALSE(test, tdx_status_busy(TDX_RND_NO_ENTROPY));
	KUNIT_EXPECT_FALSE(test, tdx_status_busy(TDX_OPERAND_INVALID));

	KUNIT_EXPECT_TRUE(test, tdx_status_interrupted(TDX_INTERRUPTED_RESUMABLE));
	KUNIT_EXPECT_FALSE(test, tdx_status_interrupted(TDX_INTERRUPTED_RESTARTABLE));

	KUNIT_EXPECT_TRUE(test, tdx_status_non_recoverable(TDX_NON_RECOVERABLE_VCPU));
	KUNIT_EXPECT_TRUE(test, tdx_status_non_recoverable(0x6000000200000000ULL));
	KUNIT_EXPECT_FALSE(test, tdx_status_non_recoverable(TDX_OPERAND_BUSY));

	KUNIT_EXPECT_TRUE(test, tdx_status_error(TDX_OPERAND_INVALID));
	KUNIT_EXPECT_FALSE(test, tdx_status_error(TDX_KEY_CONFIGURED));
	KUNIT_EXPECT_FALSE(test, tdx_status_error(TDX_NO_HKID_READY_TO_WBCACHE));
	KUNIT_EXPECT_FALSE(test, tdx_status_error(TDX_SUCCESS));
}

static void tdx_status_names(struct kunit *test)
{
	KUNIT_EXPECT_STREQ(test, tdx_status_name(TDX_SUCCESS), "TDX_SUCCESS");
	KUNIT_EXPECT_STREQ(test, tdx_status_name(TDX_OPERAND_BUSY | 0x92),
			   "TDX_OPERAND_BUSY");
	KUNIT_EXPECT_STREQ(test, tdx_status_name(0x6000000200000000ULL),
			   "TDX_NON_RECOVERABLE_TD");
	KUNIT_EXPECT_STREQ(test, tdx_status_name(TDX_SEAMCALL_VMFAILINVALID),
			   "TDX_SEAMCALL_VMFAILINVALID");
	KUNIT_EXPECT_TRUE(test, tdx_status_known(TDX_HKID_NOT_FREE));
}

/* A status this library does not know still gets a name and an errno. */
static void tdx_status_unknown(struct kunit *test)
{
	u64 err = 0xC0007E7700000000ULL;

	KUNIT_EXPECT_FALSE(test, tdx_status_known(err));
	KUNIT_EXPECT_STREQ(test, tdx_status_name(err), "TDX_UNKNOWN_STATUS");
	KUNIT_EXPECT_EQ(test, tdx_status_to_errno(err), -EIO);
	KUNIT_EXPECT_EQ(test, tdx_status_to_errno(0x00007E7700000000ULL), 0);
}

static void tdx_status_errno(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, tdx_status_to_errno(TDX_SUCCESS), 0);
	KUNIT_EXPECT_EQ(test, tdx_status_to_errno(TDX_KEY_CONFIGURED), 0);
	KUNIT_EXPECT_EQ(test, tdx_status_to_errno(TDX_SEAMCALL_VMFAILINVALID), -ENODEV);
	KUNIT_EXPECT_EQ(test, tdx_status_to_errno(TDX_SEAMCALL_GP), -EOPNOTSUPP);
	KUNIT_EXPECT_EQ(test, tdx_status_to_errno(TDX_SEAMCALL_UD), -EACCES);
	KUNIT_EXPECT_EQ(test, tdx_status_to_errno(TDX_SW_BAD_INPUT), -EINVAL);
	KUNIT_EXPECT_EQ(test, tdx_status_to_errno(TDX_RND_NO_ENTROPY), -EAGAIN);
	KUNIT_EXPECT_EQ(test, tdx_status_to_errno(TDX_OPERAND_BUSY | 1), -EBUSY);
	KUNIT_EXPECT_EQ(test, tdx_status_to_errno(TDX_OPERAND_INVALID | 2), -EIO);
	KUNIT_EXPECT_EQ(test, tdx_status_to_errno(TDX_INTERRUPTED_RESUMABLE), -EIO);
}

static struct kunit_case tdx_status_test_cases[] = {
	KUNIT_CASE(tdx_status_is_across_versions),
	KUNIT_CASE(tdx_status_is_ignores_operand),
	KUNIT_CASE(tdx_status_software_codes_exact),
	KUNIT_CASE(tdx_status_classifiers),
	KUNIT_CASE(tdx_status_names),
	KUNIT_CASE(tdx_status_unknown),
	KUNIT_CASE(tdx_status_errno),
	{}
};

static struct kunit_suite tdx_status_test_suite = {
	.name = "tdx_status",
	.test_cases = tdx_status_test_cases,
};

kunit_test_suite(tdx_status_test_suite);
