/* SPDX-License-Identifier: GPL-2.0 */
/* Host shim: module metadata is discarded; see <linux/init.h>. */
#ifndef _SHIM_LINUX_MODULE_H
#define _SHIM_LINUX_MODULE_H

#include <linux/init.h>
#include <linux/export.h>

struct module;

#define THIS_MODULE			((struct module *)0)
#define MODULE_LICENSE(x)
#define MODULE_DESCRIPTION(x)
#define MODULE_AUTHOR(x)
#define MODULE_VERSION(x)
#define MODULE_ALIAS(x)
#define MODULE_IMPORT_NS(x)
#define MODULE_DEVICE_TABLE(type, name)
#define module_param(name, type, perm)
#define module_param_named(name, value, type, perm)
#define MODULE_PARM_DESC(name, desc)

#endif /* _SHIM_LINUX_MODULE_H */
