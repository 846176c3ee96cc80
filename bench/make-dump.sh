#!/usr/bin/env bash
# Builds the benchmark dumps in bench/.cache/ (git-ignored) unless they exist: runs RandomGraph.java, then takes
# a class histogram, a plain dump and a -gz=1 dump with jcmd, and kills the JVM. Default GC (G1): its dumps list
# objects region by region, not in one ascending address run, which is the harder and more common case.
# Usage: bench/make-dump.sh [large|small|huge|many-small|many]
#   large: 3.2 M route nodes, ~20 M objects (1.11 GB); small: ~1/10 of that;
#   huge: 12.8 M route nodes, ~81 M objects, 222 M references (4.45 GB; needs ~14 GB for the JVM);
#   many-small: SmallObjects.java, 33.5 M HashMap entries, ~100 M objects (4.53 GB; needs ~8 GB for the JVM).
#   many: SmallObjects.java, 52 M HashMap entries, ~156 M objects (past 2^27; ~7.3 GB; needs ~10 GB for the JVM;
#     plain dump only, no -gz form).
# huge, many-small and many are not used by `npm run bench`: they check the size limits (see README.md).
set -euo pipefail
size="${1:-large}"
program=RandomGraph
gzip=yes
case "$size" in
  large) nodes=3200000; xmx=4g ;;
  small) nodes=320000; xmx=1g ;;
  huge) nodes=12800000; xmx=14g ;;
  many-small) program=SmallObjects; nodes=33500000; xmx=8g ;;
  many) program=SmallObjects; nodes=52000000; xmx=10g; gzip=no ;;
  *) echo "usage: $0 [large|small|huge|many-small|many]" >&2; exit 2 ;;
esac
dir="$(cd "$(dirname "$0")" && pwd)/.cache"
mkdir -p "$dir"
plain="$dir/random-graph-$size.hprof"
gz="$dir/random-graph-$size.hprof.gz"
histo="$dir/random-graph-$size.jcmd-histogram.txt"
if [[ -s "$plain" && ( "$gzip" == no || -s "$gz" ) && -s "$histo" ]]; then
  echo "cached: $plain"
  exit 0
fi
rm -f "$plain" "$gz" "$histo"
src="$(cd "$(dirname "$0")" && pwd)/$program.java"
classes="$dir/classes"
mkdir -p "$classes"
javac -d "$classes" "$src"
log="$dir/random-graph-$size.jvm.log"
java "-Xmx$xmx" -cp "$classes" "$program" "$nodes" 42 >"$log" 2>&1 &
jvm=$!
trap 'kill "$jvm" 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do
  if grep -q '^ready ' "$log"; then break; fi
  if ! kill -0 "$jvm" 2>/dev/null; then echo "JVM exited:"; cat "$log"; exit 1; fi
  sleep 1
done
grep -q '^ready ' "$log" || { echo "JVM not ready after 600 s"; exit 1; }
pid="$(awk '/^ready /{print $2}' "$log")"
jcmd "$pid" GC.class_histogram >"$histo"
jcmd "$pid" GC.heap_dump "$plain.tmp" >/dev/null
[[ "$gzip" == no ]] || jcmd "$pid" GC.heap_dump -gz=1 "$gz.tmp" >/dev/null
mv "$plain.tmp" "$plain"
[[ "$gzip" == no ]] || mv "$gz.tmp" "$gz"
kill "$jvm"
wait "$jvm" 2>/dev/null || true
trap - EXIT
ls -l "$plain"
[[ "$gzip" == no ]] || ls -l "$gz"
head -8 "$histo"
