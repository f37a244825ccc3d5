#!/usr/bin/env bash
# Checks `accord diff` and `report --changes-since` between the fixtures and
# a copy with known changes (a status, a value, a record removed, an id
# renamed), as a user runs them. Usage: bash scripts/check-diff.sh ACCORD
# (the built binary). Run from the repository's root; needs git, python3
# and pdftotext.
set -euo pipefail
accord="$(realpath "${1:?usage: check-diff.sh path/to/accord}")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fail() { echo "check-diff: $*"; exit 1; }

cp -r fixtures "$work/copy"
c="$work/copy"
sed -i 's/^  status: signed$/  status: completed/' "$c/agreements/elekta-sinopharm-radiotherapy-jv.yaml"
sed -i 's/^    amount: 5000000000$/    amount: 6000000000/' "$c/agreements/eight-great-technologies-leaguer-fund.yaml"
rm "$c/agreements/nine-health-tsingdata-health-analytics.yaml"
sed -i 's/^  id: iaea$/  id: international-atomic-energy-agency/' "$c/parties/iaea.yaml"
# Reformatting is no change: the same record with other quoting and spacing.
sed -i 's/^  name: Elekta$/  name:   "Elekta"/' "$c/parties/elekta.yaml"

"$accord" diff fixtures "$c" --format json > "$work/diff.json" || fail "diff exited with $?"
python3 - "$work/diff.json" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
assert doc["version"] == 1, doc["version"]
assert doc["summary"] == {"added": 0, "removed": 1, "renamed": 1, "changed": 2, "unchanged": 58}, doc["summary"]
got = [(r["change"], r["kind"], r["id"], [(f["path"], f.get("old"), f.get("new")) for f in r.get("fields", [])])
       for r in doc["records"]]
want = [
    ("changed", "agreement", "eight-great-technologies-leaguer-fund", [("value.amount", 5000000000, 6000000000)]),
    ("changed", "agreement", "elekta-sinopharm-radiotherapy-jv", [("status", "signed", "completed")]),
    ("removed", "agreement", "nine-health-tsingdata-health-analytics", []),
    ("renamed", "party", "international-atomic-energy-agency", []),
]
assert got == want, got
assert doc["records"][3]["old_id"] == "iaea"
print("diff JSON: exactly the known changes")
PY

"$accord" diff fixtures "$c" --format markdown > "$work/diff.md"
grep -qF -- '- `party/iaea` → `party/international-atomic-energy-agency`' "$work/diff.md" || fail "markdown: no rename"
grep -qF -- '  - `status`: `signed` → `completed`' "$work/diff.md" || fail "markdown: no status"

# A git revision of the fixtures against the work tree: the same records.
if git rev-parse --verify -q HEAD >/dev/null && git diff --quiet HEAD -- fixtures; then
  "$accord" diff HEAD:fixtures fixtures > "$work/same.txt"
  grep -qF "no differences" "$work/same.txt" || fail "HEAD:fixtures differs from fixtures"
  "$accord" diff HEAD:fixtures "$c" --format json | python3 -c \
    'import json,sys; s=json.load(sys.stdin)["summary"]; assert (s["changed"], s["removed"], s["renamed"]) == (2, 1, 1), s'
fi

# Exit codes: 1 for a side with errors, 2 for one that cannot be read.
cp -r "$c" "$work/broken"
sed -i 's/^  kind:/  knd:/' "$work/broken/parties/iaea.yaml"
set +e
"$accord" diff fixtures "$work/broken" >/dev/null 2>&1; one=$?
"$accord" diff fixtures "$work/missing" >/dev/null 2>&1; two=$?
set -e
[ "$one" -eq 1 ] || fail "a side with errors exits with $one, not 1"
[ "$two" -eq 2 ] || fail "a missing side exits with $two, not 2"

# The briefing's section, in both formats, from the older copy's view.
"$accord" report fixtures --changes-since "$c" -o "$work/b.pdf" -o "$work/b.html" 2>/dev/null
pdftotext "$work/b.pdf" "$work/b.txt"
for fact in "What changed since" "Changed status" "Completed → Signed" "6,000,000,000 CNY → 5,000,000,000 CNY" \
            "New collaborations" "Nine Health Global and Tsingdata D-LAB"; do
  grep -qF "$fact" "$work/b.txt" || fail "PDF: missing '$fact'"
  grep -qF "$fact" "$work/b.html" || fail "HTML: missing '$fact'"
done
echo "check-diff: passed"
