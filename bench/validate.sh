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
# Wall time suffers when other work loads the machine; the CPU seconds (user+sys) of each JVM do much less.
# Rounds alternate the two modes so that a change in machine load hits both alike; compare the best of each.
# A 512 MB heap is enough for either: memory does not grow with the file apart from the duplicate index.
rounds=${ROUNDS:-2}
for round in $(seq "$rounds"); do
    for threads in 1 "$(nproc)"; do
        for mode in bare validate; do
            out=$( { /usr/bin/time -f 'maxrss_kb=%M cpu_user_s=%U cpu_sys_s=%S' java -Xmx512m -cp "$cp" ftkit.bench.ValidateBenchmark "$mode" "$corpus" "$threads"; } 2>&1 )
            echo "round=$round $(echo "$out" | tr '\n' ' ')"
        done
    done
done
