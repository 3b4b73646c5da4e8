"""Where the audit's work runs: this process, a pool of processes, or a Dask cluster.

An engine maps a function over chunks of work (files, or the years of some bodies) and yields
the results in the order of the chunks, with a bounded number of chunks in flight, so the
parent's memory does not grow with the corpus and the outputs are the same whichever engine
ran. The functions sent are module-level (they pickle by reference) and pure.
"""

from __future__ import annotations

import importlib
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import AbstractContextManager
from decimal import Decimal
from itertools import islice
from types import TracebackType
from typing import Any, Literal, TypeVar

from attrs import frozen

from .._i18n import _, set_language
from ..model import AnnualReport
from .work import FileResult, SeriesResult, audit_file, series_findings

__all__ = [
    "CHUNK",
    "DASK_CHUNK",
    "ENGINES",
    "Engine",
    "Pool",
    "Work",
    "chunks",
    "series_chunk",
    "work_chunk",
]

Engine = Literal["process", "dask"]
ENGINES: tuple[Engine, ...] = ("process", "dask")

CHUNK = 32
"""Items (files, bodies) per task of a process pool: enough to make a task's overhead small,
few enough to keep the workers busy to the end (benchmarks/bench_audit.py)."""

DASK_CHUNK = 64
"""Items per task on Dask, whose overhead per task (scheduling, results sent over TCP) is
larger: 3,000 files on a local cluster of two took 14.3 s in chunks of 8, 10.9 s in chunks of
64, 11.4 s in chunks of 128."""

IN_FLIGHT = 4
"""Chunks in flight per worker."""

_T = TypeVar("_T")
_R = TypeVar("_R")


@frozen
class Work:
    """What each worker needs besides the file names (module-level functions only, so that
    it pickles by reference)."""

    language: str | None = None
    """The language of the messages (None: each kind in its default, see
    :func:`gov_disclosure.set_language`)."""
    describe: Callable[[BaseException], str] = str
    metrics: Callable[[AnnualReport], dict[str, Decimal | None]] | None = None


def work_chunk(files: list[str], work: Work) -> list[FileResult]:
    """The results of a chunk of files (runs in a worker)."""
    set_language(work.language)
    return [audit_file(f, describe=work.describe, metrics=work.metrics) for f in files]


def series_chunk(groups: list[list[tuple[str, int, bytes]]], work: Work) -> list[SeriesResult]:
    """The cross-year findings of a chunk of bodies, each given as (file, year, state) of its
    reports in year order (runs in a worker)."""
    set_language(work.language)
    return [series_findings(group) for group in groups]


def chunks(items: Iterable[_T], size: int = CHUNK) -> Iterator[list[_T]]:
    """``items`` in lists of ``size``."""
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


class Pool(AbstractContextManager["Pool"]):
    """The workers of one audit: ``jobs`` processes (0: one per CPU; 1: none, the work runs
    here), or a Dask cluster (``engine="dask"``: the scheduler at ``scheduler``, e.g.
    ``tcp://host:8786``, else a local cluster of ``jobs`` worker processes)."""

    def __init__(
        self, engine: Engine = "process", jobs: int = 0, scheduler: str | None = None
    ) -> None:
        self.workers = jobs or os.cpu_count() or 1
        self.chunk = DASK_CHUNK if engine == "dask" else CHUNK
        """Items per task."""
        self._submit: Callable[..., Any] | None = None
        self._close: list[Callable[[], object]] = []
        if engine == "dask":
            self._start_dask(scheduler)
        elif self.workers > 1:
            pool = ProcessPoolExecutor(self.workers)
            self._submit = pool.submit
            self._close.append(lambda: pool.shutdown(cancel_futures=True))

    def _start_dask(self, scheduler: str | None) -> None:
        try:
            distributed: Any = importlib.import_module("dask.distributed")
        except ImportError:
            raise ImportError(
                _("the dask engine needs Dask: pip install 'gov-disclosure[dask]'")
            ) from None
        if scheduler is not None:
            client = distributed.Client(scheduler)
        else:
            cluster = distributed.LocalCluster(
                n_workers=self.workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
            )
            client = distributed.Client(cluster)
            self._close.append(cluster.close)
        self._close.insert(0, client.close)
        self.workers = max(1, len(client.scheduler_info()["workers"]))

        def submit(fn: Callable[..., Any], *args: Any) -> Any:
            # pure=False: two equal chunks are two tasks, never one cached result.
            return client.submit(fn, *args, pure=False)

        self._submit = submit

    def map(self, fn: Callable[..., list[_R]], items: Iterable[_T], *args: Any) -> Iterator[_R]:
        """``fn(chunk, *args)`` over the chunks of ``items``; the results flattened, in order."""
        if self._submit is None:
            for chunk in chunks(items, self.chunk):
                yield from fn(chunk, *args)
            return
        window: deque[Any] = deque()
        try:
            for chunk in chunks(items, self.chunk):
                window.append(self._submit(fn, chunk, *args))
                if len(window) >= IN_FLIGHT * self.workers:
                    yield from window.popleft().result()
            while window:
                yield from window.popleft().result()
        finally:
            for future in window:  # interrupted: drop what has not started
                future.cancel()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        for close in self._close:
            close()
