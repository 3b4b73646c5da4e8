"""Where the per-file work runs: this process, a pool of processes, or a Dask cluster.

Every engine takes the files in order and yields their results in the same order, with a
bounded number of files in flight, so the parent's memory does not grow with the corpus and
the outputs are the same whichever engine ran.
"""

from __future__ import annotations

import importlib
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from decimal import Decimal
from itertools import islice
from typing import Any, Literal

from attrs import frozen

from .._i18n import set_language
from ..model import AnnualReport
from .work import FileResult, audit_file

__all__ = ["ENGINES", "Engine", "Work", "run"]

Engine = Literal["process", "dask"]
ENGINES: tuple[Engine, ...] = ("process", "dask")

CHUNK = 8
"""Files per task: enough to make a task's overhead small, few enough to keep workers busy."""


@frozen
class Work:
    """What each worker needs besides the file names (module-level functions only, so that
    it pickles by reference)."""

    language: str = "en"
    describe: Callable[[BaseException], str] = str
    metrics: Callable[[AnnualReport], dict[str, Decimal | None]] | None = None


def work_chunk(files: list[str], work: Work) -> list[FileResult]:
    """The results of a chunk of files (runs in a worker)."""
    set_language(work.language)
    return [audit_file(f, describe=work.describe, metrics=work.metrics) for f in files]


def _chunks(files: Iterable[str]) -> Iterator[list[str]]:
    it = iter(files)
    while chunk := list(islice(it, CHUNK)):
        yield chunk


def run(
    files: Iterable[str],
    work: Work,
    *,
    engine: Engine = "process",
    jobs: int = 0,
    scheduler: str | None = None,
) -> Iterator[FileResult]:
    """The results of ``files`` in their order.

    ``jobs`` is the number of worker processes (0: one per CPU; 1: no pool, the work runs
    here). ``engine="dask"`` sends the chunks to a Dask cluster: the scheduler at
    ``scheduler`` (``tcp://host:8786``), else a local cluster of ``jobs`` worker processes.
    """
    workers = jobs or os.cpu_count() or 1
    if engine == "dask":
        yield from _run_dask(files, work, workers, scheduler)
    elif workers == 1:
        for chunk in _chunks(files):
            yield from work_chunk(chunk, work)
    else:
        with ProcessPoolExecutor(workers) as pool:
            yield from _windowed(lambda c: pool.submit(work_chunk, c, work), files, workers)


def _windowed(
    submit: Callable[[list[str]], Any], files: Iterable[str], workers: int
) -> Iterator[FileResult]:
    """Submit chunks keeping at most four per worker in flight; yield results in order."""
    window: deque[Any] = deque()
    try:
        for chunk in _chunks(files):
            window.append(submit(chunk))
            if len(window) >= 4 * workers:
                yield from window.popleft().result()
        while window:
            yield from window.popleft().result()
    finally:
        for future in window:  # interrupted: drop what has not started
            future.cancel()


def _run_dask(
    files: Iterable[str], work: Work, workers: int, scheduler: str | None
) -> Iterator[FileResult]:
    try:
        distributed: Any = importlib.import_module("dask.distributed")
    except ImportError:
        raise ImportError(
            "the dask engine needs Dask: pip install 'gov-disclosure[dask]'"
        ) from None
    if scheduler is not None:
        client = distributed.Client(scheduler)
        cluster = None
    else:
        cluster = distributed.LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
        )
        client = distributed.Client(cluster)
    try:
        # Each chunk is its own task: pure=False keeps two equal chunks (e.g. from a resumed
        # run) from being merged into one result.
        def submit(chunk: list[str]) -> Any:
            return client.submit(work_chunk, chunk, work, pure=False)

        yield from _windowed(submit, files, max(workers, len(client.scheduler_info()["workers"])))
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
