"""The record of one rule or reading code (:class:`Rule`), shared by the registry and the reading codes."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, Literal

from attrs import field, frozen

from ..findings import Severity

# An implementation module (docs/reference/api.md): __all__ lists only the names a public module re-exports.
__all__ = ["Rule"]


@frozen
class Rule:
    """A rule: what it checks, why, and how serious a failure is."""

    code: str
    name: str
    """A short English name, e.g. ``t3-row-sum``."""
    title: str
    """A short Chinese title."""
    severity: Severity
    basis: str
    """The legal or format basis."""
    summary: str
    """One paragraph: what is checked and how blanks count."""
    scope: Literal["report", "series", "reading"]
    """``report`` and ``series`` rules are checks run by the validators; ``reading`` codes are
    reported by :func:`gov_disclosure.parse` while it reads a published report."""
    check: Callable[[Any], Iterator[Any]] | None = field(eq=False, repr=False)
