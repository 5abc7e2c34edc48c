#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Rust for Linux 6.12 from Debian only: rustc-web, rust-web-src and
# rust-web-clippy from bookworm, and bindgen 0.71 (the kernel needs at
# least 0.65.1; bookworm has 0.60.1).  Trixie's bindgen needs glibc 2.39,
# so it runs through trixie's own loader and libc, unpacked next to it in
# .cache/tools: the system's apt sources and glibc are left alone.
#
# Prints the environment to use: PATH with /usr/bin first (a rustup
# toolchain without rust-src would shadow Debian's) and BINDGEN.

set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
TOOLS=$ROOT/.cache/tools
APTDIR=$TOOLS/apt

stamp() { printf '[%s] %s\n' "$(date +%T)" "$*" >&2; }

missing=()
for p in rustc-web rust-web-src rust-web-clippy; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
		grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	stamp "installing ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ ! -x "$TOOLS/bin/bindgen" ]; then
	stamp "fetching bindgen and its libc from trixie (private apt state)"
	mkdir -p "$APTDIR/lists/partial" "$APTDIR/cache/archives/partial" \
		 "$APTDIR/sources" "$TOOLS/bin"
	cat > "$APTDIR/sources/trixie.sources" <<SRC
Types: deb
URIs: http://deb.debian.org/debian
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
	apt_opts=(-o Dir::Etc::SourceList=/dev/null
		  -o Dir::Etc::SourceParts="$APTDIR/sources"
		  -o Dir::State::Lists="$APTDIR/lists"
		  -o Dir::Cache="$APTDIR/cache"
		  -o Dir::Etc::Preferences=/dev/null
		  -o Dir::Etc::PreferencesParts=/dev/null)
	apt-get "${apt_opts[@]}" update -qq
	(cd "$APTDIR" && rm -f ./*.deb &&
	 apt-get "${apt_opts[@]}" download -qq bindgen libc6)
	rm -rf "$TOOLS/bindgen" "$TOOLS/trixie-libc"
	dpkg -x "$APTDIR"/bindgen_*.deb "$TOOLS/bindgen"
	dpkg -x "$APTDIR"/libc6_*.deb "$TOOLS/trixie-libc"
	cat > "$TOOLS/bin/bindgen" <<'WRAP'
#!/bin/sh
# bindgen from trixie, started by trixie's loader with trixie's libc.
D=$(dirname "$(readlink -f "$0")")/..
L=$D/trixie-libc/usr/lib/x86_64-linux-gnu
exec "$L/ld-linux-x86-64.so.2" --library-path "$L" \
	"$D/bindgen/usr/bin/bindgen" "$@"
WRAP
	chmod +x "$TOOLS/bin/bindgen"
fi

"$TOOLS/bin/bindgen" --version >&2
echo "export PATH=/usr/bin:/bin:/usr/sbin:/sbin:\$PATH"
echo "export BINDGEN=$TOOLS/bin/bindgen"
