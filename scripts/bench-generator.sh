#!/usr/bin/env bash
# Measures the sample-data generator: wall time, rows/s over all datasets and peak memory — max RSS of the
# process (GNU time) and the largest heap still in use after a garbage collection (GC log) — for each
# customer count given (default: 100000 1000000), with a fixed heap.
#   scripts/bench-generator.sh [N ...]        env: BENCH_XMX (default 512m), BENCH_DIR (default /tmp/bench-generator)
# Prints one Markdown table row per run; the full summaries and `time -v` output stay in BENCH_DIR.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
suite_ensure_built

XMX="${BENCH_XMX:-512m}"
DIR="${BENCH_DIR:-/tmp/bench-generator}"
TIME=/usr/bin/time
if [ ! -x "$TIME" ]; then
  echo "needs GNU time (/usr/bin/time): apt-get install -y time" >&2
  exit 2
fi
mkdir -p "$DIR"
[ "$#" -gt 0 ] || set -- 100000 1000000

echo "machine: $(nproc) cores, $(free -g | awk '/^Mem:/{print $2}') GiB RAM, $(java -version 2>&1 | head -1), -Xmx$XMX, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| customers | rows (all datasets) | wall s | rows/s | CPU s (user+sys) | max RSS MiB | max heap after GC MiB | output MiB |"
echo "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
for n in "$@"; do
  out="$DIR/data-$n"
  rm -rf "$out"
  "$TIME" -v -o "$DIR/time-$n.txt" java -Xmx"$XMX" -Xlog:gc:file="$DIR/gc-$n.log" -jar "$SUITE_JAR" generate-sample-data \
      --customers "$n" --out "$out" --seed 1 --as-of 2026-11-24 >"$DIR/summary-$n.txt" 2>&1
  rows=$(awk '$1=="total"{gsub(",","",$2); print $2}' "$DIR/summary-$n.txt")
  secs=$(awk '$1=="total"{print $(NF-3)}' "$DIR/summary-$n.txt")
  cpu=$(awk -F': ' '/User time|System time/{s+=$2} END{printf "%.0f", s}' "$DIR/time-$n.txt")
  rss=$(awk -F': ' '/Maximum resident set size/{printf "%d", $2/1024}' "$DIR/time-$n.txt")
  # "Pause Young (Normal) (G1 Evacuation Pause) 300M->120M(512M) 3.1ms": the middle figure is what survived.
  live=$(grep -o '[0-9]*M->[0-9]*M' "$DIR/gc-$n.log" | sed 's/.*->//; s/M//' | sort -n | tail -1)
  size=$(du -sm "$out" | cut -f1)
  printf '| %s | %s | %s | %.0f | %s | %s | %s | %s |\n' "$n" "$rows" "$secs" "$(echo "$rows / $secs" | bc -l)" "$cpu" \
      "$rss" "${live:-?}" "$size"
done
