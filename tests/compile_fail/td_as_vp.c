// SPDX-License-Identifier: GPL-2.0
/* A TD handle where the vCPU is expected.  expect: incompatible-pointer-types */
#include <tdx/tdx.h>

u64 wrong(struct tdx_td *td)
{
	return tdh_vp_flush(td);
}
