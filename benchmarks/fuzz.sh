#!/usr/bin/env bash
# Hostile input: every CSI RPC through the real gRPC server of `polycsi all --simulate` (a child
# process in a mount namespace of its own when root), random and mutated requests, invalid UTF-8,
# 128/129-byte names, huge maps and strings, every enum value, paths with `..`, symlinks out of a
# sandbox, other file systems, smuggled mount flags; then every StorageClass, VolumeSnapshotClass
# and VolumeAttributesClass parameter of every backend with bad values. Prints requests and codes
# per RPC and the findings (UNKNOWN, INTERNAL, hangs, crashes, files or mounts changed outside the
# paths the requests named); exits 1 on findings. About 8 to 9 minutes on 2 cores by default;
# reproducible from the printed seed.
#
#   benchmarks/fuzz.sh                                     # build, then the full parameter sweep and 20000 requests or 4 minutes
#   SKIP_BUILD=1 benchmarks/fuzz.sh --seed 42 --requests 3000 --parameters short
#   SKIP_BUILD=1 benchmarks/fuzz.sh --duration 90s --threads 2 --keep
#
# Every argument goes to dev.polycsi.reliability.fuzz.FuzzCampaign (see its --help).
set -euo pipefail
cd "$(dirname "$0")/.."

. benchmarks/java25.sh
use_jdk25 fuzz.sh
# The simulator only: no instance metadata look-ups leave the host.
export AWS_EC2_METADATA_DISABLED=true

if [ -z "${SKIP_BUILD:-}" ]; then
  # Builds the modules and reliability/target/classpath.txt.
  # -DskipTests, not -Dmaven.test.skip: the module takes csi-core's test-jar, which that would not build.
  mvn -q -B package -DskipTests -pl reliability -am
fi
classpath="reliability/target/classes:$(cat reliability/target/classpath.txt)"

exec java --enable-native-access=ALL-UNNAMED -cp "$classpath" dev.polycsi.reliability.fuzz.FuzzCampaign "$@"
