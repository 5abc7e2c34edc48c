// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit check of the KVM-shaped sample that ran at boot: it succeeded, its
 * TD ran again after a module update, and its ledger balanced.
 */
#include <kunit/test.h>

#include "../../samples/tdx_kvm_sample.h"

static void tdx_sample_boot_ledger(struct kunit *test)
{
	struct tdx_sample_ledger ledger;

	KUNIT_ASSERT_EQ(test, tdx_kvm_sample_boot_result(&ledger), 0);
	KUNIT_EXPECT_TRUE(test, tdx_sample_ledger_balanced(&ledger));
	KUNIT_EXPECT_GT(test, ledger.allocated, 0);
	KUNIT_EXPECT_EQ(test, ledger.handed_over, ledger.allocated);
	KUNIT_EXPECT_EQ(test, ledger.returned, ledger.handed_over);
	KUNIT_EXPECT_EQ(test, ledger.stranded, 0);
	KUNIT_EXPECT_EQ(test, ledger.updates_survived, 1);
}

static struct kunit_case tdx_sample_test_cases[] = {
	KUNIT_CASE(tdx_sample_boot_ledger),
	{}
};

static struct kunit_suite tdx_sample_test_suite = {
	.name = "tdx_sample",
	.test_cases = tdx_sample_test_cases,
};

kunit_test_suite(tdx_sample_test_suite);
