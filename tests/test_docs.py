"""The documentation: every example on every page runs as shown, every link resolves, and the
built site lists every rule, command and public name (the conventions: docs/contributing.md)."""

from __future__ import annotations

import doctest
import functools
import html
import importlib.util
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import gov_disclosure as gd
from gov_disclosure import render
from gov_disclosure.audit import engines
from gov_disclosure.cli import _parser
from gov_disclosure.readers import frontends

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
PAGES = sorted(DOCS.rglob("*.md"))

RUNNABLE = {"python", "pycon", "console", "sh", "bash", "shell"}
"""The languages of the code blocks that are run; any other block is only shown."""

SKIP = re.compile(r"^<!-- docs-test: skip \((?P<reason>[^)]+)\) -->$")
"""The marker, on the line right before a block, of a runnable block that is not run."""

MAX_SKIPS = 8
"""How many blocks the whole documentation may leave unrun (install commands and the like)."""

_FENCE = re.compile(r"^(?P<indent> *)(?P<fence>`{3,}|~{3,})(?P<info>[^`]*)$")
_TITLE = re.compile(r'title="(?P<title>[^"]+)"')


@dataclass
class Block:
    """A fenced code block of a page."""

    page: Path
    line: int
    """The line of the opening fence (from 1)."""
    lang: str
    title: str | None
    text: str
    skip: str | None = None
    """Why the block is not run, from a skip marker."""
    output: Block | None = None
    """A ``text`` block right after this one: what running it prints."""
    follows_block: bool = False

    @property
    def where(self) -> str:
        return f"{self.page.relative_to(ROOT)}:{self.line}"

    @property
    def runs(self) -> bool:
        return self.lang in RUNNABLE and self.skip is None and self.title is None


def blocks(page: Path) -> list[Block]:
    """The fenced code blocks of a page, in order (indented ones in list items included)."""
    lines = page.read_text(encoding="utf-8").splitlines()
    found: list[Block] = []
    i = 0
    last_end = -2
    while i < len(lines):
        match = _FENCE.match(lines[i])
        if match is None:
            i += 1
            continue
        indent, fence, info = len(match["indent"]), match["fence"], match["info"].strip()
        body: list[str] = []
        j = i + 1
        while j < len(lines) and not (
            lines[j].strip().startswith(fence) and set(lines[j].strip()) == {fence[0]}
        ):
            line = lines[j]
            body.append(line[indent:] if line[:indent] == " " * indent else line.lstrip())
            j += 1
        title = _TITLE.search(info)
        before = next((lines[k] for k in range(i - 1, -1, -1) if lines[k].strip()), "")
        skip = SKIP.match(before.strip())
        block = Block(
            page=page,
            line=i + 1,
            lang=info.split()[0].lstrip(".{") if info else "",
            title=title["title"] if title else None,
            text="\n".join(body) + "\n",
            skip=skip["reason"] if skip else None,
            follows_block=all(not line.strip() for line in lines[last_end + 1 : i]),
        )
        if block.lang == "text" and block.follows_block and found and found[-1].runs:
            found[-1].output = block
        found.append(block)
        last_end = j
        i = j + 1
    return found


# --- running the examples ------------------------------------------------------------------


def _environment() -> dict[str, str]:
    """The environment of the shell examples: the test's Python first on PATH (so
    ``gov-disclosure`` and ``python`` are this installation's), English messages, a fixed width,
    unbuffered output (stdout and stderr interleave as on a terminal)."""
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "LANGUAGE")}
    env.update(
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
        LANG="C.UTF-8",
        COLUMNS="100",
        PYTHONUNBUFFERED="1",
        PYTHONIOENCODING="utf-8",
    )
    return env


def _shell(command: str, cwd: Path) -> tuple[int, str]:
    done = subprocess.run(
        ["bash", "-c", command],
        cwd=cwd,
        env=_environment(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        timeout=120,
        check=False,
    )
    return done.returncode, done.stdout.decode("utf-8", "replace")


def matches(expected: list[str], actual: list[str]) -> bool:
    """Whether the output lines are the expected ones; an expected line ``…`` stands for any
    number of lines (none included). Trailing spaces and trailing blank lines do not count."""

    def clean(lines: list[str]) -> list[str]:
        lines = [line.rstrip() for line in lines]
        while lines and not lines[-1]:
            lines.pop()
        return lines

    want, got = clean(expected), clean(actual)

    def walk(w: int, g: int) -> bool:
        if w == len(want):
            return g == len(got)
        if want[w] == "…":
            return any(walk(w + 1, k) for k in range(g, len(got) + 1))
        return g < len(got) and want[w] == got[g] and walk(w + 1, g + 1)

    return walk(0, 0)


@dataclass
class Command:
    """One ``$ `` command of a console block, with the output shown under it."""

    line: int
    text: str
    output: list[str] = field(default_factory=list)


def session(block: Block) -> list[Command]:
    """The commands of a console block (a line ending in ``\\`` continues on the next)."""
    commands: list[Command] = []
    continued = False
    for n, line in enumerate(block.text.splitlines(), start=block.line + 1):
        if continued:
            commands[-1].text += "\n" + line
        elif line.startswith("$ "):
            commands.append(Command(n, line[2:]))
        elif commands:
            commands[-1].output.append(line)
        elif line.strip():
            pytest.fail(f"{block.where}: a console block starts with a command line ($ …)")
        continued = line.endswith("\\")
    return commands


def run_console(block: Block, cwd: Path) -> None:
    """Run every command; compare its output, and its exit status with the one shown by a
    following ``$ echo $?`` (else 0, or 2 when the output shows ``gov-disclosure: error:``)."""
    commands = session(block)
    status = 0
    for i, command in enumerate(commands):
        if command.text.strip() == "echo $?":
            actual = [str(status)]
        else:
            status, out = _shell(command.text, cwd)
            actual = out.splitlines()
            shown = commands[i + 1].text.strip() == "echo $?" if i + 1 < len(commands) else False
            if not shown:
                errors = any(line.startswith("gov-disclosure: error:") for line in command.output)
                assert status == (2 if errors else 0), (
                    f"docs/{block.page.relative_to(DOCS)}:{command.line}: `{command.text}` exited "
                    f"with {status}; show a non-zero status with `$ echo $?`\n{out}"
                )
        assert matches(command.output, actual), (
            f"docs/{block.page.relative_to(DOCS)}:{command.line}: `{command.text}` printed\n"
            + "\n".join(actual)
            + "\n--- the page shows ---\n"
            + "\n".join(command.output)
        )


def run_script(block: Block, cwd: Path) -> None:
    """Run a sh/bash block as one script that stops at the first failing command."""
    status, out = _shell("set -e\n" + block.text, cwd)
    assert status == 0, f"{block.where}: the script exited with {status}\n{out}"
    if block.output is not None:
        assert matches(block.output.text.splitlines(), out.splitlines()), (
            f"{block.where}: the script printed\n{out}--- the page shows ---\n{block.output.text}"
        )


def run_python(block: Block, capsys: pytest.CaptureFixture[str]) -> None:
    """Run a python block in a fresh namespace; a following text block is what it prints."""
    code = compile(block.text, block.where, "exec")
    capsys.readouterr()
    exec(code, {"__name__": "__main__"})
    printed = capsys.readouterr().out
    if block.output is not None:
        assert matches(block.output.text.splitlines(), printed.splitlines()), (
            f"{block.where}: the example printed\n{printed}--- the page shows ---\n"
            f"{block.output.text}"
        )


def run_pycon(block: Block) -> None:
    """Run a pycon block as a doctest: every ``>>>`` line's output is checked."""
    test = doctest.DocTestParser().get_doctest(
        block.text, {"__name__": "__main__"}, block.where, str(block.page), block.line
    )
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    report: list[str] = []
    runner.run(test, out=report.append)
    assert runner.failures == 0, "".join(report)


def _restore(registry: dict[str, Any], saved: dict[str, Any]) -> None:
    """Put a registry back as it was, in place (modules hold the same dict)."""
    registry.clear()
    registry.update(saved)


def _page_id(page: Path) -> str:
    return str(page.relative_to(DOCS))


@pytest.mark.parametrize("page", PAGES, ids=_page_id)
def test_page_examples_run(
    page: Path,
    request: pytest.FixtureRequest,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Every runnable block of the page runs, in order, in one working directory that holds a
    copy of examples/; a block with a title is written there as that file first."""
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "argv", ["example"])
    # what a page registers (docs/extending.md: a form, a format, an engine) ends with the page
    for registry in (frontends.FRONT_ENDS, render.RENDERERS, engines.ENGINES):
        request.addfinalizer(functools.partial(_restore, registry, dict(registry)))
    for block in blocks(page):
        if block.title is not None:
            (tmp_path / block.title).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / block.title).write_text(block.text, encoding="utf-8")
        elif not block.runs:
            continue
        elif block.lang == "python":
            run_python(block, capsys)
        elif block.lang == "pycon":
            run_pycon(block)
        elif block.lang == "console":
            run_console(block, tmp_path)
        else:
            run_script(block, tmp_path)


def test_few_blocks_are_skipped_and_each_says_why() -> None:
    """Skip markers stay rare, and each one stands before a runnable block."""
    skipped = [b for page in PAGES for b in blocks(page) if b.skip is not None]
    assert len(skipped) <= MAX_SKIPS, [b.where for b in skipped]
    for block in skipped:
        assert block.lang in RUNNABLE, f"{block.where}: a skip marker before a {block.lang} block"
    markers = sum(
        1
        for page in PAGES
        for line in _prose(page.read_text(encoding="utf-8")).splitlines()
        if line.startswith("<!-- docs-test")
    )
    assert markers == len(skipped), "a docs-test marker that is malformed or before no block"


def test_files_written_by_titled_blocks_are_used() -> None:
    """A block with a title (a file the page's examples use) is named by a later example."""
    for page in PAGES:
        found = blocks(page)
        for i, block in enumerate(found):
            if block.title is not None:
                later = "".join(b.text for b in found[i + 1 :] if b.runs)
                assert block.title in later, f"{block.where}: {block.title} is never used"


# --- the runner itself ---------------------------------------------------------------------


def test_blocks_are_found_with_their_skips_titles_and_outputs(tmp_path: Path) -> None:
    """The block parser reads indented fences, skip markers, titles and output blocks."""
    page = tmp_path / "page.md"
    page.write_text(
        "Text.\n\n```python\nprint(1)\n```\n\n```text\n1\n```\n\n"
        "- item\n\n  ```console\n  $ echo a\n  a\n  ```\n\n"
        "<!-- docs-test: skip (installs packages) -->\n```sh\npip install x\n```\n\n"
        '```csv title="f.csv"\na,b\n```\n\nProse.\n\n```text\nshown only\n```\n',
        encoding="utf-8",
    )
    found = blocks(page)
    assert [b.lang for b in found] == ["python", "text", "console", "sh", "csv", "text"]
    assert found[0].output is found[1]
    assert found[2].text == "$ echo a\na\n"
    assert found[3].skip == "installs packages"
    assert not found[3].runs
    assert found[4].title == "f.csv"
    assert not found[4].runs
    assert found[4].output is None
    assert found[5].output is None


@pytest.mark.parametrize(
    ("expected", "actual", "result"),
    [
        (["a", "b"], ["a", "b  ", ""], True),
        (["a", "…"], ["a", "b", "c"], True),
        (["a", "…", "d"], ["a", "d"], True),
        (["a", "…", "d"], ["a", "b", "c"], False),
        (["a"], ["a", "b"], False),
        ([], ["a"], False),
    ],
)
def test_output_matching(expected: list[str], actual: list[str], result: bool) -> None:
    """Output matches line by line; ``…`` stands for any number of lines."""
    assert matches(expected, actual) is result


def test_console_runner_checks_output_and_status(tmp_path: Path) -> None:
    """A wrong output or an undocumented non-zero status fails the example."""

    def console(text: str) -> Block:
        return Block(page=DOCS / "example.md", line=1, lang="console", title=None, text=text)

    run_console(console("$ echo a\na\n$ false\n$ echo $?\n1\n"), tmp_path)
    with pytest.raises(AssertionError, match="printed"):
        run_console(console("$ echo a\nb\n"), tmp_path)
    with pytest.raises(AssertionError, match="exited with 1"):
        run_console(console("$ false\n"), tmp_path)


# --- links -----------------------------------------------------------------------------------

_LINK = re.compile(r"(?<!!)\[[^\]]*\]\((?P<target>[^)\s]+)(?:\s+\"[^\"]*\")?\)")
_REPO_PATH = re.compile(r"`(?P<path>(?:benchmarks|docs|examples|scripts|src|tests)/[\w./-]*\w)`")


def _prose(text: str) -> str:
    """The page without its fenced code blocks (their contents are code, not links)."""
    out, fence = [], None
    for line in text.splitlines():
        match = _FENCE.match(line)
        if match and (fence is None or (match["fence"][0] == fence[0] and not match["info"])):
            fence = match["fence"] if fence is None else None
            continue
        if fence is None:
            out.append(line)
    return "\n".join(out)


def link_problems(page: Path, root: Path = ROOT) -> Iterator[str]:
    """Links of a Markdown file to files that do not exist, links of a page of ``root/docs``
    that leave it, and repository paths named in code spans that ``root`` lacks."""
    docs = root / "docs"
    text = _prose(page.read_text(encoding="utf-8"))
    for match in _LINK.finditer(text):
        target = match["target"]
        if re.match(r"^[a-z][a-z0-9+.-]*:", target) or target.startswith("#"):
            continue
        path = target.split("#", 1)[0]
        resolved = (page.parent / path).resolve()
        if not resolved.exists():
            yield f"{page.relative_to(root)}: {target} does not exist"
        elif docs in page.parents and docs not in resolved.parents:
            yield f"{page.relative_to(root)}: {target} leaves docs/ (name the repository path)"
    for match in _REPO_PATH.finditer(text):
        if not (root / match["path"]).exists():
            yield f"{page.relative_to(root)}: `{match['path']}` is no file of the repository"


@pytest.mark.parametrize(
    "page", [*PAGES, ROOT / "README.md"], ids=lambda p: str(p.relative_to(ROOT))
)
def test_links_resolve(page: Path) -> None:
    """Relative links point at existing files, pages link inside docs/ only, and repository
    paths named in the text (`examples/…`, `scripts/…`) exist."""
    assert list(link_problems(page)) == []


def test_link_checker_finds_broken_links(tmp_path: Path) -> None:
    """A missing target, a link out of docs/ and a missing repository path are reported."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "examples").mkdir()
    (tmp_path / "README.md").write_text("[docs](docs/index.md)\n")
    (tmp_path / "examples" / "a.toml").write_text("")
    page = tmp_path / "docs" / "index.md"
    page.write_text(
        "[ok](index.md#x) [web](https://example.org) `examples/a.toml`\n"
        "[x](nowhere.md) [y](../README.md) `examples/nothing.toml`\n"
        "```sh\n[in code](nowhere.md) `examples/nothing.toml`\n```\n"
    )
    problems = list(link_problems(page, tmp_path))
    assert problems == [
        "docs/index.md: nowhere.md does not exist",
        "docs/index.md: ../README.md leaves docs/ (name the repository path)",
        "docs/index.md: `examples/nothing.toml` is no file of the repository",
    ]
    assert list(link_problems(tmp_path / "README.md", tmp_path)) == []


# --- the built site --------------------------------------------------------------------------


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built with ``mkdocs build --strict`` (or the one CI built: $DOCS_SITE_DIR)."""
    built = os.environ.get("DOCS_SITE_DIR")
    if built and (Path(built) / "index.html").is_file():
        return Path(built)
    pytest.importorskip("mkdocs", reason="the docs extra is not installed")
    out = tmp_path_factory.mktemp("site")
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert done.returncode == 0, done.stderr
    return out


def _page_text(site: Path, page: str) -> str:
    return html.unescape((site / page / "index.html").read_text(encoding="utf-8"))


def test_rules_page_lists_every_rule(site: Path) -> None:
    """The built rules page has a section for every registered rule: code, name, title,
    severity and summary, with the code as its anchor."""
    text = _page_text(site, "rules")
    for rule in gd.RULES:
        section = re.search(rf'<h3 id="{rule.code}">(.*?)</h3>(.*?)(?=<h[23]|$)', text, re.S)
        assert section is not None, rule.code
        heading, body = section.groups()
        assert rule.name in heading, rule.code
        assert rule.title in heading, rule.code
        assert rule.severity.value in body, rule.code
        assert re.sub(r"\s+", " ", rule.summary)[:40] in re.sub(r"\s+", " ", body), rule.code


def test_cli_page_lists_every_command_and_option(site: Path) -> None:
    """The built CLI reference names every command and every option of the parser."""
    import argparse

    text = _page_text(site, "reference/cli")
    parser = _parser()
    options = [o for a in parser._actions for o in a.option_strings]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                assert f"gov-disclosure {name}" in text, name
                options += [o for a in sub._actions for o in a.option_strings]
    for option in options:
        assert f"<code>{option}" in text, option


def test_api_page_documents_every_public_name(site: Path) -> None:
    """The built API reference has an entry for every name of ``gov_disclosure.__all__``."""
    text = _page_text(site, "reference/api")
    for name in gd.__all__:
        if name != "__version__":
            assert f'id="gov_disclosure.{name}"' in text, name


def test_search_index_segments_chinese(site: Path) -> None:
    """The search index is built for Chinese and English, Chinese words split by jieba."""
    index = (site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert '"lang":["zh","en"]' in index.replace(" ", "")
    if importlib.util.find_spec("jieba") is not None:
        assert "\\u200b" in index or "\u200b" in index


# --- the hooks that generate pages -----------------------------------------------------------


def _hooks() -> ModuleType:
    pytest.importorskip("mkdocs", reason="the docs extra is not installed")
    spec = importlib.util.spec_from_file_location("mkdocs_hooks", ROOT / "scripts/mkdocs_hooks.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_hooks_refuse_unknown_markers_and_unlisted_rules() -> None:
    """A page naming an unknown generated section, or listing only some rule letters, fails."""
    from mkdocs.exceptions import PluginError

    hooks: Any = _hooks()
    with pytest.raises(PluginError, match="unknown generated section"):
        hooks.expand("<!-- generated: nothing -->\n")
    with pytest.raises(PluginError, match="no section on the rules page"):
        hooks.expand("<!-- generated: rules A -->\n")
    with pytest.raises(PluginError, match="listed twice"):
        hooks.expand("<!-- generated: rules A -->\n<!-- generated: rules A3 -->\n")
    every = "".join(
        f"<!-- generated: rules {k} -->\n" for k in sorted({r.code[0] for r in gd.RULES})
    )
    assert all(f"{{ #{r.code} }}" in hooks.expand(every) for r in gd.RULES)
    assert "## `gov-disclosure check`" in hooks.expand("<!-- generated: cli -->\n")


def test_docstrings_become_markdown() -> None:
    """Sphinx roles become code spans and doctest runs become pycon blocks on the API page."""
    pytest.importorskip("griffe", reason="the docs extra is not installed")
    spec = importlib.util.spec_from_file_location("griffe_roles", ROOT / "scripts/griffe_roles.py")
    assert spec is not None
    assert spec.loader is not None
    roles: Any = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(roles)
    text = "Raises :class:`~gov_disclosure.ParseError`, see :func:`.parse`.\n\n>>> 1 + 1\n2\n\nEnd."
    assert roles.markdown_docstring(text) == (
        "Raises `ParseError`, see `parse`.\n\n```pycon\n>>> 1 + 1\n2\n```\n\nEnd."
    )
