#!/usr/bin/env bash
# Makes before.hprof.gz and after.hprof.gz: DiffGrowth dumped with 1,000 and then 5,000 Sessions in
# InvoiceService.CACHE, with `jcmd <pid> GC.class_histogram` taken before each dump as ground truth.
set -euo pipefail
cd "$(dirname "$0")"
work=$(mktemp -d)
javac -d "$work" DiffGrowth.java
(cd "$work" && exec java -Xmx64m -XX:+UseSerialGC -cp "$work" DiffGrowth) &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -rf "$work"' EXIT
while [ ! -f "$work/first.ready" ]; do sleep 0.1; done
jcmd $pid GC.class_histogram > before.jcmd-histogram.txt
jcmd $pid GC.heap_dump -gz=1 "$PWD/before.hprof.gz" > /dev/null
touch "$work/grow.now"
while [ ! -f "$work/second.ready" ]; do sleep 0.1; done
jcmd $pid GC.class_histogram > after.jcmd-histogram.txt
jcmd $pid GC.heap_dump -gz=1 "$PWD/after.hprof.gz" > /dev/null
touch "$work/stop.now"
wait $pid
java -version 2>&1 | head -1 > jvm-version.txt
