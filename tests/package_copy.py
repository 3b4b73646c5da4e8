"""A copy of the installed package for tests that show which files an extension touches: copy,
edit, list the files changed, run code against the copy in a fresh interpreter."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import gov_disclosure as gd

SRC = Path(gd.__file__).resolve().parent


def copy_package(folder: Path) -> Path:
    """The package copied to ``folder/gov_disclosure`` (without caches)."""
    package = folder / "gov_disclosure"
    shutil.copytree(SRC, package, ignore=shutil.ignore_patterns("__pycache__"))
    return package


def changed_files(package: Path) -> set[str]:
    """The modules of the copy that are new or differ from the package's, relative paths."""
    return {
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if not (SRC / path.relative_to(package)).exists()
        or path.read_bytes() != (SRC / path.relative_to(package)).read_bytes()
    }


def run_on_copy(folder: Path, code: str) -> subprocess.CompletedProcess[str]:
    """``code`` run by a new interpreter that imports the copy in ``folder``."""
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=folder,
        env={"PYTHONPATH": str(folder), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
