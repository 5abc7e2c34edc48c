// SPDX-License-Identifier: GPL-2.0
/*
 * Host-only KUnit suite: module updates while other threads, on other
 * simulated CPUs, build, run and tear down TDs.  Between TDH.SYS.SHUTDOWN
 * and TDH.SYS.UPDATE no module serves SEAMCALLs, so a builder that got in
 * would fail with TDX_SYS_SHUTDOWN or TDX_SYS_NOT_READY: none may.  The
 * control case shuts the module down outside stop_machine() and shows a
 * builder does notice.
 */
#include <kunit/test.h>
#include <linux/atomic.h>
#include <linux/delay.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <pthread.h>
#include <shim/host.h>

#include <tdx/errno.h>
#include <tdx/update.h>

#include "../kunit/tdx_test.h"

#define TDX_BUILDERS		3
#define TDX_UPDATES		4
/* Bounds a builder's rounds when nothing stops it (the control case). */
#define TDX_MAX_ROUNDS		2000

struct tdx_builder {
	pthread_t thread;
	unsigned int cpu;
	atomic_t *stop;
	atomic_t *rounds;
	atomic_t *live;
	atomic_t *spanned;
	struct tdx_test_td t;
	int ret;
	u64 err;
};

/* Build a one-vCPU TD, run it, free it; again, until told to stop. */
static void *tdx_builder_run(void *data)
{
	struct tdx_builder *b = data;
	unsigned int i;

	shim_set_current_cpu(b->cpu);
	for (i = 0; i < TDX_MAX_ROUNDS && !atomic_read(b->stop); i++) {
		u64 updates = tdx_sim_calls(TDX_SIM_SYS_UPDATE);

		b->t.nr_vps = 1;
		b->ret = tdx_test_build(&b->t, TDX_STEP_ALL);
		/* An update landed between this build's first and last call. */
		if (tdx_sim_calls(TDX_SIM_SYS_UPDATE) != updates)
			atomic_inc(b->spanned);
		if (b->ret) {
			b->err = b->t.err;
			break;
		}
		b->ret = tdx_test_free(&b->t);
		if (b->ret)
			break;
		atomic_inc(b->rounds);
	}
	atomic_dec(b->live);
	return NULL;
}

/*
 * Counters the builders share: stop flag, rounds done, builders running,
 * builds an update landed in the middle of.
 */
struct tdx_builders {
	atomic_t stop;
	atomic_t rounds;
	atomic_t live;
	atomic_t spanned;
};

static void tdx_builders_start(struct kunit *test, struct tdx_builder *b,
			       unsigned int n, struct tdx_builders *all)
{
	unsigned int i;

	atomic_set(&all->live, n);
	for (i = 0; i < n; i++) {
		b[i].cpu = 1 + i % (num_online_cpus() - 1);
		b[i].stop = &all->stop;
		b[i].rounds = &all->rounds;
		b[i].live = &all->live;
		b[i].spanned = &all->spanned;
		KUNIT_ASSERT_EQ(test, pthread_create(&b[i].thread, NULL,
						     tdx_builder_run, &b[i]), 0);
	}
}

/* Updates and TD builds on other CPUs never interleave. */
static void tdx_update_vs_td_builds(struct kunit *test)
{
	struct tdx_builder *b = kunit_kcalloc(test, TDX_BUILDERS, sizeof(*b),
					      GFP_KERNEL);
	struct tdx_builders all = {};
	struct tdx_update_image *image;
	struct tdx_sim_module m;
	int before, i, ret;

	KUNIT_ASSERT_NOT_NULL(test, b);
	if (tdx_test_up(test, NULL))
		return;
	tdx_builders_start(test, b, TDX_BUILDERS, &all);
	for (i = 0; i < TDX_UPDATES; i++) {
		/* Let the builders get going between updates. */
		before = atomic_read(&all.rounds);
		while (atomic_read(&all.rounds) < before + 2 &&
		       atomic_read(&all.live))
			usleep_range(500, 1000);
		tdx_test_module(&m, 2 + i);
		image = tdx_test_image(test, &m);
		/* Cut through the builds: that is what is being tested. */
		ret = tdx_module_update(image, TDX_UPDATE_ALLOW_COMPAT_SENSITIVE,
					NULL);
		tdx_test_image_done(test, image);
		KUNIT_EXPECT_EQ_MSG(test, ret, 0, "update %d", i);
	}
	atomic_set(&all.stop, 1);
	for (i = 0; i < TDX_BUILDERS; i++) {
		pthread_join(b[i].thread, NULL);
		KUNIT_EXPECT_EQ_MSG(test, b[i].ret, 0,
				    "builder %d: 0x%016llx", i, b[i].err);
	}
	kunit_info(test, "%d TDs built, run and freed during %d updates; %d builds had an update in their middle",
		   atomic_read(&all.rounds), TDX_UPDATES,
		   atomic_read(&all.spanned));
	KUNIT_EXPECT_GE(test, atomic_read(&all.rounds), 2 * TDX_UPDATES);
	KUNIT_EXPECT_GT(test, atomic_read(&all.spanned), 0);
	KUNIT_EXPECT_EQ(test, tdx_sim_calls(TDX_SIM_SYS_UPDATE),
			(u64)TDX_UPDATES);
	KUNIT_EXPECT_EQ(test, tdx_get_sysinfo()->update_version,
			1 + TDX_UPDATES);
	tdx_test_expect_balanced(test, 0);
	tdx_test_down(test);
}

/*
 * The control: TDH.SYS.SHUTDOWN issued straight, with no stop_machine(),
 * lands between a builder's SEAMCALLs, which then fail.
 */
static void tdx_shutdown_without_stop_is_seen(struct kunit *test)
{
	struct tdx_builder *b = kunit_kzalloc(test, sizeof(*b), GFP_KERNEL);
	struct tdx_builders all = {};

	KUNIT_ASSERT_NOT_NULL(test, b);
	if (tdx_test_up(test, NULL))
		return;
	tdx_builders_start(test, b, 1, &all);
	while (atomic_read(&all.rounds) < 1 && atomic_read(&all.live))
		usleep_range(500, 1000);
	KUNIT_EXPECT_EQ(test, tdh_sys_shutdown(1, false), TDX_SUCCESS);
	pthread_join(b->thread, NULL);
	/* It failed building (with the status) or freeing (stranding). */
	KUNIT_EXPECT_NE(test, b->ret, 0);
	if (b->err)
		KUNIT_EXPECT_EQ(test, b->err, TDX_SYS_SHUTDOWN);
	/* The module is gone with the builder's TD; a reset frees its pages. */
	tdx_test_down(test);
	tdx_test_forget(&b->t);
}

static struct kunit_case tdx_update_concurrency_test_cases[] = {
	KUNIT_CASE(tdx_update_vs_td_builds),
	KUNIT_CASE(tdx_shutdown_without_stop_is_seen),
	{}
};

static struct kunit_suite tdx_update_concurrency_test_suite = {
	.name = "tdx_update_concurrency",
	.test_cases = tdx_update_concurrency_test_cases,
};

kunit_test_suite(tdx_update_concurrency_test_suite);
