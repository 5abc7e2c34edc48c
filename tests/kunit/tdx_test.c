// SPDX-License-Identifier: GPL-2.0
/*
 * Shared fixture of the tdx-core KUnit suites.
 */
#include <kunit/test.h>
#include <linux/cpu.h>
#include <linux/cpumask.h>
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/string.h>
#include <linux/topology.h>

#include <tdx/update.h>

#include "tdx_test.h"

static long tdx_test_pages_at_start;
static long tdx_test_objects_at_start;
static unsigned long tdx_test_violations_at_start;

/**
 * tdx_test_config() - Default simulated module over the test memory.
 * @cfg: filled.
 */
void tdx_test_config(struct tdx_sim_config *cfg)
{
	tdx_sim_default_config(cfg);
	tdx_test_env_sim_config(cfg);
}

/**
 * tdx_test_up() - Load a fresh simulated module and enable it.
 * @test: the test.
 * @cfg: module configuration, or NULL for tdx_test_config().
 *
 * Records the pages and objects in use once the module is up, so a test
 * can check that a scenario gave everything back.
 *
 * Return: 0 or the errno of tdx_enable() (the test is failed then).
 */
int tdx_test_up(struct kunit *test, const struct tdx_sim_config *cfg)
{
	struct tdx_sim_config def;
	int ret;

	if (!cfg) {
		tdx_test_config(&def);
		cfg = &def;
	}
	/* A fresh module: forget one loaded earlier (at boot, say). */
	tdx_sim_stop();
	tdx_disable();
	ret = tdx_sim_start(cfg);
	KUNIT_ASSERT_EQ(test, ret, 0);
	ret = tdx_enable();
	KUNIT_EXPECT_EQ(test, ret, 0);
	tdx_test_pages_at_start = tdx_test_env_pages_in_use();
	tdx_test_violations_at_start = tdx_test_env_violations();
	tdx_test_objects_at_start = tdx_test_env_objects_in_use();
	return ret;
}

/**
 * tdx_test_down() - Check that neither the module nor the host environment
 *	saw a broken rule, and unload the module.
 * @test: the test.
 */
void tdx_test_down(struct kunit *test)
{
	KUNIT_EXPECT_EQ_MSG(test, tdx_sim_violations(), 0U, "last: %s",
			    tdx_sim_last_violation());
	KUNIT_EXPECT_EQ(test, tdx_test_env_violations(),
			tdx_test_violations_at_start);
	tdx_sim_clear_faults();
	tdx_sim_stop();
	tdx_disable();
}

/**
 * tdx_test_baseline_pages() - Pages in use right after tdx_test_up().
 *
 * Return: the count, or -1 where the environment cannot count.
 */
long tdx_test_baseline_pages(void)
{
	return tdx_test_pages_at_start;
}

/**
 * tdx_test_expect_balanced() - Check a scenario's closing ledger.
 * @test: the test.
 * @stranded: pages the scenario deliberately left with the module.
 *
 * Every page and object is back with the host except @stranded pages,
 * which the module still owns; the module owns nothing else.
 */
void tdx_test_expect_balanced(struct kunit *test, long stranded)
{
	KUNIT_EXPECT_EQ(test, (long)tdx_sim_module_pages(), stranded);
	tdx_test_expect_pages(test, tdx_test_pages_at_start, stranded);
	if (tdx_test_objects_at_start >= 0)
		KUNIT_EXPECT_EQ(test, tdx_test_env_objects_in_use(),
				tdx_test_objects_at_start);
	KUNIT_EXPECT_EQ_MSG(test, tdx_sim_violations(), 0U, "last: %s",
			    tdx_sim_last_violation());
}

static int tdx_test_key_config_fn(void *data)
{
	u64 err = tdh_mng_key_config(data);

	/* TDX_KEY_CONFIGURED: this package was done by the caller already. */
	return tdx_status_error(err) ? -EIO : 0;
}

/**
 * tdx_test_expect_warnings() - Check how many WARNs fired since @mark.
 * @test: the test.
 * @mark: tdx_test_env_warnings() before.
 * @nr: warnings expected since.
 *
 * Checked where the environment counts warnings (the host build).
 */
void tdx_test_expect_warnings(struct kunit *test, unsigned long mark,
			      unsigned long nr)
{
	if (tdx_test_env_counts_warnings())
		KUNIT_EXPECT_EQ(test, tdx_test_env_warnings() - mark, nr);
}

/**
 * tdx_test_expect_pages() - Check the pages in use against a count.
 * @test: the test.
 * @before: tdx_test_env_pages_in_use() before.
 * @delta: pages expected in use since.
 *
 * Checked where the environment counts pages exactly (the host build).
 */
void tdx_test_expect_pages(struct kunit *test, long before, long delta)
{
	if (before >= 0)
		KUNIT_EXPECT_EQ(test, tdx_test_env_pages_in_use(), before + delta);
}

/**
 * tdx_test_key_config() - TDH.MNG.KEY.CONFIG on one CPU of every package.
 * @td: the TD.
 *
 * Return: 0 or -EIO on the first package that failed.
 */
int tdx_test_key_config(struct tdx_td *td)
{
	int ret;

	cpus_read_lock();
	ret = tdx_on_each_package(tdx_test_key_config_fn, td);
	cpus_read_unlock();
	return ret;
}

static int tdx_test_step(struct tdx_test_td *t, enum tdx_test_step step)
{
	struct tdx_td *td = &t->td;
	u64 ext_err = 0, *params;
	int i, j, ret;

	switch (step) {
	case TDX_STEP_ALLOC:
		t->params = alloc_page(GFP_KERNEL | __GFP_ZERO);
		if (!t->params)
			return -ENOMEM;
		params = page_address(t->params);
		params[TDX_TEST_PARAMS_ATTRIBUTES / 8] = 0;
		*(u16 *)((u8 *)params + TDX_TEST_PARAMS_MAX_VCPUS) =
			TDX_TEST_MAX_VPS;
		return tdx_td_alloc(td);
	case TDX_STEP_CREATE:
		ret = tdx_guest_keyid_alloc();
		if (ret < 0)
			return ret;
		t->hkid = ret;
		t->err = tdh_mng_create(td, t->hkid);
		if (t->err) {
			tdx_guest_keyid_free(t->hkid);
			t->hkid = 0;
		}
		break;
	case TDX_STEP_KEY_CONFIG:
		return tdx_test_key_config(td);
	case TDX_STEP_ADDCX:
		for (i = 0; i < td->tdcs_nr_pages && !t->err; i++) {
			if (!(td->tdcs_given & BIT_ULL(i)))
				t->err = tdh_mng_addcx(td, td->tdcs_pages[i]);
		}
		break;
	case TDX_STEP_INIT:
		t->err = tdh_mng_init(td, page_to_phys(t->params), &ext_err);
		break;
	case TDX_STEP_VP_ALLOC:
		for (i = 0; i < t->nr_vps; i++) {
			ret = tdx_vp_alloc(td, &t->vp[i]);
			if (ret)
				return ret;
		}
		break;
	case TDX_STEP_VP_CREATE:
		for (i = 0; i < t->nr_vps && !t->err; i++)
			t->err = tdh_vp_create(td, &t->vp[i]);
		break;
	case TDX_STEP_VP_ADDCX:
		for (i = 0; i < t->nr_vps; i++) {
			for (j = 0; j < td->tdcx_nr_pages && !t->err; j++) {
				if (t->vp[i].tdcx_given & BIT_ULL(j))
					continue;
				t->err = tdh_vp_addcx(&t->vp[i],
						      t->vp[i].tdcx_pages[j]);
			}
		}
		break;
	case TDX_STEP_VP_INIT:
		for (i = 0; i < t->nr_vps && !t->err; i++)
			t->err = tdh_vp_init(&t->vp[i], 0, i);
		break;
	case TDX_STEP_FINALIZE:
		t->err = tdh_mr_finalize(td);
		break;
	case TDX_STEP_ENTER:
		for (i = 0; i < t->nr_vps; i++) {
			struct tdx_module_args args = {};
			u64 err = tdh_vp_enter(&t->vp[i], &args);

			if (tdx_status_error(err))
				t->err = err;
		}
		break;
	default:
		break;
	}
	return t->err ? -EIO : 0;
}

/**
 * tdx_test_build() - Build a TD up to a step.
 * @t: the TD under test; @t->nr_vps set, the rest zeroed.
 * @last: the last step to run.
 *
 * Return: 0, or the errno of the first step that failed; @t->done is the
 * last step that completed and @t->err the failing status, if any.
 */
int tdx_test_build(struct tdx_test_td *t, enum tdx_test_step last)
{
	enum tdx_test_step step;
	int ret;

	for (step = t->done + 1; step <= last; step++) {
		ret = tdx_test_step(t, step);
		if (ret)
			return ret;
		t->done = step;
	}
	return 0;
}

/**
 * tdx_test_free() - Tear a test TD down with the one-shot helpers.
 * @t: the TD under test, at any stage; reset for another build with the
 *	same number of vCPUs, unless the TD refused to be freed (it is then
 *	kept as it is, for another try).
 *
 * Return: 0, or the first error of tdx_vp_free() or tdx_td_free().
 */
int tdx_test_free(struct tdx_test_td *t)
{
	int i, ret, first = 0, nr_vps = t->nr_vps;

	for (i = 0; i < TDX_TEST_MAX_VPS; i++) {
		ret = tdx_vp_free(&t->vp[i]);
		first = first ?: ret;
	}
	ret = tdx_td_free(&t->td);
	first = first ?: ret;
	/* Refused, nothing released: keep everything for another try. */
	if (t->td.tdr_page)
		return first;
	if (t->params)
		__free_page(t->params);
	memset(t, 0, sizeof(*t));
	t->nr_vps = nr_vps;
	return first;
}

static void tdx_test_free_pages(struct page **pages, int nr)
{
	int i;

	for (i = 0; pages && i < nr; i++)
		if (pages[i])
			__free_page(pages[i]);
	kfree(pages);
}

/**
 * tdx_test_forget() - Free a test TD's pages after the module is gone.
 * @t: the TD under test, at any stage.
 *
 * Only after tdx_test_down(): the simulated platform was reset, so every
 * page the module held is the host's again and no SEAMCALL is needed
 * (or possible) to take it back.  @t is reset as by tdx_test_free().
 */
void tdx_test_forget(struct tdx_test_td *t)
{
	int i, nr_vps = t->nr_vps;

	for (i = 0; i < TDX_TEST_MAX_VPS; i++) {
		if (t->vp[i].tdvpr_page)
			__free_page(t->vp[i].tdvpr_page);
		tdx_test_free_pages(t->vp[i].tdcx_pages, t->td.tdcx_nr_pages);
	}
	if (t->td.tdr_page)
		__free_page(t->td.tdr_page);
	tdx_test_free_pages(t->td.tdcs_pages, t->td.tdcs_nr_pages);
	if (t->params)
		__free_page(t->params);
	memset(t, 0, sizeof(*t));
	t->nr_vps = nr_vps;
}

/**
 * tdx_test_module() - The default simulated module, at another update.
 * @m: receives module 1.5.@update, handoff version 1, no extension needs.
 * @update: its update version (the default module is 1.5.1).
 */
void tdx_test_module(struct tdx_sim_module *m, u16 update)
{
	memset(m, 0, sizeof(*m));
	m->version.major = 1;
	m->version.minor = 5;
	m->version.update = update;
	m->module_hv = 1;
	m->min_update_hv = 1;
	m->ext_init_units = 2;
}

static void tdx_test_image_free(void *image)
{
	tdx_update_image_free(image);
}

/**
 * tdx_test_image() - An update image of a simulated module, for a test.
 * @test: the test; the image is freed when it ends, or by
 *	tdx_test_image_done().
 * @m: the module it installs.
 *
 * Return: the image, ready for tdx_module_update().
 */
struct tdx_update_image *tdx_test_image(struct kunit *test,
					const struct tdx_sim_module *m)
{
	struct tdx_update_image *image;
	size_t size;
	void *blob;

	blob = tdx_sim_image_alloc(m, TDX_TEST_MODULE_PAGES, &size);
	KUNIT_ASSERT_NOT_NULL(test, blob);
	image = tdx_update_image_alloc(blob, size);
	tdx_sim_image_free(blob);
	KUNIT_ASSERT_FALSE(test, IS_ERR(image));
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test,
							tdx_test_image_free,
							image), 0);
	return image;
}

/**
 * tdx_test_image_done() - Free a test image now.
 * @test: the test.
 * @image: from tdx_test_image().
 *
 * Before a test counts the pages in use.
 */
void tdx_test_image_done(struct kunit *test, struct tdx_update_image *image)
{
	kunit_release_action(test, tdx_test_image_free, image);
}
