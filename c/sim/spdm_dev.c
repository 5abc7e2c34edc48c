// SPDX-License-Identifier: GPL-2.0
/*
 * Simulated PCIe devices: SPDM responders reached through a stand-in for
 * their DOE mailbox.  The host carries the module's requests here and the
 * answers back (the TDX_SPDM_REQUEST relay); nothing else talks to them.
 *
 * Each device answers in the order SPDM requires: VERSION, CAPABILITIES,
 * ALGORITHMS, then CERTIFICATE and KEY_EXCHANGE, then FINISH opens a
 * session; HEARTBEAT, KEY_UPDATE and END_SESSION need that session.
 * Anything else gets an SPDM ERROR (unexpected request).  A test can make
 * the next request fail (ERROR busy) or go unanswered (a timeout).
 */
#include <linux/bitops.h>
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/mutex.h>
#include <linux/string.h>

#include <tdx/connect.h>
#include <tdx/sim.h>

#include "spdm.h"

#define SIM_MAX_DEVS	8

/* How far a device got with the requester. */
enum sim_dev_stage {
	SIM_DEV_RESET,
	SIM_DEV_VERSION,
	SIM_DEV_CAPS,
	SIM_DEV_ALGS,
	SIM_DEV_KEY_EXCHANGED,
	SIM_DEV_SESSION,
};

struct sim_dev {
	bool used;
	u64 func_id;
	enum sim_dev_stage stage;
	u32 session_id;
	u32 next_session_id;
	enum tdx_sim_dev_fault fault;
	u64 live_streams;
	struct tdx_sim_dev_stats stats;
};

static DEFINE_MUTEX(sim_dev_lock);
static struct sim_dev sim_devs[SIM_MAX_DEVS];

static struct sim_dev *sim_dev_find(u64 func_id)
{
	unsigned int i;

	for (i = 0; i < SIM_MAX_DEVS; i++) {
		if (sim_devs[i].used && sim_devs[i].func_id == func_id)
			return &sim_devs[i];
	}
	return NULL;
}

/**
 * tdx_sim_dev_add() - Plug in a simulated device.
 * @func_id: its function id (TDX_SPDM_FUNC_* fields).
 *
 * Return: 0; -EEXIST for a function id in use; -ENOSPC when 8 are in.
 */
int tdx_sim_dev_add(u64 func_id)
{
	unsigned int i;
	int ret = -ENOSPC;

	mutex_lock(&sim_dev_lock);
	if (sim_dev_find(func_id)) {
		ret = -EEXIST;
		goto out;
	}
	for (i = 0; i < SIM_MAX_DEVS; i++) {
		if (!sim_devs[i].used) {
			memset(&sim_devs[i], 0, sizeof(sim_devs[i]));
			sim_devs[i].used = true;
			sim_devs[i].func_id = func_id;
			sim_devs[i].next_session_id = 0x1000;
			ret = 0;
			break;
		}
	}
out:
	mutex_unlock(&sim_dev_lock);
	return ret;
}
EXPORT_SYMBOL_GPL(tdx_sim_dev_add);

/**
 * tdx_sim_dev_remove() - Unplug a simulated device.
 * @func_id: its function id.
 */
void tdx_sim_dev_remove(u64 func_id)
{
	struct sim_dev *d;

	mutex_lock(&sim_dev_lock);
	d = sim_dev_find(func_id);
	if (d)
		memset(d, 0, sizeof(*d));
	mutex_unlock(&sim_dev_lock);
}
EXPORT_SYMBOL_GPL(tdx_sim_dev_remove);

/**
 * tdx_sim_dev_remove_all() - Unplug every simulated device.
 */
void tdx_sim_dev_remove_all(void)
{
	mutex_lock(&sim_dev_lock);
	memset(sim_devs, 0, sizeof(sim_devs));
	mutex_unlock(&sim_dev_lock);
}
EXPORT_SYMBOL_GPL(tdx_sim_dev_remove_all);

static void sim_dev_reply(struct tdx_spdm_msg *rsp, u8 code, u8 p1,
			  const void *payload, u32 len)
{
	rsp->data[0] = SPDM_VERSION_12;
	rsp->data[1] = code;
	rsp->data[2] = p1;
	rsp->data[3] = 0;
	if (len)
		memcpy(rsp->data + SPDM_HDR_LEN, payload, len);
	rsp->len = SPDM_HDR_LEN + len;
	rsp->rsvd = 0;
}

static u32 sim_dev_session_of(const struct tdx_spdm_msg *req)
{
	u32 id;

	if (req->len < SPDM_HDR_LEN + sizeof(id))
		return 0;
	memcpy(&id, req->data + SPDM_HDR_LEN, sizeof(id));
	return id;
}

/* An IDE_KM request: program keys, start or stop using them. */
static bool sim_dev_ide_km(struct sim_dev *d, const struct tdx_spdm_msg *req,
			   struct tdx_spdm_msg *rsp)
{
	u8 op = req->data[SPDM_HDR_LEN + 4];
	u64 bit = BIT_ULL(req->data[SPDM_HDR_LEN + 5] % 64);

	switch (op) {
	case IDE_KM_KEY_PROG:
		d->stats.keys_programmed++;
		break;
	case IDE_KM_K_SET_GO:
		d->live_streams |= bit;
		break;
	case IDE_KM_K_SET_STOP:
		if (!(d->live_streams & bit))
			return false;
		d->live_streams &= ~bit;
		break;
	default:
		return false;
	}
	d->stats.streams_live = hweight64(d->live_streams);
	/* The answer echoes the session, the operation and the stream. */
	sim_dev_reply(rsp, SPDM_RESPONSE(SPDM_VENDOR_DEFINED_REQUEST), 0,
		      req->data + SPDM_HDR_LEN, IDE_KM_PAYLOAD_LEN);
	return true;
}

/* Answer one request; returns false if it is out of order. */
static bool sim_dev_answer(struct sim_dev *d, const struct tdx_spdm_msg *req,
			   struct tdx_spdm_msg *rsp)
{
	u8 code = req->data[1], cert[SPDM_CERT_LEN];
	bool in_session = d->stage == SIM_DEV_SESSION &&
			  sim_dev_session_of(req) == d->session_id;
	unsigned int i;

	switch (code) {
	case SPDM_GET_VERSION:
		/* A new negotiation ends any session. */
		d->stage = SIM_DEV_VERSION;
		d->stats.session_open = false;
		sim_dev_reply(rsp, SPDM_RESPONSE(code), 0, NULL, 0);
		return true;
	case SPDM_GET_CAPABILITIES:
		if (d->stage != SIM_DEV_VERSION)
			return false;
		d->stage = SIM_DEV_CAPS;
		break;
	case SPDM_NEGOTIATE_ALGORITHMS:
		if (d->stage != SIM_DEV_CAPS)
			return false;
		d->stage = SIM_DEV_ALGS;
		break;
	case SPDM_GET_CERTIFICATE:
		if (d->stage != SIM_DEV_ALGS)
			return false;
		for (i = 0; i < SPDM_CERT_LEN; i++)
			cert[i] = (u8)(d->func_id >> (8 * (i % 3))) ^ i;
		sim_dev_reply(rsp, SPDM_RESPONSE(code), 0, cert, sizeof(cert));
		return true;
	case SPDM_KEY_EXCHANGE:
		if (d->stage != SIM_DEV_ALGS)
			return false;
		d->stage = SIM_DEV_KEY_EXCHANGED;
		d->session_id = d->next_session_id++;
		sim_dev_reply(rsp, SPDM_RESPONSE(code), 0, &d->session_id,
			      sizeof(d->session_id));
		return true;
	case SPDM_FINISH:
		if (d->stage != SIM_DEV_KEY_EXCHANGED ||
		    sim_dev_session_of(req) != d->session_id)
			return false;
		d->stage = SIM_DEV_SESSION;
		d->stats.sessions++;
		d->stats.session_open = true;
		break;
	case SPDM_HEARTBEAT:
		if (!in_session)
			return false;
		d->stats.heartbeats++;
		break;
	case SPDM_KEY_UPDATE:
		if (!in_session)
			return false;
		d->stats.key_updates++;
		break;
	case SPDM_END_SESSION:
		if (!in_session)
			return false;
		d->stage = SIM_DEV_ALGS;
		d->stats.session_open = false;
		break;
	case SPDM_VENDOR_DEFINED_REQUEST:
		if (!in_session || req->len < SPDM_HDR_LEN + IDE_KM_PAYLOAD_LEN)
			return false;
		return sim_dev_ide_km(d, req, rsp);
	default:
		return false;
	}
	sim_dev_reply(rsp, SPDM_RESPONSE(code), 0, NULL, 0);
	return true;
}

/**
 * tdx_sim_dev_doe() - Send a request to a device and take its answer.
 * @func_id: the device.
 * @req: the request, as the module wrote it.
 * @rsp: receives the answer (an SPDM response or ERROR).
 *
 * Return: 0 with @rsp filled; -ENODEV without such a device; -EINVAL for
 * a malformed request; -ETIMEDOUT when the device does not answer.
 */
int tdx_sim_dev_doe(u64 func_id, const struct tdx_spdm_msg *req,
		    struct tdx_spdm_msg *rsp)
{
	struct sim_dev *d;
	int ret = 0;

	if (req->len < SPDM_HDR_LEN || req->len > TDX_SPDM_MSG_MAX)
		return -EINVAL;
	mutex_lock(&sim_dev_lock);
	d = sim_dev_find(func_id);
	if (!d) {
		ret = -ENODEV;
		goto out;
	}
	switch (d->fault) {
	case TDX_SIM_DEV_SILENT:
		ret = -ETIMEDOUT;
		break;
	case TDX_SIM_DEV_ERROR:
		sim_dev_reply(rsp, SPDM_ERROR, SPDM_ERR_BUSY, NULL, 0);
		break;
	default:
		if (req->data[0] != SPDM_VERSION_12 ||
		    !sim_dev_answer(d, req, rsp))
			sim_dev_reply(rsp, SPDM_ERROR,
				      SPDM_ERR_UNEXPECTED_REQUEST, NULL, 0);
		d->stats.messages++;
	}
	d->fault = TDX_SIM_DEV_ANSWER;
out:
	mutex_unlock(&sim_dev_lock);
	return ret;
}
EXPORT_SYMBOL_GPL(tdx_sim_dev_doe);

/**
 * tdx_sim_dev_fault_next() - Make a device mishandle its next request.
 * @func_id: the device.
 * @fault: what it does with it.
 *
 * Return: 0, or -ENODEV without such a device.
 */
int tdx_sim_dev_fault_next(u64 func_id, enum tdx_sim_dev_fault fault)
{
	struct sim_dev *d;

	mutex_lock(&sim_dev_lock);
	d = sim_dev_find(func_id);
	if (d)
		d->fault = fault;
	mutex_unlock(&sim_dev_lock);
	return d ? 0 : -ENODEV;
}
EXPORT_SYMBOL_GPL(tdx_sim_dev_fault_next);

/**
 * tdx_sim_dev_stats() - What a device has seen.
 * @func_id: the device.
 * @stats: receives its counters.
 *
 * Return: 0, or -ENODEV without such a device.
 */
int tdx_sim_dev_stats(u64 func_id, struct tdx_sim_dev_stats *stats)
{
	struct sim_dev *d;

	mutex_lock(&sim_dev_lock);
	d = sim_dev_find(func_id);
	if (d)
		*stats = d->stats;
	mutex_unlock(&sim_dev_lock);
	return d ? 0 : -ENODEV;
}
EXPORT_SYMBOL_GPL(tdx_sim_dev_stats);
