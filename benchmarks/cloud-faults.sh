#!/usr/bin/env bash
# Cloud faults (issue 15, point 3): the controller-crash workload (every built-in backend, through CSI
# as the sidecars drive it) under each fault of the simulator's knobs, each on a fresh simulator:
# throttling ten times as harsh as EC2's defaults, 5 % 500/503, 5 % dropped connections, a 2-second
# eventual-consistency window, slow state changes, resources stuck in transition, FAILED resources,
# and a mix of all with 10 controller kills. The same invariants as crash-controller.sh; prints each
# run's figures and a table of them all; exits 1 on any finding. About 6 to 8 minutes on 2 cores.
#
#   benchmarks/cloud-faults.sh                                     # build, then every fault
#   SKIP_BUILD=1 benchmarks/cloud-faults.sh --profile throttling --profile FAILED
#   SKIP_BUILD=1 benchmarks/cloud-faults.sh --lanes 1 --cycles 3 --seed 42
#
# Every argument goes to dev.polycsi.reliability.faults.CloudFaultsCampaign (see its --help).
set -euo pipefail
cd "$(dirname "$0")/.."

. benchmarks/java25.sh
use_jdk25 cloud-faults.sh
# The driver and simulator never look for a real instance's metadata.
export AWS_EC2_METADATA_DISABLED=true

if [ -z "${SKIP_BUILD:-}" ]; then
  # Builds the modules and reliability/target/classpath.txt.
  # -DskipTests, not -Dmaven.test.skip: modules take csi-core's test-jar, which that would not build.
  mvn -q -B package -DskipTests -pl reliability -am
fi
classpath="reliability/target/classes:$(cat reliability/target/classpath.txt)"

exec java --enable-native-access=ALL-UNNAMED -cp "$classpath" dev.polycsi.reliability.faults.CloudFaultsCampaign "$@"
