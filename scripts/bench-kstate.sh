#!/usr/bin/env bash
# Measures extract's person-level k state: in heap (PersonLattice.counts(), as before the budget) against
# bounded and spilled to local disk (counts(budget, folder), as the extract job runs it), on synthetic
# people generated in-process (16 lattice nodes, no Parquet):
#   scripts/bench-kstate.sh [PEOPLE...]   (default 1000000 10000000; env BENCH_DIR, default
#                                         /tmp/governance-bench; BENCH_XMX, default 512m, every JVM's heap;
#                                         BENCH_BUDGET_MB, default 256, the spilling runs' budget)
# One JVM per mode and size, so peak RSS is per run. Prints the machine and one line per run (add and
# choose seconds, lookups/s, the choice, peak heap, peak RSS); figures go to docs/benchmarks.md.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
source "$(dirname "${BASH_SOURCE[0]}")/lib/bench.sh"
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000000 10000000)
bench_in_process 512m
for people in "${sizes[@]}"; do
  for mode in heap spill; do
    java "$xmx" -cp "$classes" jp.insurer.governance.batch.bench.KStateBench \
      "$mode" "$people" "$SUITE_HOME/config" "$dir/kstate" "${BENCH_BUDGET_MB:-256}" \
      || echo "$mode people=$people failed (exit $?)"
  done
done
