#!/usr/bin/env bash
# Measures the suite's jobs on generated data beside a bare parquet-java copy and a DuckDB copy of the same
# raw zone, in the same run, and prints one Markdown table for docs/benchmarks.md:
#   scripts/bench.sh [OPTIONS] [CUSTOMERS ...]
#     CUSTOMERS / --customers N[,N...]  scales (default 100000); each raw zone is generated once into
#                                       DATA_ROOT/data-N and reused by every later run
#     --jobs LIST          of inventory, tag, extract, retention (default inventory,tag)
#     --setups LIST        of local1, local2 (one job JVM, 1 or 2 threads) and remote (a broker, a shared job
#                          repository and --workers worker JVMs of 1 thread each on this machine) (default local2)
#     --baselines LIST     of copy1, copy2 (parquet-java copy, 1 or 2 files at a time), duckdb (DuckDB copy,
#                          2 threads) (default copy1,duckdb); with extract also the extract baselines of
#                          scripts/bench-extract.sh: a copy names the bare copy of the profile's columns,
#                          duckdb the profile in DuckDB SQL
#     --retention MODE     dry-run (default: reads, changes nothing) or enforce (on a copy of data and out)
#     --workers N          worker JVMs of the remote setup (default 2)
#     --data-root DIR      where raw zones are generated and kept (default $BENCH_DATA, else BENCH_DIR)
#     --repository URL     the remote setup's shared job repository (PostgreSQL: jdbc:postgresql://…, user and
#                          password in BENCH_REPOSITORY_USER / BENCH_REPOSITORY_PASSWORD); default an H2 TCP
#                          server this script starts
#   env BENCH_DIR (default /tmp/governance-bench): outputs, logs, states; BENCH_XMX (default 2g): the heap of
#   every measured JVM; BENCH_BROKER_PORT (61716), BENCH_H2_PORT (9192): loopback ports of the remote setup.
# Every JVM runs under GNU time -v: wall s and rows/s for the job (or baseline) itself, CPU s and peak RSS per
# JVM (manager, each worker; the broker and the H2 server once per scale, at the end of its rows).
# rows/s: rows of the raw zone for inventory, tag, retention and the copies; rows of the three governed
# datasets the extract profile reads for extract and its baselines.
# Examples: scripts/bench.sh 100000              (as before: the copy, inventory and tag with 2 threads)
#           scripts/bench.sh --customers 1000000,10000000 --jobs tag,extract,retention \
#                            --setups local1,local2,remote --baselines copy1,copy2,duckdb
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
source "$(dirname "${BASH_SOURCE[0]}")/lib/bench.sh"

usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//' >&2; exit 2; }
customers_list=()
jobs=inventory,tag
setups=local2
baselines=copy1,duckdb
retention_mode=dry-run
workers=2
data_root="${BENCH_DATA:-}"
repository="${BENCH_REPOSITORY_URL:-}"
while [ $# -gt 0 ]; do
  case "$1" in
    --customers) IFS=, read -r -a more <<<"$2"; customers_list+=("${more[@]}"); shift 2 ;;
    --jobs) jobs="$2"; shift 2 ;;
    --setups) setups="$2"; shift 2 ;;
    --baselines) baselines="$2"; shift 2 ;;
    --retention) retention_mode="$2"; shift 2 ;;
    --workers) workers="$2"; shift 2 ;;
    --data-root) data_root="$2"; shift 2 ;;
    --repository) repository="$2"; shift 2 ;;
    -h|--help) usage ;;
    [0-9]*) customers_list+=("$1"); shift ;;
    *) echo "unknown option '$1'" >&2; usage ;;
  esac
done
[ ${#customers_list[@]} -gt 0 ] || customers_list=(100000)
has() { [[ ",$1," == *",$2,"* ]]; }
for j in ${jobs//,/ }; do has inventory,tag,extract,retention "$j" || { echo "unknown job '$j'" >&2; usage; }; done
for s in ${setups//,/ }; do has local1,local2,remote "$s" || { echo "unknown setup '$s'" >&2; usage; }; done
for b in ${baselines//,/ }; do has copy1,copy2,duckdb "$b" || { echo "unknown baseline '$b'" >&2; usage; }; done
has dry-run,enforce "$retention_mode" || { echo "--retention is dry-run or enforce" >&2; usage; }

dir="${BENCH_DIR:-/tmp/governance-bench}"
data_root="${data_root:-$dir}"
xmx="-Xmx${BENCH_XMX:-2g}"
date=2026-11-24
profile=bench-group-insurer
bench_require_time
suite_ensure_built
(cd "$SUITE_HOME" && suite_mvn -B -q -pl jobs/batch -am test-compile >/dev/null)
suite_java "$xmx" # the jobs start as scripts/run-job.sh starts them
duckdb_version=$(sed -n 's:.*<duckdb.version>\(.*\)</duckdb.version>.*:\1:p' "$SUITE_HOME/pom.xml")
duckdb_jar="$HOME/.m2/repository/org/duckdb/duckdb_jdbc/$duckdb_version/duckdb_jdbc-$duckdb_version.jar"
[ -f "$duckdb_jar" ] || { echo "DuckDB JDBC $duckdb_version not in ~/.m2: run the tests once (mvn verify)" >&2; exit 2; }
bench_java() { # cmd: java running a bench main class of the test classes, DuckDB on the suite jar's classpath
  cmd=(java "$xmx" -Dloader.path="$SUITE_HOME/jobs/batch/target/test-classes,$duckdb_jar"
       -Dloader.main="jp.insurer.governance.batch.bench.$1" -cp "$SUITE_JAR" org.springframework.boot.loader.launch.PropertiesLauncher)
}
mkdir -p "$dir/logs" "$data_root"
logs="$dir/logs"

# Every job runs under a copy of config/ whose extracts.yml is the benchmark profile (bench-extract.sh's), so
# that one governed zone, tagged under that policy, serves extract and retention too.
cfg="$dir/bench-config"
rm -rf "$cfg"
cp -r "$SUITE_HOME/config" "$cfg"
cp "$SUITE_HOME/jobs/batch/src/test/resources/bench/extracts.yml" "$cfg/extracts.yml"
export GOVERNANCE_CONFIG_DIR="$cfg"
export EXTRACT_KEY_BENCH GOVERNANCE_AUDIT_KEY
EXTRACT_KEY_BENCH=$(head -c 32 /dev/urandom | base64 -w0)
GOVERNANCE_AUDIT_KEY=$(head -c 32 /dev/urandom | base64 -w0)

# --- the remote setup: broker and repository once per script run, workers once per measured job ---------
broker_port="${BENCH_BROKER_PORT:-61716}"
h2_port="${BENCH_H2_PORT:-9192}"
background=() # "KEY PID" of the JVMs this script started under time, stopped at the end
start_timed() { # start_timed KEY READY-TEXT COMMAND... — under time -v in the background; waits for READY-TEXT
  local key="$1" ready="$2"; shift 2
  "$TIME" -v -o "$logs/$key.time" "$@" >"$logs/$key.out" 2>&1 &
  local pid=$!
  background+=("$key $pid")
  local waited=0
  until grep -q "$ready" "$logs/$key.out" 2>/dev/null; do
    kill -0 "$pid" 2>/dev/null || { echo "$key ended before it was ready, see $logs/$key.out" >&2; exit 1; }
    [ $waited -lt 6000 ] || { echo "$key not ready after 600 s, see $logs/$key.out" >&2; exit 1; }
    sleep 0.1; waited=$((waited + 1))
  done
}
stop_timed() { # stop_timed KEY — SIGTERM to the JVM under time (a worker finishes its partitions first)
  local entry key pid child rest=()
  for entry in "${background[@]}"; do
    key="${entry% *}"; pid="${entry#* }"
    if [ "$key" = "$1" ]; then
      child=$(pgrep -P "$pid" || true)
      [ -z "$child" ] || kill -TERM "$child" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
    else
      rest+=("$entry")
    fi
  done
  background=("${rest[@]}")
}
stop_all() { local entry; for entry in "${background[@]}"; do stop_timed "${entry% *}"; done; }
trap stop_all EXIT
remote_started=false
remote_settings=()
start_remote() { # the broker and (unless --repository) an H2 TCP server, once
  $remote_started && return 0
  rm -rf "$dir/broker" "$dir/h2"
  start_timed broker "broker ready" "${SUITE_JAVA[@]}" broker "tcp://127.0.0.1:$broker_port" "$dir/broker"
  if [ -z "$repository" ]; then
    local h2_jar
    h2_jar=$(find "$SUITE_APP/lib" "$HOME/.m2/repository/com/h2database/h2" -name 'h2-*.jar' 2>/dev/null | sort | tail -1)
    [ -n "$h2_jar" ] || { echo "no H2 jar under $SUITE_APP/lib or ~/.m2" >&2; exit 1; }
    start_timed h2 "TCP server running" java -Xmx512m -cp "$h2_jar" org.h2.tools.Server \
      -tcp -tcpPort "$h2_port" -ifNotExists -baseDir "$dir/h2"
  fi
  remote_started=true
}
remote_settings() { # remote_settings KEY — the settings of a manager or worker of measurement KEY
  local url="${repository:-jdbc:h2:tcp://127.0.0.1:$h2_port/$1}"
  remote_settings=(--governance.partitioning.mode=remote "--governance.partitioning.broker-url=tcp://127.0.0.1:$broker_port"
    --governance.partitioning.worker-threads=1 --governance.partitioning.poll-interval=500ms "--spring.datasource.url=$url")
  [ -z "$repository" ] || remote_settings+=("--spring.datasource.username=${BENCH_REPOSITORY_USER:-}"
                                            "--spring.datasource.password=${BENCH_REPOSITORY_PASSWORD:-}")
}

# --- one measured step and its table rows ---------------------------------------------------------------
table_row() { # table_row LABEL KEY WALL ROWS — one row from KEY's time file; WALL empty for a background JVM
  local cpu rss
  cpu=$(awk -F': ' '/User time|System time/{s+=$2} END{printf "%.0f", s}' "$logs/$2.time")
  rss=$(awk -F': ' '/Maximum resident set size/{printf "%d", $2/1024}' "$logs/$2.time")
  if [ -n "$3" ]; then
    printf '| %s | %.1f | %.0f | %s | %s |\n' "$1" "$3" "$(echo "$4 / $3" | bc -l)" "$cpu" "$rss"
  else
    printf '| %s | – | – | %s | %s |\n' "$1" "$cpu" "$rss"
  fi
}
timed() { # timed KEY COMMAND... — runs COMMAND under time -v; WALL is its wall seconds. A failure ends the
  # script, or with MAY_FAIL=1 (a baseline: the jobs are still worth measuring) returns 1
  local key="$1"; shift
  local start end
  start=$(date +%s.%N)
  "$TIME" -v -o "$logs/$key.time" "$@" >"$logs/$key.out" 2>&1 || {
    echo "$key failed, see $logs/$key.out" >&2; [ -n "${MAY_FAIL:-}" ] && return 1; exit 1; }
  end=$(date +%s.%N)
  WALL=$(echo "$end - $start" | bc -l)
}
declare -A wall_of=() # "customers step" → wall s, for the ratios printed after the table

# run_job N JOB SETUP OUT ROWS [PARAM...] — one job measured in one setup; prints its rows
run_job() {
  local n="$1" job="$2" setup="$3" out="$4" rows="$5"; shift 5
  local key="$n-$job-$setup" extra=() label
  rm -rf "$dir/state-$key"
  case "$setup" in
    local1) [ "$job" = inventory ] || extra=("--governance.$job.threads=1") ;;
    local2) [ "$job" = inventory ] || extra=("--governance.$job.threads=2") ;;
    remote)
      start_remote
      remote_settings "$key"
      extra=("${remote_settings[@]}")
      local w
      for w in $(seq 1 "$workers"); do
        start_timed "$key-worker$w" "worker ready" "${SUITE_JAVA[@]}" worker "${remote_settings[@]}" \
          "--governance.state=$dir/state-$key-worker$w"
      done ;;
  esac
  # A new job instance each time (--rerun): the PostgreSQL of --repository outlives a run of this script.
  timed "$key" "${SUITE_JAVA[@]}" run-job "$job" "data=$data" "out=$out" "date=$date" "$@" \
    "--governance.state=$dir/state-$key" "${extra[@]}" --rerun
  wall_of["$n $job $setup"]=$WALL
  case "$setup" in local1) label="1 thread" ;; local2) label="2 threads" ;; remote) label="$workers workers" ;; esac
  [ "$job" = inventory ] && label="1 JVM (footers only)"
  [ "$setup" = remote ] && label="$label, manager"
  table_row "$(printf "%'d" "$n") | $job | $label" "$key" "$WALL" "$rows"
  if [ "$setup" = remote ]; then
    for w in $(seq 1 "$workers"); do
      stop_timed "$key-worker$w"
      table_row "$(printf "%'d" "$n") | $job | $workers workers, worker $w" "$key-worker$w" "" ""
    done
  fi
}
run_baseline() { # run_baseline N KEY LABEL ROWS COMMAND...
  local n="$1" key="$1-$2" label="$3" rows="$4"; shift 4
  if ! MAY_FAIL=1 timed "$key" "$@"; then
    echo "| $(printf "%'d" "$n") | baseline | $label | failed ($(grep -om1 'OutOfMemoryError[^,]*' "$logs/$key.out" \
      || echo "see logs/$key.out")) | | | |"
    return
  fi
  wall_of["$n $2"]=$WALL
  table_row "$(printf "%'d" "$n") | baseline | $label" "$key" "$WALL" "$rows"
}

echo "heap: $xmx"
bench_machine
echo
echo "| customers | step | setup / JVM | wall s | rows/s | CPU s | peak RSS MiB |"
echo "| ---: | --- | --- | ---: | ---: | ---: | ---: |"
notes=()
for n in "${customers_list[@]}"; do
  data="$data_root/data-$n"
  if [ ! -f "$data/_SUCCESS" ]; then
    echo "generating $n customers into $data (once, not measured)..." >&2
    rm -rf "$data"
    java -jar "$SUITE_JAR" generate-sample-data --customers "$n" --out "$data" --seed 1 --as-of "$date" \
      >"$data_root/generate-$n.txt" 2>&1 || { echo "generation failed, see $data_root/generate-$n.txt" >&2; exit 1; }
  fi
  bench_java DuckDbCopyBaseline
  raw_rows=$("${cmd[@]}" rows "$data" 2>/dev/null | tail -1)
  notes+=("$n customers: $raw_rows rows in $(find "$data" -name '*.parquet' | wc -l) files ($(du -sh "$data" | cut -f1))")

  for b in ${baselines//,/ }; do
    rm -rf "$dir/baseline-$n"
    case "$b" in
      copy1|copy2)
        bench_java ParquetCopyBaseline
        run_baseline "$n" "$b" "parquet-java copy (example Group API, ZSTD), ${b#copy} thread(s)" "$raw_rows" \
          "${cmd[@]}" "$data" "$dir/baseline-$n" "${b#copy}" ;;
      duckdb)
        bench_java DuckDbCopyBaseline
        run_baseline "$n" "$b" "DuckDB copy (ZSTD), 2 threads" "$raw_rows" "${cmd[@]}" "$data" "$dir/baseline-$n" 2 ;;
    esac
  done
  rm -rf "$dir/baseline-$n"

  # The governed zone extract and retention read: the first measured tag's output, else one tag run (not measured).
  prepared="$dir/out-$n"
  prepared_ok=false
  [ -f "$prepared/governed/_tagged.json" ] && [ "$(cat "$prepared/.bench-config" 2>/dev/null)" = "$(cat "$cfg"/*.yml | sha256sum)" ] \
    && prepared_ok=true
  if has "$jobs" inventory; then
    for s in ${setups//,/ }; do
      [ "$s" = remote ] && continue # footers only, no partitions
      run_job "$n" inventory "$s" "$dir/out-$n-inventory-$s" "$raw_rows"
      break # no threads to vary: once per scale
    done
  fi
  if has "$jobs" tag; then
    for s in ${setups//,/ }; do
      rm -rf "$dir/out-$n-tag-$s"
      run_job "$n" tag "$s" "$dir/out-$n-tag-$s" "$raw_rows"
      if ! $prepared_ok; then
        rm -rf "$prepared"; mv "$dir/out-$n-tag-$s" "$prepared"; prepared_ok=true
      else
        rm -rf "$dir/out-$n-tag-$s"
      fi
    done
  fi
  if (has "$jobs" extract || has "$jobs" retention) && ! $prepared_ok; then
    echo "tagging $data into $prepared (once, not measured)..." >&2
    rm -rf "$prepared" "$dir/state-prepare"
    "${SUITE_JAVA[@]}" run-job tag "data=$data" "out=$prepared" "date=$date" "--governance.state=$dir/state-prepare" \
      >"$logs/$n-prepare.out" 2>&1 || { echo "tag failed, see $logs/$n-prepare.out" >&2; exit 1; }
  fi
  [ ! -d "$prepared" ] || cat "$cfg"/*.yml | sha256sum >"$prepared/.bench-config"

  if has "$jobs" extract; then
    bench_java DuckDbExtractBaseline
    extract_rows=$("${cmd[@]}" rows "$prepared/governed" 2>/dev/null | tail -1)
    rm -rf "$dir/extract-copy-$n" "$dir/extract-duckdb-$n"
    if has "$baselines" copy1 || has "$baselines" copy2; then
      bench_java ExtractCopyBaseline
      run_baseline "$n" extract-copy "extract's columns, parquet-java copy, 1 thread" "$extract_rows" \
        "${cmd[@]}" "$prepared/governed" "$dir/extract-copy-$n"
    fi
    if has "$baselines" duckdb; then
      bench_java DuckDbExtractBaseline
      run_baseline "$n" extract-duckdb "extract in DuckDB SQL (bench-extract.sh), 2 threads" "$extract_rows" \
        "${cmd[@]}" "$prepared/governed" "$dir/extract-duckdb-$n" "$EXTRACT_KEY_BENCH" 2 "$cfg"
    fi
    rm -rf "$dir/extract-copy-$n" "$dir/extract-duckdb-$n"
    for s in ${setups//,/ }; do
      rm -rf "$prepared/extracts"; rm -f "$prepared"/reports/extract-*
      run_job "$n" extract "$s" "$prepared" "$extract_rows" "profile=$profile"
    done
  fi
  if has "$jobs" retention; then
    for s in ${setups//,/ }; do
      if [ "$retention_mode" = enforce ]; then
        # Enforce deletes: on a copy of the raw zone and the governed zone (copied, not measured).
        rm -rf "$dir/retention-$n"; mkdir -p "$dir/retention-$n"
        cp -a "$data" "$dir/retention-$n/data"; cp -a "$prepared" "$dir/retention-$n/out"
        data_saved="$data"; data="$dir/retention-$n/data"
        run_job "$n" retention "$s" "$dir/retention-$n/out" "$raw_rows" mode=enforce --allow-mass-delete
        data="$data_saved"; rm -rf "$dir/retention-$n"
      else
        rm -rf "$prepared/retention"; rm -f "$prepared"/reports/retention-*
        run_job "$n" retention "$s" "$prepared" "$raw_rows" mode=dry-run
      fi
    done
  fi
  if $remote_started; then
    stop_timed broker; table_row "$(printf "%'d" "$n") | (remote setup) | broker" broker "" ""
    if [ -z "$repository" ]; then stop_timed h2; table_row "$(printf "%'d" "$n") | (remote setup) | H2 TCP server" h2 "" ""; fi
    remote_started=false
  fi
done
echo
for note in "${notes[@]}"; do echo "data: $note"; done
echo "rows/s: raw-zone rows / wall s; extract and its baselines: rows of the governed customers, policies and claims"
for n in "${customers_list[@]}"; do # speed ratios, from the same run only
  for job in tag extract retention; do
    for s in ${setups//,/ }; do
      w="${wall_of["$n $job $s"]:-}"; [ -n "$w" ] || continue
      for b in copy1 copy2 duckdb extract-copy extract-duckdb; do
        bw="${wall_of["$n $b"]:-}"; [ -n "$bw" ] || continue
        [ "$job" = extract ] && [[ "$b" != extract-* ]] && continue
        [ "$job" != extract ] && [[ "$b" == extract-* ]] && continue
        printf '%s customers: %s %s speed / %s speed: %.2f×\n' "$n" "$job" "$s" "$b" "$(echo "$bw / $w" | bc -l)"
      done
    done
  done
done
