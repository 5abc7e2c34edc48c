#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Prepare a Linux 6.12 tree with tdx-core hooked in, from Debian's packages
# only, in the ignored cache folder .cache/.  Sourced by the scripts that
# build kernels; safe to run again (every step checks what is done).
#
#   KSRC   the kernel tree (.cache/linux-source-6.12)
#
# Packages: linux-source-6.12 (the source), make, perl, python3 (kunit.py,
# checkpatch), xz-utils (the tarball), libc6-dev (the UML link), flex and
# bison (kconfig), clang/lld/llvm 14 (LLVM=1 builds), libssl-dev and
# libelf-dev (host tools), sparse (make C=1), plus whatever the caller adds
# in EXTRA_PACKAGES.  Needs root for apt-get.

set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CACHE=$ROOT/.cache
KVER=6.12
KSRC=$CACHE/linux-source-$KVER
HOOK=drivers/tdx-core

stamp() { printf '[%s] %s\n' "$(date +%T)" "$*"; }

install_packages() {
	local pkgs=(linux-source-$KVER make perl python3 xz-utils libc6-dev
		    flex bison bc clang lld llvm libssl-dev libelf-dev sparse
		    ${EXTRA_PACKAGES:-})
	local missing=() p

	for p in "${pkgs[@]}"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
			grep -q 'install ok installed' || missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	stamp "installing ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

unpack_source() {
	[ -f "$KSRC/.tdx-core-unpacked" ] && return 0
	stamp "unpacking /usr/src/linux-source-$KVER.tar.xz into .cache/"
	rm -rf "$KSRC"
	mkdir -p "$CACHE"
	tar -xJf "/usr/src/linux-source-$KVER.tar.xz" -C "$CACHE"
	touch "$KSRC/.tdx-core-unpacked"
}

# A symlink plus one line in drivers/Kconfig and one in drivers/Makefile.
hook_project() {
	ln -sfn "$ROOT" "$KSRC/$HOOK"
	grep -q "source \"$HOOK/Kconfig\"" "$KSRC/drivers/Kconfig" ||
		sed -i "\$i source \"$HOOK/Kconfig\"" "$KSRC/drivers/Kconfig"
	grep -q "tdx-core/" "$KSRC/drivers/Makefile" ||
		echo 'obj-$(CONFIG_TDX_CORE) += tdx-core/' >> "$KSRC/drivers/Makefile"
}

install_packages
unpack_source
hook_project
