"""Reads an `accord export` back with the tools analysts use, and checks it
against the JSON Lines export of the same data.

    python3 check-export.py DATA.xlsx CSV_FOLDER RECORDS.jsonl

- every sheet of the workbook (openpyxl and pandas) and every CSV file
  (pandas) has the documented columns (the README sheet's) and the same
  rows as each other;
- the row counts of the tables follow from the records: one agreement row
  per agreement, one participant row per role, one sector row per sector,
  one amount row per value and amount, one citation row per supported
  field, one mark per fact marked inferred or outside knowledge (counted
  here by our own walk of the records), and so on;
- sample values (titles, kinds, figures, currencies, days, links) are the
  records' own.

Exits 1 with a message at the first difference.
"""

import datetime
import json
import sys
from decimal import Decimal
from pathlib import Path

import openpyxl
import pandas as pd


def fail(message):
    print(f"check-export: {message}")
    sys.exit(1)


def check(condition, message):
    if not condition:
        fail(message)


xlsx_path, csv_dir, jsonl_path = sys.argv[1], Path(sys.argv[2]), sys.argv[3]

records = {"agreement": [], "party": [], "person": [], "source": [], "occasion": []}
with open(jsonl_path, encoding="utf-8") as f:
    for line in f:
        (kind, record), = json.loads(line).items()
        records[kind].append(record)

# The documented columns, from the README sheet.
book = openpyxl.load_workbook(xlsx_path)
readme = book["README"]
documented = {}
for table, column, kind, _ in readme.iter_rows(min_row=2, values_only=True):
    if column is not None:
        documented.setdefault(table, []).append(column)
check(book.sheetnames == ["README"] + list(documented), f"sheets {book.sheetnames}")

# CSV files read with pandas, every value as text, empty cells as "".
frames = {}
for table, columns in documented.items():
    frame = pd.read_csv(csv_dir / f"{table}.csv", dtype=str, keep_default_na=False, encoding="utf-8")
    check(list(frame.columns) == columns, f"{table}.csv: columns {list(frame.columns)}")
    frames[table] = frame
    sheet = book[table]
    check(sheet.freeze_panes == "A2", f"{table}: header not frozen")
    check(sheet.auto_filter.ref is not None, f"{table}: no filter")
    header = [c.value for c in next(sheet.iter_rows(min_row=1, max_row=1))]
    check(header == columns, f"{table}: sheet header {header}")
    check(sheet.max_row - 1 == len(frame) or (len(frame) == 0 and sheet.max_row <= 1),
          f"{table}: {sheet.max_row - 1} sheet rows, {len(frame)} CSV rows")
    by_pandas = pd.read_excel(xlsx_path, sheet_name=table, engine="openpyxl")
    check(len(by_pandas) == len(frame), f"{table}: pandas reads {len(by_pandas)} sheet rows, CSV {len(frame)}")
    check(list(by_pandas.columns) == columns, f"{table}: pandas reads columns {list(by_pandas.columns)}")


def rows(table):
    return frames[table].to_dict("records")


agreements = records["agreement"]
expected = {
    "agreements": len(agreements),
    "parties": len(records["party"]),
    "people": len(records["person"]),
    "sources": len(records["source"]),
    "occasions": len(records["occasion"]),
    "participants": sum(1 if "role" in p else len(p["roles"]) for a in agreements for p in a["parties"]),
    "sectors": sum(len(a["sectors"]) for a in agreements),
    "places": sum(len(a.get("places", [])) + len(a.get("areas", [])) for a in agreements),
    "amounts": sum(("value" in a) + len(a.get("amounts", [])) for a in agreements),
    "targets": sum(len(a.get("targets", [])) for a in agreements),
    "dates": sum(len(a.get("dates", {})) + len(a.get("project_dates", {})) for a in agreements),
    "positions": sum(len(p["positions"]) for p in records["person"]),
    "owners": sum(len(p.get("owners", [])) for p in records["party"]),
    "identifiers": sum(len(p.get("identifiers", [])) for p in records["party"]),
    "involvements": sum(len(a.get("people", [])) for a in agreements),
}


def cited(record, path=()):
    """Citation rows of one record: one per supported field, or one."""
    n = 0
    for citation in record.get("sources", []):
        n += max(1, len(citation.get("supports", [])))
    for stage in record.get("stages", []):
        for citation in stage.get("sources", []):
            n += max(1, len(citation.get("supports", [])))
    for owner in record.get("owners", []):
        for citation in owner.get("sources", []):
            n += max(1, len(citation.get("supports", [])))
    return n


def marked(value):
    """Facts marked inferred or outside knowledge, anywhere in a record."""
    if isinstance(value, dict):
        here = int("inferred" in value or "outside_knowledge" in value)
        return here + sum(marked(v) for k, v in value.items() if k != "outside_knowledge")
    if isinstance(value, list):
        return sum(marked(v) for v in value)
    return 0


every = [r for kind in records.values() for r in kind]
expected["citations"] = sum(cited(r) for r in every if "sources" in r or "owners" in r)
expected["marks"] = sum(marked(r) for r in every)
for table, n in expected.items():
    check(len(frames[table]) == n, f"{table}: {len(frames[table])} rows, the records give {n}")

# Sample values: every agreement's title, kind and status, from the CSV and the sheet.
sheet_rows = list(book["agreements"].iter_rows(min_row=2, values_only=True))
columns = documented["agreements"]
for record, row, cells in zip(agreements, rows("agreements"), sheet_rows):
    for field in ["id", "title", "kind", "status"]:
        column = "agreement_id" if field == "id" else field
        check(row[column] == record[field], f"agreements.csv {column}: {row[column]!r} != {record[field]!r}")
        check(cells[columns.index(column)] == record[field], f"agreements sheet {column}: {cells[columns.index(column)]!r}")
    end = cells[columns.index("key_date_end")]
    if row["key_date_end"]:
        check(isinstance(end, datetime.datetime) and end.date().isoformat() == row["key_date_end"],
              f"{record['id']}: key_date_end {end!r} is not the day {row['key_date_end']}")

# Figures: each value and amount, exact in the CSV, as numbers in the sheet.
figures = []
for a in agreements:
    if "value" in a:
        figures.append((a["id"], a["value"]))
    figures.extend((a["id"], m) for m in a.get("amounts", []))
amount_sheet = list(book["amounts"].iter_rows(min_row=2, values_only=True))
amount_columns = documented["amounts"]
for (agreement, money), row, cells in zip(figures, rows("amounts"), amount_sheet):
    check(row["agreement_id"] == agreement, f"amounts: {row['agreement_id']} != {agreement}")
    check(Decimal(row["amount"]) == Decimal(str(money["amount"])), f"amounts.csv {agreement}: {row['amount']} != {money['amount']}")
    check(row["currency"] == money["currency"], f"amounts.csv {agreement}: {row['currency']}")
    number = cells[amount_columns.index("amount")]
    check(abs(Decimal(str(number)) - Decimal(str(money["amount"]))) <= abs(Decimal(str(money["amount"]))) * Decimal("1e-15"),
          f"amounts sheet {agreement}: {number}")

# Links: every web address in the sheets links to itself, exactly as the
# CSV writes it: a hyperlink, or (for an address with its own %-escapes) a
# HYPERLINK formula whose cached text pandas reads.
for table, column in [("parties", "website"), ("sources", "url")]:
    index = documented[table].index(column)
    by_pandas = pd.read_excel(xlsx_path, sheet_name=table, engine="openpyxl", dtype=str, keep_default_na=False)
    for row, csv_row, shown in zip(book[table].iter_rows(min_row=2), rows(table), by_pandas[column]):
        cell, address = row[index], csv_row[column]
        check(shown == address, f"{table}.{column}: pandas reads {shown!r}, the CSV {address!r}")
        if not address:
            continue
        formula = '=HYPERLINK("{0}","{0}")'.format(address.replace('"', '""'))
        target = None
        if cell.hyperlink is not None:
            # The part after `#` is the link's location; an empty one is the same page.
            location = cell.hyperlink.location
            target = (cell.hyperlink.target or "") + (f"#{location}" if location else "")
        check(target in (address, address.removesuffix("#")) or cell.value == formula,
              f"{table}.{column}: {address} is not a link to itself ({cell.value!r})")

print(f"check-export: {len(frames)} tables agree in XLSX (openpyxl, pandas), CSV (pandas) and JSON Lines; "
      + ", ".join(f"{t} {n}" for t, n in sorted(expected.items())))
