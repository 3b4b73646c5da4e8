"""The audit's progress bar on a terminal: the files done, and the pages of scans recognised
as the workers read them (a long scan moves the bar between two files)."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from .._i18n import _, ngettext

__all__ = ["FilesBar", "PageCounter"]


@runtime_checkable
class PageCounter(Protocol):
    """What ``audit(progress=…)``'s factory returns when it counts pages too: called with the
    number of files finished, and told of each page of a scan recognised."""

    def __call__(self, files: int) -> None: ...

    def page(self, file: str | None, done: int, total: int) -> None: ...


class FilesBar:
    """A progress bar (tqdm, on standard error) of ``total`` files, ``done`` of them done
    before, that shows the pages of scans recognised so far and the scan in hand
    (``12 pages of scans, b.pdf 3/5``). Thread-safe: the pages are told by a thread of their
    own."""

    def __init__(self, done: int, total: int) -> None:
        from tqdm import tqdm

        self._bar: Any = tqdm(total=total, initial=done, unit=_("files"), dynamic_ncols=True)
        self._lock = threading.Lock()
        self._seen: dict[str | None, int] = {}
        """Pages told of each scan in hand."""
        self.pages = 0
        """Pages of scans recognised."""

    def __call__(self, files: int) -> None:
        with self._lock:
            self._bar.update(files)

    def page(self, file: str | None, done: int, total: int) -> None:
        with self._lock:
            self.pages += max(0, done - self._seen.get(file, 0))
            if done >= total:
                self._seen.pop(file, None)
            else:
                self._seen[file] = done
            counted = ngettext("{n} page of scans", "{n} pages of scans", self.pages)
            shown = counted.format(n=self.pages)
            if done < total:
                name = Path(file).name if file else "—"
                shown = _("{pages}, {file} {done}/{total}").format(
                    pages=shown, file=name, done=done, total=total
                )
            self._bar.set_postfix_str(shown)
