"""A fused test that a report has no finding at all, for the common case of a clean report.

Running every rule costs a pass per rule over the cells. Most reports an auditor loads are
clean, so :func:`is_clean` first asks, in one generated pass per table, whether *any* rule
could fire: a blank, a negative count or amount, an amount too precise, a failed relation or
inequality, printed text, a missing section or table, a mixed form, an edition that does not
fit the year. Only when one could does :func:`gov_disclosure.validate` run the rules to say
which. The test is conservative: when it answers True, the rules find nothing (a property
test holds the two to that).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from ..model import AnnualReport
from ..statutory import CellKind, Edition, TableSpec
from .checks import ValidationOptions

__all__ = ["is_clean"]

_Check = Callable[[Sequence[Any], int], bool]
_CHECKS: dict[int, _Check] = {}


def _generate(spec: TableSpec) -> _Check:
    """Generate ``clean(values, money_places) -> bool`` for one table form."""
    counts = [c.index for c in spec.cells if c.kind is CellKind.COUNT]
    money = [c.index for c in spec.cells if c.kind is CellKind.MONEY]
    everything = len(counts) + len(money) == len(spec.cells)
    lines = ["def clean(v, places):"]
    # Blanks and negatives in one pass: min() meets None with a TypeError.
    if everything:
        lines += [
            "    try:",
            "        if min(v) < 0: return False",
            "    except TypeError:",
            "        return False",
        ]
    else:
        lines.append("    if None in v: return False")
        checked = ", ".join(f"v[{i}]" for i in (*counts, *money))
        lines.append(f"    if min(({checked},)) < 0: return False")
    for i in money:
        lines.append(f"    if -v[{i}].as_tuple().exponent > places: return False")
    for a, b in spec.inequalities:
        lines.append(f"    if v[{a}] > v[{b}]: return False")
    for r in spec.relations:
        left = " + ".join(f"v[{j}]" for j in r.left)
        right = " + ".join(f"v[{j}]" for j in r.right)
        lines.append(f"    if {left} != {right}: return False")
    lines.append("    return True")
    namespace: dict[str, Any] = {"Decimal": Decimal}
    source = "\n".join(lines) + "\n"
    exec(compile(source, f"<gov_disclosure clean {spec.key} {spec.form}>", "exec"), namespace)
    return namespace["clean"]  # type: ignore[no-any-return]


def _check_of(spec: TableSpec) -> _Check:
    check = _CHECKS.get(id(spec))
    if check is None:
        check = _CHECKS[id(spec)] = _generate(spec)
    return check


def _has_text(paragraphs: tuple[str, ...]) -> bool:
    return any(p.strip() for p in paragraphs)


def is_clean(report: AnnualReport, options: ValidationOptions) -> bool:
    """True only when no per-report rule can find anything in ``report``."""
    edition = report.edition
    if report.printed:
        return False
    if edition is not Edition.for_year(report.year):
        return False
    proactive, applications, reviews = report.proactive, report.applications, report.reviews
    if proactive is None or applications is None or reviews is None:
        return False
    if proactive.form is not edition or applications.form is not edition:
        return False
    if not (
        _has_text(report.overview)
        and _has_text(report.problems)
        and _has_text(report.other_matters)
    ):
        return False
    places = options.money_places
    for table in (proactive, applications, reviews):
        spec = table.spec()
        if not _check_of(spec)(table.values(), places):
            return False
    return True
