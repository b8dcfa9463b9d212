"""BD001-BD003: overrides, unbalanced embeddings and isolates, stray closers (rtl.md §3)."""

from __future__ import annotations

from typing import List, Sequence, Tuple

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from contentlint import frontmatter, hugo
from contentlint.model import Applicability, Diagnostic, Dialect, Document, Problem, Span
from contentlint.rules import bidi
from contentlint.rules.base import Rule, RuleContext
from contentlint.settings import Settings
from contentlint.source import Source

LRE, RLE, PDF, LRO, RLO = "\u202a", "\u202b", "\u202c", "\u202d", "\u202e"
LRI, RLI, FSI, PDI = "\u2066", "\u2067", "\u2068", "\u2069"
LRM, RLM, ALM, ZWNJ, ZWJ = "\u200e", "\u200f", "\u061c", "\u200c", "\u200d"

TROJAN_COMMENTING_OUT = f"/*{RLO} }} {LRI}if (isAdmin){PDI} {LRI} begin admins only */"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The example outputs of research/rtl.md §3.4.
        (
            TROJAN_COMMENTING_OUT,
            [(2, "override", "RLO"), (2, "unterminated", "RLO"), (21, "unterminated", "LRI")],
        ),
        (f"Name: {RLI}مصر{PDI} (EG)", []),
        (f"x {RLE}نص{PDF} y", []),
        (f"{RLM}مرحبا{LRM} abc", []),
        (f"{LRI}a{RLE}b{PDI} c", []),  # the PDI also closes the RLE opened inside its isolate
        (f"abc{PDF}", [(3, "stray-close", "PDF")]),
        (f"{RLI}مصر\nsecond line{PDI}", [(0, "unterminated", "RLI"), (16, "stray-close", "PDI")]),
        # A PDF does not close an embedding from outside the innermost isolate.
        (f"{RLE}a{LRI}b{PDF}{PDI}{PDF}", [(4, "stray-close", "PDF")]),
        # Every paragraph separator ends what is open; U+2028 LINE SEPARATOR does not.
        (f"{RLI}a\u2029b{PDI}", [(0, "unterminated", "RLI"), (4, "stray-close", "PDI")]),
        (f"{RLI}a\u2028b{PDI}", []),
        (f"{RLI}a\r\nb", [(0, "unterminated", "RLI")]),
        # Marks and joiners are not stateful: Persian with ZWNJ, ALM before digits.
        (f"می{ZWNJ}خواهم کتاب{ZWNJ}ها {ALM}١٢٣ {ZWJ}", []),
        ("", []),
        ("plain ascii", []),
    ],
)
def test_scan_bidi(text: str, expected: List[Tuple[int, str, str]]) -> None:
    found = [(f.offset, f.kind, f.abbreviation) for f in bidi.scan_bidi(text)]
    assert found == expected


def test_attribute_values_are_atoms_of_their_own() -> None:
    text = f'[card a="{RLI}مصر" b="{PDI}"]'
    a_value = Span(text.index(RLI), text.index('" b'))
    b_value = Span(text.index(PDI), text.index(PDI) + 1)
    atoms = [bidi.Atom(a_value, bidi.ATTRIBUTE_VALUE), bidi.Atom(b_value, bidi.ATTRIBUTE_VALUE)]
    # Balanced as a line, but not within each value.
    assert bidi.scan_bidi(text) == []
    found = [(f.offset, f.kind, f.atom_kind) for f in bidi.scan_bidi(text, atoms)]
    assert found == [
        (a_value.start, "unterminated", "attribute value"),
        (b_value.start, "stray-close", "attribute value"),
    ]


def test_controls_inside_ignored_spans_are_left_to_other_rules() -> None:
    text = f"[card{PDI} a=1]"
    at = text.index(PDI)
    assert bidi.scan_bidi(text, ignore=[Span(at, at + 1)]) == []


def test_deep_nesting_is_linear_and_reported_once_per_atom() -> None:
    text = RLE * 20000 + "x" + PDI * 20000
    found = bidi.scan_bidi(text)
    unterminated = [f for f in found if f.kind == "unterminated"]
    assert len(unterminated) == 20000
    assert len({f.group for f in unterminated}) == 1


def _plain(text: str) -> Document:
    return Document(Dialect.WORDPRESS, (), front_matter=frontmatter.split(text))


def _hugo(text: str) -> Document:
    return hugo.parse(text)


def _run(rule: Rule, text: str, document: Document) -> List[Diagnostic]:
    source = Source.from_text("post.md", text)
    return list(rule.check(RuleContext(source, document, Settings())))


def _apply(text: str, diagnostics: Sequence[Diagnostic]) -> str:
    edits = sorted(
        (edit for d in diagnostics if d.fix is not None for edit in d.fix.edits),
        key=lambda edit: edit.span.start,
        reverse=True,
    )
    for edit in edits:
        text = text[: edit.span.start] + edit.content + text[edit.span.end :]
    return text


def _located(text: str, diagnostics: Sequence[Diagnostic]) -> List[Tuple[int, int, str]]:
    source = Source.from_text("post.md", text)
    return [(*source.position(d.span.start), d.code) for d in diagnostics]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (TROJAN_COMMENTING_OUT, [(1, 3, "BD001")]),
        (f"a {RLO}{RLO}{LRO} b {RLO}", [(1, 3, "BD001"), (1, 9, "BD001")]),  # one per run
        (f'---\ntitle: "{LRO}x"\n---\nbody\n', [(2, 9, "BD001")]),  # front matter too
        (f"{RLI}a{PDI} {RLM}b", []),
    ],
)
def test_bd001_reports_each_run_of_overrides(
    text: str, expected: List[Tuple[int, int, str]]
) -> None:
    found = _run(bidi.bidi_override, text, _plain(text))
    assert _located(text, found) == expected
    assert all(d.fix is None for d in found)


def test_bd001_names_the_character_and_what_it_does() -> None:
    text = f"x{RLO}y"
    [diagnostic] = _run(bidi.bidi_override, text, _plain(text))
    assert diagnostic.note is not None
    assert diagnostic.note.startswith("U+202E RIGHT-TO-LEFT OVERRIDE (overrides the direction")
    assert RLO not in diagnostic.message + diagnostic.note
    # LRO forces left to right; it does not reverse anything.
    text = f"x{LRO}y"
    [diagnostic] = _run(bidi.bidi_override, text, _plain(text))
    assert diagnostic.note is not None
    assert "forcing every letter left to right" in diagnostic.note
    assert "revers" not in diagnostic.note + diagnostic.message


@pytest.mark.parametrize(
    ("text", "expected", "fixed"),
    [
        (
            TROJAN_COMMENTING_OUT + "\nnext",
            [(1, 3, "BD002")],  # one diagnostic for the atom, closers innermost first
            TROJAN_COMMENTING_OUT + PDI + PDF + "\nnext",
        ),
        (
            f"a {RLI}مصر\r\nb {LRE}x",
            [(1, 3, "BD002"), (2, 3, "BD002")],
            f"a {RLI}مصر{PDI}\r\nb {LRE}x{PDF}",
        ),
        (
            f'---\ntitle: "{RLI}مصر"\n---\nbody\n',
            [(2, 9, "BD002")],
            f'---\ntitle: "{RLI}مصر{PDI}"\n---\nbody\n',
        ),
        (f"{RLI}a{PDI} {RLE}b{PDF}", [], f"{RLI}a{PDI} {RLE}b{PDF}"),
    ],
)
def test_bd002_closes_at_the_end_of_the_atom(
    text: str, expected: List[Tuple[int, int, str]], fixed: str
) -> None:
    found = _run(bidi.unbalanced_bidi_control, text, _plain(text))
    assert _located(text, found) == expected
    assert all(d.fix is not None and d.fix.applicability is Applicability.UNSAFE for d in found)
    assert _apply(text, found) == fixed
    assert _run(bidi.unbalanced_bidi_control, fixed, _plain(fixed)) == []


def test_bd002_in_a_hugo_attribute_value() -> None:
    text = f'{{{{< figure title="{RLI}مصر" >}}}} {PDI}\n'
    text = "---\ntitle: x\n---\n" + text
    document = _hugo(text)
    unbalanced = _run(bidi.unbalanced_bidi_control, text, document)
    stray = _run(bidi.stray_bidi_close, text, document)
    assert [d.note for d in unbalanced] == [
        "U+2067 RIGHT-TO-LEFT ISOLATE (isolates the text after it as right-to-left) "
        "is not closed before the end of the attribute value"
    ]
    assert len(stray) == 1
    fixed = _apply(text, unbalanced + stray)
    assert f'title="{RLI}مصر{PDI}" >}}}} \n' in fixed
    document = _hugo(fixed)
    assert _run(bidi.unbalanced_bidi_control, fixed, document) == []
    assert _run(bidi.stray_bidi_close, fixed, document) == []


@pytest.mark.parametrize(
    ("text", "expected", "fixed"),
    [
        (f"abc{PDF}", [(1, 4, "BD003")], "abc"),
        (f"a{PDI}{PDI}{PDF} b{PDI}", [(1, 2, "BD003"), (1, 7, "BD003")], "a b"),  # one per run
        (f"{RLI}مصر\nsecond{PDI}", [(2, 7, "BD003")], f"{RLI}مصر\nsecond"),
        (f"{RLI}a{PDI}", [], f"{RLI}a{PDI}"),
    ],
)
def test_bd003_removes_stray_closers(
    text: str, expected: List[Tuple[int, int, str]], fixed: str
) -> None:
    found = _run(bidi.stray_bidi_close, text, _plain(text))
    assert _located(text, found) == expected
    assert all(d.fix is not None and d.fix.applicability is Applicability.SAFE for d in found)
    assert _apply(text, found) == fixed


def test_marks_and_joiners_in_prose_are_never_reported() -> None:
    text = f"{RLM}مرحبا{LRM} abc {ALM}١٢٣ می{ZWNJ}خواهم 👨{ZWJ}👩\n"
    document = _plain(text)
    for rule in bidi.RULES:
        assert _run(rule, text, document) == []


def test_bd002_has_no_fix_for_a_line_that_ends_inside_a_tag() -> None:
    from contentlint import wordpress

    text = f"{LRE}[card \n[/card]"
    [diagnostic] = _run(bidi.unbalanced_bidi_control, text, wordpress.parse(text))
    assert diagnostic.fix is None


def test_sc009_characters_are_not_reported_again() -> None:
    text = f"[card{PDI} a=1]\n"
    at = text.index(PDI)
    document = Document(
        Dialect.WORDPRESS, (), problems=(Problem("SC009", Span(at, at + 1), "invisible"),)
    )
    assert _run(bidi.stray_bidi_close, text, document) == []
    assert _run(bidi.stray_bidi_close, text, _plain(text)) != []


def test_rules_are_in_code_order() -> None:
    assert [rule.code for rule in bidi.RULES] == ["BD001", "BD002", "BD003"]
    for rule in bidi.RULES:
        for section in (
            "## What it does",
            "## Why is this bad?",
            "## Example",
            "## Use instead",
            "## Fix safety",
        ):
            assert section in rule.doc


_PIECES = [
    "a",
    " ",
    "\n",
    "\r\n",
    '"',
    "'",
    "[card ",
    "]",
    "[/card]",
    'x="',
    "مصر",
    "\u2029",
    LRE,
    RLE,
    PDF,
    LRO,
    RLO,
    LRI,
    RLI,
    FSI,
    PDI,
    RLM,
    ZWNJ,
    "---\n",
    "title: ",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=60).map("".join))
def test_bidi_rules_on_arbitrary_text(text: str) -> None:
    from contentlint import wordpress

    document = wordpress.parse(text)
    found = [d for rule in bidi.RULES for d in _run(rule, text, document)]
    for diagnostic in found:
        assert 0 <= diagnostic.span.start < diagnostic.span.end <= len(text)
        for edit in diagnostic.fix.edits if diagnostic.fix else ():
            assert 0 <= edit.span.start <= edit.span.end <= len(text)
    stray = [d for d in found if d.code == "BD003"]
    without_stray = _apply(text, stray)
    assert _run(bidi.stray_bidi_close, without_stray, wordpress.parse(without_stray)) == []
    unbalanced = [d for d in found if d.code == "BD002"]
    closed = _apply(text, unbalanced)
    left = _run(bidi.unbalanced_bidi_control, closed, wordpress.parse(closed))
    assert len(left) <= sum(1 for d in unbalanced if d.fix is None)


@pytest.mark.parametrize(
    "text",
    [
        "[" * 10000 + RLI + "]" * 10000,
        (RLO + "x") * 50000,
        "a" * 1_000_000 + LRI,
        '[card x="' * 5000 + PDI,
    ],
    ids=["nested-brackets", "many-overrides", "long-line", "unclosed-values"],
)
def test_pathological_inputs_finish(text: str) -> None:
    document = Document(Dialect.WORDPRESS, ())
    for rule in bidi.RULES:
        for diagnostic in _run(rule, text, document):
            assert diagnostic.span.end <= len(text)


@pytest.mark.parametrize(
    ("text", "has_fix"),
    [
        ("x \u202bنص y", True),
        ("\u202b[gallery ids=", False),  # the closer would land in an unclosed tag
        ("\u2067{{< figure src=", False),
        ("\u2067[a link](x) مصر", True),
    ],
)
def test_bd002_fix_never_lands_in_an_unclosed_tag(text: str, has_fix: bool) -> None:
    from contentlint.linter import check_text

    found = [d for d in check_text(text) if d.code == "BD002"]
    assert len(found) == 1
    assert (found[0].fix is not None) is has_fix
