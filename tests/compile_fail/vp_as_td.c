// SPDX-License-Identifier: GPL-2.0
/* A vCPU handle where the TD is expected.  expect: incompatible-pointer-types */
#include <tdx/tdx.h>

u64 wrong(struct tdx_vp *vp, struct page *page)
{
	return tdh_mng_addcx(vp, page);
}
