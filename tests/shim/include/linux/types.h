/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host shim: kernel integer types.  Defined here rather than taken from
 * the uapi header so the shim does not depend on linux-libc-dev.
 */
#ifndef _SHIM_LINUX_TYPES_H
#define _SHIM_LINUX_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

typedef unsigned char		__u8;
typedef unsigned short		__u16;
typedef unsigned int		__u32;
typedef unsigned long long	__u64;
typedef signed char		__s8;
typedef short			__s16;
typedef int			__s32;
typedef long long		__s64;

typedef __u8	u8;
typedef __u16	u16;
typedef __u32	u32;
typedef __u64	u64;
typedef __s8	s8;
typedef __s16	s16;
typedef __s32	s32;
typedef __s64	s64;

typedef __u16	__le16;
typedef __u32	__le32;
typedef __u64	__le64;
typedef __u16	__be16;
typedef __u32	__be32;
typedef __u64	__be64;

typedef u64		phys_addr_t;
typedef u64		dma_addr_t;
typedef phys_addr_t	resource_size_t;
typedef unsigned int	gfp_t;
typedef unsigned int	slab_flags_t;
typedef unsigned int	fmode_t;

struct list_head {
	struct list_head *next, *prev;
};

struct hlist_head {
	struct hlist_node *first;
};

struct hlist_node {
	struct hlist_node *next, **pprev;
};

#endif /* _SHIM_LINUX_TYPES_H */
