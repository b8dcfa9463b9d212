"""The fixer: applying edits and fixing to a fixed point."""

from __future__ import annotations

from typing import Callable, List, Sequence, Tuple

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from contentlint import wordpress
from contentlint.fixer import (
    FixOutcome,
    OverlappingEditsError,
    apply_edits,
    fix_text,
)
from contentlint.model import Applicability, Diagnostic, Edit, Fix, Severity, Span
from contentlint.rules.base import RuleContext
from contentlint.rules.quotes import RULES
from contentlint.settings import Settings
from contentlint.source import Source

SAFE = Applicability.SAFE
UNSAFE = Applicability.UNSAFE


def edit(start: int, end: int, content: str) -> Edit:
    return Edit(Span(start, end), content)


# -- apply_edits ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "edits", "expected"),
    [
        ("abcdef", [], "abcdef"),
        ("abcdef", [edit(1, 2, "X")], "aXcdef"),
        ("abcdef", [edit(4, 5, "Y"), edit(1, 2, "X")], "aXcdYf"),  # any order
        ("abcdef", [edit(0, 6, "")], ""),
        ("abcdef", [edit(3, 3, "+")], "abc+def"),
        ("abcdef", [edit(6, 6, "!")], "abcdef!"),
        ("abcdef", [edit(1, 3, "")], "adef"),
        ("abcdef", [edit(1, 2, "X"), edit(2, 3, "Y")], "aXYdef"),  # adjacent replacements
        ("a\r\nb", [edit(0, 1, "A")], "A\r\nb"),
        ("”مصر”", [edit(0, 1, '"'), edit(4, 5, '"')], '"مصر"'),
    ],
)
def test_apply_edits(text: str, edits: List[Edit], expected: str) -> None:
    assert apply_edits(text, edits) == expected


@pytest.mark.parametrize(
    "edits",
    [
        [edit(1, 3, "X"), edit(2, 4, "Y")],  # shared text
        [edit(1, 4, "X"), edit(2, 3, "Y")],  # one inside the other
        [edit(2, 2, "X"), edit(2, 2, "Y")],  # two insertions at one offset: order unknown
        [edit(2, 2, "X"), edit(2, 4, "Y")],  # an insertion where a replacement starts
        [edit(0, 7, "X")],  # outside the text
    ],
)
def test_apply_edits_refuses_overlaps(edits: List[Edit]) -> None:
    with pytest.raises(OverlappingEditsError):
        apply_edits("abcdef", edits)


# -- fix_text with scripted lints --------------------------------------------------------------


def diagnostic(code: str, edits: Sequence[Edit], applicability: Applicability = SAFE) -> Diagnostic:
    span = (
        Span(min(e.span.start for e in edits), max(e.span.end for e in edits))
        if edits
        else Span(0, 0)
    )
    fix = Fix(applicability, "fix it", tuple(edits))
    return Diagnostic(code, code.lower(), Severity.ERROR, span, f"{code} here", fix)


def replace_all(
    code: str, old: str, new: str, applicability: Applicability = SAFE
) -> Callable[[str], List[Diagnostic]]:
    """A lint reporting every ``old`` with a fix replacing it by ``new``."""

    def lint(text: str) -> List[Diagnostic]:
        found = []
        index = text.find(old)
        while index >= 0:
            found.append(diagnostic(code, [edit(index, index + len(old), new)], applicability))
            index = text.find(old, index + len(old))
        return found

    return lint


def test_fix_text_applies_all_non_overlapping_fixes_in_one_pass() -> None:
    outcome = fix_text("a”b”c”", replace_all("QT001", "”", '"'))
    assert outcome == FixOutcome('a"b"c"', outcome.fixed, (), 1, True)
    assert [d.code for d in outcome.fixed] == ["QT001"] * 3


def test_fix_text_without_fixes_changes_nothing() -> None:
    outcome = fix_text("plain", replace_all("QT001", "”", '"'))
    assert outcome == FixOutcome("plain", (), (), 0, True)
    assert not outcome.changed


def test_overlapping_fix_waits_for_the_next_pass() -> None:
    # "ab" -> "X" and "bc" -> "Y" overlap on "b": the first wins, the second is
    # found again (if still there) in the next pass.
    def lint(text: str) -> List[Diagnostic]:
        found = []
        for old, new, code in (("ab", "X", "A1"), ("bc", "Y", "B1"), ("Xc", "Z", "C1")):
            index = text.find(old)
            if index >= 0:
                found.append(diagnostic(code, [edit(index, index + len(old), new)]))
        return found

    outcome = fix_text("abc", lint)
    assert outcome.text == "Z"
    assert [d.code for d in outcome.fixed] == ["A1", "C1"]
    assert outcome.passes == 2
    assert outcome.converged


def test_all_edits_of_one_fix_apply_together_or_not_at_all() -> None:
    both = diagnostic("Q1", [edit(0, 1, '"'), edit(4, 5, '"')])
    clash = diagnostic("Q2", [edit(6, 7, "!"), edit(4, 5, "'")])
    calls: List[str] = []

    def lint(text: str) -> List[Diagnostic]:
        calls.append(text)
        return [both, clash] if len(calls) == 1 else []

    outcome = fix_text("”abc” x", lint)
    # Q2 touches Q1's second edit: none of Q2's edits is applied, not even "!".
    assert outcome.text == '"abc" x'
    assert [d.code for d in outcome.fixed] == ["Q1"]


def test_unsafe_fixes_only_on_request() -> None:
    lint = replace_all("QT001", "”", "'", UNSAFE)
    assert fix_text("a”b", lint).text == "a”b"
    assert fix_text("a”b", lint).remaining == tuple(lint("a”b"))
    assert fix_text("a”b", lint, unsafe=True).text == "a'b"


def test_fixes_without_effect_do_not_loop() -> None:
    outcome = fix_text('a"b', replace_all("X1", '"', '"'))
    assert outcome.text == 'a"b'
    assert outcome.passes == 0
    assert outcome.converged
    assert len(outcome.remaining) == 1


def test_a_fix_that_never_settles_stops_after_max_passes() -> None:
    outcome = fix_text("a", replace_all("X1", "a", "aa"), max_passes=3)
    assert outcome.text == "a" * 8
    assert outcome.passes == 3
    assert not outcome.converged
    assert len(outcome.remaining) == 8
    assert len(outcome.fixed) == 1 + 2 + 4


def test_fix_with_overlapping_edits_of_its_own_is_skipped() -> None:
    broken = diagnostic("B1", [edit(0, 2, "x"), edit(1, 3, "y")])
    outcome = fix_text("abcd", lambda text: [broken])
    assert outcome.text == "abcd"
    assert outcome.fixed == ()


# -- guarantees with the real quote rules ------------------------------------------------------


def lint_wordpress(text: str) -> List[Diagnostic]:
    source = Source.from_text("post.txt", text)
    context = RuleContext(source, wordpress.parse(source.text), Settings())
    return [d for rule in RULES for d in rule.check(context)]


CARD = "[card region=”EG” bg-color=”#0c3278″ label=”تم تحديث البيانات في :”]"
FIXED_CARD = '[card region="EG" bg-color="#0c3278" label="تم تحديث البيانات في :"]'


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (f"{CARD}\n".encode(), f"{FIXED_CARD}\n".encode()),
        (CARD.encode(), FIXED_CARD.encode()),
        (f"“a”\r\n{CARD}\r\n".encode(), f"“a”\r\n{FIXED_CARD}\r\n".encode()),
        (f"“a”\r{CARD}\r".encode(), f"“a”\r{FIXED_CARD}\r".encode()),
        (f"“a”\n{CARD}\r\n\r{CARD}".encode(), f"“a”\n{FIXED_CARD}\r\n\r{FIXED_CARD}".encode()),
        (f"\ufeff{CARD}\n".encode(), f"\ufeff{FIXED_CARD}\n".encode()),
        (f"\ufeff“a” {CARD}".encode(), f"\ufeff“a” {FIXED_CARD}".encode()),
        ("[card a=”1”\r\n b=”2″]\r\n".encode(), b'[card a="1"\r\n b="2"]\r\n'),
    ],
    ids=["lf", "no-final-newline", "crlf", "cr", "mixed", "bom", "bom-no-newline", "crlf-in-tag"],
)
def test_fixing_keeps_bom_line_endings_and_final_newline(data: bytes, expected: bytes) -> None:
    source = Source.from_bytes("post.txt", data)
    outcome = fix_text(source.text, lint_wordpress)
    assert source.encode(outcome.text) == expected
    again = Source.from_bytes("post.txt", expected)
    assert fix_text(again.text, lint_wordpress).text == again.text


PROSE = st.text(alphabet=st.sampled_from(list("ab ”“’\"'\r\n\t=مصרא«»\u00a0&#;[]")), max_size=30)


@settings(max_examples=150, deadline=None)
@given(
    pieces=st.lists(
        st.tuples(PROSE, st.sampled_from([CARD, "[x a=’v’ b=1]", "[y c=“d e” f=1]"])), max_size=4
    ),
    tail=PROSE,
)
def test_bytes_outside_edits_never_change(pieces: List[Tuple[str, str]], tail: str) -> None:
    text = "".join(prose + tag for prose, tag in pieces) + tail
    diagnostics = lint_wordpress(text)
    outcome = fix_text(text, lint_wordpress)
    chosen = [e for d in outcome.fixed if d.fix is not None for e in d.fix.edits]
    assert outcome.passes <= 1
    # The result is the original with the chosen edits applied, and each edit
    # turns one delimiter into a straight quote: nothing else moves.
    assert outcome.text == apply_edits(text, chosen)
    for change in chosen:
        assert change.content in ('"', "'")
        replaced = text[change.span.start : change.span.end]
        assert replaced and not any(c.isalnum() or c in " \t\r\n" for c in replaced)
    assert fix_text(outcome.text, lint_wordpress).text == outcome.text
    fixed_codes = {d.code for d in outcome.fixed}
    assert fixed_codes <= {d.code for d in diagnostics} | {"QT001", "QT002", "QT003", "QT004"}
    # No new error appears.
    before = {d.code for d in diagnostics if d.severity is Severity.ERROR}
    after = {d.code for d in outcome.remaining if d.severity is Severity.ERROR}
    assert after <= before
