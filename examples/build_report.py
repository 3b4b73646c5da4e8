"""Build a report in code with the typed API, complete its totals, validate it, save and reload it.

A small (fictitious) county bureau reports on 2024 in the 2021 edition. The figures are typed
in by cell, totals are left blank (None) for ``complete`` to fill, and the result is written
as TOML and JSON, read back and compared.

    python examples/build_report.py              # writes into a temporary directory
    python examples/build_report.py --out DIR    # writes DIR/report.toml and DIR/report.json
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from decimal import Decimal
from pathlib import Path

import gov_disclosure as gd
from gov_disclosure import (
    AnnualReport,
    ApplicantCounts,
    Applications2021,
    DocumentCounts2021,
    NotProcessed,
    OtherHandling,
    Outcomes,
    Proactive2021,
    Refused,
    Reviews,
    Unavailable,
)


def requests(natural_person: int = 0, commercial: int = 0) -> ApplicantCounts:
    """A row of table 三: requests from people and companies; the total is left for complete()."""
    return ApplicantCounts(
        natural_person=natural_person,
        commercial=commercial,
        research=0,
        nonprofit=0,
        legal_services=0,
        other=0,
    )


NONE = requests()
"""A row with no requests: every cell 0 (a stated zero, not a blank)."""


def build() -> AnnualReport:
    """The bureau's report, with its totals still blank."""
    proactive = Proactive2021(
        regulations=DocumentCounts2021(issued=0, repealed=0, in_force=0),
        normative_documents=DocumentCounts2021(issued=2, repealed=1, in_force=9),
        licensing=0,
        punishment=14,
        enforcement=3,
        fees=Decimal("1.25"),  # 万元, exact
        prose=("本年度主动公开政府信息 86 条。",),
    )
    applications = Applications2021(
        received=requests(natural_person=6, commercial=1),
        carried_over=requests(natural_person=1),
        granted=requests(natural_person=4, commercial=1),
        partially_granted=requests(natural_person=1),
        refused=Refused(
            state_secret=NONE,
            prohibited=NONE,
            endangers_safety=NONE,
            third_party=NONE,
            internal_affairs=NONE,
            process_information=NONE,
            enforcement_files=NONE,
            inquiry_matters=NONE,
        ),
        unavailable=Unavailable(
            not_held=requests(natural_person=1), needs_creation=NONE, still_unclear=NONE
        ),
        not_processed=NotProcessed(
            complaints=NONE, repeated=NONE, publications=NONE, excessive=NONE, confirmation=NONE
        ),
        other=OtherHandling(no_correction=NONE, unpaid_fees=NONE, other=NONE),
        carried_forward=requests(natural_person=1),
    )
    nothing = Outcomes(upheld=0, corrected=0, other=0, pending=0)
    reviews = Reviews(
        review=Outcomes(upheld=1, corrected=0, other=0, pending=0),
        lawsuit_direct=nothing,
        lawsuit_after_review=nothing,
    )
    return AnnualReport(
        agency="示例县市场监督管理局",
        year=2024,
        edition=gd.Edition.E2021,
        overview=("本年度依法做好主动公开和依申请公开工作，全年收到公开申请 7 件。",),
        proactive=proactive,
        applications=applications,
        reviews=reviews,
        problems=("政策解读仍较简单，下一年度将增加图解和问答。",),
        other_matters=("本年度未收取信息处理费。",),
    )


def main(argv: list[str] | None = None) -> int:
    """Build, complete, validate, write and reload the report; 1 if validation finds an error."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out", type=Path, help="directory to write into (default: a temporary one)"
    )
    args = parser.parse_args(argv)

    draft = build()
    report = gd.complete(draft)
    # complete() filled every blank total from its parts and left stated cells alone.
    assert draft.get("applications.total.total") is None
    # （七）总计: 7 received + 1 carried over - 1 carried forward.
    assert report.get("applications.total.total") == 7
    assert report.get("reviews.review.total") == 1
    assert report.get("applications.granted.natural_person") == 4

    findings = gd.validate(report)
    for finding in findings:
        print(f"{finding.severity}: {finding}")
    print(f"{report.display_title}: {len(findings)} finding(s)")

    with tempfile.TemporaryDirectory() as scratch:
        out: Path = args.out or Path(scratch)
        out.mkdir(parents=True, exist_ok=True)
        for name in ("report.toml", "report.json"):
            path = out / name
            gd.dump(report, path)
            again = gd.load(path)
            assert again == report, f"{path} did not read back equal"
            print(f"wrote {path} ({path.stat().st_size} bytes), read back equal")

    return 1 if any(f.severity is gd.Severity.ERROR for f in findings) else 0


if __name__ == "__main__":
    sys.exit(main())
