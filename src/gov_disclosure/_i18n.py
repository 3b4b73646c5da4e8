"""The language of the command line's messages: English, or Chinese from a gettext catalogue.

The catalogue is ``locale/zh/LC_MESSAGES/gov_disclosure.po``, compiled to the ``.mo`` next to it
(both are committed; ``tests/test_cli.py`` checks that the ``.mo`` matches the ``.po``). English is
the source language: a message without a translation is shown in English.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Mapping
from pathlib import Path

__all__ = [
    "DOMAIN",
    "LANGUAGES",
    "LOCALE_DIR",
    "_",
    "language_from_env",
    "ngettext",
    "set_language",
]

DOMAIN = "gov_disclosure"
LOCALE_DIR = Path(__file__).parent / "locale"
LANGUAGES = ("zh", "en")
"""The languages ``--lang`` takes."""

_current: gettext.NullTranslations = gettext.NullTranslations()


def language_from_env(environ: Mapping[str, str] | None = None) -> str:
    """``zh`` when the first set of ``LC_ALL``, ``LC_MESSAGES``, ``LANG`` starts with ``zh``,
    else ``en`` (the order in which the C library looks them up)."""
    env = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def set_language(lang: str) -> None:
    """Show the messages from now on in ``lang`` (``zh`` or ``en``)."""
    global _current
    if lang == "en":
        _current = gettext.NullTranslations()
    else:
        _current = gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang], fallback=True)


def _(message: str) -> str:
    """The message in the current language."""
    return _current.gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural message for ``count``, in the current language."""
    return _current.ngettext(singular, plural, count)
