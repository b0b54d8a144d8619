#!/usr/bin/env bash
# Renders the application icon's PNG sizes for the hicolor theme from the SVG, with
# rsvg-convert (Debian's librsvg2-bin). The PNGs are committed; run this after changing the SVG.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh librsvg2-bin
id=org.registrarwatch.RegistrarWatch
svg=resources/icons/$id.svg
for size in 16 22 24 32 48 64 128 256; do
    dir=resources/icons/hicolor/${size}x${size}/apps
    mkdir -p "$dir"
    rsvg-convert --width "$size" --height "$size" --keep-aspect-ratio "$svg" -o "$dir/$id.png"
    echo "$dir/$id.png"
done
