"""Render every example report in every output format.

Reads each ``examples/*.toml`` and ``examples/*.json`` report with :func:`gov_disclosure.load`
and writes it as Markdown, plain text, HTML and Word into an output directory, one file per
report and format (``huaian-2024.toml.md``, ``huaian-2024.toml.txt``, …), printing each file's
name and size. Word output is skipped with a note when python-docx (the ``docx`` extra) is
not installed; any other failure is reported and makes the exit status 1.

    python examples/render_examples.py              # writes into a temporary directory
    python examples/render_examples.py --out DIR    # writes into DIR (created if missing)
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import tempfile
from pathlib import Path

import gov_disclosure as gd
from gov_disclosure.render import FORMATS, render

EXAMPLES = Path(__file__).resolve().parent
SUFFIXES = {"markdown": ".md", "text": ".txt", "html": ".html", "docx": ".docx"}


def available_formats() -> list[str]:
    """Every format; Word only when the optional python-docx is installed (with a note)."""
    if importlib.util.find_spec("docx") is None:
        print('note: skipping docx: install the "docx" extra (python-docx)')
        return [to for to in FORMATS if to != "docx"]
    return list(FORMATS)


def render_all(out: Path) -> int:
    """Render every example report into ``out``; the number of failures."""
    sources = sorted([*EXAMPLES.glob("*.toml"), *EXAMPLES.glob("*.json")])
    if not sources:
        print(f"error: no example reports (*.toml, *.json) in {EXAMPLES}", file=sys.stderr)
        return 1
    formats = available_formats()
    failures = 0
    for source in sources:
        try:
            report = gd.load(source)
        except gd.GovDisclosureError as exc:
            print(f"error: {source.name}: {exc}", file=sys.stderr)
            failures += 1
            continue
        for to in formats:
            target = out / f"{source.name}{SUFFIXES[to]}"
            try:
                result = render(report, to=to)
            except Exception as exc:  # report every failure, then carry on
                print(f"error: {source.name} as {to}: {type(exc).__name__}: {exc}", file=sys.stderr)
                failures += 1
                continue
            data = result if isinstance(result, bytes) else result.encode("utf-8")
            target.write_bytes(data)
            print(f"{target.name}\t{len(data)} bytes")
    return failures


def main(argv: list[str] | None = None) -> int:
    """Parse the command line, render, and return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, help="output directory (default: a temporary one)")
    args = parser.parse_args(argv)
    if args.out is not None:
        args.out.mkdir(parents=True, exist_ok=True)
        failures = render_all(args.out)
        where = str(args.out)
    else:
        with tempfile.TemporaryDirectory(prefix="gov-disclosure-render-") as tmp:
            failures = render_all(Path(tmp))
            where = f"{tmp} (temporary, removed)"
    print(f"{'FAILED' if failures else 'ok'}: {failures} failure(s); output in {where}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
