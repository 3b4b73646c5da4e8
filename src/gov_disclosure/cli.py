"""The command-line interface: ``gov-disclosure`` (or ``python -m gov_disclosure``).

Commands: ``check``, ``export``, ``convert``, ``new``, ``schema``, ``rules``, ``render``,
``diff``, ``sum`` and ``audit``. Exit status: 0 success; 1 ``check`` found an error-severity
finding (``sum``: in the sum; ``diff``: a difference); 2 bad usage or an input that cannot be
read (``audit``: a file that could not be read); the message goes to stderr as
``gov-disclosure: error: …``, never a traceback.
"""

from __future__ import annotations

import argparse
import difflib
import errno
import itertools
import os
import re
import signal
import sys
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path
from typing import IO, Any, NoReturn

import orjson
from tabulate import tabulate  # type: ignore[import-untyped, unused-ignore]

from . import __version__
from ._files import read_regular
from ._i18n import (
    LANGUAGES,
    _,
    get_language,
    language_from_env,
    ngettext,
    os_reason,
    set_language,
    using_language,
)
from .agency import Aliases, load_aliases
from .cells import complete, to_cells
from .errors import DecodeError, GovDisclosureError, SchemaError, SchemaIssue, SumError
from .findings import Finding, Severity
from .model import TABLE_CLASSES, AnnualReport, Cell, decimal_text, document_fields
from .readers import Parsed, read
from .render import FORMATS as RENDER_FORMATS
from .rules import RETIRED, RULES, validate, validate_series
from .schema import json_schema
from .serialize import MAX_DOCUMENT_BYTES, Format, dumps, format_of
from .statutory import REPORT_YEARS, TABLE_ATTRS, Edition
from .template import template

__all__ = ["entry", "main"]

PROG = "gov-disclosure"

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_FAILURE = 2
EXIT_BROKEN_PIPE = 141
"""The reader of the output went away (``… | head``): 128 + SIGPIPE, the status a shell shows
for a tool that SIGPIPE stopped; nothing is printed."""

_INPUT_ERRORS = (GovDisclosureError, OSError, ValueError)
"""What reading a report may raise: unreadable, malformed or schema-bad input."""


class CommandError(Exception):
    """A failure to report as ``gov-disclosure: error: …`` with exit status 2."""


# --- output ------------------------------------------------------------------------------


def _write(stream: IO[str], text: str) -> None:
    """Write text as UTF-8, whatever the stream's own encoding (Chinese must never fail)."""
    encoding = (getattr(stream, "encoding", None) or "utf-8").lower().replace("_", "-")
    buffer = getattr(stream, "buffer", None)
    if buffer is None or encoding in ("utf-8", "utf8"):
        stream.write(text)
        return
    stream.flush()
    buffer.write(text.encode("utf-8"))
    buffer.flush()


def _error(message: str) -> None:
    _write(sys.stderr, _("{prog}: error: {message}").format(prog=PROG, message=message) + "\n")


def _warning(message: str) -> None:
    _write(sys.stderr, _("{prog}: warning: {message}").format(prog=PROG, message=message) + "\n")


def _describe(exc: BaseException) -> str:
    """The message of an input error: the library's own, or ``file: reason`` for the OS's —
    with what a clerk can do about it where the CLI can tell (the line, the field meant, the
    number to write, the encoding to save in)."""
    if isinstance(exc, SchemaError) and exc.file is not None:
        return _schema_message(exc.file, exc.issues)
    if isinstance(exc, DecodeError) and exc.file is not None:
        return _decode_message(exc)
    if isinstance(exc, IsADirectoryError):
        return _directory_message(exc.filename)
    if isinstance(exc, OSError) and exc.strerror:
        where = exc.filename if exc.filename is not None else ""
        return f"{where}: {os_reason(exc)}" if where != "" else os_reason(exc)
    return str(exc)


# --- input mistakes: messages a clerk can act on -----------------------------------------------


class InputError(ValueError):
    """An input that is not a report at all (a directory), named for what it is."""


def _directory_message(path: object) -> str:
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
_GOT_STRING = re.compile(r"got the string '(.*)'$")


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
    if issue.message == "unknown key":
        guess = _did_you_mean(issue.path)
        if guess is not None:
            out.append("    " + _("did you mean `{key}`?").format(key=guess))
    elif (got := _GOT_STRING.search(issue.message)) and "whole number" in issue.message:
        hint = _number_hint(key, got.group(1))
        if hint is not None:
            out.append("    " + hint)
    return out


def _file_bytes(file: str) -> bytes:
    """A document read again to quote it (a regular file, bounded as :func:`load` reads)."""
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
    if exc.reason == "not UTF-8 text":
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


def _json_line(data: dict[str, Any]) -> str:
    return orjson.dumps(data, default=_json_default).decode() + "\n"


def _json_default(value: object) -> object:
    if isinstance(value, Decimal):
        return decimal_text(value)
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def _summary(files: int, errors: int, warnings: int, infos: int) -> str:
    return _("{files}, {errors}, {warnings}, {infos}").format(
        files=ngettext("{n} file", "{n} files", files).format(n=files),
        errors=_errors(errors),
        warnings=ngettext("{n} warning", "{n} warnings", warnings).format(n=warnings),
        infos=ngettext("{n} info", "{n} info", infos).format(n=infos),
    )


def _errors(count: int) -> str:
    return ngettext("{n} error", "{n} errors", count).format(n=count)


# --- check -------------------------------------------------------------------------------


def _codes(text: str) -> list[str]:
    """A comma-separated list of rule codes or prefixes (``A3,S001``)."""
    return [part.strip().upper() for part in text.split(",") if part.strip()]


def _known_codes(prefixes: Sequence[str]) -> None:
    codes = [*(r.code for r in RULES), *RETIRED]
    for prefix in prefixes:
        if not any(code.startswith(prefix) for code in codes):
            raise CommandError(
                _("no rule code starts with {prefix!r} (`{prog} rules` lists the codes)").format(
                    prefix=prefix, prog=PROG
                )
            )


Given = tuple[str | None, int | None]
"""The agency and year given on the command line (--agency, --year) for a published report."""


def _given(args: argparse.Namespace) -> Given:
    return getattr(args, "agency", None), getattr(args, "year", None)


def _read(file: str | Path, given: Given = (None, None)) -> tuple[AnnualReport, Parsed | None]:
    """A report from a TOML/JSON document, or from a published report (text, Markdown, HTML, Word, PDF)
    read by :func:`gov_disclosure.parse` — then also what reading met."""
    if Path(file).is_dir():
        raise InputError(_directory_message(file))
    report, parsed, _form = read(file, agency=given[0], year=given[1])
    return report, parsed


def _read_report(file: str | Path, given: Given = (None, None)) -> AnnualReport:
    return _read(file, given)[0]


def _aliases(path: str | None) -> Aliases | None:
    """The user's table of agency names (--aliases), if given."""
    return None if path is None else load_aliases(path)


def _findings(
    report: AnnualReport, parsed: Parsed | None, select: list[str] | None, ignore: list[str] | None
) -> list[Finding]:
    if parsed is not None:
        return parsed.validate(select=select, ignore=ignore)
    chosen = [c for c in select if not c.startswith("R")] if select is not None else None
    if chosen is not None and not chosen:
        return []
    return validate(report, select=chosen, ignore=ignore)


def _finding_text(file: str, finding: Finding) -> str:
    where = f" ({finding.source})" if finding.source is not None else ""
    return f"{file}: {finding.code} {finding.location} {finding.message}{where}\n"


def _finding_json(file: str, finding: Finding) -> str:
    return _json_line({"file": file, **finding.record()})


def _check_file(
    job: tuple[str, list[str] | None, list[str] | None, str, Given],
) -> tuple[str, list[Finding] | str]:
    """Load and validate one file: its findings, or the message of why it cannot be read."""
    file, select, ignore, lang, given = job
    set_language(lang)  # a worker process may not share the parent's state
    try:
        report, parsed = _read(file, given)
    except _INPUT_ERRORS as exc:
        return file, _describe(exc)
    return file, _findings(report, parsed, select, ignore)


def _check_files(
    files: Sequence[str],
    select: list[str] | None,
    ignore: list[str] | None,
    jobs: int,
    given: Given = (None, None),
) -> Iterator[tuple[str, list[Finding] | str]]:
    """Check files in order, in ``jobs`` worker processes when there is more than one file."""
    tasks = [(file, select, ignore, _LANG[0], given) for file in files]
    workers = min(jobs or os.cpu_count() or 1, len(tasks))
    if workers <= 1:
        yield from map(_check_file, tasks)
        return
    chunk = max(1, min(64, len(tasks) // (workers * 4)))
    pool = ProcessPoolExecutor(workers)
    try:
        yield from pool.map(_check_file, tasks, chunksize=chunk)
    finally:  # stopped early (a reader gone away): the files not begun are not checked
        pool.shutdown(cancel_futures=True)


def _jobs(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("expected a whole number of processes, got {text!r}").format(text=text)
        ) from None
    if value < 0:
        raise argparse.ArgumentTypeError(_("the number of processes cannot be negative"))
    return value


def _threshold(args: argparse.Namespace) -> int:
    """The rank of the least serious finding ``check`` shows: ``--min-severity``, else every
    finding with ``-v`` or in JSON, else warnings and errors."""
    if args.min_severity is not None:
        return Severity(args.min_severity).rank
    if args.verbose or args.format == "json":
        return Severity.INFO.rank
    return Severity.WARNING.rank


_FOLDED = ("S004",)
"""Findings printed once per table when ``check`` is not verbose (placeholders: ``——``)."""
_FOLD_LIST = 6
"""How many cells a folded line names before it says how many more."""


def _folded(file: str, findings: Sequence[Finding]) -> list[str]:
    """The text lines of a file's findings, each rule of :data:`_FOLDED` folded into one line
    per table (where the table has more than one), at the place of its first finding."""
    groups: dict[tuple[str, str], list[Finding]] = {}
    for finding in findings:
        if finding.code in _FOLDED:
            groups.setdefault((finding.code, finding.location.section), []).append(finding)
    lines: list[str] = []
    for finding in findings:
        group = groups.get((finding.code, finding.location.section))
        if group is None or len(group) == 1:
            lines.append(_finding_text(file, finding))
        elif group[0] is finding:
            cells = ["/".join((*f.location.row, *f.location.column)) for f in group]
            named = _("; ").join(cells[:_FOLD_LIST])
            if len(cells) > _FOLD_LIST:
                named += _(" and {n} more").format(n=len(cells) - _FOLD_LIST)
            message = _(
                "{n} cells printed as text, not figures, read as blank: {cells} (-v lists each)"
            ).format(n=len(group), cells=named)
            lines.append(f"{file}: {finding.code} {finding.location.section} {message}\n")
    return lines


def _cmd_check(args: argparse.Namespace) -> int:
    select: list[str] | None = args.select or None
    ignore: list[str] | None = args.ignore or None
    _known_codes([*(select or ()), *(ignore or ())])
    threshold = _threshold(args)
    text = args.format == "text"
    fold = text and threshold < Severity.INFO.rank
    emit = _finding_text if text else _finding_json
    counts = dict.fromkeys(Severity, 0)
    hidden = [0]

    def show_all(file: str, findings: Sequence[Finding]) -> None:
        shown = [f for f in findings if f.severity.rank <= threshold]
        hidden[0] += len(findings) - len(shown)
        for finding in shown:
            counts[finding.severity] += 1
        lines = _folded(file, shown) if fold else [emit(file, f) for f in shown]
        _write(sys.stdout, "".join(lines))

    loaded: list[tuple[str, AnnualReport]] = []
    unreadable = 0
    if args.series:  # the reports are needed again for the cross-year rules
        for file in args.files:
            try:
                report, parsed = _read(file, _given(args))
            except _INPUT_ERRORS as exc:
                _error(_describe(exc))
                unreadable += 1
                continue
            loaded.append((file, report))
            show_all(file, _findings(report, parsed, select, ignore))
    else:
        for file, outcome in _check_files(args.files, select, ignore, args.jobs, _given(args)):
            if isinstance(outcome, str):
                _error(outcome)
                unreadable += 1
                continue
            show_all(file, outcome)
    if args.series and loaded:
        file_of_year: dict[int, str] = {}
        for file, report in loaded:
            file_of_year.setdefault(report.year, file)
        series = [report for _, report in loaded]
        names = [file for file, _ in loaded]
        for finding in validate_series(series, select=select, ignore=ignore, names=names):
            year = finding.year
            name = file_of_year.get(year, "<series>") if year is not None else "<series>"
            show_all(name, [finding])
    summary = _summary(
        len(args.files),
        counts[Severity.ERROR],
        counts[Severity.WARNING],
        counts[Severity.INFO],
    )
    if hidden[0] and args.min_severity is None:  # hidden by default, not by asking
        summary += _(" ({n} not shown: -v shows them)").format(n=hidden[0])
    if unreadable:
        summary += _(" ({n} unreadable)").format(n=unreadable)
    _write(sys.stderr, summary + "\n")
    if unreadable:
        return EXIT_FAILURE
    return EXIT_FINDINGS if counts[Severity.ERROR] else EXIT_OK


# --- export ------------------------------------------------------------------------------


def _cell_value(value: Cell) -> int | str | None:
    """A cell for JSON: an amount in 万元 as a plain decimal string ("96171.6", never "1E+3")."""
    return decimal_text(value) if isinstance(value, Decimal) else value


def _cmd_export(args: argparse.Namespace) -> int:
    status = EXIT_OK
    for file in args.files:
        try:
            report = _read_report(file, _given(args))
        except _INPUT_ERRORS as exc:
            _error(_describe(exc))
            status = EXIT_FAILURE
            continue
        if args.complete:
            report = complete(report)
        lines = [
            _json_line(
                {
                    "file": file,
                    "table": cell.table,
                    "row": cell.row,
                    "column": cell.column,
                    "value": _cell_value(cell.value),
                }
            )
            for cell in to_cells(report)
        ]
        _write(sys.stdout, "".join(lines))
    return status


# --- convert -----------------------------------------------------------------------------


def _same_file(a: Path, b: Path) -> bool:
    try:  # a loop of symbolic links raises RuntimeError (Python < 3.13) or OSError
        if a.resolve() == b.resolve():
            return True
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except (OSError, RuntimeError):
        return False


STDOUT = "-"
"""The name of standard output where a command writes one file (``-o -``, ``OUT`` ``-``)."""


def _output(target: str, inputs: Sequence[str], *, force: bool) -> Path | None:
    """The file a command is to write (None: standard output, for ``-``), refused before any
    work when it is one of the inputs, exists (without ``force``) or is a loop of symbolic
    links."""
    if target == STDOUT:
        return None
    path = Path(target)
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise CommandError(
                _("{file}: a loop of symbolic links, not a file that can be written").format(
                    file=target
                )
            ) from None
    if any(_same_file(Path(source), path) for source in inputs):
        raise CommandError(_("{file}: refusing to overwrite the input file").format(file=target))
    if not force and path.exists():
        raise _exists(target)
    return path


def _emit(path: Path | None, data: str | bytes, *, force: bool) -> None:
    """Write ``data`` to ``path``, or to standard output when ``path`` is None."""
    if path is not None:
        _write_file(path, data, force=force)
    elif isinstance(data, str):
        _write(sys.stdout, data)
    else:
        if sys.stdout.isatty():
            raise CommandError(_("binary output is not written to a terminal: redirect it"))
        sys.stdout.flush()
        sys.stdout.buffer.write(data)


def _write_file(target: Path, data: str | bytes, *, force: bool) -> None:
    """Write a file, refusing to replace an existing one unless ``force`` (as ``new`` does)."""
    mode = ("w" if force else "x") + ("b" if isinstance(data, bytes) else "")
    try:
        if isinstance(data, bytes):
            with target.open(mode) as out:
                out.write(data)
        else:
            with target.open(mode, encoding="utf-8") as text_out:
                text_out.write(data)
    except FileExistsError:
        raise _exists(target) from None


def _exists(target: str | Path) -> CommandError:
    return CommandError(_("{file}: file exists (use --force to overwrite)").format(file=target))


def _document_format(to: Format | None, target: str) -> Format:
    if to is not None:
        return to
    if target == STDOUT:
        raise CommandError(_("writing to stdout: say which format with --to json|toml"))
    return format_of(target)


def _cmd_convert(args: argparse.Namespace) -> int:
    fmt = _document_format(args.to, args.output)
    path = _output(args.output, [args.input], force=args.force)
    _emit(path, dumps(_read_report(args.input, _given(args)), fmt), force=args.force)
    return EXIT_OK


# --- audit -------------------------------------------------------------------------------


def _progress(quiet: bool) -> Callable[[int, int], Callable[[int], None]] | None:
    """A progress bar on a terminal (tqdm), none when quiet or when stderr is not a terminal."""
    if quiet or not sys.stderr.isatty():
        return None

    def start(done: int, total: int) -> Callable[[int], None]:
        from tqdm import tqdm

        bar: Any = tqdm(total=total, initial=done, unit=_("files"), dynamic_ncols=True)
        update: Callable[[int], None] = bar.update
        return update

    return start


def _cmd_audit(args: argparse.Namespace) -> int:
    from .audit import AuditError, audit

    if args.engine != "dask" and args.scheduler is not None:
        raise CommandError(_("--scheduler needs --engine dask"))
    try:
        result = audit(
            args.paths,
            args.output,
            jobs=args.jobs,
            engine=args.engine,
            scheduler=args.scheduler,
            resume=args.resume,
            force=args.force,
            progress=_progress(args.quiet),
            describe=_describe,
            language=_LANG[0],
            aliases=_aliases(args.aliases),
        )
    except AuditError as exc:
        raise CommandError(str(exc)) from None
    except ImportError as exc:
        raise CommandError(str(exc)) from None
    except KeyboardInterrupt:
        _write(
            sys.stderr,
            "\n"
            + _(
                "{outdir}: interrupted; the files done so far are kept: run the same command "
                "with --resume to finish"
            ).format(outdir=args.output)
            + "\n",
        )
        return 130
    message = _(
        "{outdir}: {files} files, {read} read, {unreadable} unreadable, "
        "{series} cross-year findings (summary: {summary})"
    ).format(
        outdir=result.outdir,
        files=result.files,
        read=result.read,
        unreadable=result.unreadable,
        series=result.series_findings,
        summary=result.outdir / "summary.md",
    )
    if result.not_reports:
        message += _("; {n} skipped: not reports (by content)").format(n=result.not_reports)
    if result.skipped:
        message += _(" ({n} done before, skipped)").format(n=result.skipped)
    _write(sys.stderr, message + "\n")
    for folder in result.empty:
        _write(
            sys.stderr,
            _("{prog}: warning: {folder}: no report in this folder").format(
                prog=PROG, folder=folder
            )
            + "\n",
        )
    return EXIT_FAILURE if result.unreadable else EXIT_OK


# --- new, schema, rules --------------------------------------------------------------------


def _year(text: str) -> int:
    try:
        year = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("not a year: {text!r}").format(text=text)) from None
    if year not in REPORT_YEARS:
        raise argparse.ArgumentTypeError(_("not a four-digit year: {text!r}").format(text=text))
    return year


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("not a whole number: {text!r}").format(text=text)
        ) from None
    if value < 1:
        raise argparse.ArgumentTypeError(_("must be at least 1: {text!r}").format(text=text))
    return value


def _cmd_new(args: argparse.Namespace) -> int:
    text = template(args.edition, agency=args.agency, year=args.year)
    if args.output == STDOUT:
        _write(sys.stdout, text)
        return EXIT_OK
    target = Path(args.output)
    _output(args.output, [], force=True)  # a loop of symbolic links is named as one
    if target.suffix.lower() != ".toml":
        raise CommandError(
            _("{file}: the template is TOML; name the file *.toml").format(file=target)
        )
    _write_file(target, text, force=args.force)
    _write(
        sys.stderr,
        _(
            "wrote {file} (edition {edition}): fill in the figures, then run `{prog} check {file}`"
        ).format(file=target, edition=args.edition, prog=PROG)
        + "\n",
    )
    return EXIT_OK


def _cmd_schema(args: argparse.Namespace) -> int:
    _write(sys.stdout, orjson.dumps(json_schema(), option=orjson.OPT_INDENT_2).decode() + "\n")
    return EXIT_OK


def _cmd_rules(args: argparse.Namespace) -> int:
    prefixes: list[str] = [code for text in args.codes for code in _codes(text)]
    _known_codes(prefixes)
    chosen = [r for r in RULES if not prefixes or any(r.code.startswith(p) for p in prefixes)]
    if args.format == "json":
        for r in chosen:
            _write(
                sys.stdout,
                _json_line(
                    {
                        "code": r.code,
                        "name": r.name,
                        "title": r.title,
                        "severity": r.severity.value,
                        "scope": r.scope,
                        "basis": r.basis,
                        "summary": _(r.summary),
                    }
                ),
            )
        return EXIT_OK
    rows = [(r.code, _(r.severity.value), r.title, _(r.summary)) for r in chosen]
    table = tabulate(
        rows,
        headers=(_("code"), _("severity"), _("title"), _("summary")),
        tablefmt="simple",
        maxcolwidths=[None, None, None, args.width],
    )
    _write(sys.stdout, table + "\n")
    return EXIT_OK


# --- render ------------------------------------------------------------------------------

_RENDER_SUFFIXES = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".txt": "text",
    ".html": "html",
    ".htm": "html",
    ".docx": "docx",
}


def _render_format(to: str | None, output: str | None) -> str:
    """The format asked for: ``--to``, else the suffix of ``-o`` (which must be known), else
    Markdown. A name such as ``report.pdf`` is refused rather than filled with Markdown."""
    if to is not None:
        return to
    if output is None:
        return "markdown"
    suffix = Path(output).suffix.lower()
    if suffix not in _RENDER_SUFFIXES:
        known = ", ".join(_RENDER_SUFFIXES)
        raise CommandError(
            _(
                "{file}: cannot tell the format from the suffix {suffix!r} "
                "(use {known}, or say which with --to)"
            ).format(file=output, suffix=suffix, known=known)
        )
    return _RENDER_SUFFIXES[suffix]


_RENDER_ALIASES = {"md": "markdown", "txt": "text"}
"""Short names ``--to`` takes besides the formats' own (``md``, ``txt``)."""


def _render_to(text: str) -> str:
    return _RENDER_ALIASES.get(text, text)


def _diff_to(text: str) -> str:
    return "text" if text == "txt" else text


def _cmd_render(args: argparse.Namespace) -> int:
    to = _render_format(args.to, None if args.output == STDOUT else args.output)
    if to == "docx" and args.output is None:
        raise CommandError(_("docx output is binary: name a file with -o/--output"))
    if args.mark_findings and to != "html":
        raise CommandError(
            _("--mark-findings applies to html output, not {format}").format(format=to)
        )
    if args.width is not None and to != "text":
        raise CommandError(_("--width applies to text output, not {format}").format(format=to))
    path = None if args.output is None else _output(args.output, [args.file], force=args.force)
    report = _read_report(args.file, _given(args))
    findings = validate(report)
    options: dict[str, Any] = {}
    if args.mark_findings:
        options["findings"] = findings
    if args.width is not None:
        options["width"] = args.width
    from .render import render  # the renderers load their format modules on demand

    try:
        result = render(report, to=to, **options)
    except ImportError as exc:  # an optional extra (python-docx) is not installed
        raise CommandError(
            _("cannot render {format}: {reason}").format(format=to, reason=exc)
        ) from None
    _emit(path, result, force=args.force)
    errors = sum(f.severity is Severity.ERROR for f in findings)
    if errors:
        _write(
            sys.stderr,
            _("{prog}: note: {file} has {errors} (`{prog} check {file}` lists them)").format(
                prog=PROG, file=args.file, errors=_errors(errors)
            )
            + "\n",
        )
    return EXIT_OK


# --- sum ---------------------------------------------------------------------------------

_SUM_IGNORED = ("S001",)
"""Rules not reported on a sum: its narrative sections are empty by design."""


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


def _metrics_table(report: AnnualReport) -> str:
    """The named metrics of a report: name, key, the 6-place ratio and a percentage."""
    from .metrics import METRICS
    from .numbers import format_percent

    rows = []
    for metric in METRICS:
        parts = metric.parts(report)
        value = metric.compute(report)
        if parts is None or value is None:
            rows.append((metric.name, metric.key, _("n/a"), ""))
            continue
        percent = format_percent(*parts, places=2, rounding=ROUND_HALF_EVEN)
        rows.append((metric.name, metric.key, decimal_text(value), percent))
    headers = (_("metric"), _("key"), _("value"), _("percent"))
    table: str = tabulate(rows, headers=headers, tablefmt="simple", disable_numparse=True)
    return table + "\n"


def _repeated(files: Sequence[str]) -> list[list[str]]:
    """The names of each file given more than once (by the same name or another path)."""
    groups: dict[object, list[str]] = {}
    for file in files:
        try:
            info = os.stat(file)
            key: object = (info.st_dev, info.st_ino)
        except OSError:  # reading it will say why
            key = file
        groups.setdefault(key, []).append(file)
    return [names for names in groups.values() if len(names) > 1]


def _cmd_sum(args: argparse.Namespace) -> int:
    """Add the files up into OUT; list its partial cells and findings, print its metrics."""
    from .sums import sum_reports

    fmt = _document_format(args.to, args.output)
    target = _output(args.output, args.files, force=args.force)
    # with the sum on stdout, what is said about it goes to stderr
    out = sys.stdout if target is not None else sys.stderr
    for names in _repeated(args.files):
        _warning(
            _("{files}: the same file given {n} times: its figures are counted {n} times").format(
                files=", ".join(names), n=len(names)
            )
        )
    reports = [_read_report(file) for file in args.files]
    try:
        summed = sum_reports(reports, agency=args.agency, year=args.year, names=args.files)
    except SumError as exc:
        raise CommandError(_sum_message(exc)) from None
    _emit(target, dumps(summed.report, fmt), force=args.force)
    for cell in summed.partial:
        blank = ", ".join(args.files[i] for i in cell.blank)
        how = (
            _("blank in {files}, counted there as the sum of its parts")
            if cell.total
            else _("blank in {files}, counted there as 0")
        )
        _write(out, f"{args.output}: {cell.location} " + how.format(files=blank) + "\n")
    findings = validate(summed.report, ignore=_SUM_IGNORED)
    for finding in findings:
        _write(out, _finding_text(args.output, finding))
    _write(out, _metrics_table(summed.report))
    counts = {s: sum(f.severity is s for f in findings) for s in Severity}
    _write(
        sys.stderr,
        ngettext(
            "wrote {file}: the sum of {n} report",
            "wrote {file}: the sum of {n} reports",
            len(reports),
        ).format(file=args.output if target is not None else _("stdout"), n=len(reports))
        + "\n"
        + _summary(1, counts[Severity.ERROR], counts[Severity.WARNING], counts[Severity.INFO])
        + "\n",
    )
    return EXIT_FINDINGS if counts[Severity.ERROR] else EXIT_OK


# --- diff --------------------------------------------------------------------------------


def _cmd_diff(args: argparse.Namespace) -> int:
    from .diff import compare, render_diff_html, render_diff_text

    to = args.to
    if to is None:
        suffix = Path(args.output).suffix.lower() if args.output is not None else ""
        to = "html" if suffix in (".html", ".htm") else "text"
    path = None
    if args.output is not None:
        path = _output(args.output, [args.a, args.b], force=args.force)
    aliases = _aliases(args.aliases)
    diff = compare(
        _read_report(args.a), _read_report(args.b), names=(args.a, args.b), aliases=aliases
    )
    text = render_diff_html(diff) if to == "html" else render_diff_text(diff)
    _emit(path, text, force=args.force)
    return EXIT_FINDINGS if diff.differs or diff.cross_year_errors else EXIT_OK


# --- the parser ----------------------------------------------------------------------------

_ALIASES_HELP = (
    "a table of agency names, CSV or TOML (name -> canonical name), for renamed or merged "
    "bodies: their reports are then one body"
)


class _Formatter(argparse.HelpFormatter):
    """Help in the run's language: descriptions and help texts are written in English and
    translated in the catalogue, as the messages are."""

    def _get_help_string(self, action: argparse.Action) -> str | None:
        return None if action.help is None else _(action.help)

    def _format_text(self, text: str) -> str:
        return super()._format_text(_(text))


def _argparse_language() -> None:
    """Have argparse's own strings (``usage:``, ``options``, ``the following arguments are
    required``, …) looked up in the library's catalogue, in the run's language: argparse
    translates them with the ``gettext`` function of its module, which this replaces (in
    English, the library's ``_`` returns them unchanged)."""
    names = vars(argparse)
    names["_"] = _
    names["ngettext"] = ngettext


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors read ``gov-disclosure: error: …`` in every command, and
    whose help and usage are in the run's language."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        _argparse_language()
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)

    def _print_message(self, message: str, file: Any = None) -> None:
        if message:
            _write(file or sys.stderr, message)

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(
            EXIT_FAILURE, _("{prog}: error: {message}").format(prog=PROG, message=message) + "\n"
        )


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG,
        description="Check, convert, export and render “政府信息公开工作年度报告” data files "
        "(TOML or JSON).",
        epilog="Exit status: 0 ok, 1 check found an error or diff a difference, 2 bad usage or "
        "unreadable input.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    lang_help = "language of the messages: zh or en (default: from LC_ALL/LC_MESSAGES/LANG)"
    parser.add_argument("--lang", choices=LANGUAGES, help=lang_help)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def given(sub: Any) -> None:
        """--agency and --year for a command that reads a published report."""
        sub.add_argument(
            "--agency",
            metavar="NAME",
            help="a published report's body (“机关名称”), whatever it prints",
        )
        sub.add_argument("--year", type=_year, help="a published report's year, whatever it prints")

    def command(name: str, handler: Callable[[argparse.Namespace], int], help: str) -> Any:
        sub = commands.add_parser(name, help=help, description=help)
        sub.set_defaults(handler=handler)
        sub.add_argument("--lang", choices=LANGUAGES, default=argparse.SUPPRESS, help=lang_help)
        return sub

    check = command("check", _cmd_check, "validate reports and list the findings")
    check.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help="a .toml or .json report, or a published one (.txt, .md, .html, .docx, .pdf)",
    )
    check.add_argument(
        "--format", choices=("text", "json"), default="text", help="text lines or JSON Lines"
    )
    check.add_argument(
        "--select",
        type=_codes,
        action="extend",
        metavar="CODES",
        help="only these rule codes or prefixes, comma-separated (e.g. A,S002)",
    )
    check.add_argument(
        "--ignore",
        type=_codes,
        action="extend",
        metavar="CODES",
        help="skip these rule codes or prefixes, comma-separated (e.g. B,S006)",
    )
    shown = check.add_mutually_exclusive_group()
    shown.add_argument(
        "--min-severity",
        choices=[s.value for s in Severity],
        help="hide findings less serious than this (default: warning for text, info for json)",
    )
    shown.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="show every finding, info included, one per line (--min-severity info)",
    )
    check.add_argument(
        "--series",
        action="store_true",
        help="also check the files as one body's reports across years",
    )
    check.add_argument(
        "-j",
        "--jobs",
        type=_jobs,
        default=1,
        metavar="N",
        help="check the files in N processes (0: one per CPU); output order stays the files' order",
    )
    given(check)

    export = command("export", _cmd_export, "write every statutory cell as JSON Lines")
    export.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help="a .toml or .json report, or a published one (.txt, .md, .html, .docx, .pdf)",
    )
    export.add_argument(
        "--complete", action="store_true", help="fill blank totals from their parts first"
    )
    given(export)

    convert = command("convert", _cmd_convert, "convert a report between TOML and JSON")
    convert.add_argument(
        "input",
        metavar="IN",
        help="the report to read: .toml, .json, or a published .txt, .md, .html, .docx or .pdf",
    )
    convert.add_argument("output", metavar="OUT", help="the file to write, or - for stdout")
    convert.add_argument(
        "--to", choices=("json", "toml"), help="output format (default: from OUT's suffix)"
    )
    convert.add_argument("--force", action="store_true", help="overwrite an existing OUT")
    given(convert)

    new = command("new", _cmd_new, "write a blank report template for a clerk to fill in")
    new.add_argument("output", metavar="OUT.toml", help="the file to write, or - for stdout")
    new.add_argument(
        "--edition",
        choices=[e.value for e in Edition],
        default=Edition.E2021.value,
        help="the edition of the format (default: 2021)",
    )
    new.add_argument("--agency", default="", help="the body's name (“机关名称”) to fill in")
    new.add_argument("--year", type=_year, help="the year reported on (default: last year)")
    new.add_argument("--force", action="store_true", help="overwrite an existing file")

    command("schema", _cmd_schema, "print the JSON Schema of report documents")

    rules = command("rules", _cmd_rules, "list the validation rules")
    rules.add_argument("codes", nargs="*", metavar="CODE", help="only these codes or prefixes")
    rules.add_argument("--format", choices=("text", "json"), default="text")
    rules.add_argument(
        "--width", type=_positive, default=60, help="wrap summaries at this width (default 60)"
    )

    audit = command(
        "audit", _cmd_audit, "audit every report under folders: findings, cells, summary"
    )
    audit.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="report files, or folders searched for them (.toml .json .txt .md .html .docx .pdf)",
    )
    audit.add_argument(
        "-o", "--output", required=True, metavar="OUTDIR", help="the folder to write into"
    )
    audit.add_argument(
        "-j",
        "--jobs",
        type=_jobs,
        default=0,
        metavar="N",
        help="worker processes (default 0: one per CPU, as os.cpu_count() counts them; "
        "1: no workers, the work runs in this process)",
    )
    audit.add_argument(
        "--engine",
        choices=("process", "dask"),
        default="process",
        help="where the work runs: local processes, or a Dask cluster (the dask extra)",
    )
    audit.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="dask: the scheduler to use (e.g. tcp://10.0.0.5:8786; default: a local cluster)",
    )
    audit.add_argument(
        "--resume", action="store_true", help="continue an interrupted audit of OUTDIR"
    )
    audit.add_argument(
        "--force", action="store_true", help="start over in an OUTDIR that holds an audit"
    )
    audit.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    audit.add_argument("--aliases", metavar="FILE", help=_ALIASES_HELP)

    render = command("render", _cmd_render, "render a report as Markdown, text, HTML or Word")
    render.add_argument(
        "file",
        metavar="FILE",
        help="a .toml or .json report, or a published one (.txt, .md, .html, .docx, .pdf)",
    )
    render.add_argument(
        "--to",
        type=_render_to,
        choices=RENDER_FORMATS,
        metavar="{" + ",".join([*RENDER_FORMATS, *_RENDER_ALIASES]) + "}",
        help="output format, md and txt for short (default: from -o's suffix, else markdown)",
    )
    render.add_argument(
        "-o", "--output", metavar="OUT", help="write here instead of stdout (- for stdout)"
    )
    render.add_argument("--force", action="store_true", help="overwrite an existing OUT")
    render.add_argument(
        "--mark-findings",
        action="store_true",
        help="html: list the findings and mark the cells they point at",
    )
    render.add_argument("--width", type=_positive, help="text: display columns per line")
    given(render)

    summing = command("sum", _cmd_sum, "add up reports of one form cell by cell into one report")
    summing.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help="a .toml or .json report, or a published one (.txt, .md, .html, .docx, .pdf)",
    )
    summing.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="OUT",
        help="the .toml or .json file to write, or - for stdout (then the rest goes to stderr)",
    )
    summing.add_argument(
        "--to", choices=("json", "toml"), help="output format (default: from OUT's suffix)"
    )
    summing.add_argument(
        "--agency",
        help="the body's name (“机关名称”) of the sum (needed when the reports are of different bodies)",
    )
    summing.add_argument(
        "--year", type=_year, help="the year of the sum (needed when the reports' years differ)"
    )
    summing.add_argument("--force", action="store_true", help="overwrite an existing OUT")

    diff = command(
        "diff",
        _cmd_diff,
        "compare the statutory cells of two reports and check them as consecutive years",
    )
    for name in ("a", "b"):
        diff.add_argument(
            name,
            metavar=name.upper(),
            help="a .toml or .json report, or a published one (.txt, .md, .html, .docx, .pdf)",
        )
    diff.add_argument(
        "--to",
        type=_diff_to,
        choices=("text", "html"),
        metavar="{text,txt,html}",
        help="output format (default: from -o's suffix, else text)",
    )
    diff.add_argument(
        "-o", "--output", metavar="OUT", help="write here instead of stdout (- for stdout)"
    )
    diff.add_argument("--force", action="store_true", help="overwrite an existing OUT")
    diff.add_argument("--aliases", metavar="FILE", help=_ALIASES_HELP)
    return parser


def _exit_status(code: object) -> int:
    if code is None:
        return EXIT_OK
    return code if isinstance(code, int) else EXIT_FAILURE


_LANG = ["en"]
"""The language chosen for this run (``--lang``, else the locale)."""


def _lang_of(argv: Sequence[str]) -> str | None:
    """The language ``--lang`` names anywhere on the command line (None: not given)."""
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1] if argv[i + 1] in LANGUAGES else None
        if arg.startswith("--lang="):
            value = arg.partition("=")[2]
            return value if value in LANGUAGES else None
    return None


def entry() -> None:
    """The ``gov-disclosure`` program: :func:`main`, then exit with its status. After an
    interruption (status 130) a second Ctrl-C while the interpreter shuts down is ignored, so
    that the program still exits with 130 and its message, never killed half-way."""
    try:
        status = main()
    except KeyboardInterrupt:
        status = 130
    if status == 130:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    raise SystemExit(status)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (0, 1 or 2).

    Every message is in Chinese or English: ``--lang zh|en``, else ``zh`` when the locale
    (``LC_ALL``, ``LC_MESSAGES``, ``LANG``) is Chinese. The language of the library's messages
    before the run is restored after it."""
    with using_language(get_language()):
        return _run(argv)


def _run(argv: Sequence[str] | None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    _LANG[0] = _lang_of(argv) or language_from_env()
    set_language(_LANG[0])
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, or a usage error already printed
        return _exit_status(exc.code)
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        status = handler(args)
        sys.stdout.flush()  # a reader gone away shows here, not at the interpreter's exit
        return status
    except BrokenPipeError:
        # The reader went away (``… | head``): stop quietly, as Unix tools do; what is still
        # buffered goes nowhere instead of raising again at exit.
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError, AttributeError):
            pass
        return EXIT_BROKEN_PIPE
    except (CommandError, *_INPUT_ERRORS) as exc:
        _error(_describe(exc))
        return EXIT_FAILURE
    except KeyboardInterrupt:
        return 130
