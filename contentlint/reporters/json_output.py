"""``json`` and ``json-lines``: exactly the objects of SPEC "JSON output".

``note`` is the exact characters and engine details behind ``message``
(a string), or ``null``.
"""

from __future__ import annotations

import json
from typing import Any, Dict, Optional, Sequence

from contentlint.reporters import in_report_order
from contentlint.reporters.text import code_counts
from contentlint.results import Located, LocatedFix


def _fix_object(fix: Optional[LocatedFix]) -> Optional[Dict[str, Any]]:
    if fix is None:
        return None
    return {
        "applicability": fix.applicability,
        "message": fix.message,
        "edits": [
            {
                "line": edit.line,
                "column": edit.column,
                "end_line": edit.end_line,
                "end_column": edit.end_column,
                "content": edit.content,
            }
            for edit in fix.edits
        ],
    }


def diagnostic_object(diagnostic: Located) -> Dict[str, Any]:
    return {
        "path": diagnostic.path,
        "line": diagnostic.line,
        "column": diagnostic.column,
        "end_line": diagnostic.end_line,
        "end_column": diagnostic.end_column,
        "code": diagnostic.code,
        "name": diagnostic.name,
        "severity": diagnostic.severity,
        "message": diagnostic.message,
        "note": diagnostic.note,
        "fix": _fix_object(diagnostic.fix),
    }


def render_json(diagnostics: Sequence[Located]) -> str:
    objects = [diagnostic_object(diagnostic) for diagnostic in in_report_order(diagnostics)]
    return json.dumps(objects, indent=2) + "\n"


def render_json_lines(diagnostics: Sequence[Located]) -> str:
    return "".join(
        json.dumps(diagnostic_object(diagnostic)) + "\n"
        for diagnostic in in_report_order(diagnostics)
    )


def render_statistics_json(diagnostics: Sequence[Located], unsafe_fixes: bool = False) -> str:
    rows = [
        {"code": row.code, "name": row.name, "count": row.count, "fixable": row.fixable}
        for row in code_counts(diagnostics, unsafe_fixes)
    ]
    return json.dumps(rows, indent=2) + "\n"
