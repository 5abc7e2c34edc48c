// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for TDX Connect objects: SPDM sessions, IDE streams and
 * trusted IOMMUs, with their metadata pages (HPA_ARRAY_T, single and
 * multi-page, or an IOMMU_MT list) released at every stage by one helper;
 * the extension calls' relay to a simulated device, with interruptions,
 * errors and key refresh.
 */
#include <kunit/test.h>
#include <linux/bitfield.h>
#include <linux/errno.h>
#include <linux/mm.h>
#include <linux/string.h>

#include <tdx/connect.h>
#include <tdx/sys.h>

#include "tdx_test.h"

static const unsigned int tdx_spdm_sizes[] = { 1, 2, 512 };

static u64 tdx_test_func_id(u16 rid)
{
	return FIELD_PREP(TDX_SPDM_FUNC_RID, rid);
}

/* Metadata pages the module holds for TDX Connect objects. */
static unsigned long tdx_test_connect_pages(void)
{
	struct tdx_sim_census census;

	tdx_sim_census(&census);
	return census.connect_pages;
}

/* Create, delete and free sessions of 1, 2 and 512 metadata pages. */
static void tdx_connect_spdm_sizes(struct kunit *test)
{
	struct tdx_spdm spdm = {};
	unsigned int i, n;
	u64 err;

	if (tdx_test_up(test, NULL))
		return;
	for (i = 0; i < ARRAY_SIZE(tdx_spdm_sizes); i++) {
		n = tdx_spdm_sizes[i];
		KUNIT_ASSERT_EQ(test, tdx_spdm_alloc(&spdm, n), 0);
		err = tdh_spdm_create(&spdm, tdx_test_func_id(0x100 + i));
		KUNIT_ASSERT_EQ(test, err, TDX_SUCCESS);
		KUNIT_EXPECT_NE(test, spdm.id, 0ULL);
		KUNIT_EXPECT_TRUE(test, spdm.mt.given && spdm.mt.need_wbinvd);
		KUNIT_EXPECT_EQ(test, tdx_test_connect_pages(), (unsigned long)n);
		KUNIT_EXPECT_EQ(test, tdh_spdm_delete(&spdm), TDX_SUCCESS);
		KUNIT_EXPECT_EQ(test, tdx_test_connect_pages(), 0UL);
		KUNIT_EXPECT_FALSE(test, spdm.mt.given);
		/* Its pages wait for their write-back: no second create. */
		KUNIT_EXPECT_EQ(test, tdh_spdm_create(&spdm,
						      tdx_test_func_id(0x100)),
				TDX_SW_BAD_INPUT);
		/* Released pages are written back with the global key. */
		KUNIT_EXPECT_EQ(test, tdx_spdm_free(&spdm), 0);
		KUNIT_EXPECT_EQ(test, tdx_sim_calls(TDX_SIM_PHYMEM_PAGE_WBINVD),
				(u64)(i ? 1 + 2 + (i > 1 ? 512 : 0) : 1));
	}
	KUNIT_EXPECT_EQ(test, tdx_sim_calls(TDX_SIM_SPDM_CREATE), 3ULL);
	tdx_test_expect_pages(test, tdx_test_baseline_pages(), 0);
	tdx_test_down(test);
}

/* One helper releases a session at each stage; the module agrees. */
static void tdx_connect_spdm_free_at_each_stage(struct kunit *test)
{
	struct tdx_spdm spdm = {};
	unsigned int stage;

	if (tdx_test_up(test, NULL))
		return;
	for (stage = 0; stage < 4; stage++) {
		if (stage > 0)
			KUNIT_ASSERT_EQ(test, tdx_spdm_alloc(&spdm, 3), 0);
		if (stage > 1)
			KUNIT_ASSERT_EQ(test,
					tdh_spdm_create(&spdm, tdx_test_func_id(7)),
					TDX_SUCCESS);
		if (stage > 2)
			KUNIT_ASSERT_EQ(test, tdh_spdm_delete(&spdm), TDX_SUCCESS);
		KUNIT_EXPECT_EQ(test, tdx_spdm_free(&spdm), 0);
		KUNIT_EXPECT_EQ(test, tdx_test_connect_pages(), 0UL);
		KUNIT_EXPECT_NULL(test, spdm.mt.list);
	}
	tdx_test_expect_pages(test, tdx_test_baseline_pages(), 0);
	tdx_test_down(test);
}

/* A refused delete strands the metadata pages with one warning. */
static void tdx_connect_spdm_delete_refused(struct kunit *test)
{
	struct tdx_spdm spdm = {};
	unsigned long warns;

	if (tdx_test_up(test, NULL))
		return;
	KUNIT_ASSERT_EQ(test, tdx_spdm_alloc(&spdm, 4), 0);
	KUNIT_ASSERT_EQ(test, tdh_spdm_create(&spdm, tdx_test_func_id(1)),
			TDX_SUCCESS);
	/* Contention keeps everything for a retry. */
	tdx_sim_fail_call(TDX_SIM_SPDM_DELETE, 1, TDX_SYS_BUSY);
	KUNIT_EXPECT_EQ(test, tdx_spdm_free(&spdm), -EBUSY);
	KUNIT_EXPECT_TRUE(test, spdm.mt.given);
	tdx_sim_fail_call(TDX_SIM_SPDM_DELETE, 1, TDX_OPERAND_INVALID);
	warns = tdx_test_env_warnings();
	KUNIT_EXPECT_EQ(test, tdx_spdm_free(&spdm), -EIO);
	tdx_test_expect_warnings(test, warns, 1);
	KUNIT_EXPECT_EQ(test, tdx_test_connect_pages(), 4UL);
	tdx_test_expect_pages(test, tdx_test_baseline_pages(), 4);
	tdx_test_down(test);
}

/* What the module and the wrappers refuse. */
static void tdx_connect_spdm_refusals(struct kunit *test)
{
	struct tdx_spdm a = {}, b = {}, c = {};
	struct tdx_sim_config cfg;
	u64 err, own;

	tdx_test_config(&cfg);
	cfg.memory_pool_required_pages = 8;
	cfg.ext_required = true;
	if (tdx_test_up(test, &cfg))
		return;
	KUNIT_ASSERT_EQ(test, tdx_spdm_alloc(&a, 1), 0);
	KUNIT_ASSERT_EQ(test, tdx_spdm_alloc(&b, 2), 0);
	/* Not before the extensions run. */
	err = tdh_spdm_create(&a, tdx_test_func_id(1));
	KUNIT_EXPECT_EQ(test, err, TDX_SYS_STATE_INCORRECT);
	KUNIT_ASSERT_EQ(test, tdx_ext_enable(), 0);
	KUNIT_EXPECT_EQ(test, tdh_spdm_create(&a, tdx_test_func_id(1)),
			TDX_SUCCESS);
	/* One session per function. */
	err = tdh_spdm_create(&b, tdx_test_func_id(1));
	KUNIT_EXPECT_EQ(test, err, TDX_OPERAND_INVALID | TDX_OPERAND_ID_RCX);
	/* Pages another session holds. */
	own = b.mt.list->phys[1];
	b.mt.list->phys[1] = a.mt.list->phys[0];
	err = tdh_spdm_create(&b, tdx_test_func_id(2));
	KUNIT_EXPECT_EQ(test, err,
			TDX_PAGE_METADATA_INCORRECT | TDX_OPERAND_ID_RDX);
	b.mt.list->phys[1] = b.mt.list->phys[0];
	err = tdh_spdm_create(&b, tdx_test_func_id(2));
	KUNIT_EXPECT_EQ(test, err, TDX_OPERAND_INVALID | TDX_OPERAND_ID_RDX);
	/* The wrappers: reserved function bits, no pages, not created. */
	KUNIT_EXPECT_EQ(test, tdh_spdm_create(&c, tdx_test_func_id(3)),
			TDX_SW_BAD_INPUT);
	KUNIT_EXPECT_EQ(test, tdh_spdm_delete(&c), TDX_SW_BAD_INPUT);
	KUNIT_ASSERT_EQ(test, tdx_spdm_alloc(&c, 1), 0);
	KUNIT_EXPECT_EQ(test, tdh_spdm_create(&c, BIT_ULL(40)),
			TDX_SW_BAD_INPUT);
	KUNIT_EXPECT_EQ(test, tdh_spdm_create(&a, tdx_test_func_id(4)),
			TDX_SW_BAD_INPUT);
	KUNIT_EXPECT_EQ(test, tdx_sim_calls(TDX_SIM_SPDM_CREATE), 5ULL);
	KUNIT_EXPECT_EQ(test, tdx_test_connect_pages(), 1UL);

	KUNIT_EXPECT_EQ(test, tdx_spdm_free(&a), 0);
	b.mt.list->phys[1] = own;
	KUNIT_EXPECT_EQ(test, tdx_spdm_free(&b), 0);
	KUNIT_EXPECT_EQ(test, tdx_spdm_free(&c), 0);
	KUNIT_EXPECT_EQ(test, tdx_test_connect_pages(), 0UL);
	tdx_test_expect_pages(test, tdx_test_baseline_pages(), 8);
	tdx_test_down(test);
}

/* Which SPDM extension call a relay loop drives. */
enum tdx_test_spdm_call {
	TDX_TEST_CONNECT,
	TDX_TEST_DISCONNECT,
	TDX_TEST_HEARTBEAT,
	TDX_TEST_KEY_UPDATE,
	TDX_TEST_KM_SETUP,
	TDX_TEST_KM_REFRESH,
	TDX_TEST_KM_STOP,
};

/* The stream a key-management relay loop works on. */
static struct tdx_ide_stream *tdx_test_km_stream;

/**
 * struct tdx_test_relay - What one relay loop saw.
 * @exchanges: requests carried to the device.
 * @interrupts: interrupted calls re-issued.
 * @doe: the first mailbox error, or 0.
 */
struct tdx_test_relay {
	unsigned int exchanges;
	unsigned int interrupts;
	int doe;
};

static u64 tdx_test_spdm_call(struct tdx_spdm *spdm,
			      enum tdx_test_spdm_call call,
			      struct tdx_spdm_xfer *x)
{
	switch (call) {
	case TDX_TEST_CONNECT:
		return tdh_spdm_connect(spdm, x);
	case TDX_TEST_DISCONNECT:
		return tdh_spdm_disconnect(spdm, x);
	case TDX_TEST_HEARTBEAT:
		return tdh_spdm_mng(spdm, TDX_SPDM_OP_HEARTBEAT, x);
	case TDX_TEST_KEY_UPDATE:
		return tdh_spdm_mng(spdm, TDX_SPDM_OP_KEY_UPDATE, x);
	case TDX_TEST_KM_SETUP:
		return tdh_ide_stream_km(tdx_test_km_stream, TDX_IDE_KM_SETUP, x);
	case TDX_TEST_KM_REFRESH:
		return tdh_ide_stream_km(tdx_test_km_stream, TDX_IDE_KM_REFRESH,
					 x);
	default:
		return tdh_ide_stream_km(tdx_test_km_stream, TDX_IDE_KM_STOP, x);
	}
}

/*
 * Drive one SPDM operation the way a host driver does: re-issue the same
 * call after an interruption; after TDX_SPDM_REQUEST carry the request to
 * the device and its answer back, then re-issue.  It ends when the module
 * says anything else; the bound only stops a broken module or device.
 */
static u64 tdx_test_spdm_relay(struct tdx_spdm *spdm,
			       enum tdx_test_spdm_call call,
			       struct tdx_spdm_xfer *x,
			       struct tdx_test_relay *r)
{
	unsigned int n;
	u64 err = TDX_SW_BAD_INPUT;

	memset(r, 0, sizeof(*r));
	for (n = 0; n < TDX_SPDM_MAX_EXCHANGES; n++) {
		err = tdx_test_spdm_call(spdm, call, x);
		if (tdx_status_interrupted(err)) {
			r->interrupts++;
			continue;
		}
		if (!tdx_status_is(err, TDX_SPDM_REQUEST))
			break;
		r->exchanges++;
		r->doe = tdx_sim_dev_doe(spdm->func_id,
					 page_address(x->request),
					 page_address(x->response));
		if (r->doe)
			break;
	}
	return err;
}

/* A session up and set up: created, its device plugged in. */
static void tdx_test_spdm_setup(struct kunit *test, struct tdx_spdm *spdm,
				struct tdx_spdm_xfer *x, u16 rid)
{
	KUNIT_ASSERT_EQ(test, tdx_sim_dev_add(tdx_test_func_id(rid)), 0);
	KUNIT_ASSERT_EQ(test, tdx_spdm_alloc(spdm, 2), 0);
	KUNIT_ASSERT_EQ(test, tdh_spdm_create(spdm, tdx_test_func_id(rid)),
			TDX_SUCCESS);
	/* Two output pages: the device information goes into the first. */
	KUNIT_ASSERT_EQ(test, tdx_spdm_xfer_alloc(x, 2), 0);
}

static void tdx_test_spdm_teardown(struct kunit *test, struct tdx_spdm *spdm,
				   struct tdx_spdm_xfer *x)
{
	KUNIT_EXPECT_EQ(test, tdx_spdm_free(spdm), 0);
	tdx_spdm_xfer_free(x);
}

/* Connect, heartbeat, key update, disconnect, through the relay. */
static void tdx_connect_spdm_session(struct kunit *test)
{
	struct tdx_sim_dev_stats st;
	struct tdx_test_relay r;
	struct tdx_spdm_xfer x = {};
	struct tdx_spdm spdm = {};
	const u8 *info;
	u64 err;

	if (tdx_test_up(test, NULL))
		return;
	tdx_sim_dev_remove_all();
	tdx_test_spdm_setup(test, &spdm, &x, 0x10);
	err = tdx_test_spdm_relay(&spdm, TDX_TEST_CONNECT, &x, &r);
	KUNIT_EXPECT_EQ(test, err, TDX_SUCCESS);
	KUNIT_EXPECT_EQ(test, r.exchanges, 6U);
	KUNIT_EXPECT_EQ(test, r.interrupts, 0U);
	/* The device information: its certificate, then the session id. */
	KUNIT_EXPECT_EQ(test, x.len, 36ULL);
	info = page_address(tdx_page_list_page(&x.out, 0));
	KUNIT_EXPECT_EQ(test, info[0], (u8)0x10);
	KUNIT_EXPECT_EQ(test, info[1], (u8)1);
	KUNIT_EXPECT_EQ(test, *(const u32 *)(info + 32), 0x1000U);

	/* Connected once: a second connect is refused at once. */
	KUNIT_EXPECT_EQ(test, tdh_spdm_connect(&spdm, &x),
			TDX_SYS_STATE_INCORRECT);
	KUNIT_EXPECT_EQ(test, tdx_test_spdm_relay(&spdm, TDX_TEST_HEARTBEAT,
						  &x, &r), TDX_SUCCESS);
	KUNIT_EXPECT_EQ(test, r.exchanges, 1U);
	/* The connect's output length outlives later calls. */
	KUNIT_EXPECT_EQ(test, x.len, 0ULL);
	KUNIT_EXPECT_EQ(test, x.out_len, 36ULL);
	KUNIT_EXPECT_EQ(test, tdx_test_spdm_relay(&spdm, TDX_TEST_KEY_UPDATE,
						  &x, &r), TDX_SUCCESS);
	KUNIT_EXPECT_EQ(test, tdx_test_spdm_relay(&spdm, TDX_TEST_DISCONNECT,
						  &x, &r), TDX_SUCCESS);
	KUNIT_ASSERT_EQ(test, tdx_sim_dev_stats(tdx_test_func_id(0x10), &st), 0);
	KUNIT_EXPECT_EQ(test, st.messages, 9U);
	KUNIT_EXPECT_EQ(test, st.sessions, 1U);
	KUNIT_EXPECT_EQ(test, st.heartbeats, 1U);
	KUNIT_EXPECT_EQ(test, st.key_updates, 1U);
	KUNIT_EXPECT_FALSE(test, st.session_open);
	/* Disconnected: management needs a session again. */
	KUNIT_EXPECT_EQ(test, tdh_spdm_mng(&spdm, TDX_SPDM_OP_HEARTBEAT, &x),
			TDX_SYS_STATE_INCORRECT);
	tdx_test_spdm_teardown(test, &spdm, &x);
	tdx_test_expect_pages(test, tdx_test_baseline_pages(), 0);
	tdx_sim_dev_remove_all();
	tdx_test_down(test);
}

/* Interrupted after every message step: same inputs again, no resend. */
static void tdx_connect_spdm_interrupted(struct kunit *test)
{
	struct tdx_sim_dev_stats st;
	struct tdx_test_relay r;
	struct tdx_spdm_xfer x = {};
	struct tdx_spdm spdm = {};

	if (tdx_test_up(test, NULL))
		return;
	tdx_sim_dev_remove_all();
	tdx_test_spdm_setup(test, &spdm, &x, 0x11);
	tdx_sim_interrupt_every(TDX_SIM_SPDM_CONNECT, 1);
	KUNIT_EXPECT_EQ(test, tdx_test_spdm_relay(&spdm, TDX_TEST_CONNECT,
						  &x, &r), TDX_SUCCESS);
	KUNIT_EXPECT_EQ(test, r.exchanges, 6U);
	/* After each of the first five answers; the sixth ends the call. */
	KUNIT_EXPECT_EQ(test, r.interrupts, 5U);
	KUNIT_EXPECT_EQ(test, tdx_sim_calls(TDX_SIM_SPDM_CONNECT), 12ULL);
	KUNIT_ASSERT_EQ(test, tdx_sim_dev_stats(tdx_test_func_id(0x11), &st), 0);
	KUNIT_EXPECT_EQ(test, st.messages, 6U);
	KUNIT_EXPECT_TRUE(test, st.session_open);
	tdx_test_spdm_teardown(test, &spdm, &x);
	tdx_sim_dev_remove_all();
	tdx_test_down(test);
}

/* One extension call at a time; a wrong answer ends only its own call. */
static void tdx_connect_spdm_queue_and_errors(struct kunit *test)
{
	struct tdx_spdm_xfer xa = {}, xb = {};
	struct tdx_spdm a = {}, b = {};
	struct tdx_test_relay r;
	u64 err;

	if (tdx_test_up(test, NULL))
		return;
	tdx_sim_dev_remove_all();
	tdx_test_spdm_setup(test, &a, &xa, 0x20);
	tdx_test_spdm_setup(test, &b, &xb, 0x21);
	/* a's connect waits for its first answer: b's call is refused. */
	KUNIT_EXPECT_TRUE(test, tdx_status_is(tdh_spdm_connect(&a, &xa),
					      TDX_SPDM_REQUEST));
	err = tdh_spdm_connect(&b, &xb);
	KUNIT_EXPECT_EQ(test, err, TDX_OPERAND_BUSY | TDX_OPERAND_ID_RCX);
	/* Re-issued without an answer, a's call asks again. */
	KUNIT_EXPECT_TRUE(test, tdx_status_is(tdh_spdm_connect(&a, &xa),
					      TDX_SPDM_REQUEST));
	/* The device fails its third answer: a's connect ends in error. */
	KUNIT_ASSERT_EQ(test, tdx_sim_dev_doe(a.func_id,
					      page_address(xa.request),
					      page_address(xa.response)), 0);
	KUNIT_EXPECT_TRUE(test, tdx_status_is(tdh_spdm_connect(&a, &xa),
					      TDX_SPDM_REQUEST));
	KUNIT_ASSERT_EQ(test, tdx_sim_dev_doe(a.func_id,
					      page_address(xa.request),
					      page_address(xa.response)), 0);
	tdx_sim_dev_fault_next(a.func_id, TDX_SIM_DEV_ERROR);
	err = tdx_test_spdm_relay(&a, TDX_TEST_CONNECT, &xa, &r);
	KUNIT_EXPECT_EQ(test, err, TDX_OPERAND_INVALID | TDX_OPERAND_ID_R8);
	/* The queue is free: b connects; then a, from the start. */
	KUNIT_EXPECT_EQ(test, tdx_test_spdm_relay(&b, TDX_TEST_CONNECT, &xb,
						  &r), TDX_SUCCESS);
	KUNIT_EXPECT_EQ(test, tdx_test_spdm_relay(&a, TDX_TEST_CONNECT, &xa,
						  &r), TDX_SUCCESS);
	KUNIT_EXPECT_EQ(test, r.exchanges, 6U);
	/* A silent device: the host gives up; deleting drops the call. */
	KUNIT_EXPECT_EQ(test, tdx_test_spdm_relay(&a, TDX_TEST_DISCONNECT, &xa,
						  &r), TDX_SUCCESS);
	tdx_sim_dev_fault_next(b.func_id, TDX_SIM_DEV_SILENT);
	err = tdx_test_spdm_relay(&b, TDX_TEST_HEARTBEAT, &xb, &r);
	KUNIT_EXPECT_EQ(test, r.doe, -ETIMEDOUT);
	KUNIT_EXPECT_TRUE(test, tdx_status_is(err, TDX_SPDM_REQUEST));
	KUNIT_EXPECT_EQ(test, tdh_spdm_connect(&a, &xa),
			TDX_OPERAND_BUSY | TDX_OPERAND_ID_RCX);
	tdx_test_spdm_teardown(test, &b, &xb);
	KUNIT_EXPECT_TRUE(test, tdx_status_is(tdh_spdm_connect(&a, &xa),
					      TDX_SPDM_REQUEST));
	tdx_test_spdm_teardown(test, &a, &xa);
	KUNIT_EXPECT_EQ(test, tdx_test_connect_pages(), 0UL);
	tdx_sim_dev_remove_all();
	tdx_test_down(test);
}

/* A worn session key: update it when asked, then carry on. */
static void tdx_connect_spdm_key_refresh(struct kunit *test)
{
	struct tdx_sim_config cfg;
	struct tdx_test_relay r;
	struct tdx_spdm_xfer x = {};
	struct tdx_spdm spdm = {};
	unsigned int i, refreshes = 0;
	u64 err;

	tdx_test_config(&cfg);
	cfg.spdm_key_ops = 2;
	if (tdx_test_up(test, &cfg))
		return;
	tdx_sim_dev_remove_all();
	tdx_test_spdm_setup(test, &spdm, &x, 0x30);
	KUNIT_ASSERT_EQ(test, tdx_test_spdm_relay(&spdm, TDX_TEST_CONNECT, &x,
						  &r), TDX_SUCCESS);
	for (i = 0; i < 5; i++) {
		err = tdx_test_spdm_relay(&spdm, TDX_TEST_HEARTBEAT, &x, &r);
		/* As the series does: refresh the key, retry once. */
		if (tdx_status_is(err, TDX_SPDM_SESSION_KEY_REQUIRE_REFRESH)) {
			refreshes++;
			KUNIT_EXPECT_EQ(test, r.exchanges, 0U);
			KUNIT_ASSERT_EQ(test,
					tdx_test_spdm_relay(&spdm,
							    TDX_TEST_KEY_UPDATE,
							    &x, &r),
					TDX_SUCCESS);
			err = tdx_test_spdm_relay(&spdm, TDX_TEST_HEARTBEAT,
						  &x, &r);
		}
		KUNIT_EXPECT_EQ(test, err, TDX_SUCCESS);
	}
	/* Two heartbeats per key: refreshed before the 3rd and the 5th. */
	KUNIT_EXPECT_EQ(test, refreshes, 2U);
	tdx_test_spdm_teardown(test, &spdm, &x);
	tdx_sim_dev_remove_all();
	tdx_test_down(test);
}

/* An IDE stream: keys set up, refreshed, stopped; released at each stage. */
static void tdx_connect_ide_stream(struct kunit *test)
{
	struct tdx_ide_stream_cfg cfg = {
		.info = FIELD_PREP(TDX_IDE_STREAM_RP_DEVFN, 0x08) |
			TDX_IDE_STREAM_SELECTIVE,
	};
	struct tdx_ide_stream st = {};
	struct tdx_sim_dev_stats ds;
	struct tdx_spdm_xfer x = {};
	struct tdx_spdm spdm = {};
	struct tdx_test_relay r;
	unsigned int stage;
	u64 err;

	if (tdx_test_up(test, NULL))
		return;
	tdx_sim_dev_remove_all();
	tdx_test_spdm_setup(test, &spdm, &x, 0x40);
	KUNIT_ASSERT_EQ(test, tdx_ide_stream_alloc(&st, 2), 0);
	/* Streams need the secure session. */
	KUNIT_EXPECT_EQ(test, tdh_ide_stream_create(&st, &spdm, &cfg),
			TDX_SYS_STATE_INCORRECT);
	KUNIT_ASSERT_EQ(test, tdx_test_spdm_relay(&spdm, TDX_TEST_CONNECT, &x,
						  &r), TDX_SUCCESS);
	tdx_test_km_stream = &st;
	for (stage = 0; stage < 3; stage++) {
		if (!st.mt.list)
			KUNIT_ASSERT_EQ(test, tdx_ide_stream_alloc(&st, 2), 0);
		KUNIT_ASSERT_EQ(test, tdh_ide_stream_create(&st, &spdm, &cfg),
				TDX_SUCCESS);
		KUNIT_EXPECT_EQ(test, tdx_test_connect_pages(), 2UL + 2UL);
		/* The session is not ended, nor deleted, under its stream. */
		KUNIT_EXPECT_EQ(test, tdh_spdm_disconnect(&spdm, &x),
				TDX_SYS_STATE_INCORRECT);
		KUNIT_EXPECT_EQ(test, tdh_spdm_delete(&spdm),
				TDX_SYS_STATE_INCORRECT);
		if (stage > 0) {
			tdx_sim_interrupt_every(TDX_SIM_IDE_STREAM_KM, 1);
			err = tdx_test_spdm_relay(&spdm, TDX_TEST_KM_SETUP, &x,
						  &r);
			KUNIT_EXPECT_EQ(test, err, TDX_SUCCESS);
			KUNIT_EXPECT_EQ(test, r.exchanges, 2U);
			KUNIT_EXPECT_EQ(test, r.interrupts, 1U);
			tdx_sim_interrupt_every(TDX_SIM_IDE_STREAM_KM, 0);
			/* Set up once; then refreshed. */
			err = tdh_ide_stream_km(&st, TDX_IDE_KM_SETUP, &x);
			KUNIT_EXPECT_EQ(test, err, TDX_SYS_STATE_INCORRECT);
			KUNIT_EXPECT_EQ(test,
					tdx_test_spdm_relay(&spdm,
							    TDX_TEST_KM_REFRESH,
							    &x, &r),
					TDX_SUCCESS);
		}
		if (stage > 1) {
			KUNIT_EXPECT_EQ(test,
					tdx_test_spdm_relay(&spdm,
							    TDX_TEST_KM_STOP,
							    &x, &r),
					TDX_SUCCESS);
			/* An unblocked stream is not deleted. */
			KUNIT_EXPECT_EQ(test, tdh_ide_stream_delete(&st),
					TDX_SYS_STATE_INCORRECT);
		}
		/* The session is not freed under its stream. */
		KUNIT_EXPECT_EQ(test, tdx_spdm_free(&spdm), -EBUSY);
		/* A key update left half-way: the release drops it. */
		if (stage == 1) {
			err = tdh_ide_stream_km(&st, TDX_IDE_KM_REFRESH, &x);
			KUNIT_EXPECT_TRUE(test,
					  tdx_status_is(err, TDX_SPDM_REQUEST));
		}
		/* Created, keyed, or stopped: one call releases it. */
		KUNIT_EXPECT_EQ(test, tdx_ide_stream_free(&st), 0);
		KUNIT_EXPECT_EQ(test, tdx_test_connect_pages(), 2UL);
	}
	KUNIT_ASSERT_EQ(test, tdx_sim_dev_stats(spdm.func_id, &ds), 0);
	KUNIT_EXPECT_EQ(test, ds.keys_programmed, 4U);
	/* Stage 1 left its keys in use on the device (blocked, not stopped). */
	KUNIT_EXPECT_EQ(test, ds.streams_live, 1U);
	tdx_test_km_stream = NULL;
	tdx_test_spdm_teardown(test, &spdm, &x);
	KUNIT_EXPECT_EQ(test, tdx_test_connect_pages(), 0UL);
	tdx_test_expect_pages(test, tdx_test_baseline_pages(), 0);
	tdx_sim_dev_remove_all();
	tdx_test_down(test);
}

/* A trusted IOMMU: setup and clear, interrupted; released at each stage. */
static void tdx_connect_iommu(struct kunit *test)
{
	const u64 vtbar = 0xFED90000;
	struct tdx_iommu iommu = {};
	unsigned int calls, stage;
	unsigned long warns;
	u64 err;

	if (tdx_test_up(test, NULL))
		return;
	/* Queues of 4 pages each, and 3 single pages: 11 pages. */
	KUNIT_ASSERT_EQ(test, tdx_iommu_alloc(&iommu, 2, 3), 0);
	/* A unit without TDX mode: nothing taken. */
	KUNIT_EXPECT_EQ(test, tdh_iommu_setup(&iommu, 0xFED91000),
			TDX_OPERAND_INVALID | TDX_OPERAND_ID_RCX);
	KUNIT_EXPECT_EQ(test, tdx_test_connect_pages(), 0UL);
	/* Interrupted after each entry: the same inputs again. */
	tdx_sim_interrupt_every(TDX_SIM_IOMMU_SETUP, 1);
	calls = 0;
	do {
		err = tdh_iommu_setup(&iommu, vtbar);
		calls++;
	} while (tdx_status_interrupted(err));
	KUNIT_EXPECT_EQ(test, err, TDX_SUCCESS);
	KUNIT_EXPECT_EQ(test, calls, 5U);
	KUNIT_EXPECT_EQ(test, tdx_test_connect_pages(), 11UL);
	KUNIT_EXPECT_NE(test, iommu.id, 0ULL);
	/* Released with the clear resumed to its end and written back. */
	KUNIT_EXPECT_EQ(test, tdx_iommu_free(&iommu), 0);
	KUNIT_EXPECT_EQ(test, tdx_test_connect_pages(), 0UL);
	KUNIT_EXPECT_EQ(test, tdx_sim_calls(TDX_SIM_IOMMU_CLEAR), 5ULL);
	KUNIT_EXPECT_EQ(test, tdx_sim_calls(TDX_SIM_PHYMEM_PAGE_WBINVD), 11ULL);
	tdx_sim_interrupt_every(TDX_SIM_IOMMU_SETUP, 0);

	/*
	 * Each stage: allocated; set up; cleared by the caller; a setup
	 * interrupted and abandoned.  One call releases it, and the module
	 * sees no page freed before its write-back (tdx_test_down()).
	 */
	for (stage = 0; stage < 4; stage++) {
		KUNIT_ASSERT_EQ(test, tdx_iommu_alloc(&iommu, 0, 1), 0);
		if (stage == 1 || stage == 2)
			KUNIT_ASSERT_EQ(test, tdh_iommu_setup(&iommu, vtbar),
					TDX_SUCCESS);
		if (stage == 2) {
			KUNIT_ASSERT_EQ(test, tdh_iommu_clear(&iommu),
					TDX_SUCCESS);
			/* Not set up again before the write-back. */
			KUNIT_EXPECT_EQ(test, tdh_iommu_setup(&iommu, vtbar),
					TDX_SW_BAD_INPUT);
		}
		if (stage == 3) {
			tdx_sim_interrupt_every(TDX_SIM_IOMMU_SETUP, 1);
			KUNIT_ASSERT_EQ(test, tdh_iommu_setup(&iommu, vtbar),
					TDX_INTERRUPTED_RESUMABLE);
			KUNIT_EXPECT_TRUE(test, iommu.pending);
		}
		KUNIT_EXPECT_EQ(test, tdx_iommu_free(&iommu), 0);
		KUNIT_EXPECT_EQ(test, tdx_test_connect_pages(), 0UL);
		tdx_sim_interrupt_every(TDX_SIM_IOMMU_SETUP, 0);
	}
	KUNIT_EXPECT_EQ(test, tdx_sim_violations(), 0U);
	/* A refused clear strands the pages with one warning. */
	KUNIT_ASSERT_EQ(test, tdx_iommu_alloc(&iommu, 0, 1), 0);
	KUNIT_ASSERT_EQ(test, tdh_iommu_setup(&iommu, vtbar), TDX_SUCCESS);
	tdx_sim_fail_call(TDX_SIM_IOMMU_CLEAR, 1, TDX_SYS_BUSY);
	warns = tdx_test_env_warnings();
	KUNIT_EXPECT_EQ(test, tdx_iommu_free(&iommu), -EIO);
	tdx_test_expect_warnings(test, warns, 1);
	KUNIT_EXPECT_EQ(test, tdx_test_connect_pages(), 3UL);
	tdx_test_expect_pages(test, tdx_test_baseline_pages(), 3);
	tdx_test_down(test);
}

/*
 * An extension call resumes with the inputs it started with: other
 * message pages are refused, and the call in flight is untouched.
 */
static void tdx_connect_spdm_same_inputs(struct kunit *test)
{
	struct tdx_spdm_xfer x = {}, other = {};
	struct tdx_spdm spdm = {};

	if (tdx_test_up(test, NULL))
		return;
	KUNIT_ASSERT_EQ(test, tdx_spdm_alloc(&spdm, 1), 0);
	KUNIT_ASSERT_EQ(test, tdx_spdm_xfer_alloc(&x, 1), 0);
	KUNIT_ASSERT_EQ(test, tdx_spdm_xfer_alloc(&other, 1), 0);
	KUNIT_ASSERT_EQ(test, tdh_spdm_create(&spdm, tdx_test_func_id(0x55)),
			TDX_SUCCESS);
	KUNIT_ASSERT_EQ(test, tdh_spdm_connect(&spdm, &x), TDX_SPDM_REQUEST);
	/* The response page is checked first (R8 in TDH.SPDM.CONNECT). */
	KUNIT_EXPECT_EQ(test, tdh_spdm_connect(&spdm, &other),
			TDX_OPERAND_INVALID | TDX_OPERAND_ID_R8);
	/* The same inputs again: the module asks for the same request. */
	KUNIT_EXPECT_EQ(test, tdh_spdm_connect(&spdm, &x), TDX_SPDM_REQUEST);
	KUNIT_EXPECT_EQ(test, tdx_spdm_free(&spdm), 0);
	tdx_spdm_xfer_free(&x);
	tdx_spdm_xfer_free(&other);
	tdx_test_expect_pages(test, tdx_test_baseline_pages(), 0);
	tdx_test_down(test);
}

static struct kunit_case tdx_connect_test_cases[] = {
	KUNIT_CASE(tdx_connect_spdm_sizes),
	KUNIT_CASE(tdx_connect_spdm_free_at_each_stage),
	KUNIT_CASE(tdx_connect_spdm_delete_refused),
	KUNIT_CASE(tdx_connect_spdm_refusals),
	KUNIT_CASE(tdx_connect_spdm_session),
	KUNIT_CASE(tdx_connect_spdm_interrupted),
	KUNIT_CASE(tdx_connect_spdm_queue_and_errors),
	KUNIT_CASE(tdx_connect_spdm_key_refresh),
	KUNIT_CASE(tdx_connect_ide_stream),
	KUNIT_CASE(tdx_connect_iommu),
	KUNIT_CASE(tdx_connect_spdm_same_inputs),
	{}
};

static struct kunit_suite tdx_connect_test_suite = {
	.name = "tdx_connect",
	.test_cases = tdx_connect_test_cases,
};

kunit_test_suite(tdx_connect_test_suite);
