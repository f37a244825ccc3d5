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
standard library has no ISO 3166 table); a row whose `Recipient ISO-3` is
blank is counted under the country its record gives for its `Recipient`
name (the importer's inference), and a row whose record has no country is
not counted. A commitment date that is not a date (YYYY-MM-DD or
MM/DD/YYYY) counts under `Commitment Year`, as the importer records it.
The import's `.accord-import` must list every record file it wrote, with its
SHA-256, and nothing else (what `--force` relies on).
"""

def commitment_year(r):
    raw = r["Commitment Date (MM/DD/YYYY)"].strip().split(" ")[0]
    for form in ("%Y-%m-%d", "%m/%d/%Y"):
        try:
            return str(datetime.datetime.strptime(raw, form).year)
        except ValueError:
            pass
    return r["Commitment Year"].strip().split(".")[0]

def country_key(r):
    code = r["Recipient ISO-3"].strip()
    return code if code else "name:" + r["Recipient"].strip()
import csv, datetime, hashlib, html, json, os, re, sys
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
    countries[country_key(r)] += 1
    codes[r["Sector Code"].strip()] += 1
    years[commitment_year(r)] += 1

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
        alpha2[country_key(r)] = (p.get("value") or p)["country"]
listed = {m[0]: int(m[1]) for m in re.findall(r"^([A-Z]{2}) .*, (\d+) collaborations?$", open(regions).read(), re.M)}
per_country = Counter()
for key, n in countries.items():
    if key in alpha2:
        per_country[alpha2[key]] += n
for a2, n in per_country.items():
    if listed.get(a2) != n:
        keys = ", ".join(k for k in countries if alpha2.get(k) == a2)
        failures.append(f"country {a2} ({keys}): CSV {n}, accord list {listed.get(a2)}")

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

listed = {}
with open(os.path.join(records, ".accord-import"), encoding="utf-8") as f:
    for line in f:
        if not line.startswith("#"):
            digest, _, path = line.rstrip("\n").partition("  ")
            listed[path] = digest
found = {}
for sub in ("agreements", "parties", "sources"):
    for name in os.listdir(os.path.join(records, sub)):
        with open(os.path.join(records, sub, name), "rb") as f:
            found[f"{sub}/{name}"] = hashlib.sha256(f.read()).hexdigest()
for path in sorted(found.keys() | listed.keys()):
    if found.get(path) != listed.get(path):
        failures.append(f".accord-import: {path} listed {listed.get(path)}, on disk {found.get(path)}")

for f in failures:
    print("FAIL", f)
print(f"{len(rows)} projects; {len(committed)} currencies committed, {len(adjusted)} adjusted; "
      f"{len(countries)} countries, {len(codes)} sectors, {len(years)} years, {len(found)} listed files checked")
sys.exit(1 if failures else 0)
