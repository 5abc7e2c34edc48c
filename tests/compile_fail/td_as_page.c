// SPDX-License-Identifier: GPL-2.0
/* A TD handle where a page is expected.  expect: incompatible-pointer-types */
#include <tdx/tdx.h>

u64 wrong(struct tdx_td *td)
{
	u64 pt, owner, size;

	return tdh_phymem_page_reclaim(td, &pt, &owner, &size);
}
