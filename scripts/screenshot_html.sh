#!/usr/bin/env bash
# Look at a rendered HTML report the way a reader does: a screenshot of the page in headless
# Chromium, the page printed to an A4 PDF, and that PDF's pages as PNG images.
#
#   scripts/screenshot_html.sh IN.html OUT.png
#
# writes OUT.png (the page in a 1240 px wide window), OUT.pdf (printed without header and
# footer) and, when pdftoppm is installed, OUT-page-1.png, OUT-page-2.png, … at 60 dpi.
# For developers only (CI does not run it). Needs Chromium (Debian: apt-get install chromium)
# and, for the page images, poppler-utils; fonts-noto-cjk if Chinese shows as boxes.
# Set CHROMIUM to use another browser binary, WINDOW (default 1240,3500) for another size.
set -euo pipefail

if [[ $# -ne 2 ]]; then
  echo "usage: $0 IN.html OUT.png" >&2
  exit 2
fi
in=$1
out=$2
if [[ ! -f $in ]]; then
  echo "$0: no such file: $in" >&2
  exit 2
fi
if [[ $out != *.png ]]; then
  echo "$0: the output must end in .png: $out" >&2
  exit 2
fi

browser=${CHROMIUM:-}
if [[ -z $browser ]]; then
  for name in chromium chromium-browser google-chrome; do
    if command -v "$name" >/dev/null 2>&1; then
      browser=$(command -v "$name")
      break
    fi
  done
fi
if [[ -z $browser ]]; then
  echo "$0: no Chromium found (apt-get install chromium, or set CHROMIUM)" >&2
  exit 1
fi

url="file://$(realpath "$in")"
mkdir -p "$(dirname "$out")"
out=$(realpath -m "$out")
base=${out%.png}
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT

flags=(
  --headless --no-sandbox --disable-gpu --disable-quic --no-first-run
  --disable-background-networking --disable-component-update --disable-sync
  --user-data-dir="$profile" --hide-scrollbars
)

"$browser" "${flags[@]}" --window-size="${WINDOW:-1240,3500}" --screenshot="$out" "$url" \
  >/dev/null 2>&1
echo "$out"

"$browser" "${flags[@]}" --print-to-pdf="$base.pdf" --no-pdf-header-footer "$url" >/dev/null 2>&1
echo "$base.pdf"

if command -v pdftoppm >/dev/null 2>&1; then
  rm -f "$base"-page-*.png
  pdftoppm -png -r 60 "$base.pdf" "$base-page"
  ls "$base"-page-*.png
else
  echo "$0: pdftoppm not found (apt-get install poppler-utils): no page images" >&2
fi
