/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What bindgen reads to produce the raw Rust bindings of tdx-core: the
 * public API of include/tdx/ and the helpers of this directory.  The
 * generated file is included by one private Rust module (rust/ffi.rs);
 * nothing else in Rust sees it.
 */
#ifndef _TDX_CORE_BINDINGS_H
#define _TDX_CORE_BINDINGS_H

#include <tdx/connect.h>
#include <tdx/errno.h>
#include <tdx/hpa_list.h>
#include <tdx/sim.h>
#include <tdx/sys.h>
#include <tdx/tdx.h>
#include <tdx/update.h>

#include "helpers.h"

#endif /* _TDX_CORE_BINDINGS_H */
