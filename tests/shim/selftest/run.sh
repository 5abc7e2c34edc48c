#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Build and run the shim self-test twice: with -Werror, then with
# AddressSanitizer and UBSan.  Run from anywhere; uses $CC (gcc).
set -e
cd "$(dirname "$0")/../../.."
CC=${CC:-gcc}
OUT=${TMPDIR:-/tmp}
CFLAGS="-std=gnu11 -O1 -g -Wall -Wextra -Wno-unused-parameter \
-Wno-sign-compare -Wno-missing-field-initializers -pthread -Werror \
-Itests/shim/include -Iinclude"
SRCS="tests/shim/base.c tests/shim/cpu.c tests/shim/mem.c tests/shim/kunit.c \
tests/shim/kunit_main.c tests/shim/stop_machine.c \
tests/shim/selftest/shim_selftest.c"

$CC $CFLAGS $SRCS -o "$OUT/shim_selftest"
"$OUT/shim_selftest" "$@"
$CC $CFLAGS -fsanitize=address,undefined -fno-sanitize-recover=undefined \
	$SRCS -o "$OUT/shim_selftest_san"
"$OUT/shim_selftest_san" "$@"
