"""Where the audit's work runs: this process, a pool of processes, or a Dask cluster.

Each engine is one class behind the small :class:`Engine` protocol, registered by name in
:data:`ENGINES`; a Ray or Spark engine is one more class and one :func:`register_engine` call.

An engine maps a function over chunks of work (files, or the years of some bodies) and yields
the results in the order of the chunks, with a bounded number of chunks in flight, so the
parent's memory does not grow with the corpus and the outputs are the same whichever engine
ran. The functions sent are module-level (they pickle by reference) and pure.

Worker processes ignore SIGINT (Ctrl-C at a terminal reaches every process of the job): the
parent alone is interrupted, and on any interruption or error it cancels what has not started,
gives its workers a few seconds to finish the chunks they hold, then terminates those left,
so none is left behind. A worker that dies (killed, out of memory)
raises :class:`WorkersLost` naming the items that were in flight.
"""

from __future__ import annotations

import contextlib
import importlib
import multiprocessing
import os
import queue
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import AbstractContextManager
from decimal import Decimal
from itertools import islice
from types import TracebackType
from typing import Any, ClassVar, Generic, Protocol, TypeVar, runtime_checkable

from attrs import frozen

from .._i18n import _, get_language, using_language
from ..agency import Aliases
from ..model import AnnualReport
from ..readers.progress import PageSink, page_sink, reporting
from .work import FileResult, Member, SeriesResult, audit_file, series_findings

__all__ = [
    "CHUNK",
    "DASK_CHUNK",
    "ENGINES",
    "DaskEngine",
    "Done",
    "Engine",
    "EngineOptions",
    "Pool",
    "ProcessEngine",
    "Task",
    "Work",
    "WorkersLost",
    "chunks",
    "register_engine",
    "series_chunk",
    "work_chunk",
]

CHUNK = 32
"""Items (files, bodies) per task of a process pool: enough to make a task's overhead small,
few enough to keep the workers busy to the end (benchmarks/bench_audit.py)."""

DASK_CHUNK = 64
"""Items per task on Dask, whose overhead per task (scheduling, results sent over TCP) is
larger: 3,000 files on a local cluster of two took 14.3 s in chunks of 8, 10.9 s in chunks of
64, 11.4 s in chunks of 128."""

IN_FLIGHT = 4
"""Chunks in flight per worker."""

STOP_GRACE = 10.0
"""Seconds the workers of an interrupted audit have to finish the file in hand."""

_T = TypeVar("_T")
_R = TypeVar("_R")
_R_co = TypeVar("_R_co", covariant=True)


@frozen
class Work:
    """What each worker needs besides the file names (module-level functions only, so that
    it pickles by reference)."""

    language: str | None = None
    """The language of the messages (None: each kind in its default, see
    :func:`gov_disclosure.set_language`)."""
    describe: Callable[[BaseException], str] = str
    metrics: Callable[[AnnualReport], dict[str, Decimal | None]] | None = None


_stopping: Any = None
"""In a worker process: the pool's stop event (set when the audit is interrupted)."""

_SLOT = 1024
"""Bytes of a worker's slot in the pool's record of the file each worker has in hand."""

_hand: tuple[Any, int] | None = None
"""In a worker process: the pool's record of the files in hand and this worker's slot."""

_page_queue: Any = None
"""In a worker process: the pool's queue of the pages of scans recognised, for the parent."""

_PAGE_NAME = 512
"""The most characters of a file's name sent with its pages (a message stays one write)."""


def _send_page(file: str | None, done: int, total: int) -> None:
    """Tell the parent of a page recognised (in a worker process)."""
    _page_queue.put(((file or "")[:_PAGE_NAME], done, total))


def _no_pages(file: str | None, done: int, total: int) -> None:
    """Pages told to nobody: a worker draws no progress bar of its own."""


def _in_hand(file: str) -> None:
    """Record the file this worker now works on ("" when none), for a parent whose worker
    died to name it."""
    if _hand is None:
        return
    record, slot = _hand
    data = file.encode("utf-8", "replace")[: _SLOT - 1]
    record[slot * _SLOT : (slot + 1) * _SLOT] = data.ljust(_SLOT, b"\0")


def _stopped() -> bool:
    return _stopping is not None and bool(_stopping.is_set())


def work_chunk(files: list[str], work: Work) -> list[FileResult]:
    """The results of a chunk of files (runs in a worker; one of a stopping pool gives up
    between two files: nobody waits for the result)."""
    results: list[FileResult] = []
    # the pages of scans go to the parent's bar (the pool's queue, or the sink of this process)
    sink = _send_page if _page_queue is not None else page_sink() or _no_pages
    with using_language(work.language), reporting(sink):  # restored: it may run in the parent
        for file in files:
            if _stopped():
                break
            _in_hand(file)
            results.append(audit_file(file, describe=work.describe, metrics=work.metrics))
    _in_hand("")
    return results


def series_chunk(
    groups: list[list[Member]], aliases: Aliases | None = None, work: Work | None = None
) -> list[SeriesResult]:
    """The cross-year findings of a chunk of bodies, each given as its reports in year order
    (runs in a worker, in ``work``'s language; one of a stopping pool gives up between two
    bodies)."""
    results: list[SeriesResult] = []
    language = work.language if work is not None else get_language()
    with using_language(language), reporting(_no_pages):
        for group in groups:
            if _stopped():
                break
            _in_hand(group[-1][0])
            results.append(series_findings(group, aliases))
    _in_hand("")
    return results


class WorkersLost(Exception):
    """A worker process died (killed, out of memory) with ``items`` in flight: sent to the
    workers, no result received; ``in_hand``: the files the workers were working on then (the
    dead worker's among them)."""

    def __init__(self, items: list[Any], in_hand: list[str]) -> None:
        super().__init__(f"a worker process died with {len(items)} items in flight")
        self.items = items
        self.in_hand = in_hand


def _start_worker(
    close: tuple[int, ...], stop: Any, record: Any, slots: Any, pages: Any = None
) -> None:
    """Run first in every worker process: leave SIGINT to the parent, keep the pool's stop
    event and its queue of pages (None: pages told to nobody), take a slot in its record of
    the files in hand, and close the parent's descriptors named (the output folder's lock) so
    that they die with the parent."""
    global _stopping, _hand, _page_queue
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _stopping = stop
    _page_queue = pages
    with slots.get_lock():
        slot = slots.value % (len(record) // _SLOT)
        slots.value += 1
    _hand = (record, slot)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    for fd in close:
        with contextlib.suppress(OSError):
            os.close(fd)


@contextlib.contextmanager
def _no_sigint() -> Iterator[None]:
    """SIGINT held back in this thread (a process forked meanwhile starts with it blocked,
    until :func:`_start_worker` ignores it); delivered when the block ends."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def chunks(items: Iterable[_T], size: int = CHUNK) -> Iterator[list[_T]]:
    """``items`` in lists of ``size``."""
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


class Task(Protocol[_R_co]):
    """A chunk sent to an engine: its result (waited for), or cancelled before it starts."""

    def result(self) -> _R_co: ...

    def cancel(self) -> bool: ...


@frozen
class EngineOptions:
    """What an engine is started with."""

    jobs: int = 0
    """Worker processes asked for (0: one per CPU)."""
    scheduler: str | None = None
    """The address of a cluster's scheduler, for an engine that takes one (:attr:`Engine.address`)."""
    close: tuple[int, ...] = ()
    """Descriptors a forked worker process closes first (the output folder's lock)."""
    pages: PageSink | None = None
    """Told, in this process, ``(file, pages done, pages in all)`` as the pages of scans are
    recognised (an engine that cannot tell does not call it)."""


@runtime_checkable
class Engine(Protocol):
    """Where the chunks of an audit run: one class per engine, registered in :data:`ENGINES`
    (:func:`register_engine`) and built with the :class:`EngineOptions` of the run.

    ``chunk`` is the items per task, ``workers`` the tasks run at once, ``in_flight`` the chunks
    sent before the first result is waited for (1: each chunk runs as it is sent). ``submit``
    starts ``fn(*args)`` and returns its :class:`Task`; ``in_hand`` names the files the workers
    hold (for the message when one dies; may be empty); ``close`` ends the engine, at once when
    ``failed`` (interrupted, or an error), having told :attr:`EngineOptions.pages` of every
    page it was sent."""

    address: ClassVar[bool]
    """Whether the engine takes a scheduler's address (``--scheduler``)."""
    chunk: int
    workers: int
    in_flight: int

    def __init__(self, options: EngineOptions) -> None: ...

    def submit(self, fn: Callable[..., _R], *args: Any) -> Task[_R]: ...

    def in_hand(self) -> list[str]: ...

    def close(self, failed: bool) -> None: ...


class Done(Generic[_R]):
    """A task already run, in this process."""

    def __init__(self, value: _R) -> None:
        self.value = value

    def result(self) -> _R:
        return self.value

    def cancel(self) -> bool:
        return False


class ProcessEngine:
    """Local worker processes: ``jobs`` of them (0: one per CPU; 1: none, the work runs in
    this process as it is sent), in chunks of :data:`CHUNK`. The pages of scans the workers
    recognise come back through a queue, read by a thread of this process."""

    address: ClassVar[bool] = False

    def __init__(self, options: EngineOptions) -> None:
        self.workers = options.jobs or os.cpu_count() or 1
        self.chunk = CHUNK
        self.in_flight = IN_FLIGHT * self.workers if self.workers > 1 else 1
        self._pool: ProcessPoolExecutor | None = None
        self._record: Any = None
        self._stop: Any = None
        self._pages = options.pages
        self._queue: Any = None
        self._reader: threading.Thread | None = None
        self._read_all = threading.Event()
        if self.workers > 1:
            self._stop = multiprocessing.Event()
            self._record = multiprocessing.Array("c", self.workers * _SLOT)
            slots = multiprocessing.Value("i", 0)
            if options.pages is not None:
                self._queue = multiprocessing.Queue()
                self._reader = threading.Thread(
                    target=_read_pages,
                    args=(self._queue, options.pages, self._read_all),
                    name="gov-disclosure-pages",
                    daemon=True,
                )  # started once the workers are forked: none inherits a running thread
            # Only a forked worker holds the parent's descriptors (under the same numbers).
            forked = multiprocessing.get_start_method() == "fork"
            self._pool = ProcessPoolExecutor(
                self.workers,
                initializer=_start_worker,
                initargs=(
                    options.close if forked else (),
                    self._stop,
                    self._record,
                    slots,
                    self._queue,
                ),
            )

    def submit(self, fn: Callable[..., _R], *args: Any) -> Task[_R]:
        if self._pool is None:
            with reporting(self._pages or _no_pages):
                return Done(fn(*args))
        with _no_sigint():  # the workers are forked here, on the first submit
            task = self._pool.submit(fn, *args)
        if self._reader is not None and self._reader.ident is None:
            self._reader.start()
        return task

    def in_hand(self) -> list[str]:
        if self._record is None:
            return []
        raw: bytes = self._record.raw
        parts = (raw[i : i + _SLOT].rstrip(b"\0") for i in range(0, len(raw), _SLOT))
        return [part.decode("utf-8", "replace") for part in parts if part]

    def close(self, failed: bool) -> None:
        if self._pool is None:
            return
        try:
            if failed:  # interrupted or failed: no waiting for the chunks in flight
                _terminate(self._pool, self._stop)
            else:
                self._pool.shutdown()
        finally:
            if self._reader is not None and self._reader.ident is not None:
                # the workers have ended: the pages they sent are all in the queue
                self._read_all.set()
                self._reader.join(_PAGES_WAIT)


_PAGES_WAIT = 5.0
"""Seconds a closing pool waits for the pages its workers sent to be told."""


def _read_pages(pages_sent: Any, pages: PageSink, read_all: threading.Event) -> None:
    """Tell ``pages`` of each page the workers send, until the queue is empty once
    ``read_all`` is set (this process never writes to the queue: a worker terminated while
    it wrote cannot hold this process up)."""
    while True:
        try:
            item = pages_sent.get(timeout=0.05)
        except queue.Empty:
            if read_all.is_set():
                return
            continue
        pages(*item)


class DaskEngine:
    """A Dask cluster (the ``dask`` extra): the scheduler at ``scheduler`` (e.g.
    ``tcp://host:8786``), else a local cluster of ``jobs`` worker processes; chunks of
    :data:`DASK_CHUNK`."""

    address: ClassVar[bool] = True

    def __init__(self, options: EngineOptions) -> None:
        try:
            distributed: Any = importlib.import_module("dask.distributed")
        except ImportError:
            raise ImportError(
                _("the dask engine needs Dask: pip install 'gov-disclosure[dask]'")
            ) from None
        self.chunk = DASK_CHUNK
        self._close: list[Callable[[], object]] = []
        if options.scheduler is not None:
            self._client: Any = distributed.Client(options.scheduler)
        else:
            cluster = distributed.LocalCluster(
                n_workers=options.jobs or os.cpu_count() or 1,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
            )
            self._client = distributed.Client(cluster)
            self._close.append(cluster.close)
        self._close.insert(0, self._client.close)
        self.workers = max(1, len(self._client.scheduler_info()["workers"]))
        self.in_flight = IN_FLIGHT * self.workers

    def submit(self, fn: Callable[..., _R], *args: Any) -> Task[_R]:
        # pure=False: two equal chunks are two tasks, never one cached result.
        task: Task[_R] = self._client.submit(fn, *args, pure=False)
        return task

    def in_hand(self) -> list[str]:
        return []

    def close(self, failed: bool) -> None:
        for close in self._close:
            close()


ENGINES: dict[str, type[Engine]] = {"process": ProcessEngine, "dask": DaskEngine}
"""The audit's engines by name (``--engine``)."""


def register_engine(name: str, engine: type[Engine]) -> None:
    """Make ``engine`` available as ``audit(engine=name)`` and ``--engine name``."""
    ENGINES[name] = engine


class Pool(AbstractContextManager["Pool"]):
    """The workers of one audit on an engine of :data:`ENGINES` (by name, or the class):
    ``jobs`` processes (0: one per CPU; 1: none, the work runs here) of the process engine, or
    a Dask cluster (``engine="dask"``: the scheduler at ``scheduler``, e.g. ``tcp://host:8786``,
    else a local cluster of ``jobs`` worker processes)."""

    def __init__(
        self,
        engine: str | type[Engine] = "process",
        jobs: int = 0,
        scheduler: str | None = None,
        *,
        close: tuple[int, ...] = (),
        pages: PageSink | None = None,
    ) -> None:
        """``close``: descriptors a forked worker process closes first; ``pages``: told
        ``(file, pages done, pages in all)`` as the workers recognise the pages of scans."""
        if isinstance(engine, str):
            if engine not in ENGINES:
                raise ValueError(
                    _("unknown engine {engine!r}: one of {known}").format(
                        engine=engine, known=", ".join(ENGINES)
                    )
                )
            engine = ENGINES[engine]
        self.engine = engine(EngineOptions(jobs, scheduler, close, pages))
        self.workers = self.engine.workers
        self.chunk = self.engine.chunk
        """Items per task."""

    def map(
        self, fn: Callable[..., list[_R]], items: Iterable[_T], *args: Any, chunk: int = 0
    ) -> Iterator[_R]:
        """``fn(chunk, *args)`` over the chunks of ``items`` (of ``chunk`` items, default the
        engine's); the results flattened, in order."""
        window: deque[tuple[Task[list[_R]], list[_T]]] = deque()
        try:
            for part in chunks(items, chunk or self.chunk):
                window.append((self.engine.submit(fn, part, *args), part))
                if len(window) >= self.engine.in_flight:
                    yield from window[0][0].result()
                    window.popleft()
            while window:
                yield from window[0][0].result()
                window.popleft()
        except BrokenProcessPool:
            lost = [item for _, part in window for item in part]
            raise WorkersLost(lost, self.in_hand()) from None
        finally:
            for task, _ in window:  # interrupted: drop what has not started
                task.cancel()

    def in_hand(self) -> list[str]:
        """The files the worker processes are working on (none for Dask or no workers)."""
        return self.engine.in_hand()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.engine.close(kind is not None)


def _terminate(pool: ProcessPoolExecutor, stop: Any, grace: float | None = None) -> None:
    """Stop a process pool: cancel what has not started, tell the workers to give up their
    chunks after the file in hand (``stop``), wait up to ``grace`` seconds
    (:data:`STOP_GRACE`; a second Ctrl-C cuts it short), then terminate those still running
    (killed when they do not end within five seconds), and wait for them all. A worker is not
    terminated at once: one stopped while it sends a result leaves the pool's reader waiting
    for the rest of it for ever."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    stop.set()
    pool.shutdown(wait=False, cancel_futures=True)
    deadline = time.monotonic() + (STOP_GRACE if grace is None else grace)
    try:
        for process in processes:
            process.join(max(0.0, deadline - time.monotonic()))
    except KeyboardInterrupt:
        pass  # asked again: stop now
    for process in processes:
        if process.is_alive():
            process.terminate()
    for process in processes:
        process.join(5)
        if process.is_alive():
            process.kill()
            process.join()
