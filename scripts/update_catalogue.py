"""Update the Chinese message catalogue of the command line, then compile it.

Run from the project root after changing a CLI message or a rule summary::

    python scripts/update_catalogue.py

Message ids are taken from ``src/gov_disclosure/cli.py`` and the audit's modules
(``src/gov_disclosure/audit/*.py``; ``_()`` and ``ngettext()``), from the
severities and from every rule's English summary (``gov-disclosure rules --lang zh``). Existing
translations are kept; new ids are added untranslated (shown in English until translated), and
ids no longer used are dropped. Then the ``.po`` is compiled to the ``.mo`` beside it.
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from gov_disclosure.findings import Severity
from gov_disclosure.rules import RULES

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "gov_disclosure"
PO = PACKAGE / "locale" / "zh" / "LC_MESSAGES" / "gov_disclosure.po"


def message_ids() -> list[str | tuple[str, str]]:
    """Every message the command line translates, in order of first use."""
    ids: list[str | tuple[str, str]] = []
    keywords = {"_": None, "ngettext": (1, 2)}
    for source in (PACKAGE / "cli.py", *sorted((PACKAGE / "audit").glob("*.py"))):
        for _line, message, _comments, _context in extract_from_file(
            "python", str(source), keywords=keywords
        ):
            ids.append(message)
    ids.extend(s.value for s in Severity)
    ids.extend(rule.summary for rule in RULES)
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
