// SPDX-License-Identifier: GPL-2.0
/* The TDR page where the TD handle is expected.  expect: incompatible-pointer-types */
#include <tdx/tdx.h>

u64 wrong(struct tdx_td *td)
{
	return tdh_mr_finalize(td->tdr_page);
}
