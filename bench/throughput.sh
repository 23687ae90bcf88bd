#!/usr/bin/env bash
# HTTP throughput of pdfexport on loopback, measured with wrk (Debian:
# apt-get install wrk), and the server's resident memory throughout.
#
#   bench/throughput.sh                 # two 20 s phases: uncached, cached
#   SOAK=100000 bench/throughput.sh     # then 100,000 uncached renders,
#                                       # with memory every 45 s
#
# Uncached: every request asks for the sample article at another font
# scale, so each one renders. Cached: the same PDF again and again. The
# server runs as in a container that must stay under 100 MiB: an 8 MiB PDF
# cache, GOMEMLIMIT=84MiB and GOGC=off, so the collector runs only as the
# heap nears the limit (CACHE_MIB, MEMLIMIT and GOGC change them).
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=${PORT:-18090}
SECS=${PHASE_SECONDS:-20}
OUT=$(mktemp -d)
SERVER=
trap '[ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; rm -rf "$OUT"' EXIT
go build -trimpath -o "$OUT/pdfexport" ./cmd/pdfexport

GOGC=${GOGC:-off} GOMEMLIMIT=${MEMLIMIT:-84MiB} "$OUT/pdfexport" serve --addr "127.0.0.1:$PORT" \
  --cache-bytes $((${CACHE_MIB:-8} << 20)) 2>"$OUT/server.log" &
SERVER=$!
BASE="http://127.0.0.1:$PORT"
ARTICLE=/v1/articles/illusions-of-moscow-tokyo-rapprochement.pdf
for _ in $(seq 100); do curl -sf "$BASE/healthz" >/dev/null && break; sleep 0.1; done
if ! kill -0 "$SERVER" 2>/dev/null; then # something else may hold the port
  echo "the server did not start:" >&2
  cat "$OUT/server.log" >&2
  exit 1
fi
curl -sf "$BASE$ARTICLE" -o /dev/null

mib() { awk -v k="$1" '$1 == k":" {printf "%.1f", $2 / 1024}' "/proc/$SERVER/status"; }
rps() { awk '/^Requests\/sec/ {print $2}'; }

# Every request another scale from 0.5 to 2.4999, in steps of 0.0001.
script() {
  cat <<EOF
local n = 0
request = function()
  n = n + 1
  return wrk.format(nil, string.format("$ARTICLE?scale=%.4f", 0.5 + (n % 20000) / 10000))
end
response = function(status)
  if status ~= 200 then io.stderr:write("status " .. status .. "\\n") end
end
EOF
}
script >"$OUT/uncached.lua"

echo "machine: $(nproc) cores, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)"
echo "server: GOGC=${GOGC:-off}, GOMEMLIMIT=${MEMLIMIT:-84MiB}, ${CACHE_MIB:-8} MiB cache; resident at start $(mib VmRSS) MiB"
# Each phase's peak: writing 5 to clear_refs resets the kernel's high-water mark.
resetpeak() { echo 5 >"/proc/$SERVER/clear_refs"; }
uncached=$(wrk -t1 -c4 -d"${SECS}s" -s "$OUT/uncached.lua" "$BASE")
echo "uncached, 4 connections, ${SECS} s: $(rps <<<"$uncached") renders/s; peak resident $(mib VmHWM) MiB"
resetpeak
cached=$(wrk -t1 -c16 -d"${SECS}s" "$BASE$ARTICLE")
echo "cached, 16 connections, ${SECS} s: $(rps <<<"$cached") responses/s; peak resident in this phase $(mib VmHWM) MiB"

if [ -n "${SOAK:-}" ]; then
  # wrk's threads can stop themselves, but wrk itself waits out its whole
  # duration: so the soak runs in 45 s steps, counting renders on /metrics.
  renders() { curl -s "$BASE/metrics" | awk '$1 ~ /^pdfexport_render_duration_seconds_count/ {n += $2} END {print n}'; }
  first=$(renders)
  echo "soak: $SOAK uncached renders"
  resetpeak
  while [ $(($(renders) - first)) -lt "$SOAK" ]; do
    wrk -t1 -c4 -d45s -s "$OUT/uncached.lua" "$BASE" >/dev/null
    heap=$(curl -s "$BASE/metrics" | awk '$1 == "go_memstats_heap_inuse_bytes" {printf "%.1f", $2 / 1048576}')
    echo "  after $(($(renders) - first)): resident $(mib VmRSS) MiB (peak $(mib VmHWM) MiB), heap in use $heap MiB"
  done
fi
