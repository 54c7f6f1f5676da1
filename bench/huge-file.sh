#!/usr/bin/env bash
# Bounded memory on a 200 MB file: extract must finish under a 256 MB heap, report the file as partial (exit 3)
# and keep the conversations it read before its --max-chars limit.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
{
  printf 'Q: Is the start of a huge file kept?\nA: Yes, up to the character limit.\n\n'
  # yes is stopped by SIGPIPE when head has enough: that is the intended end, not an error
  (yes 'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore.' || true) | head -c 200000000
  printf '\nQ: Is the end kept?\nA: No, it lies past the limit.\n'
} > "$work/huge.txt"
ls -l "$work/huge.txt" >&2
set +e
JAVA_TOOL_OPTIONS="-Xmx256m" /usr/bin/time -v "${JBANG:-$here/../jbang}" "$here/../scripts/extract.java" -q --report "$work/report.json" \
  --chunks "$work/chunks.jsonl" "$work/huge.txt" > "$work/samples.jsonl" 2> "$work/stderr.txt"
rc=$?
set -e
grep -E 'Maximum resident|Elapsed' "$work/stderr.txt" >&2 || true
echo "exit code: $rc (3 expected: the file is partial)" >&2
cat "$work/report.json" >&2
cat "$work/samples.jsonl"
