#!/bin/bash
# Builds the thread fixtures with the local JDK (OpenJDK 17):
#   oom.hprof.gz            OomChain.java run with -Xmx12m -XX:+UseSerialGC -XX:+HeapDumpOnOutOfMemoryError
#                           -XX:HeapDumpGzipLevel=1 (the JVM's multi-member gzip, as jcmd GC.heap_dump -gz=1)
#   threads.thread-print.txt  jcmd <pid> Thread.print, taken just before
#   threads.hprof.gz          jcmd <pid> GC.heap_dump -gz=1, of Threads.java once it prints "ready"
# Usage: test-fixtures/threads/make-fixtures.sh   (writes next to this script)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/thread-fixtures.XXXXXX")
javac -g -d "$work/classes" "$here/OomChain.java" "$here/Threads.java"

rm -f "$here/oom.hprof.gz"
java -Xmx12m -XX:+UseSerialGC -Xshare:auto -XX:+HeapDumpOnOutOfMemoryError -XX:HeapDumpGzipLevel=1 \
  -XX:HeapDumpPath="$here/oom.hprof.gz" -cp "$work/classes" OomChain > "$work/oom.log" 2>&1 || true
grep -q 'java.lang.OutOfMemoryError' "$work/oom.log"

rm -f "$here/threads.hprof.gz" "$here/threads.thread-print.txt"
java -Xmx32m -XX:+UseSerialGC -Xshare:auto -cp "$work/classes" Threads > "$work/threads.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do
  grep -q '^ready' "$work/threads.log" && break
  sleep 0.2
done
jcmd $pid Thread.print > "$here/threads.thread-print.txt"
jcmd $pid GC.heap_dump -gz=1 "$here/threads.hprof.gz" > /dev/null
java -version 2>&1 | head -1 > "$here/jvm-version.txt"
kill $pid
wait $pid 2>/dev/null || true
rm -rf "$work"
