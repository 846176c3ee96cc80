#!/usr/bin/env bash
# Makes nested-names.hprof.gz: JCTree (src/) holding 3,000 JCTree$JCMethodInvocation, each with a
# JCTree$JCMethodInvocation$Builder$Inner, from a static list, and 2,000
# JCTree$JCExpressionStatement$TypeAnnotationPositionResolver$DeferredAttributionContext held by main's local.
# Dumped with `jcmd <pid> GC.heap_dump -gz=1`; e2e/screens.spec.ts takes every view's screenshot on it.
set -euo pipefail
cd "$(dirname "$0")"
work=$(mktemp -d)
javac -d "$work/classes" src/com/example/compiler/tree/JCTree.java
java -Xmx64m -XX:+UseSerialGC -cp "$work/classes" com.example.compiler.tree.JCTree "$work" &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -rf "$work"' EXIT
while [ ! -f "$work/ready" ]; do sleep 0.1; done
rm -f nested-names.hprof.gz
jcmd $pid GC.heap_dump -gz=1 "$PWD/nested-names.hprof.gz" > /dev/null
touch "$work/stop"
wait $pid > /dev/null
java -version 2>&1 | head -1 > jvm-version.txt
