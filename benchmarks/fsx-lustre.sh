#!/usr/bin/env bash
# FSx for Lustre provisioning: N volumes at once, one file system each, CreateVolume through CSI gRPC as
# csi-provisioner drives it in deploy/kubernetes (a 60 s deadline per call, retries after 1 s doubling up
# to 30 min), against the AWS simulator with FSx's minutes (aws-simulator/profiles/fsx-realistic.properties);
# prints the time taken against the simulator's own floor and the FSx calls per file system by action.
# A benchmark, not a test: it asserts nothing. About 9 to 10 minutes with the defaults (8 min to AVAILABLE).
#
#   benchmarks/fsx-lustre.sh                                      # build, then 20 file systems
#   SKIP_BUILD=1 benchmarks/fsx-lustre.sh --available-delay 2m    # a quick run
#   SKIP_BUILD=1 benchmarks/fsx-lustre.sh --deployment-type PERSISTENT_2 --throughput 250
#   SKIP_BUILD=1 benchmarks/fsx-lustre.sh --knob 'throttle.fsx.CreateFileSystem=1/5' --timeout 5m
#
# Run from anywhere: it works from the repository's root, where the default --knobs-file is.
# Every argument goes to dev.polycsi.bench.LustreProvisioningBenchmark (see its --help).
set -euo pipefail
cd "$(dirname "$0")/.."

. benchmarks/java25.sh
use_jdk25 fsx-lustre.sh
# Everything goes to the embedded simulator; never to the instance metadata service of the machine.
export AWS_EC2_METADATA_DISABLED=true

if [ -z "${SKIP_BUILD:-}" ]; then
  # Builds the benchmark, the modules it needs and benchmarks/target/classpath.txt.
  # -DskipTests, not -Dmaven.test.skip: modules take csi-core's test-jar, which that would not build.
  mvn -q -B package -pl benchmarks -am -DskipTests
fi
classpath="benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"

exec java --enable-native-access=ALL-UNNAMED -cp "$classpath" dev.polycsi.bench.LustreProvisioningBenchmark "$@"
