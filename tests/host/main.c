// SPDX-License-Identifier: GPL-2.0
/*
 * Host entry point of the KUnit suites: run every registered suite (or
 * those matching argv[1]) and print KTAP with a closing
 * "N passed, N failed" line.
 */
#include <kunit/test.h>
#include <shim/host.h>

void tdx_test_env_setup(void);

int main(int argc, char **argv)
{
	shim_init();
	shim_set_quiet(true);
	tdx_test_env_setup();
	return kunit_shim_run(argc, argv);
}
