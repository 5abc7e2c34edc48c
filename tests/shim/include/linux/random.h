/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host shim: deterministic pseudo-random numbers (one global generator,
 * reseeded with shim_seed_random()).
 */
#ifndef _SHIM_LINUX_RANDOM_H
#define _SHIM_LINUX_RANDOM_H

#include <shim/core.h>

u64 get_random_u64(void);
void get_random_bytes(void *buf, size_t len);

static inline u32 get_random_u32(void)
{
	return (u32)(get_random_u64() >> 32);
}

static inline u32 get_random_u32_below(u32 ceil)
{
	return ceil ? (u32)(((u64)get_random_u32() * ceil) >> 32) : 0;
}

static inline u32 get_random_u32_inclusive(u32 floor, u32 ceil)
{
	return floor + get_random_u32_below(ceil - floor + 1);
}

static inline unsigned long get_random_long(void)
{
	return get_random_u64();
}

#define get_random_int()	get_random_u32()

#endif /* _SHIM_LINUX_RANDOM_H */
