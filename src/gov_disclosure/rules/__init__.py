"""Validation: the rule registry and the functions that apply it.

``validate`` never raises on content: it returns every finding, in a deterministic order
(registry order, then reading order of the cells). It runs the rules themselves; there is no
second statement of their conditions.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache

from ..agency import Aliases
from ..findings import Finding, Severity
from ..model import AnnualReport
from .checks import Context, ValidationOptions
from .registry import RETIRED, RULES, Rule, rule
from .series import Series

__all__ = [
    "RETIRED",
    "RULES",
    "Rule",
    "ValidationOptions",
    "is_valid",
    "rule",
    "validate",
    "validate_series",
]

_DEFAULT_OPTIONS = ValidationOptions()


def series_rules() -> tuple[Rule, ...]:
    """Every cross-year rule, in registry order."""
    return _selection("series", None, ())


def _selected(
    scope: str, select: Iterable[str] | None, ignore: Iterable[str] | None
) -> tuple[Rule, ...]:
    chosen = tuple(select) if select is not None else None
    dropped = tuple(ignore) if ignore is not None else ()
    return _selection(scope, chosen, dropped)


@lru_cache(maxsize=256)
def _selection(
    scope: str, chosen: tuple[str, ...] | None, dropped: tuple[str, ...]
) -> tuple[Rule, ...]:
    known = {r.code for r in RULES} | set(RETIRED)
    for prefix in (*(chosen or ()), *dropped):
        if not any(code.startswith(prefix) for code in known):
            raise ValueError(f"no rule code starts with {prefix!r}")
    return tuple(
        r
        for r in RULES
        if r.scope == scope
        and (chosen is None or any(r.code.startswith(p) for p in chosen))
        and not any(r.code.startswith(p) for p in dropped)
    )


def validate(
    report: AnnualReport,
    *,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    options: ValidationOptions | None = None,
) -> list[Finding]:
    """Every finding of the per-report rules about ``report``.

    ``select`` and ``ignore`` take rule codes or code prefixes (``"A"``, ``"A3"``, ``"B001"``);
    an unknown prefix raises ``ValueError``.
    """
    return run_rules(report, _selected("report", select, ignore), options or _DEFAULT_OPTIONS)


def run_rules(
    report: AnnualReport, rules: Sequence[Rule], options: ValidationOptions
) -> list[Finding]:
    """Apply ``rules`` to ``report``, in order (``validate`` with the rules chosen)."""
    ctx = Context(report, options)
    findings: list[Finding] = []
    for r in rules:
        if r.check is None:  # a reading code: reported by the reader, not checked here
            continue
        for location, message in r.check(ctx):
            findings.append(Finding(r.code, r.severity, message, location))
    return findings


def is_valid(report: AnnualReport, *, options: ValidationOptions | None = None) -> bool:
    """True when no per-report rule finds an error (warnings and info are allowed)."""
    return not any(f.severity is Severity.ERROR for f in validate(report, options=options))


def validate_series(
    reports: Sequence[AnnualReport] | Iterable[AnnualReport],
    *,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    names: Sequence[str] | None = None,
    aliases: Aliases | None = None,
) -> list[Finding]:
    """Cross-year findings over reports of one body (any order; sorted by year here).

    Only consecutive years are compared. Each finding's ``year`` names the later report.
    Reports of one year are copies of one report (:mod:`gov_disclosure.copies`): the links
    read the copy that read the most cells (the first given on a tie), and copies that
    disagree are one C005 finding. ``names`` says what to call each report in the findings
    (file names; default ``第1份``, ``第2份``, … in the order given); ``aliases`` is the user's
    table of agency names, whose pairs C001 takes as one body.
    """
    listed = list(reports)
    if not listed:
        return []
    return run_series(Series.of(listed, names, aliases), _selected("series", select, ignore))


def run_series(series: Series, rules: Sequence[Rule]) -> list[Finding]:
    """Apply the series ``rules`` to ``series`` (``validate_series`` with the rules chosen and
    the series built: the audit builds it once for its own use too)."""
    findings: list[Finding] = []
    for r in rules:
        if r.check is None:  # pragma: no cover - series rules all have checks
            continue
        for location, message, year in r.check(series):
            findings.append(Finding(r.code, r.severity, message, location, year=year))
    return findings
