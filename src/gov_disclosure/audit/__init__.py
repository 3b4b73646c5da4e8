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
from ..agency import AgencyIndex, Aliases
from ..metrics import compute_metrics
from ..model import AnnualReport
from ..readers import OTHER_DOCUMENT_SUFFIXES, SUFFIXES
from ..serialize import DOCUMENT_SUFFIXES
from . import parquet
from .engines import (
    ENGINES,
    Engine,
    Pool,
    Work,
    WorkersLost,
    register_engine,
    series_chunk,
    work_chunk,
)
from .errors import AuditError
from .progress import FilesBar, PageCounter
from .store import STATE_FILE, Lock, Store
from .summary import write_reports_csv, write_summaries
from .work import NOT_REPORT, FileResult, Member, audit_file

__all__ = [
    "ENGINES",
    "AuditError",
    "AuditResult",
    "FileResult",
    "audit",
    "audit_file",
    "discover",
    "progress_bar",
    "register_engine",
]

REPORT_SUFFIXES = frozenset({*DOCUMENT_SUFFIXES, *SUFFIXES, *OTHER_DOCUMENT_SUFFIXES})
"""The suffixes of the files an audit takes from a folder (named files are always taken):
documents and every published form the readers take — .doc, .wps, .rtf, .odt, .xls, .et and
.ods among them, converted by LibreOffice in the worker that reads the file (where LibreOffice
is missing they are listed as unreadable with what to install)."""


@frozen
class AuditResult:
    """What an audit did (the details are in the output folder)."""

    outdir: Path
    files: int
    """Files with a result, this run and any run it resumed."""
    read: int
    unreadable: int
    """Reports not read: a form no reader takes, a broken file, or an error of the library
    on the file (status ``failed`` in ``reports.csv``)."""
    skipped: int
    """Files left alone because a resumed run had done them."""
    series_findings: int
    """Cross-year findings."""
    not_reports: int = 0
    """Files skipped because their content is no report (status ``not-report``: a README,
    notes, a JSON or TOML file without the document's keys); not counted as unreadable."""
    empty: tuple[str, ...] = ()
    """The folders named that hold no report at all (only files that are not reports)."""

    def message(self) -> str:
        """What the audit did, in one line (the command line's report of it)."""
        message = _(
            "{outdir}: {files} files, {read} read, {unreadable} unreadable, "
            "{series} cross-year findings (summary: {summary})"
        ).format(
            outdir=self.outdir,
            files=self.files,
            read=self.read,
            unreadable=self.unreadable,
            series=self.series_findings,
            summary=self.outdir / "summary.md",
        )
        if self.not_reports:
            message += _("; {n} skipped: not reports (by content)").format(n=self.not_reports)
        if self.skipped:
            message += _(" ({n} done before, skipped)").format(n=self.skipped)
        return message


def progress_bar(done: int, total: int) -> FilesBar:
    """A progress bar (tqdm) for ``audit(progress=…)``: ``total`` files, ``done`` of them done
    before; returns the function that counts the files finished, which counts the pages of
    scans too (:class:`~.progress.PageCounter`)."""
    return FilesBar(done, total)


def discover(
    paths: Iterable[str | os.PathLike[str]], *, exclude: Path | None = None
) -> Iterator[str]:
    """The report files under ``paths``, in a stable order: a named file as given, a folder
    walked in sorted order for files with a report suffix (hidden files and folders, and the
    folder ``exclude``, left out); a file reached twice is taken once."""
    # os.path.realpath, not Path.resolve: a symbolic link loop is no error here (the file
    # is then listed as unreadable, with the reason).
    skip = os.path.realpath(exclude) if exclude is not None else None
    seen: set[str] = set()  # a file named twice, or named and under a folder named, once

    def first(path: Path) -> bool:
        key = os.path.realpath(path)
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
                if not d.startswith(".") and (skip is None or os.path.realpath(here / d) != skip)
            )
            for name in sorted(names):
                if name.startswith(".") or not _report_suffix(Path(name).suffix.lower()):
                    continue
                if first(here / name):
                    yield str(here / name)


def _report_suffix(suffix: str) -> bool:
    """Whether a file of ``suffix`` is taken from a folder (a form registered since counts)."""
    return suffix in REPORT_SUFFIXES or suffix in SUFFIXES


def audit(
    paths: Sequence[str | os.PathLike[str]],
    outdir: str | os.PathLike[str],
    *,
    jobs: int = 0,
    engine: str | type[Engine] = "process",
    scheduler: str | None = None,
    resume: bool = False,
    force: bool = False,
    progress: Callable[[int, int], Callable[[int], None]] | None = None,
    describe: Callable[[BaseException], str] = str,
    metrics: Callable[[AnnualReport], dict[str, Decimal | None]] | None = None,
    language: str | None = None,
    aliases: Aliases | None = None,
) -> AuditResult:
    """Audit every report under ``paths`` into ``outdir`` (see docs/audit.md).

    ``metrics`` gives the named metrics of a report for ``reports.csv`` (default
    :func:`gov_disclosure.compute_metrics`). ``resume`` continues an interrupted audit of the same folder (files already done are
    skipped); ``force`` starts over in a folder that holds an audit. ``progress(done, total)``
    returns a function called with the number of files finished after each file; when it also
    has a ``page(file, done, total)`` method (:class:`~.progress.PageCounter`, as
    :func:`progress_bar`'s has) it is told of each page of a scan the workers recognise (on
    the process engine).
    ``aliases`` is the user's table of agency names (:func:`gov_disclosure.agency.load_aliases`)
    for the bodies renamed or merged, whose years are then paired.
    Raises :class:`AuditError` when a path does not exist; when ``outdir`` is a file, holds an
    audit and neither ``resume`` nor ``force`` is given, is in use by another run (a lock), or
    holds a damaged audit to resume; and when the audit has to stop (a worker process died, an
    output could not be written): what was committed is kept, and ``resume`` finishes it.
    Files whose content is no report are skipped (``AuditResult.not_reports``).
    ``language`` is that of the messages (``"zh"`` or ``"en"``; default: the current one, see
    :func:`gov_disclosure.set_language`): of the findings, of why a file could not be read, and
    of the summaries. A resumed audit keeps the language it was started in for its outputs
    (``language`` is then that of the errors raised only).
    """
    out = Path(outdir)
    _check_paths(paths, out)
    if (out / STATE_FILE).exists() and not (resume or force):
        raise AuditError(
            _(
                "{outdir} already holds an audit: --resume to continue it, --force to start over"
            ).format(outdir=out)
        )
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise AuditError(
            _("{outdir}: cannot make this folder ({reason})").format(
                outdir=out, reason=exc.strerror or exc
            )
        ) from None
    language = get_language() if language is None else language
    lock = Lock(out)
    try:
        with using_language(language), Store(out, resume=resume) as store:
            before = store.count() if resume else 0
            # the outputs in one language: a resumed audit keeps the one it was started in
            outputs = store.language(language)
            work = Work(language=outputs, describe=describe, metrics=metrics or compute_metrics)
            tick = None
            if progress is not None:  # the folders are walked once more only to count
                tick = progress(before, sum(1 for _ in discover(paths, exclude=out)))
            pages = tick.page if isinstance(tick, PageCounter) else None
            with Pool(engine, jobs, scheduler, close=(lock.fd,), pages=pages) as pool:
                pending = (
                    f for f in discover(paths, exclude=out) if not (resume and store.done(f))
                )
                try:
                    for result in pool.map(work_chunk, pending, work):
                        store.add(result)
                        if tick is not None:
                            tick(1)
                except WorkersLost as lost:
                    raise _lost(out, lost.in_hand, lost.items) from None
                store.commit()
                # cells.csv is complete: its Parquet copy is written (pyarrow, off the GIL) while
                # the cross-year pass runs.
                with _Background(
                    parquet.write_cells_parquet if parquet.available() else None,
                    store.cells_path,
                    out / "cells.parquet",
                ):
                    try:
                        series = _cross_year(store, pool, aliases, work)
                    except WorkersLost as lost:
                        in_flight = [file for group in lost.items for file, *_ in group]
                        raise _lost(out, lost.in_hand, in_flight) from None
                    with using_language(outputs):
                        write_reports_csv(store)
                        write_summaries(store)
                counts = dict(store.query("SELECT status, COUNT(*) FROM files GROUP BY status"))
                empty = _empty_folders(paths, store)
    finally:
        lock.release()
    files = sum(counts.values())
    not_reports = counts.get(NOT_REPORT, 0)
    return AuditResult(
        out,
        files,
        counts.get("read", 0),
        files - counts.get("read", 0) - not_reports,
        before,
        series,
        not_reports,
        empty,
    )


def _check_paths(paths: Sequence[str | os.PathLike[str]], out: Path) -> None:
    """Refuse a path to audit that is not there, and an output folder that is no folder."""
    for path in map(Path, paths):
        if path.is_symlink() and not path.exists():
            raise AuditError(_leads_nowhere(path))
        if not path.exists():
            raise AuditError(_("{path}: no such file or folder").format(path=path))
    if out.is_symlink() and not out.exists():
        raise AuditError(_leads_nowhere(out))
    if out.exists() and not out.is_dir():
        raise AuditError(
            _("{outdir}: is a file, not a folder: -o names the folder to write into").format(
                outdir=out
            )
        )


def _leads_nowhere(path: Path) -> str:
    return _(
        "{path}: a symbolic link that leads nowhere (a loop of links, or a missing target)"
    ).format(path=path)


LOST_LISTED = 10
"""How many files in flight the message of a dead worker names."""


def _lost(outdir: Path, in_hand: list[str], in_flight: list[str]) -> AuditError:
    """The error of a worker that died: the files the workers had in hand (the dead one's
    among them), else those sent and not done."""
    files = in_hand or in_flight
    named = ", ".join(files[:LOST_LISTED])
    if len(files) > LOST_LISTED:
        named += _(" and {n} more").format(n=len(files) - LOST_LISTED)
    return AuditError(
        _(
            "{outdir}: a worker process died (killed, or out of memory) while the workers were "
            "reading {files}; the files done before are kept: run the same command with "
            "--resume to finish"
        ).format(outdir=outdir, files=named or "—")
    )


def _empty_folders(paths: Sequence[str | os.PathLike[str]], store: Store) -> tuple[str, ...]:
    """The folders among ``paths`` under which no file is a report."""
    folders = {str(Path(p)): Path(p) for p in paths if Path(p).is_dir()}
    if not folders:
        return ()
    left = dict(folders)
    for (file,) in store.stream("SELECT file FROM files WHERE status != ?", NOT_REPORT):
        for key, folder in list(left.items()):
            if Path(file).is_relative_to(folder):
                del left[key]
        if not left:
            break
    return tuple(left)


def _cross_year(store: Store, pool: Pool, aliases: Aliases | None, work: Work) -> int:
    """Pair the years of each body (folding names through ``aliases``), read the copies of
    one report once, and run the cross-year rules; the number of findings."""
    names = list(store.agencies())
    index = AgencyIndex(names, aliases)
    store.set_series({name: index.series(name) for name in names})
    store.set_bodies({index.series(name): index.body(name) for name in names})
    store.begin_series()
    found = 0
    for body in pool.map(series_chunk, _bodies(store), aliases, work):
        for file, lines, codes in body.findings:
            store.add_series(file, lines, codes)
            found += sum(codes.values())
        store.add_copies(body.copies)
    store.commit()
    return found


def _bodies(store: Store) -> Iterator[list[Member]]:
    """The reports of each body with more than one, in year order."""
    group: list[Member] = []
    current: str | None = None
    for series, file, year, state, form, reading in store.series_members():
        if series != current:
            if len(group) > 1:
                yield group
            group, current = [], series
        group.append((file, year, state, form, reading))
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
