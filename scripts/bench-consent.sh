#!/usr/bin/env bash
# Measures the consent book's memory and lookup speed: the in-heap ConsentBook against the on-disk
# ConsentTable the tag job uses, on a synthetic master and ledger generated in-process (no Parquet):
#   scripts/bench-consent.sh [CUSTOMERS...]   (default 1000000 10000000; env BENCH_DIR, default
#                                             /tmp/governance-bench; BENCH_XMX, default 3g, every JVM's heap;
#                                             BENCH_LOOKUPS, default 2000000)
# One JVM per mode and size, so peak RSS is per run. Prints the machine and one line per run (build
# seconds, lookups/s on one thread, peak heap, peak RSS); figures go to docs/benchmarks.md.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
source "$(dirname "${BASH_SOURCE[0]}")/lib/bench.sh"
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000000 10000000)
bench_in_process 3g
for customers in "${sizes[@]}"; do
  for mode in book table; do
    java "$xmx" -cp "$classes" jp.insurer.governance.batch.bench.ConsentBookBench \
      "$mode" "$customers" "${BENCH_LOOKUPS:-2000000}" "$dir/consent-tables" \
      || echo "$mode customers=$customers failed (exit $?)"
  done
done
