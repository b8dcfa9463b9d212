"""``sarif``: a SARIF 2.1.0 log with one run, for GitHub code scanning and other viewers.

Positions: SARIF lines and columns are 1-based and ``endColumn`` is one past
the last character, like contentlint's own.  SARIF counts columns in UTF-16
code units unless told otherwise, so the run declares
``columnKind: unicodeCodePoints`` and the columns are passed through
unchanged (an Arabic letter or an emoji is one column).

Every rule is listed in ``tool.driver.rules`` with its documentation, whether
or not it fired, so viewers can show help for any result; ``ruleIndex``
points into that list.  A result's note (exact characters, engine details)
is in its ``properties.note``.
"""

from __future__ import annotations

import json
import os
from typing import Any, Dict, List, Optional, Sequence
from urllib.parse import quote

from contentlint import __version__
from contentlint.reporters import fingerprints, in_report_order
from contentlint.results import Located, LocatedEdit, LocatedFix
from contentlint.rules import ALL_RULES

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/contentlint/contentlint"
LEVELS = {"error": "error", "warning": "warning"}


def artifact_uri(path: str) -> str:
    """A URI for a path as shown: relative paths stay relative; all is percent-encoded.

    Undecodable bytes in a file name (kept by Python as lone surrogates) are
    encoded as the original bytes.
    """
    posix = path.replace(os.sep, "/")
    if posix.startswith("/"):
        return "file://" + quote(posix, safe="/", errors="surrogateescape")
    if len(posix) > 2 and posix[0].isalpha() and posix[1:3] == ":/":
        return "file:///" + quote(posix, safe="/:", errors="surrogateescape")
    while posix.startswith("./"):
        posix = posix[2:]
    # ":" is encoded too, so that ``a:b.md`` cannot read as a URI scheme.
    return quote(posix, safe="/", errors="surrogateescape")


def _what_it_does(doc: str, summary: str) -> str:
    """The "What it does" section as one paragraph of plain text, or the summary."""
    body: List[str] = []
    inside = False
    for line in doc.splitlines():
        if line.startswith("## "):
            if inside:
                break
            inside = line[3:].strip().lower() == "what it does"
        elif inside:
            body.append(line)
    return " ".join(" ".join(body).split()) or summary


def _descriptor(
    code: str, name: str, severity: str, summary: str, doc: str, enabled: bool, fix: str
) -> Dict[str, Any]:
    return {
        "id": code,
        "name": name,
        "shortDescription": {"text": summary},
        "fullDescription": {"text": _what_it_does(doc, summary)},
        "help": {"text": doc or summary, "markdown": doc or summary},
        "defaultConfiguration": {"level": LEVELS.get(severity, "warning"), "enabled": enabled},
        "properties": {"fix": fix},
    }


def rule_descriptors() -> List[Dict[str, Any]]:
    return [
        _descriptor(
            rule.code,
            rule.name,
            rule.severity.value,
            rule.summary,
            rule.doc,
            rule.default_enabled,
            rule.fix_availability,
        )
        for rule in ALL_RULES
    ]


def _region(line: int, column: int, end_line: int, end_column: int) -> Dict[str, int]:
    return {"startLine": line, "startColumn": column, "endLine": end_line, "endColumn": end_column}


def _replacement(edit: LocatedEdit) -> Dict[str, Any]:
    return {
        "deletedRegion": _region(edit.line, edit.column, edit.end_line, edit.end_column),
        "insertedContent": {"text": edit.content},
    }


def _fix(uri: str, fix: LocatedFix) -> Dict[str, Any]:
    return {
        "description": {"text": fix.message},
        "artifactChanges": [
            {
                "artifactLocation": {"uri": uri},
                "replacements": [_replacement(edit) for edit in fix.edits],
            }
        ],
        "properties": {"applicability": fix.applicability},
    }


def _result(diagnostic: Located, rule_index: Optional[int], fingerprint: str) -> Dict[str, Any]:
    uri = artifact_uri(diagnostic.path)
    result: Dict[str, Any] = {
        "ruleId": diagnostic.code,
        "level": LEVELS.get(diagnostic.severity, "warning"),
        "message": {"text": diagnostic.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": uri},
                    "region": _region(
                        diagnostic.line,
                        diagnostic.column,
                        diagnostic.end_line,
                        diagnostic.end_column,
                    ),
                }
            }
        ],
        "partialFingerprints": {"contentlintLineHash/v1": fingerprint},
    }
    if rule_index is not None:
        result["ruleIndex"] = rule_index
    if diagnostic.note:
        result["properties"] = {"note": diagnostic.note}
    if diagnostic.fix is not None and diagnostic.fix.edits:
        result["fixes"] = [_fix(uri, diagnostic.fix)]
    return result


def sarif_log(diagnostics: Sequence[Located]) -> Dict[str, Any]:
    descriptors = rule_descriptors()
    index_of = {descriptor["id"]: index for index, descriptor in enumerate(descriptors)}
    ordered = in_report_order(diagnostics)
    results = [
        _result(diagnostic, index_of.get(diagnostic.code), fingerprint)
        for diagnostic, fingerprint in zip(ordered, fingerprints(ordered))
    ]
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "contentlint",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": descriptors,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }


def render_sarif(diagnostics: Sequence[Located]) -> str:
    return json.dumps(sarif_log(diagnostics), indent=2) + "\n"
