"""Suppression comments and CL001 (unused-suppression)."""

from __future__ import annotations

from typing import List, Sequence, Tuple

import pytest

from contentlint.model import Applicability, Diagnostic, Severity, Span
from contentlint.source import Source
from contentlint.suppressions import finalize, find_directives


def at_line(source: Source, code: str, line: int, column: int = 1) -> Diagnostic:
    offset = source.offset(line, column)
    return Diagnostic(code, "name", Severity.ERROR, Span(offset, offset + 1), "message")


def run(
    text: str, found: Sequence[Tuple[str, int]], cl001: bool = True
) -> Tuple[List[Tuple[str, int]], List[Diagnostic]]:
    """Remaining (code, line) pairs and the CL001 diagnostics."""
    source = Source.from_text("p.md", text)
    diagnostics = [at_line(source, code, line) for code, line in found]
    result = finalize(source, diagnostics, cl001)
    remaining = [(d.code, source.position(d.span.start)[0]) for d in result if d.code != "CL001"]
    unused = [d for d in result if d.code == "CL001"]
    return remaining, unused


CASES: List[Tuple[str, str, List[Tuple[str, int]], List[Tuple[str, int]], List[int]]] = [
    # id, text, diagnostics (code, line), remaining, lines of CL001
    (
        "next-line by code",
        "<!-- contentlint-disable-next-line QT001 -->\nx\ny\n",
        [("QT001", 2), ("QT002", 2), ("QT001", 3)],
        [("QT002", 2), ("QT001", 3)],
        [],
    ),
    (
        "next-line by prefix, several codes",
        "<!-- contentlint-disable-next-line QT, SD001 -->\nx\n",
        [("QT001", 2), ("QT003", 2), ("SD001", 2), ("SD002", 2)],
        [("SD002", 2)],
        [],
    ),
    (
        "disable-line, every code",
        "x <!-- contentlint-disable-line -->\ny\n",
        [("QT001", 1), ("SD001", 1), ("QT001", 2)],
        [("QT001", 2)],
        [],
    ),
    (
        "region until enable",
        "a\n<!-- contentlint-disable SC -->\nb\nc\n<!-- contentlint-enable -->\nd\n",
        [("SC001", 1), ("SC001", 3), ("SC002", 4), ("QT001", 4), ("SC001", 6)],
        [("SC001", 1), ("QT001", 4), ("SC001", 6)],
        [],
    ),
    (
        "region to the end of the file",
        "a\n<!-- contentlint-disable -->\nb\n",
        [("SC001", 1), ("QT001", 3)],
        [("SC001", 1)],
        [],
    ),
    (
        "enable with codes ends only those",
        "<!-- contentlint-disable SC001 QT001 -->\na\n<!-- contentlint-enable QT001 -->\nb\n",
        [("SC001", 2), ("QT001", 2), ("SC001", 4), ("QT001", 4)],
        [("QT001", 4)],
        [],
    ),
    (
        "file",
        "a\nb\n<!-- contentlint-disable-file QT -->\n",
        [("QT001", 1), ("SD001", 2), ("QT005", 2)],
        [("SD001", 2)],
        [],
    ),
    (
        "unused next-line",
        "<!-- contentlint-disable-next-line QT001 -->\nx\n",
        [("QT002", 2)],
        [("QT002", 2)],
        [1],
    ),
    (
        "unused blanket disable-line",
        "x <!-- contentlint-disable-line -->\n",
        [],
        [],
        [1],
    ),
    (
        "enable that closes nothing",
        "a\n<!-- contentlint-enable -->\n",
        [],
        [],
        [2],
    ),
    (
        "suppression on the last line has no next line",
        "a\n<!-- contentlint-disable-next-line -->",
        [("QT001", 1)],
        [("QT001", 1)],
        [2],
    ),
    (
        "a comment that is not a directive",
        "<!-- contentlint-disabled QT001 -->\nx\n<!-- contentlint -->\n",
        [("QT001", 2)],
        [("QT001", 2)],
        [],
    ),
    (
        "unclosed comment is no directive",
        "<!-- contentlint-disable-file\nx\n",
        [("QT001", 2)],
        [("QT001", 2)],
        [],
    ),
]


@pytest.mark.parametrize(
    ("text", "found", "remaining", "unused_lines"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_suppressions(
    text: str,
    found: List[Tuple[str, int]],
    remaining: List[Tuple[str, int]],
    unused_lines: List[int],
) -> None:
    kept, unused = run(text, found)
    assert kept == remaining
    source = Source.from_text("p.md", text)
    assert [source.position(d.span.start)[0] for d in unused] == unused_lines
    assert all(d.severity is Severity.WARNING and d.name == "unused-suppression" for d in unused)


def test_no_cl001_when_the_rule_is_off() -> None:
    kept, unused = run("<!-- contentlint-disable-next-line QT001 -->\nx\n", [], cl001=False)
    assert (kept, unused) == ([], [])


def apply(text: str, diagnostic: Diagnostic) -> str:
    assert diagnostic.fix is not None
    assert diagnostic.fix.applicability is Applicability.SAFE
    result = text
    for edit in sorted(diagnostic.fix.edits, key=lambda e: e.span.start, reverse=True):
        result = result[: edit.span.start] + edit.content + result[edit.span.end :]
    return result


FIXES: List[Tuple[str, List[Tuple[str, int]], str]] = [
    # A comment alone on its line goes with its line and line break.
    ("a\n<!-- contentlint-disable-next-line QT001 -->\nb\n", [], "a\nb\n"),
    ("a\r\n<!-- contentlint-disable-next-line QT001 -->\r\nb\r\n", [], "a\r\nb\r\n"),
    ("a\n  <!-- contentlint-disable-file -->", [], "a"),
    ("<!-- contentlint-disable-file -->", [], ""),
    # Beside text, only the comment (and the space before it) goes.
    ("text <!-- contentlint-disable-line -->\nb\n", [], "text\nb\n"),
    ("<!-- contentlint-disable-line --> text\n", [], "text\n"),
    # Only the unused codes go.
    (
        "<!-- contentlint-disable-next-line QT001, SD002 -->\nx\n",
        [("QT001", 2)],
        "<!-- contentlint-disable-next-line QT001 -->\nx\n",
    ),
    (
        "<!-- contentlint-disable-next-line QT001 SD002 SC -->\nx\n",
        [("SD002", 2)],
        "<!-- contentlint-disable-next-line SD002 -->\nx\n",
    ),
    # An unused region goes with the enable that closes it.
    ("a\n<!-- contentlint-disable SC -->\nb\n<!-- contentlint-enable -->\nc\n", [], "a\nb\nc\n"),
]


@pytest.mark.parametrize(("text", "found", "fixed"), FIXES)
def test_cl001_fixes(text: str, found: List[Tuple[str, int]], fixed: str) -> None:
    _, unused = run(text, found)
    assert len(unused) == 1
    result = apply(text, unused[0])
    assert result == fixed
    # Fixing is complete: nothing is left to report.
    assert run(result, found)[1] == []


def test_unknown_code_is_named_in_the_message() -> None:
    _, unused = run("<!-- contentlint-disable-next-line QT001 XYZ9 -->\nx\n", [("QT001", 2)])
    (diagnostic,) = unused
    assert diagnostic.note is not None and "XYZ9 (unknown code)" in diagnostic.note


def test_cl001_is_hidden_only_by_a_suppression_that_names_it() -> None:
    text = (
        "<!-- contentlint-disable-file CL001 -->\n<!-- contentlint-disable-next-line QT001 -->\nx\n"
    )
    kept, unused = run(text, [])
    assert (kept, unused) == ([], [])
    blanket = "<!-- contentlint-disable-file -->\n<!-- contentlint-disable-next-line QT001 -->\nx\n"
    _, unused = run(blanket, [])
    assert [Source.from_text("p", blanket).position(d.span.start)[0] for d in unused] == [1, 2]


def test_directives_in_code_are_examples() -> None:
    text = "```\n<!-- contentlint-disable-file -->\n```\nx\n"
    source = Source.from_text("p.md", text)
    fence = Span(0, text.index("x"))
    assert find_directives(source, [fence]) == []
    diagnostics = [at_line(source, "QT001", 4)]
    assert finalize(source, diagnostics, True, code_spans=[fence]) == diagnostics


def test_many_comments_scan_linearly() -> None:
    text = "<!-- x -->" * 20000 + "<!--" + "-" * 10000
    source = Source.from_text("p.md", text)
    assert find_directives(source) == []


def test_a_comment_inside_a_tag_is_not_a_suppression() -> None:
    from contentlint.linter import check_text
    from contentlint.settings import Settings

    inside = '[card a=”x” b="<!-- contentlint-disable-line -->"]'
    assert [d.code for d in check_text(inside, settings=Settings())] == ["QT001"]
    after = '[card a=”x” b="y"] <!-- contentlint-disable-line -->'
    assert check_text(after, settings=Settings()) == []


@pytest.mark.parametrize(
    "text",
    [
        # WordPress runs this tag with the comment among its attributes.
        "[gallery <!-- contentlint-disable-line --> a]\n",
    ],
)
def test_an_unused_suppression_inside_an_open_tag_gets_no_fix(text: str) -> None:
    from contentlint.linter import check_text

    (unused,) = [d for d in check_text(text) if d.code == "CL001"]
    # Removing the comment would change the tag: reported, never fixed.
    assert unused.fix is None
