#!/usr/bin/env bash
# Rebuilds support-mix.jsonl, the notebooks' default dataset, from the bundled examples: the 23 samples
# extract finds in examples/documents (source_file, locator, keywords) followed by the 50 train and validation
# samples templates renders from examples/labelled (split, strategy, tags). Run from anywhere; needs ./jbang.
# Exit codes: 0 written, 1 a step failed.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
./jbang extract@. examples/documents > "$work/extracted.jsonl"
./jbang templates@. --input examples/labelled/jsonl --template examples/labelled/support-tickets.yaml \
  --output-dir "$work/templates" 2>"$work/templates.log" || { cat "$work/templates.log" >&2; exit 1; }
cat "$work/extracted.jsonl" "$work/templates/train.jsonl" "$work/templates/validation.jsonl" > "$work/support-mix.jsonl"
mv "$work/support-mix.jsonl" examples/datasets/support-mix.jsonl
echo "examples/datasets/support-mix.jsonl: $(wc -l < examples/datasets/support-mix.jsonl) samples" >&2
