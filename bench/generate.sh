#!/usr/bin/env bash
# Benchmark of `generate` against the fake LLM server (ftkit.devserver.FakeLlmServer) with a fixed latency:
# achieved requests/s versus the ideal, concurrency / latency. The whole command runs (plan, prompts, the real
# LangChain4j OpenAI client over HTTP on 127.0.0.1, the SQLite journal, -o output), only the server is fake.
# Usage: bench/generate.sh [LATENCY_MS] [SECONDS_PER_LEVEL] [CONCURRENCY...]   (default: 200 5 1 8 32)
set -euo pipefail
cd "$(dirname -- "${BASH_SOURCE[0]}")/.."
latency=${1:-200}
seconds=${2:-5}
shift $(( $# > 2 ? 2 : $# ))
levels=${*:-1 8 32}
mvn -B -q -f lib/pom.xml test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >&2
cp="lib/target/classes:lib/target/test-classes:$(cat lib/target/bench.classpath)"
# shellcheck disable=SC2086
java --enable-native-access=ALL-UNNAMED -cp "$cp" ftkit.bench.GenerateBenchmark "$latency" "$seconds" $levels
