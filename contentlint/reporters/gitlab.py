"""``gitlab``: a Code Quality report (``artifacts:reports:codequality``).

GitLab shows these in merge requests and compares reports between the
source and target branches by ``fingerprint``; ours survive line shifts (see
``contentlint.reporters.fingerprints``).  Severity: error -> major,
warning -> minor.  A diagnostic's note is the issue's ``content.body``.
"""

from __future__ import annotations

import json
from typing import Any, Dict, Sequence

from contentlint.reporters import fingerprints, in_report_order
from contentlint.results import Located

SEVERITIES = {"error": "major", "warning": "minor"}


def issue(diagnostic: Located, fingerprint: str) -> Dict[str, Any]:
    found: Dict[str, Any] = {
        "description": f"{diagnostic.code}: {diagnostic.message}",
        "check_name": diagnostic.code,
        "fingerprint": fingerprint,
        "severity": SEVERITIES.get(diagnostic.severity, "info"),
        "location": {
            "path": diagnostic.path,
            "positions": {
                "begin": {"line": diagnostic.line, "column": diagnostic.column},
                "end": {"line": diagnostic.end_line, "column": diagnostic.end_column},
            },
        },
    }
    if diagnostic.note:
        found["content"] = {"body": diagnostic.note}
    return found


def render_gitlab(diagnostics: Sequence[Located]) -> str:
    ordered = in_report_order(diagnostics)
    issues = [issue(d, f) for d, f in zip(ordered, fingerprints(ordered))]
    return json.dumps(issues, indent=2) + "\n"
