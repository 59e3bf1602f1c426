#!/usr/bin/env bash
# Measures the extract job against (a) a bare parquet-java copy of the same columns and (b) DuckDB
# doing the same work in SQL, on the same governed files, cores and run:
#   scripts/bench-extract.sh [CUSTOMERS]   (default 100000; env BENCH_DIR, default /tmp/governance-bench;
#                                          BENCH_XMX, default 2g, the heap of every measured JVM)
# The profile is bench-group-insurer (jobs/batch/src/test/resources/bench/extracts.yml: customers, their
# policies and claims linked by the customer pseudonym, k judged per person), run with a copy
# of config/ whose extracts.yml is that file: BENCH_DIR/extract-config. The policy hash covers every
# config file, so the governed zone is tagged under that copy into BENCH_DIR/out-extract (once, not
# measured; again only when config/ changes). Data is BENCH_DIR/data-CUSTOMERS, generated as
# scripts/bench.sh does when missing. Each run uses a new random key for EXTRACT_KEY_BENCH.
# Prints the machine, a table (wall s, rows/s over the rows of the three governed datasets read, CPU s,
# max RSS MiB), the speed ratios, and the check that DuckDB released what the job released and judged
# the same people (manifest linkGroups against DuckDB's person-k.properties).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
source "$(dirname "${BASH_SOURCE[0]}")/lib/bench.sh"
customers="${1:-100000}"
dir="${BENCH_DIR:-/tmp/governance-bench}"
xmx="-Xmx${BENCH_XMX:-2g}"
date=2026-11-24
profile=bench-group-insurer
bench_require_time
suite_ensure_built
suite_java "$xmx" # the job starts as scripts/run-job.sh starts it
(cd "$SUITE_HOME" && suite_mvn -B -q -pl jobs/batch -am test-compile >/dev/null)
duckdb_version=$(sed -n 's:.*<duckdb.version>\(.*\)</duckdb.version>.*:\1:p' "$SUITE_HOME/pom.xml")
duckdb_jar="$HOME/.m2/repository/org/duckdb/duckdb_jdbc/$duckdb_version/duckdb_jdbc-$duckdb_version.jar"
[ -f "$duckdb_jar" ] || { echo "DuckDB JDBC $duckdb_version not in ~/.m2: run the tests once (mvn verify)" >&2; exit 2; }
test_classes="$SUITE_HOME/jobs/batch/target/test-classes"
bench_java() { # sets cmd to the java command running a bench main class with the test
  # classes and DuckDB on the suite jar's classpath (an array, so that GNU time can run it)
  cmd=(java "$xmx" -Dloader.path="$test_classes,$duckdb_jar" -Dloader.main="jp.insurer.governance.batch.bench.$1"
       -cp "$SUITE_JAR" org.springframework.boot.loader.launch.PropertiesLauncher)
}

data="$dir/data-$customers"
cfg="$dir/extract-config"
out="$dir/out-extract"
mkdir -p "$dir"
if [ ! -f "$data/_SUCCESS" ]; then
  rm -rf "$data"
  java -jar "$SUITE_JAR" generate-sample-data --customers "$customers" --out "$data" --seed 1 --as-of "$date" >"$dir/generate.txt"
fi
rm -rf "$cfg"
cp -r "$SUITE_HOME/config" "$cfg"
cp "$SUITE_HOME/jobs/batch/src/test/resources/bench/extracts.yml" "$cfg/extracts.yml"

# PolicyLoader.hashPolicyFiles: SHA-256 over (relative path, 0x00, bytes) of every .yml/.yaml/.txt/.tsv, by path.
policy_sha() (
  cd "$1"
  find . -type f | sed 's|^\./||' | grep -E '\.(ya?ml|txt|tsv)$' | LC_ALL=C sort | while IFS= read -r f; do
    printf '%s\0' "$f"; cat "$f"
  done | sha256sum | cut -d' ' -f1
)
want=$(policy_sha "$cfg")
tagged="$out/governed/_tagged.json"
if [ ! -f "$tagged" ] || ! grep -q "\"$want\"" "$tagged" || ! grep -q "\"$date\"" "$tagged" \
   || [ "$(cat "$out/.data" 2>/dev/null)" != "$data" ]; then
  echo "tagging $data under $cfg into $out (once, not measured)..." >&2
  rm -rf "$out" "$dir/state-extract-tag"
  GOVERNANCE_CONFIG_DIR="$cfg" java "$xmx" -Dgovernance.home="$SUITE_HOME" -jar "$SUITE_JAR" run-job tag \
    "data=$data" "out=$out" "date=$date" "--governance.state=$dir/state-extract-tag" >"$dir/out-extract-tag.txt" 2>&1 \
    || { echo "tag failed, see $dir/out-extract-tag.txt" >&2; exit 1; }
  echo "$data" >"$out/.data"
fi
governed="$out/governed"
bench_java DuckDbExtractBaseline
rows=$("${cmd[@]}" rows "$governed" 2>/dev/null | tail -1)
key=$(head -c 32 /dev/urandom | base64 -w0)
threads=$(nproc)

echo "heap: $xmx"
bench_machine
echo "data: $customers customers; governed customers + policies + claims: $rows rows in $(find "$governed/customers" "$governed/policies" "$governed/claims" -name '*.parquet' | wc -l) files ($(du -shc "$governed/customers" "$governed/policies" "$governed/claims" | tail -1 | cut -f1))"
echo "| step | wall s | rows/s | CPU s | max RSS MiB |"
echo "| --- | ---: | ---: | ---: | ---: |"
rm -rf "$dir/extract-copy" "$dir/extract-duckdb" "$out/extracts" "$dir/state-extract-job"
rm -f "$out"/reports/extract-*
bench_java ExtractCopyBaseline
measure "bare copy: parquet-java, same columns (example Group API, ZSTD, 1 thread)" \
  "${cmd[@]}" "$governed" "$dir/extract-copy"
copy_wall=$MEASURED_WALL
bench_java DuckDbExtractBaseline
measure "DuckDB SQL: gate, HMAC, generalize, person-level k ($threads threads, ZSTD)" \
  "${cmd[@]}" "$governed" "$dir/extract-duckdb" "$key" "$threads" "$cfg"
duck_wall=$MEASURED_WALL
measure "extract job (profile $profile)" \
  env EXTRACT_KEY_BENCH="$key" GOVERNANCE_CONFIG_DIR="$cfg" "${SUITE_JAVA[@]}" \
  run-job extract "data=$data" "out=$out" "date=$date" "profile=$profile" "--governance.state=$dir/state-extract-job"
job_wall=$MEASURED_WALL
printf 'extract speed / bare copy speed: %.2f×\n' "$(echo "$copy_wall / $job_wall" | bc -l)"
printf 'extract speed / DuckDB speed: %.2f×\n' "$(echo "$duck_wall / $job_wall" | bc -l)"
echo "check (not measured): the job's extract against DuckDB's output"
bench_java DuckDbExtractBaseline
status=0
"${cmd[@]}" verify "$out/extracts/$profile-$date" "$dir/extract-duckdb" >"$dir/out-extract-verify.txt" 2>&1 || status=$?
grep '^verify' "$dir/out-extract-verify.txt" | sed 's/^/  /' || true
[ "$status" -eq 0 ] || { echo "the outputs differ (exit $status), see $dir/out-extract-verify.txt" >&2; exit 1; }
