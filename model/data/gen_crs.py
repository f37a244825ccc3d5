#!/usr/bin/env python3
"""Generate crs.csv: the OECD DAC CRS purpose codes (3-digit categories, 5-digit codes).

Source: the IATI Standard's non-embedded codelists "SectorCategory" (DAC 3 Digit Sector)
and "Sector" (DAC 5 Digit Sector, IATI sector vocabulary 1), which replicate the OECD DAC
CRS purpose codes (http://www.oecd.org/dac/stats/dacandcrscodelists.htm). They are kept in
the public repository IATI/IATI-Codelists-NonEmbedded, files xml/SectorCategory.xml and
xml/Sector.xml. IATI publishes its codelists under the Open Data Commons Public Domain
Dedication and License (PDDL); the codes themselves are the OECD's.

Only the English texts are read. Nothing is typed by hand here: every value comes from
those two files, except what is derived below.

How to rerun (from the repository root):
    python3 model/data/gen_crs.py PATH/TO/xml/SectorCategory.xml PATH/TO/xml/Sector.xml \
        --source "IATI/IATI-Codelists-NonEmbedded at commit ..."
The output is written to model/data/crs.csv (next to this script); -o PATH changes it.
The --source text is written into the CSV's header, so say which copy was read.

Derived columns:
  * parent: a 5-digit code's parent is its <category> (the first three digits when a
    withdrawn code has none); a 3-digit category's parent is the category ending in 0 with
    the same first two digits, when that exists and is another code (121 -> 120,
    331 -> 330); categories without one (120, 210, 600, 998 ...) are the top level.
  * label: the name without its roman-numeral numbering ("I.2.a. Health, general" ->
    "Health, general"), in sentence case (words after the first that are written as
    Title-case words are lowered; words in capitals such as NCDs stay); a name written
    in capitals (outside parentheses) is lowered except its first letter and what is in
    parentheses.
Rows are sorted by code as text (a 3-digit category sorts before its 5-digit codes).
"""
import argparse
import csv
import os
import re
import sys
import xml.etree.ElementTree as ET

HEADER = ["code", "parent", "name", "label", "status", "description"]
NUMBERING = re.compile(r"^[IVX]+(\.\d+)?(\.[a-z])?\.\s+")
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def english(element, path):
    """The English narrative under `path` (one without xml:lang), stripped, or ''."""
    node = element.find(path)
    if node is None:
        return ""
    for narrative in node.findall("narrative"):
        if narrative.get(XML_LANG) in (None, "en"):
            return " ".join((narrative.text or "").split())
    return ""


def read(path, digits):
    rows = {}
    root = ET.parse(path).getroot()
    for item in root.iter("codelist-item"):
        code = (item.findtext("code") or "").strip()
        if len(code) != digits or not code.isdigit():
            raise ValueError(f"{path}: not a {digits}-digit code: {code!r}")
        if code in rows:
            raise ValueError(f"{path}: {code} twice")
        rows[code] = {
            "code": code,
            "category": (item.findtext("category") or "").strip(),
            "name": english(item, "name"),
            "description": english(item, "description"),
            "status": item.get("status", "active"),
        }
        if not rows[code]["name"]:
            raise ValueError(f"{path}: {code} has no English name")
    return rows


def sentence_case(name):
    text = NUMBERING.sub("", name).strip()
    letters = [c for c in re.sub(r"\([^)]*\)", "", text) if c.isalpha()]
    if letters and all(c.isupper() for c in letters):
        parts = re.split(r"(\([^)]*\))", text)
        text = "".join(p if p.startswith("(") else p.lower() for p in parts)
        text = text[:1].upper() + text[1:]
        return re.sub(r"\s+", " ", text.replace("- ", "-"))
    out = []
    for i, word in enumerate(re.split(r"([ /])", text)):
        core = word.strip("()[],.;:")
        if i > 0 and len(core) > 1 and core[0].isupper() and core[1:].islower():
            word = word.replace(core, core[0].lower() + core[1:], 1)
        out.append(word)
    return "".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("categories", help="SectorCategory.xml")
    ap.add_argument("codes", help="Sector.xml")
    ap.add_argument("--source", required=True, help="which copy of the codelists was read")
    ap.add_argument("--note", action="append", default=[], help="a further header line")
    ap.add_argument("-o", "--output",
                    default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "crs.csv"))
    args = ap.parse_args()

    categories = read(args.categories, 3)
    codes = read(args.codes, 5)
    out = []
    for code, row in categories.items():
        group = code[:2] + "0"
        parent = group if group != code and group in categories else ""
        out.append((code, parent, row))
    for code, row in codes.items():
        parent = row["category"] or code[:3]
        if parent not in categories:
            raise ValueError(f"{code}: category {parent} is not in {args.categories}")
        out.append((code, parent, row))
    out.sort(key=lambda r: r[0])

    with open(args.output, "w", encoding="utf-8", newline="") as f:
        f.write("# OECD DAC CRS purpose codes, from the IATI codelists SectorCategory (DAC 3 Digit\n")
        f.write("# Sector) and Sector (DAC 5 Digit Sector, IATI sector vocabulary 1).\n")
        f.write(f"# Read from: {args.source}\n")
        for note in args.note:
            f.write(f"# {note}\n")
        f.write("# Licence: IATI codelists, Open Data Commons PDDL; codes and names (c) OECD DAC.\n")
        f.write("# Generated by model/data/gen_crs.py; do not edit by hand.\n")
        w = csv.writer(f, lineterminator="\n")
        w.writerow(HEADER)
        for code, parent, row in out:
            w.writerow([code, parent, row["name"], sentence_case(row["name"]),
                        row["status"], row["description"]])
    print(f"wrote {len(categories)} categories and {len(codes)} codes to {args.output}",
          file=sys.stderr)


if __name__ == "__main__":
    main()
