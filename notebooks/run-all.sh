#!/usr/bin/env bash
# Executes notebooks headless with the ftkit-java kernel, writes the executed notebooks and their HTML to
# notebooks/out/, and fails if any cell errored, a notebook shows no PNG image, or an HTML table is empty.
set -euo pipefail

usage() {
  cat <<USAGE
Usage: notebooks/run-all.sh [NOTEBOOK.ipynb...]

Runs the given notebooks, or every notebooks/*.ipynb, on the dataset in \$FTKIT_DATASET (default: the bundled
examples/datasets/support-mix.jsonl). Then it saves that file into a fresh SQLite database with ftkit's store
(notebooks/out/support-mix.db) and runs the notebooks named in \$FTKIT_SQLITE_NOTEBOOKS (default:
03-quality; "none" skips it) again reading the database, as NAME-sqlite; and 03-quality once more on
examples/datasets/needs-fixing.jsonl, as 03-quality-needs-fixing (FTKIT_MISTAKES_RUN=no skips it); and 03-quality
on the database that \`curate --db\` wrote from needs-fixing.jsonl (notebooks/out/needs-fixing-curated.db), as
03-quality-curated, checked to show the figures of curate's stored report (FTKIT_CURATED_RUN=no skips it).
Output: notebooks/out/NAME.ipynb and NAME.html (NAME-sqlite.* for the database runs).
Environment: FTKIT_DATASET (JSONL file), FTKIT_CELL_TIMEOUT (seconds per cell, default 120),
FTKIT_SQLITE_NOTEBOOKS (space-separated notebook names), FTKIT_TARGET, FTKIT_TOKEN_LIMIT.

Exit codes: 0 all notebooks passed, 1 a notebook failed, 2 usage error (no notebooks, missing dataset).
USAGE
}
case "${1:-}" in -h|--help) usage; exit 0 ;; esac

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out="$root/notebooks/out"
mkdir -p "$out"
log() { echo "run-all: $*" >&2; }

notebooks=()
if [ "$#" -gt 0 ]; then
  for nb in "$@"; do
    [ -f "$nb" ] && [[ "$nb" == *.ipynb ]] || { log "not a notebook file: $nb"; exit 2; }
    notebooks+=("$(cd "$(dirname "$nb")" && pwd)/$(basename "$nb")")
  done
else
  shopt -s nullglob
  notebooks=("$root"/notebooks/*.ipynb)
  shopt -u nullglob
  # an empty run must not pass as a green one
  [ "${#notebooks[@]}" -gt 0 ] || { log "no notebooks found in $root/notebooks"; exit 2; }
fi

dataset="${FTKIT_DATASET:-$root/examples/datasets/support-mix.jsonl}"
[ -f "$dataset" ] || { log "dataset not found: $dataset (set FTKIT_DATASET)"; exit 2; }
FTKIT_DATASET="$(cd "$(dirname "$dataset")" && pwd)/$(basename "$dataset")"
export FTKIT_DATASET
# run-all decides where data comes from: a database left in the caller's environment must not leak in
unset FTKIT_DB FTKIT_DATASET_ID

# The checker is tested first: a checker that passes everything would make every run green.
(cd "$root/notebooks" && PYTHONDONTWRITEBYTECODE=1 /usr/bin/python3 -m unittest -q test_check_outputs 2>"$out/checker-test.log") \
  || { cat "$out/checker-test.log" >&2; log "check_outputs.py failed its own tests"; exit 1; }
rm -f "$out/checker-test.log"

"$root/notebooks/install-kernel.sh"
export JUPYTER_PATH="$root/notebooks/.jupyter/share/jupyter${JUPYTER_PATH:+:$JUPYTER_PATH}"

failed=()
runs=0
# run_notebook NOTEBOOK OUTPUT_NAME [TEXT]: executes it with the current environment and checks its outputs
# (and that TEXT appears in them, e.g. proof that it read the database; check_args are passed to check_outputs.py).
check_args=()
run_notebook() {
  local nb=$1 name=$2 expect=${3:-} seconds started
  runs=$((runs + 1))
  log "$name: executing on ${FTKIT_DB:+SQLite $FTKIT_DB, not }$FTKIT_DATASET"
  started=$(date +%s%N)
  rm -f "$out/$name.ipynb" "$out/$name.html"
  # allow_errors keeps going after a failing cell, so the HTML shows the error; the check below fails the run.
  if ! /usr/bin/jupyter nbconvert --to notebook --execute \
      --ExecutePreprocessor.kernel_name=ftkit-java \
      --ExecutePreprocessor.timeout="${FTKIT_CELL_TIMEOUT:-120}" \
      --ExecutePreprocessor.startup_timeout=60 \
      --ExecutePreprocessor.allow_errors=True \
      --output-dir "$out" --output "$name" "$nb" >"$out/$name.log" 2>&1; then
    log "$name: execution failed (kernel died, timed out or nbconvert error); last lines of $out/$name.log:"
    tail -n 20 "$out/$name.log" >&2
    failed+=("$name")
    return
  fi
  seconds=$(( ($(date +%s%N) - started) / 1000000 ))
  /usr/bin/jupyter nbconvert --to html --output-dir "$out" --output "$name" "$out/$name.ipynb" >>"$out/$name.log" 2>&1 \
    || { log "$name: HTML conversion failed, see $out/$name.log"; failed+=("$name"); return; }
  grep -q 'data:image/png;base64' "$out/$name.html" \
    || { log "$name: $out/$name.html has no embedded PNG image"; failed+=("$name"); return; }
  if [ -n "$expect" ] && ! grep -qF "$expect" "$out/$name.ipynb"; then
    log "$name: its outputs do not mention \"$expect\""; failed+=("$name"); return
  fi
  if PYTHONDONTWRITEBYTECODE=1 /usr/bin/python3 "$root/notebooks/check_outputs.py" ${check_args[@]+"${check_args[@]}"} "$out/$name.ipynb"; then
    log "$name: passed in $(awk "BEGIN{printf \"%.1f\", $seconds/1000}") s -> $out/$name.html"
  else
    failed+=("$name")
  fi
}

for nb in "${notebooks[@]}"; do
  run_notebook "$nb" "$(basename "$nb" .ipynb)"
done

# The same notebooks must work on the database: save the dataset with ftkit's store into a fresh SQLite file
# and run the chosen notebooks again, reading it (FTKIT_DB wins over FTKIT_DATASET in the notebooks).
sqlite_names=${FTKIT_SQLITE_NOTEBOOKS-03-quality}
if [ "$sqlite_names" != "none" ] && [ -n "$sqlite_names" ]; then
  db="$out/$(basename "$FTKIT_DATASET" .jsonl).db"
  rm -f "$db"
  java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
  if "$java_bin" -cp "$root/lib/target/classes:$root/lib/target/dependency/*" "$root/notebooks/ImportToSqlite.java" \
      "$FTKIT_DATASET" "$db" "$(basename "$FTKIT_DATASET" .jsonl)"; then
    for name in $sqlite_names; do
      nb=""
      for candidate in "${notebooks[@]}"; do [ "$(basename "$candidate" .ipynb)" = "$name" ] && nb=$candidate; done
      # only the notebooks of this run: "run-all.sh 01-….ipynb" does not also run 03 on the database
      [ -n "$nb" ] || continue
      FTKIT_DB="$db" run_notebook "$nb" "$name-sqlite" "in SQLite $db"
    done
  else
    log "could not save $FTKIT_DATASET into $db"
    failed+=("sqlite-import")
  fi
fi

# The quality notebook on the bundled file of typical mistakes (a duplicate, an empty answer, two user turns in a
# row, a broken line): its duplicate, irregular and short-answer tables must render with rows, not only sentences.
mistakes="$root/examples/datasets/needs-fixing.jsonl"
if [ "${FTKIT_MISTAKES_RUN:-yes}" != "no" ] && [ -f "$mistakes" ]; then
  for candidate in "${notebooks[@]}"; do
    if [ "$(basename "$candidate" .ipynb)" = "03-quality" ]; then
      FTKIT_DATASET="$mistakes" run_notebook "$candidate" "03-quality-needs-fixing" "irregular conversations"
    fi
  done
fi

# The quality notebook on a dataset written by curate --db: its "Curate report" section must show the report curate
# stored with the dataset. curate runs with a drop list other than its default (no-answer too) and with embeddings
# (--semantic: semantic duplicates, off-topic check), which the notebook's own analysis has neither of, so the
# tables can only show those figures if they show the stored report; the expected rows come from curate's --report.
curated_db="$out/needs-fixing-curated.db"
if [ "${FTKIT_CURATED_RUN:-yes}" != "no" ] && [ -f "$mistakes" ]; then
  for candidate in "${notebooks[@]}"; do
    [ "$(basename "$candidate" .ipynb)" = "03-quality" ] || continue
    rm -f "$curated_db" "$out/needs-fixing-curated.jsonl" "$out/needs-fixing-curated.report.json"
    java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
    # the curate script itself, on the kernel's classpath (exit 3: needs-fixing.jsonl has an unreadable line)
    status=0
    (cd "$root" && "$java_bin" -cp "$root/lib/target/classes:$root/lib/target/dependency/*" scripts/curate.java "$mistakes" \
        --semantic --drop exact,near,no-answer -o "$out/needs-fixing-curated.jsonl" --report "$out/needs-fixing-curated.report.json" \
        --db "$curated_db" --dataset-name "needs-fixing curated") >"$out/needs-fixing-curated.curate.log" 2>&1 || status=$?
    if [ "$status" -ne 0 ] && [ "$status" -ne 3 ]; then
      log "curate --db failed (exit $status), see $out/needs-fixing-curated.curate.log"; failed+=("curate-db"); break
    fi
    # every check's flagged/removed counts, the first exact cluster and the removed count, as curate reported them
    mapfile -t expected < <(/usr/bin/python3 - "$out/needs-fixing-curated.report.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
c = r["counts"]
rows = [["curate run", "removed", c["removed"]]]
for code in sorted(set(c["flagged_by_check"]) | set(c["removed_by_reason"])):
    rows.append(["checks: samples flagged and removed", code, c["flagged_by_check"].get(code, 0), c["removed_by_reason"].get(code, 0)])
s = r["semantic_duplicates"]
rows.append(["curate run", "semantic duplicates", f'{s["duplicates"]} in {s["clusters"]} clusters'])
for cl in r["exact_duplicates"]["listed"][:1]:
    rows.append(["exact duplicates", 1, "kept", cl["kept_line"]])
    rows.append(["exact duplicates", 1, "duplicate", cl["members"][0]["line"]])
for row in rows:
    print(json.dumps(row))
PY
)
    [ "${#expected[@]}" -ge 3 ] || { log "no expected rows from $out/needs-fixing-curated.report.json"; failed+=("curate-db"); break; }
    check_args=()
    for row in "${expected[@]}"; do check_args+=(--expect-row "$row"); done
    log "03-quality-curated: expecting rows ${expected[*]}"
    FTKIT_DB="$curated_db" run_notebook "$candidate" "03-quality-curated" "Stored curate report of dataset"
    check_args=()
  done
fi

if [ "${#failed[@]}" -gt 0 ]; then
  log "FAILED: ${failed[*]}"
  exit 1
fi
log "all $runs notebook run(s) passed"
