// SPDX-License-Identifier: GPL-2.0
/*
 * Host-only KUnit suite: SEAMCALLs from two threads at once.  One call is
 * parked inside the simulated module holding its locks while another
 * thread calls in; the module answers TDX_OPERAND_BUSY with the operand
 * that is locked, touches nothing, and serves calls on other objects.
 */
#include <kunit/test.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <pthread.h>

#include "../kunit/tdx_test.h"

struct tdx_caller {
	pthread_t thread;
	struct tdx_td *td;
	struct page *page;
	u64 err;
};

static void *tdx_caller_addcx(void *data)
{
	struct tdx_caller *c = data;

	c->err = tdh_mng_addcx(c->td, c->page);
	return NULL;
}

/* If the case stops early, the parked caller must still finish. */
static void tdx_caller_finish(void *data)
{
	struct tdx_caller *c = data;

	tdx_sim_release_paused();
	pthread_join(c->thread, NULL);
}

/* Start TDH.MNG.ADDCX on another thread and wait until it is parked. */
static void start_parked_addcx(struct kunit *test, struct tdx_caller *c)
{
	int i;

	tdx_sim_pause_next(TDX_SIM_MNG_ADDCX);
	KUNIT_ASSERT_EQ(test, pthread_create(&c->thread, NULL,
					     tdx_caller_addcx, c), 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, tdx_caller_finish,
							c), 0);
	for (i = 0; i < 5000 && !tdx_sim_paused(); i++)
		usleep_range(1000, 2000);
	KUNIT_ASSERT_TRUE(test, tdx_sim_paused());
}

static void tdx_concurrent_same_td(struct kunit *test)
{
	struct tdx_test_td *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	struct tdx_test_td *other = kunit_kzalloc(test, sizeof(*other),
						  GFP_KERNEL);
	struct tdx_caller c = {};
	u64 ext_err;

	KUNIT_ASSERT_TRUE(test, t && other);
	t->nr_vps = 1;
	if (tdx_test_up(test, NULL))
		return;
	KUNIT_ASSERT_EQ(test, tdx_test_build(t, TDX_STEP_KEY_CONFIG), 0);

	c.td = &t->td;
	c.page = t->td.tdcs_pages[0];
	start_parked_addcx(test, &c);

	/* ADDCX holds the TDR exclusively: the same TD is busy... */
	KUNIT_EXPECT_EQ(test, tdh_mng_addcx(&t->td, t->td.tdcs_pages[1]),
			TDX_OPERAND_BUSY | TDX_OPERAND_ID_RDX);
	KUNIT_EXPECT_EQ(test, tdh_mng_key_config(&t->td),
			TDX_OPERAND_BUSY | TDX_OPERAND_ID_RCX);
	KUNIT_EXPECT_EQ(test, tdh_mng_init(&t->td, page_to_phys(t->params),
					   &ext_err),
			TDX_OPERAND_BUSY | TDX_OPERAND_ID_RCX);
	KUNIT_EXPECT_EQ(test, t->td.tdcs_given, 0ULL);
	/* ...and a second TD is not. */
	KUNIT_EXPECT_EQ(test, tdx_test_build(other, TDX_STEP_ADDCX), 0);

	kunit_release_action(test, tdx_caller_finish, &c);
	KUNIT_EXPECT_EQ(test, c.err, TDX_SUCCESS);
	KUNIT_EXPECT_EQ(test, t->td.tdcs_given, 1ULL);
	/* The refused calls did nothing: the build goes on from here. */
	KUNIT_EXPECT_EQ(test, tdx_test_build(t, TDX_STEP_ALL), 0);

	KUNIT_EXPECT_EQ(test, tdx_test_free(other), 0);
	KUNIT_EXPECT_EQ(test, tdx_test_free(t), 0);
	tdx_test_expect_balanced(test, 0);
	tdx_test_down(test);
}

/* A page being handed over is busy for every other call naming it. */
static void tdx_concurrent_same_page(struct kunit *test)
{
	struct tdx_test_td *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	struct tdx_caller c = {};
	u64 pt, owner, size;

	KUNIT_ASSERT_NOT_NULL(test, t);
	t->nr_vps = 1;
	if (tdx_test_up(test, NULL))
		return;
	KUNIT_ASSERT_EQ(test, tdx_test_build(t, TDX_STEP_KEY_CONFIG), 0);

	c.td = &t->td;
	c.page = t->td.tdcs_pages[0];
	start_parked_addcx(test, &c);
	KUNIT_EXPECT_EQ(test, tdh_phymem_page_rdmd(c.page, &pt, &owner, &size),
			TDX_OPERAND_BUSY | TDX_OPERAND_ID_RCX);
	KUNIT_EXPECT_EQ(test, tdh_phymem_page_reclaim(c.page, &pt, &owner,
						      &size),
			TDX_OPERAND_BUSY | TDX_OPERAND_ID_RCX);
	kunit_release_action(test, tdx_caller_finish, &c);
	KUNIT_EXPECT_EQ(test, c.err, TDX_SUCCESS);
	KUNIT_EXPECT_EQ(test, tdh_phymem_page_rdmd(c.page, &pt, &owner, &size),
			TDX_SUCCESS);
	KUNIT_EXPECT_EQ(test, pt, (u64)TDX_PT_TDCX);

	KUNIT_EXPECT_EQ(test, tdx_test_free(t), 0);
	tdx_test_expect_balanced(test, 0);
	tdx_test_down(test);
}

static struct kunit_case tdx_concurrency_test_cases[] = {
	KUNIT_CASE(tdx_concurrent_same_td),
	KUNIT_CASE(tdx_concurrent_same_page),
	{}
};

static struct kunit_suite tdx_concurrency_test_suite = {
	.name = "tdx_concurrency",
	.test_cases = tdx_concurrency_test_cases,
};

kunit_test_suite(tdx_concurrency_test_suite);
