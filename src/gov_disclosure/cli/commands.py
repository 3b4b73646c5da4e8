"""The commands: for each, one small function that builds its parser and one that runs it
(calling the library, printing what it returns), and what they share for printing."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import Any

import orjson
from tabulate import tabulate

from .. import checking
from .._files import output_path, write_output
from .._files import write_text as write
from .._i18n import N_, _, get_language, ngettext
from ..agency import load_aliases
from ..cells import complete, to_cells
from ..findings import Severity
from ..hints import describe
from ..model import AnnualReport, decimal_text
from ..render import ALIASES, RENDERERS, format_for
from ..rules import RULES, validate
from ..schema import json_schema
from ..serialize import Format, dumps, format_of
from ..statutory import REPORT_YEARS, Edition
from ..template import template

EXIT_OK, EXIT_FINDINGS, EXIT_FAILURE = 0, 1, 2
PROG = "gov-disclosure"
STDOUT = "-"
"""The name of standard output where a command writes one file (``-o -``, ``OUT`` ``-``)."""


class CommandError(Exception):
    """A failure to report as ``gov-disclosure: error: …`` with exit status 2."""


def error(message: str, kind: str = N_("{prog}: error: {message}")) -> None:
    write(sys.stderr, _(kind).format(prog=PROG, message=message) + "\n")


def json_line(data: dict[str, Any]) -> str:
    """One line of JSON Lines; an amount as its plain decimal text (``"96171.6"``)."""
    return orjson.dumps(data, default=decimal_text).decode() + "\n"


def output(target: str | None, inputs: Sequence[str], *, force: bool) -> Path | None:
    """The file a command is to write (None: stdout, for none or ``-``), checked before work."""
    if target is None or target == STDOUT:
        return None
    return output_path(target, inputs, force=force, refuse=CommandError)


emit = partial(write_output, refuse=CommandError)
"""Write a command's output file, or standard output for None."""


def _read_report(file: str, args: argparse.Namespace | None = None) -> AnnualReport:
    return checking.read_input(file, _given(args))[0]


def _given(args: argparse.Namespace | None) -> checking.Given:
    """--agency and --year of a command that reads published reports."""
    return getattr(args, "agency", None), getattr(args, "year", None)


def _given_args(sub: argparse.ArgumentParser) -> None:
    what = "a published report's body (“机关名称”), whatever it prints"
    sub.add_argument("--agency", metavar="NAME", help=what)
    what = "a published report's year, whatever it prints"
    sub.add_argument("--year", type=_year, help=what)


FILE_HELP = "a .toml or .json report, or a published one (.txt, .md, .html, .docx, .pdf)"
_ALIASES_HELP = "a table of agency names, CSV or TOML (name -> canonical name), for renamed or merged bodies: their reports are then one body"
_OUT_HELP = "write here instead of stdout (- for stdout)"
_TO_HELP = "output format (default: from OUT's suffix)"


def _whole(least: int | range, bad: str, low: str) -> Callable[[str], int]:
    """A whole number (else ``bad``), at least ``least`` or in that range (else ``low``)."""

    def whole(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(_(bad).format(text=text)) from None
        if value not in least if isinstance(least, range) else value < least:
            raise argparse.ArgumentTypeError(_(low).format(text=text))
        return value

    return whole


_JOBS = N_("expected a whole number of processes, got {text!r}")
_jobs = _whole(0, _JOBS, N_("the number of processes cannot be negative"))
_positive = _whole(1, N_("not a whole number: {text!r}"), N_("must be at least 1: {text!r}"))
_year = _whole(REPORT_YEARS, N_("not a year: {text!r}"), N_("not a four-digit year: {text!r}"))


def _codes(text: str) -> list[str]:
    """A comma-separated list of rule codes or prefixes (``A3,S001``)."""
    return [part.strip().upper() for part in text.split(",") if part.strip()]


def _known_codes(prefixes: Sequence[str]) -> None:
    for prefix in checking.unknown_codes(prefixes)[:1]:
        message = _("no rule code starts with {prefix!r} (`{prog} rules` lists the codes)")
        raise CommandError(message.format(prefix=prefix, prog=PROG))


def _document_format(to: Format | None, target: str) -> Format:
    if to is not None:
        return to
    if target == STDOUT:
        raise CommandError(_("writing to stdout: say which format with --to json|toml"))
    return format_of(target)


def _flag(sub: argparse.ArgumentParser, *names: str, help: str) -> None:
    sub.add_argument(*names, action="store_true", help=help)


def _force(sub: argparse.ArgumentParser, formats: Sequence[str] | None = None) -> None:
    """``--to`` of these formats (if given), and ``--force``."""
    if formats is not None:
        sub.add_argument("--to", choices=formats, help=_TO_HELP)
    _flag(sub, "--force", help="overwrite an existing OUT")


def check_args(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("files", nargs="+", metavar="FILE", help=FILE_HELP)
    formats = ("text", "json")
    sub.add_argument("--format", choices=formats, default="text", help="text lines or JSON Lines")
    for name, what, example in (("select", "only", "A,S002"), ("ignore", "skip", "B,S006")):
        help = f"{what} these rule codes or prefixes, comma-separated (e.g. {example})"
        sub.add_argument(f"--{name}", type=_codes, action="extend", metavar="CODES", help=help)
    shown = sub.add_mutually_exclusive_group()
    what = "hide findings less serious than this (default: warning for text, info for json)"
    shown.add_argument("--min-severity", choices=[s.value for s in Severity], help=what)
    what = "show every finding, info included, one per line (--min-severity info)"
    shown.add_argument("-v", "--verbose", action="store_true", help=what)
    _flag(sub, "--series", help="also check the files as one body's reports across years")
    what = "check the files in N processes (0: one per CPU); output order stays the files' order"
    sub.add_argument("-j", "--jobs", type=_jobs, default=1, metavar="N", help=what)
    _given_args(sub)


def check(args: argparse.Namespace) -> int:
    select: list[str] | None = args.select or None
    ignore: list[str] | None = args.ignore or None
    _known_codes([*(select or ()), *(ignore or ())])
    every = args.verbose or args.format == "json"
    tally = checking.Tally((Severity.INFO if every else Severity.WARNING).rank)
    if args.min_severity is not None:
        tally.threshold = Severity(args.min_severity).rank
    for file, outcome in checking.check(
        args.files,
        select,
        ignore,
        jobs=args.jobs,
        series=args.series,
        language=get_language(),
        given=_given(args),
    ):
        if isinstance(outcome, str):
            error(outcome)
            tally.unreadable += 1
            continue
        shown = tally.shown(outcome)
        if args.format == "json":
            lines = [json_line({"file": file, **f.record()}) for f in shown]
        elif tally.threshold < Severity.INFO.rank:
            lines = checking.folded_lines(file, shown)
        else:
            lines = [checking.finding_line(file, f) for f in shown]
        write(sys.stdout, "".join(lines))
    write(sys.stderr, tally.summary(len(args.files), hint=args.min_severity is None) + "\n")
    found = EXIT_FINDINGS if tally.counts[Severity.ERROR] else EXIT_OK
    return EXIT_FAILURE if tally.unreadable else found


def export_args(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("files", nargs="+", metavar="FILE", help=FILE_HELP)
    _flag(sub, "--complete", help="fill blank totals from their parts first")
    _given_args(sub)


def export(args: argparse.Namespace) -> int:
    status = EXIT_OK
    keys = ("file", "table", "row", "column", "value")
    for file in args.files:
        try:
            report = _read_report(file, args)
        except checking.INPUT_ERRORS as exc:
            error(describe(exc))
            status = EXIT_FAILURE
            continue
        cells = to_cells(complete(report) if args.complete else report)
        lines = [json_line(dict(zip(keys, (file, *cell[:4]), strict=True))) for cell in cells]
        write(sys.stdout, "".join(lines))
    return status


def convert_args(sub: argparse.ArgumentParser) -> None:
    what = "the report to read: .toml, .json, or a published .txt, .md, .html, .docx or .pdf"
    sub.add_argument("input", metavar="IN", help=what)
    sub.add_argument("output", metavar="OUT", help="the file to write, or - for stdout")
    _force(sub, ("json", "toml"))
    _given_args(sub)


def convert(args: argparse.Namespace) -> int:
    fmt = _document_format(args.to, args.output)
    path = output(args.output, [args.input], force=args.force)
    emit(path, dumps(_read_report(args.input, args), fmt), force=args.force)
    return EXIT_OK


def new_args(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("output", metavar="OUT.toml", help="the file to write, or - for stdout")
    editions, latest = [e.value for e in Edition], Edition.latest().value
    what = "the edition of the format (default: %(default)s)"
    sub.add_argument("--edition", choices=editions, default=latest, help=what)
    sub.add_argument("--agency", default="", help="the body's name (“机关名称”) to fill in")
    sub.add_argument("--year", type=_year, help="the year reported on (default: last year)")
    _flag(sub, "--force", help="overwrite an existing file")


def new(args: argparse.Namespace) -> int:
    text = template(args.edition, agency=args.agency, year=args.year)
    if args.output == STDOUT:
        write(sys.stdout, text)
        return EXIT_OK
    target = Path(args.output)
    output(args.output, [], force=True)  # a loop of symbolic links is named as one
    if target.suffix.lower() != ".toml":
        message = _("{file}: the template is TOML; name the file *.toml")
        raise CommandError(message.format(file=target))
    emit(target, text, force=args.force)
    done = _(
        "wrote {file} (edition {edition}): fill in the figures, then run `{prog} check {file}`"
    )
    write(sys.stderr, done.format(file=target, edition=args.edition, prog=PROG) + "\n")
    return EXIT_OK


def schema(args: argparse.Namespace) -> int:
    write(sys.stdout, orjson.dumps(json_schema(), option=orjson.OPT_INDENT_2).decode() + "\n")
    return EXIT_OK


def rules_args(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("codes", nargs="*", metavar="CODE", help="only these codes or prefixes")
    sub.add_argument("--format", choices=("text", "json"), default="text")
    what = "wrap summaries at this width (default 60)"
    sub.add_argument("--width", type=_positive, default=60, help=what)


def rules(args: argparse.Namespace) -> int:
    prefixes: list[str] = [code for text in args.codes for code in _codes(text)]
    _known_codes(prefixes)
    chosen = [r for r in RULES if not prefixes or any(r.code.startswith(p) for p in prefixes)]
    if args.format == "json":
        keys = ("code", "name", "title", "severity", "scope", "basis", "summary")
        for r in chosen:
            values = (r.code, r.name, r.title, r.severity.value, r.scope, r.basis, _(r.summary))
            write(sys.stdout, json_line(dict(zip(keys, values, strict=True))))
        return EXIT_OK
    rows = [(r.code, _(r.severity.value), r.title, _(r.summary)) for r in chosen]
    headers = (_("code"), _("severity"), _("title"), _("summary"))
    widths = [None, None, None, args.width]
    table = tabulate(rows, headers=headers, tablefmt="simple", maxcolwidths=widths)
    write(sys.stdout, table + "\n")
    return EXIT_OK


def audit_args(sub: argparse.ArgumentParser) -> None:
    from ..audit.engines import ENGINES

    what = "report files, or folders searched for them (.toml .json .txt .md .html .docx .pdf)"
    sub.add_argument("paths", nargs="+", metavar="PATH", help=what)
    what = "the folder to write into"
    sub.add_argument("-o", "--output", required=True, metavar="OUTDIR", help=what)
    what = "worker processes (default 0: one per CPU, as os.cpu_count() counts them; 1: no workers, the work runs in this process)"
    sub.add_argument("-j", "--jobs", type=_jobs, default=0, metavar="N", help=what)
    what = "where the work runs: local processes, or a Dask cluster (the dask extra)"
    sub.add_argument("--engine", choices=tuple(ENGINES), default="process", help=what)
    what = "dask: the scheduler to use (e.g. tcp://10.0.0.5:8786; default: a local cluster)"
    sub.add_argument("--scheduler", metavar="ADDRESS", help=what)
    _flag(sub, "--resume", help="continue an interrupted audit of OUTDIR")
    _flag(sub, "--force", help="start over in an OUTDIR that holds an audit")
    _flag(sub, "-q", "--quiet", help="no progress bar")
    sub.add_argument("--aliases", metavar="FILE", help=_ALIASES_HELP)


def audit(args: argparse.Namespace) -> int:
    from ..audit import AuditError, audit, progress_bar
    from ..audit.engines import ENGINES

    if args.scheduler is not None and not ENGINES[args.engine].address:
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
            progress=None if args.quiet or not sys.stderr.isatty() else progress_bar,
            describe=describe,
            language=get_language(),
            aliases=None if args.aliases is None else load_aliases(args.aliases),
        )
    except (AuditError, ImportError) as exc:
        raise CommandError(str(exc)) from None
    except KeyboardInterrupt:
        stopped = _(
            "{outdir}: interrupted; the files done so far are kept: run the same command "
            "with --resume to finish"
        )
        write(sys.stderr, "\n" + stopped.format(outdir=args.output) + "\n")
        return 130
    write(sys.stderr, result.message() + "\n")
    for folder in result.empty:
        empty = _("{prog}: warning: {folder}: no report in this folder")
        write(sys.stderr, empty.format(prog=PROG, folder=folder) + "\n")
    return EXIT_FAILURE if result.unreadable else EXIT_OK


def render_args(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("file", metavar="FILE", help=FILE_HELP)
    formats = tuple(RENDERERS)
    sub.add_argument(
        "--to",
        type=lambda text: ALIASES.get(text, text),
        choices=formats,
        metavar="{" + ",".join([*formats, *ALIASES]) + "}",
        help="output format, md and txt for short (default: from -o's suffix, else markdown)",
    )
    sub.add_argument("-o", "--output", metavar="OUT", help=_OUT_HELP)
    _force(sub)
    _flag(sub, "--mark-findings", help="html: list the findings and mark the cells they point at")
    sub.add_argument("--width", type=_positive, help="text: display columns per line")
    _given_args(sub)


def _render_format(to: str | None, path: str | None) -> str:
    """``--to``, else the suffix of ``-o`` (which must be known: ``report.pdf`` is refused
    rather than filled with Markdown), else Markdown."""
    if to is not None or path is None:
        return to or "markdown"
    if (found := format_for(path)) is None:
        why = _(
            "{file}: cannot tell the format from the suffix {suffix!r} "
            "(use {known}, or say which with --to)"
        )
        known = ", ".join(s for r in RENDERERS.values() for s in r.suffixes)
        raise CommandError(why.format(file=path, suffix=Path(path).suffix.lower(), known=known))
    return found


def render(args: argparse.Namespace) -> int:
    to = _render_format(args.to, None if args.output == STDOUT else args.output)
    if RENDERERS[to].binary and args.output is None:
        why = _("{format} output is binary: name a file with -o/--output")
        raise CommandError(why.format(format=to))
    if args.mark_findings and to != "html":
        why = _("--mark-findings applies to html output, not {format}")
        raise CommandError(why.format(format=to))
    if args.width is not None and to != "text":
        raise CommandError(_("--width applies to text output, not {format}").format(format=to))
    path = output(args.output, [args.file], force=args.force)
    report = _read_report(args.file, args)
    findings = validate(report)
    options: dict[str, Any] = {"findings": findings} if args.mark_findings else {}
    if args.width is not None:
        options["width"] = args.width
    from ..render import render as render_report  # each format's module loads on demand

    try:
        result = render_report(report, to=to, **options)
    except ImportError as exc:  # an optional extra (python-docx) is not installed
        why = _("cannot render {format}: {reason}")
        raise CommandError(why.format(format=to, reason=exc)) from None
    emit(path, result, force=args.force)
    if errors := sum(f.severity is Severity.ERROR for f in findings):
        note = _("{prog}: note: {file} has {errors} (`{prog} check {file}` lists them)")
        many = checking.errors_text(errors)
        write(sys.stderr, note.format(prog=PROG, file=args.file, errors=many) + "\n")
    return EXIT_OK


def sum_args(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("files", nargs="+", metavar="FILE", help=FILE_HELP)
    what = "the .toml or .json file to write, or - for stdout (then the rest goes to stderr)"
    sub.add_argument("-o", "--output", required=True, metavar="OUT", help=what)
    sub.add_argument("--to", choices=("json", "toml"), help=_TO_HELP)
    what = (
        "the body's name (“机关名称”) of the sum (needed when the reports are of different bodies)"
    )
    sub.add_argument("--agency", help=what)
    what = "the year of the sum (needed when the reports' years differ)"
    sub.add_argument("--year", type=_year, help=what)
    _force(sub)


def sum_(args: argparse.Namespace) -> int:
    """Add the files up into OUT; list its partial cells and findings, print its metrics."""
    from ..metrics import metrics_table
    from ..sums import repeated_files, sum_reports

    fmt = _document_format(args.to, args.output)
    target = output(args.output, args.files, force=args.force)
    out = sys.stdout if target is not None else sys.stderr  # the sum on stdout: notes on stderr
    for names in repeated_files(args.files):
        twice = _("{files}: the same file given {n} times: its figures are counted {n} times")
        error(twice.format(files=", ".join(names), n=len(names)), N_("{prog}: warning: {message}"))
    reports = [_read_report(file) for file in args.files]
    summed = sum_reports(reports, agency=args.agency, year=args.year, names=args.files)
    emit(target, dumps(summed.report, fmt), force=args.force)
    for cell in summed.partial:
        write(out, f"{args.output}: {cell.location} {cell.note(args.files)}\n")
    tally = checking.Tally()
    findings = tally.shown(validate(summed.report, ignore=("S001",)))  # no narrative: by design
    write(out, "".join(checking.finding_line(args.output, f) for f in findings))
    write(out, metrics_table(summed.report))
    wrote = ngettext(
        "wrote {file}: the sum of {n} report", "wrote {file}: the sum of {n} reports", len(reports)
    )
    wrote = wrote.format(file=args.output if target is not None else _("stdout"), n=len(reports))
    write(sys.stderr, wrote + "\n" + tally.summary(1) + "\n")
    return EXIT_FINDINGS if tally.counts[Severity.ERROR] else EXIT_OK


def diff_args(sub: argparse.ArgumentParser) -> None:
    for name in ("a", "b"):
        sub.add_argument(name, metavar=name.upper(), help=FILE_HELP)
    sub.add_argument(
        "--to",
        type=lambda text: "text" if text == "txt" else text,
        choices=("text", "html"),
        metavar="{text,txt,html}",
        help="output format (default: from -o's suffix, else text)",
    )
    sub.add_argument("-o", "--output", metavar="OUT", help=_OUT_HELP)
    _force(sub)
    sub.add_argument("--aliases", metavar="FILE", help=_ALIASES_HELP)


def diff(args: argparse.Namespace) -> int:
    from ..diff import compare, render_diff_html, render_diff_text

    html = Path(args.output or "").suffix.lower() in (".html", ".htm")
    to = args.to or ("html" if html else "text")
    path = output(args.output, [args.a, args.b], force=args.force)
    a, b = _read_report(args.a), _read_report(args.b)
    result = compare(
        a,
        b,
        names=(args.a, args.b),
        aliases=None if args.aliases is None else load_aliases(args.aliases),
    )
    text = render_diff_html(result) if to == "html" else render_diff_text(result)
    emit(path, text, force=args.force)
    return EXIT_FINDINGS if result.differs or result.cross_year_errors else EXIT_OK


Build = Callable[[argparse.ArgumentParser], None]
_DIFF_HELP = "compare the statutory cells of two reports and check them as consecutive years"
COMMANDS: tuple[tuple[str, str, Build, Callable[[argparse.Namespace], int]], ...] = (
    ("check", "validate reports and list the findings", check_args, check),
    ("export", "write every statutory cell as JSON Lines", export_args, export),
    ("convert", "convert a report between TOML and JSON", convert_args, convert),
    ("new", "write a blank report template for a clerk to fill in", new_args, new),
    ("schema", "print the JSON Schema of report documents", lambda sub: None, schema),
    ("rules", "list the validation rules", rules_args, rules),
    ("audit", "audit every report under folders: findings, cells, summary", audit_args, audit),
    ("render", "render a report as Markdown, text, HTML or Word", render_args, render),
    ("sum", "add up reports of one form cell by cell into one report", sum_args, sum_),
    ("diff", _DIFF_HELP, diff_args, diff),
)
"""Each command: its name, its help, the function that builds its parser, the one that runs it."""
