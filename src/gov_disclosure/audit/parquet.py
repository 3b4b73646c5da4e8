"""``cells.parquet``: the cells table in Parquet, when the ``parquet`` extra (pyarrow) is there.

Converted from ``cells.csv`` block by block, so memory stays flat. Every column is text as in
the CSV (``value`` keeps its exact decimal text: cast it where a number is needed, e.g.
``CAST(value AS DECIMAL(38, 6))`` in DuckDB) except ``year``, a 32-bit integer.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import tempfile
from pathlib import Path
from typing import Any

from .._i18n import _
from .errors import AuditError
from .work import CELL_COLUMNS

__all__ = ["available", "write_cells_parquet"]


def available() -> bool:
    """Whether pyarrow is installed."""
    try:
        importlib.import_module("pyarrow.parquet")
    except ImportError:
        return False
    return True


def write_cells_parquet(csv_path: Path, target: Path) -> None:
    """Convert ``cells.csv`` to Parquet at ``target`` (replaced when complete)."""
    pa: Any = importlib.import_module("pyarrow")
    pa_csv: Any = importlib.import_module("pyarrow.csv")
    pq: Any = importlib.import_module("pyarrow.parquet")
    types = {name: pa.string() for name in CELL_COLUMNS}
    types["year"] = pa.int32()
    convert = pa_csv.ConvertOptions(
        column_types=types, strings_can_be_null=False, quoted_strings_can_be_null=False
    )
    # One thread, 1 MiB blocks, from a plain file object: the reader's memory stays the same
    # whatever the size of the file (given a path, it grows with the file).
    read = pa_csv.ReadOptions(block_size=1 << 20, use_threads=False)
    # A new file of our own beside the target (never a planted link), replacing it when whole.
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        with csv_path.open("rb") as source:
            reader = pa_csv.open_csv(source, read_options=read, convert_options=convert)
            with pq.ParquetWriter(tmp, reader.schema) as writer:
                for batch in reader:
                    writer.write_batch(batch)
        os.replace(tmp, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise AuditError(
                _(
                    "{file}: could not write ({reason}); make room and run the same command again"
                ).format(file=target, reason=exc.strerror or exc)
            ) from None
        raise
