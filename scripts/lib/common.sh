# Shared by every script under scripts/: locates the suite, builds it when sources are newer than
# the jar, and runs the jar's Main. Sourced, never executed.
SUITE_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SUITE_JAR="$SUITE_HOME/jobs/batch/target/governance-suite.jar"

# Prefer Maven on the PATH (faster, offline-capable); fall back to the wrapper, which needs only a JDK.
suite_mvn() {
  if command -v mvn >/dev/null 2>&1; then mvn "$@"; else "$SUITE_HOME/mvnw" "$@"; fi
}

# Builds when the jar is missing or any source, resource or pom is newer. Build output goes to
# stderr so that commands whose stdout is data (scan-text) stay clean.
suite_ensure_built() {
  if [ -f "$SUITE_JAR" ] && [ -z "$(find "$SUITE_HOME/pom.xml" "$SUITE_HOME/jobs" \
        \( -path '*/target' -prune \) -o \( -type f -newer "$SUITE_JAR" -print \) 2>/dev/null | head -n 1)" ]; then
    return 0
  fi
  echo "Building the suite (first run or sources changed)..." >&2
  (cd "$SUITE_HOME" && suite_mvn -B -q -DskipTests package) 1>&2 || {
    echo "Build failed; run '(cd $SUITE_HOME && mvn -DskipTests package)' to see why." >&2
    exit 1
  }
  touch "$SUITE_JAR" # Maven leaves an up-to-date jar's time alone; without this every run would rebuild
}

# Runs one command of the suite's jar: suite_run COMMAND [ARGS...]
suite_run() {
  suite_ensure_built
  # shellcheck disable=SC2086 # JAVA_OPTS is a list of flags by design
  exec java ${JAVA_OPTS:-} -Dgovernance.home="$SUITE_HOME" -jar "$SUITE_JAR" "$@"
}
