#!/usr/bin/env bash
# Controller crashes (issue 15, point 1): polycsi controller as its own process against a separate
# simulator (--simulator-state), driven through CSI as the sidecars do (same names and requests,
# retried until done) with create/delete on every built-in backend, snapshots and restores, publish
# and unpublish, expansion; SIGKILLed at random moments (100 times by default) and restarted. At the
# end the simulator's inventory must hold every resource that should exist exactly once and nothing
# deleted. Prints crashes, operations, retries, AWS calls, leaks and duplicates; exits 1 on any
# finding. About 6 to 8 minutes on 2 cores with the defaults.
#
#   benchmarks/crash-controller.sh                          # build, then 100 kills
#   SKIP_BUILD=1 benchmarks/crash-controller.sh --kills 20 --lanes 1
#   SKIP_BUILD=1 benchmarks/crash-controller.sh --backends ebs,fsx-ontap --seed 42
#
# Every argument goes to dev.polycsi.reliability.controller.ControllerCrashCampaign (see its --help).
set -euo pipefail
cd "$(dirname "$0")/.."

. benchmarks/java25.sh
use_jdk25 crash-controller.sh
# The driver and simulator never look for a real instance's metadata.
export AWS_EC2_METADATA_DISABLED=true

if [ -z "${SKIP_BUILD:-}" ]; then
  # Builds the modules and reliability/target/classpath.txt.
  # -DskipTests, not -Dmaven.test.skip: modules take csi-core's test-jar, which that would not build.
  mvn -q -B package -DskipTests -pl reliability -am
fi
classpath="reliability/target/classes:$(cat reliability/target/classpath.txt)"

exec java --enable-native-access=ALL-UNNAMED -cp "$classpath" dev.polycsi.reliability.controller.ControllerCrashCampaign "$@"
