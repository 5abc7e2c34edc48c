// SPDX-License-Identifier: GPL-2.0
/*
 * Host shim: main() for KUnit test programs.  To install hooks first,
 * register a setup function with kunit_shim_set_setup() from a
 * constructor, or write your own main() calling kunit_shim_run().
 */
#include <kunit/test.h>
#include <shim/host.h>

int main(int argc, char **argv)
{
	shim_init();
	return kunit_shim_run(argc, argv);
}
