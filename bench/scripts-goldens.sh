#!/usr/bin/env bash
# The pictures of docs/scripts.md: one short paragraph per script, in the
# language's own words from Unicode's CLDR (bench/scriptsgen), rendered
# through the real path (`pdfexport render`, as `go run ./cmd/pdfexport
# render` does) and the top of page 1 rasterised with pdftoppm, cropped
# from a little above the title to a little below the paragraph's last line.
#
#   bench/scripts-goldens.sh              # rewrites docs/scripts/*.png
#   OUT=/tmp/x RES=150 bench/scripts-goldens.sh   # larger, elsewhere, to inspect
#
# Needs Go, Debian's unicode-cldr-core (the text) and poppler-utils
# (pdftoppm, and pdftotext for the crop). The PDFs are A4 at font scale 2;
# the crop is found from pdftotext's word boxes on page 1, the footer (below
# 780 pt) left out, so a paragraph that wraps differently after a layout
# change still fits its picture.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-docs/scripts}
RES=${RES:-70}
SCALE=${SCALE:-2}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
mkdir -p "$OUT"
go build -trimpath -o "$TMP/pdfexport" ./cmd/pdfexport
go run ./bench/scriptsgen -out "$TMP"
for json in "$TMP"/*.json; do
  name=$(basename "$json" .json)
  "$TMP/pdfexport" render --scale "$SCALE" --paper a4 -o "$TMP/$name.pdf" "$json"
  # Top and bottom of the words above the footer, in points from the top.
  read -r top bottom < <(pdftotext -bbox -f 1 -l 1 "$TMP/$name.pdf" - |
    awk -F'"' '/<word / && $4 < 780 { if (top == "" || $4 < top) top = $4; if ($8 > bottom) bottom = $8 }
               END { print top, bottom }')
  # 40 pt to 555 pt across (the 54 pt margins less 14 pt), 12 pt above and
  # below the text, in pixels at RES.
  read -r x y w h < <(awk -v t="$top" -v b="$bottom" -v r="$RES" \
    'BEGIN { printf "%d %d %d %d\n", 40*r/72, (t-12)*r/72, 515*r/72, (b-t+24)*r/72 }')
  pdftoppm -r "$RES" -png -f 1 -l 1 -singlefile -x "$x" -y "$y" -W "$w" -H "$h" "$TMP/$name.pdf" "$OUT/$name"
  echo "$OUT/$name.png  ${w}x${h}  $(stat -c %s "$OUT/$name.png") bytes"
done
