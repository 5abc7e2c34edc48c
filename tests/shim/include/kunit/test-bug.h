/* SPDX-License-Identifier: GPL-2.0 */
/* Host shim: kunit_get_current_test() is declared in <kunit/test.h>. */
#include <kunit/test.h>
