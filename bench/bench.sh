#!/usr/bin/env bash
# Speed of pdfexport on this machine: the Go benchmarks of each stage and of
# whole renders, then whole-process renders of the sample article timed with
# hyperfine against the browsers that happen to be installed (Chromium's
# headless --print-to-pdf, WeasyPrint), with the ratios.
#
#   bench/bench.sh                  # about three minutes
#   COUNT=3 RUNS=10 bench/bench.sh  # quicker, noisier
#
# Needs Go, Python 3 and hyperfine (Debian: apt-get install hyperfine); Chromium
# (/usr/bin/chromium) and WeasyPrint are compared when present.
set -euo pipefail
cd "$(dirname "$0")/.."

COUNT=${COUNT:-6}
RUNS=${RUNS:-20}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
SAMPLE=source/archive/illusions-of-moscow-tokyo-rapprochement.txt

echo "== machine"
echo "$(nproc) cores, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo), $(go version)"

echo "== Go benchmarks: whole renders and each stage (median of $COUNT below)"
go test ./render -run '^$' -bench 'Render|Stages' -benchmem -count "$COUNT" >"$OUT/bench.txt"
# The median of each benchmark's time and allocations.
python3 - "$OUT/bench.txt" <<'EOF'
import re, statistics, sys
runs = {}
for line in open(sys.argv[1]):
    m = re.match(r"(Benchmark\S+)\s+\d+\s+(\d+) ns/op.*?(\d+) B/op\s+(\d+) allocs/op", line)
    if m:
        runs.setdefault(m[1], []).append((int(m[2]), int(m[3]), int(m[4])))
for name, rs in runs.items():
    med = lambda i: statistics.median(r[i] for r in rs)
    print(f"{name:48} {med(0) / 1e6:8.2f} ms {med(1) / 2**20:8.1f} MiB {med(2):8.0f} allocs")
EOF

echo "== whole process: the sample article to PDF, $RUNS runs each"
go build -trimpath -o "$OUT/pdfexport" ./cmd/pdfexport
# The browsers get the same article as a plain print page: title,
# standfirst, justified and hyphenated paragraphs, 11 pt on A4.
awk 'BEGIN { RS = ""; print "<!doctype html><html lang=en><meta charset=utf-8><style>@page{size:A4;margin:72pt}" \
  "body{font:11pt/1.4 serif;text-align:justify;hyphens:auto}h1{font:bold 20pt sans-serif;text-align:left}</style><body>" }
  { gsub(/&/, "\\&amp;"); gsub(/</, "\\&lt;"); gsub(/\n/, " ") }
  NR == 1 { next }                  # the site toolbar line
  NR == 2 { print "<p>" $0 "</p>"; next }
  NR == 3 { print "<h1>" $0 "</h1>"; next }
  NR == 4 { print "<p><em>" $0 "</em></p>"; next }
  { print "<p>" $0 "</p>" }
  END { print "</body></html>" }' "$SAMPLE" >"$OUT/sample.html"

cmds=(-n pdfexport "$OUT/pdfexport render -o $OUT/ours.pdf $SAMPLE")
if [ -x /usr/bin/chromium ]; then
  # A new browser process for every run (cold), as a print service that
  # starts one per request would; the profile folder is made once.
  mkdir -p "$OUT/profile"
  cmds+=(-n chromium "/usr/bin/chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
--disable-background-networking --disable-component-update --disable-sync --user-data-dir=$OUT/profile \
--no-pdf-header-footer --print-to-pdf=$OUT/chromium.pdf file://$OUT/sample.html")
fi
if command -v weasyprint >/dev/null; then
  cmds+=(-n weasyprint "weasyprint $OUT/sample.html $OUT/weasyprint.pdf")
fi
hyperfine --style basic --warmup 2 --runs "$RUNS" --export-json "$OUT/whole.json" "${cmds[@]}"

echo "== medians and ratios"
python3 - "$OUT/whole.json" <<'EOF'
import json, sys
rs = json.load(open(sys.argv[1]))["results"]
ours = rs[0]["median"]
for r in rs:
    print(f"{r['command']:12} median {r['median'] * 1000:8.1f} ms   {r['median'] / ours:6.1f}x pdfexport's time")
EOF
