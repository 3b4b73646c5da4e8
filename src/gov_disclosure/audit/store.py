"""The audit's state on disk (``audit.sqlite`` in the output folder) and its streamed outputs.

Each file's lines are appended to ``findings.jsonl`` and ``cells.csv`` as its result arrives;
every batch of results is then committed to the database together with the byte length the
two files had at that moment. A run that is interrupted (Ctrl-C, a killed process, a full
disk) therefore leaves outputs that are at most one batch ahead of the database, and
``--resume`` cuts them back to the committed length before it goes on: nothing committed is
lost, nothing is written twice. The tables that summarise the run (``reports.csv``, the summary
pages) are written from the database at the end, without holding the corpus in memory.
"""

from __future__ import annotations

import csv
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import IO, Any

import orjson

from .work import CELL_COLUMNS, FileResult

__all__ = ["STATE_FILE", "Store"]

STATE_FILE = "audit.sqlite"
"""The database of an audit's progress and per-file results, in the output folder."""

FINDINGS_FILE = "findings.jsonl"
CELLS_FILE = "cells.csv"

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


class Store:
    """The output folder of one audit: the database and the two streamed files."""

    def __init__(self, outdir: Path, *, resume: bool) -> None:
        self.outdir = outdir
        outdir.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(outdir / STATE_FILE)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(_SCHEMA)
        version = self._meta("version")
        if version is None:
            self._set_meta("version", _VERSION)
            self.db.commit()
        self.findings_path = outdir / FINDINGS_FILE
        self.cells_path = outdir / CELLS_FILE
        offsets = (int(self._meta("findings_bytes") or 0), int(self._meta("cells_bytes") or 0))
        if not resume:
            offsets = (0, 0)
        self.findings: IO[str] = _open_at(self.findings_path, offsets[0])
        self.cells: IO[str] = _open_at(self.cells_path, offsets[1])
        if offsets[1] == 0:
            csv.writer(self.cells, lineterminator="\n").writerow(CELL_COLUMNS)
        self._pending = 0
        self._in_series = False
        self._last_commit = time.monotonic()
        self._seq = self.db.execute("SELECT COALESCE(MAX(seq), -1) + 1 FROM files").fetchone()[0]
        self.commit()

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
        """Commit what has been written and close the files."""
        if self.findings.closed:
            return
        self.commit()
        self.findings.close()
        self.cells.close()
        self.db.close()

    def _meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def _set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def done(self, file: str) -> bool:
        """Whether a committed result for ``file`` is in the store."""
        row = self.db.execute("SELECT 1 FROM files WHERE file = ?", (file,)).fetchone()
        return row is not None

    def count(self) -> int:
        """The number of files with a committed result."""
        return int(self.db.execute("SELECT COUNT(*) FROM files").fetchone()[0])

    def add(self, result: FileResult) -> None:
        """Append one file's outputs; committed with its batch."""
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
        self._seq += 1
        self.db.executemany(
            "INSERT INTO codes VALUES (?,?,?,?,'file')",
            [(result.file, code, severity, n) for code, severity, n in result.codes],
        )
        self._pending += 1
        if self._pending >= _BATCH_FILES or time.monotonic() - self._last_commit >= _BATCH_SECONDS:
            self.commit()

    def commit(self) -> None:
        """Flush the streamed files and commit the batch with their lengths."""
        self.findings.flush()
        self.cells.flush()
        if not self._in_series:  # the resume point stays before the cross-year findings
            self._set_meta("findings_bytes", str(self.findings.tell()))
            self._set_meta("cells_bytes", str(self.cells.tell()))
        self.db.commit()
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
        self.findings.write(lines)
        self.db.executemany(
            "INSERT INTO codes VALUES (?,?,?,?,'series')",
            [(file, code, severity, n) for (code, severity), n in codes.items()],
        )

    # --- what the end of a run reads -----------------------------------------------------

    def query(self, sql: str, *args: Any) -> list[tuple[Any, ...]]:
        """Rows of a query on the state (for the summary)."""
        return list(self.db.execute(sql, args))

    def stream(self, sql: str, *args: Any) -> Iterator[tuple[Any, ...]]:
        """Rows of a query, one at a time."""
        yield from self.db.execute(sql, args)


def _open_at(path: Path, size: int) -> IO[str]:
    """Open a text file for appending after cutting it to ``size`` bytes (0: a new file)."""
    if size == 0 or not path.exists():
        return path.open("w", encoding="utf-8", newline="")
    with path.open("r+b") as raw:
        raw.truncate(size)
    return path.open("a", encoding="utf-8", newline="")
