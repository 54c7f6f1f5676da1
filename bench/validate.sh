#!/usr/bin/env bash
# Benchmark of `validate` against the bare Jackson + JTokkit loop the issue names as the baseline.
# Usage: bench/validate.sh [EXAMPLES] (default 200000). One JVM per run so that peak memory (max RSS) is its own.
set -euo pipefail
cd "$(dirname -- "${BASH_SOURCE[0]}")/.."
n=${1:-200000}
corpus=bench/out/corpus-$n.jsonl
mvn -B -q -f lib/pom.xml test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >&2
cp="lib/target/classes:lib/target/test-classes:$(cat lib/target/bench.classpath)"
if [[ ! -f $corpus ]]; then
    echo "generating $corpus" >&2
    java -cp "$cp" ftkit.bench.CorpusGenerator "$corpus" "$n" 42
fi
echo "corpus: $corpus, $(du -h "$corpus" | cut -f1), $n examples; cores: $(nproc); java: $(java -version 2>&1 | head -1)"
for mode in bare validate; do
    for threads in 1 "$(nproc)"; do
        out=$( { /usr/bin/time -f 'maxrss_kb=%M' java -Xmx2g -cp "$cp" ftkit.bench.ValidateBenchmark "$mode" "$corpus" "$threads"; } 2>&1 )
        echo "$out" | tr '\n' ' '; echo
    done
done
