"""Shared fixtures: sample reports, the corpus of real reports, a headless browser, and the tests
folder on sys.path."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

# Property tests measure behaviour, not speed: no per-example deadline, so a loaded CI machine
# cannot turn a slow example into a failure. Derandomised on CI so that a run is repeatable.
settings.register_profile("default", deadline=None)
settings.register_profile("ci", deadline=None, derandomize=True, print_blob=True)
settings.load_profile("ci" if os.environ.get("CI") else "default")

TESTS = Path(__file__).resolve().parent
if str(TESTS) not in sys.path:  # `from strategies import ...` in every test module
    sys.path.insert(0, str(TESTS))

import browser as _browser  # noqa: E402
from gov_disclosure import AnnualReport  # noqa: E402
from gov_disclosure.testing import sample_report  # noqa: E402

CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus"
EXPECTED = CORPUS / "expected"
NO_CORPUS = f"the shared corpus is not available at {CORPUS} (a user's clone without ../shared)"


def _read(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    data["stem"] = path.stem
    return data


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Parametrize ``expected_file`` over every file of the corpus's ``expected/`` folder."""
    if "expected_file" in metafunc.fixturenames:
        files = sorted(EXPECTED.glob("*.json")) if EXPECTED.is_dir() else []
        metafunc.parametrize(
            "expected_file", files or [None], ids=[p.stem for p in files] or ["no-corpus"]
        )


@pytest.fixture
def expected(expected_file: Path | None) -> dict[str, Any]:
    """The parsed expected-value file of one corpus report (skipped when the corpus is absent)."""
    if expected_file is None:
        pytest.skip(NO_CORPUS)
    return _read(expected_file)


@pytest.fixture
def load_expected() -> Callable[[str], dict[str, Any]]:
    """A loader of expected-value files by stem that skips the test when the corpus is absent."""

    def load(stem: str) -> dict[str, Any]:
        """The expected-value file ``stem``.json, parsed."""
        path = EXPECTED / f"{stem}.json"
        if not path.is_file():
            pytest.skip(NO_CORPUS)
        return _read(path)

    return load


@pytest.fixture(params=["2019", "2021"])
def edition(request: pytest.FixtureRequest) -> str:
    """Each edition of the format in turn."""
    return str(request.param)


@pytest.fixture
def report(edition: str) -> AnnualReport:
    """A complete, consistent sample report of each edition."""
    return sample_report(edition)


# --- a real browser (tests/browser.py) ------------------------------------------------------


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that takes the ``browser`` fixture ``browser`` (``-m "not browser"``)."""
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[_browser.Browser]:
    """One headless Chromium for the whole session (skipped, or failed under
    ``GOV_DISCLOSURE_BROWSER_TESTS=required``, where it is not installed)."""
    yield from _browser.start(tmp_path_factory.mktemp("browser"))


@pytest.fixture
def browser(browser_session: _browser.Browser) -> _browser.Browser:
    """The session's browser, reset to screen media and the default viewport on a blank page."""
    browser_session.reset()
    return browser_session


@pytest.fixture
def english_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    """English messages unless a test asks for Chinese, whatever the machine's locale (the
    command-line tests use it: ``pytestmark = pytest.mark.usefixtures("english_locale")``)."""
    for name in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    """Run the command line in-process; return (status, stdout, stderr)."""
    from gov_disclosure.cli import main

    status = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return status, out, err
