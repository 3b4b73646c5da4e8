"""Messages a clerk can act on for a file that cannot be read: the line of a bad key, the
field meant, the number to write, the encoding to save in.

:func:`describe` words any error of reading a report (the library's own, or the OS's) from its
structured fields (:class:`~gov_disclosure.errors.SchemaIssue`'s path, value and expected kind;
:class:`~gov_disclosure.errors.DecodeError`'s file and line), never from its wording. The
command line and the audit use it; other front ends may.
"""

from __future__ import annotations

import difflib
import itertools
import os
import re
import unicodedata
from collections.abc import Sequence

from ._files import read_regular
from ._i18n import _, ngettext, os_reason
from .errors import DecodeError, SchemaError, SchemaIssue, SumError
from .model import TABLE_CLASSES, AnnualReport, document_fields
from .serialize import MAX_DOCUMENT_BYTES
from .statutory import TABLE_ATTRS

__all__ = ["InputError", "describe", "directory_message"]


def describe(exc: BaseException) -> str:
    """The message of an input error: the library's own, or ``file: reason`` for the OS's —
    with what a clerk can do about it where the CLI can tell (the line, the field meant, the
    number to write, the encoding to save in)."""
    if isinstance(exc, SchemaError) and exc.file is not None:
        return _schema_message(exc.file, exc.issues)
    if isinstance(exc, DecodeError) and exc.file is not None:
        return _decode_message(exc)
    if isinstance(exc, SumError):
        return _sum_message(exc)
    if isinstance(exc, IsADirectoryError):
        return directory_message(exc.filename)
    if isinstance(exc, OSError) and exc.strerror:
        where = exc.filename if exc.filename is not None else ""
        return f"{where}: {os_reason(exc)}" if where != "" else os_reason(exc)
    return str(exc)


class InputError(ValueError):
    """An input that is not a report at all (a directory), named for what it is."""


def directory_message(path: object) -> str:
    return _(
        "{path} is a directory, not a report: name the report files in it (e.g. {example})"
    ).format(path=path, example=os.path.join(str(path), "*.toml"))


def _children() -> dict[str, set[str]]:
    """For each key of a document, the keys that may stand under it (``$`` for the top)."""
    out: dict[str, set[str]] = {"$": {name for name, _t, _r in document_fields(AnnualReport)}}
    out["$"].add("schema_version")
    for (key, _form), cls in TABLE_CLASSES.items():
        attr = TABLE_ATTRS[key]
        out.setdefault(attr, set()).update({"form", "prose"})
        for cell in cls.spec().cells:
            parts = [attr, *cell.path.split(".")]
            for parent, child in itertools.pairwise(parts):
                out.setdefault(parent, set()).add(child)
    return out


_CHILDREN: dict[str, set[str]] | None = None


def _did_you_mean(path: str) -> str | None:
    """The known key nearest to the last key of ``path``, among those allowed where it stands."""
    global _CHILDREN
    if _CHILDREN is None:
        _CHILDREN = _children()
    parts = path.removeprefix("$").lstrip(".").split(".")
    parent = parts[-2] if len(parts) > 1 else "$"
    choices = _CHILDREN.get(parent) or set().union(*_CHILDREN.values())
    match = difflib.get_close_matches(parts[-1], sorted(choices), n=1, cutoff=0.6)
    return match[0] if match else None


_UNITS = "件个次项条份人元万"


def _plain_number(text: str) -> str | None:
    """The whole number a clerk meant by ``12件``, ``1,200``, ``１２０`` (None if unclear)."""
    plain = unicodedata.normalize("NFKC", text).strip().rstrip(_UNITS).strip()
    plain = plain.replace(",", "").replace("，", "").replace(" ", "")
    return plain if re.fullmatch(r"-?\d+", plain) else None


def _number_hint(key: str, text: str) -> str | None:
    """What to write instead of a count given with a unit, separators or full-width digits."""
    number = _plain_number(text)
    if number is None:
        return None
    return _(
        "write the number alone, without quotes, unit, thousands separators or full-width "
        "digits: {key} = {number}"
    ).format(key=key, number=number)


def _key_pattern(key: str, json: bool) -> re.Pattern[str]:
    name = re.escape(key)
    if json:
        return re.compile(rf'"{name}"\s*:')
    return re.compile(rf'(?:^|[\s{{,.\[])"?{name}"?\s*[=.\]]')


def _line_of(text: str, path: str, json: bool) -> int | None:
    """The line of the document where ``path`` (``$.a.b.c``) is written: each key is looked for
    after the one before it, so the line of the deepest key found (comments skipped)."""
    lines = [line if json else re.sub(r"#.*", "", line) for line in text.splitlines()]
    row, col, found = 0, 0, None
    for key in path.removeprefix("$").lstrip(".").split("."):
        pattern = _key_pattern(key, json)
        for index in range(row, len(lines)):
            match = pattern.search(lines[index], col if index == row else 0)
            if match is not None:
                row, col, found = index, match.end(), index + 1
                break
        else:
            break
    return found


def _issue_lines(file: str, text: str | None, issue: SchemaIssue) -> list[str]:
    line = _line_of(text, issue.path, file.lower().endswith(".json")) if text else None
    where = f"{file}:{line}: " if line is not None else ""
    out = [f"  {where}{issue}"]
    key = issue.path.rsplit(".", 1)[-1]
    if issue.expected == "key":
        guess = _did_you_mean(issue.path)
        if guess is not None:
            out.append("    " + _("did you mean `{key}`?").format(key=guess))
    elif issue.expected in ("count", "amount") and isinstance(issue.value, str):
        hint = _number_hint(key, issue.value)
        if hint is not None:
            out.append("    " + hint)
    return out


def _file_bytes(file: str) -> bytes:
    """A document read again to quote it (a regular file, bounded as
    :func:`~gov_disclosure.load` reads)."""
    return read_regular(file, MAX_DOCUMENT_BYTES, ValueError)


def _schema_message(file: str, issues: Sequence[SchemaIssue]) -> str:
    try:
        text: str | None = _file_bytes(file).decode("utf-8-sig")
    except (OSError, ValueError):
        text = None
    head = ngettext(
        "{file}: {count} problem with the fields of the report:",
        "{file}: {count} problems with the fields of the report:",
        len(issues),
    ).format(file=file, count=len(issues))
    body = [line for issue in issues for line in _issue_lines(file, text, issue)]
    return "\n".join([head, *body])


_BARE_VALUE = re.compile(r"([\w.]+)\s*=\s*([^\s,{}\[\]\"'#][^,{}\[\]\"#]*?)\s*(?=[,}]|#|$)")


_GROUPED_VALUE = re.compile(r"([\w.]+)\s*=\s*([0-9]{1,3}(?:[,，][0-9]{3})+)(?![0-9])")


def _decode_message(exc: DecodeError) -> str:
    file = str(exc.file)
    if exc.not_utf8:
        return _not_utf8_message(file, exc.line)
    hints: list[str] = []
    if exc.line is not None:
        try:
            line = _file_bytes(file).decode("utf-8-sig").splitlines()[exc.line - 1]
        except (OSError, ValueError, IndexError):
            line = ""
        code = re.sub(r"#.*", "", line)
        found = _GROUPED_VALUE.findall(code) + _BARE_VALUE.findall(code)
        for key, value in found:
            if not re.fullmatch(r"-?[0-9]+(\.[0-9]+)?|true|false", value):
                hint = _number_hint(key.rsplit(".", 1)[-1], value)
                if hint is not None and "  " + hint not in hints:
                    hints.append("  " + hint)
    return "\n".join([str(exc), *hints])


def _not_utf8_message(file: str, line: int | None) -> str:
    where = f"{file}:{line}" if line is not None else file
    try:
        _file_bytes(file).decode("gb18030")
    except (OSError, ValueError):  # unreadable now, or not GB 18030 either
        return _("{where}: not UTF-8 text: save the file as UTF-8 and try again").format(
            where=where
        )
    return _(
        "{where}: the file is in the GBK (GB 18030) encoding of Chinese Windows, not UTF-8: "
        "save it as UTF-8 (e.g. in Notepad: Save As, Encoding: UTF-8), or convert it with "
        "`iconv -f GB18030 -t UTF-8 {file} > new.toml`"
    ).format(where=where, file=file)


def _sum_message(exc: SumError) -> str:
    """Why the files cannot be added up, naming two files that differ."""
    if len(exc.conflicts) < 2:
        return str(exc)
    (file, have), (other, other_have) = exc.conflicts[:2]
    names = {"file": file, "other": other}
    if exc.problem == "form":
        return _(
            "cannot add up table {table} in different forms: {file} has the {form} form, "
            "{other} the {other_form} form"
        ).format(table=exc.table, form=have, other_form=other_have, **names)
    if exc.problem == "edition":
        return _(
            "cannot add up reports of different editions: {file} is in the {edition} edition, "
            "{other} in the {other_edition} edition"
        ).format(edition=have, other_edition=other_have, **names)
    if exc.problem == "year":
        return _(
            "cannot add up reports of different years: {file} is on {year}, {other} on "
            "{other_year} (name the year of the sum with --year)"
        ).format(year=have, other_year=other_have, **names)
    return _(
        "the reports are of different bodies ({file}: {agency}; {other}: {other_agency}): "
        "name the sum with --agency"
    ).format(agency=have, other_agency=other_have, **names)
