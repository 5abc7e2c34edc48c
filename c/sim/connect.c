// SPDX-License-Identifier: GPL-2.0
/*
 * TDX Connect objects of the simulated TDX module: SPDM sessions.
 *
 * TDH.SPDM.CREATE takes metadata pages named by an HPA_ARRAY_T and makes
 * a session object for one device function; TDH.SPDM.DELETE releases the
 * pages (written with the global key, so the host must write them back
 * with TDH.PHYMEM.PAGE.WBINVD) and reports them in an HPA_ARRAY_T.
 *
 * TDH.SPDM.CONNECT, DISCONNECT and MNG are extension calls: the module
 * talks SPDM to the device through the host.  Each call runs the
 * operation's messages until it needs the device: it writes a request
 * into the request page and returns TDX_SPDM_REQUEST; the host carries it
 * to the device, writes the answer into the response page and calls again
 * with the same inputs.  Calls can also be interrupted between messages
 * (same inputs again).  One extension call is in flight at a time: a call
 * for another session or operation gets TDX_OPERAND_BUSY until it ends.  No
 * module source for these leaves was available: the register layout
 * follows the Linux TDX Connect patches (LP-TC v2) and every rule that is
 * not in them is marked "Inferred".
 */
#include <linux/bitfield.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <asm/page.h>

#include <tdx/connect.h>
#include <tdx/hpa_list.h>
#include <tdx/sys.h>

#include "sim.h"
#include "spdm.h"

/*
 * Inferred: TDX Connect leaves exist only with the TDX Connect feature,
 * and run on the extensions, so these must be initialised first.
 */
static u64 sim_connect_ready(void)
{
	const struct tdx_sim_config *cfg = &tdx_sim->cfg;

	if (!(cfg->features0 & TDX_FEATURES0_TDX_CONNECT))
		return sim_err(TDX_OPERAND_INVALID, TDX_OPERAND_ID_RAX);
	if (cfg->ext_required && !tdx_sim->ext_done)
		return TDX_SYS_STATE_INCORRECT;
	return TDX_SUCCESS;
}

static struct sim_spdm *sim_spdm_find(u64 id)
{
	unsigned int i;

	for (i = 0; id && i < SIM_MAX_SPDM; i++) {
		if (tdx_sim->spdm[i].id == id)
			return &tdx_sim->spdm[i];
	}
	return NULL;
}

static struct sim_ide *sim_ide_find(struct sim_spdm *s, u64 id)
{
	unsigned int i;

	for (i = 0; id && i < SIM_MAX_IDE; i++) {
		if (tdx_sim->ide[i].id == id && tdx_sim->ide[i].spdm == s)
			return &tdx_sim->ide[i];
	}
	return NULL;
}

/* Whether another live stream has @st's id. */
static bool sim_ide_id_used(const struct sim_ide *st)
{
	unsigned int i;

	for (i = 0; i < SIM_MAX_IDE; i++) {
		if (&tdx_sim->ide[i] != st && tdx_sim->ide[i].id == st->id)
			return true;
	}
	return false;
}

static unsigned int sim_ide_count(struct sim_spdm *s)
{
	unsigned int i, n = 0;

	for (i = 0; i < SIM_MAX_IDE; i++)
		n += tdx_sim->ide[i].id && tdx_sim->ide[i].spdm == s;
	return n;
}

/*
 * Decode an HPA_ARRAY_T into @pages (up to 512).  Returns the number of
 * pages, or 0 for a malformed encoding (reserved bits, a list page that
 * is not a plain page address).
 */
static unsigned int sim_hpa_array(u64 array, u64 *pages)
{
	unsigned int i, n = FIELD_GET(HPA_ARRAY_T_SIZE, array) + 1;
	u64 pa = FIELD_GET(HPA_ARRAY_T_PFN, array) << PAGE_SHIFT;
	const u64 *list;

	if ((array & HPA_ARRAY_T_RESERVED) || !sim_pa_valid(pa))
		return 0;
	if (n == 1) {
		pages[0] = pa;
		return 1;
	}
	/* Inferred: the list page must be convertible memory, like pages. */
	if (!sim_pamt_leaf(pa, NULL))
		return 0;
	list = __va(pa);
	for (i = 0; i < n; i++)
		pages[i] = list[i];
	return n;
}

/*
 * The first page an HPA_ARRAY_T names (output pages: the module writes
 * into the first), or 0 for a malformed encoding.
 */
static u64 sim_hpa_array_first(u64 array)
{
	u64 pa = FIELD_GET(HPA_ARRAY_T_PFN, array) << PAGE_SHIFT;

	if ((array & HPA_ARRAY_T_RESERVED) || !sim_pa_valid(pa))
		return 0;
	if (!FIELD_GET(HPA_ARRAY_T_SIZE, array))
		return pa;
	if (!sim_pamt_leaf(pa, NULL))
		return 0;
	return *(const u64 *)__va(pa);
}

/*
 * Check that every page can become metadata: a valid address in a TDMR,
 * free (PT_NDA, 4K), not named twice.  Each PAMT lock is held only for
 * its check, as a list names up to 512 pages; nothing can run between
 * these checks and the hand-over, since the module runs one call at a
 * time and a parked call releases no page it holds.
 */
static u64 sim_metadata_check(const u64 *pages, unsigned int n, u32 operand)
{
	struct sim_pamt_entry *e;
	unsigned int i, j;
	bool free_4k;

	for (i = 0; i < n; i++) {
		if (!sim_pa_valid(pages[i]))
			return sim_err(TDX_OPERAND_INVALID, operand);
		/* Inferred: a page named twice is an invalid array. */
		for (j = 0; j < i; j++) {
			if (pages[j] == pages[i])
				return sim_err(TDX_OPERAND_INVALID, operand);
		}
		e = sim_pamt_leaf(pages[i], NULL);
		if (!e)
			return sim_err(TDX_OPERAND_ADDR_RANGE_ERROR, operand);
		if (!sim_trylock(&e->lock, true))
			return sim_err(TDX_OPERAND_BUSY, operand);
		free_4k = e->pt == SIM_PT_NDA && e->size == SIM_PS_4K;
		sim_unlock(&e->lock, true);
		if (!free_4k)
			return sim_err(TDX_PAGE_METADATA_INCORRECT, operand);
	}
	return TDX_SUCCESS;
}

/*
 * Take the metadata pages an HPA_ARRAY_T names (register @operand) for a
 * new object; *@pages receives their list, for the release.
 */
static u64 sim_metadata_take(u64 array, u32 operand, u64 **pages,
			     unsigned int *n)
{
	unsigned int i;
	u64 err;

	*pages = kvcalloc(TDX_HPA_LIST_MAX_ENTRIES, sizeof(**pages),
			  GFP_ATOMIC);
	if (!*pages)
		return TDX_SIM_NO_MEMORY;
	*n = sim_hpa_array(array, *pages);
	err = *n ? sim_metadata_check(*pages, *n, operand) :
		   sim_err(TDX_OPERAND_INVALID, operand);
	if (err) {
		kvfree(*pages);
		*pages = NULL;
		return err;
	}
	for (i = 0; i < *n; i++) {
		/* Inferred: no page type is known for metadata: PT_RSVD. */
		sim_give_page((*pages)[i], SIM_PT_RSVD, 0);
		sim_pamt_raw((*pages)[i])->connect = true;
	}
	return TDX_SUCCESS;
}

/*
 * Release an object's metadata pages: free in the PAMT, but written with
 * the global key until the host writes them back.  The list goes into the
 * page @root (0 for a single page); output RCX names it.
 */
static void sim_metadata_release(struct sim_call *c, u64 **pages,
				 unsigned int n, u64 root)
{
	struct sim_pamt_entry *e;
	unsigned int i;
	u64 *list;

	for (i = 0; i < n; i++) {
		e = sim_pamt_raw((*pages)[i]);
		e->pt = SIM_PT_NDA;
		e->owner = 0;
		e->connect = false;
		e->global_dirty = true;
	}
	if (n == 1) {
		c->out->rcx = FIELD_PREP(HPA_ARRAY_T_PFN, PHYS_PFN((*pages)[0]));
	} else {
		list = __va(root);
		for (i = 0; i < n; i++)
			list[i] = (*pages)[i];
		c->out->rcx = FIELD_PREP(HPA_ARRAY_T_PFN, PHYS_PFN(root)) |
			      FIELD_PREP(HPA_ARRAY_T_SIZE, n - 1);
	}
	kvfree(*pages);
	*pages = NULL;
}

/**
 * sim_spdm_create() - TDH.SPDM.CREATE: make an SPDM session object.
 * @c: the call (RCX = function id; RDX = HPA_ARRAY_T of SPDM_MT pages;
 *	output RCX = SPDM_ID).
 *
 * Return: completion status.
 */
u64 sim_spdm_create(struct sim_call *c)
{
	u64 func_id = c->in.rcx, *pages;
	struct sim_spdm *s = NULL;
	unsigned int i, n;
	u64 err;

	err = sim_connect_ready();
	if (err)
		return err;
	if (func_id & TDX_SPDM_FUNC_RESERVED)
		return sim_err(TDX_OPERAND_INVALID, TDX_OPERAND_ID_RCX);
	/* Inferred: sessions are module-global state, under the global lock. */
	if (!sim_call_lock(c, &tdx_sim->sys_lock, true))
		return TDX_SYS_BUSY;
	for (i = 0; i < SIM_MAX_SPDM; i++) {
		/* Inferred: one session per device function. */
		if (tdx_sim->spdm[i].id && tdx_sim->spdm[i].func_id == func_id)
			return sim_err(TDX_OPERAND_INVALID, TDX_OPERAND_ID_RCX);
		if (!s && !tdx_sim->spdm[i].id)
			s = &tdx_sim->spdm[i];
	}
	/* Inferred: a full session table refuses the function. */
	if (!s)
		return sim_err(TDX_OPERAND_INVALID, TDX_OPERAND_ID_RCX);

	err = sim_metadata_take(c->in.rdx, TDX_OPERAND_ID_RDX, &pages, &n);
	if (err)
		return err;
	s->id = ++tdx_sim->next_spdm_id;
	s->func_id = func_id;
	s->nr_pages = n;
	s->pages = pages;
	c->out->rcx = s->id;
	return TDX_SUCCESS;
}

/*
 * A page the host lends the module (a release list, messages, output): a
 * plain host page, not one the module holds.
 */
static bool sim_host_page_ok(u64 pa)
{
	struct sim_pamt_entry *e;

	if (!sim_pa_valid(pa))
		return false;
	e = sim_pamt_leaf(pa, NULL);
	return e && e->pt == SIM_PT_NDA;
}

/*
 * Inferred: a DELETE-type call names a free host page to receive the
 * released list, or none (0) for a single page.
 */
static bool sim_release_root_ok(unsigned int nr_pages, u64 root)
{
	return nr_pages == 1 ? root == 0 : sim_host_page_ok(root);
}

/**
 * sim_spdm_delete() - TDH.SPDM.DELETE: end an SPDM session object.
 * @c: the call (RCX = SPDM_ID; RDX = PA of a page that receives the list
 *	of released pages, 0 for a single page; output RCX = HPA_ARRAY_T of
 *	the released pages).
 *
 * Return: completion status.
 */
u64 sim_spdm_delete(struct sim_call *c)
{
	u64 root = c->in.rdx, err;
	struct sim_spdm *s;

	err = sim_connect_ready();
	if (err)
		return err;
	if (!sim_call_lock(c, &tdx_sim->sys_lock, true))
		return TDX_SYS_BUSY;
	s = sim_spdm_find(c->in.rcx);
	if (!s)
		return sim_err(TDX_OPERAND_INVALID, TDX_OPERAND_ID_RCX);
	if (!sim_release_root_ok(s->nr_pages, root))
		return sim_err(TDX_OPERAND_INVALID, TDX_OPERAND_ID_RDX);
	/* Inferred: its IDE streams go first. */
	if (sim_ide_count(s))
		return TDX_SYS_STATE_INCORRECT;
	/*
	 * Inferred: a connected session may be deleted, and so may one whose
	 * extension call the host gave up: the module drops the call and
	 * forgets the session keys (the device's side times out).
	 */
	if (tdx_sim->ext_inflight == s)
		tdx_sim->ext_inflight = NULL;

	sim_metadata_release(c, &s->pages, s->nr_pages, root);
	memset(s, 0, sizeof(*s));
	return TDX_SUCCESS;
}

/* The messages of each operation, in order. */
static const u16 sim_spdm_script_connect[] = {
	SPDM_GET_VERSION, SPDM_GET_CAPABILITIES, SPDM_NEGOTIATE_ALGORITHMS,
	SPDM_GET_CERTIFICATE, SPDM_KEY_EXCHANGE, SPDM_FINISH,
};

static const u16 sim_spdm_script_disconnect[] = { SPDM_END_SESSION };
static const u16 sim_spdm_script_heartbeat[] = { SPDM_HEARTBEAT };
static const u16 sim_spdm_script_key_update[] = { SPDM_KEY_UPDATE };
static const u16 sim_spdm_script_km_keys[] = {
	SPDM_STEP(SPDM_VENDOR_DEFINED_REQUEST, IDE_KM_KEY_PROG),
	SPDM_STEP(SPDM_VENDOR_DEFINED_REQUEST, IDE_KM_K_SET_GO),
};

static const u16 sim_spdm_script_km_stop[] = {
	SPDM_STEP(SPDM_VENDOR_DEFINED_REQUEST, IDE_KM_K_SET_STOP),
};

static const u16 *sim_spdm_script(u8 op, unsigned int *len)
{
	switch (op) {
	case SIM_SPDM_OP_CONNECT:
		*len = ARRAY_SIZE(sim_spdm_script_connect);
		return sim_spdm_script_connect;
	case SIM_SPDM_OP_DISCONNECT:
		*len = ARRAY_SIZE(sim_spdm_script_disconnect);
		return sim_spdm_script_disconnect;
	case SIM_SPDM_OP_HEARTBEAT:
		*len = ARRAY_SIZE(sim_spdm_script_heartbeat);
		return sim_spdm_script_heartbeat;
	case SIM_SPDM_OP_KM_SETUP:
	case SIM_SPDM_OP_KM_REFRESH:
		*len = ARRAY_SIZE(sim_spdm_script_km_keys);
		return sim_spdm_script_km_keys;
	case SIM_SPDM_OP_KM_STOP:
		*len = ARRAY_SIZE(sim_spdm_script_km_stop);
		return sim_spdm_script_km_stop;
	default:
		*len = ARRAY_SIZE(sim_spdm_script_key_update);
		return sim_spdm_script_key_update;
	}
}

/* Write the request of the current step into the request page. */
static void sim_spdm_request(struct sim_spdm *s, u16 step,
			     struct tdx_spdm_msg *req, struct tdx_spdm_msg *rsp)
{
	u8 code = SPDM_STEP_CODE(step);

	req->data[0] = SPDM_VERSION_12;
	req->data[1] = code;
	req->data[2] = 0;
	req->data[3] = 0;
	req->len = SPDM_HDR_LEN;
	req->rsvd = 0;
	if (code == SPDM_FINISH || code == SPDM_HEARTBEAT ||
	    code == SPDM_KEY_UPDATE || code == SPDM_END_SESSION ||
	    code == SPDM_VENDOR_DEFINED_REQUEST) {
		memcpy(req->data + SPDM_HDR_LEN, &s->dev_session,
		       sizeof(s->dev_session));
		req->len += sizeof(s->dev_session);
	}
	if (code == SPDM_VENDOR_DEFINED_REQUEST) {
		req->data[req->len] = SPDM_STEP_KM(step);
		req->data[req->len + 1] = (u8)s->km_stream->id;
		req->len += 2;
	}
	/* Inferred: the module clears the response, so a stale one is seen. */
	rsp->len = 0;
	s->awaiting = true;
}

/* Take the device's answer to the current step; false if it is wrong. */
static bool sim_spdm_response(struct sim_spdm *s, u16 step,
			      const struct tdx_spdm_msg *rsp)
{
	u8 code = SPDM_STEP_CODE(step);

	if (rsp->len < SPDM_HDR_LEN || rsp->len > TDX_SPDM_MSG_MAX ||
	    rsp->data[0] != SPDM_VERSION_12 ||
	    rsp->data[1] != SPDM_RESPONSE(code))
		return false;
	/* An IDE_KM answer echoes its operation. */
	if (code == SPDM_VENDOR_DEFINED_REQUEST &&
	    (rsp->len < SPDM_HDR_LEN + IDE_KM_PAYLOAD_LEN ||
	     rsp->data[SPDM_HDR_LEN + 4] != SPDM_STEP_KM(step)))
		return false;
	if (code == SPDM_GET_CERTIFICATE) {
		if (rsp->len < SPDM_HDR_LEN + sizeof(s->cert))
			return false;
		memcpy(s->cert, rsp->data + SPDM_HDR_LEN, sizeof(s->cert));
	} else if (code == SPDM_KEY_EXCHANGE) {
		if (rsp->len < SPDM_HDR_LEN + sizeof(s->dev_session))
			return false;
		memcpy(&s->dev_session, rsp->data + SPDM_HDR_LEN,
		       sizeof(s->dev_session));
	}
	s->awaiting = false;
	return true;
}

/* The operation's last answer came: apply it, write the output. */
static u64 sim_spdm_finish(struct sim_call *c, struct sim_spdm *s, u64 out)
{
	u64 first;
	u8 *info;

	switch (s->op) {
	case SIM_SPDM_OP_CONNECT:
		s->connected = true;
		s->key_ops = 0;
		c->out->rcx = 0;
		/* Device information: its certificate and session id. */
		first = out != ~0ULL ? sim_hpa_array_first(out) : 0;
		if (first) {
			info = __va(first);
			memcpy(info, s->cert, sizeof(s->cert));
			memcpy(info + sizeof(s->cert), &s->dev_session,
			       sizeof(s->dev_session));
			c->out->rcx = sizeof(s->cert) + sizeof(s->dev_session);
		}
		break;
	case SIM_SPDM_OP_DISCONNECT:
		s->connected = false;
		break;
	case SIM_SPDM_OP_KEY_UPDATE:
		s->key_ops = 0;
		break;
	case SIM_SPDM_OP_KM_SETUP:
	case SIM_SPDM_OP_KM_REFRESH:
		s->km_stream->state = SIM_IDE_ACTIVE;
		s->km_stream->key_gen++;
		break;
	case SIM_SPDM_OP_KM_STOP:
		s->km_stream->state = SIM_IDE_CREATED;
		break;
	default:
		s->key_ops++;
	}
	s->km_stream = NULL;
	s->op = SIM_SPDM_OP_NONE;
	s->step = 0;
	tdx_sim->ext_inflight = NULL;
	return TDX_SUCCESS;
}

/* Give up the operation in flight (a wrong answer from the device). */
static u64 sim_spdm_abort(struct sim_spdm *s, u32 rsp_op)
{
	s->km_stream = NULL;
	s->op = SIM_SPDM_OP_NONE;
	s->step = 0;
	s->awaiting = false;
	tdx_sim->ext_inflight = NULL;
	/* Inferred: no status is known for a device's bad answer. */
	return sim_err(TDX_OPERAND_INVALID, rsp_op);
}

/* A stream's keys are set up once, then refreshed or stopped. */
static bool sim_ide_km_allowed(const struct sim_ide *st, u8 op)
{
	if (st->state == SIM_IDE_BLOCKED)
		return false;
	if (op == SIM_SPDM_OP_KM_SETUP)
		return st->state == SIM_IDE_CREATED;
	return st->state == SIM_IDE_ACTIVE;
}

/* Where a leaf takes its message pages: register values and operand ids. */
struct sim_spdm_regs {
	u64 rsp, req, out, stream;
	u32 rsp_op, req_op, out_op;
};

/*
 * An operation resumes with the inputs it started with (LP-TC: "same
 * inputs again").  Inferred: other message pages are a bad operand.
 */
static u64 sim_spdm_same_inputs(const struct sim_spdm *s,
				const struct sim_spdm_regs *r)
{
	if (r->rsp != s->in_rsp)
		return sim_err(TDX_OPERAND_INVALID, r->rsp_op);
	if (r->req != s->in_req)
		return sim_err(TDX_OPERAND_INVALID, r->req_op);
	if (r->out != s->in_out)
		return sim_err(TDX_OPERAND_INVALID, r->out_op);
	return TDX_SUCCESS;
}

/*
 * Run an SPDM operation of session @id as far as it goes without the
 * device: @r names the host's message pages (response, request) and an
 * HPA_ARRAY_T of output pages or ~0.
 */
static u64 sim_spdm_run(struct sim_call *c, u64 id, u8 op,
			const struct sim_spdm_regs *r)
{
	const u64 rsp_pa = r->rsp, req_pa = r->req, out = r->out;
	struct tdx_spdm_msg *req, *rsp;
	unsigned int len, units = 0;
	struct sim_ide *stream = NULL;
	struct sim_spdm *s;
	const u16 *script;
	u64 err;

	err = sim_connect_ready();
	if (err)
		return err;
	if (!sim_call_lock(c, &tdx_sim->sys_lock, true))
		return TDX_SYS_BUSY;
	s = sim_spdm_find(id);
	if (!s)
		return sim_err(TDX_OPERAND_INVALID, TDX_OPERAND_ID_RCX);
	if (op >= SIM_SPDM_OP_KM_SETUP) {
		stream = sim_ide_find(s, r->stream);
		if (!stream)
			return sim_err(TDX_OPERAND_INVALID, TDX_OPERAND_ID_RDX);
	}
	if (!sim_host_page_ok(rsp_pa))
		return sim_err(TDX_OPERAND_INVALID, r->rsp_op);
	if (!sim_host_page_ok(req_pa) || rsp_pa == req_pa)
		return sim_err(TDX_OPERAND_INVALID, r->req_op);
	if (out != ~0ULL && !sim_host_page_ok(sim_hpa_array_first(out)))
		return sim_err(TDX_OPERAND_INVALID, r->out_op);
	/* Queue depth 1: another session's or operation's call waits. */
	if (tdx_sim->ext_inflight &&
	    (tdx_sim->ext_inflight != s || s->op != op ||
	     s->km_stream != stream))
		return sim_err(TDX_OPERAND_BUSY, TDX_OPERAND_ID_RCX);

	if (s->op == SIM_SPDM_OP_NONE) {
		/* Inferred: connect needs no session, the rest need one. */
		bool want_session = op != SIM_SPDM_OP_CONNECT;

		if (want_session != s->connected)
			return TDX_SYS_STATE_INCORRECT;
		/* Inferred: a worn session key refuses all but its update. */
		if (op == SIM_SPDM_OP_HEARTBEAT && tdx_sim->cfg.spdm_key_ops &&
		    s->key_ops >= tdx_sim->cfg.spdm_key_ops)
			return TDX_SPDM_SESSION_KEY_REQUIRE_REFRESH;
		/* Inferred: a session with streams is not ended under them. */
		if (op == SIM_SPDM_OP_DISCONNECT && sim_ide_count(s))
			return TDX_SYS_STATE_INCORRECT;
		/* Inferred: keys are set up once, then refreshed or stopped. */
		if (stream && !sim_ide_km_allowed(stream, op))
			return TDX_SYS_STATE_INCORRECT;
		s->km_stream = stream;
		s->op = op;
		s->step = 0;
		s->awaiting = false;
		s->in_rsp = rsp_pa;
		s->in_req = req_pa;
		s->in_out = out;
		tdx_sim->ext_inflight = s;
	} else {
		err = sim_spdm_same_inputs(s, r);
		if (err)
			return err;
	}

	req = __va(req_pa);
	rsp = __va(rsp_pa);
	script = sim_spdm_script(op, &len);
	for (;;) {
		if (s->awaiting) {
			/* Re-issued before an answer came: ask again. */
			if (!rsp->len) {
				c->out->rcx = req->len;
				return TDX_SPDM_REQUEST;
			}
			if (!sim_spdm_response(s, script[s->step], rsp))
				return sim_spdm_abort(s, r->rsp_op);
			s->step++;
			units++;
		}
		if (s->step == len)
			return sim_spdm_finish(c, s, out);
		if (tdx_sim->intr_spdm && units >= tdx_sim->intr_spdm)
			return TDX_INTERRUPTED_RESUMABLE;
		sim_spdm_request(s, script[s->step], req, rsp);
		c->out->rcx = req->len;
		return TDX_SPDM_REQUEST;
	}
}

/**
 * sim_spdm_connect() - TDH.SPDM.CONNECT: set up a secure session.
 * @c: the call (RCX = SPDM_ID; RDX = config page; R8 = response page;
 *	R9 = request page; R10 = HPA_ARRAY_T of output pages or ~0;
 *	output RCX = request length, or output length when done).
 *
 * Return: completion status.
 */
u64 sim_spdm_connect(struct sim_call *c)
{
	const struct sim_spdm_regs r = {
		.rsp = c->in.r8, .rsp_op = TDX_OPERAND_ID_R8,
		.req = c->in.r9, .req_op = TDX_OPERAND_ID_R9,
		.out = c->in.r10, .out_op = TDX_OPERAND_ID_R10,
	};

	/* Inferred: the configuration page is a host page; all zero is fine. */
	if (!sim_host_page_ok(c->in.rdx))
		return sim_err(TDX_OPERAND_INVALID, TDX_OPERAND_ID_RDX);
	return sim_spdm_run(c, c->in.rcx, SIM_SPDM_OP_CONNECT, &r);
}

/**
 * sim_spdm_disconnect() - TDH.SPDM.DISCONNECT: end the secure session.
 * @c: the call (RCX = SPDM_ID; RDX = response page; R8 = request page;
 *	output RCX = request length).
 *
 * Return: completion status.
 */
u64 sim_spdm_disconnect(struct sim_call *c)
{
	const struct sim_spdm_regs r = {
		.rsp = c->in.rdx, .rsp_op = TDX_OPERAND_ID_RDX,
		.req = c->in.r8, .req_op = TDX_OPERAND_ID_R8,
		.out = ~0ULL,
	};

	return sim_spdm_run(c, c->in.rcx, SIM_SPDM_OP_DISCONNECT, &r);
}

/**
 * sim_spdm_mng() - TDH.SPDM.MNG: heartbeat or key update in the session.
 * @c: the call (RCX = SPDM_ID; RDX = operation; R8 = parameter page or
 *	~0; R9 = response page; R10 = request page; R11 = HPA_ARRAY_T of
 *	output pages or ~0; output RCX = request length).
 *
 * Return: completion status.
 */
u64 sim_spdm_mng(struct sim_call *c)
{
	const struct sim_spdm_regs r = {
		.rsp = c->in.r9, .rsp_op = TDX_OPERAND_ID_R9,
		.req = c->in.r10, .req_op = TDX_OPERAND_ID_R10,
		.out = ~0ULL,
	};
	u8 op;

	switch (c->in.rdx) {
	case TDX_SPDM_OP_HEARTBEAT:
		op = SIM_SPDM_OP_HEARTBEAT;
		break;
	case TDX_SPDM_OP_KEY_UPDATE:
		op = SIM_SPDM_OP_KEY_UPDATE;
		break;
	default:
		/* Not modelled: RECOLLECT (re-reading device evidence). */
		return sim_err(TDX_OPERAND_INVALID, TDX_OPERAND_ID_RDX);
	}
	/* Inferred: neither parameter page nor output is used by these. */
	if (c->in.r8 != ~0ULL)
		return sim_err(TDX_OPERAND_INVALID, TDX_OPERAND_ID_R8);
	if (c->in.r11 != ~0ULL)
		return sim_err(TDX_OPERAND_INVALID, TDX_OPERAND_ID_R11);
	return sim_spdm_run(c, c->in.rcx, op, &r);
}

/**
 * sim_ide_stream_create() - TDH.IDE.STREAM.CREATE: make an IDE stream.
 * @c: the call (RCX = stream info; RDX = SPDM_ID; R8 = HPA_ARRAY_T of
 *	stream_mt pages; R9 = stream control; R10, R11 = RID association;
 *	R12-R14 = address association; output RCX = stream id, RDX = root
 *	port IDE id).
 *
 * Return: completion status.
 */
u64 sim_ide_stream_create(struct sim_call *c)
{
	struct sim_ide *st = NULL;
	struct sim_spdm *s;
	unsigned int i, n;
	u64 err, *pages;

	err = sim_connect_ready();
	if (err)
		return err;
	if (c->in.rcx & ~(TDX_IDE_STREAM_RP_DEVFN | TDX_IDE_STREAM_SELECTIVE))
		return sim_err(TDX_OPERAND_INVALID, TDX_OPERAND_ID_RCX);
	if (!sim_call_lock(c, &tdx_sim->sys_lock, true))
		return TDX_SYS_BUSY;
	s = sim_spdm_find(c->in.rdx);
	if (!s)
		return sim_err(TDX_OPERAND_INVALID, TDX_OPERAND_ID_RDX);
	/* Inferred: keys need the secure session. */
	if (!s->connected || tdx_sim->ext_inflight == s)
		return TDX_SYS_STATE_INCORRECT;
	for (i = 0; i < SIM_MAX_IDE; i++) {
		/* Inferred: one stream per root port and type. */
		if (tdx_sim->ide[i].id && tdx_sim->ide[i].info == c->in.rcx)
			return sim_err(TDX_OPERAND_INVALID, TDX_OPERAND_ID_RCX);
		if (!st && !tdx_sim->ide[i].id)
			st = &tdx_sim->ide[i];
	}
	if (!st)
		return sim_err(TDX_OPERAND_INVALID, TDX_OPERAND_ID_RCX);
	err = sim_metadata_take(c->in.r8, TDX_OPERAND_ID_R8, &pages, &n);
	if (err)
		return err;
	/* Inferred: stream ids fit the 8-bit IDE stream id of the device. */
	do {
		st->id = tdx_sim->next_ide_id++ % 255 + 1;
	} while (sim_ide_id_used(st));
	st->spdm = s;
	st->info = c->in.rcx;
	st->state = SIM_IDE_CREATED;
	st->key_gen = 0;
	st->nr_pages = n;
	st->pages = pages;
	c->out->rcx = st->id;
	c->out->rdx = st - tdx_sim->ide;
	return TDX_SUCCESS;
}

/*
 * The stream a BLOCK or DELETE names (RCX = SPDM_ID, RDX = stream id),
 * with the module ready and its global lock taken; NULL with *@err set.
 */
static struct sim_ide *sim_ide_of_call(struct sim_call *c, u64 *err)
{
	struct sim_spdm *s;
	struct sim_ide *st;

	*err = sim_connect_ready();
	if (*err)
		return NULL;
	if (!sim_call_lock(c, &tdx_sim->sys_lock, true)) {
		*err = TDX_SYS_BUSY;
		return NULL;
	}
	s = sim_spdm_find(c->in.rcx);
	if (!s) {
		*err = sim_err(TDX_OPERAND_INVALID, TDX_OPERAND_ID_RCX);
		return NULL;
	}
	st = sim_ide_find(s, c->in.rdx);
	if (!st)
		*err = sim_err(TDX_OPERAND_INVALID, TDX_OPERAND_ID_RDX);
	return st;
}

/**
 * sim_ide_stream_block() - TDH.IDE.STREAM.BLOCK: stop a stream's traffic.
 * @c: the call (RCX = SPDM_ID; RDX = stream id).
 *
 * Return: completion status.
 */
u64 sim_ide_stream_block(struct sim_call *c)
{
	struct sim_ide *st;
	u64 err;

	st = sim_ide_of_call(c, &err);
	if (!st)
		return err;
	/*
	 * Inferred: blocking drops the stream's own key management call,
	 * if the host gave it up, as deleting a session drops its call.
	 */
	if (st->spdm->km_stream == st)
		sim_spdm_abort(st->spdm, 0);
	/* Inferred: blocking twice is a successful no-op. */
	st->state = SIM_IDE_BLOCKED;
	return TDX_SUCCESS;
}

/**
 * sim_ide_stream_delete() - TDH.IDE.STREAM.DELETE: end a blocked stream.
 * @c: the call (RCX = SPDM_ID; RDX = stream id; R8 = PA of the release
 *	list page, 0 for a single page; output RCX = HPA_ARRAY_T of the
 *	released pages).
 *
 * Return: completion status.
 */
u64 sim_ide_stream_delete(struct sim_call *c)
{
	struct sim_ide *st;
	u64 err;

	st = sim_ide_of_call(c, &err);
	if (!st)
		return err;
	if (!sim_release_root_ok(st->nr_pages, c->in.r8))
		return sim_err(TDX_OPERAND_INVALID, TDX_OPERAND_ID_R8);
	/* Inferred: traffic must be stopped first. */
	if (st->state != SIM_IDE_BLOCKED)
		return TDX_SYS_STATE_INCORRECT;
	sim_metadata_release(c, &st->pages, st->nr_pages, c->in.r8);
	memset(st, 0, sizeof(*st));
	return TDX_SUCCESS;
}

/**
 * sim_ide_stream_km() - TDH.IDE.STREAM.KM: manage a stream's keys.
 * @c: the call (RCX = SPDM_ID; RDX = stream id; R8 = operation;
 *	R9 = response page; R10 = request page; output RCX = request
 *	length).
 *
 * Return: completion status.
 */
u64 sim_ide_stream_km(struct sim_call *c)
{
	static const u8 ops[] = {
		[TDX_IDE_KM_SETUP] = SIM_SPDM_OP_KM_SETUP,
		[TDX_IDE_KM_REFRESH] = SIM_SPDM_OP_KM_REFRESH,
		[TDX_IDE_KM_STOP] = SIM_SPDM_OP_KM_STOP,
	};

	const struct sim_spdm_regs r = {
		.rsp = c->in.r9, .rsp_op = TDX_OPERAND_ID_R9,
		.req = c->in.r10, .req_op = TDX_OPERAND_ID_R10,
		.out = ~0ULL, .stream = c->in.rdx,
	};

	if (c->in.r8 >= ARRAY_SIZE(ops))
		return sim_err(TDX_OPERAND_INVALID, TDX_OPERAND_ID_R8);
	return sim_spdm_run(c, c->in.rcx, ops[c->in.r8], &r);
}

/* Pages behind IOMMU_MT entry @i: a queue folio, or one page. */
static unsigned int sim_iommu_entry_pages(unsigned int i, u64 entry)
{
	return i < TDX_IOMMU_MT_QUEUES ? FIELD_GET(TDX_IOMMU_MT_PAGES, entry) :
					 1;
}

/* Whether every page of IOMMU_MT entry @i is free to take. */
static u64 sim_iommu_entry_check(unsigned int i, u64 entry)
{
	unsigned int j;
	u64 pa, err;

	for (j = 0; j < sim_iommu_entry_pages(i, entry); j++) {
		pa = (entry & PAGE_MASK) + j * PAGE_SIZE;
		err = sim_metadata_check(&pa, 1, TDX_OPERAND_ID_RDX);
		if (err)
			return err;
	}
	return TDX_SUCCESS;
}

/*
 * Check a whole IOMMU_MT list (it ends at its first zero entry, or after
 * 512): queue folios of a power-of-two size, single pages after them,
 * every page free.  Inferred: the ABI leaves the list's end and the
 * entries' sizes to the TDX Connect spec, which was not available.
 */
static u64 sim_iommu_list_check(const u64 *list, unsigned int *n)
{
	unsigned int i;
	u64 err, count;

	for (i = 0; i < TDX_HPA_LIST_MAX_ENTRIES && list[i]; i++) {
		count = FIELD_GET(TDX_IOMMU_MT_PAGES, list[i]);
		if (i < TDX_IOMMU_MT_QUEUES ? !count || (count & (count - 1)) :
					      count > 1)
			return sim_err(TDX_OPERAND_INVALID, TDX_OPERAND_ID_RDX);
		err = sim_iommu_entry_check(i, list[i]);
		if (err)
			return err;
	}
	if (i <= TDX_IOMMU_MT_QUEUES)
		return sim_err(TDX_OPERAND_INVALID, TDX_OPERAND_ID_RDX);
	*n = i;
	return TDX_SUCCESS;
}

/* Take or give back the pages of one IOMMU_MT entry. */
static void sim_iommu_entry(unsigned int i, u64 entry, bool take)
{
	struct sim_pamt_entry *e;
	unsigned int j;
	u64 pa;

	for (j = 0; j < sim_iommu_entry_pages(i, entry); j++) {
		pa = (entry & PAGE_MASK) + j * PAGE_SIZE;
		if (take) {
			sim_give_page(pa, SIM_PT_RSVD, 0);
			sim_pamt_raw(pa)->connect = true;
			continue;
		}
		e = sim_pamt_raw(pa);
		e->pt = SIM_PT_NDA;
		e->connect = false;
		e->global_dirty = true;
	}
}

/*
 * Walk the IOMMU's entries from the saved progress, taking or releasing
 * them; interrupted every tdx_sim->intr_iommu entries ("same inputs
 * again": the module keeps the progress).
 */
static u64 sim_iommu_walk(bool take)
{
	struct sim_iommu *m = &tdx_sim->iommu;
	unsigned int i, done = 0;
	u64 err;

	while (tdx_sim->iommu_progress < m->nr_entries) {
		if (tdx_sim->intr_iommu && done == tdx_sim->intr_iommu)
			return TDX_INTERRUPTED_RESUMABLE;
		/*
		 * Pages not yet taken may have changed hands since the list
		 * was checked: check each again as it is taken, and undo the
		 * setup if one is no longer free.
		 */
		i = tdx_sim->iommu_progress;
		err = take ? sim_iommu_entry_check(i, m->entries[i]) : 0;
		if (err) {
			while (i--)
				sim_iommu_entry(i, m->entries[i], false);
			memset(m, 0, sizeof(*m));
			tdx_sim->iommu_progress = 0;
			return err;
		}
		sim_iommu_entry(tdx_sim->iommu_progress,
				m->entries[tdx_sim->iommu_progress], take);
		tdx_sim->iommu_progress++;
		done++;
	}
	tdx_sim->iommu_progress = 0;
	return TDX_SUCCESS;
}

/**
 * sim_iommu_setup() - TDH.IOMMU.SETUP: put a VT-d unit in TDX mode.
 * @c: the call (RCX = register base; RDX = IOMMU_MT list page; output
 *	RCX = IOMMU_ID).
 *
 * Return: completion status.
 */
u64 sim_iommu_setup(struct sim_call *c)
{
	struct sim_iommu *m = &tdx_sim->iommu;
	unsigned int n;
	u64 err;

	err = sim_connect_ready();
	if (err)
		return err;
	/* A unit without TDX mode. */
	if (!c->in.rcx || c->in.rcx != tdx_sim->cfg.iommu_reg_base)
		return sim_err(TDX_OPERAND_INVALID, TDX_OPERAND_ID_RCX);
	if (!sim_call_lock(c, &tdx_sim->sys_lock, true))
		return TDX_SYS_BUSY;
	if (tdx_sim->iommu_progress) {
		/* Resumed: the same inputs, or another call waits. */
		if (m->id || m->root != c->in.rdx)
			return sim_err(TDX_OPERAND_BUSY, TDX_OPERAND_ID_RCX);
	} else {
		/* Inferred: a unit already in TDX mode is refused. */
		if (m->id)
			return sim_err(TDX_OPERAND_INVALID, TDX_OPERAND_ID_RCX);
		if (!sim_host_page_ok(c->in.rdx))
			return sim_err(TDX_OPERAND_INVALID, TDX_OPERAND_ID_RDX);
		err = sim_iommu_list_check(__va(c->in.rdx), &n);
		if (err)
			return err;
		m->root = c->in.rdx;
		m->nr_entries = n;
		memcpy(m->entries, __va(c->in.rdx), n * sizeof(u64));
	}
	err = sim_iommu_walk(true);
	if (err)
		return err;
	m->id = 1;
	c->out->rcx = m->id;
	return TDX_SUCCESS;
}

/**
 * sim_iommu_clear() - TDH.IOMMU.CLEAR: take the unit out of TDX mode.
 * @c: the call (RCX = IOMMU_ID; RDX = the IOMMU_MT list page).
 *
 * Return: completion status.
 */
u64 sim_iommu_clear(struct sim_call *c)
{
	struct sim_iommu *m = &tdx_sim->iommu;
	u64 err;

	err = sim_connect_ready();
	if (err)
		return err;
	if (!sim_call_lock(c, &tdx_sim->sys_lock, true))
		return TDX_SYS_BUSY;
	if (!m->id || c->in.rcx != m->id)
		return sim_err(TDX_OPERAND_INVALID, TDX_OPERAND_ID_RCX);
	if (c->in.rdx != m->root)
		return sim_err(TDX_OPERAND_INVALID, TDX_OPERAND_ID_RDX);
	err = sim_iommu_walk(false);
	if (err)
		return err;
	memset(m, 0, sizeof(*m));
	return TDX_SUCCESS;
}

/**
 * sim_connect_free() - Forget the TDX Connect objects of a module.
 * @s: the module being unloaded.
 */
void sim_connect_free(struct tdx_sim *s)
{
	unsigned int i;

	for (i = 0; i < SIM_MAX_SPDM; i++)
		kvfree(s->spdm[i].pages);
	for (i = 0; i < SIM_MAX_IDE; i++)
		kvfree(s->ide[i].pages);
}
