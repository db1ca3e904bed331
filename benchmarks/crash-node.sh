#!/usr/bin/env bash
# Issue 15, node crashes: polycsi node as its own process against a separate simulator (with
# --simulator-state) and a controller that is never killed; kubelet-like workers take EBS ext4,
# xfs and raw block volumes and EFS access points round stage, publish, write and sync data,
# expand, unpublish and unstage, retrying every call until it succeeds, while the node gets
# SIGKILL at random moments (100 times by default) and is restarted. Prints the kills, the
# operations and retries by kind, the data checks and the mounts, loop devices and attachments
# left over; exits 1 if an invariant broke. Needs root (loop devices, mounts). About 6-8 minutes
# on 2 cores with the defaults; the short version is NodeCrashCampaignTest.
#
#   benchmarks/crash-node.sh                                  # build, then 100 kills, 2 volumes of each kind
#   SKIP_BUILD=1 benchmarks/crash-node.sh --kills 20 --volumes-per-kind 1
#   SKIP_BUILD=1 benchmarks/crash-node.sh --kinds ebs-ext4,efs --seed 42 --keep --dir /tmp/crash-node
#
# Every argument goes to dev.polycsi.reliability.node.NodeCrashCampaign (see its --help).
set -euo pipefail
cd "$(dirname "$0")/.."

. benchmarks/java25.sh
use_jdk25 crash-node.sh
export PATH="$PATH:/usr/sbin:/sbin"
# No call may leave loopback: the AWS SDK must not probe instance metadata.
export AWS_EC2_METADATA_DISABLED=true

if [ "$(id -u)" -ne 0 ]; then
  echo "crash-node.sh: needs root: the node mounts and the simulator attaches loop devices" >&2
  exit 1
fi

if [ -z "${SKIP_BUILD:-}" ]; then
  # Builds the modules and reliability/target/classpath.txt.
  # -DskipTests, not -Dmaven.test.skip: the module takes csi-core's test-jar, which that would not build.
  mvn -q -B package -DskipTests -pl reliability -am
fi
classpath="reliability/target/classes:$(cat reliability/target/classpath.txt)"

exec java --enable-native-access=ALL-UNNAMED -cp "$classpath" dev.polycsi.reliability.node.NodeCrashCampaign "$@"
