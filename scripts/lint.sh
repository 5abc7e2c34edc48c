#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The kernel's checkers on tdx-core:
#   checkpatch.pl --strict   every kernel-side C, header and assembly file
#   kernel-doc -none -Wall   the same files
#   W=1 LLVM=1 C=2           a clang build of drivers/tdx-core with extra
#                            warnings and sparse on every C file (UML tree)
#   clippy                   the kernel's own rustc command line for the
#                            Rust crate, run by clippy-driver (the kernel's
#                            CLIPPY=1 would rebuild the kernel's crates)
#
# tests/shim/ is left out of checkpatch and kernel-doc: it re-implements
# kernel macros for the host build and, like the kernel's own versions of
# those headers, cannot pass --strict (argument reuse, volatile, typedefs).

set -euo pipefail
source "$(dirname "$0")/kernel-tree.sh"
# The tree is configured with Rust: Debian's rustc and bindgen 0.71.
eval "$("$(dirname "$0")/rust-tools.sh")"

BUILD=$CACHE/build-um
cd "$ROOT"
mapfile -t FILES < <(git ls-files -co --exclude-standard -- \
	include c bindings samples tests/kunit tests/kernel tests/host \
	tests/compile_fail |
	grep -E '\.(c|h|S)$')
passed=0
failed=0

check() {
	local name=$1 out=$2

	if [ -s "$out" ]; then
		echo "lint: $name FAILED:"
		sed 's/^/    /' "$out"
		failed=$((failed + 1))
	else
		echo "lint: $name clean"
		passed=$((passed + 1))
	fi
}

out=$(mktemp)
trap 'rm -f "$out"' EXIT

stamp "checkpatch --strict on ${#FILES[@]} files"
for f in "${FILES[@]}"; do
	perl "$KSRC/scripts/checkpatch.pl" --no-tree --strict --terse -f "$f" |
		grep -v '^total:' || true
done > "$out"
check checkpatch "$out"

stamp "kernel-doc -none -Wall"
perl "$KSRC/scripts/kernel-doc" -none -Wall "${FILES[@]}" > "$out" 2>&1 || true
check kernel-doc "$out"

stamp "W=1 LLVM=1 build with sparse (C=2)"
if [ ! -f "$BUILD/.config" ]; then
	(cd "$KSRC" && ./tools/testing/kunit/kunit.py config --arch=um \
		--build_dir="$BUILD" --kunitconfig="$HOOK" --make_options LLVM=1 \
		--make_options BINDGEN="$BINDGEN")
	make -C "$KSRC" ARCH=um LLVM=1 BINDGEN="$BINDGEN" O="$BUILD" \
		-j"$(nproc)" prepare >/dev/null
fi
# Compile every project file again, so that each one is checked.
find "$BUILD/$HOOK/" -name '*.o' -delete 2>/dev/null || true
log=$BUILD.lint.log
: > "$out"
if ! make -C "$KSRC" ARCH=um LLVM=1 BINDGEN="$BINDGEN" O="$BUILD" W=1 C=2 \
		-j"$(nproc)" "$HOOK/" > "$log" 2>&1; then
	echo "the build failed (see $log)" > "$out"
fi
# Only this project's files: with W=1 the kernel's own Rust helpers are
# rebuilt too, and sparse has things to say about them.
grep -E 'warning:|error:' "$log" | grep -F "$HOOK/" >> "$out" || true
check "W=1+sparse" "$out"

stamp "clippy on the kernel's Rust crate"
: > "$out"
cmdfile=$BUILD/$HOOK/rust/.tdx_rust.o.cmd
tmp=$(mktemp -d)
trap 'rm -rf "$out" "$tmp"' EXIT
if [ -f "$cmdfile" ]; then
	# Same flags, clippy-driver instead of rustc, outputs to $tmp.
	cmd=$(sed -n 's/^savedcmd_[^ ]* := //p' "$cmdfile" |
	      sed -e 's/^\(RUST_MODFILE=[^ ]* \)\{0,1\}[^ ]*rustc /\1clippy-driver /' \
		  -e "s|--emit=dep-info=[^ ]*|--emit=dep-info=$tmp/dep|" \
		  -e "s|--emit=obj=[^ ]*|--emit=metadata=$tmp/tdx_rust.rmeta|" \
		  -e "s|--out-dir [^ ]*|--out-dir $tmp|")
	(cd "$BUILD" && export RUSTC_BOOTSTRAP=1 && eval "$cmd") > "$tmp/clippy.log" 2>&1 ||
		echo "clippy-driver failed" >> "$out"
	grep -E -A6 '^(warning|error)' "$tmp/clippy.log" >> "$out" || true
else
	echo "no $cmdfile: the Rust crate was not built" >> "$out"
fi
check clippy "$out"

echo "lint: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
