#!/bin/bash
# Builds the collections fixture with the local JDK (OpenJDK 17):
#   collections.expected.txt  what CollectionsFixture.java put in each collection, in iteration order
#   collections.hprof.gz      jcmd <pid> GC.heap_dump -gz=1, once the program prints "ready"
# Usage: test-fixtures/collections/make-fixture.sh   (writes next to this script)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/collections-fixture.XXXXXX")
javac -d "$work/classes" "$here/CollectionsFixture.java"
rm -f "$here/collections.hprof.gz" "$here/collections.expected.txt"
java -Xmx32m -XX:+UseSerialGC -Xshare:auto -cp "$work/classes" CollectionsFixture "$here/collections.expected.txt" > "$work/run.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do
  grep -q '^ready' "$work/run.log" && break
  sleep 0.2
done
jcmd $pid GC.heap_dump -gz=1 "$here/collections.hprof.gz" > /dev/null
java -version 2>&1 | head -1 > "$here/jvm-version.txt"
kill $pid
wait $pid 2>/dev/null || true
rm -rf "$work"
