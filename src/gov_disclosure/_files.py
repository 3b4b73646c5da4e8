"""Reading an input file: a regular file only, and never more than a stated number of bytes;
writing an output file that is none of the inputs and replaces no file unless asked.

``/dev/zero``, ``/dev/urandom``, a named pipe (FIFO) or a socket, given directly or through a
symbolic link, would otherwise be read without end or block for ever. The file is opened
without blocking, checked on the open descriptor (no race with a file swapped in between) and
read up to the limit.
"""

from __future__ import annotations

import errno
import os
import stat
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO

from ._i18n import N_, _

__all__ = ["file_kind", "output_path", "read_regular", "write_output", "write_text"]

_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
_CHUNK = 1 << 20

_KINDS: tuple[tuple[Callable[[int], bool], str], ...] = (
    (stat.S_ISDIR, N_("a directory")),
    (stat.S_ISFIFO, N_("a named pipe (FIFO)")),
    (stat.S_ISCHR, N_("a character device")),
    (stat.S_ISBLK, N_("a block device")),
    (stat.S_ISSOCK, N_("a socket")),
)


def file_kind(mode: int) -> str:
    """What a file of ``st_mode`` is, in a few words (``a named pipe (FIFO)``)."""
    for test, kind in _KINDS:
        if test(mode):
            return _(kind)
    return _("not a regular file")


def read_regular(
    path: str | os.PathLike[str], limit: int, refuse: Callable[[str], Exception]
) -> bytes:
    """The bytes of the regular file at ``path`` (symbolic links followed).

    Raises ``refuse(reason)`` for a file that is not a regular file or that holds more than
    ``limit`` bytes, and ``OSError`` when the file cannot be opened or read.
    """
    fd = os.open(path, _OPEN_FLAGS)
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise refuse(
                _(
                    "not a regular file but {kind}: name a report file "
                    "(devices, pipes and sockets are not read)"
                ).format(kind=file_kind(mode))
            )
        parts: list[bytes] = []
        size = 0
        while size <= limit:
            part = os.read(fd, min(_CHUNK, limit + 1 - size))
            if not part:
                break
            parts.append(part)
            size += len(part)
        if size > limit:
            raise refuse(
                _("larger than {size}: no annual report is that large").format(size=_size(limit))
            )
        return b"".join(parts)
    finally:
        os.close(fd)


def _size(limit: int) -> str:
    mib = limit / (1024 * 1024)
    return f"{mib:g} MiB" if mib >= 1 else f"{limit} bytes"


def _same_file(a: Path, b: Path) -> bool:
    try:  # a loop of symbolic links raises RuntimeError (Python < 3.13) or OSError
        if a.resolve() == b.resolve():
            return True
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except (OSError, RuntimeError):
        return False


def _exists(target: str | Path) -> str:
    return _("{file}: file exists (use --force to overwrite)").format(file=target)


def output_path(
    target: str, inputs: Sequence[str], *, force: bool, refuse: Callable[[str], Exception]
) -> Path:
    """The file to write, checked before any work: ``refuse(why)`` is raised when it is one of
    the ``inputs``, exists (without ``force``) or is a loop of symbolic links."""
    path = Path(target)
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            why = _("{file}: a loop of symbolic links, not a file that can be written")
            raise refuse(why.format(file=target)) from None
    if any(_same_file(Path(source), path) for source in inputs):
        raise refuse(_("{file}: refusing to overwrite the input file").format(file=target))
    if not force and path.exists():
        raise refuse(_exists(target))
    return path


def write_output(
    target: Path | None, data: str | bytes, *, force: bool, refuse: Callable[[str], Exception]
) -> None:
    """Write a file (text as UTF-8), or standard output when ``target`` is None. An existing
    file is replaced only with ``force``, else ``refuse(why)`` is raised (also when one appeared
    since :func:`output_path`); so is binary data for standard output that is a terminal."""
    if target is None:
        if isinstance(data, str):
            write_text(sys.stdout, data)
            return
        if sys.stdout.isatty():
            raise refuse(_("binary output is not written to a terminal: redirect it"))
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        return
    mode = ("w" if force else "x") + ("b" if isinstance(data, bytes) else "")
    try:
        if isinstance(data, bytes):
            with target.open(mode) as out:
                out.write(data)
        else:
            with target.open(mode, encoding="utf-8") as text_out:
                text_out.write(data)
    except FileExistsError:
        raise refuse(_exists(target)) from None


def write_text(stream: IO[str], text: str) -> None:
    """Write text as UTF-8, whatever the stream's own encoding (Chinese must never fail)."""
    encoding = (getattr(stream, "encoding", None) or "utf-8").lower().replace("_", "-")
    buffer = getattr(stream, "buffer", None)
    if buffer is None or encoding in ("utf-8", "utf8"):
        stream.write(text)
        return
    stream.flush()
    buffer.write(text.encode("utf-8"))
    buffer.flush()
