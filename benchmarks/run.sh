#!/usr/bin/env bash
# The node's footprint and RPC latency, as shipped (issue 14): 'polycsi node' with the JVM flags of
# deploy/kubernetes/base/node.yaml, its AOT cache (node.aot) trained as deploy/docker/Dockerfile
# trains it and all its built-in backends, against a separate 'polycsi simulator'; ready time, idle
# and loaded RSS with an NMT breakdown, Probe/NodeGetInfo latency percentiles for node and all,
# beside the Go reference's figures and the issue's aims; and two floors with the node's flags (the
# JVM alone; grpc-java serving Identity and Node, nothing else), which split the node's figures
# into the JVM, gRPC and polycsi's own; then the controller's memory under the 200-volume EBS
# workload (benchmarks/controller.sh). A benchmark, not a test: it asserts nothing. About 9 minutes
# for the node on 2 cores with the defaults, build included (RUNS=2: about 5), 8 for the controller.
#
#   benchmarks/run.sh                       # build, then 5 timed runs per variant
#   RUNS=2 SKIP_BUILD=1 benchmarks/run.sh   # fewer runs, no build
#   REFERENCE=go-hostpath:ready=5ms,rss=13MiB,probe-p50=140us,nodegetinfo-p50=150us benchmarks/run.sh
#   COMPARE=1 benchmarks/run.sh             # also the other flag sets below (about 2 minutes more each)
#   CONTROLLER=0 benchmarks/run.sh          # the node only (by default benchmarks/controller.sh follows)
#   SKIP_BUILD=1 benchmarks/run.sh --variants node-shipped,all-shipped 'mine=@node-flags -Xss256k' -- --log-level debug
#
# Arguments go to dev.polycsi.bench.StartupBenchmark (see its --help): NAME=FLAGS adds a variant,
# and arguments after -- go to every 'polycsi node'/'polycsi all'. MVN names the Maven to build
# with (default mvn; e.g. MVN="mvn -o").
set -euo pipefail
cd "$(dirname "$0")/.."

. benchmarks/java25.sh
use_jdk25 run.sh
# Nothing may leave loopback: no instance metadata look-ups from anything started here.
export AWS_EC2_METADATA_DISABLED=true

if [ -z "${SKIP_BUILD:-}" ]; then
  # polycsi.jar and benchmarks/target/classpath.txt. -DskipTests, not -Dmaven.test.skip: modules
  # take csi-core's test-jar, which that would not build.
  ${MVN:-mvn} -q -B -pl launcher,benchmarks -am package -DskipTests
fi
jar=launcher/target/polycsi.jar
classpath="benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"

work=$(mktemp -d "${TMPDIR:-/tmp}/polycsi-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

# Comparisons: node.yaml's flags (@node-flags, without its AOT cache) plus one change each, every
# archive trained by one run of the benchmark itself (an archive fits only the JAR and the flags it
# was made with, so each variant needs its own).
compare=()
if [ -n "${COMPARE:-}" ]; then
  compare=(
    "self-trained-aot=@node-flags -XX:AOTCache=$work/self.aot"
    "+compact-headers=@node-flags -XX:+UseCompactObjectHeaders -XX:AOTCache=$work/compact.aot"
    "+caps=@node-flags -Xss256k -XX:ReservedCodeCacheSize=32m -XX:MaxMetaspaceSize=128m -XX:AOTCache=$work/caps.aot"
    "+c2=@node-flags -XX:TieredStopAtLevel=4 -XX:AOTCache=$work/c2.aot"
    "+dynamic-cds=@node-flags -XX:+AutoCreateSharedArchive -XX:SharedArchiveFile=$work/polycsi.jsa"
  )
fi

# The Go reference: csi-driver-host-path's figures from issue 14 (no Go driver is here to measure).
# Add probe-p50=… and nodegetinfo-p50=… once measured over the same kind of socket.
java --enable-native-access=ALL-UNNAMED -cp "$classpath" dev.polycsi.bench.StartupBenchmark "$jar" \
  --repo . --runs "${RUNS:-5}" --work-dir "$work" \
  --reference "${REFERENCE:-go-hostpath:ready=5ms,rss=13MiB}" \
  "${compare[@]}" "$@"

# The controller's aim (RSS under the 200-volume EBS workload, as shipped) is measured by its own
# script; CONTROLLER=0 skips it (it adds about 8 minutes).
if [ "${CONTROLLER:-1}" != 0 ]; then
  echo
  SKIP_BUILD=1 benchmarks/controller.sh
fi
