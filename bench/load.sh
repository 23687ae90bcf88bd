#!/usr/bin/env bash
# Load and soak test of pdfexport on this machine (127.0.0.1 only; bounded in
# time and requests). Starts the server with a render limit, drives phases of
# load with bench/loadgen, samples the server's memory, and checks afterwards
# that every 200 answer was a whole PDF and that memory came back down.
#
#   bench/load.sh            # about three and a half minutes
#   PHASE_SECONDS=5 bench/load.sh
#
# Prints one JSON line per phase, then the memory figures.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=${PORT:-18080}
SECS=${PHASE_SECONDS:-20}
RENDERS=${MAX_RENDERS:-2}
OUT=$(mktemp -d)
trap 'kill "$SERVER" "$SAMPLER" 2>/dev/null || true; rm -rf "$OUT"' EXIT

go build -o "$OUT/pdfexport" ./cmd/pdfexport
go build -o "$OUT/loadgen" ./bench/loadgen

# GOMEMLIMIT keeps the Go heap, and so the resident set, near a bound: the
# PDF cache (64 MiB) plus what the renders in flight need.
GOMEMLIMIT=${MEMLIMIT:-160MiB} "$OUT/pdfexport" serve --addr "127.0.0.1:$PORT" --max-renders "$RENDERS" \
  --max-queue "$RENDERS" --queue-wait 1s --cache-bytes $((64 << 20)) 2>"$OUT/server.log" &
SERVER=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.1; done

rss() { awk '/^VmRSS/ {print $2}' "/proc/$SERVER/status"; }
hwm() { awk '/^VmHWM/ {print $2}' "/proc/$SERVER/status"; }
# Sample RSS every 100 ms; the kernel's high-water mark (VmHWM) is the peak.
( while kill -0 "$SERVER" 2>/dev/null; do rss >>"$OUT/rss"; sleep 0.1; done ) &
SAMPLER=$!

curl -sf "http://127.0.0.1:$PORT/v1/articles/illusions-of-moscow-tokyo-rapprochement.pdf" -o /dev/null # warm up
START_RSS=$(rss)
LOAD="$OUT/loadgen -base http://127.0.0.1:$PORT -d ${SECS}s"
C4=$((4 * RENDERS))
$LOAD -label "uncached at the render limit" -mix uncached -c "$RENDERS"
$LOAD -label "uncached at 4x the render limit" -mix uncached -c "$C4"
$LOAD -label "cached" -mix cached -c 16
$LOAD -label "mixed site traffic at 4x the render limit" -mix mixed -c "$C4"
PEAK_RSS=$(hwm)
# Idle: 30 s after the last render the server returns its free memory
# to the system.
sleep "${IDLE_SECONDS:-45}"
END_RSS=$(rss)
metric() { curl -s "http://127.0.0.1:$PORT/metrics" | awk -v m="$1" '$1 == m {printf "%d", $2}'; }
echo "{\"rss_start_kib\": $START_RSS, \"rss_peak_kib\": $PEAK_RSS, \"rss_after_idle_kib\": $END_RSS," \
  "\"cache_bytes\": $(metric pdfexport_cache_bytes), \"heap_inuse_bytes\": $(metric go_memstats_heap_inuse_bytes)," \
  "\"memlimit\": \"${MEMLIMIT:-160MiB}\"}"
# Back near the start: what the server held then, plus the PDFs the cache
# now holds, plus 32 MiB.
BOUND=$((START_RSS + $(metric pdfexport_cache_bytes) / 1024 + 32768))
if [ "$END_RSS" -gt "$BOUND" ]; then
  echo "memory did not come back down: $END_RSS KiB after idling, bound $BOUND KiB" >&2
  exit 1
fi
echo "memory came back down: $END_RSS KiB <= $BOUND KiB (start + cache + 32 MiB)"
if grep -q '"level":"ERROR"' "$OUT/server.log"; then
  echo "the server logged errors:" >&2
  grep '"level":"ERROR"' "$OUT/server.log" | head >&2
  exit 1
fi
