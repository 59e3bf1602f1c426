# Shared by the scripts/bench*.sh: the machine line, one measured step under GNU time, the in-process setup.
# under GNU time. Sourced, never executed. measure() reads the caller's $dir (where its output and
# time files go) and $rows (for rows/s).
TIME=/usr/bin/time

bench_require_time() {
  [ -x "$TIME" ] || { echo "needs GNU time (/usr/bin/time): apt-get install -y time" >&2; exit 2; }
}

bench_machine() {
  echo "machine: $(nproc) cores, $(free -g | awk '/^Mem:/{print $2}') GiB, $(java -version 2>&1 | head -1), load $(cut -d' ' -f1-3 /proc/loadavg)"
}

# measure NAME COMMAND... — runs COMMAND under `time -v` (stdout+stderr in $dir/out-NAME.txt) and
# prints one table row: wall s, rows/s, CPU s, max RSS MiB. Leaves the wall seconds in MEASURED_WALL.
measure() {
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
  MEASURED_WALL="$wall"
}

# For the in-process memory benchmarks (bench-consent.sh, bench-kstate.sh): builds the test classes and
# sets dir (BENCH_DIR, default /tmp/governance-bench), xmx (BENCH_XMX, default $1) and classes (the policy
# module with its libraries, the batch module's test classes), then prints the heap and the machine.
bench_in_process() {
  dir="${BENCH_DIR:-/tmp/governance-bench}"
  xmx="-Xmx${BENCH_XMX:-$1}"
  (cd "$SUITE_HOME" && suite_mvn -B -q -pl jobs/batch -am test-compile >/dev/null)
  classes="$SUITE_HOME/jobs/policy/target/classes:$SUITE_HOME/jobs/batch/target/test-classes"
  mkdir -p "$dir"
  (cd "$SUITE_HOME" && suite_mvn -B -q -pl jobs/policy dependency:build-classpath -Dmdep.outputFile="$dir/policy.classpath")
  classes="$classes:$(cat "$dir/policy.classpath")"
  echo "heap: $xmx"
  bench_machine
}
