"""contentlint.markup: where text is code, and where it is an HTML comment."""

from __future__ import annotations

from typing import List

import pytest

from contentlint import markup
from contentlint.model import Span


def _code(text: str) -> List[str]:
    return [text[span.start : span.end] for span in markup.code_spans(text)]


CODE = [
    # (text, code regions)
    ("a `[x]` b", ["`[x]`"]),
    ("a ``[x] ` y`` b", ["``[x] ` y``"]),
    ("a `one` and `two`", ["`one`", "`two`"]),
    ("a ``mismatched` b", []),
    ("a \\`not code` b `code`", ["` b `"]),
    ("a `spans\na line` b", ["`spans\na line`"]),
    ("a `not\n\nacross paragraphs` b", []),
    ("```php\n[gallery]\n```\nafter", ["```php\n[gallery]\n```"]),
    ("~~~\n[x]\n~~~~\n", ["~~~\n[x]\n~~~~"]),
    ("````\n```\nstill code\n````", ["````\n```\nstill code\n````"]),
    ("```\nnever closed\n[x]", ["```\nnever closed\n[x]"]),
    ("~~~\n```\n~~~", ["~~~\n```\n~~~"]),
    ("``` a `b` ```\nnot a fence", ["``` a `b` ```"]),
    ("> ```\n> [x]\n> ```", ["```\n> [x]\n> ```"]),
    ("  ```\n  [x]\n  ```", ["```\n  [x]\n  ```"]),
    ("```\r\n[x]\r\n```\r\n", ["```\r\n[x]\r\n```"]),
    ("<code>[x]</code> text", ["<code>[x]</code>"]),
    ('<pre class="x">\n[x]\n</pre>', ['<pre class="x">\n[x]\n</pre>']),
    ("<PRE>[x]</Pre >", ["<PRE>[x]</Pre >"]),
    ("<kbd>Ctrl</kbd> <tt>x</tt>", ["<kbd>Ctrl</kbd>", "<tt>x</tt>"]),
    ("<pre><code>[x]</code></pre>", ["<pre><code>[x]</code></pre>"]),
    ("<code>never closed", []),
    ("<codex>[x]</codex> <preview>", []),
    ("<!-- <code> --> [x] </code>", []),
    ("`<code>` [x] </code>", ["`<code>`"]),
    ("```\n<code>\n```\n[x]</code>", ["```\n<code>\n```"]),
    ("no code at all", []),
    ("", []),
]


@pytest.mark.parametrize(("text", "regions"), CODE)
def test_code_spans(text: str, regions: List[str]) -> None:
    assert _code(text) == regions


def test_code_spans_are_sorted_and_disjoint() -> None:
    text = "<pre>`a` <code>b</code></pre> `c` ```x``` \n```\nd\n```"
    spans = markup.code_spans(text)
    assert list(spans) == sorted(spans)
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:]))


@pytest.mark.parametrize(
    ("text", "comments"),
    [
        ("a <!-- b --> c", ["<!-- b -->"]),
        ("a <!--> b", ["<!-->"]),
        ("a <!---> b", ["<!--->"]),
        ("<!-- a --><!-- b -->", ["<!-- a -->", "<!-- b -->"]),
        ("<!-- never closed [x]", ["<!-- never closed [x]"]),
        ("<!- not a comment -->", []),
    ],
)
def test_comment_spans(text: str, comments: List[str]) -> None:
    assert [text[s.start : s.end] for s in markup.comment_spans(text)] == comments


@pytest.mark.parametrize(
    ("offset", "inside"), [(0, False), (2, True), (4, True), (5, False), (9, True), (12, False)]
)
def test_offset_inside(offset: int, inside: bool) -> None:
    regions = (Span(2, 5), Span(8, 12))
    assert markup.offset_inside(offset, regions) is inside


@pytest.mark.parametrize(
    "text",
    [
        "`" * 100_000,
        "`a" * 50_000,
        "```\n" * 50_000,
        "<code" * 50_000,
        "<pre>" * 50_000,
        "<!--" * 50_000,
        "\\`" * 50_000,
        "a\r" * 50_000,
    ],
    ids=lambda text: repr(text[:6]),
)
def test_hostile_input_is_read(text: str) -> None:
    for span in markup.code_spans(text) + markup.comment_spans(text):
        assert 0 <= span.start < span.end <= len(text)


def test_code_spans_kept_for_one_text_are_not_given_to_another() -> None:
    first = "a `x` b"
    second = "```\ncode\n```"
    assert markup.code_spans(first) == (Span(2, 5),)
    assert markup.code_spans(second) == (Span(0, 12),)
    assert markup.code_spans(first) == (Span(2, 5),)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        # Text before the run: not a fence (the closing run alone is an opener).
        ("x ```\nnot a fence\n```", ["```"]),
        ("x\r```\ncode\r```", ["```\ncode\r```"]),
        ("> ```\nquoted\n> ```", ["```\nquoted\n> ```"]),
        # A backtick after the run: inline code, not a fence.
        ("``` a ` b\nx", []),
        ("a\n  ```\nb", ["```\nb"]),
    ],
)
def test_fences_are_found_after_any_line_break(text: str, code: List[str]) -> None:
    assert _code(text) == code
