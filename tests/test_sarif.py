"""``check --format sarif``: valid SARIF 2.1.0 with code-point columns."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple

import jsonschema
import pytest

from contentlint import __version__, reporting
from contentlint.model import Applicability, Diagnostic, Edit, Fix, Severity, Span
from contentlint.reporters.sarif import artifact_uri
from contentlint.results import Located, file_problem, locate
from contentlint.rules import ALL_RULES
from contentlint.source import Source

SCHEMA_PATH = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"


def located(
    text: str,
    needle: str,
    code: str,
    *,
    path: str = "post.md",
    severity: Severity = Severity.ERROR,
    edits: Optional[Sequence[Tuple[int, int, str]]] = None,
) -> Located:
    """A diagnostic on ``needle`` in ``text``; edit offsets are relative to the needle."""
    source = Source.from_text(path, text)
    start = source.text.index(needle)
    fix = None
    if edits is not None:
        fix = Fix(
            Applicability.SAFE,
            "use straight quotes",
            tuple(Edit(Span(start + a, start + b), content) for a, b, content in edits),
        )
    diagnostic = Diagnostic(
        code, "some-name", severity, Span(start, start + len(needle)), f"{code} here", fix
    )
    return locate(source, diagnostic)


def sarif(diagnostics: Sequence[Located]) -> Dict[str, Any]:
    log: Dict[str, Any] = json.loads(reporting.render("sarif", diagnostics, files_checked=1))
    return log


def validate(log: Dict[str, Any]) -> None:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    validator = jsonschema.Draft7Validator(
        schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER
    )
    errors = sorted(validator.iter_errors(log), key=lambda error: list(error.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:5])


# An Arabic line, an emoji (two UTF-16 code units, one code point) and a BOM.
ARABIC = "\ufeff\u0645\u0635\u0631 \U0001f600 [card region=\u201d\u0645\u0635\u0631\u201d]\n"

DIAGNOSTICS = [
    located(ARABIC, "\u201d\u0645\u0635\u0631\u201d", "QT001", edits=[(0, 1, '"'), (4, 5, '"')]),
    located(
        "[x a=1\nb]\n",
        "[x a=1\nb",
        "SC007",
        path="docs/a (1) [draft].md",
        severity=Severity.WARNING,
    ),
    file_problem("bin.md", "IO001", "unreadable-file", "invalid UTF-8 at byte offset 3"),
    located("[x]\n", "[x]", "ZZ999", path="odd.md"),  # a code no rule declares
]


def test_the_log_is_valid_sarif_2_1_0() -> None:
    log = sarif(DIAGNOSTICS)
    validate(log)
    validate(sarif([]))
    assert log["version"] == "2.1.0"
    assert log["$schema"].startswith("https://")
    assert len(log["runs"]) == 1


def test_driver_lists_every_rule_with_its_documentation() -> None:
    driver = sarif([])["runs"][0]["tool"]["driver"]
    assert driver["name"] == "contentlint"
    assert driver["version"] == __version__
    assert driver["informationUri"].startswith("https://")
    by_id = {descriptor["id"]: descriptor for descriptor in driver["rules"]}
    assert len(by_id) == len(driver["rules"])
    assert set(by_id) == {rule.code for rule in ALL_RULES} | {"IO001"}
    for rule in ALL_RULES:
        descriptor = by_id[rule.code]
        assert descriptor["name"] == rule.name
        assert descriptor["shortDescription"]["text"] == rule.summary
        assert descriptor["help"]["markdown"] == (rule.doc or rule.summary)
        assert descriptor["fullDescription"]["text"]
        assert "\n" not in descriptor["fullDescription"]["text"]
        assert descriptor["defaultConfiguration"]["level"] == rule.severity.value
        assert descriptor["defaultConfiguration"]["enabled"] == rule.default_enabled


def test_results_point_at_their_rules() -> None:
    run = sarif(DIAGNOSTICS)["runs"][0]
    rules: List[Dict[str, Any]] = run["tool"]["driver"]["rules"]
    for result in run["results"]:
        if result["ruleId"] == "ZZ999":
            assert "ruleIndex" not in result
            continue
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    assert [(r["ruleId"], r["level"]) for r in run["results"]] == [
        ("IO001", "error"),
        ("SC007", "warning"),
        ("ZZ999", "error"),
        ("QT001", "error"),
    ]


def test_columns_are_code_points() -> None:
    run = sarif(DIAGNOSTICS[:1])["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    region = run["results"][0]["locations"][0]["physicalLocation"]["region"]
    # After the BOM: 3 Arabic letters, space, emoji, space, "[card region=" (13) -> column 20.
    assert region == {"startLine": 1, "startColumn": 20, "endLine": 1, "endColumn": 25}
    line = ARABIC.lstrip("\ufeff").splitlines()[0]
    assert (
        line[region["startColumn"] - 1 : region["endColumn"] - 1]
        == "\u201d\u0645\u0635\u0631\u201d"
    )


def apply_sarif_fix(text: str, result: Dict[str, Any]) -> str:
    source = Source.from_text("x", text)
    replacements = result["fixes"][0]["artifactChanges"][0]["replacements"]
    pieces = []
    for replacement in replacements:
        region = replacement["deletedRegion"]
        start = source.offset(region["startLine"], region["startColumn"])
        end = source.offset(region["endLine"], region["endColumn"])
        pieces.append((start, end, replacement["insertedContent"]["text"]))
    body = source.text
    for start, end, content in sorted(pieces, reverse=True):
        body = body[:start] + content + body[end:]
    return body


def test_fixes_replace_exactly_the_edits() -> None:
    result = sarif(DIAGNOSTICS[:1])["runs"][0]["results"][0]
    assert result["fixes"][0]["description"]["text"] == "use straight quotes"
    change = result["fixes"][0]["artifactChanges"][0]
    assert change["artifactLocation"]["uri"] == "post.md"
    fixed = apply_sarif_fix(ARABIC, result)
    assert fixed == ARABIC.lstrip("\ufeff").replace(
        "\u201d\u0645\u0635\u0631\u201d", '"\u0645\u0635\u0631"'
    )
    no_fix = sarif(DIAGNOSTICS[1:2])["runs"][0]["results"][0]
    assert "fixes" not in no_fix


@pytest.mark.parametrize(
    ("path", "uri"),
    [
        ("content/post.md", "content/post.md"),
        ("./content/post.md", "content/post.md"),
        ("docs/a (1) [draft].md", "docs/a%20%281%29%20%5Bdraft%5D.md"),
        ("a:b.md", "a%3Ab.md"),
        ("50%.md", "50%25.md"),
        ("\u0645\u0635\u0631.md", "%D9%85%D8%B5%D8%B1.md"),
        ("/srv/site/a b.md", "file:///srv/site/a%20b.md"),
        ("bad\udcff.md", "bad%FF.md"),
    ],
)
def test_artifact_uris_are_percent_encoded(path: str, uri: str) -> None:
    assert artifact_uri(path) == uri


def test_fingerprints_are_present_and_distinct() -> None:
    results = sarif(DIAGNOSTICS)["runs"][0]["results"]
    prints = [next(iter(result["partialFingerprints"].values())) for result in results]
    assert len(set(prints)) == len(prints)


def test_a_note_is_a_result_property_and_the_log_stays_valid() -> None:
    from dataclasses import replace

    note = "region is delimited by U+201D RIGHT DOUBLE QUOTATION MARK"
    with_note = replace(DIAGNOSTICS[0], note=note)
    log = sarif([with_note, *DIAGNOSTICS[1:]])
    validate(log)
    results = {result["ruleId"]: result for result in log["runs"][0]["results"]}
    assert results["QT001"]["properties"] == {"note": note}
    assert "properties" not in results["SC007"]
