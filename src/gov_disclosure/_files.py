"""Reading an input file: a regular file only, and never more than a stated number of bytes.

``/dev/zero``, ``/dev/urandom``, a named pipe (FIFO) or a socket, given directly or through a
symbolic link, would otherwise be read without end or block for ever. The file is opened
without blocking, checked on the open descriptor (no race with a file swapped in between) and
read up to the limit.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable

from ._i18n import N_, _

__all__ = ["file_kind", "read_regular"]

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
