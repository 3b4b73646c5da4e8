"""MkDocs hooks: the pages that are generated from the library at build time.

A page asks for generated Markdown with a marker on a line of its own:

- ``<!-- generated: rules-table -->``: one line per rule of ``gov_disclosure.RULES``;
- ``<!-- generated: rules X -->``: a section for every rule whose code starts with ``X``;
- ``<!-- generated: cli -->``: every command and option of ``gov_disclosure.cli._parser()``.

So a new rule or a new command appears in the docs without editing them. The build fails when a
page names an unknown marker, when a rule's letter has no ``rules`` marker, or when a rule is
listed twice.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable, Iterable
from typing import Any

from mkdocs.exceptions import PluginError

import gov_disclosure as gd
from gov_disclosure.cli import _parser

_MARKER = re.compile(r"^<!-- generated: ([\w-]+)(?: (\w+))? -->$", re.M)

_SCOPE = {
    "report": "checked by `gov_disclosure.validate`",
    "series": "checked by `gov_disclosure.validate_series`",
    "reading": "reported by `gov_disclosure.parse`",
}

# --- rules ----------------------------------------------------------------------------------


def _basis(text: str) -> str:
    """The basis of a rule; a reference to a page of these docs becomes a link to it."""
    return re.sub(r"docs/([\w-]+)\.md", r"[\1](\1.md)", text)


def rule_section(rule: gd.Rule) -> str:
    """The section of one rule: heading (code, name, title), severity, scope, basis, summary."""
    return (
        f"### `{rule.code}` {rule.name} — {rule.title} {{ #{rule.code} }}\n\n"
        f"**{rule.severity.value}** · {_SCOPE[rule.scope]} · basis: {_basis(rule.basis)}\n\n"
        f"{rule.summary}\n"
    )


def rules_table(rules: Iterable[gd.Rule]) -> str:
    """A table of every rule, each code linking to its section."""
    lines = ["| code | severity | title | name | scope |", "|---|---|---|---|---|"]
    lines += [
        f"| [`{r.code}`](#{r.code}) | {r.severity.value} | {r.title} | {r.name} | {r.scope} |"
        for r in rules
    ]
    return "\n".join(lines) + "\n"


# --- the command line ---------------------------------------------------------------------


def _formatter(prog: str) -> argparse.HelpFormatter:
    return argparse.HelpFormatter(prog, width=100)  # fixed: the page must not depend on $COLUMNS


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _argument_rows(parser: argparse.ArgumentParser) -> list[str]:
    formatter = _formatter(parser.prog)
    rows = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            continue
        if action.option_strings:
            metavar = (
                formatter._format_args(action, action.dest.upper()) if action.nargs != 0 else ""
            )
            name = ", ".join(
                f"`{o}{' ' + metavar if metavar else ''}`" for o in action.option_strings
            )
        else:
            name = f"`{formatter._metavar_formatter(action, action.dest)(1)[0]}`"
            if action.nargs in ("*", "+", "?"):
                name += {"*": " (any number)", "+": " (one or more)", "?": " (optional)"}[
                    str(action.nargs)
                ]
        help = formatter._expand_help(action) if action.help else ""
        notes = []
        if action.choices is not None and (action.metavar is not None or not action.option_strings):
            notes.append("one of " + ", ".join(f"`{c}`" for c in action.choices))
        if (
            action.option_strings
            and action.default not in (None, False, argparse.SUPPRESS)
            and "default" not in help
        ):
            notes.append(f"default `{action.default}`")
        if action.required and action.option_strings:
            notes.append("required")
        text = help + (f" ({'; '.join(notes)})" if notes else "")
        rows.append(f"| {name} | {_cell(text)} |")
    return rows


def _command(parser: argparse.ArgumentParser) -> list[str]:
    parser.formatter_class = _formatter
    first, *rest = parser.format_usage().rstrip().splitlines()
    prefix = "usage: "  # argparse's; its continuation lines are indented past it
    usage = "\n".join([first.removeprefix(prefix), *(line[len(prefix) :] for line in rest)])
    out = [f"```text\n{usage}\n```", ""]
    if parser.description:
        text = parser.description[0].upper() + parser.description[1:]
        out += [text if text.endswith(".") else text + ".", ""]
    rows = _argument_rows(parser)
    if rows:
        out += ["| argument | meaning |", "|---|---|", *rows, ""]
    if parser.epilog:
        out += [parser.epilog, ""]
    return out


def cli_reference(parser: argparse.ArgumentParser) -> str:
    """Every command of the parser with its usage, description and arguments."""
    out = _command(parser)
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                out += [f"## `{parser.prog} {name}`", "", *_command(sub)]
    return "\n".join(out)


# --- the hook -----------------------------------------------------------------------------


def _rules_for(prefix: str | None, listed: set[str]) -> str:
    if prefix is None:
        raise PluginError(
            "the marker 'rules' needs a code prefix, e.g. <!-- generated: rules A -->"
        )
    chosen = [r for r in gd.RULES if r.code.startswith(prefix)]
    if not chosen:
        raise PluginError(f"no rule code starts with {prefix!r}")
    twice = listed.intersection(r.code for r in chosen)
    if twice:
        raise PluginError(f"rules listed twice on the page: {', '.join(sorted(twice))}")
    listed.update(r.code for r in chosen)
    return "\n".join(rule_section(r) for r in chosen)


def expand(markdown: str) -> str:
    """The page's Markdown with every marker replaced by what it names."""
    listed: set[str] = set()
    has_rules = False

    def replace(match: re.Match[str]) -> str:
        nonlocal has_rules
        what, argument = match.group(1), match.group(2)
        makers: dict[str, Callable[[], str]] = {
            "rules-table": lambda: rules_table(gd.RULES),
            "rules": lambda: _rules_for(argument, listed),
            "cli": lambda: cli_reference(_parser()),
        }
        if what not in makers:
            raise PluginError(f"unknown generated section {what!r} (known: {', '.join(makers)})")
        has_rules = has_rules or what == "rules"
        return makers[what]()

    result = _MARKER.sub(replace, markdown)
    missing = [r.code for r in gd.RULES if r.code not in listed]
    if has_rules and missing:
        raise PluginError(
            "rules with no section on the rules page (add a <!-- generated: rules X --> marker "
            f"for their letter): {', '.join(missing)}"
        )
    return result


def on_page_markdown(markdown: str, **kwargs: Any) -> str:
    """MkDocs event: expand the generated sections of a page."""
    return expand(markdown)
