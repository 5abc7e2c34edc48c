#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The Rust layer on the host, over the simulated TDX module:
#
#   rustfmt --check, clippy (warnings are errors), rustdoc (warnings are
#   errors), cargo tests (doc examples, the scenarios of rust/selftests.rs),
#   the Rust sample, and the misuse that must not compile: every
#   rust/compile_fail/*.rs and tests/compile_fail/*.c must fail to compile
#   with the error its "expect:" line names (or compile, for "pass").
#
# Ends with "rust-host: N passed, N failed".  Cargo uses no network: the
# crate has no dependencies.  bindgen comes from scripts/rust-tools.sh.

set -uo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$ROOT/build
export CARGO_TARGET_DIR=$BUILD/cargo
TOOLS_ENV=$("$ROOT/scripts/rust-tools.sh") || exit 1
# Only BINDGEN: the host crate builds with the rustup toolchain (it has a
# host std); PATH is left alone.
export BINDGEN=$(sed -n 's/^export BINDGEN=//p' <<< "$TOOLS_ENV")
# The compile-fail programs must be checked by the compiler that built
# the library they link against.
RUSTC=$(rustup which rustc 2>/dev/null || command -v rustc)
export RUSTC

passed=0
failed=0
pass() { passed=$((passed + 1)); echo "ok - $*"; }
fail() { failed=$((failed + 1)); echo "not ok - $*"; }

step() {
	local name=$1
	shift
	if "$@" > "$BUILD/rust-$name.log" 2>&1; then
		pass "$name"
	else
		fail "$name (see build/rust-$name.log)"
		tail -30 "$BUILD/rust-$name.log"
	fi
}

mkdir -p "$BUILD"
cd "$ROOT/rust" || exit 1

step rustfmt cargo fmt --check -- "$ROOT"/rust/*.rs "$ROOT"/rust/tests/*.rs \
	"$ROOT"/samples/rust/*.rs "$ROOT"/rust/compile_fail/*.rs
step clippy cargo clippy --all-targets -- -D warnings
RUSTDOCFLAGS="-D warnings" step rustdoc cargo doc --no-deps --lib

# Each test binary prints "test result: ok. N passed; M failed".
cargo test 2>&1 | tee "$BUILD/rust-cargo-test.log" | grep -E '^test result|FAILED|panicked'
if [ "${PIPESTATUS[0]}" -ne 0 ]; then
	fail "cargo test (see build/rust-cargo-test.log)"
fi
tests_passed=$(awk '/^test result/ { n += $4 } END { print n + 0 }' "$BUILD/rust-cargo-test.log")
tests_failed=$(awk '/^test result/ { n += $6 } END { print n + 0 }' "$BUILD/rust-cargo-test.log")
echo "cargo test: $tests_passed passed, $tests_failed failed"
passed=$((passed + tests_passed))
failed=$((failed + tests_failed))

step sample cargo run -q --bin tdx_rust_sample

# Misuse that must not compile.  The library's rlib is what a driver
# would link against.
DEPS=$CARGO_TARGET_DIR/debug/deps
RLIB=$(ls -t "$DEPS"/libtdx-*.rlib 2>/dev/null | head -1)
[ -n "$RLIB" ] || { fail "no libtdx rlib in $DEPS"; RLIB=/nonexistent; }
# judge NAME EXPECT RC OUTPUT PATTERN: a "pass" program must compile;
# any other must fail, with PATTERN (the expected error) in its output.
judge() {
	local name=$1 expect=$2 rc=$3 out=$4 pattern=$5

	if [ "$expect" = pass ]; then
		if [ "$rc" -eq 0 ]; then
			pass "$name compiles"
		else
			fail "$name should compile"
			head -20 <<< "$out"
		fi
	elif [ "$rc" -eq 0 ]; then
		fail "$name compiled; it must fail with $expect"
	elif grep -q -e "$pattern" <<< "$out"; then
		pass "$name fails with $expect"
	else
		fail "$name failed, but not with $expect"
		grep -m5 'error' <<< "$out"
	fi
}

for prog in "$ROOT"/rust/compile_fail/*.rs; do
	expect=$(sed -n 's|^//! expect: *||p' "$prog")
	out=$("$RUSTC" --edition 2021 --crate-type bin --emit=metadata \
		-o "$BUILD/compile-fail.rmeta" --extern tdx="$RLIB" \
		-L dependency="$DEPS" "$prog" 2>&1)
	rc=$?
	# Error codes (E0505) head their error; a lint made an error by
	# #![deny(warnings)] is named in the note under it.
	case $expect in
	E[0-9]*) pattern="^error\[$expect\]" ;;
	*) pattern="#\[warn($expect)\]\|#\[deny($expect)\]\|\`$expect\`\|$expect" ;;
	esac
	judge "rust/compile_fail/$(basename "$prog")" "$expect" $rc "$out" "$pattern"
done

# C: handles of the wrong type, under -Werror.
CC=${CC:-gcc}
for prog in "$ROOT"/tests/compile_fail/*.c; do
	expect=$(sed -n 's|.*expect: \([a-z-]*\).*|\1|p' "$prog" | head -1)
	out=$("$CC" -std=gnu11 -Wall -Werror -fsyntax-only \
		-I"$ROOT/tests/shim/include" -I"$ROOT/include" "$prog" 2>&1)
	rc=$?
	judge "tests/compile_fail/$(basename "$prog")" "$expect" $rc "$out" \
		"\[-Werror=$expect\]"
done

echo "rust-host: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
