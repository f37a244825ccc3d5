#!/usr/bin/env python3
"""Generate m49.csv: ISO 3166-1 alpha-2 -> UN M49 region / sub-region / intermediate region.

Source package: hdx-python-country 4.2.5 (PyPI), licence MIT,
  (c) OCHA Centre for Humanitarian Data, https://github.com/OCHA-DAP/hdx-python-country
  Data file used: hdx/location/"Countries & Territories Taxonomy MVP - C&T Taxonomy.csv"
  (OCHA's Countries & Territories taxonomy, whose M49 code / region columns follow the
  UNSD "Standard country or area codes for statistical use (M49)" table).
  Nothing is typed by hand here: every value comes from that CSV.

How to rerun (from the repository root; no network needed beyond PyPI):
  Either read the data straight from the wheel, without installing anything:
    pip download --no-deps hdx-python-country==4.2.5 -d /tmp/hdxwheel
    python3 model/data/gen_m49.py /tmp/hdxwheel/hdx_python_country-4.2.5-py3-none-any.whl
  or install the package (its dependencies are not needed) and let the script find it:
    pip install --no-deps hdx-python-country==4.2.5
    python3 model/data/gen_m49.py
  The output is written to model/data/m49.csv (next to this script); pass -o PATH to change it.
  A path to the extracted taxonomy CSV itself is also accepted as the argument.

Selection and known quirks of the source (see the report in the commit that added this):
  * One row per entry that has both an ISO 3166-1 alpha-2 code and an M49 numeric code
    (deprecated codes such as AN and non-ISO codes such as XK / Kosovo are skipped,
    as are rows without an alpha-2 code: Sark 680, Channel Islands, Azores, ...).
  * AQ (Antarctica, 010) has an M49 code but no region in M49: its region columns are empty.
  * TW (158) is not in UNSD's published M49 list; OCHA's taxonomy places it in
    Asia (142) / Eastern Asia (030), and that is kept.
  * GG / JE carry the intermediate region Channel Islands (830), as in UNSD's table.
"""
import argparse
import csv
import io
import os
import sys
import zipfile

PACKAGE = "hdx-python-country"
EXPECTED_VERSION = "4.2.5"
DATA_NAME = "Countries & Territories Taxonomy MVP - C&T Taxonomy.csv"
HEADER = [
    "alpha2", "m49_country",
    "region_code", "region_name",
    "subregion_code", "subregion_name",
    "intermediate_code", "intermediate_name",
]


def load_source(arg):
    """Return (csv text, version string) from a wheel, a CSV path, or the installed package."""
    if arg and arg.endswith(".whl"):
        with zipfile.ZipFile(arg) as z:
            name = next(n for n in z.namelist() if n.endswith("/" + DATA_NAME))
            text = z.read(name).decode("utf-8-sig")
            meta = next(n for n in z.namelist() if n.endswith(".dist-info/METADATA"))
            version = next(l.split(":", 1)[1].strip()
                           for l in z.read(meta).decode().splitlines() if l.startswith("Version:"))
        return text, version
    if arg:
        with open(arg, encoding="utf-8-sig") as f:
            return f.read(), "unknown (CSV given directly)"
    from importlib import metadata
    dist = metadata.distribution(PACKAGE)
    path = next(p for p in dist.files if p.name == DATA_NAME)
    with open(dist.locate_file(path), encoding="utf-8-sig") as f:
        return f.read(), dist.version


def code3(s):
    s = s.strip()
    if not s:
        return ""
    if not s.isdigit() or len(s) > 3:
        raise ValueError(f"not an M49 code: {s!r}")
    return s.zfill(3)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("source", nargs="?", help="hdx-python-country wheel or taxonomy CSV")
    ap.add_argument("-o", "--output",
                    default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "m49.csv"))
    args = ap.parse_args()

    text, version = load_source(args.source)
    if version != EXPECTED_VERSION:
        print(f"warning: {PACKAGE} {version}, header documents {EXPECTED_VERSION}", file=sys.stderr)

    rows = {}
    names = {}  # code -> name, to check each region code has one name
    for r in csv.DictReader(io.StringIO(text)):
        a2 = r["ISO 3166-1 Alpha 2-Codes"].strip()
        m49 = code3(r["m49 numerical code"])
        if not a2 or not m49 or r["Deprecated"].strip() == "Y":
            continue
        if len(a2) != 2 or not a2.isalpha() or not a2.isupper():
            raise ValueError(f"bad alpha-2 {a2!r}")
        if a2 in rows:
            raise ValueError(f"duplicate alpha-2 {a2}")
        out = [a2, m49]
        for c, n in (("Region Code", "Region Name"),
                     ("Sub-region Code", "Sub-region Name"),
                     ("Intermediate Region Code", "Intermediate Region Name")):
            code, name = code3(r[c]), r[n].strip()
            if bool(code) != bool(name):
                raise ValueError(f"{a2}: {c}={code!r} but {n}={name!r}")
            if code and names.setdefault(code, name) != name:
                raise ValueError(f"code {code} named both {names[code]!r} and {name!r}")
            out += [code, name]
        if out[2] and not out[4]:
            raise ValueError(f"{a2}: region without sub-region")
        rows[a2] = out

    with open(args.output, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(HEADER)
        for a2 in sorted(rows):
            w.writerow(rows[a2])
    print(f"{PACKAGE} {version}: wrote {len(rows)} rows to {args.output}", file=sys.stderr)


if __name__ == "__main__":
    main()
