#!/usr/bin/env bash
# Runs every test of ftkit: the lib's unit tests, the version check of the scripts' //DEPS, every alias of
# jbang-catalog.json (build + --help), and the notebooks. Needs a JDK (17+) and Maven; fetches the rest.
# Progress goes to stderr. Exit code 0 only when every step passed.
#
# Knobs: JBANG_BUILD_FRESH=1 builds the aliases with `jbang build --fresh` (re-resolves dependencies).
set -euo pipefail
cd "$(dirname -- "${BASH_SOURCE[0]}")"

step() { printf '\n==== %s\n' "$*" >&2; }

step "lib: unit tests (mvn verify)"
mvn -B -f lib/pom.xml verify

step "//DEPS versions agree with lib/pom.xml (self-test of the check, then the check)"
java tools/CheckDepVersions.java --self-test
java tools/CheckDepVersions.java .

step "JBang launcher"
./jbang --version >&2

step "jbang-catalog.json: every alias builds and answers --help (self-test of the check, then the check)"
# Gson comes from JBang's own jars (.jbang/dist, fetched by ./jbang above).
java -cp ".jbang/dist/*" tools/CheckCatalog.java --self-test
java -cp ".jbang/dist/*" tools/CheckCatalog.java .

step "notebooks"
if [[ -f notebooks/run-all.sh ]]; then
    bash notebooks/run-all.sh
else
    echo "no notebooks/run-all.sh yet: no notebook to run" >&2
fi

step "all tests passed"
