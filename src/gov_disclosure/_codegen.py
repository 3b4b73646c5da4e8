"""The library's one code generator: compile a small function and register its source.

Generated source is registered with :mod:`linecache` (as attrs does for the methods it
writes), so a traceback through a generated function shows its lines. It is used only where a
measurement shows that straight-line code pays: the arithmetic relations of a complete table
(:mod:`gov_disclosure.rules.checks`), about four times faster than a loop over the relations.
"""

from __future__ import annotations

import itertools
import linecache
from typing import Any

__all__ = ["compile_function"]

_SERIAL = itertools.count(1)


def compile_function(name: str, source: str, namespace: dict[str, Any], *, what: str) -> Any:
    """Compile ``source``, which defines the function ``name``, and return that function.

    ``what`` describes it in its file name (``<gov_disclosure generated 1: ...>``); the source is
    kept in :mod:`linecache` under that name for tracebacks and debuggers.
    """
    filename = f"<gov_disclosure generated {next(_SERIAL)}: {what}>"
    lines = source.splitlines(keepends=True)
    linecache.cache[filename] = (len(source), None, lines, filename)
    exec(compile(source, filename, "exec"), namespace)
    return namespace[name]
