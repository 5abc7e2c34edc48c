/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host shim: WARN*() and BUG*().  Each WARN that fires is recorded (see
 * shim_warn_count() and shim_warn_last() in <shim/host.h>) and printed to
 * stderr as "WARNING: file:line: message".
 *
 * Deviation from the kernel: WARN_ON_ONCE() and WARN_ONCE() warn and are
 * recorded EVERY time their condition is true, so a test sees the same
 * result however many earlier tests hit the same site.
 */
#ifndef _SHIM_LINUX_BUG_H
#define _SHIM_LINUX_BUG_H

#include <shim/core.h>

__printf(3, 4) void __shim_warn(const char *file, int line,
				const char *fmt, ...);
__noreturn void __shim_bug(const char *file, int line, const char *what);

#define WARN(cond, ...) ({						\
	int __ret_warn = !!(cond);					\
	if (unlikely(__ret_warn))					\
		__shim_warn(__FILE__, __LINE__, __VA_ARGS__);		\
	unlikely(__ret_warn); })
#define WARN_ON(cond) ({						\
	int __ret_warn_on = !!(cond);					\
	if (unlikely(__ret_warn_on))					\
		__shim_warn(__FILE__, __LINE__, "%s",			\
			    "WARN_ON(" #cond ")");			\
	unlikely(__ret_warn_on); })
#define WARN_ON_ONCE(cond)	WARN_ON(cond)
#define WARN_ONCE(cond, ...)	WARN(cond, __VA_ARGS__)
#define WARN_TAINT(cond, taint, ...)	WARN(cond, __VA_ARGS__)

#define BUG()	__shim_bug(__FILE__, __LINE__, "BUG()")
#define BUG_ON(cond)							\
	do {								\
		if (unlikely(cond))					\
			__shim_bug(__FILE__, __LINE__, "BUG_ON(" #cond ")"); \
	} while (0)
#define VM_BUG_ON(cond)		BUG_ON(cond)
#define VM_WARN_ON(cond)	WARN_ON(cond)
#define VM_WARN_ON_ONCE(cond)	WARN_ON_ONCE(cond)

#endif /* _SHIM_LINUX_BUG_H */
