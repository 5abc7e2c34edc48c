#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run tdx-core's KUnit suites in a real Linux 6.12 kernel under User-mode
# Linux, on the simulated TDX module, with the debug options of the
# project's .kunitconfig.  The first run builds the kernel (a few minutes
# on two cores); later runs rebuild only what changed.
#
#   scripts/kunit.sh            UML, simulated module (what make test runs)
#   scripts/kunit.sh x86_64     x86_64 under QEMU, hardware backend: the
#                               SEAMCALL instruction without a TDX module

set -euo pipefail

ARCH=${1:-um}
[ "$ARCH" = x86_64 ] && EXTRA_PACKAGES="qemu-system-x86"
source "$(dirname "$0")/kernel-tree.sh"

# Rust: Debian's rustc (with rust-src) ahead of any rustup toolchain, and
# bindgen 0.71; rust-tools.sh installs them and prints PATH and BINDGEN.
eval "$("$(dirname "$0")/rust-tools.sh")"

BUILD=$CACHE/build-$ARCH
KUNITCONFIG=$HOOK
# No simulator on x86_64: the real backend meets a machine without TDX.
[ "$ARCH" = x86_64 ] && KUNITCONFIG=$HOOK/tests/kernel/hw.kunitconfig
ARGS=(--arch="$ARCH" --build_dir="$BUILD" --jobs="$(nproc)"
      --kunitconfig="$KUNITCONFIG" --make_options LLVM=1
      --make_options BINDGEN="$BINDGEN")

stamp "kunit.py run --arch=$ARCH"
cd "$KSRC"
set +e
./tools/testing/kunit/kunit.py run "${ARGS[@]}" 2>&1 | tee "$BUILD.log"
ret=${PIPESTATUS[0]}
set -e

# One closing line in the form every runner here ends with.
summary=$(grep 'Testing complete. Ran' "$BUILD.log" | tail -1 || true)
total=$(sed -n 's/.*Ran \([0-9]*\) tests.*/\1/p' <<< "$summary")
passed=$(sed -n 's/.*passed: \([0-9]*\).*/\1/p' <<< "$summary")
failed=$(sed -n 's/.*failed: \([0-9]*\).*/\1/p' <<< "$summary")
crashed=$(sed -n 's/.*crashed: \([0-9]*\).*/\1/p' <<< "$summary")
failed=$(( ${failed:-0} + ${crashed:-0} ))
skipped=$(sed -n 's/.*skipped: \([0-9]*\).*/\1/p' <<< "$summary")
echo "kunit-$ARCH: ${passed:-0} passed, ${failed:-0} failed, ${skipped:-0} skipped"
if [ "$ret" -eq 0 ] && [ "${total:-0}" -eq 0 ]; then
	echo "kunit-$ARCH: no test ran" >&2
	exit 1
fi
exit "$ret"
