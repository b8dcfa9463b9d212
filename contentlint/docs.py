"""Rule documentation: ``contentlint rule CODE``, ``contentlint rules`` and the README table.

``python -m contentlint.docs --readme README.md`` rewrites the table between
``<!-- rules:start -->`` and ``<!-- rules:end -->``; ``--check`` only says
whether it is up to date (exit 1 when not).
"""

from __future__ import annotations

import argparse
import sys
from typing import Dict, List, Optional, Sequence, Tuple

from contentlint.rules import ALL_RULES
from contentlint.rules.base import Rule

SECTIONS = (
    "## What it does",
    "## Why is this bad?",
    "## Example",
    "## Use instead",
    "## Fix safety",
)
README_START = "<!-- rules:start -->"
README_END = "<!-- rules:end -->"

_FIX_TEXT = {
    "none": "No fix is available.",
    "safe": "A safe fix is available (applied by `--fix`).",
    "unsafe": "An unsafe fix is available (applied with `--fix --unsafe-fixes`).",
    "sometimes": "A fix is sometimes available.",
}
_FIX_COLUMN = {"none": "—", "safe": "safe", "unsafe": "unsafe", "sometimes": "sometimes"}


def find_rule(code_or_name: str) -> Rule:
    """The rule with this code (any case) or name; ``KeyError`` when there is none."""
    wanted = code_or_name.strip()
    for rule in ALL_RULES:
        if rule.code == wanted.upper() or rule.name == wanted.lower():
            return rule
    raise KeyError(code_or_name)


def rule_doc(code: str) -> str:
    """The documentation of one rule, for the terminal."""
    rule = find_rule(code)
    default = "on" if rule.default_enabled else "off (select it by its code to turn it on)"
    lines = [
        f"{rule.code} ({rule.name})",
        "",
        rule.summary.rstrip(".") + ".",
        "",
        f"Severity: {rule.severity.value}",
        f"Fix: {_FIX_TEXT.get(rule.fix_availability, rule.fix_availability)}",
        f"Default: {default}",
        "",
        rule.doc,
    ]
    return "\n".join(lines).rstrip()


def missing_sections(rule: Rule) -> List[str]:
    """The documentation sections a rule's docstring lacks (or has out of order)."""
    missing: List[str] = []
    position = 0
    for section in SECTIONS:
        found = rule.doc.find(section, position)
        if found < 0:
            missing.append(section)
        else:
            position = found + len(section)
    return missing


def rules_in_code_order() -> List[Rule]:
    """Every rule, families in registry order (SC, QT, RTL...), codes ascending within each."""
    families: Dict[str, int] = {}
    for rule in ALL_RULES:
        families.setdefault(rule.code.rstrip("0123456789"), len(families))

    def key(rule: Rule) -> Tuple[int, str]:
        family = rule.code.rstrip("0123456789")
        return families[family], rule.code[len(family) :].zfill(6)

    return sorted(ALL_RULES, key=key)


def rules_listing() -> str:
    """Every rule as an aligned table for the terminal."""
    header = ("Code", "Name", "Severity", "Fix", "Default", "What")
    rows = [header] + [
        (
            rule.code,
            rule.name,
            rule.severity.value,
            _FIX_COLUMN.get(rule.fix_availability, rule.fix_availability),
            "on" if rule.default_enabled else "off",
            rule.summary,
        )
        for rule in rules_in_code_order()
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(header) - 1)]
    lines = []
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row, widths)]
        lines.append("  ".join([*cells, row[-1]]).rstrip())
    return "\n".join(lines)


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def rules_markdown_table() -> str:
    """Every rule as a Markdown table (the README's rule list)."""
    lines = [
        "| Code | Name | What | Severity | Fix | Default |",
        "|---|---|---|---|---|---|",
    ]
    for rule in rules_in_code_order():
        lines.append(
            f"| {rule.code} | {rule.name} | {_cell(rule.summary)} | {rule.severity.value} | "
            f"{_FIX_COLUMN.get(rule.fix_availability, rule.fix_availability)} | "
            f"{'on' if rule.default_enabled else 'off'} |"
        )
    return "\n".join(lines)


def readme_table(readme: str) -> Optional[str]:
    """The text between the README's rule markers (``None`` when a marker is missing)."""
    start = readme.find(README_START)
    end = readme.find(README_END, start + len(README_START)) if start >= 0 else -1
    if start < 0 or end < 0:
        return None
    return readme[start + len(README_START) : end].strip("\r\n")


def with_rules_table(readme: str) -> str:
    """``readme`` with the text between the markers replaced by the current table."""
    start = readme.find(README_START)
    end = readme.find(README_END, start + len(README_START)) if start >= 0 else -1
    if start < 0 or end < 0:
        raise ValueError(f"the README has no {README_START} ... {README_END} block")
    newline = "\r\n" if "\r\n" in readme else "\n"
    table = rules_markdown_table().replace("\n", newline)
    return readme[: start + len(README_START)] + newline + table + newline + readme[end:]


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m contentlint.docs", description=__doc__)
    parser.add_argument("--readme", metavar="FILE", help="rewrite the rules table of FILE")
    parser.add_argument("--check", action="store_true", help="only check that it is current")
    args = parser.parse_args(argv)
    if args.readme is None:
        sys.stdout.write(rules_markdown_table() + "\n")
        return 0
    with open(args.readme, encoding="utf-8", newline="") as handle:
        text = handle.read()
    try:
        updated = with_rules_table(text)
    except ValueError as error:
        sys.stderr.write(f"{args.readme}: {error}\n")
        return 2
    if updated == text:
        return 0
    if args.check:
        sys.stderr.write(f"{args.readme}: the rules table is out of date\n")
        return 1
    with open(args.readme, "w", encoding="utf-8", newline="") as handle:
        handle.write(updated)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
