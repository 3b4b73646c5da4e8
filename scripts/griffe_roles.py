"""A Griffe extension for the API reference: the library's docstrings as Markdown.

The docstrings use two reST habits that Markdown would print as they are: Sphinx roles
(:func:`gov_disclosure.parse` shows ``parse``) and doctest examples (``>>>`` would start a
block quote). Roles become code spans; a run of doctest lines becomes a ``pycon`` code block.
Loaded by mkdocstrings (``extensions:`` in mkdocs.yml); the library itself does not need it.
"""

from __future__ import annotations

import re
from typing import Any

import griffe

_ROLE = re.compile(r":(?:py:)?(?:func|class|data|meth|attr|mod|exc|obj|const):`(~?)\.?([^`]+)`")


def _role(match: re.Match[str]) -> str:
    short, target = match.group(1), match.group(2)
    return f"`{target.rsplit('.', 1)[-1] if short else target}`"


def markdown_docstring(text: str) -> str:
    """``text`` with its roles as code spans and its doctest runs fenced as ``pycon``."""
    out: list[str] = []
    in_example = False
    for line in _ROLE.sub(_role, text).splitlines():
        if line.lstrip().startswith(">>>") and not in_example:
            out.append("```pycon")
            in_example = True
        elif in_example and not line.strip():
            out.append("```")
            in_example = False
        out.append(line)
    if in_example:
        out.append("```")
    return "\n".join(out)


class MarkdownDocstrings(griffe.Extension):
    """Rewrite every docstring the handler loads (see the module docstring)."""

    def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        if obj.docstring is not None:
            obj.docstring.value = markdown_docstring(obj.docstring.value)
