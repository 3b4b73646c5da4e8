"""The language of the library's messages: English, or Chinese from a gettext catalogue.

The catalogue is ``locale/zh/LC_MESSAGES/gov_disclosure.po``, compiled to the ``.mo`` next to it
(both are committed; ``tests/test_cli.py`` checks that the ``.mo`` matches the ``.po``). English is
the source language of every message: a message without a translation is shown in English.

One setting chooses the language of every message: :func:`set_language`. Until it is called
(or after ``set_language(None)``) each kind of message keeps the language it always had: the
messages of findings (about a report's content) are Chinese, those of exceptions and of the
command line English. Messages are written with :func:`_` (English unless a language is set)
or :func:`_f` (findings, and the pages that list them: the audit's summaries, the diff —
Chinese unless a language is set); both read the same catalogue. Labels of the statute, agency
names and file names are data: English messages quote them as printed (``“总计” 12 ≠ …``).
argparse's own strings are looked up in the same catalogue (:mod:`._argparse`).
``scripts/update_catalogue.py`` collects every message (it walks each module's syntax tree).
"""

from __future__ import annotations

import functools
import gettext
import os
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import cache
from pathlib import Path

__all__ = [
    "DOMAIN",
    "LANGUAGES",
    "LOCALE_DIR",
    "N_",
    "_",
    "_f",
    "clauses",
    "get_language",
    "language_from_args",
    "language_from_env",
    "ngettext",
    "os_reason",
    "set_language",
    "using_language",
]

DOMAIN = "gov_disclosure"
LOCALE_DIR = Path(__file__).parent / "locale"
LANGUAGES = ("zh", "en")
"""The languages ``--lang`` and :func:`set_language` take."""

_language: list[str | None] = [None]
"""The language chosen (None: each kind of message in its own default language)."""


@cache
def _catalogue(lang: str) -> gettext.NullTranslations:
    if lang == "en":
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang], fallback=True)


def language_from_args(argv: Sequence[str]) -> str | None:
    """The language ``--lang`` (``--lang=``) names anywhere on a command line before ``--``
    (None: not given, or not one of :data:`LANGUAGES`)."""
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1] if argv[i + 1] in LANGUAGES else None
        if arg.startswith("--lang="):
            value = arg.partition("=")[2]
            return value if value in LANGUAGES else None
    return None


def language_from_env(environ: Mapping[str, str] | None = None) -> str:
    """``zh`` when the first set of ``LC_ALL``, ``LC_MESSAGES``, ``LANG`` starts with ``zh``,
    else ``en`` (the order in which the C library looks them up)."""
    env = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def set_language(lang: str | None) -> None:
    """Write every message from now on in ``lang``: ``"zh"`` or ``"en"``.

    ``None`` restores the default: findings' messages in Chinese, exceptions' messages in
    English. The setting is the process's (worker processes are given it by the library's own
    pools); labels of the statute, agency names and file names are data and never translated.

    >>> import gov_disclosure as gd
    >>> gd.set_language("en")
    >>> gd.get_language()
    'en'
    >>> gd.set_language(None)
    """
    if lang is not None and lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}: expected one of {', '.join(LANGUAGES)}")
    _language[0] = lang


@contextmanager
def using_language(lang: str | None) -> Iterator[None]:
    """:func:`set_language` for the ``with`` block, restoring the language before it after."""
    before = _language[0]
    set_language(lang)
    try:
        yield
    finally:
        _language[0] = before


def get_language() -> str | None:
    """The language :func:`set_language` chose, or None (the default of each message kind)."""
    return _language[0]


def _(message: str) -> str:
    """The message in the current language (English when none is chosen)."""
    return _catalogue(_language[0] or "en").gettext(message)


def _f(message: str) -> str:
    """A finding's message in the current language (Chinese when none is chosen)."""
    return _catalogue(_language[0] or "zh").gettext(message)


def N_(message: str) -> str:
    """``message`` itself: marks a message kept in data to be translated where it is shown."""
    return message


def clauses(parts: Sequence[str]) -> str:
    """Clauses of a finding or a page joined as a sentence joins them (``a, b, c``; in
    Chinese ``a，b，c``)."""
    return functools.reduce(
        lambda first, then: _f("{first}, {then}").format(first=first, then=then), parts
    )


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural message for ``count``, in the current language (English when
    none is chosen)."""
    return _catalogue(_language[0] or "en").ngettext(singular, plural, count)


_OS_REASONS = (
    N_("No such file or directory"),
    N_("Permission denied"),
    N_("Is a directory"),
    N_("Not a directory"),
    N_("File exists"),
    N_("Too many levels of symbolic links"),
    N_("No space left on device"),
    N_("Read-only file system"),
    N_("File name too long"),
    N_("Disk quota exceeded"),
    N_("Input/output error"),
    N_("Device or resource busy"),
    N_("No such device or address"),
    N_("Operation not permitted"),
)
"""The operating system's reasons (``strerror``, in English) that the catalogue translates."""


def os_reason(error: OSError) -> str:
    """Why the operating system refused, in the current language (English when none is
    chosen): ``strerror`` translated when the catalogue has it."""
    return _(error.strerror) if error.strerror else str(error)
