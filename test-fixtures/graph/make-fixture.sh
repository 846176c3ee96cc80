#!/bin/bash
# Builds the fixture dumps from Graph.java with the local JDK (OpenJDK 17):
#   graph.jcmd-histogram.txt  jcmd <pid> GC.class_histogram
#   graph.hprof.gz            jcmd <pid> GC.heap_dump -gz=1   (the JVM's multi-member gzip)
#   graph.hprof               jcmd <pid> GC.heap_dump         (plain)
# Usage: test-fixtures/graph/make-fixture.sh   (writes next to this script)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/graph-fixture.XXXXXX")
javac -d "$work/classes" "$here/Graph.java"
rm -f "$here/graph.hprof" "$here/graph.hprof.gz" "$here/graph.jcmd-histogram.txt"
java -Xmx64m -Xshare:auto -cp "$work/classes" Graph > "$work/run.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do
  grep -q '^ready' "$work/run.log" && break
  sleep 0.2
done
sleep 1
jcmd $pid GC.class_histogram > "$here/graph.jcmd-histogram.txt"
jcmd $pid GC.heap_dump -gz=1 "$here/graph.hprof.gz" > /dev/null
jcmd $pid GC.heap_dump "$here/graph.hprof" > /dev/null
java -version 2>&1 | head -1 > "$here/jvm-version.txt"
kill $pid
