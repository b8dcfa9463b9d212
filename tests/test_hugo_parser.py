"""The Hugo parser as a linter: recovery, spans, fixes and the problems Hugo does not list."""

from __future__ import annotations

from typing import Dict, List, Optional, Tuple

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from contentlint import hugo
from contentlint.model import Applicability, Attribute, Problem, Severity, Span
from contentlint.source import Source
from tests.test_hugo_build_verdict import bodies as verdict_bodies
from tests.test_hugo_differential import body as differential_body

TEMPLATES: Dict[str, bool] = {"box": True, "tabs": True, "tab": True, "pic": False, "note": False}


def positions(text: str, problems: Tuple[Problem, ...]) -> List[Tuple[str, int, int]]:
    source = Source.from_text("p.md", text)
    return [(problem.code, *source.position(problem.span.start)) for problem in problems]


def apply_fixes(text: str, problems: Tuple[Problem, ...]) -> str:
    edits = [edit for problem in problems if problem.fix for edit in problem.fix.edits]
    for edit in sorted(edits, key=lambda edit: edit.span.start, reverse=True):
        text = text[: edit.span.start] + edit.content + text[edit.span.end :]
    return text


@pytest.mark.parametrize(
    ("text", "templates", "expected"),
    [
        # One file, several broken tags: every one is reported, in order.
        (
            '{{< box title="a >}}\nx {{< note info %}}\n{{< pic src=a.png>}}\n{{< /zz >}}',
            TEMPLATES,
            [("SC002", 1, 16), ("SC010", 2, 17), ("SC001", 3, 1), ("SC004", 4, 1)],
        ),
        ("{{< box >}}\nText.\n", TEMPLATES, [("SC003", 1, 1)]),
        ('{{< pic src="a" />}}', TEMPLATES, [("SC012", 1, 1)]),
        ("{{< pic >}}x{{< /pic >}}", TEMPLATES, [("SC012", 1, 13)]),
        ("{{< box >}}x{{< /box >}}{{< /box >}}", TEMPLATES, [("SC004", 1, 25)]),
        ("{{< tabs >}}{{< tab >}}1{{< /tabs >}}{{< /tab >}}", TEMPLATES, [("SC005", 1, 25)]),
        ("{{< tabs >}}{{< tab >}}1{{< /tabs >}}{{< /tab >}}", None, [("SC005", 1, 25)]),
        # Hugo closes the innermost open shortcode whatever the closing tag's name:
        # "/box" closes "tab" (a warning), and "box" is left open (Hugo fails).
        ("{{< box >}}{{< tab >}}{{< /box >}}", TEMPLATES, [("SC003", 1, 1), ("SC004", 1, 23)]),
        ("{{< pic a=1 b=2 a=3 >}}", TEMPLATES, [("SC007", 1, 17)]),
        ('{{< pic "a.png" alt="A cat" >}}', TEMPLATES, [("SC008", 1, 17)]),
        ('{{< pic src = "a" b >}}', TEMPLATES, [("SC008", 1, 19)]),
        ("{{< >}}", TEMPLATES, [("SC006", 1, 1)]),
        ("{{< pic =x >}}", TEMPLATES, [("SC006", 1, 10)]),
        ("{{< my.figure >}}", TEMPLATES, [("SC006", 1, 5)]),
        ("{{< pic / extra >}}", TEMPLATES, [("SC006", 1, 11)]),
        ("{{< box >}}x{{< /box extra >}}", TEMPLATES, [("SC006", 1, 22)]),
        ("{{</* pic >}} and {{< pic >}}", TEMPLATES, [("SC006", 1, 1)]),
        ("{{< x.inline >}}{{< pic >}}{{< /x.inline >}}", TEMPLATES, [("SC006", 1, 17)]),
        ("{{< /pic >}}", TEMPLATES, [("SC004", 1, 1)]),
        ("{{< pic a=b\n", TEMPLATES, [("SC001", 1, 1)]),
        ('{{< pic a="x\\`y" >}}', TEMPLATES, [("SC006", 1, 12)]),
        # Quotes used as delimiters fail the build: the parser says how, and the
        # linter keeps it only when no quote rule reports the cause.
        ("{{< pic src=\u201ca.png\u201d alt=\u201cA cat\u201d >}}", TEMPLATES, [("SC008", 1, 28)]),
        ("{{< pic \u201chello\u201d >}}", TEMPLATES, [("SC006", 1, 9)]),
        ("{{< pic 'hello' >}}", TEMPLATES, [("SC006", 1, 9)]),
        ("{{< pic src='a b.png' >}}", TEMPLATES, [("SC008", 1, 16)]),
        ('{{< pic src="a.png\u201d >}}\nText', TEMPLATES, [("SC002", 1, 14)]),
        # Unknown names are the schema rules' business; without a site nothing is said about .Inner.
        ("{{< unknown >}}", TEMPLATES, []),
        ("{{< box >}}\nText.\n", None, []),
        ('{{< pic src="a" />}}', None, []),
        # After a recovered error the rest of the file is still read.
        ("{{< pic \u00a0>}} {{< box >}}", TEMPLATES, [("SC009", 1, 9), ("SC003", 1, 14)]),
    ],
)
def test_problems(
    text: str, templates: Optional[Dict[str, bool]], expected: List[Tuple[str, int, int]]
) -> None:
    document = hugo.parse(text, templates, front_matter=False)
    assert positions(text, document.problems) == expected


@pytest.mark.parametrize(
    ("text", "fixed"),
    [
        ("{{< note info %}}", "{{< note info >}}"),
        ("{{% note info >}}", "{{% note info %}}"),
        ('{{< pic src="a"\u00a0alt="b" >}}', '{{< pic src="a" alt="b" >}}'),
        ('{{< pic\u200f src="a" >}}', '{{< pic src="a" >}}'),
        ("{{<\u200b pic >}}", "{{< pic >}}"),
        ("{{< pic src=a.png\u200f >}}", "{{< pic src=a.png >}}"),
        ("{{< pic src=a.png\u00a0>}}", "{{< pic src=a.png >}}"),
        ("{{< pic a\u3000b >}}", "{{< pic a b >}}"),
        ('{{< pic src="a"\u200e\u00a0\u200falt="b" >}}', '{{< pic src="a" alt="b" >}}'),
    ],
)
def test_safe_fixes_repair_the_tag(text: str, fixed: str) -> None:
    document = hugo.parse(text, TEMPLATES, front_matter=False)
    assert len(document.problems) == 1
    problem = document.problems[0]
    assert problem.code in ("SC009", "SC010")
    assert problem.fix is not None and problem.fix.applicability is Applicability.SAFE
    assert apply_fixes(text, document.problems) == fixed
    assert hugo.parse(fixed, TEMPLATES, front_matter=False).problems == ()


@pytest.mark.parametrize(
    ("text", "message_part"),
    [
        ("{{< pic\u00a0>}}", "U+00A0 NO-BREAK SPACE"),
        ("{{< pic\u200f>}}", "U+200F RIGHT-TO-LEFT MARK"),
        ("{{< pic x=1\u061c >}}", "U+061C ARABIC LETTER MARK"),
        ('{{< box a="1" b=2 >}}x{{< /box >}}{{< box a=1 a=2 >}}{{< /box >}}', "given twice"),
        (
            '{{< pic a="abc\nx" >}}',
            "unterminated quoted string in shortcode parameter-argument: 'abc\\n'",
        ),
        ("{{< pic a=b", "reports it at the end of the file"),
        ("{{< pic src=a.png>}}", "runs into '>}}'"),
        ("{{< box >}}", 'shortcode \\"box\\" must be closed'.replace("\\", "")),
    ],
)
def test_messages_say_what_hugo_does(text: str, message_part: str) -> None:
    document = hugo.parse(text, TEMPLATES, front_matter=False)
    assert any(message_part in problem.message for problem in document.problems), document.problems


def test_invisible_characters_inside_values_are_content() -> None:
    text = '{{< pic caption="\u0645\u0631\u062d\u0628\u0627 \u200f!" title=a\u00a0b >}}'
    assert hugo.parse(text, TEMPLATES, front_matter=False).problems == ()


def test_raw_tags_include_rejected_tags() -> None:
    text = "{{< pic src=\u201ca.png\u201d alt=\u201cA cat\u201d >}} {{< note x=1 >}} {{< box"
    document = hugo.parse(text, TEMPLATES, front_matter=False)
    raw = [
        (tag.name, tag.accepted, text[tag.attributes_span.start : tag.attributes_span.end])
        for tag in document.raw_tags
    ]
    assert raw == [
        ("pic", False, " src=\u201ca.png\u201d alt=\u201cA cat\u201d "),
        ("note", True, " x=1 "),
    ]
    assert [shortcode.name for shortcode in document.shortcodes] == ["note"]


def test_rejected_tag_still_pairs_with_its_closing_tag() -> None:
    text = "{{< box title=\u201cA b\u201d >}}text{{< /box >}}"
    document = hugo.parse(text, TEMPLATES, front_matter=False)
    assert [problem.code for problem in document.problems] == ["SC008"]
    assert document.shortcodes == ()


def test_spans_count_code_points_in_arabic_text() -> None:
    text = (
        '\u0645\u0631\u062d\u0628\u0627 {{< pic caption="\u0635\u0648\u0631\u0629" >}}\n'
        "\u0646\u0635 {{< pic\u200f >}}"
    )
    document = hugo.parse(text, TEMPLATES, front_matter=False)
    source = Source.from_text("p.md", text)
    (shortcode,) = document.shortcodes
    assert source.position(shortcode.span.start) == (1, 7)
    (attribute,) = shortcode.attributes
    assert text[attribute.value_span.start : attribute.value_span.end] == "\u0635\u0648\u0631\u0629"
    assert [(p.code, source.position(p.span.start)) for p in document.problems] == [
        ("SC009", (2, 11))
    ]


def test_crlf_files() -> None:
    text = '---\r\ntitle: x\r\n---\r\n{{< box >}}\r\nInner\r\n{{< /box >}}\r\n{{< pic a="x\r\n'
    document = hugo.parse(text, TEMPLATES)
    assert document.front_matter is not None and document.front_matter.data == {"title": "x"}
    (box,) = document.shortcodes
    assert box.form == "enclosing"
    assert box.content_span is not None
    assert text[box.content_span.start : box.content_span.end] == "\r\nInner\r\n"
    assert positions(text, document.problems) == [("SC002", 7, 12)]


def test_bom_is_ignored_in_page_mode() -> None:
    items = hugo.lex("\ufeff---\ntitle: x\n---\n{{< pic >}}", "page")
    assert [item.type for item in items][:3] == ["ignore", "fm_yaml", "left_delim"]
    source = Source.from_text("p.md", "\ufeff{{< pic >}}")
    document = hugo.parse(source.text, TEMPLATES)
    assert [shortcode.span for shortcode in document.shortcodes] == [Span(0, 11)]


@pytest.mark.parametrize(
    ("written", "delimiter", "value", "typed"),
    [
        ('a="x \\"y\\""', '"', 'x "y"', 'x "y"'),
        ("a=`C:\\d`", "`", "C:\\d", "C:\\d"),
        ('a=\\"hi\\"', '\\"', "hi", "hi"),
        ("a=007", "", "007", 7),
        ("a=-.5", "", "-.5", -0.5),
        ("a=true", "", "true", True),
        ("a=True", "", "True", "True"),
        ('a="true"', '"', "true", "true"),
        ("a=1e3", "", "1e3", "1e3"),
        ("a=\u201cx\u201d", "\u201c", "\u201cx\u201d", "\u201cx\u201d"),
        ("a='x'", "'", "'x'", "'x'"),
    ],
)
def test_attribute_values(written: str, delimiter: str, value: str, typed: object) -> None:
    text = "{{< pic " + written + " >}}"
    (shortcode,) = hugo.parse(text, TEMPLATES, front_matter=False).shortcodes
    (attribute,) = shortcode.attributes
    assert (attribute.name, attribute.delimiter, attribute.value) == ("a", delimiter, value)
    assert hugo.typed_value(attribute) == typed
    assert text[attribute.span.start : attribute.span.end] == written


def test_positional_attribute_spans() -> None:
    text = '{{< pic one "two three" `four` >}}'
    (shortcode,) = hugo.parse(text, TEMPLATES, front_matter=False).shortcodes
    raw = [text[a.span.start : a.span.end] for a in shortcode.attributes]
    assert raw == ["one", '"two three"', "`four`"]
    assert all(isinstance(a, Attribute) and a.name is None for a in shortcode.attributes)
    assert (
        text[shortcode.attributes_span.start : shortcode.attributes_span.end]
        == ' one "two three" `four` '
    )


@pytest.mark.parametrize(
    ("text", "forms"),
    [
        ("{{< x >}}a{{< /x >}}", [("x", "enclosing")]),
        ("{{< x >}}a", [("x", "single")]),
        ("{{< x />}}", [("x", "self-closing")]),
        ("{{< x >}}{{< x >}}a{{< /x >}}", [("x", "single"), ("x", "enclosing")]),
        ("{{% x %}}a{{< /x >}}{{</* x */>}}", [("x", "enclosing"), ("x", "single")]),
    ],
)
def test_forms_without_a_site(text: str, forms: List[Tuple[str, str]]) -> None:
    document = hugo.parse(text, None, front_matter=False)
    assert [(s.name, s.form) for s in document.shortcodes] == forms
    assert document.problems == ()


def test_escaped_shortcodes_are_listed_not_linted() -> None:
    text = "{{< box >}}{{</* pic src=\u201ca\u201d */>}}{{< /box >}}"
    document = hugo.parse(text, TEMPLATES, front_matter=False)
    (box,) = document.shortcodes
    (escaped,) = box.children
    assert (escaped.name, escaped.escaped, escaped.notation) == ("pic", True, "<")
    assert document.problems == ()
    assert [tag.name for tag in document.raw_tags] == ["box"]


def test_nested_children_and_spans() -> None:
    text = "{{< tabs >}}\n{{% tab n=1 %}}One{{% /tab %}}\n{{< /tabs >}}"
    (tabs,) = hugo.parse(text, TEMPLATES, front_matter=False).shortcodes
    (tab,) = tabs.children
    assert (tab.notation, tab.close_notation, tab.form) == ("%", "%", "enclosing")
    assert (
        tab.content_span is not None
        and text[tab.content_span.start : tab.content_span.end] == "One"
    )
    assert (
        tabs.close_span is not None
        and text[tabs.close_span.start : tabs.close_span.end] == "{{< /tabs >}}"
    )


@pytest.mark.parametrize(
    "text",
    [
        "{{<" * 10_000,
        "{{< a >}}" * 5_000 + "{{< /a >}}" * 5_000,
        "{{< x a=" + "b" * 1_000_000,
        "x" * 1_000_000 + "{{<",
        "{{<",
        "{{%",
        "{{< a \x00 >}}\x00{{</*\x00",
        '{{< a "' * 2_000,
        "{{< a.inline >}}" + "{{< b >}}" * 2_000,
        "{{< a `" * 2_000,
    ],
    ids=[
        "nested-left-delims",
        "deep-nesting",
        "megabyte-value",
        "megabyte-line",
        "left-delim-at-eof",
        "markdown-delim-at-eof",
        "nul-bytes",
        "unterminated-quotes",
        "inline-nesting",
        "raw-strings",
    ],
)
def test_bad_input_returns(text: str) -> None:
    """Nothing crashes, and every position lies inside the text."""
    document = hugo.parse(text, TEMPLATES, front_matter=False)
    for problem in document.problems:
        assert 0 <= problem.span.start <= problem.span.end <= len(text)
    hugo.lex(text, "body")


@pytest.mark.parametrize(
    ("text", "templates", "expected"),
    [
        # Hugo closes the innermost open shortcode whatever the closing name: "outer"
        # is closed and the page builds, so the finding is a warning.
        (
            "{{% box %}}x{{% /box %}} {{% tabs %}}Body{{% /box %}}",
            TEMPLATES,
            [("SC004", Severity.WARNING)],
        ),
        # Without a site, whether "tabs" takes inner content is not known.
        (
            "{{% box %}}x{{% /box %}} {{% tabs %}}Body{{% /box %}}",
            None,
            [("SC004", Severity.WARNING)],
        ),
        # A template without .Inner ends at its tag; the closing tag closes "box".
        ("{{< box >}}{{< pic >}}x{{< /pic >}}", TEMPLATES, [("SC012", Severity.WARNING)]),
        # Nothing open that takes inner content: Hugo fails.
        ("{{< box >}}x{{< /box >}}{{< /box >}}", TEMPLATES, [("SC004", None)]),
        ("{{< pic >}}{{< /pic >}}", TEMPLATES, [("SC012", None)]),
    ],
)
def test_a_closing_tag_closes_the_innermost_open_shortcode(
    text: str, templates: Optional[Dict[str, bool]], expected: List[Tuple[str, Optional[Severity]]]
) -> None:
    document = hugo.parse(text, templates, front_matter=False)
    assert [(problem.code, problem.severity) for problem in document.problems] == expected
    if all(severity is Severity.WARNING for _, severity in expected):
        assert not any("will fail" in problem.message for problem in document.problems)


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(differential_body(), verdict_bodies),
    st.sampled_from(["", "---\ntitle: x\n---\n", "{{< a >}}"]),
)
def test_common_tags_tokenised_with_patterns_give_the_state_machines_items(
    body: str, prefix: str
) -> None:
    text = prefix + body
    slow = hugo._Lexer(text, page=True, fast=False).run()
    assert hugo._Lexer(text, page=True).run() == slow


@pytest.mark.parametrize(
    "text",
    [
        '{{< pic src="a.png" alt=x >}}{{% box "a b" c /%}}',
        "{{< box >}}x{{< /box >}}{{< /box >}}",
        "{{< pic src=a.png>}} >}}",
        '{{< pic a="x" b >}}',
        "{{< p\u00edc >}}",
        "{{< pic a==b / >}}",
    ],
)
def test_common_tags_examples(text: str) -> None:
    assert hugo.lex(text, "body") == hugo._Lexer(text, page=False, fast=False).run()


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(differential_body(), verdict_bodies),
    st.sampled_from(["", "---\ntitle: x\n---\n", "+++\nx = 1\n+++\n", "{{< a >}}"]),
    st.sampled_from([None, TEMPLATES]),
)
def test_parse_gives_the_document_of_the_state_machine_with_every_item(
    body: str, prefix: str, templates: Optional[Dict[str, bool]]
) -> None:
    text = prefix + body
    reference = hugo._parse(text, templates, True, keep_items=True, fast=False)[2]
    assert hugo.parse(text, templates) == reference
    assert hugo.analyze(text, templates).document == reference


@pytest.mark.parametrize(
    "text",
    [
        # An invisible character in a quoted value is content; outside it, SC009.
        '{{< pic alt="a\u200bb" >}}',
        "{{< pic alt=a\u200bb >}}",
        "{{< pic alt=\u200bb >}}",
        "{{< pic alt=b\ufeff >}}",
        "{{< pic\u00a0alt=x >}}",
        '{{< pic a="x" b >}}{{< box >}}x{{< /box a >}}{{< /box >}}',
        "{{< box >}}\n  <!--more-->  {{% pic x %}}\n{{< /box >}}",
        "{{</* pic */>}} {{< x.inline >}}{{< /x.inline >}} {{< pic \u201ca\u201d >}}",
        "{{< p\u00edc >}}{{< pic a=b a=c >}}{{< pic src=a.png>}} >}}",
        "{{{< pic >}}{{ .Title }}{{< /pic / >}}",
    ],
)
def test_parse_examples_give_the_document_of_the_state_machine(text: str) -> None:
    for templates in (None, TEMPLATES):
        reference = hugo._parse(text, templates, True, keep_items=True, fast=False)[2]
        assert hugo.parse(text, templates) == reference


def test_an_error_at_the_end_of_the_text_is_placed_inside_it() -> None:
    # A closing tag cut off by the end of the text (found by fuzzing).
    text = '\n\n{{% deta=lQT001le="e{{%/deta'
    document = hugo.parse(text, {"card": False, "box": True})
    assert document.problems
    assert all(0 <= p.span.start <= p.span.end <= len(text) for p in document.problems)
