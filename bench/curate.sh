#!/usr/bin/env bash
# Benchmark of curate's dedup stages on the 200k-example corpus: exact (content hash), MinHash + LSH near-duplicates,
# the whole first pass (exact + near + heuristics + metrics), and the first pass with --semantic on a subset with the projected
# time for the whole corpus. One JVM per mode so that peak memory (max RSS) is its own.
# Usage: bench/curate.sh [EXAMPLES] [EMBED_SUBSET]   (defaults 200000 and 2000)
set -euo pipefail
cd "$(dirname -- "${BASH_SOURCE[0]}")/.."
n=${1:-200000}
subset=${2:-2000}
corpus=bench/out/corpus-$n.jsonl
mvn -B -q -f lib/pom.xml test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >&2
cp="lib/target/classes:lib/target/test-classes:$(cat lib/target/bench.classpath)"
if [[ ! -f $corpus ]]; then
    echo "generating $corpus" >&2
    java -cp "$cp" ftkit.bench.CorpusGenerator "$corpus" "$n" 42
fi
echo "corpus: $corpus, $(du -h "$corpus" | cut -f1), $n examples; cores: $(nproc); load: $(cut -d' ' -f1-3 /proc/loadavg); java: $(java -version 2>&1 | head -1)"
# CPU seconds (user+sys) are the figure to compare on a shared machine: wall time depends on the others' load.
for mode in exact minhash curate embed; do
    out=$( { /usr/bin/time -f 'maxrss_mb=%M cpu_user_s=%U cpu_sys_s=%S wall_s=%e' \
        java -Xmx3g -cp "$cp" ftkit.bench.CurateBenchmark "$mode" "$corpus" "$subset"; } 2>&1 )
    echo "$out" | awk '/maxrss_mb=/ { split($1, a, "="); $1 = sprintf("maxrss_mb=%d", a[2] / 1024) } { print }' | tr '\n' ' '
    echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
done
