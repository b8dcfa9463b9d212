"""SC011 shortcode-in-code: input, expected (line, column, code), fixed text."""

from __future__ import annotations

from dataclasses import replace
from typing import Dict, List, Tuple

import pytest

from contentlint import hugo, wordpress
from contentlint.index import DocumentIndex
from contentlint.linter import check_text
from contentlint.model import Applicability, Dialect, Document, Shortcode, Span
from contentlint.rules import BY_CODE
from contentlint.rules.base import RuleContext
from contentlint.rules.code import RULES, shortcode_in_code
from contentlint.settings import Settings
from contentlint.source import Source


def _check(text: str, document: Document) -> Tuple[List[Tuple[int, int, str]], str]:
    """(line, column, code) of each diagnostic, and the text with all fixes applied."""
    source = Source.from_text("post.md", text)
    context = RuleContext(source, document, Settings())
    found = list(shortcode_in_code.check(context))
    positions = [(*source.position(d.span.start), d.code) for d in found]
    edits = [edit for d in found if d.fix is not None for edit in d.fix.edits]
    fixed = text
    for edit in sorted(edits, key=lambda e: e.span.start, reverse=True):
        fixed = fixed[: edit.span.start] + edit.content + fixed[edit.span.end :]
    return positions, fixed


WORDPRESS = [
    # (text, known, expected diagnostics, fixed text)
    ("Write `[gallery]`.", ("gallery",), [(1, 8, "SC011")], "Write `[[gallery]]`."),
    (
        "```\n[box a=1]x[/box]\n```",
        (),
        [(2, 1, "SC011")],
        "```\n[[box a=1]x[/box]]\n```",
    ),
    ("<code>[box a=1]</code>", (), [(1, 7, "SC011")], "<code>[[box a=1]]</code>"),
    ("<pre>\n  [box a=1]\n</pre>", (), [(2, 3, "SC011")], "<pre>\n  [[box a=1]]\n</pre>"),
    ("`[[gallery]]` is how to show it", ("gallery",), [], "`[[gallery]]` is how to show it"),
    ("[gallery] outside code", ("gallery",), [], "[gallery] outside code"),
    (
        "[box a=1]see `[inner]`[/box]",
        ("inner",),
        [(1, 15, "SC011")],
        "[box a=1]see `[[inner]]`[/box]",
    ),
    (
        "```\n[box a=1]\n[inner b=2]\n```",
        (),
        [(2, 1, "SC011"), (3, 1, "SC011")],
        "```\n[[box a=1]]\n[[inner b=2]]\n```",
    ),
]


@pytest.mark.parametrize(("text", "known", "expected", "fixed"), WORDPRESS)
def test_wordpress(
    text: str, known: Tuple[str, ...], expected: List[Tuple[int, int, str]], fixed: str
) -> None:
    assert _check(text, wordpress.parse(text, known)) == (expected, fixed)


def test_the_fix_is_unsafe_and_the_escaped_shortcode_is_no_longer_reported() -> None:
    text = 'Write `[gallery ids="1"]` here.'
    document = wordpress.parse(text, ("gallery",))
    source = Source.from_text("post.md", text)
    (diagnostic,) = shortcode_in_code.check(RuleContext(source, document, Settings()))
    assert diagnostic.fix is not None
    assert diagnostic.fix.applicability is Applicability.UNSAFE
    assert diagnostic.note is not None and "WordPress will run it" in diagnostic.note
    _, fixed = _check(text, document)
    assert _check(fixed, wordpress.parse(fixed, ("gallery",)))[0] == []
    (shown,) = wordpress.parse(fixed, ("gallery",), strict=True).shortcodes
    assert shown.escaped


HUGO_TEMPLATES: Dict[str, bool] = {"figure": False, "notice": True, "qr": True}

HUGO = [
    (
        'Use `{{< figure src="a.png" >}}`.',
        [(1, 6, "SC011")],
        'Use `{{</* figure src="a.png" */>}}`.',
    ),
    (
        "```\n{{% notice info %}}Hi{{% /notice %}}\n```",
        [(2, 1, "SC011")],
        "```\n{{%/* notice info */%}}Hi{{%/* /notice */%}}\n```",
    ),
    ("<pre>{{< qr text=x />}}</pre>", [(1, 6, "SC011")], "<pre>{{</* qr text=x /*/>}}</pre>"),
    ("`{{</* figure */>}}` is escaped", [], "`{{</* figure */>}}` is escaped"),
    ('{{< figure src="a.png" >}} outside', [], '{{< figure src="a.png" >}} outside'),
]


@pytest.mark.parametrize(("text", "expected", "fixed"), HUGO)
def test_hugo(text: str, expected: List[Tuple[int, int, str]], fixed: str) -> None:
    document = hugo.parse(text, HUGO_TEMPLATES)
    assert document.dialect is Dialect.HUGO
    assert _check(text, document) == (expected, fixed)
    if expected:
        assert _check(fixed, hugo.parse(fixed, HUGO_TEMPLATES))[0] == []


def _hugo_occurrence(text: str, name: str, after: int = 0) -> Shortcode:
    """``{{< name >}}…{{< /name >}}`` found at or after ``after``, as Hugo's parser reports it."""
    open_text, close_text = f"{{{{< {name} >}}}}", f"{{{{< /{name} >}}}}"
    start = text.index(open_text, after)
    open_span = Span(start, start + len(open_text))
    close_start = text.index(close_text, open_span.end)
    close_span = Span(close_start, close_start + len(close_text))
    name_start = start + 4
    return Shortcode(
        dialect=Dialect.HUGO,
        name=name,
        span=Span(start, close_span.end),
        open_span=open_span,
        name_span=Span(name_start, name_start + len(name)),
        attributes_span=Span(name_start + len(name), open_span.end - 3),
        attributes=(),
        form="enclosing",
        notation="<",
        close_span=close_span,
        content_span=Span(open_span.end, close_span.start),
    )


def test_hugo_document_built_by_hand() -> None:
    text = "~~~\n{{< tab >}}x{{< /tab >}}\n~~~\n{{< tab >}}y{{< /tab >}}"
    inside = _hugo_occurrence(text, "tab")
    outside = _hugo_occurrence(text, "tab", inside.span.end)
    document = Document(Dialect.HUGO, (inside, outside))
    assert _check(text, document) == (
        [(2, 1, "SC011")],
        "~~~\n{{</* tab */>}}x{{</* /tab */>}}\n~~~\n{{< tab >}}y{{< /tab >}}",
    )


def test_code_spans_come_from_the_document_or_are_computed_once() -> None:
    text = "`[gallery]`"
    source = Source.from_text("post.md", text)
    document = wordpress.parse(text, ("gallery",))
    assert document.code_spans  # the document's own regions are used as they are
    without = replace(document, code_spans=())
    # The document index's answer is used, an empty one too (no code found).
    context = RuleContext(source, without, Settings(), document_index=DocumentIndex(text, ()))
    assert list(shortcode_in_code.check(context)) == []
    fresh = RuleContext(source, without, Settings())
    assert [d.code for d in shortcode_in_code.check(fresh)] == ["SC011"]
    assert fresh.index.code_spans == document.code_spans


def test_rule_registration() -> None:
    assert (shortcode_in_code,) == RULES
    assert BY_CODE["SC011"] is shortcode_in_code
    assert shortcode_in_code.name == "shortcode-in-code"
    assert shortcode_in_code.fix_availability == "unsafe"
    for section in ("## What it does", "## Why is this bad?", "## Example", "## Use instead",
                    "## Fix safety"):  # fmt: skip
        assert section in shortcode_in_code.doc


DOCS_PAGE = "Unpack it:\n\n```\ntar -xzf app_{{% param vers %}}.tar.gz\n```\n"


def test_off_by_default_because_documentation_uses_it_on_purpose() -> None:
    assert shortcode_in_code.default_enabled is False
    assert [d.code for d in check_text(DOCS_PAGE, "docs/install.md", dialect="hugo")] == []
    # A prefix does not turn it on; its exact code does.
    assert check_text(DOCS_PAGE, "docs/install.md", dialect="hugo", select=("SC",)) == []
    found = check_text(DOCS_PAGE, "docs/install.md", dialect="hugo", extend_select=("SC011",))
    assert [d.code for d in found] == ["SC011"]


def test_the_documentation_says_when_to_turn_it_on() -> None:
    assert "## When to turn it on" in shortcode_in_code.doc
    assert 'extend-select = ["SC011"]' in shortcode_in_code.doc
