"""Office documents through LibreOffice (.doc, .rtf, .odt, .xls): the corpus .doc to every
expected cell, reports converted by LibreOffice read back, the time limit, and the message
where LibreOffice is missing.

The tests that run LibreOffice are skipped where ``soffice`` is missing, unless
``GOV_DISCLOSURE_SOFFICE_TESTS=required`` (CI sets it): then they fail. ``=skip`` skips them.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import gov_disclosure as gd
from gov_disclosure import ParseError, parse
from gov_disclosure.readers import sniff
from gov_disclosure.readers.office import SOFFICE_VARIABLE, TIMEOUT_VARIABLE, soffice
from gov_disclosure.render import render
from gov_disclosure.testing import sample_report

MODE_VARIABLE = "GOV_DISCLOSURE_SOFFICE_TESTS"
CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus"
DOC = CORPUS / "layouts" / "doc_01_huaian-shizhengfu_2024.doc"


@pytest.fixture(scope="module")
def office() -> str:
    """The soffice program; skips (or fails under ``…=required``) where it is missing."""
    how = os.environ.get(MODE_VARIABLE, "auto").strip().lower() or "auto"
    if how == "skip":
        pytest.skip(f"{MODE_VARIABLE}=skip")
    found = soffice()
    if found is None:
        reason = "LibreOffice is not installed (Debian: apt-get install libreoffice-writer-nogui)"
        if how == "required":
            pytest.fail(f"{reason}, and {MODE_VARIABLE}=required", pytrace=False)
        pytest.skip(reason)
    return found


def cells(report: gd.AnnualReport) -> dict[str, object]:
    return {c.path: c.value for c in gd.to_cells(report)}


def soffice_convert(office: str, source: Path, to: str, folder: Path, infilter: str = "") -> Path:
    """``source`` converted by LibreOffice to ``to`` in ``folder`` (to make test files)."""
    profile = (folder / "profile").as_uri()
    command = [office, f"-env:UserInstallation={profile}", "--headless", "--norestore"]
    if infilter:
        command.append(f"--infilter={infilter}")
    command += ["--convert-to", to, "--outdir", str(folder), str(source)]
    subprocess.run(command, check=True, capture_output=True, timeout=300)
    out = folder / f"{source.stem}.{to.split(':')[0]}"
    assert out.is_file(), out
    return out


@pytest.mark.skipif(not DOC.is_file(), reason="../shared/corpus is not here")
def test_corpus_doc_reads_to_every_expected_cell(office: str) -> None:
    """The corpus .doc (saved by LibreOffice from the library's Word rendering of report 01)
    reads to every expected cell; two conversions at once do not collide (private profiles)."""
    expected = json.loads(
        (CORPUS / "layouts" / "expected" / f"{DOC.stem}.json").read_text(encoding="utf-8")
    )
    with ThreadPoolExecutor(2) as pool:
        first, second = pool.map(lambda _: parse(DOC), range(2))
    assert first.format == second.format == "doc"
    assert cells(first.report) == cells(second.report)
    report = first.report
    assert (report.agency, report.year) == (expected["agency"], expected["year"])
    got = {(c.table, tuple(c.row), tuple(c.column)): c.value for c in gd.to_cells(report)}
    for cell in expected["cells"]:
        key = (cell["table"], tuple(cell["row"]), tuple(cell["column"]))
        value = cell["value"]  # money as a decimal string
        assert (str(got[key]) if isinstance(value, str) else got[key]) == value, key
    assert all(f.source is None or f.source.file == str(DOC) for f in first.validate())


@pytest.mark.parametrize(
    ("form", "target"), [("doc", "doc:MS Word 97"), ("rtf", "rtf"), ("odt", "odt")]
)
def test_word_forms_read_back(office: str, tmp_path: Path, form: str, target: str) -> None:
    """A report rendered to .docx and saved by LibreOffice as .doc, .rtf or .odt reads back
    with every cell, the agency and the year; the sources name the file given."""
    report = sample_report("2021")
    source = tmp_path / "report.docx"
    source.write_bytes(render(report, to="docx"))  # type: ignore[arg-type]
    made = soffice_convert(office, source, target, tmp_path)
    assert made.suffix == f".{form}"
    parsed = parse(made)
    assert parsed.format == form
    assert cells(parsed.report) == cells(report)
    assert (parsed.report.agency, parsed.report.year) == (report.agency, report.year)
    assert {s.file for s in parsed.sources.values()} == {str(made)}


def test_spreadsheet_forms_read_back(office: str, tmp_path: Path) -> None:
    """A report's web page opened in Calc and saved as .xls (and .xlsx) reads back with every
    cell (merged cells expanded)."""
    report = sample_report("2019")
    page = tmp_path / "report.html"
    page.write_text(render(report, to="html"), encoding="utf-8")  # type: ignore[arg-type]
    for target in ("xls:MS Excel 97", "xlsx"):
        made = soffice_convert(office, page, target, tmp_path, infilter="HTML (StarCalc)")
        parsed = parse(made)
        assert parsed.format == made.suffix[1:]
        assert cells(parsed.report) == cells(report)
        assert (parsed.report.agency, parsed.report.year) == (report.agency, report.year)


# --- without LibreOffice (fast) --------------------------------------------------------------


def test_missing_libreoffice_says_how_to_install_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without soffice a .doc is refused naming the file, the Debian package, and the other
    ways (Windows/macOS, the variable, saving as .docx)."""
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv(SOFFICE_VARIABLE, raising=False)
    monkeypatch.setattr("gov_disclosure.readers.office._PLACES", ())
    monkeypatch.setattr("gov_disclosure.readers.office._OPT", tmp_path)
    path = tmp_path / "报告.doc"
    path.write_bytes(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 20 + b"\xfe\xff\x09\x00" + b"\0" * 600
    )
    with pytest.raises(ParseError) as caught:
        parse(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: a Word 97-2003 document (.doc)")
    assert "libreoffice-writer-nogui" in message
    assert "Windows and macOS" in message
    assert SOFFICE_VARIABLE in message
    assert ".docx" in message
    monkeypatch.setenv(SOFFICE_VARIABLE, str(tmp_path / "no-such-soffice"))
    with pytest.raises(
        ParseError, match=f"{SOFFICE_VARIABLE}=.*no-such-soffice.* names no program"
    ):
        parse(path)


def test_a_damaged_or_protected_office_file_is_refused_without_libreoffice(tmp_path: Path) -> None:
    """A broken OLE header, and an encrypted package, are refused before LibreOffice starts."""
    with pytest.raises(ParseError, match="damaged Office 97-2003 file"):
        parse(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 20 + b"\xfe\xff\x09\x00"
    locked = header + b"\0" * 600 + "EncryptedPackage".encode("utf-16-le")
    with pytest.raises(ParseError, match="password-protected"):
        parse(locked, format="doc")


def test_old_binary_files_are_sniffed() -> None:
    """Word and Excel 97-2003 files are told apart by their streams' names; RTF by its start."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600
    assert sniff(header + "WordDocument".encode("utf-16-le")) == "doc"
    assert sniff(header + "Workbook".encode("utf-16-le")) == "xls"
    assert sniff(b"{\\rtf1\\ansi hello}") == "rtf"


def test_a_web_page_named_doc_is_read_as_a_web_page(tmp_path: Path) -> None:
    """Sites serve web pages as .doc: the content decides, and LibreOffice is not needed."""
    report = sample_report("2021")
    path = tmp_path / "report.doc"
    path.write_text(render(report, to="html"), encoding="utf-8")  # type: ignore[arg-type]
    parsed = parse(path)
    assert parsed.format == "html"
    assert cells(parsed.report) == cells(report)


@pytest.mark.skipif(sys.platform == "win32", reason="a POSIX shell script stands in for soffice")
def test_the_time_limit_kills_the_conversion_and_its_children(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A converter that hangs (and starts a child that hangs) is stopped at the limit, with the
    child; the error says so."""
    pids = tmp_path / "pids"
    fake = tmp_path / "soffice"
    fake.write_text(f"#!/bin/sh\nsleep 300 &\necho $! > {pids}\nsleep 300\n", encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setenv(SOFFICE_VARIABLE, str(fake))
    monkeypatch.setenv(TIMEOUT_VARIABLE, "1")
    started = time.monotonic()
    with pytest.raises(ParseError, match="did not convert it within 1 s"):
        parse(b"{\\rtf1 hello}", format="rtf")
    assert time.monotonic() - started < 30
    child = int(pids.read_text().strip())
    for _ in range(50):
        try:
            os.kill(child, 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    else:
        pytest.fail("the converter's child process is still running")


def test_a_bad_time_limit_is_refused(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    fake = shutil.which("true")
    assert fake is not None
    monkeypatch.setenv(SOFFICE_VARIABLE, fake)
    monkeypatch.setenv(TIMEOUT_VARIABLE, "soon")
    with pytest.raises(ParseError, match=TIMEOUT_VARIABLE):
        parse(b"{\\rtf1 hello}", format="rtf")


def test_a_converter_that_writes_nothing_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """soffice exiting without a converted file (a file it cannot open) is a ParseError."""
    fake = shutil.which("true")
    assert fake is not None
    monkeypatch.setenv(SOFFICE_VARIABLE, fake)
    with pytest.raises(ParseError, match="LibreOffice could not convert it"):
        parse(b"{\\rtf1 hello}", format="rtf", file="a.rtf")
