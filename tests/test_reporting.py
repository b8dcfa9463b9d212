"""The output formats of ``contentlint check`` (SARIF has its own module)."""

from __future__ import annotations

import json
import re
import unicodedata
import xml.etree.ElementTree as ElementTree
from typing import List, Optional, Sequence, Tuple

import pytest

from contentlint import reporting
from contentlint.model import Applicability, Diagnostic, Edit, Fix, Severity, Span
from contentlint.reporters import fingerprints
from contentlint.reporters.github import escape_data, escape_property
from contentlint.reporters.text import excerpt, snippet
from contentlint.results import Located, file_problem, locate
from contentlint.source import Source

ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*m")

QUOTED = "Intro\n[card region=\u201dEG\u201d]\n"


def located(
    text: str,
    needle: str,
    code: str = "QT001",
    *,
    path: str = "post.md",
    occurrence: int = 0,
    severity: Severity = Severity.ERROR,
    message: Optional[str] = None,
    fix: Optional[Tuple[Applicability, Sequence[Tuple[int, int, str]]]] = None,
    note: Optional[str] = None,
) -> Located:
    """A diagnostic on the ``occurrence``-th ``needle`` of ``text``, placed by ``Source``.

    ``fix`` edits are ``(start, end, content)`` offsets relative to the needle.
    """
    source = Source.from_text(path, text)
    start = -1
    for _ in range(occurrence + 1):
        start = source.text.index(needle, start + 1)
    span = Span(start, start + len(needle))
    model_fix = None
    if fix is not None:
        applicability, edits = fix
        model_fix = Fix(
            applicability,
            "use straight quotes",
            tuple(Edit(Span(start + a, start + b), content) for a, b, content in edits),
        )
    diagnostic = Diagnostic(
        code,
        f"name-of-{code.lower()}",
        severity,
        span,
        message or f"problem {code} at {needle}",
        model_fix,
        note,
    )
    return locate(source, diagnostic)


SAFE_QUOTES = (Applicability.SAFE, [(0, 1, '"'), (3, 4, '"')])


def quote_problem(**kwargs: object) -> Located:
    return located(QUOTED, "\u201dEG\u201d", fix=SAFE_QUOTES, **kwargs)  # type: ignore[arg-type]


def render(fmt: str, diagnostics: Sequence[Located], **kwargs: object) -> str:
    return reporting.render(fmt, diagnostics, files_checked=1, **kwargs)  # type: ignore[arg-type]


# ----------------------------------------------------------------------------- text snippets


def caret_span(report: str) -> Tuple[str, int, int]:
    """The drawn source line of a one-diagnostic text report, and the caret cells."""
    lines = report.splitlines()
    source_line = next(line for line in lines if re.match(r"^\s*\d+ \| ", line))
    caret_line = next(line for line in lines if "^" in line)
    prefix = source_line.index("| ") + 2
    drawn = source_line[prefix:]
    start = caret_line.index("^") - prefix
    carets = re.search(r"\^+", caret_line)
    assert carets is not None
    return drawn, start, len(carets.group(0))


def under(drawn: str, start: int, width: int) -> str:
    """The characters of ``drawn`` that a terminal puts in cells ``start``..``start + width``.

    Widths as a terminal's wcwidth gives them (and as tmux was measured to
    draw them): two cells for wide East Asian characters and emoji, none for
    combining marks and format characters.
    """
    cell, shown = 0, []
    for character in drawn:
        if unicodedata.category(character) in ("Mn", "Me", "Cf"):
            size = 0
        elif unicodedata.east_asian_width(character) in ("W", "F"):
            size = 2
        else:
            size = 1
        if start <= cell < start + width and (size or shown):
            shown.append(character)
        cell += size
    return "".join(shown)


WRAPPED = ("\u200e\u202d", "\u202c")


@pytest.mark.parametrize(
    ("line", "needle", "expected_drawn", "expected_under"),
    [
        (
            "[card region=\u201dEG\u201d]",
            "\u201dEG\u201d",
            "[card region=\u201dEG\u201d]",
            "\u201dEG\u201d",
        ),
        # Arabic letters are one cell each; the line is held left to right.
        (
            "\u0645\u0635\u0631 [card name=\u201d\u0645\u0635\u0631\u201d]",
            "\u201d\u0645\u0635\u0631\u201d",
            "\u200e\u202d\u0645\u0635\u0631 [card name=\u201d\u0645\u0635\u0631\u201d]\u202c",
            "\u201d\u0645\u0635\u0631\u201d",
        ),
        # Arabic vowel marks and Hebrew points take no cell.
        (
            "\u0642\u064e\u0627\u0644\u064e [x a=\u201cb\u201d]",
            "\u201cb\u201d",
            "\u200e\u202d\u0642\u064e\u0627\u0644\u064e [x a=\u201cb\u201d]\u202c",
            "\u201cb\u201d",
        ),
        (
            "\u05e9\u05c1\u05b8\u05dc\u05d5\u05b9\u05dd [x a=\u201cb\u201d]",
            "\u201cb\u201d",
            "\u200e\u202d\u05e9\u05c1\u05b8\u05dc\u05d5\u05b9\u05dd [x a=\u201cb\u201d]\u202c",
            "\u201cb\u201d",
        ),
        # Wide characters and emoji take two cells.
        ("\u4e2d\u6587 [x a=\u201cb\u201d]", "\u201cb\u201d", None, "\u201cb\u201d"),
        ("\U0001f600 [x a=\u201cb\u201d]", "\u201cb\u201d", None, "\u201cb\u201d"),
        (
            "[x a=\u201c\u4e2d\u6587\u201d]",
            "\u201c\u4e2d\u6587\u201d",
            None,
            "\u201c\u4e2d\u6587\u201d",
        ),
        # Tabs are expanded to the next multiple of four cells, before and inside the span.
        ("\t[x\ta=\u201cb\u201d]", "[x\ta", "    [x  a=\u201cb\u201d]", "[x  a"),
        # Bidi controls and zero-width characters are spelled out, never printed raw.
        (
            "[x a=\u202e\u201cb\u201d]",
            "\u202e\u201cb",
            "[x a=<U+202E>\u201cb\u201d]",
            "<U+202E>\u201cb",
        ),
        ("[x\u200ba=1]", "\u200b", "[x<U+200B>a=1]", "<U+200B>"),
        ("[x\u3164a=1]", "\u3164", "[x<U+3164>a=1]", "<U+3164>"),
    ],
)
def test_text_underlines_the_span(
    line: str, needle: str, expected_drawn: Optional[str], expected_under: str
) -> None:
    report = render("text", [located(line + "\n", needle)])
    drawn, start, width = caret_span(report)
    assert drawn == (expected_drawn if expected_drawn is not None else line)
    assert under(drawn, start, width) == expected_under


def test_a_right_to_left_line_is_held_left_to_right() -> None:
    """UAX #9 on the exact characters printed, as a bidi-aware terminal applies it.

    P2/P3: the paragraph takes the direction of its first strong character;
    the gutter holds none, so the LEFT-TO-RIGHT MARK that opens the excerpt
    makes the line left to right even when it starts with Arabic prose.  X6:
    inside LEFT-TO-RIGHT OVERRIDE every character is left to right, so no run
    is reversed; nothing in the excerpt can end the override early, because
    the source's own format characters are spelled out.
    """
    line = "\u0642\u0627\u0644 \u0627\u0644\u0631\u0626\u064a\u0633 [card region=\u201dEG\u201d]"
    shown, carets = excerpt(line, line.index("region"), line.index("]"))
    inner = shown[len(WRAPPED[0]) : -len(WRAPPED[1])]
    assert shown.startswith(WRAPPED[0]) and shown.endswith(WRAPPED[1])
    assert inner == line
    assert not any(unicodedata.category(character) == "Cf" for character in inner)
    assert under(shown, carets.index("^"), carets.count("^")) == "region=\u201dEG\u201d"
    # A left-to-right line is printed as it is.
    assert excerpt("[x a=\u201cb\u201d]", 5, 8) == ("[x a=\u201cb\u201d]", "     ^^^")


def test_text_header_is_path_line_column_code_message() -> None:
    diagnostic = quote_problem(message="region is delimited by U+201D")
    first = render("text", [diagnostic]).splitlines()[0]
    assert first == "post.md:2:14: QT001 [*] region is delimited by U+201D"


def test_text_multi_line_span_is_underlined_to_the_end_of_its_first_line() -> None:
    text = "ab [gallery ids=1\nmore\n"
    report = render("text", [located(text, "[gallery ids=1\nmo", "SC001")])
    drawn, start, width = caret_span(report)
    assert drawn == "ab [gallery ids=1"
    assert drawn[start : start + width] == "[gallery ids=1"


def test_text_empty_span_gets_one_caret() -> None:
    source = Source.from_text("post.md", "[x a=1\n")
    diagnostic = locate(
        source, Diagnostic("SC001", "unclosed-tag", Severity.ERROR, Span(6, 6), "never closed")
    )
    drawn, start, width = caret_span(render("text", [diagnostic]))
    assert (drawn, start, width) == ("[x a=1", 6, 1)


def test_text_long_line_is_cut_around_the_span() -> None:
    line = "x" * 1_000_000 + "[card region=\u201dEG\u201d]" + "y" * 1_000_000
    report = render("text", [located(line, "\u201dEG\u201d")])
    assert len(report) < 1000
    drawn, start, width = caret_span(report)
    assert drawn.startswith("\u2026") and drawn.endswith("\u2026")
    assert drawn[start : start + width] == "\u201dEG\u201d"


@pytest.mark.parametrize(
    ("line", "start", "end"),
    [("", 0, 0), ("abc", 5, 9), ("abc", 2, 1), ("a\tb", 0, 3), ("\x00\x1b[31m", 0, 2)],
)
def test_snippet_never_fails_and_stays_inside_the_drawing(line: str, start: int, end: int) -> None:
    drawn, cell, width = snippet(line, start, end)
    assert "\x1b" not in drawn and "\x00" not in drawn
    assert 0 <= cell <= len(drawn) and width >= 1


def test_text_help_line_and_fixable_marker() -> None:
    safe = quote_problem()
    unsafe = located(QUOTED, "Intro", "SC011", fix=(Applicability.UNSAFE, [(0, 0, "x")]))
    none = located(QUOTED, "card", "SC002")
    report = render("text", [safe, unsafe, none])
    headers = [line for line in report.splitlines() if line.startswith("post.md:")]
    assert headers == [
        "post.md:1:1: SC011 problem SC011 at Intro",
        "post.md:2:2: SC002 problem SC002 at card",
        "post.md:2:14: QT001 [*] problem QT001 at \u201dEG\u201d",
    ]
    helps = [line.strip() for line in report.splitlines() if "help:" in line]
    assert helps == [
        "= help: use straight quotes (unsafe fix: applied only with --unsafe-fixes)",
        "= help: use straight quotes",
    ]


def test_file_names_cannot_break_lines_or_inject_escapes() -> None:
    diagnostic = located(QUOTED, "Intro", "SC011", path="a\nb\x1b[31m.md")
    for fmt in ("text", "concise"):
        header = render(fmt, [diagnostic]).splitlines()[0]
        assert header.startswith("a<U+000A>b<U+001B>[31m.md:1:1: SC011 ")


def test_text_without_source_line_prints_header_only() -> None:
    problem = file_problem("bin.md", "IO001", "unreadable-file", "invalid UTF-8 at byte offset 3")
    report = render("text", [problem], quiet=True)
    assert report == "bin.md:1:1: IO001 invalid UTF-8 at byte offset 3\n"


def test_colour_only_when_asked() -> None:
    diagnostics = [quote_problem(), located(QUOTED, "card", "SC007", severity=Severity.WARNING)]
    plain = render("text", diagnostics)
    coloured = render("text", diagnostics, color=True)
    assert "\x1b[" not in plain
    assert "\x1b[" in coloured
    assert ANSI_ESCAPE.sub("", coloured) == plain
    # Only the human formats have colour; machine formats never carry it.
    for fmt in reporting.FORMATS:
        assert "\x1b[" not in render(fmt, diagnostics, color=fmt not in ("text", "concise"))
        if fmt not in ("text", "concise"):
            assert "\x1b[" not in render(fmt, diagnostics, color=True)


# ----------------------------------------------------------------------------- summary


def _several(errors: int, warnings: int, safe: int, unsafe: int) -> List[Located]:
    diagnostics = []
    for index in range(errors + warnings):
        fix = None
        if index < safe:
            fix = SAFE_QUOTES
        elif index < safe + unsafe:
            fix = (Applicability.UNSAFE, SAFE_QUOTES[1])
        diagnostics.append(
            located(
                QUOTED * (errors + warnings),
                "\u201dEG\u201d",
                occurrence=index,
                severity=Severity.ERROR if index < errors else Severity.WARNING,
                fix=fix,
            )
        )
    return diagnostics


FIX_LINE = "{} fixable with `contentlint check --fix`."
UNSAFE_LINE = "{} fixable with `contentlint check --fix --unsafe-fixes` (check each change)."


@pytest.mark.parametrize(
    ("counts", "fixed", "dry_run", "expected"),
    [
        ((0, 0, 0, 0), (0, 0), False, ["All checks passed!"]),
        ((0, 0, 0, 0), (3, 0), False, ["Fixed 3 errors."]),
        # Fixed warnings are counted as warnings.
        ((0, 0, 0, 0), (1, 2), False, ["Fixed 1 error and 2 warnings."]),
        ((0, 0, 0, 0), (0, 1), True, ["Would fix 1 warning."]),
        ((1, 0, 0, 0), (0, 0), False, ["Found 1 error."]),
        ((3, 0, 2, 0), (0, 0), False, ["Found 3 errors.", FIX_LINE.format(2)]),
        ((2, 1, 1, 0), (0, 0), False, ["Found 2 errors and 1 warning.", FIX_LINE.format(1)]),
        ((0, 2, 0, 0), (0, 0), False, ["Found 2 warnings."]),
        (
            (3, 0, 1, 2),
            (0, 0),
            False,
            ["Found 3 errors.", FIX_LINE.format(1), UNSAFE_LINE.format("2 more")],
        ),
        ((3, 0, 0, 2), (0, 0), False, ["Found 3 errors.", UNSAFE_LINE.format(2)]),
        ((2, 0, 0, 0), (4, 0), False, ["Fixed 4 errors.", "Found 2 errors."]),
    ],
)
def test_summary(
    counts: Tuple[int, int, int, int],
    fixed: Tuple[int, int],
    dry_run: bool,
    expected: List[str],
) -> None:
    diagnostics = _several(*counts)
    repaired = _several(*fixed, 0, 0)
    for fmt in ("text", "concise"):
        report = render(fmt, diagnostics, fixed=repaired, dry_run=dry_run)
        tail = report.splitlines()[-len(expected) :]
        assert tail == expected
        assert report.endswith("\n")


def test_unsafe_fixes_count_as_fixable_when_enabled() -> None:
    report = render("concise", _several(2, 0, 0, 2), unsafe_fixes=True)
    assert report.splitlines()[-2:] == [
        "Found 2 errors.",
        "2 fixable with `contentlint check --fix --unsafe-fixes`.",
    ]
    assert report.count("[*]") == 2


def test_quiet_prints_diagnostics_only() -> None:
    diagnostics = [quote_problem()]
    assert render("text", [], quiet=True) == ""
    quiet = render("concise", diagnostics, quiet=True)
    assert quiet == "post.md:2:14: QT001 [*] problem QT001 at \u201dEG\u201d\n"


def test_statistics_count_per_code_most_frequent_first() -> None:
    diagnostics = [
        *(located(QUOTED * 3, "region", "QT001", occurrence=i, fix=SAFE_QUOTES) for i in range(3)),
        located(QUOTED, "Intro", "SC011"),
        *(located(QUOTED * 2, "card", "BD003", occurrence=i) for i in range(2)),
    ]
    report = render("text", diagnostics, statistics=True)
    rows = [line.split() for line in report.splitlines()[:3]]
    assert rows == [
        ["3", "QT001", "[*]", "name-of-qt001"],
        ["2", "BD003", "[", "]", "name-of-bd003"],
        ["1", "SC011", "[", "]", "name-of-sc011"],
    ]
    assert "post.md:" not in report
    assert report.splitlines()[-2:] == ["Found 6 errors.", FIX_LINE.format(3)]
    as_json = json.loads(render("json", diagnostics, statistics=True))
    assert as_json[0] == {"code": "QT001", "name": "name-of-qt001", "count": 3, "fixable": 3}
    assert [row["code"] for row in as_json] == ["QT001", "BD003", "SC011"]


def test_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown output format"):
        render("xml", [])


# ----------------------------------------------------------------------------- json


def test_json_has_exactly_the_spec_keys_and_order() -> None:
    later = located(QUOTED, "Intro", "SC011", path="b.md")
    first = quote_problem(path="a.md")
    same_place = located(QUOTED, "\u201dEG\u201d", "BD003", path="a.md")
    objects = json.loads(render("json", [later, first, same_place]))
    assert [(o["path"], o["line"], o["column"], o["code"]) for o in objects] == [
        ("a.md", 2, 14, "BD003"),
        ("a.md", 2, 14, "QT001"),
        ("b.md", 1, 1, "SC011"),
    ]
    assert list(objects[1]) == [
        "path",
        "line",
        "column",
        "end_line",
        "end_column",
        "code",
        "name",
        "severity",
        "message",
        "note",
        "fix",
    ]
    assert objects[1]["fix"] == {
        "applicability": "safe",
        "message": "use straight quotes",
        "edits": [
            {"line": 2, "column": 14, "end_line": 2, "end_column": 15, "content": '"'},
            {"line": 2, "column": 17, "end_line": 2, "end_column": 18, "content": '"'},
        ],
    }
    assert (objects[1]["end_line"], objects[1]["end_column"]) == (2, 18)
    assert objects[0]["fix"] is None
    assert objects[0]["note"] is None


# ----------------------------------------------------------------------------- notes

NOTE = "region is delimited by U+201D RIGHT DOUBLE QUOTATION MARK"


def test_text_shows_the_note_under_the_diagnostic_before_help() -> None:
    lines = render("text", [quote_problem(note=NOTE)], quiet=True).splitlines()
    assert lines[-2:] == [f"  = note: {NOTE}", "  = help: use straight quotes"]
    assert "note" not in render("text", [quote_problem()], quiet=True)
    # A diagnostic without a source line keeps its note too.
    bare = Located("x.md", 1, 1, 1, 1, 0, 0, "IO001", "unreadable-file", "error", "m", None,
                   note="why")  # fmt: skip
    assert render("text", [bare], quiet=True).splitlines() == ["x.md:1:1: IO001 m", "  = note: why"]


def test_concise_leaves_the_note_out() -> None:
    assert NOTE not in render("concise", [quote_problem(note=NOTE)])


def test_note_in_every_machine_format() -> None:
    with_note, without = quote_problem(note=NOTE), located(QUOTED, "Intro", "SC011")
    objects = json.loads(render("json", [with_note, without]))
    assert [o["note"] for o in objects] == [None, NOTE]
    lines = render("json-lines", [with_note]).splitlines()
    assert json.loads(lines[0])["note"] == NOTE
    github = render("github", [with_note])
    assert github.rstrip("\n").endswith(f"%0Anote: {NOTE}")
    issues = json.loads(render("gitlab", [with_note, without]))
    assert issues[1]["content"] == {"body": NOTE}
    assert "content" not in issues[0]
    root = ElementTree.fromstring(render("junit", [with_note]).encode("utf-8"))
    failure = root.find("testsuite/testcase/failure")
    assert failure is not None and failure.text is not None
    assert f"note: {NOTE}" in failure.text.splitlines()


def test_json_lines_are_the_json_objects() -> None:
    diagnostics = [quote_problem(), located(QUOTED, "Intro", "SC011")]
    lines = render("json-lines", diagnostics).splitlines()
    assert [json.loads(line) for line in lines] == json.loads(render("json", diagnostics))
    assert render("json", []) == "[]\n"
    assert render("json-lines", []) == ""


# ----------------------------------------------------------------------------- github


@pytest.mark.parametrize(
    ("raw", "data", "prop"),
    [
        ("plain", "plain", "plain"),
        ("100%", "100%25", "100%25"),
        ("a\r\nb", "a%0D%0Ab", "a%0D%0Ab"),
        ("a:b,c", "a:b,c", "a%3Ab%2Cc"),
        ("%0A", "%250A", "%250A"),
    ],
)
def test_github_escaping(raw: str, data: str, prop: str) -> None:
    assert escape_data(raw) == data
    assert escape_property(raw) == prop


def test_github_annotations() -> None:
    error = quote_problem(path="docs/a, b: c.md", message="50% of\nit")
    warning = located("[x a=1\nb]\n", "[x a=1\nb", "SC007", severity=Severity.WARNING, path="w.md")
    lines = render("github", [warning, error]).splitlines()
    assert lines == [
        "::error file=docs/a%2C b%3A c.md,line=2,col=14,endLine=2,endColumn=17,"
        "title=QT001 (name-of-qt001)::docs/a, b: c.md:2:14: QT001 50%25 of%0Ait",
        # Over several lines GitHub takes no columns.
        "::warning file=w.md,line=1,endLine=2,title=SC007 (name-of-sc007)"
        "::w.md:1:1: SC007 problem SC007 at [x a=1%0Ab",
    ]


# ----------------------------------------------------------------------------- gitlab


def test_gitlab_code_quality_report() -> None:
    error = quote_problem()
    warning = located(QUOTED, "Intro", "SC007", severity=Severity.WARNING)
    issues = json.loads(render("gitlab", [error, warning]))
    assert [issue["severity"] for issue in issues] == ["minor", "major"]
    assert issues[1] == {
        "description": "QT001: problem QT001 at \u201dEG\u201d",
        "check_name": "QT001",
        "fingerprint": issues[1]["fingerprint"],
        "severity": "major",
        "location": {
            "path": "post.md",
            "positions": {"begin": {"line": 2, "column": 14}, "end": {"line": 2, "column": 18}},
        },
    }
    assert len({issue["fingerprint"] for issue in issues}) == 2


def test_fingerprints_survive_line_shifts_and_separate_twins() -> None:
    text = "a\n[x v=\u201d1\u201d]\nb\n[x v=\u201d1\u201d]\n"
    shifted = "new\nlines\n  " + text.replace("\n[x", "\n   [x")
    before = fingerprints([located(text, "\u201d1\u201d", occurrence=i) for i in range(2)])
    after = fingerprints([located(shifted, "\u201d1\u201d", occurrence=i) for i in range(2)])
    assert before == after
    assert before[0] != before[1]
    other_file = fingerprints([located(text, "\u201d1\u201d", path="other.md")])
    other_code = fingerprints([located(text, "\u201d1\u201d", "QT002")])
    assert len({before[0], other_file[0], other_code[0]}) == 3


# ----------------------------------------------------------------------------- junit


def test_junit_lists_failures_and_passing_files() -> None:
    diagnostics = [
        quote_problem(path="b.md"),
        located(QUOTED, "Intro", "SC011", path="b.md"),
        located(QUOTED, "card", "SC002", path="a.md", message="bad \x00 byte \x1b"),
    ]
    report = render("junit", diagnostics, checked_paths=["a.md", "b.md", "clean.md"])
    root = ElementTree.fromstring(report.encode("utf-8"))
    suite = root.find("testsuite")
    assert suite is not None
    assert (suite.get("tests"), suite.get("failures")) == ("4", "3")
    assert (root.get("tests"), root.get("failures")) == ("4", "3")
    cases = suite.findall("testcase")
    assert [(case.get("classname"), case.find("failure") is not None) for case in cases] == [
        ("a.md", True),
        ("b.md", True),
        ("b.md", True),
        ("clean.md", False),
    ]
    failure = cases[0].find("failure")
    assert failure is not None
    assert failure.get("type") == "SC002"
    assert failure.get("message") == "bad \\u0000 byte \\u001b"


def test_junit_without_checked_paths_still_reports_failures() -> None:
    root = ElementTree.fromstring(render("junit", [quote_problem()]).encode("utf-8"))
    assert root.get("failures") == "1"
    assert ElementTree.fromstring(render("junit", []).encode("utf-8")).get("tests") == "0"
