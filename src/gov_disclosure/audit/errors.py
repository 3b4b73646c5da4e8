"""The audit's own error: why an audit cannot start, or had to stop."""

from __future__ import annotations

from ..errors import GovDisclosureError

__all__ = ["AuditError"]


class AuditError(GovDisclosureError):
    """An audit cannot start (a path is missing, the output folder holds another audit, is
    damaged or is in use) or had to stop (a worker died, an output could not be written). The
    message names the file or folder and what to do; what was committed is kept."""
