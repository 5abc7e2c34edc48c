/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host shim: section annotations are empty; every *_initcall() and
 * module_init() registers its function (at program start, through a
 * constructor) for shim_run_initcalls(), in registration order.
 * module_exit() functions run in reverse order from shim_run_exitcalls().
 */
#ifndef _SHIM_LINUX_INIT_H
#define _SHIM_LINUX_INIT_H

#include <shim/core.h>

#define __init
#define __exit
#define __initdata
#define __initconst
#define __exitdata
#define __refdata
#define __ref
#define __meminit

struct shim_initcall {
	int (*init)(void);
	void (*exit)(void);
	const char *name;
	struct shim_initcall *next;
};

void __shim_register_initcall(struct shim_initcall *ic);

#define __shim_define_call(field, fn, id)				\
	static struct shim_initcall __PASTE(id, _desc) = {		\
		.field = (fn), .name = #fn };				\
	static void __attribute__((__constructor__)) id(void)		\
	{								\
		__shim_register_initcall(&__PASTE(id, _desc));		\
	}

#define __shim_initcall(fn)						\
	__shim_define_call(init, fn, __UNIQUE_ID(__shim_initcall_))
#define module_init(fn)		__shim_initcall(fn)
#define module_exit(fn)							\
	__shim_define_call(exit, fn, __UNIQUE_ID(__shim_exitcall_))
#define early_initcall(fn)	__shim_initcall(fn)
#define core_initcall(fn)	__shim_initcall(fn)
#define arch_initcall(fn)	__shim_initcall(fn)
#define subsys_initcall(fn)	__shim_initcall(fn)
#define fs_initcall(fn)		__shim_initcall(fn)
#define device_initcall(fn)	__shim_initcall(fn)
#define late_initcall(fn)	__shim_initcall(fn)
#define late_initcall_sync(fn)	__shim_initcall(fn)

#endif /* _SHIM_LINUX_INIT_H */
