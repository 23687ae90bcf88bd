#!/usr/bin/env bash
# The WordPress source against the fixture WordPress (testdata/wordpress):
# the latency of GET /v1/articles/{id}.pdf by ID, cold (no cache anywhere in
# pdfexport: the post from WordPress's API, its pictures fetched and decoded,
# the render) and cached (the PDF cache); in between, the post asked of
# WordPress on every request (--source-max-age 0) with its PDF cached; then a
# date-range export of every post (254), its time and peak resident memory.
#
#   testdata/wordpress/setup && bench/wordpress.sh
#   RUNS=10 bench/wordpress.sh
#
# Needs the fixture's set-up, hyperfine, curl and GNU time (Debian: apt-get
# install hyperfine time). Latencies are hyperfine's medians of whole curl
# runs (a few ms of curl's own start included).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-20}
OUT=$(mktemp -d)
PIDS=()
trap 'kill -- "${PIDS[@]}" 2>/dev/null || true; rm -rf "$OUT"' EXIT
go build -trimpath -o "$OUT/pdfexport" ./cmd/pdfexport

if ! curl -sf -o /dev/null http://127.0.0.1:8765/wp-json/; then
  setsid testdata/wordpress/serve >"$OUT/wordpress.log" 2>&1 &
  PIDS+=(-$!)
  for _ in $(seq 100); do curl -sf -o /dev/null http://127.0.0.1:8765/wp-json/ && break; sleep 0.1; done
fi
WP=(--wordpress http://127.0.0.1:8765 --image-allow-private)

serve() { # serve PORT FLAGS...: pdfexport serve in the background
  local port=$1
  shift
  "$OUT/pdfexport" serve --addr "127.0.0.1:$port" "${WP[@]}" "$@" 2>"$OUT/serve-$port.log" &
  PIDS+=($!)
  for _ in $(seq 100); do curl -sf -o /dev/null "http://127.0.0.1:$port/healthz" && break; sleep 0.1; done
}
serve 18181 --cache-bytes 0 --image-cache 0 --source-cache-bytes 0 # cold: nothing kept
serve 18182 --source-max-age 0                                       # WordPress asked every time
serve 18183                                                          # defaults

medians() { # the median of each command in hyperfine's JSON
  python3 -c 'import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    print("%-55s median %8.1f ms" % (r["command"], r["median"] * 1000))' "$1"
}
# What curl itself costs: a request that does nothing.
hyperfine -N --style basic --warmup 2 --runs "$RUNS" -n "GET /healthz (curl's own cost)" \
  "curl -sf -o /dev/null http://127.0.0.1:18183/healthz" --export-json "$OUT/healthz.json" >/dev/null
medians "$OUT/healthz.json"

POSTS="lyon-night-trains-11 gutenberg-showcase amman-water"
for port in 18182 18183; do # warm the caches
  for id in $POSTS; do curl -sf -o /dev/null "http://127.0.0.1:$port/v1/articles/$id.pdf"; done
done
for id in $POSTS; do
  hyperfine -N --style basic --warmup 2 --runs "$RUNS" \
    -n "$id cold" "curl -sf -o /dev/null http://127.0.0.1:18181/v1/articles/$id.pdf" \
    -n "$id WordPress asked, PDF cached" "curl -sf -o /dev/null http://127.0.0.1:18182/v1/articles/$id.pdf" \
    -n "$id cached" "curl -sf -o /dev/null http://127.0.0.1:18183/v1/articles/$id.pdf" \
    --export-json "$OUT/$id.json" >/dev/null
  medians "$OUT/$id.json"
done
hyperfine -N --style basic --runs 5 -n "three-hundred-images cold" \
  "curl -sf -o /dev/null http://127.0.0.1:18181/v1/articles/three-hundred-images.pdf" --export-json "$OUT/300.json" >/dev/null
medians "$OUT/300.json"

echo "export of every post, 2024-01-01 to 2026-12-31 (3 runs, each into an empty folder):"
for run in 1 2 3; do
  rm -rf "$OUT/export"
  /usr/bin/time -f "%e s, peak RSS %M KiB" "$OUT/pdfexport" export --out "$OUT/export" --from 2024-01-01 --to 2026-12-31 \
    "${WP[@]}" 2>&1 | grep -E "selected|peak RSS"
done
