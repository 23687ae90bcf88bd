#!/usr/bin/env bash
# Worst cases: whole-process renders of every adversarial article shape
# (internal/adversarial) against ordinary prose of the same size, with each
# render's time and peak resident memory. The rule it reports on: no input
# within the body limit takes more than 10 times the time of prose of the
# same length.
#
#   bench/adversarial.sh                     # 100 KB and 2 MiB bodies
#   SIZES="2097152" bench/adversarial.sh
#
# Each render runs as `pdfexport render` with --max-pages and --max-chars
# raised out of the way (they would stop prose of 2 MiB at 500 pages before
# it is laid out), GOGC=off and GOMEMLIMIT=$LIMIT, so that the collector
# works as the server's does and the peak shows what a render really needs.
# Needs Go, Python 3 and GNU time (Debian: apt-get install time).
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=${SIZES:-"100000 2097152"}
LIMIT=${LIMIT:-32MiB}
RUNS=${RUNS:-3}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
go build -trimpath -o "$OUT/pdfexport" ./cmd/pdfexport
go build -o "$OUT/advgen" ./bench/advgen
for size in $SIZES; do
  mkdir -p "$OUT/$size"
  "$OUT/advgen" -out "$OUT/$size" -bytes "$size"
  echo "== bodies of $size bytes: median of $RUNS runs (GOGC=off GOMEMLIMIT=$LIMIT)"
  for f in "$OUT/$size"/*.txt; do
    for _ in $(seq "$RUNS"); do
      GOGC=off GOMEMLIMIT=$LIMIT /usr/bin/time -f "$(basename "$f" .txt) %e %M %x" \
        "$OUT/pdfexport" render --max-pages 100000 --max-chars 100000000 -o "$OUT/out.pdf" "$f" 2>&1 >/dev/null | tail -1
    done
  done | python3 -c '
import statistics, sys
runs = {}
for line in sys.stdin:
    name, secs, kb, status = line.split()
    runs.setdefault(name, []).append((float(secs), int(kb), status))
prose = statistics.median(r[0] for r in runs["prose"])
print(f"{\"shape\":28} {\"time\":>9} {\"x prose\":>8} {\"peak RSS\":>10}  exit")
for name, rs in sorted(runs.items(), key=lambda kv: -statistics.median(r[0] for r in kv[1])):
    t = statistics.median(r[0] for r in rs)
    m = statistics.median(r[1] for r in rs) / 1024
    print(f"{name:28} {t:8.2f}s {t / prose:7.1f}x {m:8.1f} MiB  {rs[0][2]}")
'
done
