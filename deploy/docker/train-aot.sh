#!/bin/sh
# Trains polycsi's AOT caches (JEP 514), one per role named (default: node), so that each holds
# only the classes its role loads (the JVM maps and links every class of a cache at start):
#   DIR/node.aot        polycsi node: Probe, NodeGetInfo, NodeGetCapabilities, NodeGetVolumeStats
#   DIR/controller.aot  polycsi controller: Probe, capabilities, an EBS volume created and deleted
# The image trains the node's only: the controller runs without one (benchmarks/README.md).
# Each role runs against a separate `polycsi simulator` process (not the embedded one, whose
# classes would otherwise fill the cache), answers its calls over the socket, and is stopped with
# SIGTERM; the JVM writes the cache on exit.
#   train-aot.sh JAVA JAR DIR [ROLE...]
set -eu
java=$1 jar=$2 dir=$3
shift 3
roles=${*:-node}
work=$(mktemp -d)
sim=""
trap '[ -n "$sim" ] && kill "$sim" 2>/dev/null; rm -rf "$work"' EXIT
mkdir -p "$dir"

fail() {
  cat "$work"/*.log >&2 2>/dev/null || true
  echo "train-aot: $1" >&2
  exit 1
}

"$java" -XX:+UseSerialGC -Xmx64m -XX:-UsePerfData -jar "$jar" simulator --port 0 --simulator-data "$work/data" \
    >"$work/simulator.out" 2>"$work/simulator.log" &
sim=$!
i=0
until url=$(head -n 1 "$work/simulator.out") && [ -n "$url" ]; do
  i=$((i + 1))
  [ "$i" -lt 300 ] || fail "the simulator did not start"
  sleep 0.2
done

client() {
  "$java" -jar "$jar" client --endpoint "unix://$work/$role.sock" "$@" >/dev/null
}

# start ROLE: polycsi ROLE, writing its cache on exit, until it answers Probe.
start() {
  role=$1
  "$java" -XX:+UseSerialGC -Xmx64m -XX:-UsePerfData -XX:AOTCacheOutput="$dir/$role.aot" -jar "$jar" \
      "$role" --simulate --simulator-url "$url" --simulator-data "$work/data" --endpoint "unix://$work/$role.sock" \
      --metrics-address 127.0.0.1:0 >"$work/$role.log" 2>&1 &
  pid=$!
  i=0
  until client identity probe 2>/dev/null; do
    i=$((i + 1))
    [ "$i" -lt 60 ] || fail "polycsi $role did not become ready"
    sleep 1
  done
  client identity info || fail "GetPluginInfo failed against polycsi $role"
  client identity caps || fail "GetPluginCapabilities failed against polycsi $role"
}

# scrape: one scrape of the metrics endpoint, as Prometheus makes it, when curl is there (the
# manifests serve metrics, so the endpoint's classes belong in the cache).
scrape() {
  command -v curl >/dev/null || return 0
  metrics=$(sed -n 's|.*serving metrics on \(http://[^ "]*/metrics\).*|\1|p' "$work/$role.log" | head -n 1)
  [ -n "$metrics" ] || fail "polycsi $role logged no metrics endpoint"
  curl -fsS "$metrics" >/dev/null || fail "scraping $metrics failed"
}

# stop: SIGTERM, and the cache must be there.
stop() {
  kill -TERM "$pid"
  wait "$pid" || fail "polycsi $role did not stop cleanly"
  test -s "$dir/$role.aot" || fail "no cache written to $dir/$role.aot"
}

train_node() {
  start node
  client node info || fail "NodeGetInfo failed"
  client node caps || fail "NodeGetCapabilities failed"
  # / is a mount point, so the call goes as far as a published volume's would.
  client node stats --volume-path=/ ebs:vol-0123456789abcdef0 || fail "NodeGetVolumeStats failed"
  scrape
  stop
}

train_controller() {
  start controller
  client controller caps || fail "ControllerGetCapabilities failed"
  volume=$("$java" -jar "$jar" client --endpoint "unix://$work/$role.sock" controller create --param=backend=ebs \
      --size=1073741824 aot-training | head -n 1) || fail "CreateVolume failed"
  client controller list || fail "ListVolumes failed"
  client controller delete "$volume" || fail "DeleteVolume failed"
  scrape
  stop
}

for role in $roles; do
  case $role in
    node) train_node ;;
    controller) train_controller ;;
    *) fail "no such role: $role (node or controller)" ;;
  esac
done
