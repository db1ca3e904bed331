#!/usr/bin/env bash
# The controller's resident memory as shipped (issue 14): 'polycsi controller' in its own process,
# with the JVM flags and arguments of deploy/kubernetes/base/controller.yaml (an AOT cache they name
# trained by deploy/docker/train-aot.sh), under benchmarks/ebs.sh's workload (200 volumes at once,
# CreateVolume then ControllerPublishVolume through CSI gRPC, then unpublished and deleted) against a
# separate 'polycsi simulator'. Samples VmRSS every 100 ms and prints it beside controller.yaml's
# memory request, with an NMT breakdown and the heap from -Xlog:gc, for the shipped flags (and the
# same without the cache, if they name one). A benchmark, not a test: it asserts nothing. About 4
# minutes on 2 cores with the defaults, build excluded.
#
#   benchmarks/controller.sh                                  # build, then the shipped flags, plain and with NMT
#   SKIP_BUILD=1 benchmarks/controller.sh --volumes 50 --no-nmt
#   SKIP_BUILD=1 benchmarks/controller.sh --variants shipped --runs 2 --aot-dir /tmp/polycsi-aot
#   SKIP_BUILD=1 benchmarks/controller.sh --no-throttle -- --log-level debug
#   SKIP_BUILD=1 benchmarks/controller.sh --variants shipped 'x48=-XX:+UseSerialGC -Xmx48m ...' 'a2=MALLOC_ARENA_MAX=2 -Xmx64m ...'
#
# NAME=FLAGS adds a variant with FLAGS in place of controller.yaml's JDK_JAVA_OPTIONS: any
# -XX:AOTCache=… names the trained cache, leading VAR=VALUE words go to the environment.
# Arguments go to dev.polycsi.bench.ControllerFootprintBenchmark (see its --help); those after -- go
# to every 'polycsi controller'. MVN names the Maven to build with (default mvn; e.g. MVN="mvn -o").
set -euo pipefail
cd "$(dirname "$0")/.."

. benchmarks/java25.sh
use_jdk25 controller.sh
# Nothing may leave loopback: no instance metadata look-ups from anything started here.
export AWS_EC2_METADATA_DISABLED=true

if [ -z "${SKIP_BUILD:-}" ]; then
  # polycsi.jar and benchmarks/target/classpath.txt. -DskipTests, not -Dmaven.test.skip: modules
  # take csi-core's test-jar, which that would not build.
  ${MVN:-mvn} -q -B -pl launcher,benchmarks -am package -DskipTests
fi
classpath="benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"

exec java --enable-native-access=ALL-UNNAMED -cp "$classpath" dev.polycsi.bench.ControllerFootprintBenchmark \
  --repo . --jar launcher/target/polycsi.jar "$@"
