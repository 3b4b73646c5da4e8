"""Update the Chinese message catalogue of the library, then compile it.

Run from the project root after changing a message or a rule summary::

    python scripts/update_catalogue.py

Message ids are taken from every module of ``src/gov_disclosure`` (``_()``, ``_f()``, ``N_()``
and ``ngettext()``), from the severities, from every rule's English summary (``gov-disclosure
rules --lang zh``), from the command line's descriptions and help texts, and from argparse's
own strings (``usage:``, ``options``, …, read from this Python's ``argparse``). Existing
translations are kept; new ids are added untranslated (shown in English until translated), and
ids no longer used are dropped. Then the ``.po`` is compiled to the ``.mo`` beside it.
"""

from __future__ import annotations

import argparse
import ast
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from gov_disclosure.cli import _parser
from gov_disclosure.findings import Severity
from gov_disclosure.rules import RULES

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "gov_disclosure"
PO = PACKAGE / "locale" / "zh" / "LC_MESSAGES" / "gov_disclosure.po"


KEYWORDS = ("_", "_f", "N_")


def source_messages(path: Path) -> list[str | tuple[str, str]]:
    """The messages of a module in source order: the string given to ``_()``, ``_f()`` or
    ``N_()``, the two given to ``ngettext()`` (calls inside f-strings included)."""
    found: list[tuple[int, int, str | tuple[str, str]]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
            continue
        args = [a.value if isinstance(a, ast.Constant) else None for a in node.args]
        if node.func.id in KEYWORDS and len(args) == 1 and isinstance(args[0], str):
            found.append((node.lineno, node.col_offset, args[0]))
        elif node.func.id == "ngettext" and len(args) == 3:
            one, many = args[0], args[1]
            if isinstance(one, str) and isinstance(many, str):
                found.append((node.lineno, node.col_offset, (one, many)))
    return [message for _line, _column, message in sorted(found, key=lambda f: f[:2])]


def _argparse_messages() -> list[str | tuple[str, str]]:
    keywords = {"_": None, "ngettext": (1, 2)}
    return [
        message
        for _line, message, _comments, _context in extract_from_file(
            "python", argparse.__file__, keywords=keywords
        )
    ]


def _parser_texts(parser: argparse.ArgumentParser) -> list[str]:
    """The descriptions, epilogs and help texts of a parser and of its commands."""
    texts = [t for t in (parser.description, parser.epilog) if t]
    for action in parser._actions:
        if action.help and action.help is not argparse.SUPPRESS:
            texts.append(action.help)
        if isinstance(action, argparse._SubParsersAction):
            for choice in action._choices_actions:
                if choice.help:
                    texts.append(choice.help)
            for sub in dict.fromkeys(action.choices.values()):
                texts.extend(_parser_texts(sub))
    return texts


def message_ids() -> list[str | tuple[str, str]]:
    """Every message the library translates, in order of first use."""
    ids: list[str | tuple[str, str]] = []
    for path in sorted(PACKAGE.rglob("*.py")):
        ids.extend(source_messages(path))
    ids.extend(s.value for s in Severity)
    ids.extend(rule.summary for rule in RULES)
    ids.extend(_parser_texts(_parser()))
    ids.extend(_argparse_messages())
    return list(dict.fromkeys(ids))


def main() -> None:
    old = Catalog(locale="zh_CN")
    if PO.exists():
        with PO.open("rb") as stream:
            old = read_po(stream, locale="zh_CN")
    new = Catalog(
        locale="zh_CN",
        project="gov-disclosure",
        domain="gov_disclosure",
        creation_date=old.creation_date,
        revision_date=old.revision_date,
    )
    new.fuzzy = False
    for msgid in message_ids():
        key = msgid[0] if isinstance(msgid, tuple) else msgid
        found = old.get(key)
        new.add(
            msgid,
            found.string if found is not None else ("", "") if isinstance(msgid, tuple) else "",
        )
    with PO.open("wb") as stream:
        write_po(stream, new, width=100, omit_header=False, sort_output=False)
    with PO.with_suffix(".mo").open("wb") as stream:
        write_mo(stream, new)


if __name__ == "__main__":
    main()
