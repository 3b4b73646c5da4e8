"""The audit's state on disk (``audit.sqlite`` in the output folder) and its streamed outputs.

Each file's lines are appended to ``findings.jsonl`` and ``cells.csv`` as its result arrives;
every batch of results is then committed to the database together with the byte length the
two files had at that moment. A run that is interrupted (Ctrl-C, a killed process, a full
disk) therefore leaves outputs that are at most one batch ahead of the database, and
``--resume`` cuts them back to the committed length before it goes on: nothing committed is
lost, nothing is written twice. The tables that summarise the run (``reports.csv``, the summary
pages) are written from the database at the end, without holding the corpus in memory.

The folder is locked for the length of a run (:class:`Lock`), so that a second run cannot
write into it at the same time. A resumed run first checks the database (``PRAGMA
quick_check``, its tables, its version) and that no output is shorter than its committed
length, and refuses a damaged audit before anything is touched. The streamed files are new
files of the audit's own (a symbolic link planted in their place is removed, never followed);
a write that fails (a full disk) cuts both back to the last commit and names the file.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import sqlite3
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import Any

import orjson

from .._i18n import _
from .errors import AuditError
from .work import CELL_COLUMNS, FileResult

__all__ = ["LOCK_FILE", "STATE_FILE", "Lock", "Store"]

STATE_FILE = "audit.sqlite"
"""The database of an audit's progress and per-file results, in the output folder."""

LOCK_FILE = "audit.lock"
"""The lock file of a running audit, in the output folder (it holds the process id)."""

FINDINGS_FILE = "findings.jsonl"
CELLS_FILE = "cells.csv"

_TABLES = frozenset({"meta", "files", "codes"})
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_BINARY = getattr(os, "O_BINARY", 0)
_BUFFER = 1 << 20

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS files (
    file TEXT PRIMARY KEY,
    seq INTEGER NOT NULL,
    status TEXT NOT NULL,
    message TEXT NOT NULL,
    agency TEXT NOT NULL,
    year INTEGER,
    edition TEXT NOT NULL,
    forms TEXT NOT NULL,
    input TEXT NOT NULL,
    errors INTEGER NOT NULL,
    warnings INTEGER NOT NULL,
    infos INTEGER NOT NULL,
    metrics TEXT NOT NULL,
    state BLOB NOT NULL,
    series TEXT
);
CREATE TABLE IF NOT EXISTS codes (
    file TEXT NOT NULL,
    code TEXT NOT NULL,
    severity TEXT NOT NULL,
    n INTEGER NOT NULL,
    phase TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS bodies (series TEXT PRIMARY KEY, body TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS copies (
    file TEXT PRIMARY KEY,
    representative TEXT NOT NULL,
    copies INTEGER NOT NULL,
    differences INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS codes_code ON codes (code);
CREATE INDEX IF NOT EXISTS files_series ON files (series, year);
CREATE INDEX IF NOT EXISTS files_agency ON files (agency);
"""

_VERSION = "1"

_BATCH_FILES = 200
_BATCH_SECONDS = 2.0


class Lock:
    """An OS lock on an output folder (``flock``; ``msvcrt.locking`` on Windows) held by one
    run until :meth:`release`. The OS releases it when the process ends, however it ends, so
    a lock is never stale; the file keeps the id of the process that took it last."""

    def __init__(self, outdir: Path) -> None:
        path = outdir / LOCK_FILE
        try:
            if path.is_symlink():
                path.unlink()
            fd = os.open(path, os.O_RDWR | os.O_CREAT | _NOFOLLOW | _BINARY, 0o644)
        except OSError as exc:
            raise _cannot_write(path, exc) from None
        try:
            _lock(fd)
        except BlockingIOError:
            pid = _read_pid(fd)
            os.close(fd)
            raise AuditError(
                _(
                    "{outdir}: another audit is writing into this folder (process {pid}); "
                    "wait for it to end, or write into another folder"
                ).format(outdir=outdir, pid=pid)
            ) from None
        except OSError as exc:
            os.close(fd)
            raise _cannot_write(path, exc) from None
        os.ftruncate(fd, 0)
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, f"{os.getpid()}\n".encode())
        self.fd = fd
        """The lock's file descriptor (a worker process started by fork closes its copy)."""

    def release(self) -> None:
        """Let another run take the folder."""
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1


def _lock(fd: int) -> None:
    """Lock ``fd`` without waiting; :class:`BlockingIOError` when another process holds it."""
    if sys.platform == "win32":
        import msvcrt

        os.lseek(fd, 0, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except PermissionError as exc:
            raise BlockingIOError(str(exc)) from None
    else:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


def _read_pid(fd: int) -> str:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        text = os.read(fd, 32).decode("ascii", "replace").strip()
    except OSError:
        text = ""
    return text or "?"


def _cannot_write(path: Path, exc: BaseException) -> AuditError:
    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    return AuditError(_("{file}: cannot write ({reason})").format(file=path, reason=reason))


def _damaged(path: Path, reason: str) -> AuditError:
    return AuditError(
        _(
            "{file}: the audit in this folder is damaged ({reason}); nothing was changed: "
            "start over with --force"
        ).format(file=path, reason=reason)
    )


class _WriteFailed(Exception):
    def __init__(self, path: Path, error: OSError) -> None:
        super().__init__(str(error))
        self.path = path
        self.error = error


class _Stream:
    """One streamed output: a file of the audit's own, appended through a buffer."""

    def __init__(self, path: Path, committed: int | None) -> None:
        """``committed`` None: a new file (whatever was at ``path`` is removed first, a
        symbolic link too, never followed); else the file cut back to that many bytes."""
        self.path = path
        self._parts: list[bytes] = []
        self._buffered = 0
        try:
            if committed is None:
                if path.is_symlink() or path.exists():
                    path.unlink()
                flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _BINARY
                self.fd = os.open(path, flags, 0o666)
                self.size = 0
            else:
                self.fd = os.open(path, os.O_WRONLY | _NOFOLLOW | _BINARY)
                os.ftruncate(self.fd, committed)
                os.lseek(self.fd, committed, os.SEEK_SET)
                self.size = committed
        except OSError as exc:
            raise _cannot_write(path, exc) from None

    def write(self, text: str) -> None:
        data = text.encode("utf-8")
        self._parts.append(data)
        self._buffered += len(data)
        if self._buffered >= _BUFFER:
            self.flush()

    def flush(self) -> None:
        data = memoryview(b"".join(self._parts))
        self._parts.clear()
        self._buffered = 0
        while data:
            try:
                n = os.write(self.fd, data)
            except OSError as exc:
                raise _WriteFailed(self.path, exc) from None
            data = data[n:]
            self.size += n

    def cut(self, size: int) -> None:
        """Drop everything after ``size`` bytes (what was not committed)."""
        self._parts.clear()
        self._buffered = 0
        os.ftruncate(self.fd, size)
        os.lseek(self.fd, size, os.SEEK_SET)
        self.size = size

    def close(self) -> None:
        os.close(self.fd)


class Store:
    """The output folder of one audit: the database and the two streamed files.

    ``resume``: continue the audit the folder holds (checked first: a damaged one raises
    :class:`AuditError` and nothing is touched); else start a new one (any earlier state
    removed). The caller holds the folder's :class:`Lock`."""

    def __init__(self, outdir: Path, *, resume: bool) -> None:
        self.outdir = outdir
        self.findings_path = outdir / FINDINGS_FILE
        self.cells_path = outdir / CELLS_FILE
        state = outdir / STATE_FILE
        if state.is_symlink() and resume:
            raise _damaged(state, _("a symbolic link, not the audit's own file"))
        resume = resume and state.exists()
        if not resume:
            for name in (STATE_FILE, f"{STATE_FILE}-wal", f"{STATE_FILE}-shm"):
                try:
                    (outdir / name).unlink(missing_ok=True)
                except OSError as exc:
                    raise _cannot_write(outdir / name, exc) from None
        try:
            self.db = sqlite3.connect(state)
        except sqlite3.Error as exc:
            raise _cannot_write(state, exc) from None
        self._closed = False
        self._busy = False
        """Set while a result or a commit is half written: an interruption then rolls back."""
        self._in_series = False
        committed = self._check() if resume else None
        try:
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            # the tables and the version at once: a database is empty or whole
            self.db.executescript(
                f"BEGIN; {_SCHEMA} INSERT OR IGNORE INTO meta VALUES ('version', '{_VERSION}'); "
                "COMMIT;"
            )
            self._seq = self.db.execute("SELECT COALESCE(MAX(seq), -1) + 1 FROM files").fetchone()[
                0
            ]
        except sqlite3.Error as exc:
            self.db.close()
            raise _cannot_write(state, exc) from None
        self.findings = _Stream(self.findings_path, committed[0] if committed else None)
        self.cells = _Stream(self.cells_path, committed[1] if committed else None)
        if self.cells.size == 0:
            header = io.StringIO()
            csv.writer(header, lineterminator="\n").writerow(CELL_COLUMNS)
            self.cells.write(header.getvalue())
        self._pending = 0
        self._last_commit = time.monotonic()
        self.commit()

    def _check(self) -> tuple[int, int] | None:
        """The committed lengths of the streamed files once the audit is found whole (None:
        nothing committed yet); a damaged audit raises :class:`AuditError`. Reads only."""
        state = self.outdir / STATE_FILE
        try:
            (verdict,) = self.db.execute("PRAGMA quick_check").fetchone()
            if verdict != "ok":
                raise self._refuse(_damaged(state, str(verdict)))
            tables = {n for (n,) in self.db.execute("SELECT name FROM sqlite_master")}
            if not tables:  # stopped before its tables were made: nothing to resume
                return None
            if not tables >= _TABLES:
                raise self._refuse(_damaged(state, _("tables are missing")))
            version = self._meta("version")
            if version != _VERSION:
                raise self._refuse(
                    _damaged(
                        state,
                        _("state version {found}, expected {expected}").format(
                            found=version, expected=_VERSION
                        ),
                    )
                )
            lengths = (self._meta("findings_bytes"), self._meta("cells_bytes"))
        except sqlite3.Error as exc:
            raise self._refuse(_damaged(state, str(exc))) from None
        if lengths[1] is None:
            return None
        try:
            committed = (int(lengths[0] or 0), int(lengths[1]))
        except ValueError:
            raise self._refuse(
                _damaged(state, _("the committed lengths are not numbers"))
            ) from None
        for path, length in zip((self.findings_path, self.cells_path), committed, strict=True):
            if path.is_symlink():
                raise self._refuse(_damaged(path, _("a symbolic link, not the audit's own file")))
            if not path.is_file():
                reason = _("missing, though {length} bytes were committed").format(length=length)
                raise self._refuse(_damaged(path, reason))
            size = path.stat().st_size
            if size < length:
                reason = _("{size} bytes, shorter than the {length} bytes committed").format(
                    size=size, length=length
                )
                raise self._refuse(_damaged(path, reason))
        return committed

    def _refuse(self, error: AuditError) -> AuditError:
        self.db.close()
        self._closed = True
        return error

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Commit what has been written and close the files; after an interruption in the
        middle of a result or a commit, roll back to the last commit instead."""
        if self._closed:
            return
        if self._busy:
            self._rollback()
        else:
            self.commit()
        self._shut()

    def _shut(self) -> None:
        if self._closed:
            return
        self._closed = True
        self.findings.close()
        self.cells.close()
        self.db.close()

    def _rollback(self) -> None:
        """Forget everything after the last commit, in the database and in the files."""
        self.db.rollback()
        for stream, key in ((self.findings, "findings_bytes"), (self.cells, "cells_bytes")):
            with contextlib.suppress(OSError, sqlite3.Error):  # else --resume cuts it back
                stream.cut(int(self._meta(key) or 0))
        self._busy = False

    def _fail(self, path: Path, error: BaseException) -> AuditError:
        """Roll back and close after a failed write; the error that names the file."""
        self._rollback()
        self._shut()
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        return AuditError(
            _(
                "{file}: could not write ({reason}); the outputs are back at the last commit: "
                "make room and run the same command with --resume"
            ).format(file=path, reason=reason)
        )

    def _meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def _set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def language(self, language: str | None) -> str | None:
        """The language of the audit's outputs: the one recorded when the audit was started (a
        resume keeps it, so that the outputs are in one language), else ``language``, recorded
        now (None, each kind of message in its default, is recorded as "")."""
        recorded = self._meta("language")
        if recorded is not None:
            return recorded or None
        try:
            self._set_meta("language", language or "")
            self.db.commit()
        except sqlite3.Error as exc:
            raise self._fail(self.outdir / STATE_FILE, exc) from None
        return language

    def done(self, file: str) -> bool:
        """Whether a committed result for ``file`` is in the store."""
        row = self.db.execute("SELECT 1 FROM files WHERE file = ?", (file,)).fetchone()
        return row is not None

    def count(self) -> int:
        """The number of files with a committed result."""
        return int(self.db.execute("SELECT COUNT(*) FROM files").fetchone()[0])

    def add(self, result: FileResult) -> None:
        """Append one file's outputs; committed with its batch."""
        self._busy = True
        try:
            self.findings.write(result.findings)
            self.cells.write(result.cells)
            self.db.execute(
                "INSERT OR REPLACE INTO files VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,NULL)",
                (
                    result.file,
                    self._seq,
                    result.status,
                    result.message,
                    result.agency,
                    result.year,
                    result.edition,
                    result.forms,
                    result.input,
                    *result.counts,
                    orjson.dumps(dict(result.metrics)).decode(),
                    result.state,
                ),
            )
            self.db.executemany(
                "INSERT INTO codes VALUES (?,?,?,?,'file')",
                [(result.file, code, severity, n) for code, severity, n in result.codes],
            )
        except _WriteFailed as exc:
            raise self._fail(exc.path, exc.error) from None
        except sqlite3.Error as exc:
            raise self._fail(self.outdir / STATE_FILE, exc) from None
        self._seq += 1
        self._pending += 1
        self._busy = False
        if self._pending >= _BATCH_FILES or time.monotonic() - self._last_commit >= _BATCH_SECONDS:
            self.commit()

    def commit(self) -> None:
        """Write out the streamed files and commit the batch with their lengths."""
        self._busy = True
        try:
            self.findings.flush()
            self.cells.flush()
            if not self._in_series:  # the resume point stays before the cross-year findings
                self._set_meta("findings_bytes", str(self.findings.size))
                self._set_meta("cells_bytes", str(self.cells.size))
            self.db.commit()
        except _WriteFailed as exc:
            raise self._fail(exc.path, exc.error) from None
        except sqlite3.Error as exc:
            raise self._fail(self.outdir / STATE_FILE, exc) from None
        self._busy = False
        self._pending = 0
        self._last_commit = time.monotonic()

    # --- the cross-year pass -------------------------------------------------------------

    def agencies(self) -> Iterator[str]:
        """Every agency name of a read report."""
        for (name,) in self.db.execute("SELECT DISTINCT agency FROM files WHERE status = 'read'"):
            yield name

    def set_series(self, keys: dict[str, str]) -> None:
        """Record the body (series key) of every agency name."""
        self.db.executemany(
            "UPDATE files SET series = ? WHERE agency = ?", [(k, a) for a, k in keys.items()]
        )
        self.db.commit()

    def set_bodies(self, bodies: dict[str, str]) -> None:
        """Record the name shown for each body (series key → name)."""
        self.db.execute("DELETE FROM bodies")
        self.db.executemany("INSERT INTO bodies VALUES (?, ?)", bodies.items())
        self.db.commit()

    def series_members(self) -> Iterator[tuple[str, str, int, bytes, str, int]]:
        """(series, file, year, state, input, reading findings) of every read report with a
        year, by series then year."""
        yield from self.db.execute(
            "SELECT f.series, f.file, f.year, f.state, f.input, COALESCE(r.n, 0) FROM files f "
            "LEFT JOIN (SELECT file, SUM(n) AS n FROM codes "
            "WHERE phase = 'file' AND code LIKE 'R%' GROUP BY file) r ON r.file = f.file "
            "WHERE f.status = 'read' AND f.year IS NOT NULL AND f.series IS NOT NULL "
            "ORDER BY f.series, f.year, f.seq"
        )

    def begin_series(self) -> None:
        """Forget the findings and copies of an earlier cross-year pass (it is done again in
        full)."""
        self.db.execute("DELETE FROM codes WHERE phase = 'series'")
        self.db.execute("DELETE FROM copies")
        self.commit()
        self._in_series = True

    def add_copies(self, copies: list[tuple[str, str, int, int]]) -> None:
        """Record the files that hold one report: (file, representative, copies, differences)."""
        self.db.executemany("INSERT OR REPLACE INTO copies VALUES (?,?,?,?)", copies)

    def add_series(self, file: str, lines: str, codes: dict[tuple[str, str], int]) -> None:
        """Append cross-year findings attributed to ``file``."""
        self._busy = True
        try:
            self.findings.write(lines)
            self.db.executemany(
                "INSERT INTO codes VALUES (?,?,?,?,'series')",
                [(file, code, severity, n) for (code, severity), n in codes.items()],
            )
        except _WriteFailed as exc:
            raise self._fail(exc.path, exc.error) from None
        except sqlite3.Error as exc:
            raise self._fail(self.outdir / STATE_FILE, exc) from None
        self._busy = False

    # --- what the end of a run reads -----------------------------------------------------

    def query(self, sql: str, *args: Any) -> list[tuple[Any, ...]]:
        """Rows of a query on the state (for the summary)."""
        return list(self.db.execute(sql, args))

    def stream(self, sql: str, *args: Any) -> Iterator[tuple[Any, ...]]:
        """Rows of a query, one at a time."""
        yield from self.db.execute(sql, args)
