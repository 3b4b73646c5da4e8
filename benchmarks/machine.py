"""What every benchmark prints first and last: the machine, the library measured, the load."""

from __future__ import annotations

import hashlib
import os
import platform
from pathlib import Path

import gov_disclosure as gd


def describe(versions: str) -> list[str]:
    """Lines naming the CPU and usable cores, Python, the library (version and sha256 of its
    source), ``versions`` (the other libraries measured), and the load average."""
    model = platform.processor() or "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    source = hashlib.sha256()
    for file in sorted(Path(gd.__file__).parent.rglob("*.py")):
        source.update(file.read_bytes())
    return [
        f"machine: {model}, {usable} usable cores; {platform.system()} {platform.release()}",
        f"python {platform.python_version()} ({platform.python_implementation()}); "
        f"gov_disclosure {gd.__version__} (source sha256 {source.hexdigest()[:12]}), {versions}",
        load_average(),
    ]


def load_average() -> str:
    """The 1- and 5-minute load average (other processes share the cores measured)."""
    if not hasattr(os, "getloadavg"):
        return "load average: unknown"
    one, five, _ = os.getloadavg()
    return (
        f"load average (other processes share these cores): {one:.2f} (1 min), {five:.2f} (5 min)"
    )
