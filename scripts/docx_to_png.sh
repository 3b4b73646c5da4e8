#!/usr/bin/env bash
# Look at a rendered Word report: convert it to PDF with headless LibreOffice, then every page
# to a PNG image.
#
#   scripts/docx_to_png.sh IN.docx OUTDIR
#
# writes OUTDIR/NAME.pdf and OUTDIR/NAME-1.png, OUTDIR/NAME-2.png, … (NAME is IN without .docx)
# at 60 dpi (set DPI for another resolution), and prints the PNG paths.
# For developers only (CI does not run it). Needs LibreOffice Writer and poppler-utils
# (Debian: apt-get install libreoffice-writer-nogui poppler-utils) and a CJK font
# (fonts-noto-cjk): a machine without 方正小标宋简体 / 仿宋_GB2312 / 黑体 substitutes its own
# faces, so the pages show the layout, not the final typefaces.
# Set SOFFICE to use another LibreOffice binary.
set -euo pipefail

if [[ $# -ne 2 ]]; then
  echo "usage: $0 IN.docx OUTDIR" >&2
  exit 2
fi
in=$1
outdir=$2
if [[ ! -f $in ]]; then
  echo "$0: no such file: $in" >&2
  exit 2
fi
if [[ $in != *.docx ]]; then
  echo "$0: the input must end in .docx: $in" >&2
  exit 2
fi

office=${SOFFICE:-}
if [[ -z $office ]]; then
  for name in libreoffice soffice lowriter; do
    if command -v "$name" >/dev/null 2>&1; then
      office=$(command -v "$name")
      break
    fi
  done
fi
if [[ -z $office ]]; then
  echo "$0: no LibreOffice found (apt-get install libreoffice-writer-nogui, or set SOFFICE)" >&2
  exit 1
fi
if ! command -v pdftoppm >/dev/null 2>&1; then
  echo "$0: pdftoppm not found (apt-get install poppler-utils)" >&2
  exit 1
fi

mkdir -p "$outdir"
name=$(basename "$in" .docx)
# A private profile directory: a LibreOffice already running for the user would otherwise
# take the job (and a first start writes its profile there instead of in ~).
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
"$office" -env:UserInstallation="file://$profile" --headless --convert-to pdf \
  --outdir "$outdir" "$in" >/dev/null
pdf="$outdir/$name.pdf"
if [[ ! -f $pdf ]]; then
  echo "$0: LibreOffice wrote no PDF for $in" >&2
  exit 1
fi
rm -f "$outdir/$name"-*.png
pdftoppm -png -r "${DPI:-60}" "$pdf" "$outdir/$name"
ls "$outdir/$name"-*.png
