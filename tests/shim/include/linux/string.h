/* SPDX-License-Identifier: GPL-2.0 */
/* Host shim: libc string functions plus the kernel-only ones. */
#ifndef _SHIM_LINUX_STRING_H
#define _SHIM_LINUX_STRING_H

#include <shim/core.h>

/* Returns the copied length, or -E2BIG if @src was truncated. */
ssize_t strscpy(char *dst, const char *src, size_t size);
#define strscpy_pad(dst, src, size) ({					\
	size_t __sz = (size);						\
	memset((dst), 0, __sz);						\
	strscpy((dst), (src), __sz); })
#define memzero_explicit(p, n)						\
	do { memset((p), 0, (n)); barrier(); } while (0)
bool mem_is_zero(const void *s, size_t n);

void *kmemdup(const void *src, size_t len, gfp_t gfp);
char *kstrdup(const char *s, gfp_t gfp);

#endif /* _SHIM_LINUX_STRING_H */
