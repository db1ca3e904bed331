#!/usr/bin/env bash
# Start-up, idle memory and Probe latency of 'polycsi node' under several sets of JVM flags.
# A benchmark, not a test: it asserts nothing. It takes about 10 minutes on 2 cores.
#
#   benchmarks/run.sh                 # build, then run every variant 5 times
#   RUNS=3 benchmarks/run.sh          # fewer runs
#   SKIP_BUILD=1 benchmarks/run.sh -- --log-level debug    # arguments after -- go to 'polycsi node'
#
# Any other arguments are passed to dev.polycsi.bench.StartupBenchmark (see its --help), e.g.
# --client epoll, or NAME=FLAGS to benchmark one more variant.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${JAVA_HOME:-}" ] || [ ! -x "$JAVA_HOME/bin/java" ]; then
  for candidate in /usr/lib/jvm/temurin-25-jdk* /usr/lib/jvm/jdk-25* /usr/lib/jvm/java-25-*; do
    if [ -x "$candidate/bin/java" ]; then export JAVA_HOME=$candidate; break; fi
  done
fi
if [ -z "${JAVA_HOME:-}" ] || [ ! -x "$JAVA_HOME/bin/java" ]; then
  echo "run.sh: set JAVA_HOME to a JDK 25" >&2
  exit 1
fi
export PATH="$JAVA_HOME/bin:$PATH"

if [ -z "${SKIP_BUILD:-}" ]; then
  # Builds polycsi.jar, the hostpath plugin directory, and benchmarks/target/classpath.txt.
  # -DskipTests, not -Dmaven.test.skip: modules take csi-core's test-jar, which that would not build.
  mvn -q -B package -DskipTests
fi
jar=launcher/target/polycsi.jar
plugins=examples/backend-hostpath/target/plugins
classpath="benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"

# Archives are trained afresh on every run: an AOT cache or CDS archive only fits the very JAR
# (path, size and time stamp) and JVM flags it was made with.
work=$(mktemp -d "${TMPDIR:-/tmp}/polycsi-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

small="-XX:+UseSerialGC -Xmx64m -XX:TieredStopAtLevel=1"
compact="$small -XX:+UseCompactObjectHeaders"
xms="$compact -Xms8m"
caps="$xms -Xss256k -XX:ReservedCodeCacheSize=32m -XX:MaxMetaspaceSize=128m -XX:-UsePerfData"
# -XX:AOTMode=on: fail loudly instead of silently running without a cache that does not fit.
aot="-XX:AOTMode=on -Xlog:aot*=error"

java --enable-native-access=ALL-UNNAMED -cp "$classpath" dev.polycsi.bench.StartupBenchmark "$jar" "$plugins" \
  --runs "${RUNS:-5}" --work-dir "$work/runs" \
  "default=" \
  "aot-only=-XX:AOTCache=$work/default.aot $aot" \
  "serial-c1-64m=$small" \
  "+compact-headers=$compact" \
  "+xms8m=$xms" \
  "+caps=$caps" \
  "+dynamic-cds=$caps -XX:+AutoCreateSharedArchive -XX:SharedArchiveFile=$work/polycsi.jsa" \
  "+aot=$caps -XX:AOTCache=$work/polycsi.aot $aot" \
  "+aot-c2=${caps/ -XX:TieredStopAtLevel=1/} -XX:AOTCache=$work/polycsi-c2.aot $aot" \
  "$@"
