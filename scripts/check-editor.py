#!/usr/bin/env python3
"""Drives yaml-language-server as an editor does, over the fixtures and broken
copies of them, and checks the help the schema gives there.

    python3 scripts/check-editor.py SERVER ACCORD

SERVER is the path of yaml-language-server's executable (its `bin/` script
from npm), ACCORD the path of a built `accord` binary. Python 3 standard
library only; the LSP client is `scripts/lsp_client.py`. `.ci/run` installs
the server (pinned) and runs this. Checks, each printed as PASS or FAIL, with
what the server gave:

- no diagnostics on any fixture;
- hover on every key of every fixture gives that key's own description
  (never a type's, never a title over it);
- completion after `kind: ` lists every kind of agreement, and of party;
- completing the key `kind` or `status` writes it with its colon;
- completion after a reference key (`- source: `) offers no made-up id;
- a misspelt value: the quick fixes write only allowed values and include
  the nearest (the server lists them in the schema's order and cannot put
  the nearest first: the order is printed, not asserted);
- messages in words: a bad date gets the schema's sentence, not the pattern;
  `country: UK` a sentence, not the list of every code;
- the skeleton of each record kind parses, and with its placeholders filled
  validates with `accord validate`;
- on the usual mistakes the editor's position is `accord validate`'s.

Broken copies are opened in the editor at a fixture's path (its modeline's
relative schema path still leads to the schema) with the changed text, never
written over the fixture; the skeletons go to a temporary folder.
"""

import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from lsp_client import Client  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((ROOT / "schema/record.schema.json").read_text(encoding="utf-8"))
MODELINE = "# yaml-language-server: $schema=../../schema/record.schema.json\n"
AGREEMENT = ROOT / "fixtures/agreements/elekta-sinopharm-radiotherapy-jv.yaml"
PARTY = ROOT / "fixtures/parties/elekta.yaml"
PLAIN_PARTY = ROOT / "fixtures/parties/beijing-unitegen.yaml"
SOURCE_WITH_MONEY = ROOT / "fixtures/occasions/uk-prime-minister-china-visit-2018.yaml"
SOURCE = ROOT / "fixtures/sources/uk-china-healthcare-signings-2018.yaml"

failures = []


def check(name, ok, detail=""):
    print(("PASS" if ok else "FAIL"), name + (f": {detail}" if detail else ""))
    if not ok:
        failures.append(name)


def allowed(def_name):
    """The values a list of the schema allows (an `enum`, or a `oneOf` of constants)."""
    node = SCHEMA["$defs"][def_name]
    return node.get("enum") or [branch["const"] for branch in node.get("oneOf", []) if "const" in branch]


def key_descriptions():
    """Every property name with the descriptions it has anywhere in the schema."""
    found = {}

    def walk(node):
        if isinstance(node, dict):
            for key, prop in (node.get("properties") or {}).items():
                if isinstance(prop, dict) and "description" in prop:
                    found.setdefault(key, set()).add(prop.get("markdownDescription") or prop["description"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(SCHEMA)
    return found


def distance(a, b):
    """Levenshtein distance."""
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        previous, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (ca != cb))
    return row[-1]


def line_of(text, needle):
    for i, line in enumerate(text.split("\n")):
        if needle in line:
            return i, line.index(needle)
    raise ValueError(needle)


def fill_snippet(text, values):
    """A snippet's text with each tab stop replaced: by `values[default]`
    when given, else by its default (or its first choice)."""

    def stop(match):
        body = match.group(2)
        if body.startswith("|"):
            default = body.strip("|").split(",")[0]
        else:
            default = body[1:]
        return values.get(default, default)

    return re.sub(r"\$\{(\d+)((?::[^}]*)|(?:\|[^}]*\|))\}", stop, text)


def validate(accord, paths):
    """`accord validate --format json` on the paths: (exit code, diagnostics)."""
    done = subprocess.run(
        [accord, "validate", "--format", "json", *map(str, paths)],
        capture_output=True,
        text=True,
    )
    try:
        report = json.loads(done.stdout)
    except json.JSONDecodeError:
        return done.returncode, [{"message": done.stdout + done.stderr}]
    return done.returncode, report["diagnostics"]


def main():
    server, accord = sys.argv[1], str(Path(sys.argv[2]).resolve())
    client = Client(
        ["node", server, "--stdio"],
        ROOT,
        {"yaml": {"validate": True, "hover": True, "completion": True, "schemaStore": {"enable": False}}},
    )
    try:
        run(client, accord)
    finally:
        client.shutdown()
    print()
    if failures:
        print(f"{len(failures)} editor check(s) failed: {', '.join(failures)}")
        sys.exit(1)
    print("every editor check passed")


def run(client, accord):
    fixtures = sorted(p for p in (ROOT / "fixtures").rglob("*.yaml"))
    descriptions = key_descriptions()

    # 1. The fixtures: no diagnostics; every key's hover is its description.
    dirty, wrong, hovered = [], [], 0
    for path in fixtures:
        uri = client.open(path)
        diagnostics = client.wait_diagnostics(uri)
        if diagnostics:
            dirty.append(f"{path.relative_to(ROOT)}: {diagnostics[0]['message']}")
        for i, line in enumerate(path.read_text(encoding="utf-8").split("\n")):
            match = re.match(r"^(\s*(?:- )?)([a-z_]+):", line)
            if not match:
                continue
            key, column = match.group(2), len(match.group(1))
            hover = client.hover(uri, i, column + 1) or {}
            text = hover.get("contents", {}).get("value", "")
            own = re.split(r"\n\n(?:Allowed Values:|Example:|Source: )", text)[0].strip()
            hovered += 1
            if text.startswith("#") or own not in descriptions.get(key, ()):
                wrong.append(f"{path.relative_to(ROOT)}:{i + 1} `{key}` shows {own[:80]!r}")
        client.close(uri)
    check(f"no diagnostics on the {len(fixtures)} fixtures", not dirty, "; ".join(dirty[:3]))
    check(
        f"hover on each of the {hovered} keys of the fixtures gives the key's own description",
        not wrong,
        f"{len(wrong)} wrong, such as " + "; ".join(wrong[:5]) if wrong else "",
    )

    text = AGREEMENT.read_text(encoding="utf-8")

    # 2. Completion of values.
    for path, def_name in [(AGREEMENT, "AgreementKind"), (PARTY, "PartyKind")]:
        original = path.read_text(encoding="utf-8")
        line, _ = line_of(original, "  kind: ")
        lines = original.split("\n")
        lines[line] = "  kind: "
        uri = client.open(path, "\n".join(lines))
        labels = [item["label"] for item in client.completion(uri, line, len("  kind: "))]
        missing = [v for v in allowed(def_name) if v not in labels]
        check(
            f"completion after `kind: ` lists every {def_name} ({len(allowed(def_name))})",
            not missing,
            f"missing {missing}" if missing else "",
        )
        client.close(uri)

    # Completing a key whose values are a list writes the key with its colon.
    uri = client.open(AGREEMENT, text.replace("  kind: joint-venture\n  status: signed\n", "  \n", 1))
    line, _ = line_of(text, "  kind: joint-venture")
    inserts = {item["label"]: item.get("insertText", "") for item in client.completion(uri, line, 2)}
    check(
        "completing the keys `kind` and `status` writes them with their colon",
        inserts.get("kind", "").startswith("kind: ") and inserts.get("status", "").startswith("status: "),
        f"kind: {inserts.get('kind')!r}, status: {inserts.get('status')!r}",
    )
    client.close(uri)

    line, _ = line_of(text, "    - source: ")
    lines = text.split("\n")
    lines[line] = "    - source: "
    uri = client.open(AGREEMENT, "\n".join(lines))
    labels = [item["label"] for item in client.completion(uri, line, len("    - source: "))]
    check(
        "completion after `- source: ` offers no made-up id",
        not [label for label in labels if re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)+", label)],
        f"offered {labels}",
    )
    client.close(uri)

    # Known limit, measured: hovering a value from a long list shows every
    # allowed value (the one written first); the server has no way to show
    # only that one.
    for path, needle, what in [
        (AGREEMENT, "country: CN", "a country"),
        (ROOT / "fixtures/parties/beijing-unitegen.yaml", "value: CN-BJ", "a subdivision"),
    ]:
        original = path.read_text(encoding="utf-8")
        line, column = line_of(original, needle)
        uri = client.open(path)
        hover = (client.hover(uri, line, column + len(needle) - 1) or {}).get("contents", {}).get("value", "")
        client.close(uri)
        first = hover.split("Allowed Values:")[-1].strip().split("\n")[0]
        print(f"INFO hover on {what} ({needle}): {len(hover):,} characters, first listed {first!r}")

    # 3. Misspelt values: quick fixes, and the positions and messages.
    def broken(path, old, new):
        original = path.read_text(encoding="utf-8")
        assert old in original, (path, old)
        return original.replace(old, new, 1)

    for path, old, new, def_name in [
        (AGREEMENT, "kind: joint-venture", "kind: joint-ventur", "AgreementKind"),
        (AGREEMENT, "kind: joint-venture", "kind: fnd", "AgreementKind"),
        (AGREEMENT, "status: signed", "status: sined", "Status"),
        (AGREEMENT, "    - radiotherapy\n", "    - radiotherapie\n", "Sector"),
    ]:
        given = new.split()[-1]
        uri = client.open(path, broken(path, old, new))
        diagnostics = client.wait_diagnostics(uri)
        actions = client.code_actions(uri, diagnostics)
        offered = [
            # A quick fix writes YAML: `"12191"` for the string 12191.
            json.loads(edit["newText"]) if edit["newText"].startswith('"') else edit["newText"]
            for action in actions
            for edits in action.get("edit", {}).get("changes", {}).values()
            for edit in edits
        ]
        values = allowed(def_name)
        best = min(distance(given, v) for v in values)
        nearest = [v for v in values if distance(given, v) == best]
        outside = [v for v in offered if v not in values]
        where = [offered.index(v) + 1 for v in nearest if v in offered]
        check(
            f"quick fixes for `{given}` write only allowed values and include the nearest ({', '.join(nearest)})",
            bool(offered) and not outside and bool(where),
            f"{len(offered)} offered in the schema's order, the nearest at position {where}; "
            f"first offered: {offered[:3]}" + (f"; not allowed: {outside}" if outside else ""),
        )
        client.close(uri)

    # 4. The usual mistakes: the editor's position is accord validate's, and
    # messages are sentences.
    mistakes = [
        ("misspelt kind", AGREEMENT, "kind: joint-venture", "kind: joint-ventur"),
        ("misspelt key", AGREEMENT, "  title: ", "  titel: "),
        ("impossible date", AGREEMENT, 'value: "2023-03-14"', 'value: "2023-02-30"'),
        ("country as a name", PARTY, "value: SE", "value: UK"),
        ("id with capitals", PARTY, "id: elekta", "id: Elekta"),
        ("web address without a scheme", PARTY, "website: https://", "website: "),
        ("misspelt subdivision", PARTY, "value: SE-AB", "value: SE-XX"),
        ("misspelt currency", SOURCE_WITH_MONEY, "currency: unknown", "currency: RMB"),
        ("missing required key", PLAIN_PARTY, "  kind: company\n", ""),
    ]
    with tempfile.TemporaryDirectory() as folder:
        # A copy of the fixtures, so the broken file's references resolve.
        copies = Path(folder) / "fixtures"
        shutil.copytree(ROOT / "fixtures", copies)
        for name, path, old, new in mistakes:
            changed = broken(path, old, new)
            uri = client.open(path, changed)
            diagnostics = client.wait_diagnostics(uri)
            client.close(uri)
            copy = copies / path.relative_to(ROOT / "fixtures")
            copy.write_text(changed, encoding="utf-8")
            _, found = validate(accord, [copies])
            copy.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
            ours = [
                (d["span"]["start"]["line"] - 1, d["span"]["start"]["column"] - 1)
                for d in found
                if d.get("severity") == "error" and d.get("span") and d.get("file", "").endswith(str(path.relative_to(ROOT / "fixtures")))
            ]
            theirs = [(d["range"]["start"]["line"], d["range"]["start"]["character"]) for d in diagnostics]
            messages = [d["message"] for d in diagnostics]
            check(
                f"{name}: the editor's position is accord validate's",
                bool(ours) and bool(theirs) and set(ours) <= set(theirs),
                f"editor {theirs}, accord {ours}; editor says {messages[:1]}",
            )
            check(
                f"{name}: the editor's message is a sentence, not a pattern or a list of codes",
                bool(messages) and all(len(m) < 300 and "^" not in m and "Valid values" not in m for m in messages),
                f"{[m[:120] for m in messages]}",
            )

    # 5. Skeletons: offered in an empty file, parse, and once filled validate.
    skeleton_ids = {
        "agreement-id": "skeleton-agreement",
        "first-party-id": "elekta",
        "second-party-id": "sinopharm-group",
        "sector": "radiotherapy",
        "source-id": "elekta-sinopharm-jv-2023-03-14",
        "party-id": "skeleton-party",
        "person-id": "skeleton-person",
        "occasion-id": "skeleton-occasion",
    }
    uri = client.open(AGREEMENT, MODELINE + "\n")
    items = client.completion(uri, 1, 0)
    client.close(uri)
    with tempfile.TemporaryDirectory() as folder:
        for kind in ["agreement", "party", "person", "source", "occasion"]:
            # The skeleton (a snippet). The server also completes the key
            # itself with the keys a record requires; for an agreement that
            # leaves out `role` (required through a `oneOf`), so only the
            # snippet is checked, and the key's completion is printed.
            offered = [i for i in items if i["label"] == kind and "minimal" in str(i.get("documentation", ""))]
            check(f"the skeleton of {kind} is offered in an empty file", len(offered) == 1, f"{len(offered)} offered")
            key = [i for i in items if i["label"] == kind and i not in offered and i.get("kind") == 10]
            if key:
                print(f"INFO the completion of the key `{kind}` writes {key[0].get('insertText', '')!r}")
            for item in offered:
                how = "snippet"
                snippet = item.get("insertText") or item.get("textEdit", {}).get("newText", "")
                as_is = MODELINE + fill_snippet(snippet, {})
                uri = client.open(AGREEMENT, as_is)
                unfilled = client.wait_diagnostics(uri)
                client.close(uri)
                syntax = [d["message"] for d in unfilled if d.get("source") == "YAML"]
                check(
                    f"the {kind} skeleton ({how}) parses as offered, with its placeholders",
                    not syntax,
                    f"{syntax[:3]}",
                )
                filled = MODELINE + fill_snippet(snippet, skeleton_ids)
                if kind == "source":
                    filled = filled.replace(f"id: {skeleton_ids['source-id']}", "id: skeleton-source")
                uri = client.open(AGREEMENT, filled)
                editor = client.wait_diagnostics(uri)
                client.close(uri)
                target = Path(folder) / f"{kind}.yaml"
                target.write_text(filled, encoding="utf-8")
                code, found = validate(accord, [ROOT / "fixtures", target])
                errors = [d for d in found if d.get("severity") in ("error", "warning")]
                check(
                    f"the {kind} skeleton ({how}), filled, has no editor diagnostics and validates with accord validate",
                    not editor and code == 0 and not errors,
                    f"editor {[d['message'] for d in editor][:2]}; accord exit {code} {[d['message'] for d in errors][:2]}",
                )
                target.unlink()


if __name__ == "__main__":
    main()
