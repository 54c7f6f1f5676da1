#!/usr/bin/env bash
# Benchmark of `split` on a generated canonical corpus (default 200,000 samples): wall time and peak memory
# (max RSS) of one JVM per run, for seeded random and weighted-by-source with near-duplicate detection, and random
# without it. Also checks that two runs with the same seed give byte-identical outputs.
# Usage: bench/split.sh [SAMPLES] [XMX]   (defaults 200000, 512m)
set -euo pipefail
cd "$(dirname -- "${BASH_SOURCE[0]}")/.."
n=${1:-200000}
xmx=${2:-512m}
out=bench/out
corpus=$out/split-corpus-$n.jsonl
mkdir -p "$out"
mvn -B -q -f lib/pom.xml test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >&2
cp="lib/target/classes:lib/target/test-classes:$(cat lib/target/bench.classpath)"
if [[ ! -f $corpus ]]; then
    echo "generating $corpus" >&2
    java -cp "$cp" ftkit.split.SplitBenchmarkCorpus "$corpus" "$n" 42
fi
echo "corpus: $corpus, $(du -h "$corpus" | cut -f1), $n samples; cores: $(nproc); java: $(java -version 2>&1 | head -1); -Xmx$xmx"
run() {
    local label=$1; shift
    local t
    t=$( { /usr/bin/time -f 'wall_s=%e maxrss_kb=%M' java -Xmx"$xmx" -cp "$cp" ftkit.cli.SplitCommand "$corpus" -q "$@" 2>&1 >/dev/null; } 2>&1 | tail -2 | tr '\n' ' ')
    echo "$label: $t"
}
run "random 80/20 (near-duplicates on)    " --ratio 80/20 --output-dir "$out/random" --report "$out/random/report.json"
run "random 80/20 again (same seed)       " --ratio 80/20 --output-dir "$out/random2" --report "$out/random2/report.json"
run "weighted by source 90/10             " --ratio 90/10 --strategy weighted --weight-by source --output-dir "$out/weighted"
run "weighted by keywords 80/10/10        " --ratio 80/10/10 --strategy weighted --weight-by keywords --output-dir "$out/kw"
run "random 80/20, --no-near-duplicates   " --ratio 80/20 --no-near-duplicates --output-dir "$out/exact"
if cmp -s "$out/random/split-corpus-$n.validation.jsonl" "$out/random2/split-corpus-$n.validation.jsonl" \
   && cmp -s "$out/random/split-corpus-$n.train.jsonl" "$out/random2/split-corpus-$n.train.jsonl"; then
    echo "determinism: identical outputs for the same seed"
else
    echo "determinism: OUTPUTS DIFFER"; exit 1
fi
/usr/bin/python3 - "$out/random/report.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
g = r["leakage_groups"]
print("groups:", {k: g[k] for k in ("exact_duplicate_groups", "near_duplicate_merges", "shared_chunk_groups", "kept_together_groups", "largest_group")},
      "sides:", r["sides"], "balance(source):", r["distribution"]["source"]["balance"])
PY
