#!/usr/bin/env bash
# Runs every test of ftkit: the lib's unit tests, the version check of the scripts' //DEPS, every alias of
# jbang-catalog.json (build + --help), and the notebooks. Needs a JDK (17+) and Maven; fetches the rest.
# Progress goes to stderr. Exit code 0 only when every step passed.
#
# Knobs: JBANG_BUILD_FRESH=1 builds the aliases with `jbang build --fresh` (re-resolves dependencies).
set -euo pipefail
cd "$(dirname -- "${BASH_SOURCE[0]}")"

step() { printf '\n==== %s\n' "$*" >&2; }

step "PostgreSQL for the store tests: a throwaway server on 127.0.0.1 (installed with apt when missing)"
eval "$(tools/pg-test-server.sh start)"
trap 'tools/pg-test-server.sh stop "$FTKIT_TEST_PG_DIR" >/dev/null 2>&1 || true' EXIT
export FTKIT_REQUIRE_PG=1

step "tmux for the menu's terminal test (installed with apt when missing)"
command -v tmux >/dev/null || { apt-get update -q && apt-get install -y -q --no-install-recommends tmux; } >&2
export FTKIT_REQUIRE_TMUX=1

step "lib: unit tests and the scripts run through ./jbang (mvn verify)"
mvn -B -f lib/pom.xml verify

step "token counts: the reference tokenizers (npm tiktoken, llama3-tokenizer-js) still give the committed reference ids"
command -v npm >/dev/null || { apt-get update -q && apt-get install -y -q --no-install-recommends nodejs npm; } >&2
(cd tools/tokenizer-reference && npm ci --no-audit --no-fund --loglevel=error >&2)
node tools/tokenizer-reference/reference.mjs lib/src/test/resources/tokens/corpus.json > lib/target/reference-ids.json
cmp lib/target/reference-ids.json lib/src/test/resources/tokens/reference-ids.json
echo "reference ids match ($(grep -c '"text"' lib/target/reference-ids.json) texts)" >&2

step "Maven's resolution of lib/pom.xml (the versions the unit tests ran on)"
resolved=lib/target/runtime-dependencies.txt
mvn -B -q -f lib/pom.xml org.apache.maven.plugins:maven-dependency-plugin:3.8.1:list \
    -DincludeScope=runtime -Dsort=true -DoutputFile=target/runtime-dependencies.txt >&2
echo "$(grep -c ':compile\|:runtime' "$resolved") runtime dependencies in $resolved" >&2

step "//DEPS versions agree with lib/pom.xml (self-test of the check, then the check)"
java tools/CheckDepVersions.java --self-test
java tools/CheckDepVersions.java --resolved "$resolved" .

step "JBang launcher"
./jbang --version >&2

step "JBang resolves the same versions as Maven for every bundle and script (self-test, then the check)"
java tools/CheckClasspaths.java --self-test
java tools/CheckClasspaths.java "$resolved" .

step "jbang-catalog.json: every alias builds and answers --help (self-test of the check, then the check)"
# Gson comes from JBang's own jars (.jbang/dist, fetched by ./jbang above).
java -cp ".jbang/dist/*" tools/CheckCatalog.java --self-test
java -cp ".jbang/dist/*" tools/CheckCatalog.java .

step "JDK 25: the main scripts also run on the newest JDK"
jdk25=/usr/lib/jvm/temurin-25-jdk-amd64
if [[ -x $jdk25/bin/java ]]; then
    JAVA_HOME=$jdk25 PATH="$jdk25/bin:$PATH" ./jbang --quiet validate@. --target openai/gpt-4o-mini-2024-07-18 --no-rejects \
        examples/datasets/support-train.jsonl --validation examples/datasets/support-validation.jsonl
    echo "validate ran on $($jdk25/bin/java -version 2>&1 | head -1)" >&2
else
    echo "no JDK 25 at $jdk25: skipped" >&2
fi

step "notebooks"
if [[ -f notebooks/run-all.sh ]]; then
    bash notebooks/run-all.sh
else
    echo "no notebooks/run-all.sh yet: no notebook to run" >&2
fi

step "all tests passed"
