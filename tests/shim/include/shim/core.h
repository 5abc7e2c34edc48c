/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host shim core: the small, header-only part of the kernel's basic
 * headers (compiler attributes, build-time checks, bit masks, min/max,
 * rounding, container_of).  Most linux/xxx.h shim headers only include
 * this file.  System headers are included first so that the kernel
 * definitions below win where both exist.
 */
#ifndef _SHIM_CORE_H
#define _SHIM_CORE_H

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/types.h>
#include <linux/errno.h>
#include <linux/limits.h>

/* ---- linux/compiler.h, compiler_attributes.h ---- */
#undef __always_inline
#define __always_inline		inline __attribute__((__always_inline__))
#define noinline		__attribute__((__noinline__))
#define __aligned(x)		__attribute__((__aligned__(x)))
#define __packed		__attribute__((__packed__))
#define __maybe_unused		__attribute__((__unused__))
#define __always_unused		__attribute__((__unused__))
#define __used			__attribute__((__used__))
#define __must_check		__attribute__((__warn_unused_result__))
#define __printf(a, b)		__attribute__((__format__(printf, a, b)))
#define __cold			__attribute__((__cold__))
#define __noreturn		__attribute__((__noreturn__))
#define __weak			__attribute__((__weak__))
#define __section(s)		__attribute__((__section__(s)))
#define __pure			__attribute__((__pure__))
#define __counted_by(m)
#define __nonstring
#define fallthrough		__attribute__((__fallthrough__))
#define noinstr
#define __iomem
#define __user
#define __force
#define __rcu
#define __percpu
#define __bitwise
#define __read_mostly
#define __ro_after_init
#define __must_hold(x)
#define __acquires(x)
#define __releases(x)
#define notrace

#define likely(x)		__builtin_expect(!!(x), 1)
#define unlikely(x)		__builtin_expect(!!(x), 0)
#define barrier()		__asm__ __volatile__("" : : : "memory")

#define ___PASTE(a, b)		a##b
#define __PASTE(a, b)		___PASTE(a, b)
#define __UNIQUE_ID(prefix)	__PASTE(__PASTE(__UNIQUE_ID_, prefix), __COUNTER__)

#define READ_ONCE(x)		(*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, val)						\
	do { *(volatile __typeof__(x) *)&(x) = (val); } while (0)

#define __same_type(a, b)	__builtin_types_compatible_p(typeof(a), typeof(b))
/* True iff @x is an integer constant expression (never evaluates @x). */
#define __is_constexpr(x)						\
	(sizeof(int) == sizeof(*(8 ? ((void *)((long)(x) * 0l)) : (int *)8)))

/* ---- linux/kconfig.h: IS_ENABLED() on CONFIG_ macros defined to 1 ---- */
#define __SHIM_ARG_PLACEHOLDER_1		0,
#define __shim_take_second(ignored, val, ...)	val
#define __shim_is_defined(x)			___shim_is_defined(x)
#define ___shim_is_defined(val)					\
	____shim_is_defined(__SHIM_ARG_PLACEHOLDER_##val)
#define ____shim_is_defined(arg_or_junk)			\
	__shim_take_second(arg_or_junk 1, 0, 0)
#define IS_BUILTIN(option)	__shim_is_defined(option)
#define IS_MODULE(option)	__shim_is_defined(option##_MODULE)
#define IS_ENABLED(option)	(IS_BUILTIN(option) || IS_MODULE(option))
#define IS_REACHABLE(option)	IS_ENABLED(option)

/* ---- linux/stringify.h ---- */
#define __stringify_1(x...)	#x
#define __stringify(x...)	__stringify_1(x)

/* ---- linux/build_bug.h ---- */
#define BUILD_BUG_ON_ZERO(e)	((int)(sizeof(struct { int:(-!!(e)); })))
#define __shim_cta(cond, msg, id)					\
	do {								\
		extern void id(void) __attribute__((__error__(msg)));	\
		if (!(cond))						\
			id();						\
	} while (0)
/*
 * Like the kernel: the condition need only fold to a constant after
 * optimisation (the shim is always built with -O1 or higher).
 */
#define compiletime_assert(cond, msg)					\
	__shim_cta(cond, msg, __UNIQUE_ID(__compiletime_assert_))
#define BUILD_BUG_ON_MSG(cond, msg)	compiletime_assert(!(cond), msg)
#define BUILD_BUG_ON(cond)						\
	BUILD_BUG_ON_MSG(cond, "BUILD_BUG_ON failed: " #cond)
#define BUILD_BUG()		BUILD_BUG_ON_MSG(1, "BUILD_BUG failed")
#define BUILD_BUG_ON_NOT_POWER_OF_2(n)					\
	BUILD_BUG_ON((n) == 0 || (((n) & ((n) - 1)) != 0))
#undef static_assert
#define static_assert(expr, ...)	__static_assert(expr, ##__VA_ARGS__, #expr)
#define __static_assert(expr, msg, ...)	_Static_assert(expr, msg)

/* ---- linux/bits.h ---- */
#define BITS_PER_BYTE		8
#define BITS_PER_LONG		64
#define BITS_PER_LONG_LONG	64
#define BIT(nr)			(1UL << (nr))
#define BIT_ULL(nr)		(1ULL << (nr))
#define BIT_MASK(nr)		(1UL << ((nr) % BITS_PER_LONG))
#define BIT_WORD(nr)		((nr) / BITS_PER_LONG)
#define BITS_TO_LONGS(nr)	(((nr) + BITS_PER_LONG - 1) / BITS_PER_LONG)
/* Constant arguments with h < l are a build error, as in the kernel. */
#define __GENMASK_INPUT_CHECK(h, l)					\
	BUILD_BUG_ON_ZERO(__builtin_choose_expr(			\
		__is_constexpr((l) > (h)), (l) > (h), 0))
#define __GENMASK_T(t, w, h, l)						\
	((t)((((t)~(t)0) >> ((w) - 1 - (h))) & ((t)~(t)0 << (l))))
#define GENMASK(h, l)							\
	(__GENMASK_INPUT_CHECK(h, l) +					\
	 __GENMASK_T(unsigned long, BITS_PER_LONG, h, l))
#define GENMASK_ULL(h, l)						\
	(__GENMASK_INPUT_CHECK(h, l) +					\
	 __GENMASK_T(unsigned long long, 64, h, l))
#define GENMASK_U64(h, l)	((u64)GENMASK_ULL(h, l))
#define GENMASK_U32(h, l)	((u32)(__GENMASK_INPUT_CHECK(h, l) +	\
				 __GENMASK_T(u32, 32, h, l)))
#define GENMASK_U16(h, l)	((u16)GENMASK_U32(h, l))
#define GENMASK_U8(h, l)	((u8)GENMASK_U32(h, l))

/* ---- linux/array_size.h, linux/container_of.h ---- */
#define __must_be_array(a)						\
	BUILD_BUG_ON_ZERO(__same_type((a), &(a)[0]))
#define ARRAY_SIZE(arr)		(sizeof(arr) / sizeof((arr)[0]) + __must_be_array(arr))
#define container_of(ptr, type, member) ({				\
	void *__mptr = (void *)(ptr);					\
	((type *)((char *)__mptr - offsetof(type, member))); })
#define container_of_const(ptr, type, member)	container_of(ptr, type, member)
#define typeof_member(T, m)	typeof(((T *)0)->m)
#define sizeof_field(T, m)	sizeof(((T *)0)->m)
#define offsetofend(T, m)	(offsetof(T, m) + sizeof_field(T, m))

/* ---- linux/minmax.h (no kernel-style type checking) ---- */
#define __shim_cmp(op, x, y) ({						\
	__auto_type __x = (x);						\
	__auto_type __y = (y);						\
	__x op __y ? __x : __y; })
#define min(x, y)		__shim_cmp(<, x, y)
#define max(x, y)		__shim_cmp(>, x, y)
#define min_t(t, x, y)		min((t)(x), (t)(y))
#define max_t(t, x, y)		max((t)(x), (t)(y))
#define umin(x, y)		min((unsigned long long)(x), (unsigned long long)(y))
#define umax(x, y)		max((unsigned long long)(x), (unsigned long long)(y))
#define min3(x, y, z)		min(min(x, y), z)
#define max3(x, y, z)		max(max(x, y), z)
#define min_not_zero(x, y) ({						\
	__auto_type __a = (x);						\
	__auto_type __b = (y);						\
	__a == 0 ? __b : (__b == 0 ? __a : min(__a, __b)); })
#define clamp(val, lo, hi)	min(max(val, lo), hi)
#define clamp_t(t, val, lo, hi)	min_t(t, max_t(t, val, lo), hi)
#define clamp_val(val, lo, hi)	clamp_t(typeof(val), val, lo, hi)
#define swap(a, b) do {							\
	typeof(a) __tmp = (a);						\
	(a) = (b);							\
	(b) = __tmp;							\
} while (0)

/* ---- linux/math.h, linux/align.h ---- */
#define DIV_ROUND_UP(n, d)	(((n) + (d) - 1) / (d))
#define DIV_ROUND_UP_ULL(n, d)	DIV_ROUND_UP((unsigned long long)(n), (d))
#define DIV_ROUND_DOWN_ULL(n, d) ((unsigned long long)(n) / (d))
#define __round_mask(x, y)	((__typeof__(x))((y) - 1))
/* round_up/round_down: @y must be a power of two. */
#define round_up(x, y)		((((x) - 1) | __round_mask(x, y)) + 1)
#define round_down(x, y)	((x) & ~__round_mask(x, y))
#undef roundup		/* also in <sys/param.h> */
#define roundup(x, y) ({						\
	typeof(y) __y = (y);						\
	(((x) + (__y - 1)) / __y) * __y; })
#define rounddown(x, y) ({						\
	typeof(x) __x = (x);						\
	__x - (__x % (y)); })
#define __ALIGN_MASK(x, mask)	(((x) + (mask)) & ~(mask))
#define ALIGN(x, a)		__ALIGN_MASK(x, (typeof(x))(a) - 1)
#define ALIGN_DOWN(x, a)	ALIGN((x) - ((a) - 1), (a))
#define PTR_ALIGN(p, a)		((typeof(p))ALIGN((unsigned long)(p), (a)))
#define PTR_ALIGN_DOWN(p, a)	((typeof(p))ALIGN_DOWN((unsigned long)(p), (a)))
#define IS_ALIGNED(x, a)	(((x) & ((typeof(x))(a) - 1)) == 0)
#define PTR_IS_ALIGNED(p, a)	IS_ALIGNED((unsigned long)(p), (a))

/* ---- linux/wordpart.h ---- */
#define upper_32_bits(n)	((u32)(((n) >> 16) >> 16))
#define lower_32_bits(n)	((u32)((n) & 0xffffffff))
#define upper_16_bits(n)	((u16)((n) >> 16))
#define lower_16_bits(n)	((u16)((n) & 0xffff))

#endif /* _SHIM_CORE_H */
