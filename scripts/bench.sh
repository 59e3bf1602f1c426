#!/usr/bin/env bash
# Measures the suite's jobs on generated data, with the STACK.md baseline in the same run:
#   scripts/bench.sh [CUSTOMERS]      (default 100000; env BENCH_DIR, default /tmp/governance-bench;
#                                     BENCH_XMX, default 2g, the heap of every measured JVM)
# Prints the machine, then per step: wall seconds, rows/s, CPU seconds, max RSS. Figures go to docs/benchmarks.md.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
customers="${1:-100000}"
dir="${BENCH_DIR:-/tmp/governance-bench}"
xmx="-Xmx${BENCH_XMX:-2g}"
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "needs GNU time (/usr/bin/time): apt-get install -y time" >&2; exit 2; }
suite_ensure_built
(cd "$SUITE_HOME" && suite_mvn -B -q -pl jobs/batch -am test-compile >/dev/null)
data="$dir/data-$customers"
mkdir -p "$dir"
if [ ! -f "$data/_SUCCESS" ]; then
  rm -rf "$data"
  java -jar "$SUITE_JAR" generate-sample-data --customers "$customers" --out "$data" --seed 1 --as-of 2026-11-24 >"$dir/generate.txt"
fi
rows=$(awk '$1=="total"{gsub(",","",$2); print $2}' "$dir/generate.txt" 2>/dev/null || echo "?")

echo "heap: $xmx"
echo "machine: $(nproc) cores, $(free -g | awk '/^Mem:/{print $2}') GiB, $(java -version 2>&1 | head -1), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "data: $customers customers, $rows rows in $(find "$data" -name '*.parquet' | wc -l) files ($(du -sh "$data" | cut -f1))"
echo "| step | wall s | rows/s | CPU s | max RSS MiB |"
echo "| --- | ---: | ---: | ---: | ---: |"
measure() { # name, command...
  local name="$1"; shift
  local start end
  start=$(date +%s.%N)
  "$TIME" -v -o "$dir/time-$name.txt" "$@" >"$dir/out-$name.txt" 2>&1 || { echo "$name failed, see $dir/out-$name.txt" >&2; exit 1; }
  end=$(date +%s.%N)
  local wall cpu rss
  wall=$(echo "$end - $start" | bc -l)
  cpu=$(awk -F': ' '/User time|System time/{s+=$2} END{printf "%.0f", s}' "$dir/time-$name.txt")
  rss=$(awk -F': ' '/Maximum resident set size/{printf "%d", $2/1024}' "$dir/time-$name.txt")
  printf '| %s | %.1f | %.0f | %s | %s |\n' "$name" "$wall" "$(echo "$rows / $wall" | bc -l)" "$cpu" "$rss"
}
rm -rf "$dir/baseline" "$dir/out" "$dir/state"
measure "baseline: parquet-java copy (example Group API, ZSTD)" \
  java "$xmx" -Dloader.path="$SUITE_HOME/jobs/batch/target/test-classes" \
       -Dloader.main=jp.insurer.governance.batch.bench.ParquetCopyBaseline \
       -cp "$SUITE_JAR" org.springframework.boot.loader.launch.PropertiesLauncher "$data" "$dir/baseline"
grep -h "baseline" "$dir/out-baseline"* | sed 's/^/  /'
job=(java "$xmx" -Dgovernance.home="$SUITE_HOME" -jar "$SUITE_JAR" run-job)
params=("data=$data" "out=$dir/out" date=2026-11-24 "--governance.state=$dir/state")
measure "inventory (footers only)" "${job[@]}" inventory "${params[@]}"
measure "tag (classify, consent, tag every record)" "${job[@]}" tag "${params[@]}"
