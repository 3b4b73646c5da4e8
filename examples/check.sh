#!/usr/bin/env bash
# Check the examples through the command line, as CI does (run from anywhere; the project
# must be installed so that `gov-disclosure` and `python` are on PATH).
set -euo pipefail
cd "$(dirname "$0")/.."

fail() {
    echo "examples/check.sh: $*" >&2
    exit 1
}

# Consistent reports: no error-severity finding, exit 0.
for file in examples/huzhu-tongjiju-2023.toml examples/huaian-2024.toml; do
    echo "== gov-disclosure check $file"
    gov-disclosure check "$file" || fail "$file: expected exit 0"
done

# The auditor's example: the published table 四 does not add up (A401), exit 1.
file=examples/hongze-2023.json
echo "== gov-disclosure check $file (expect exit 1, A401)"
status=0
output=$(gov-disclosure check "$file") || status=$?
printf '%s\n' "$output"
[ "$status" -eq 1 ] || fail "$file: expected exit 1, got $status"
grep -q ': A401 ' <<<"$output" || fail "$file: expected an A401 finding"

# Every statutory cell of a 2021 report is exported: 200 lines.
echo "== gov-disclosure export examples/huaian-2024.toml"
lines=$(gov-disclosure export examples/huaian-2024.toml | wc -l)
[ "$lines" -eq 200 ] || fail "export: expected 200 cells, got $lines"

# TOML -> JSON -> TOML, checked after each step.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
echo "== gov-disclosure convert (round trip)"
gov-disclosure convert examples/huaian-2024.toml "$scratch/huaian.json"
gov-disclosure convert "$scratch/huaian.json" "$scratch/huaian.toml"
gov-disclosure check --min-severity warning "$scratch/huaian.json" "$scratch/huaian.toml"

# A fresh template loads and has no error, in both editions.
for edition in 2019 2021; do
    echo "== gov-disclosure new --edition $edition"
    gov-disclosure new --edition "$edition" --agency 示例县统计局 --year 2024 "$scratch/new-$edition.toml"
    gov-disclosure check --min-severity error "$scratch/new-$edition.toml"
done

echo "== python examples/build_report.py"
python examples/build_report.py

# Every example rendered in every format (Markdown, text, HTML, Word).
echo "== python examples/render_examples.py"
python examples/render_examples.py --out "$scratch/rendered"
echo "== gov-disclosure render (CLI)"
gov-disclosure render examples/hongze-2023.json --to html --mark-findings -o "$scratch/hongze.html"
grep -q 'class="finding' "$scratch/hongze.html" || fail "render: expected marked cells in the HTML page"

# Reading published reports: the report as pasted from its web page reads to the same cells as
# its TOML document, and every example reads back from each published form the library writes.
cells() { gov-disclosure export "$1" | sed 's/"file":"[^"]*",//'; }
echo "== gov-disclosure export examples/huzhu-tongjiju-2023.txt (= its TOML)"
diff <(cells examples/huzhu-tongjiju-2023.txt) <(cells examples/huzhu-tongjiju-2023.toml) \
    || fail "the published text does not read to the cells of its TOML document"
for file in examples/huaian-2024.toml examples/hongze-2023.json; do
    for suffix in txt md html; do
        gov-disclosure render "$file" --force -o "$scratch/published.$suffix"
        echo "== gov-disclosure export (render ${file##*/} to .$suffix, read it back)"
        diff <(cells "$scratch/published.$suffix") <(cells "$file") \
            || fail "$file: the .$suffix rendering does not read back to the same cells"
    done
done
echo "== gov-disclosure diff examples/huzhu-tongjiju-2023.txt examples/huzhu-tongjiju-2023.toml"
gov-disclosure diff examples/huzhu-tongjiju-2023.txt examples/huzhu-tongjiju-2023.toml \
    || fail "diff: the published text and its TOML document should not differ"

# Two consecutive years compared: differences and the table-三 carry-over error, exit 1.
echo "== gov-disclosure diff examples/hongze-2023.json examples/huaian-2024.toml (expect exit 1)"
status=0
gov-disclosure diff examples/hongze-2023.json examples/huaian-2024.toml -o "$scratch/diff.html" \
    || status=$?
[ "$status" -eq 1 ] || fail "diff: expected exit 1, got $status"
grep -q 'C301' "$scratch/diff.html" || fail "diff: expected the C301 finding in the HTML page"
gov-disclosure convert examples/huzhu-tongjiju-2023.txt "$scratch/from-text.toml"
gov-disclosure check --min-severity error "$scratch/from-text.toml"

echo "examples: ok"
