#!/usr/bin/env python3
"""Checks a briefing of imported GCDF records against the CSV it came from.

usage: check-gcdf-import.py PROJECTS.csv RECORDS_DIR BRIEFING.html LIST_REGIONS.txt LIST_SECTORS.txt

The expected figures are computed here from the CSV alone, with Python's csv
module: per currency, the sum of `Amount (Original Currency)` over all rows
(committed) and of `Adjusted Amount (Original Currency)` over the rows
recommended for aggregates (AidData's basis); the number of projects per
recipient country, per CRS sector code and per commitment year. They are
compared with what Accord prints: the briefing's `Committed:` and `Adjusted:`
total lines and its counts by year (the timeline's text alternative; HTML,
tags stripped), and the counts of
`accord list regions` and `accord list sectors` on the records. Only the
alpha-3 to alpha-2 mapping of each project is read from its record (Python's
standard library has no ISO 3166 table).
"""
import csv, html, json, re, sys
from collections import Counter, defaultdict
from decimal import Decimal

projects, records, briefing, regions, sectors = sys.argv[1:6]
with open(projects, encoding="utf-8-sig", newline="") as f:
    rows = list(csv.DictReader(f))
committed, adjusted = defaultdict(Decimal), defaultdict(Decimal)
countries, codes, years = Counter(), Counter(), Counter()
for r in rows:
    cur = r["Original Currency"].strip()
    if r["Amount (Original Currency)"].strip():
        committed[cur] += Decimal(r["Amount (Original Currency)"])
    if r["Recommended For Aggregates"].strip().lower() != "no" and r["Adjusted Amount (Original Currency)"].strip():
        adjusted[cur] += Decimal(r["Adjusted Amount (Original Currency)"])
    countries[r["Recipient ISO-3"].strip()] += 1
    codes[r["Sector Code"].strip()] += 1
    years[(r["Commitment Date (MM/DD/YYYY)"].strip() or r["Commitment Year"])[:4]] += 1

text = open(briefing, encoding="utf-8").read()
text = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", text)))
failures = []
def number(d):
    d = d.normalize()
    whole, _, frac = f"{d:f}".partition(".")
    return f"{int(whole):,}" + (f".{frac}" if frac else "")
for kind, sums in (("Committed", committed), ("Adjusted", adjusted)):
    shown = dict((c, n) for n, c in re.findall(kind + r": ([\d,.]+) ([A-Z]{3}), from", text))
    for cur, total in sorted(sums.items()):
        if shown.get(cur) != number(total):
            failures.append(f"{kind} {cur}: CSV {number(total)}, briefing {shown.get(cur)}")
    for cur in shown.keys() - sums.keys():
        failures.append(f"{kind} {cur}: in the briefing only")

alpha2 = {}
for r in rows:
    with open(f"{records}/agreements/aiddata-{int(float(r['AidData Record ID']))}.json", encoding="utf-8") as f:
        a = json.load(f)["agreement"]
    for p in a.get("places", []):
        alpha2[r["Recipient ISO-3"].strip()] = (p.get("value") or p)["country"]
listed = {m[0]: int(m[1]) for m in re.findall(r"^([A-Z]{2}) .*, (\d+) collaborations?$", open(regions).read(), re.M)}
for iso3, n in countries.items():
    if listed.get(alpha2.get(iso3)) != n:
        failures.append(f"country {iso3}: CSV {n}, accord list {listed.get(alpha2.get(iso3))}")

by_code = {m[0]: int(m[1]) for m in re.findall(r"^\s*(\d{3,5}) .*, (\d+) collaborations?$", open(sectors).read(), re.M)}
def within(code, row_code):
    if row_code == code:
        return True
    return len(code) == 3 and (row_code.startswith(code) or (code.endswith("0") and row_code[:2] == code[:2]))
for code in codes:
    want = sum(n for c, n in codes.items() if within(code, c))
    if by_code.get(code) != want:
        failures.append(f"sector {code}: CSV {want}, accord list {by_code.get(code)}")

# The counts by year: the timeline's text alternative ("By year: 2018: 3; …")
# and, when the timeline groups many collaborations, the chart by year.
chart = text[text.find("By year:"):]
bars = {y: int(n) for y, n in re.findall(r"\b(\d{4}): (\d+)[;.]", chart[:4000])}
for y, n in years.items():
    if bars.get(y) != n:
        failures.append(f"year {y}: CSV {n}, briefing {bars.get(y)}")

for f in failures:
    print("FAIL", f)
print(f"{len(rows)} projects; {len(committed)} currencies committed, {len(adjusted)} adjusted; "
      f"{len(countries)} countries, {len(codes)} sectors, {len(years)} years checked")
sys.exit(1 if failures else 0)
