"""A per-page progress bar for long reads (scans), shown on a terminal only; or, within
:func:`reporting`, the pages told to whoever runs the reads (the audit's workers tell the
audit's bar)."""

from __future__ import annotations

import contextlib
import contextvars
import functools
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from .._i18n import _

__all__ = ["PageSink", "Progress", "page_sink", "reporting", "terminal_bar"]

Progress = Callable[[int, int], None]
"""Told ``(pages done, pages in all)`` as pages are read."""

PageSink = Callable[[str | None, int, int], None]
"""Told ``(file, pages done, pages in all)`` as the pages of the reads in a :func:`reporting`
block are recognised."""

_SINK: contextvars.ContextVar[PageSink | None] = contextvars.ContextVar(
    "gov_disclosure_pages", default=None
)


@contextlib.contextmanager
def reporting(sink: PageSink) -> Iterator[None]:
    """Within the block, a read given no ``progress`` callback of its own tells ``sink`` of its
    pages instead of drawing a bar (:func:`terminal_bar`)."""
    token = _SINK.set(sink)
    try:
        yield
    finally:
        _SINK.reset(token)


def page_sink() -> PageSink | None:
    """The sink of the :func:`reporting` block this runs in, or None."""
    return _SINK.get()


def terminal_bar(file: str | None) -> Progress | None:
    """What recognition tells of its pages when no ``progress`` callback is given: the sink of
    a :func:`reporting` block, else a per-page progress bar (tqdm) on standard error when it is
    a terminal (``check``/``export`` of a long scan), else None."""
    sink = _SINK.get()
    if sink is not None:
        return functools.partial(sink, file)
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
