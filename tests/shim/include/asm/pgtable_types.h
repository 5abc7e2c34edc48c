/* SPDX-License-Identifier: GPL-2.0 */
/* Host shim: x86 page-table level enumeration. */
#ifndef _SHIM_ASM_PGTABLE_TYPES_H
#define _SHIM_ASM_PGTABLE_TYPES_H

#include <shim/mm.h>

enum pg_level {
	PG_LEVEL_NONE,
	PG_LEVEL_4K,
	PG_LEVEL_2M,
	PG_LEVEL_1G,
	PG_LEVEL_512G,
	PG_LEVEL_NUM
};

#endif /* _SHIM_ASM_PGTABLE_TYPES_H */
