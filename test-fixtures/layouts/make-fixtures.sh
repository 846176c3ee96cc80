#!/bin/bash
# Dumps ../graph/Graph.java under heap layouts other than the default one (G1, compressed references, 8-byte
# alignment), with the local JDK (OpenJDK 17), so that the reader's layout detection and MAT's size model are
# tested on real dumps of each:
#   zgc      -XX:+UseZGC                      no compressed references; ZGC's heap addresses
#   g1-40g   -Xmx40g                          no compressed references (a heap past 32 GB turns them off)
#   align16  -XX:ObjectAlignmentInBytes=16    compressed references, objects aligned to 16 bytes
# For each NAME: NAME.hprof.gz (jcmd <pid> GC.heap_dump -gz=1) and NAME.jcmd-histogram.txt (jcmd <pid>
# GC.class_histogram, taken just before). Usage: test-fixtures/layouts/make-fixtures.sh (writes next to itself).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/layout-fixtures.XXXXXX")
javac -d "$work/classes" "$here/../graph/Graph.java"
dump() {
  local name=$1
  shift
  rm -f "$here/$name.hprof.gz" "$here/$name.jcmd-histogram.txt"
  java "$@" -Xshare:auto -cp "$work/classes" Graph > "$work/$name.log" 2>&1 &
  local pid=$!
  for _ in $(seq 1 300); do
    grep -q '^ready' "$work/$name.log" && break
    sleep 0.2
  done
  sleep 1
  jcmd $pid GC.class_histogram > "$here/$name.jcmd-histogram.txt"
  jcmd $pid GC.heap_dump -gz=1 "$here/$name.hprof.gz" > /dev/null
  kill $pid
  wait $pid 2>/dev/null || true
}
dump zgc -Xmx256m -XX:+UseZGC
dump g1-40g -Xmx40g
dump align16 -Xmx256m -XX:ObjectAlignmentInBytes=16
java -version 2>&1 | head -1 > "$here/jvm-version.txt"
rm -rf "$work"
