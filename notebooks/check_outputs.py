"""Checks executed notebooks: fails on a cell error, an unexecuted code cell, a notebook without a PNG image,
or an HTML table without data cells (<td>). Run with Debian's Python: /usr/bin/python3 check_outputs.py NB...
Exit codes: 0 all good, 1 a check failed, 2 usage or unreadable notebook."""
import base64
import json
import re
import sys

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*m")


def joined(value):
    return "".join(value) if isinstance(value, list) else (value or "")


def check(path):
    """Returns the list of problems found in one executed notebook."""
    with open(path, encoding="utf-8") as f:
        notebook = json.load(f)
    problems = []
    images = 0
    tables = 0
    code_cells = 0
    for index, cell in enumerate(notebook.get("cells", []), start=1):
        if cell.get("cell_type") != "code":
            continue
        code_cells += 1
        where = f"{path}: cell {index}"
        if cell.get("execution_count") is None and joined(cell.get("source")).strip():
            problems.append(f"{where}: not executed")
        for output in cell.get("outputs", []):
            kind = output.get("output_type")
            if kind == "error":
                # IJava leaves evalue empty for compile errors; the traceback holds the compiler's message
                detail = output.get("evalue") or " | ".join(
                    line for line in (ANSI_ESCAPE.sub("", t).strip() for t in output.get("traceback", [])) if line)
                problems.append(f"{where}: {output.get('ename', 'error')}: {detail[:500]}")
                continue
            data = output.get("data", {})
            if "image/png" in data:
                png = base64.b64decode(joined(data["image/png"]))
                if png.startswith(PNG_SIGNATURE) and len(png) > 1000:
                    images += 1
                else:
                    problems.append(f"{where}: image/png output is not a PNG image ({len(png)} bytes)")
            html = joined(data.get("text/html"))
            if "<table" in html:
                tables += 1
                if "<td" not in html:
                    problems.append(f"{where}: HTML table without data cells")
    if code_cells == 0:
        problems.append(f"{path}: no code cells")
    if images == 0:
        problems.append(f"{path}: no image/png output")
    if tables == 0:
        problems.append(f"{path}: no HTML table output")
    return problems, images, tables


def main(paths):
    if not paths:
        print("usage: check_outputs.py EXECUTED.ipynb...", file=sys.stderr)
        return 2
    failed = False
    for path in paths:
        try:
            problems, images, tables = check(path)
        except (OSError, ValueError) as e:
            print(f"{path}: cannot read: {e}", file=sys.stderr)
            return 2
        for problem in problems:
            print(problem, file=sys.stderr)
        failed |= bool(problems)
        print(f"{path}: {'FAILED' if problems else 'ok'} ({images} images, {tables} tables)", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
