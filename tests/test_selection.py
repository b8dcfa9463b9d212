"""Rule selection (select / extend-select / ignore / per-file-ignores) and severities."""

from __future__ import annotations

import os
from dataclasses import replace
from typing import Any, Dict, List, Optional, Set, Tuple

import pytest

from contentlint.model import Diagnostic, Severity, Span
from contentlint.rules import ALL_RULES
from contentlint.selection import enabled_rules, severity_for, with_severity
from contentlint.settings import Settings

ROOT = os.path.abspath("repo-root")
ALL_CODES = {rule.code for rule in ALL_RULES}
DEFAULT_ON = {rule.code for rule in ALL_RULES if rule.default_enabled}
OFF_BY_DEFAULT = sorted(ALL_CODES - DEFAULT_ON)


def enabled(path: str = "content/a.md", **fields: Any) -> Set[str]:
    settings = Settings(root=ROOT, **fields)
    return {rule.code for rule in enabled_rules(settings, os.path.join(ROOT, path))}


def family(prefix: str) -> Set[str]:
    return {code for code in ALL_CODES if code.startswith(prefix)}


def test_default_set_is_every_rule_on_by_default() -> None:
    assert enabled() == DEFAULT_ON
    assert OFF_BY_DEFAULT, "some rule is off by default (e.g. RTL004)"


def test_rules_come_in_registry_order() -> None:
    settings = Settings(root=ROOT)
    order = [rule.code for rule in ALL_RULES]
    chosen = [rule.code for rule in enabled_rules(settings, os.path.join(ROOT, "a.md"))]
    assert chosen == [code for code in order if code in chosen]


CASES: List[Tuple[Dict[str, Any], Set[str]]] = [
    ({"select": ("SD",)}, family("SD")),
    # A prefix turns on only the rules that are on by default (SC011 is not).
    ({"select": ("SD001", "SC")}, {"SD001"} | (family("SC") & DEFAULT_ON)),
    ({"select": ("SD",), "ignore": ("SD00",)}, set()),
    # The more specific selector wins, whichever list it is in.
    ({"select": ("SD001",), "ignore": ("SD",)}, {"SD001"}),
    ({"select": ("SD",), "ignore": ("SD001",)}, family("SD") - {"SD001"}),
    # On a tie, ignore wins.
    ({"select": ("SD",), "ignore": ("SD",)}, set()),
    ({"ignore": ("SC", "QT")}, DEFAULT_ON - family("SC") - family("QT")),
    ({"ignore": ("ALL",), "extend-select": ("SD002",)}, {"SD002"}),
    ({"ignore": ("ALL",)}, set()),
    ({"select": ("ALL",)}, ALL_CODES),
    ({"select": ("SD",), "extend-select": ("CL001",)}, family("SD") | {"CL001"}),
]


@pytest.mark.parametrize(("fields", "expected"), CASES)
def test_selection(fields: Dict[str, Any], expected: Set[str]) -> None:
    assert enabled(**{key.replace("-", "_"): value for key, value in fields.items()}) == expected


@pytest.mark.parametrize("code", OFF_BY_DEFAULT)
def test_off_by_default_rules_need_their_exact_code(code: str) -> None:
    prefix = code.rstrip("0123456789")
    assert code not in enabled(select=(prefix,))
    assert code not in enabled(extend_select=(prefix,))
    assert code in enabled(extend_select=(code,))
    assert code in enabled(select=(prefix, code))
    assert code not in enabled(extend_select=(code,), ignore=(code,))


PER_FILE: List[Tuple[str, Optional[Set[str]]]] = [
    ("content/docs/guide.md", family("SD")),
    ("content/docs/deep/guide.md", family("SD")),
    ("content/blog/post.md", None),
    ("README.md", {"SC001"}),
    ("content/README.md", {"SC001"}),
]


@pytest.mark.parametrize(("path", "removed"), PER_FILE)
def test_per_file_ignores(path: str, removed: Optional[Set[str]]) -> None:
    ignores = {"content/docs/**": ("SD",), "README.md": ("SC001",)}
    result = enabled(path, per_file_ignores=ignores)
    assert result == DEFAULT_ON - (removed or set())


def diagnostic(code: str, severity: Severity = Severity.WARNING) -> Diagnostic:
    return Diagnostic(code, "name", severity, Span(0, 1), "message")


SEVERITIES: List[Tuple[Dict[str, str], str, Severity, Severity]] = [
    ({"QT005": "error"}, "QT005", Severity.WARNING, Severity.ERROR),
    ({"QT": "warning", "QT001": "error"}, "QT001", Severity.ERROR, Severity.ERROR),
    ({"QT": "warning", "QT001": "error"}, "QT002", Severity.ERROR, Severity.WARNING),
    ({"ALL": "warning"}, "SD001", Severity.ERROR, Severity.WARNING),
    ({"SD": "error"}, "QT005", Severity.WARNING, Severity.WARNING),
    ({}, "SD006", Severity.WARNING, Severity.WARNING),
]


@pytest.mark.parametrize(("table", "code", "before", "after"), SEVERITIES)
def test_with_severity(table: Dict[str, str], code: str, before: Severity, after: Severity) -> None:
    settings = Settings(severity=table)
    result = with_severity(diagnostic(code, before), settings)
    assert result.severity is after
    assert (result.code, result.span, result.message) == (code, Span(0, 1), "message")


def test_severity_for_unconfigured_code_is_none() -> None:
    assert severity_for(Settings(severity={"QT": "error"}), "SD001") is None


def test_the_selected_rules_are_worked_out_once_for_a_run() -> None:
    settings = Settings(select=("QT", "RTL001"), ignore=("QT004",))
    first = enabled_rules(settings, "a.md")
    assert [rule.code for rule in first] == ["QT001", "QT002", "QT003", "QT005", "RTL001"]
    # Another file with the same selectors gets the same answer, not a new one.
    assert enabled_rules(settings, "b.md") is first
    assert enabled_rules(replace(settings, root="/x"), "c.md") is first
    per_file = replace(settings, per_file_ignores={"c.md": ("QT",)}, root="/x")
    assert [rule.code for rule in enabled_rules(per_file, "/x/c.md")] == ["RTL001"]
