"""Tests of check_outputs.py on executed notebooks written here (no kernel needed; runs in a second).
Run: /usr/bin/python3 -m unittest notebooks/test_check_outputs.py  (run-all.sh runs it first)."""
import base64
import json
import os
import struct
import tempfile
import unittest
import zlib

import check_outputs


def png(width=40, height=30):
    """A real PNG: half white, half blue."""
    rows = b"".join(b"\x00" + b"".join(b"\xff\xff\xff" if x < width // 2 else b"\x00\x00\xff" for x in range(width))
                    for _ in range(height))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


IMAGE = {"output_type": "execute_result", "execution_count": 1, "metadata": {},
         "data": {"image/png": base64.b64encode(png(400, 300)).decode(), "text/plain": ["BufferedImage"]}}
TABLE = {"output_type": "execute_result", "execution_count": 1, "metadata": {},
         "data": {"text/html": ["<table><thead><tr><th>n</th></tr></thead>", "<tbody><tr><td>3</td></tr></tbody></table>"],
                  "text/plain": ["n 3"]}}


def cell(*outputs, count=1, source="x"):
    return {"cell_type": "code", "execution_count": count, "metadata": {}, "source": source, "outputs": list(outputs)}


class CheckOutputsTest(unittest.TestCase):
    def check(self, *cells):
        notebook = {"nbformat": 4, "nbformat_minor": 5, "metadata": {},
                    "cells": [{"cell_type": "markdown", "metadata": {}, "source": "# t"}] + list(cells)}
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "nb.ipynb")
            with open(path, "w") as f:
                json.dump(notebook, f)
            problems, images, tables = check_outputs.check(path)
        return problems, images, tables

    def test_a_notebook_with_an_image_and_a_filled_table_passes(self):
        self.assertEqual(([], 1, 1), self.check(cell(TABLE), cell(IMAGE)))

    def test_a_runtime_error_fails_with_its_message(self):
        error = {"output_type": "error", "ename": "EvalException", "evalue": "data.jsonl: no such file", "traceback": []}
        problems, _, _ = self.check(cell(TABLE), cell(IMAGE), cell(error))
        self.assertEqual(1, len(problems))
        self.assertIn("cell 4: EvalException: data.jsonl: no such file", problems[0])

    def test_a_compile_error_fails_with_the_compiler_message_from_the_traceback(self):
        error = {"output_type": "error", "ename": "CompilationException", "evalue": "",
                 "traceback": ["\x1b[1m\x1b[30m|   \x1b[1m\x1b[30mint x = \"a\";\x1b[0m",
                               "\x1b[1m\x1b[31mincompatible types\x1b[0m"]}
        problems, _, _ = self.check(cell(TABLE), cell(IMAGE), cell(error))
        self.assertEqual(["CompilationException: |   int x = \"a\"; | incompatible types"],
                         [p.split(": ", 2)[2] for p in problems])

    def test_no_image_fails(self):
        problems, images, _ = self.check(cell(TABLE))
        self.assertEqual(0, images)
        self.assertTrue(any("no image/png output" in p for p in problems), problems)

    def test_an_image_that_is_not_a_png_fails(self):
        broken = json.loads(json.dumps(IMAGE))
        broken["data"]["image/png"] = base64.b64encode(b"not a png").decode()
        problems, images, _ = self.check(cell(TABLE), cell(broken))
        self.assertEqual(0, images)
        self.assertTrue(any("not a PNG image" in p for p in problems), problems)

    def test_an_empty_table_fails(self):
        empty = json.loads(json.dumps(TABLE))
        empty["data"]["text/html"] = ["<table><thead><tr><th>n</th></tr></thead><tbody></tbody></table>"]
        problems, _, _ = self.check(cell(empty), cell(IMAGE))
        self.assertTrue(any("HTML table without data cells" in p for p in problems), problems)

    def test_no_html_table_fails(self):
        text_only = {"output_type": "execute_result", "execution_count": 1, "metadata": {}, "data": {"text/plain": ["t"]}}
        problems, _, tables = self.check(cell(text_only), cell(IMAGE))
        self.assertEqual(0, tables)
        self.assertTrue(any("no HTML table output" in p for p in problems), problems)

    def test_an_unexecuted_cell_fails(self):
        problems, _, _ = self.check(cell(TABLE), cell(IMAGE), cell(count=None, source="int y = 2;"))
        self.assertTrue(any("not executed" in p for p in problems), problems)

    def test_main_exits_1_on_failure_and_2_without_arguments(self):
        self.assertEqual(2, check_outputs.main([]))
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "empty.ipynb")
            with open(path, "w") as f:
                json.dump({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": []}, f)
            self.assertEqual(1, check_outputs.main([path]))

    CHECKS = {"output_type": "display_data", "metadata": {},
              "data": {"text/html": ["<table class=\"ftkit-table\">\n<caption>checks: samples flagged and removed</caption>\n",
                                     "<thead><tr><th>check</th><th>flagged</th><th>removed</th></tr></thead>\n<tbody>\n",
                                     "<tr><td>exact_duplicate</td><td>0</td><td>1</td></tr>\n",
                                     "<tr><td>no_answer</td><td>3</td><td>3</td></tr>\n</tbody>\n</table>\n"],
                       "text/plain": ["checks"]}}

    def check_rows(self, *expected):
        notebook = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [cell(self.CHECKS, count=1), cell(IMAGE)]}
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "nb.ipynb")
            with open(path, "w") as f:
                json.dump(notebook, f)
            return check_outputs.check(path, list(expected))[0]

    def test_an_expected_row_must_be_in_a_table_with_that_caption(self):
        self.assertEqual([], self.check_rows(["checks: samples", "no_answer", "3", "3"], ["checks", "exact_duplicate", 0, 1]))
        wrong_count = self.check_rows(["checks", "no_answer", "3", "0"])
        self.assertTrue(any("has a row with ['no_answer', '3', '0']" in p for p in wrong_count), wrong_count)
        wrong_caption = self.check_rows(["duplicate clusters", "no_answer", "3", "3"])
        self.assertTrue(any("no table has that caption" in p for p in wrong_caption), wrong_caption)
        # cells must be side by side in one row, not spread over two rows
        self.assertEqual(1, len(self.check_rows(["checks", "1", "no_answer"])))

    def test_main_reads_expected_rows_and_rejects_a_malformed_one(self):
        notebook = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [cell(self.CHECKS), cell(IMAGE)]}
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "nb.ipynb")
            with open(path, "w") as f:
                json.dump(notebook, f)
            self.assertEqual(0, check_outputs.main(["--expect-row", '["checks", "no_answer", "3", "3"]', path]))
            self.assertEqual(1, check_outputs.main(["--expect-row", '["checks", "no_answer", "9", "3"]', path]))
            self.assertEqual(2, check_outputs.main(["--expect-row", "no_answer", path]))
            self.assertEqual(2, check_outputs.main([path, "--expect-row"]))


if __name__ == "__main__":
    unittest.main()
