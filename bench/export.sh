#!/usr/bin/env bash
# Benchmark of `export`: the 200k-example corpus (OpenAI chat lines from ftkit.bench.CorpusGenerator, the same file
# bench/validate.sh uses) exported to one target, then to three targets at once. One JVM per run, so that peak
# memory (max RSS from /usr/bin/time) is its own. Usage: bench/export.sh [EXAMPLES] (default 200000).
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
run() {
    local label=$1; shift
    rm -rf bench/out/export
    local start end
    start=$(date +%s.%N)
    # exit code 3 is expected: the corpus has bad lines and samples some targets cannot hold.
    out=$( { /usr/bin/time -f 'maxrss_kb=%M exit=%x' java -cp "$cp" ftkit.export.ExportCommand --quiet -o bench/out/export \
        --output-name bench "$@" "$corpus" || true; } 2>&1 )
    if ! echo "$out" | grep -q 'exit=[03]$'; then echo "$label: FAILED"; echo "$out"; return 1; fi
    end=$(date +%s.%N)
    printf '%s: %.1f s, %s\n' "$label" "$(echo "$end - $start" | bc)" "$(echo "$out" | grep -o 'maxrss_kb=[0-9]*')"
    du -sh bench/out/export/* | sed 's/^/    /'
}
run "1 target (openai/gpt-4o-mini)" --target openai/gpt-4o-mini-2024-07-18
run "3 targets (openai, bedrock claude, vertex gemini)" --target openai/gpt-4o-mini-2024-07-18 \
    --target bedrock/claude-3-haiku --target vertex/gemini-2.5-flash
