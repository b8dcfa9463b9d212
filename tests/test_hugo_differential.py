"""The Hugo parser against real Hugo on generated content.

Each example is a batch of pages built by Hugo in one call.  For a page Hugo
accepts, the shortcodes (names, typed parameters, inner content, forms) must
be the same; for a page Hugo rejects, contentlint must predict Hugo's first
error, message and ``line:column``, and record a problem for it.
"""

from __future__ import annotations

from typing import Any, Dict, List

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from contentlint import hugo
from contentlint.model import Shortcode
from tests.oracles import engines

REASON = engines.hugo_unavailable_reason()
pytestmark = pytest.mark.skipif(REASON is not None, reason=f"Hugo is not available: {REASON}")

# Names the oracle site defines; "zz" has no template at all.
TEMPLATES: Dict[str, bool] = {"wrap": True, "box": True, "pic": False, "note": False}
INNER = ["wrap", "box"]
SINGLE = ["pic", "note"]

words = st.sampled_from(
    ["a", "b1", "x-y", "v1.2", "-id_9", "42", "3.14", "true", "False", "007", ".5"]
)
spaces = st.sampled_from([" ", "  ", "\n", " \t", "\r\n  "])
quoted_text = st.text(
    alphabet=st.sampled_from([*"ab c-./:%>}{<=#'", "\u201d", "\u0645", "\\"]), max_size=8
)


@st.composite
def value(draw: st.DrawFn, named: bool) -> str:
    form = draw(st.sampled_from(["bare", "quoted", "raw", "escaped", "unquoted"]))
    if form == "bare":
        return draw(words)
    if form == "quoted":
        body = draw(quoted_text).replace('"', "").replace("\\", "")
        return f'"{body}"'
    if form == "raw":
        return "`" + draw(quoted_text).replace("`", "") + "`"
    if form == "escaped":
        return '\\"' + draw(st.sampled_from(["hi", "a b", ""])) + '\\"'
    if named:
        return draw(st.sampled_from(["https://x.y/a?b=1", "a'b", "\u201ca\u201d", "50%", "x=y"]))
    return draw(words)


@st.composite
def parameters(draw: st.DrawFn) -> str:
    count = draw(st.integers(0, 3))
    named = draw(st.booleans())
    parts: List[str] = []
    for _ in range(count):
        mixed = draw(st.integers(0, 15)) == 0
        is_named = named != mixed
        written = draw(value(is_named))
        if is_named:
            key = draw(st.sampled_from(["src", "alt", "data-x", "t\u00edtulo", "k.v"]))
            equals = draw(st.sampled_from(["=", "=", "=", " = ", "= "]))
            parts.append(f"{key}{equals}{written}")
        else:
            parts.append(written)
    return "".join(draw(spaces) + part for part in parts)


@st.composite
def tag(draw: st.DrawFn, depth: int) -> str:
    markdown = draw(st.booleans()) if depth == 0 else False
    left, right = ("{{%", "%}}") if markdown else ("{{<", ">}}")
    accident = draw(st.integers(0, 25))
    if accident == 0:
        right = "%}}" if right == ">}}" else ">}}"
    elif accident == 1:
        return f"{left} {draw(st.sampled_from(INNER + SINGLE))}\u00a0x=1 {right}"
    elif accident == 2:
        return f'{left} pic src="a.png {right}'
    elif accident == 3:
        return f"{left} zz {right}"
    elif accident == 4:
        return f"{left}/* {draw(st.sampled_from(INNER))} x=1 */{right}"
    elif accident == 5:
        return f"{left} /{draw(st.sampled_from(INNER + SINGLE))} {right}"
    elif accident == 6:
        return f"{left} {draw(st.sampled_from(SINGLE))} \u201ca b\u201d {right}"
    name = draw(st.sampled_from(INNER + SINGLE))
    params = draw(parameters())
    space = draw(spaces)
    if name in SINGLE:
        closing = draw(st.integers(0, 20))
        if closing == 0:
            return f"{left} {name}{params} /{right}"
        if closing == 1:
            return f"{left} {name}{params}{space}{right}x{left} /{name} {right}"
        return f"{left} {name}{params}{space}{right}"
    form = draw(st.sampled_from(["self", "enclosing", "enclosing", "unclosed"]))
    if form == "unclosed" and draw(st.integers(0, 3)) != 0:
        form = "enclosing"
    if form == "self":
        return f"{left} {name}{params} /{right}"
    opening = f"{left} {name}{params}{space}{right}"
    if form == "unclosed":
        return opening
    content = draw(body(depth + 1)) if depth < 2 else draw(junk)
    close_left = draw(st.sampled_from([left, "{{<"]))
    close_right = ">}}" if close_left == "{{<" else "%}}"
    return f"{opening}{content}{close_left} /{name} {close_right}"


junk = st.one_of(
    st.text(alphabet=st.sampled_from(list("ab \n.-*#{}<>%\"'\u0627")), max_size=12).filter(
        lambda text: "{{" not in text and not text.endswith("{") and "<!--" not in text
    ),
    st.sampled_from(["<!--more-->", "\n  ", "{{ .Title }}"]),
)


@st.composite
def body(draw: st.DrawFn, depth: int = 0) -> str:
    pieces = draw(st.lists(st.one_of(junk, tag(depth)), min_size=1, max_size=4))
    text = ""
    for piece in pieces:
        if text.endswith("{") and piece.startswith("{"):
            text += " "
        text += piece
    return text


def hugo_position(text: str, offset: int) -> str:
    before = text[:offset]
    line_start = before.rfind("\n") + 1
    return f"{before.count(chr(10)) + 1}:{len(before[line_start:].encode('utf-8')) + 1}"


def as_case(shortcode: Shortcode, text: str) -> Dict[str, Any]:
    named = any(attribute.name is not None for attribute in shortcode.attributes)
    params: Any = (
        {a.name: hugo.typed_value(a) for a in shortcode.attributes if a.name is not None}
        if named
        else [hugo.typed_value(a) for a in shortcode.attributes]
    )
    inner: Any = None
    if shortcode.form == "enclosing" and shortcode.content_span is not None:
        inner = []
        position = shortcode.content_span.start
        pieces: List[Any] = []
        for child in shortcode.children:
            pieces.append(text[position : child.span.start])
            if child.escaped:
                # Hugo hands an escaped tag on as text, without the comment markers.
                opening, closing = (
                    text[child.span.start : child.span.start + 3],
                    text[child.span.end - 3 : child.span.end],
                )
                pieces.append(
                    opening + text[child.open_span.start + 5 : child.open_span.end - 5] + closing
                )
            else:
                pieces.append(as_case(child, text))
            position = child.span.end
        pieces.append(text[position : shortcode.content_span.end])
        for piece in pieces:
            if isinstance(piece, str) and inner and isinstance(inner[-1], str):
                inner[-1] += piece
            elif piece != "":
                inner.append(piece)
    return {
        "name": shortcode.name,
        "params": params,
        "inner": inner,
        "self_closing": shortcode.form == "self-closing",
        "markdown": shortcode.notation == "%",
    }


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.lists(body(), min_size=20, max_size=30))
# Pages seen to disagree before a closing tag closed the innermost open
# shortcode: a mistyped self-closing tag with mixed parameters, and a closing
# tag that closes an outer shortcode around an unclosed inner one.
@example(
    [
        "{{< wrap a src = \u201ca\u201d src=a /%}}",
        "{{< wrap >}}{{< box >}}{{< /wrap >}}{{< wrap >}}{{< note >}}x{{< /note >}}{{< /wrap >}}",
    ]
)
def test_parser_agrees_with_hugo(pages: List[str]) -> None:
    results = engines.hugo_extract(pages, TEMPLATES)
    for page, result in zip(pages, results):
        analysis = hugo.analyze(page, TEMPLATES, front_matter=False)
        if "error" in result:
            assert analysis.engine_errors, (page, result)
            first = analysis.engine_errors[0]
            assert (first.message, hugo_position(page, first.offset)) == (
                result["error"],
                result["at"],
            ), page
            if first.code not in (None, "SD002", "QT"):
                assert analysis.document.problems, page
            continue
        assert not analysis.engine_errors, (page, analysis.engine_errors)
        if result.get("structure_unknown"):
            continue
        comparable = engines.hugo_comparable(result)
        got = [as_case(s, page) for s in analysis.document.shortcodes if not s.escaped]
        assert got == comparable["tags"], page
