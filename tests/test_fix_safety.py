"""Fix safety, proved on generated content (SPEC "Fixing", issue "Fix safety, proved").

A fix changes nothing but its edits: no line break outside them changes kind,
appears or disappears (not even when an edit joins a ``\\r`` to a ``\\n`` or
splits a CR/LF pair), and no byte order mark appears or vanishes.  A safe fix
edits inside tag syntax only when that is its purpose.  After the safe fixes,
no new error appears unless the message of an error before said that more
may follow once it is fixed.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Dict, List, Sequence, Tuple

import test_properties
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from contentlint.fixer import fix_text
from contentlint.linter import check, linter_for, parse
from contentlint.model import MORE_MAY_FOLLOW, Applicability, Diagnostic, Edit, Severity
from contentlint.source import Source

# Pieces that make line breaks, BOMs and tags meet the characters fixes remove.
PIECES = [
    "\r",
    "\n",
    "\r\n",
    "\ufeff",
    "\u202c",
    "\u2069",
    "\u200b",
    "\u200f",
    "\u202e",
    "[card",
    "[box",
    "[/box]",
    "]",
    " ",
    "region=",
    "rtl=",
    '"',
    "'",
    "\u201d",
    "\u2033",
    "&#8221;",
    "EG",
    "true",
    "\u0645\u0635\u0631",
    "{{< card",
    "{{< box >}}",
    "{{< /box >}}",
    " >}}",
    "<!-- contentlint-disable-line -->",
    "<!-- contentlint-disable-next-line QT001 -->",
    "<!-- contentlint-enable -->",
    "`",
    "x",
]

TEXT = st.lists(st.sampled_from(PIECES), max_size=30).map("".join)

# The plain settings, and a site that knows card and box and enables every rule.
CONTEXTS = test_properties.CONTEXTS

_BREAK = re.compile(r"\r\n|\r|\n")


def _breaks(text: str) -> Dict[int, str]:
    return {match.start(): match.group() for match in _BREAK.finditer(text)}


def _mapping(length: int, edits: Sequence[Edit]) -> Tuple[List[int], List[Tuple[int, int]]]:
    """New offset of each old offset outside the edits (-1 inside), and the new inserted ranges."""
    new_offset = [-1] * (length + 1)
    inserted: List[Tuple[int, int]] = []
    old = new = 0
    for edit in sorted(edits, key=lambda e: (e.span.start, e.span.end)):
        while old < edit.span.start:
            new_offset[old] = new
            old += 1
            new += 1
        inserted.append((new, new + len(edit.content)))
        new += len(edit.content)
        old = edit.span.end
    while old <= length:
        new_offset[old] = new
        old += 1
        new += 1
    return new_offset, inserted


def assert_only_edits_changed(before: str, after: str, edits: Sequence[Edit]) -> None:
    """Each line break outside the edits is still there, of the same kind; no other is new."""
    new_offset, inserted = _mapping(len(before), edits)
    expected: Dict[int, str] = {}
    for start, kind in _breaks(before).items():
        if all(new_offset[i] >= 0 for i in range(start, start + len(kind))):
            expected[new_offset[start]] = kind
    actual = _breaks(after)
    for start, kind in actual.items():
        if any(low <= start and start + len(kind) <= high for low, high in inserted):
            continue  # a line break the fix itself writes
        assert expected.get(start) == kind, (before, after, start, kind)
    for start, kind in expected.items():
        assert actual.get(start) == kind, (before, after, start, kind)


def _applied(diagnostic: Diagnostic, unsafe: bool) -> bool:
    fix = diagnostic.fix
    return fix is not None and (unsafe or fix.applicability is Applicability.SAFE)


@settings(
    max_examples=800,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(TEXT, st.sampled_from([0, 1]), st.booleans(), st.booleans())
@example('[card a="x\u202e"]\r\u202c\n', 0, False, False)
@example("\u202c\ufeffabc", 0, False, False)
@example("\u202c\r\n", 1, False, True)
def test_a_fix_changes_no_line_break_and_no_bom_outside_its_edits(
    text: str, which: int, unsafe: bool, bom: bool
) -> None:
    context = CONTEXTS[which]
    source = Source.from_text("post.md", ("\ufeff" if bom else "") + text)
    current = source.text
    for _ in range(4):  # pass by pass, so that each pass's edits are known
        outcome = fix_text(current, linter_for(source, context), unsafe=unsafe, max_passes=1)
        if not outcome.fixed:
            break
        edits = [edit for d in outcome.fixed if d.fix for edit in d.fix.edits]
        assert_only_edits_changed(current, outcome.text, edits)
        # The BOM is neither made nor lost: the bytes read back as the same text.
        written = source.with_text(outcome.text).encode()
        assert Source.from_bytes("post.md", written).text == outcome.text
        current = outcome.text


@settings(max_examples=600, deadline=None, derandomize=True)
@given(TEXT, st.sampled_from([0, 1]))
@example('[card a="<!-- contentlint-disable-line -->"]', 0)
@example("{{< card a=<!-- contentlint-disable-line --> >}}", 1)
@example("<!-- contentlint-disable-line {{< card >}} -->\n", 0)
def test_a_suppression_fix_never_edits_inside_tag_syntax(text: str, which: int) -> None:
    context = CONTEXTS[which]
    source = Source.from_text("post.md", text)
    tags = [tag.span for tag in parse(source, context).raw_tags]
    for diagnostic in check(source, context):
        if diagnostic.code != "CL001" or diagnostic.fix is None:
            continue
        for edit in diagnostic.fix.edits:
            for tag in tags:
                assert not (edit.span.start < tag.end and tag.start < edit.span.end), (
                    text,
                    edit,
                    tag,
                )


def _errors(diagnostics: Sequence[Diagnostic]) -> Counter[str]:
    return Counter(d.code for d in diagnostics if d.severity is Severity.ERROR)


@settings(
    max_examples=800,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(TEXT, st.sampled_from([0, 1]))
def test_safe_fixes_bring_no_new_error_unless_announced(text: str, which: int) -> None:
    context = CONTEXTS[which]
    source = Source.from_text("post.md", text)
    before = check(source, context)
    outcome = fix_text(source.text, linter_for(source, context))
    if not outcome.converged:
        return
    new = _errors(outcome.remaining) - _errors(before)
    if new:
        announced = [d for d in before if MORE_MAY_FOLLOW in d.message]
        assert announced, (text, outcome.text, sorted(new), [d.message for d in before])
