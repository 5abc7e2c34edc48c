// SPDX-License-Identifier: GPL-2.0
/* A raw physical address where the TD handle is expected.  expect: int-conversion */
#include <tdx/tdx.h>

u64 wrong(u64 tdr_pa)
{
	return tdh_mng_key_config(tdr_pa);
}
