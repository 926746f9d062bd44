#!/usr/bin/env python3
"""Reads a spreadsheet back for the tests, with readers independent of ocop, and prints JSON on stdout.

    xlsx_read.py openpyxl FILE.xlsx   the active sheet through openpyxl: title, frozen pane, column widths, and every
                                      cell's value (dates as {"date": "yyyy-mm-dd"}), number format and boldness
    xlsx_read.py csv FILE.csv         the rows of a CSV file (UTF-8, with or without BOM) through Python's csv module
    xlsx_read.py soffice FILE.xlsx    LibreOffice headless converts the workbook to CSV (UTF-8, comma, formatted
                                      text as shown); the rows as above. Exit 3 when soffice is not installed.
"""

import csv
import datetime
import json
import os
import shutil
import subprocess
import sys
import tempfile


def read_openpyxl(path):
    import openpyxl

    book = openpyxl.load_workbook(path)
    sheet = book.active
    rows = []
    for row in sheet.iter_rows():
        cells = []
        for cell in row:
            value = cell.value
            if isinstance(value, datetime.datetime):
                value = {"date": value.date().isoformat()}
            elif isinstance(value, datetime.date):
                value = {"date": value.isoformat()}
            cells.append({"v": value, "fmt": cell.number_format, "bold": bool(cell.font is not None and cell.font.b)})
        rows.append(cells)
    widths = {key: dimension.width for key, dimension in sheet.column_dimensions.items()}
    return {"title": sheet.title, "freeze": sheet.freeze_panes, "rows": rows, "widths": widths}


def read_csv(path):
    with open(path, newline="", encoding="utf-8-sig") as handle:
        return list(csv.reader(handle))


def read_soffice(path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        print("soffice not installed", file=sys.stderr)
        sys.exit(3)
    with tempfile.TemporaryDirectory(prefix="ocop-lo-") as work:
        profile = os.path.join(work, "profile")
        # 44 = comma, 34 = double quote, 76 = UTF-8, 1 = start at row 1; "as shown" keeps the cells' formats.
        subprocess.run(
            [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
             'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true', "--outdir", work, path],
            check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=180)
        name = os.path.splitext(os.path.basename(path))[0] + ".csv"
        return read_csv(os.path.join(work, name))


def main():
    mode, path = sys.argv[1], sys.argv[2]
    result = {"openpyxl": read_openpyxl, "csv": read_csv, "soffice": read_soffice}[mode](path)
    print(json.dumps(result, ensure_ascii=False, default=str))


if __name__ == "__main__":
    main()
