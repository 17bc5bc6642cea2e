#!/bin/sh
# Makes the icon's PNGs (16 to 512 px) from litescope.svg; needs rsvg-convert (Debian: librsvg2-bin).
# The PNGs are committed, so that neither the build nor the installers need this tool.
set -eu
cd "$(dirname "$0")"
for size in 16 24 32 48 64 128 256 512; do
  rsvg-convert -w "$size" -h "$size" litescope.svg -o "litescope-$size.png"
done
