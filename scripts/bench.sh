#!/usr/bin/env bash
# Measures the suite's jobs on generated data, with a bare parquet-java copy as the baseline in the same run:
#   scripts/bench.sh [CUSTOMERS]      (default 100000; env BENCH_DIR, default /tmp/governance-bench;
#                                     BENCH_XMX, default 2g, the heap of every measured JVM)
# Prints the machine, then per step: wall seconds, rows/s, CPU seconds, max RSS. Figures go to docs/benchmarks.md.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
source "$(dirname "${BASH_SOURCE[0]}")/lib/bench.sh"
customers="${1:-100000}"
dir="${BENCH_DIR:-/tmp/governance-bench}"
xmx="-Xmx${BENCH_XMX:-2g}"
bench_require_time
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
bench_machine
echo "data: $customers customers, $rows rows in $(find "$data" -name '*.parquet' | wc -l) files ($(du -sh "$data" | cut -f1))"
echo "| step | wall s | rows/s | CPU s | max RSS MiB |"
echo "| --- | ---: | ---: | ---: | ---: |"
rm -rf "$dir/baseline" "$dir/out" "$dir/state"
measure "baseline: parquet-java copy (example Group API, ZSTD)" \
  java "$xmx" -Dloader.path="$SUITE_HOME/jobs/batch/target/test-classes" \
       -Dloader.main=jp.insurer.governance.batch.bench.ParquetCopyBaseline \
       -cp "$SUITE_JAR" org.springframework.boot.loader.launch.PropertiesLauncher "$data" "$dir/baseline"
grep -h "baseline" "$dir/out-baseline"* | sed 's/^/  /'
suite_java "$xmx"
job=("${SUITE_JAVA[@]}" run-job)
params=("data=$data" "out=$dir/out" date=2026-11-24 "--governance.state=$dir/state")
measure "inventory (footers only)" "${job[@]}" inventory "${params[@]}"
measure "tag (classify, consent, tag every record)" "${job[@]}" tag "${params[@]}"
