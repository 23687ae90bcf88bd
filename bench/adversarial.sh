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
# Times are medians of wall and CPU time (user + system; the ratio to prose
# is of CPU time, which a busy machine disturbs less). Each render runs as
# `pdfexport render` with --max-pages and --max-chars
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
# The median of each shape's runs, slowest first, with its ratio to prose.
cat >"$OUT/table.py" <<'EOF'
import statistics, sys
runs = {}
for line in sys.stdin:
    name, wall, user, system, kb, status = line.split()
    runs.setdefault(name, []).append((float(wall), float(user) + float(system), int(kb), status))
med = lambda rs, i: statistics.median(r[i] for r in rs)
prose = med(runs["prose"], 1)
print("%-28s %9s %9s %8s %10s  %s" % ("shape", "wall", "CPU", "x prose", "peak RSS", "exit"))
for name, rs in sorted(runs.items(), key=lambda kv: -med(kv[1], 1)):
    print("%-28s %8.2fs %8.2fs %7.1fx %6.1f MiB  %s" % (name, med(rs, 0), med(rs, 1), med(rs, 1) / prose, med(rs, 2) / 1024, rs[0][3]))
EOF
for size in $SIZES; do
  mkdir -p "$OUT/$size"
  "$OUT/advgen" -out "$OUT/$size" -bytes "$size"
  echo "== bodies of $size bytes: median of $RUNS runs (GOGC=off GOMEMLIMIT=$LIMIT)"
  for f in "$OUT/$size"/*.txt; do
    for _ in $(seq "$RUNS"); do
      GOGC=off GOMEMLIMIT=$LIMIT /usr/bin/time -f "$(basename "$f" .txt) %e %U %S %M %x" \
        "$OUT/pdfexport" render --max-pages 100000 --max-chars 100000000 -o "$OUT/out.pdf" "$f" 2>&1 >/dev/null | tail -1
    done
  done | python3 "$OUT/table.py"
done
