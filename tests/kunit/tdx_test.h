/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared fixture of the tdx-core KUnit suites: bring the simulated module
 * up and down around a test, build a TD step by step, and audit pages.
 *
 * The suites are kernel code.  What differs between the host build and a
 * kernel (counting WARNs, failing allocations on demand, counting pages in
 * use) sits behind the tdx_test_env_*() functions, implemented once per
 * environment.
 */
#ifndef _TDX_TEST_H
#define _TDX_TEST_H

#include <kunit/test.h>
#include <linux/types.h>

#include <tdx/sim.h>
#include <tdx/sys.h>
#include <tdx/tdx.h>

/* Environment hooks (tests/host_env.c on the host). */
void tdx_test_env_sim_config(struct tdx_sim_config *cfg);
bool tdx_test_env_counts_warnings(void);
unsigned long tdx_test_env_warnings(void);
unsigned long tdx_test_env_violations(void);
bool tdx_test_env_can_fail_allocs(void);
void tdx_test_env_fail_nth_alloc(unsigned long nth);
unsigned long tdx_test_env_alloc_calls(void);
long tdx_test_env_pages_in_use(void);
long tdx_test_env_objects_in_use(void);
void tdx_test_env_dirty_page(struct page *page);

/* Steps of building a TD with vCPUs, in KVM's order. */
enum tdx_test_step {
	TDX_STEP_NONE,
	TDX_STEP_ALLOC,		/* control pages allocated */
	TDX_STEP_CREATE,	/* TDH.MNG.CREATE */
	TDX_STEP_KEY_CONFIG,	/* TDH.MNG.KEY.CONFIG on every package */
	TDX_STEP_ADDCX,		/* TDH.MNG.ADDCX, all TDCS pages */
	TDX_STEP_INIT,		/* TDH.MNG.INIT */
	TDX_STEP_VP_ALLOC,	/* vCPU control pages allocated */
	TDX_STEP_VP_CREATE,	/* TDH.VP.CREATE */
	TDX_STEP_VP_ADDCX,	/* TDH.VP.ADDCX, all TDCX pages */
	TDX_STEP_VP_INIT,	/* TDH.VP.INIT */
	TDX_STEP_FINALIZE,	/* TDH.MR.FINALIZE */
	TDX_STEP_ENTER,		/* TDH.VP.ENTER once per vCPU */
	TDX_STEP_ALL = TDX_STEP_ENTER,
};

#define TDX_TEST_MAX_VPS	4

/**
 * struct tdx_test_td - A TD under test.
 * @td: the TD.
 * @vp: its vCPUs.
 * @nr_vps: vCPUs wanted.
 * @hkid: key id, or 0.
 * @params: TD_PARAMS page.
 * @done: last step completed.
 * @err: status of the step that failed, if one did.
 */
struct tdx_test_td {
	struct tdx_td td;
	struct tdx_vp vp[TDX_TEST_MAX_VPS];
	int nr_vps;
	int hkid;
	struct page *params;
	enum tdx_test_step done;
	u64 err;
};

/* TD_PARAMS fields the simulated module reads. */
#define TDX_TEST_PARAMS_ATTRIBUTES	0
#define TDX_TEST_PARAMS_MAX_VCPUS	16

/* Module pages of the update images tdx_test_image() builds. */
#define TDX_TEST_MODULE_PAGES	3

struct tdx_update_image;

int tdx_test_up(struct kunit *test, const struct tdx_sim_config *cfg);
void tdx_test_down(struct kunit *test);
void tdx_test_config(struct tdx_sim_config *cfg);
int tdx_test_build(struct tdx_test_td *t, enum tdx_test_step last);
int tdx_test_free(struct tdx_test_td *t);
void tdx_test_forget(struct tdx_test_td *t);
void tdx_test_module(struct tdx_sim_module *m, u16 update);
struct tdx_update_image *tdx_test_image(struct kunit *test,
					const struct tdx_sim_module *m);
void tdx_test_image_done(struct kunit *test, struct tdx_update_image *image);
int tdx_test_key_config(struct tdx_td *td);
long tdx_test_baseline_pages(void);
void tdx_test_expect_balanced(struct kunit *test, long stranded);
void tdx_test_expect_warnings(struct kunit *test, unsigned long mark,
			      unsigned long nr);
void tdx_test_expect_pages(struct kunit *test, long before, long delta);
bool tdx_test_env_audits_host(void);

#endif /* _TDX_TEST_H */
