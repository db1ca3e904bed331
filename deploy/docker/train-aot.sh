#!/bin/sh
# Trains polycsi's AOT cache (JEP 514): start the driver against its embedded AWS simulator,
# answer a few calls over the socket, stop it with SIGTERM; the JVM writes the cache on exit.
#   train-aot.sh JAVA JAR OUTPUT
set -eu
java=$1 jar=$2 out=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sock="unix://$work/csi.sock"

"$java" -XX:+UseSerialGC -Xmx64m -XX:-UsePerfData -XX:AOTCacheOutput="$out" -jar "$jar" \
    all --simulate --simulator-data "$work/data" --endpoint "$sock" >"$work/log" 2>&1 &
pid=$!
i=0
until "$java" -jar "$jar" client --endpoint "$sock" identity probe >/dev/null 2>&1; do
  i=$((i + 1))
  if [ "$i" -ge 60 ]; then cat "$work/log" >&2; echo "train-aot: the driver did not become ready" >&2; exit 1; fi
  sleep 1
done
for call in "identity info" "identity caps" "controller caps" "node info" "node caps"; do
  # shellcheck disable=SC2086  # $call is two words on purpose
  "$java" -jar "$jar" client --endpoint "$sock" $call >/dev/null
done
kill -TERM "$pid"
wait "$pid" || { cat "$work/log" >&2; exit 1; }
test -s "$out" || { echo "train-aot: no cache written to $out" >&2; exit 1; }
