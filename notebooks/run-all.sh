#!/usr/bin/env bash
# Executes notebooks headless with the ftkit-java kernel, writes the executed notebooks and their HTML to
# notebooks/out/, and fails if any cell errored, a notebook shows no PNG image, or an HTML table is empty.
set -euo pipefail

usage() {
  cat <<USAGE
Usage: notebooks/run-all.sh [NOTEBOOK.ipynb...]

Runs the given notebooks, or every notebooks/*.ipynb, on the dataset in \$FTKIT_DATASET (default: the bundled
examples/datasets/java-helpdesk-chat.jsonl). Output: notebooks/out/NAME.ipynb and NAME.html.
Environment: FTKIT_DATASET (JSONL file), FTKIT_CELL_TIMEOUT (seconds per cell, default 120).

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

dataset="${FTKIT_DATASET:-$root/examples/datasets/java-helpdesk-chat.jsonl}"
[ -f "$dataset" ] || { log "dataset not found: $dataset (set FTKIT_DATASET)"; exit 2; }
FTKIT_DATASET="$(cd "$(dirname "$dataset")" && pwd)/$(basename "$dataset")"
export FTKIT_DATASET

# The checker is tested first: a checker that passes everything would make every run green.
(cd "$root/notebooks" && PYTHONDONTWRITEBYTECODE=1 /usr/bin/python3 -m unittest -q test_check_outputs 2>"$out/checker-test.log") \
  || { cat "$out/checker-test.log" >&2; log "check_outputs.py failed its own tests"; exit 1; }
rm -f "$out/checker-test.log"

"$root/notebooks/install-kernel.sh"
export JUPYTER_PATH="$root/notebooks/.jupyter/share/jupyter${JUPYTER_PATH:+:$JUPYTER_PATH}"

failed=()
for nb in "${notebooks[@]}"; do
  name=$(basename "$nb" .ipynb)
  log "$name: executing on $FTKIT_DATASET"
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
    continue
  fi
  seconds=$(( ($(date +%s%N) - started) / 1000000 ))
  /usr/bin/jupyter nbconvert --to html --output-dir "$out" --output "$name" "$out/$name.ipynb" >>"$out/$name.log" 2>&1 \
    || { log "$name: HTML conversion failed, see $out/$name.log"; failed+=("$name"); continue; }
  grep -q 'data:image/png;base64' "$out/$name.html" \
    || { log "$name: $out/$name.html has no embedded PNG image"; failed+=("$name"); continue; }
  if PYTHONDONTWRITEBYTECODE=1 /usr/bin/python3 "$root/notebooks/check_outputs.py" "$out/$name.ipynb"; then
    log "$name: passed in $(awk "BEGIN{printf \"%.1f\", $seconds/1000}") s -> $out/$name.html"
  else
    failed+=("$name")
  fi
done

if [ "${#failed[@]}" -gt 0 ]; then
  log "FAILED: ${failed[*]}"
  exit 1
fi
log "all ${#notebooks[@]} notebook(s) passed"
