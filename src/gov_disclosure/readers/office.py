"""Office documents through LibreOffice: ``.doc``, ``.wps``, ``.rtf``, ``.odt`` → ``.docx`` and
``.xls``, ``.et``, ``.ods`` → ``.xlsx``, then read by the Word (:mod:`.docx`) or the
spreadsheet (:mod:`.xlsx`) front end. Findings and sources name the original file.

LibreOffice's ``soffice`` is found in the environment variable :data:`SOFFICE_VARIABLE`
(``GOV_DISCLOSURE_SOFFICE``, the program's path), else on ``PATH`` (``soffice``, then
``libreoffice``), else where the installers put it (``/usr/bin``, ``/opt/libreoffice*``,
``/Applications/LibreOffice.app``, ``C:\\Program Files\\LibreOffice``). Without it these forms
are refused with a :class:`~gov_disclosure.ParseError` that says how to install it (Debian and
Ubuntu: ``apt-get install libreoffice-writer-nogui libreoffice-calc-nogui``) or what to save
the file as instead.

Every conversion runs ``soffice --headless --convert-to`` in a fresh temporary folder of its
own, with

* a **private user profile** (``-env:UserInstallation``) made for that conversion and deleted
  after it, so that conversions running in parallel (the audit's workers) never share or lock
  one, and nothing of the user's own LibreOffice settings applies;
* **no macros**: the profile sets the macro security level to *very high* and disables macro
  execution altogether (``DisableMacrosExecution``), so a document's macros, including those
  bound to its opening, never run; links to other files or to the network are not updated on
  loading (``Update/Link`` never, untrusted referer links blocked); ``--norestore``,
  ``--nologo``, ``--nodefault``, ``--nolockcheck``, standard input closed;
* a **time limit** of :data:`TIMEOUT` seconds (120; ``GOV_DISCLOSURE_SOFFICE_TIMEOUT`` changes
  it): the process runs in a process group of its own, which is killed, with every process
  LibreOffice started, when the limit is passed and after every conversion;
* **bounded output**: a converted file larger than the library's input limit (64 MiB) is
  refused; the converted file then goes through the Word or spreadsheet front end's own bounds.

LibreOffice itself needs no network for a conversion; this module does not cut it off from
the network (that takes a sandbox the operating system provides, such as a container).

A file whose suffix says ``.doc`` but which holds a web page, a ``.docx`` or a PDF (agencies'
sites often serve those under ``.doc``) is read by the front end of what it holds, without
LibreOffice (see :func:`gov_disclosure.readers.parse`).

**Speed**: every conversion starts LibreOffice afresh with a new profile. Measured on a shared
2-core machine under load (LibreOffice 7.4): 8.6–13 s of wall time a report for ``.doc``,
``.rtf`` and ``.odt`` renderings of four reports (about 1–2 s of it CPU), every cell read as the
``.docx`` reads; the first conversion after installing LibreOffice takes longer (~30 s).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Literal

from .._i18n import N_, _, os_reason
from ..errors import ParseError
from .blocks import Block

__all__ = [
    "OFFICE_FORMS",
    "SOFFICE_VARIABLE",
    "TIMEOUT",
    "TIMEOUT_VARIABLE",
    "convert",
    "office_blocks",
    "soffice",
]

SOFFICE_VARIABLE = "GOV_DISCLOSURE_SOFFICE"
"""The environment variable that names the ``soffice`` program to use."""
TIMEOUT_VARIABLE = "GOV_DISCLOSURE_SOFFICE_TIMEOUT"
"""The environment variable that sets the time limit of a conversion, in seconds."""
TIMEOUT = 120.0
"""The time limit of one conversion, in seconds (unless :data:`TIMEOUT_VARIABLE` says)."""

Target = Literal["docx", "xlsx"]

OFFICE_FORMS: Mapping[str, tuple[str, Target]] = {
    "doc": (N_("a Word 97-2003 document (.doc)"), "docx"),
    "wps": (N_("a WPS document (.wps)"), "docx"),
    "rtf": (N_("an RTF document (.rtf)"), "docx"),
    "odt": (N_("an OpenDocument text (.odt)"), "docx"),
    "xls": (N_("an Excel 97-2003 workbook (.xls)"), "xlsx"),
    "et": (N_("a WPS spreadsheet (.et)"), "xlsx"),
    "ods": (N_("an OpenDocument spreadsheet (.ods)"), "xlsx"),
}
"""The forms read through LibreOffice: what each is, and what it is converted to."""

_FILTERS: Mapping[Target, str] = {
    "docx": "docx:MS Word 2007 XML",
    "xlsx": "xlsx:Calc MS Excel 2007 XML",
}

_INSTALL = N_(
    "{what}: reading it needs LibreOffice, which was not found: install it (Debian/Ubuntu: "
    "apt-get install libreoffice-writer-nogui libreoffice-calc-nogui; Windows and macOS: from "
    "https://www.libreoffice.org) or name its soffice program in {variable}; or save the file "
    "as {save} first"
)

# The profile's settings: macros never run, links are never updated on loading.
_REGISTRY = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Common/Security/Scripting">\
<prop oor:name="MacroSecurityLevel" oor:op="fuse"><value>3</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting">\
<prop oor:name="DisableMacrosExecution" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting">\
<prop oor:name="BlockUntrustedRefererLinks" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Writer/Content/Update">\
<prop oor:name="Link" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Content/Update">\
<prop oor:name="Link" oor:op="fuse"><value>1</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Misc">\
<prop oor:name="FirstRun" oor:op="fuse"><value>false</value></prop></item>
</oor:items>
"""

_OPT = Path("/opt")
_PLACES = (
    "/usr/bin/soffice",
    "/usr/local/bin/soffice",
    "/opt/libreoffice/program/soffice",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
)


def soffice(environ: Mapping[str, str] | None = None) -> str | None:
    """The path of LibreOffice's ``soffice`` program, or None where it is not installed: the
    program :data:`SOFFICE_VARIABLE` names (None if that is no executable file), else the
    first found on ``PATH`` or in the usual places."""
    env = os.environ if environ is None else environ
    named = env.get(SOFFICE_VARIABLE, "").strip()
    if named:
        found = shutil.which(named)
        return found if found else None
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    for place in (
        *_PLACES,
        *sorted(str(p) for p in _OPT.glob("libreoffice*/program/soffice")),
    ):
        if os.path.isfile(place) and os.access(place, os.X_OK):
            return place
    return None


def _timeout(environ: Mapping[str, str]) -> float:
    value = environ.get(TIMEOUT_VARIABLE, "").strip()
    if not value:
        return TIMEOUT
    try:
        seconds = float(value)
    except ValueError:
        seconds = 0.0
    if not 0 < seconds <= 86_400:
        raise ParseError(
            _(
                "{timeout_variable}={value!r}: expected a number of seconds between 0 and 86400"
            ).format(timeout_variable=TIMEOUT_VARIABLE, value=value)
        )
    return seconds


def _kill(process: subprocess.Popen[bytes]) -> None:
    """Kill the process and every process it started (its process group, on POSIX)."""
    if sys.platform != "win32":
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)
    else:  # pragma: no cover - Windows
        subprocess.run(
            ["taskkill", "/F", "/T", "/PID", str(process.pid)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
        )
    if process.poll() is None:
        process.kill()


_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _check_ole(data: bytes, what: str, file: str | None) -> None:
    """Refuse, before starting LibreOffice, an old binary Office file (an OLE compound file)
    whose header is damaged, and a password-protected Office document (its content is an
    ``EncryptedPackage`` stream)."""
    if not data.startswith(_OLE):
        return
    if (
        len(data) < 512
        or data[28:30] != b"\xfe\xff"
        or data[30:32] not in (b"\x09\x00", b"\x0c\x00")
    ):
        raise ParseError(
            _("{what}: a damaged Office 97-2003 file (its header is not one)").format(what=what),
            file=file,
        )
    if "EncryptedPackage".encode("utf-16-le") in data:
        raise ParseError(
            _(
                "{what}: password-protected: open it with its password and save it without one first"
            ).format(what=what),
            file=file,
        )


def convert(
    data: bytes,
    form: str,
    *,
    file: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> bytes:
    """The bytes of a document of ``form`` (a key of :data:`OFFICE_FORMS`) converted by
    LibreOffice to ``.docx`` or ``.xlsx``. Raises :class:`ParseError` (naming ``file``) where
    LibreOffice is missing, fails, gives nothing or passes the time limit."""
    if form not in OFFICE_FORMS:
        raise ValueError(f"convert: form must be one of {', '.join(OFFICE_FORMS)}, not {form!r}")
    what, target = OFFICE_FORMS[form]
    what = _(what)
    _check_ole(data, what, file)
    env = dict(os.environ if environ is None else environ)
    program = soffice(env)
    if program is None:
        named = env.get(SOFFICE_VARIABLE, "").strip()
        if named:
            raise ParseError(
                _(
                    "{what}: reading it needs LibreOffice, and {soffice_variable}={named!r} names "
                    "no program: name LibreOffice's soffice program there, or unset it"
                ).format(what=what, soffice_variable=SOFFICE_VARIABLE, named=named),
                file=file,
            )
        save = ".docx or .html" if target == "docx" else ".xlsx or .html"
        raise ParseError(
            _(_INSTALL).format(what=what, variable=SOFFICE_VARIABLE, save=save),
            file=file,
        )
    limit = _timeout(env)
    from . import MAX_BYTES

    folder = Path(tempfile.mkdtemp(prefix="gov-disclosure-office-"))
    try:
        profile = folder / "profile"
        (profile / "user").mkdir(parents=True)
        (profile / "user" / "registrymodifications.xcu").write_text(_REGISTRY, encoding="utf-8")
        source = folder / f"source.{form}"
        source.write_bytes(data)
        out = folder / "out"
        out.mkdir()
        env["HOME"] = str(folder)  # nothing written to the user's own home
        env.pop("DISPLAY", None)
        command = [
            program,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--invisible",
            "--norestore",
            "--nologo",
            "--nodefault",
            "--nolockcheck",
            "--convert-to",
            _FILTERS[target],
            "--outdir",
            str(out),
            str(source),
        ]
        try:
            process = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                cwd=folder,
                env=env,
                start_new_session=sys.platform != "win32",
            )
        except OSError as exc:
            raise ParseError(
                _("{what}: LibreOffice ({program}) could not be started: {exc}").format(
                    what=what, program=program, exc=os_reason(exc)
                ),
                file=file,
            ) from None
        try:
            _stdout, stderr = process.communicate(timeout=limit)
        except subprocess.TimeoutExpired:
            _kill(process)
            process.communicate()
            raise ParseError(
                _("{what}: LibreOffice did not convert it within {limit:g} s (stopped)").format(
                    what=what, limit=limit
                ),
                file=file,
            ) from None
        finally:
            _kill(process)
        result = out / f"source.{target}"
        if not result.is_file():
            said = stderr.decode("utf-8", "replace").strip().splitlines()
            detail = f" ({said[-1][:200]})" if said else ""
            raise ParseError(
                _(
                    "{what}: LibreOffice could not convert it, a damaged or protected file?{detail}"
                ).format(what=what, detail=detail),
                file=file,
            )
        if result.stat().st_size > MAX_BYTES:
            raise ParseError(
                _("{what}: converted, it is larger than {max_bytes} MiB").format(
                    what=what, max_bytes=MAX_BYTES // (1024 * 1024)
                ),
                file=file,
            )
        return result.read_bytes()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def office_blocks(
    data: bytes, form: str, *, file: str | None = None, environ: Mapping[str, str] | None = None
) -> list[Block]:
    """The blocks of a document of ``form`` (a key of :data:`OFFICE_FORMS`): converted by
    :func:`convert`, then read by the Word or the spreadsheet front end."""
    converted = convert(data, form, file=file, environ=environ)
    if OFFICE_FORMS[form][1] == "docx":
        from .docx import docx_blocks

        return docx_blocks(converted, file=file)
    from .xlsx import xlsx_blocks

    return xlsx_blocks(converted, file=file)
