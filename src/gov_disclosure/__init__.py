"""gov-disclosure: the typed model, checks and renderers of China's 政府信息公开工作年度报告.

>>> import gov_disclosure as gd
>>> report = gd.AnnualReport.blank(agency="某县统计局", year=2024, edition="2021")
>>> report.applications.refused.state_secret.natural_person is None
True
"""

from __future__ import annotations

from ._i18n import get_language, set_language
from .cells import StatutoryCell, complete, from_cells, to_cells
from .errors import (
    DecodeError,
    GovDisclosureError,
    ParseError,
    SchemaError,
    SchemaIssue,
    SumError,
)
from .findings import Finding, Location, Severity, Source
from .metrics import METRICS, Metric, compute_metrics
from .model import (
    AnnualReport,
    ApplicantCounts,
    Applications2019,
    Applications2021,
    DocumentCounts2019,
    DocumentCounts2021,
    FeeItems,
    ItemCounts,
    NotProcessed,
    OtherHandling,
    Outcomes,
    Proactive2019,
    Proactive2021,
    Procurement,
    Refused,
    Reviews,
    Unavailable,
)
from .readers import Parsed, parse
from .rules import RULES, Rule, ValidationOptions, is_valid, rule, validate, validate_series
from .schema import json_schema
from .serialize import SCHEMA_VERSION, dump, dumps, from_dict, load, loads, to_dict
from .statutory import CellKind, Edition
from .sums import Summed, sum_reports
from .template import template

__version__ = "0.1.0"

__all__ = [
    "METRICS",
    "RULES",
    "SCHEMA_VERSION",
    "AnnualReport",
    "ApplicantCounts",
    "Applications2019",
    "Applications2021",
    "CellKind",
    "DecodeError",
    "DocumentCounts2019",
    "DocumentCounts2021",
    "Edition",
    "FeeItems",
    "Finding",
    "GovDisclosureError",
    "ItemCounts",
    "Location",
    "Metric",
    "NotProcessed",
    "OtherHandling",
    "Outcomes",
    "ParseError",
    "Parsed",
    "Proactive2019",
    "Proactive2021",
    "Procurement",
    "Refused",
    "Reviews",
    "Rule",
    "SchemaError",
    "SchemaIssue",
    "Severity",
    "Source",
    "StatutoryCell",
    "SumError",
    "Summed",
    "Unavailable",
    "ValidationOptions",
    "__version__",
    "complete",
    "compute_metrics",
    "dump",
    "dumps",
    "from_cells",
    "from_dict",
    "get_language",
    "is_valid",
    "json_schema",
    "load",
    "loads",
    "parse",
    "rule",
    "set_language",
    "sum_reports",
    "template",
    "to_cells",
    "to_dict",
    "validate",
    "validate_series",
]
