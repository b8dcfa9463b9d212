"""Rule documentation: every rule documented in five sections; the README table is current."""

from __future__ import annotations

from pathlib import Path

import pytest

from contentlint import docs
from contentlint.rules import ALL_RULES
from contentlint.rules.base import Rule

README = Path(__file__).resolve().parent.parent / "README.md"


@pytest.mark.parametrize("rule", ALL_RULES, ids=[rule.code for rule in ALL_RULES])
def test_every_rule_has_the_five_sections_in_order(rule: Rule) -> None:
    assert docs.missing_sections(rule) == []
    for section in docs.SECTIONS:
        start = rule.doc.index(section) + len(section)
        following = [rule.doc.find(s, start) for s in docs.SECTIONS]
        end = min([i for i in following if i >= 0] or [len(rule.doc)])
        assert rule.doc[start:end].strip(), f"{rule.code}: {section} is empty"


def test_codes_and_names_are_unique() -> None:
    assert len({rule.code for rule in ALL_RULES}) == len(ALL_RULES)
    assert len({rule.name for rule in ALL_RULES}) == len(ALL_RULES)


def test_missing_sections_notices_a_gap() -> None:
    rule = ALL_RULES[0]
    broken = Rule(
        rule.code,
        rule.name,
        rule.severity,
        rule.summary,
        rule.fix_availability,
        rule.default_enabled,
        rule.doc.replace("## Use instead", "## Instead"),
        rule.check,
    )
    assert docs.missing_sections(broken) == ["## Use instead"]


def test_rule_doc() -> None:
    text = docs.rule_doc("sd001")
    lines = text.splitlines()
    assert lines[0] == "SD001 (disallowed-shortcode)"
    assert "Severity: error" in lines
    assert any(line.startswith("Fix: An unsafe fix") for line in lines)
    assert "Default: on" in lines
    assert "## What it does" in text
    assert docs.rule_doc("disallowed-shortcode") == text
    with pytest.raises(KeyError):
        docs.rule_doc("XX999")


def test_rules_listing_has_one_aligned_row_per_rule() -> None:
    lines = docs.rules_listing().splitlines()
    assert lines[0].split()[:5] == ["Code", "Name", "Severity", "Fix", "Default"]
    assert len(lines) == len(ALL_RULES) + 1
    name_column = lines[0].index("Name")
    for line, rule in zip(lines[1:], docs.rules_in_code_order()):
        assert line.startswith(rule.code)
        assert line[name_column:].startswith(rule.name)


def test_markdown_table_rows() -> None:
    lines = docs.rules_markdown_table().splitlines()
    assert lines[0] == "| Code | Name | What | Severity | Fix | Default |"
    assert len(lines) == len(ALL_RULES) + 2
    cl001 = next(line for line in lines if line.startswith("| CL001 "))
    assert cl001 == (
        "| CL001 | unused-suppression | A suppression comment that suppressed nothing | "
        "warning | safe | on |"
    )


def test_with_rules_table_rewrites_only_the_block() -> None:
    readme = "# T\r\n<!-- rules:start -->\r\nold\r\n<!-- rules:end -->\r\nafter\r\n"
    updated = docs.with_rules_table(readme)
    assert updated.startswith("# T\r\n<!-- rules:start -->\r\n| Code |")
    assert updated.endswith("\r\n<!-- rules:end -->\r\nafter\r\n")
    assert docs.readme_table(updated) == docs.rules_markdown_table().replace("\n", "\r\n")
    assert docs.with_rules_table(updated) == updated


def test_readme_command_rewrites_and_checks(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text("x\n<!-- rules:start -->\n<!-- rules:end -->\n", encoding="utf-8")
    assert docs.main(["--readme", str(readme), "--check"]) == 1
    assert docs.main(["--readme", str(readme)]) == 0
    assert docs.main(["--readme", str(readme), "--check"]) == 0
    assert docs.readme_table(readme.read_text(encoding="utf-8")) == docs.rules_markdown_table()


def test_readme_table_is_current() -> None:
    if not README.is_file():
        pytest.skip("README.md is missing")
    table = docs.readme_table(README.read_text(encoding="utf-8"))
    if table is None:
        pytest.skip("README.md has no <!-- rules:start --> ... <!-- rules:end --> block yet")
    assert table == docs.rules_markdown_table(), (
        "README.md's rules table is out of date: run python -m contentlint.docs --readme README.md"
    )
