"""A per-page progress bar for long reads (scans), shown on a terminal only."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .._i18n import _

__all__ = ["Progress", "terminal_bar"]

Progress = Callable[[int, int], None]
"""Told ``(pages done, pages in all)`` as pages are read."""


def terminal_bar(file: str | None) -> Progress | None:
    """A per-page progress bar (tqdm) on standard error when it is a terminal, else None: what
    recognition shows when no ``progress`` callback is given (``check``/``export`` of a long
    scan)."""
    if not sys.stderr.isatty():
        return None
    bar: Any = None

    def update(done: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            from tqdm import tqdm

            name = Path(file).name if file else None
            bar = tqdm(total=total, desc=name, unit=_("pages"), leave=False, dynamic_ncols=True)
        bar.update(done - bar.n)
        if done >= total:
            bar.close()

    return update
