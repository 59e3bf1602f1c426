# Shared by every script under scripts/: locates the suite, builds it when sources are newer than
# the jar, and runs the jar's Main. Sourced, never executed.
SUITE_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SUITE_JAR="$SUITE_HOME/jobs/batch/target/governance-suite.jar"
# The jar unpacked (plain jars load classes faster than nested ones) with a class-data-sharing
# archive of the classes a job's start loads: a job starts in about 3.5 s instead of 8 on 2 cores.
SUITE_APP="$SUITE_HOME/jobs/batch/target/app"

# Prefer Maven on the PATH (faster, offline-capable); fall back to the wrapper, which needs only a JDK.
suite_mvn() {
  if command -v mvn >/dev/null 2>&1; then mvn "$@"; else "$SUITE_HOME/mvnw" "$@"; fi
}

# Builds when the jar is missing or any source, resource or pom is newer. Build output goes to
# stderr so that commands whose stdout is data (scan-text) stay clean.
suite_ensure_built() {
  if [ ! -f "$SUITE_JAR" ] || [ -n "$(find "$SUITE_HOME/pom.xml" "$SUITE_HOME/jobs" \
        \( -path '*/target' -prune \) -o \( -type f -newer "$SUITE_JAR" -print \) 2>/dev/null | head -n 1)" ]; then
    echo "Building the suite (first run or sources changed)..." >&2
    (cd "$SUITE_HOME" && suite_mvn -B -q -DskipTests package) 1>&2 || {
      echo "Build failed; run '(cd $SUITE_HOME && mvn -DskipTests package)' to see why." >&2
      exit 1
    }
    touch "$SUITE_JAR" # Maven leaves an up-to-date jar's time alone; without this every run would rebuild
  fi
  suite_ensure_app
}

# Unpacks the jar and records the CDS archive (Spring Boot's recipe: one start with
# spring.context.exit=onRefresh and -XX:ArchiveClassesAtExit) when the jar is newer than both.
# Any failure here only costs speed: suite_java falls back to the plain jar.
suite_ensure_app() {
  # The archive records the jar's path: after the install folder moved it no longer maps, so make it again.
  [ -f "$SUITE_APP/suite.jsa" ] && [ "$SUITE_APP/suite.jsa" -nt "$SUITE_JAR" ] \
    && [ "$(cat "$SUITE_APP/suite.jsa.home" 2>/dev/null)" = "$SUITE_HOME" ] && return 0
  rm -rf "$SUITE_APP"
  java -Djarmode=tools -jar "$SUITE_JAR" extract --destination "$SUITE_APP" >/dev/null 2>&1 || { rm -rf "$SUITE_APP"; return 0; }
  local scratch
  scratch=$(mktemp -d)
  java -XX:ArchiveClassesAtExit="$SUITE_APP/suite.jsa" -Dspring.context.exit=onRefresh -Dgovernance.home="$SUITE_HOME" \
    -jar "$SUITE_APP/governance-suite.jar" run-job extract "--governance.state=$scratch/state" \
    "--governance.out=$scratch/out" "--governance.data=$scratch/data" >"$SUITE_APP/cds-training.log" 2>&1 || rm -f "$SUITE_APP/suite.jsa"
  echo "$SUITE_HOME" > "$SUITE_APP/suite.jsa.home"
  rm -rf "$scratch"
}

# The command that starts the suite, in the array SUITE_JAVA: java [FLAGS...] -jar JAR. Extra JVM
# flags (a heap size) go before -jar: suite_java -Xmx2g.
suite_java() {
  # shellcheck disable=SC2206 # JAVA_OPTS is a list of flags by design
  SUITE_JAVA=(java ${JAVA_OPTS:-} "$@" -Dgovernance.home="$SUITE_HOME")
  if [ -f "$SUITE_APP/suite.jsa" ] && [ "$SUITE_APP/suite.jsa" -nt "$SUITE_JAR" ]; then
    # JVM warnings (a CDS archive that does not map) go to stderr: stdout carries only the suite's own lines.
    SUITE_JAVA+=(-XX:SharedArchiveFile="$SUITE_APP/suite.jsa" -Xlog:disable -Xlog:all=warning:stderr
      -jar "$SUITE_APP/governance-suite.jar")
  else
    SUITE_JAVA+=(-jar "$SUITE_JAR")
  fi
}

# Runs one command of the suite's jar: suite_run COMMAND [ARGS...]
suite_run() {
  suite_ensure_built
  suite_java
  exec "${SUITE_JAVA[@]}" "$@"
}
