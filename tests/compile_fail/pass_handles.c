// SPDX-License-Identifier: GPL-2.0
/* Control: the right handle types compile.  expect: pass */
#include <tdx/tdx.h>

u64 use_handles(struct tdx_td *td, struct tdx_vp *vp, struct page *page)
{
	u64 pt, owner, size;

	return tdh_mng_addcx(td, page) | tdh_vp_flush(vp) |
	       tdh_mng_key_config(td) |
	       tdh_phymem_page_reclaim(page, &pt, &owner, &size);
}
