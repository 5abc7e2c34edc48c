// SPDX-License-Identifier: GPL-2.0
/*
 * TDX private key ids (HKIDs).
 *
 * The platform partitions its memory-encryption key ids; the TDX ones are
 * [first, first + nr).  The first is kept as the global key id, which the
 * module uses for its own metadata (PAMT, TDR); the rest are handed out
 * to TDs one each.
 */
#include <linux/bitmap.h>
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/spinlock.h>

#include <tdx/tdx.h>

#include "core.h"

/* Enough for every platform shipped so far (at most 127 TDX key ids). */
#define TDX_MAX_KEYIDS	256

static DEFINE_SPINLOCK(tdx_keyid_lock);
static DECLARE_BITMAP(tdx_keyid_used, TDX_MAX_KEYIDS);
static u32 tdx_first_keyid;
static u32 tdx_nr_keyids;
static unsigned int tdx_keyid_bit;

void tdx_keyids_setup(u32 first_keyid, u32 nr_keyids, unsigned int shift)
{
	spin_lock(&tdx_keyid_lock);
	tdx_first_keyid = first_keyid;
	tdx_nr_keyids = min_t(u32, nr_keyids, TDX_MAX_KEYIDS);
	tdx_keyid_bit = shift;
	bitmap_zero(tdx_keyid_used, TDX_MAX_KEYIDS);
	spin_unlock(&tdx_keyid_lock);
}

void tdx_keyids_reset(void)
{
	tdx_keyids_setup(0, 0, 0);
}

u16 tdx_global_keyid(void)
{
	return tdx_first_keyid;
}

unsigned int tdx_keyid_shift(void)
{
	return tdx_keyid_bit;
}

/**
 * tdx_guest_keyid_alloc() - Allocate a private key id for a new TD.
 *
 * Return: the key id, -ENOSPC when every guest key id is in use, or
 * -ENODEV before tdx_enable().
 */
int tdx_guest_keyid_alloc(void)
{
	unsigned int idx;
	int ret = -ENOSPC;

	spin_lock(&tdx_keyid_lock);
	if (!tdx_nr_keyids) {
		ret = -ENODEV;
		goto out;
	}
	/* Index 0 is the global key id. */
	idx = find_next_zero_bit(tdx_keyid_used, tdx_nr_keyids, 1);
	if (idx < tdx_nr_keyids) {
		__set_bit(idx, tdx_keyid_used);
		ret = tdx_first_keyid + idx;
	}
out:
	spin_unlock(&tdx_keyid_lock);
	return ret;
}
EXPORT_SYMBOL_GPL(tdx_guest_keyid_alloc);

/**
 * tdx_guest_keyid_free() - Return a key id from tdx_guest_keyid_alloc().
 * @keyid: the key id; its TD's TDH.MNG.KEY.FREEID must have succeeded.
 *
 * A key id that was not allocated triggers a warning and is ignored.
 */
void tdx_guest_keyid_free(unsigned int keyid)
{
	unsigned int idx = keyid - tdx_first_keyid;

	spin_lock(&tdx_keyid_lock);
	if (!WARN_ON(keyid <= tdx_first_keyid || idx >= tdx_nr_keyids ||
		     !test_bit(idx, tdx_keyid_used)))
		__clear_bit(idx, tdx_keyid_used);
	spin_unlock(&tdx_keyid_lock);
}
EXPORT_SYMBOL_GPL(tdx_guest_keyid_free);

/**
 * tdx_get_nr_guest_keyids() - Number of key ids available to TDs.
 *
 * Return: the TDX key ids less the global one, 0 before tdx_enable().
 */
u32 tdx_get_nr_guest_keyids(void)
{
	return tdx_nr_keyids ? tdx_nr_keyids - 1 : 0;
}
EXPORT_SYMBOL_GPL(tdx_get_nr_guest_keyids);
