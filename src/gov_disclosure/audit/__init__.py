"""Audit a corpus: every report under some folders, read, checked, paired across years.

>>> from gov_disclosure.audit import audit                                    # doctest: +SKIP
>>> result = audit(["reports/"], "out/")                                      # doctest: +SKIP
>>> result.read, result.unreadable                                           # doctest: +SKIP
(1250, 3)

The per-file work (:func:`~gov_disclosure.audit.work.audit_file`) is a pure function of the
file; it runs in worker processes or on a Dask cluster (:mod:`.engines`). The parent appends
each result to the outputs and records it (:mod:`.store`), then pairs the years of each body
(:mod:`gov_disclosure.agency`), runs the cross-year rules and writes the tables and pages that
summarise the run (:mod:`.summary`). See docs/audit.md for the outputs, column by column.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal
from pathlib import Path

from attrs import frozen

from .._i18n import _, get_language, using_language
from ..agency import AgencyIndex
from ..errors import GovDisclosureError
from ..metrics import compute_metrics
from ..model import AnnualReport
from ..readers import OTHER_DOCUMENT_SUFFIXES, SUFFIXES
from ..serialize import DOCUMENT_SUFFIXES
from . import parquet
from .engines import ENGINES, Engine, Pool, Work, series_chunk, work_chunk
from .store import STATE_FILE, Store
from .summary import write_reports_csv, write_summaries
from .work import FileResult, audit_file

__all__ = [
    "ENGINES",
    "AuditError",
    "AuditResult",
    "FileResult",
    "audit",
    "audit_file",
    "discover",
]

REPORT_SUFFIXES = frozenset({*DOCUMENT_SUFFIXES, *SUFFIXES, *OTHER_DOCUMENT_SUFFIXES})
"""The suffixes of the files an audit takes from a folder (named files are always taken):
documents and every published form the readers take — .doc, .wps, .rtf, .odt, .xls, .et and
.ods among them, converted by LibreOffice in the worker that reads the file (where LibreOffice
is missing they are listed as unreadable with what to install)."""


class AuditError(GovDisclosureError):
    """An audit cannot start: the output folder holds another audit, or a path is missing."""


@frozen
class AuditResult:
    """What an audit did (the details are in the output folder)."""

    outdir: Path
    files: int
    """Files with a result, this run and any run it resumed."""
    read: int
    unreadable: int
    """Files not read: no report in them, a form no reader takes, or an error of the library
    on the file (status ``failed`` in ``reports.csv``)."""
    skipped: int
    """Files left alone because a resumed run had done them."""
    series_findings: int
    """Cross-year findings."""


def discover(
    paths: Iterable[str | os.PathLike[str]], *, exclude: Path | None = None
) -> Iterator[str]:
    """The report files under ``paths``, in a stable order: a named file as given, a folder
    walked in sorted order for files with a report suffix (hidden files and folders, and the
    folder ``exclude``, left out); a file reached twice is taken once."""
    skip = exclude.resolve() if exclude is not None else None
    seen: set[Path] = set()  # a file named twice, or named and under a folder named, once

    def first(path: Path) -> bool:
        key = path.resolve()
        if key in seen:
            return False
        seen.add(key)
        return True

    for path in paths:
        root = Path(path)
        if not root.is_dir():
            if first(root):
                yield str(root)
            continue
        for folder, dirs, names in os.walk(root):
            here = Path(folder)
            dirs[:] = sorted(
                d
                for d in dirs
                if not d.startswith(".") and (skip is None or (here / d).resolve() != skip)
            )
            for name in sorted(names):
                if name.startswith(".") or Path(name).suffix.lower() not in REPORT_SUFFIXES:
                    continue
                if first(here / name):
                    yield str(here / name)


def audit(
    paths: Sequence[str | os.PathLike[str]],
    outdir: str | os.PathLike[str],
    *,
    jobs: int = 0,
    engine: Engine = "process",
    scheduler: str | None = None,
    resume: bool = False,
    force: bool = False,
    progress: Callable[[int, int], Callable[[int], None]] | None = None,
    describe: Callable[[BaseException], str] = str,
    metrics: Callable[[AnnualReport], dict[str, Decimal | None]] | None = None,
    language: str | None = None,
) -> AuditResult:
    """Audit every report under ``paths`` into ``outdir`` (see docs/audit.md).

    ``metrics`` gives the named metrics of a report for ``reports.csv`` (default
    :func:`gov_disclosure.compute_metrics`). ``resume`` continues an interrupted audit of the same folder (files already done are
    skipped); ``force`` starts over in a folder that holds an audit. ``progress(done, total)``
    returns a function called with the number of files finished after each file.
    Raises :class:`AuditError` when a path does not exist or ``outdir`` holds an audit and
    neither ``resume`` nor ``force`` is given. ``language`` is that of the messages (``"zh"`` or
    ``"en"``; default: the current one, see :func:`gov_disclosure.set_language`): of the findings,
    of why a file could not be read, and of the summaries.
    """
    out = Path(outdir)
    missing = [str(p) for p in paths if not Path(p).exists()]
    if missing:
        raise AuditError(_("{path}: no such file or folder").format(path=missing[0]))
    if (out / STATE_FILE).exists() and not (resume or force):
        raise AuditError(
            _(
                "{outdir} already holds an audit: --resume to continue it, --force to start over"
            ).format(outdir=out)
        )
    if force and not resume:
        for name in (STATE_FILE, f"{STATE_FILE}-wal", f"{STATE_FILE}-shm"):
            (out / name).unlink(missing_ok=True)
    language = get_language() if language is None else language
    work = Work(language=language, describe=describe, metrics=metrics or compute_metrics)
    with (
        using_language(language),
        Store(out, resume=resume) as store,
        Pool(engine, jobs, scheduler) as pool,
    ):
        before = store.count() if resume else 0
        tick = None
        if progress is not None:  # the folders are walked once more only to count for the bar
            tick = progress(before, sum(1 for _ in discover(paths, exclude=out)))
        pending = (f for f in discover(paths, exclude=out) if not (resume and store.done(f)))
        for result in pool.map(work_chunk, pending, work):
            store.add(result)
            if tick is not None:
                tick(1)
        store.commit()
        # cells.csv is complete: its Parquet copy is written (pyarrow, off the GIL) while the
        # cross-year pass runs.
        with _Background(
            parquet.write_cells_parquet if parquet.available() else None,
            store.cells_path,
            out / "cells.parquet",
        ):
            series = _cross_year(store, pool, work)
            write_reports_csv(store)
            write_summaries(store)
        counts = dict(store.query("SELECT status, COUNT(*) FROM files GROUP BY status"))
    files = sum(counts.values())
    return AuditResult(
        out,
        files,
        counts.get("read", 0),
        files - counts.get("read", 0),
        before,
        series,
    )


def _cross_year(store: Store, pool: Pool, work: Work) -> int:
    """Pair the years of each body and run the cross-year rules; the number of findings."""
    names = list(store.agencies())
    index = AgencyIndex(names)
    store.set_series({name: index.series(name) for name in names})
    store.begin_series()
    found = 0
    for body in pool.map(series_chunk, _bodies(store), work):
        for file, lines, codes in body:
            store.add_series(file, lines, codes)
            found += sum(codes.values())
    store.commit()
    return found


def _bodies(store: Store) -> Iterator[list[tuple[str, int, bytes]]]:
    """The reports of each body with more than one, as (file, year, state) in year order."""
    group: list[tuple[str, int, bytes]] = []
    current: str | None = None
    for series, file, year, state in store.series_members():
        if series != current:
            if len(group) > 1:
                yield group
            group, current = [], series
        group.append((file, year, state))
    if len(group) > 1:
        yield group


class _Background:
    """Run ``fn(*args)`` in a thread for the length of a ``with`` block; its error, if any,
    is raised when the block ends."""

    def __init__(self, fn: Callable[..., object] | None, *args: object) -> None:
        self._error: BaseException | None = None

        def target() -> None:
            try:
                if fn is not None:
                    fn(*args)
            except BaseException as exc:  # handed to the caller in __exit__
                self._error = exc

        self._thread = threading.Thread(target=target, name="gov-disclosure-parquet")

    def __enter__(self) -> None:
        self._thread.start()

    def __exit__(self, *exc: object) -> None:
        self._thread.join()
        if self._error is not None and exc[0] is None:
            raise self._error
