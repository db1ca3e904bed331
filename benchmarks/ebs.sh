#!/usr/bin/env bash
# EBS provisioning: N volumes at once, each CreateVolume then ControllerPublishVolume through CSI gRPC,
# against the AWS simulator with realistic delays and EC2's token buckets; prints the time taken
# against the simulator's own floor and the EC2 calls per volume by action. A benchmark, not a test:
# it asserts nothing. About a minute or two on 2 cores with the defaults.
#
#   benchmarks/ebs.sh                                   # build, then 200 volumes
#   SKIP_BUILD=1 benchmarks/ebs.sh --volumes 50 --no-throttle
#   SKIP_BUILD=1 benchmarks/ebs.sh --available-delay 2s --attached-delay 5s --instances 8 --instance-type m5.large
#   SKIP_BUILD=1 benchmarks/ebs.sh --option ebs.batch-window-ms=100 --knob 'latency.*=30ms'
#
# Every argument goes to dev.polycsi.bench.EbsProvisioningBenchmark (see its --help).
set -euo pipefail
cd "$(dirname "$0")/.."

. benchmarks/java25.sh
use_jdk25 ebs.sh

if [ -z "${SKIP_BUILD:-}" ]; then
  # Builds the modules and benchmarks/target/classpath.txt.
  # -DskipTests, not -Dmaven.test.skip: modules take csi-core's test-jar, which that would not build.
  mvn -q -B package -DskipTests
fi
classpath="benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"

exec java --enable-native-access=ALL-UNNAMED -cp "$classpath" dev.polycsi.bench.EbsProvisioningBenchmark "$@"
