"""argparse in the library's languages: an argument parser whose help, usage and argparse's own
strings (``usage:``, ``options``, …) are looked up in the library's catalogue, as the messages
are (:mod:`._i18n`), and whose output is written as UTF-8 whatever the terminal's locale.

The command line (:mod:`gov_disclosure.cli`) builds its parsers on :class:`Parser`; it says how
an error of usage is reported.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from . import _i18n
from ._files import write_text
from ._i18n import _

__all__ = ["Formatter", "Parser"]


class Formatter(argparse.HelpFormatter):
    """Help in the run's language: descriptions and help texts are written in English and
    translated in the catalogue, as the messages are."""

    def _get_help_string(self, action: argparse.Action) -> str | None:
        return None if action.help is None else _(action.help)

    def _format_text(self, text: str) -> str:
        return super()._format_text(_(text))


class Parser(argparse.ArgumentParser):
    """An argument parser whose help and usage are in the run's language: argparse's own
    strings are looked up in the library's catalogue (its module's ``gettext`` functions are
    replaced by the library's, which return them unchanged in English); help is formatted by
    :class:`Formatter` unless another class is given."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        vars(argparse).update(_=_, ngettext=_i18n.ngettext)
        kwargs.setdefault("formatter_class", Formatter)
        super().__init__(*args, **kwargs)

    def _print_message(self, message: str, file: Any = None) -> None:
        if message:
            write_text(file or sys.stderr, message)
