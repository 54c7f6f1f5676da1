"""Checks executed notebooks: fails on a cell error, an unexecuted code cell, a notebook without a PNG image,
or an HTML table without data cells (<td>). Run with Debian's Python: /usr/bin/python3 check_outputs.py NB...
--expect-row '["CAPTION", "CELL", ...]' (repeatable) also requires an HTML table whose caption contains CAPTION
and which has a row with those cell texts side by side: proof that a figure really reached the output.
Exit codes: 0 all good, 1 a check failed, 2 usage or unreadable notebook."""
import base64
import html.parser
import json
import re
import sys

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*m")


def joined(value):
    return "".join(value) if isinstance(value, list) else (value or "")


class TableCollector(html.parser.HTMLParser):
    """Collects every <table> of an HTML text: its caption and its rows of <td> texts (entities decoded)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tables = []
        self._text = None
        self._row = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append({"caption": "", "rows": []})
        elif tag in ("caption", "td") and self.tables:
            self._text = []
        elif tag == "tr" and self.tables:
            self._row = []

    def handle_endtag(self, tag):
        if tag == "caption" and self._text is not None:
            self.tables[-1]["caption"] = "".join(self._text).strip()
            self._text = None
        elif tag == "td" and self._text is not None:
            if self._row is not None:
                self._row.append("".join(self._text).strip())
            self._text = None
        elif tag == "tr" and self._row is not None:
            if self._row:
                self.tables[-1]["rows"].append(self._row)
            self._row = None

    def handle_data(self, data):
        if self._text is not None:
            self._text.append(data)


def has_row(tables, caption, cells):
    """Whether a table whose caption contains `caption` has a row holding `cells` side by side."""
    n = len(cells)
    for table in tables:
        if caption not in table["caption"]:
            continue
        for row in table["rows"]:
            if any(row[i:i + n] == cells for i in range(len(row) - n + 1)):
                return True
    return False


def check(path, expected_rows=()):
    """Returns the list of problems found in one executed notebook; expected_rows: [caption, cell, ...] lists."""
    with open(path, encoding="utf-8") as f:
        notebook = json.load(f)
    problems = []
    images = 0
    tables = 0
    collector = TableCollector()
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
                collector.feed(html)
                if "<td" not in html:
                    problems.append(f"{where}: HTML table without data cells")
    if code_cells == 0:
        problems.append(f"{path}: no code cells")
    if images == 0:
        problems.append(f"{path}: no image/png output")
    if tables == 0:
        problems.append(f"{path}: no HTML table output")
    for expected in expected_rows:
        caption, cells = expected[0], [str(c) for c in expected[1:]]
        if not has_row(collector.tables, caption, cells):
            captions = [t["caption"] for t in collector.tables if caption in t["caption"]]
            problems.append(f"{path}: no table captioned '{caption}' has a row with {cells}"
                            + (f" (tables with that caption: {len(captions)})" if captions else " (no table has that caption)"))
    return problems, images, tables


def main(args):
    paths, expected_rows = [], []
    args = list(args)
    while args:
        arg = args.pop(0)
        if arg == "--expect-row":
            try:
                row = json.loads(args.pop(0)) if args else None
            except ValueError:
                row = None
            if not (isinstance(row, list) and len(row) >= 2 and all(isinstance(c, (str, int, float)) for c in row)):
                print("check_outputs.py: --expect-row needs a JSON array: [\"CAPTION\", \"CELL\", ...]", file=sys.stderr)
                return 2
            expected_rows.append(row)
        else:
            paths.append(arg)
    if not paths:
        print("usage: check_outputs.py [--expect-row JSON]... EXECUTED.ipynb...", file=sys.stderr)
        return 2
    failed = False
    for path in paths:
        try:
            problems, images, tables = check(path, expected_rows)
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
