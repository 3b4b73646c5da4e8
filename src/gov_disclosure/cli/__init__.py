"""The command-line interface: ``gov-disclosure`` (or ``python -m gov_disclosure``); its
commands are in :mod:`.commands`. Exit status: 0 success; 1 ``check`` found an error-severity
finding (``sum``: in the sum; ``diff``: a difference); 2 bad usage or an input that cannot be
read (``audit``: a file that could not be read), said on stderr as ``gov-disclosure: error: …``,
never a traceback; 141 the reader of the output went away."""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import sys
from collections.abc import Callable, Sequence
from typing import NoReturn

from .. import __version__, _i18n
from .._argparse import Parser
from .._i18n import LANGUAGES
from ..checking import INPUT_ERRORS
from ..hints import describe
from .commands import COMMANDS, EXIT_FAILURE, EXIT_FINDINGS, EXIT_OK, PROG, CommandError, error

__all__ = ["EXIT_BROKEN_PIPE", "EXIT_FAILURE", "EXIT_FINDINGS", "EXIT_OK", "entry", "main"]

EXIT_BROKEN_PIPE = 141
"""The reader of the output went away (``… | head``): 128 + SIGPIPE, the status a shell shows
for a tool that SIGPIPE stopped; nothing is printed."""


class _Parser(Parser):
    """A parser in the run's language whose errors read ``gov-disclosure: error: …`` in every
    command (exit status 2)."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        error(message)
        self.exit(EXIT_FAILURE)


_LANG_HELP = "language of the messages: zh or en (default: from LC_ALL/LC_MESSAGES/LANG)"


def _parser() -> argparse.ArgumentParser:
    """The parser of the command line: the program's options, then each command's."""
    parser = _Parser(
        prog=PROG,
        description="Check, convert, export and render “政府信息公开工作年度报告” data files (TOML or JSON).",
        epilog="Exit status: 0 ok, 1 check found an error or diff a difference, 2 bad usage or unreadable input.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--lang", choices=LANGUAGES, help=_LANG_HELP)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, help, build, handler in COMMANDS:
        sub = commands.add_parser(name, help=help, description=help)
        sub.set_defaults(handler=handler)
        sub.add_argument("--lang", choices=LANGUAGES, default=argparse.SUPPRESS, help=_LANG_HELP)
        build(sub)
    return parser


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
    """Run the command line; returns the exit status (0, 1, 2, or 141 for a broken pipe).

    Every message is in Chinese or English: ``--lang zh|en``, else ``zh`` when the locale
    (``LC_ALL``, ``LC_MESSAGES``, ``LANG``) is Chinese. The language of the library's messages
    before the run is restored after it."""
    with _i18n.using_language(_i18n.get_language()):
        return _run(argv)


def _run(argv: Sequence[str] | None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    _i18n.set_language(_i18n.language_from_args(argv) or _i18n.language_from_env())
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:  # --help, --version, or a usage error already printed
        return EXIT_OK if exc.code is None else exc.code if isinstance(exc.code, int) else 2
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        status = handler(args)
        sys.stdout.flush()  # a reader gone away shows here, not at the interpreter's exit
        return status
    except BrokenPipeError:
        # The reader went away (``… | head``): stop quietly, as Unix tools do; what is still
        # buffered goes nowhere instead of raising again at exit.
        with contextlib.suppress(OSError, ValueError, AttributeError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
    except (CommandError, *INPUT_ERRORS) as exc:
        error(describe(exc))
        return EXIT_FAILURE
    except KeyboardInterrupt:
        return 130
