/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host shim: FIELD_PREP()/FIELD_GET() and friends.  Works for any
 * unsigned mask type up to 64 bits; the result has the mask's type.
 * Constant masks of 0 and constant values that do not fit are build
 * errors, as in the kernel.
 */
#ifndef _SHIM_LINUX_BITFIELD_H
#define _SHIM_LINUX_BITFIELD_H

#include <shim/core.h>

#define __bf_shf(x)		(__builtin_ctzll((unsigned long long)(x)))

#define __BF_CHECK_MASK(mask)						\
	BUILD_BUG_ON_ZERO(__builtin_choose_expr(__is_constexpr(mask),	\
						(mask) == 0, 0))
#define __BF_FITS(mask, val)						\
	(((unsigned long long)(val) &					\
	  ~((unsigned long long)(mask) >> __bf_shf(mask))) == 0)
#define __BF_CHECK_VAL(mask, val)					\
	BUILD_BUG_ON_ZERO(__builtin_choose_expr(			\
		__is_constexpr(mask) && __is_constexpr(val),		\
		(mask) != 0 && !__BF_FITS((mask) | !(mask), val), 0))

#define FIELD_MAX(mask)							\
	((typeof(mask))(__BF_CHECK_MASK(mask) + ((mask) >> __bf_shf(mask))))
/*
 * Unlike the kernel's, bits of @val shifted out past bit 63 are not
 * ignored: FIELD_FIT(GENMASK_U64(63, 55), 0x200) is false here.
 */
#define FIELD_FIT(mask, val)						\
	(__BF_CHECK_MASK(mask) + __BF_FITS(mask, val))
#define FIELD_PREP(mask, val)						\
	((typeof(mask))(__BF_CHECK_MASK(mask) +				\
			__BF_CHECK_VAL(mask, val) +			\
			((((typeof(mask))(val)) << __bf_shf(mask)) & (mask))))
#define FIELD_GET(mask, reg)						\
	((typeof(mask))(__BF_CHECK_MASK(mask) +				\
			(((reg) & (mask)) >> __bf_shf(mask))))
#define FIELD_MODIFY(mask, reg_p, val)					\
	(*(reg_p) = (*(reg_p) & ~(mask)) | FIELD_PREP(mask, val))

#endif /* _SHIM_LINUX_BITFIELD_H */
