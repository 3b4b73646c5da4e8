"""``python -m gov_disclosure``: the command-line interface (see :mod:`gov_disclosure.cli`)."""

from __future__ import annotations

from .cli import entry

if __name__ == "__main__":
    entry()
