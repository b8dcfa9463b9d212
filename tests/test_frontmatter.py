"""Front matter: delimiting as Hugo does it, the YAML subset reader, scalar spans."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Tuple

import pytest

from contentlint import frontmatter
from contentlint.model import Span


@pytest.mark.parametrize(
    ("text", "fmt", "content", "body"),
    [
        ("---\ntitle: x\n---\nBody\n", "yaml", "title: x\n", "Body\n"),
        ("---\r\ntitle: x\r\n---\r\nBody\r\n", "yaml", "title: x\r\n", "Body\r\n"),
        ("\n\n---\ntitle: x\n---\nBody\n", "yaml", "title: x\n", "Body\n"),
        ("---\n---\nBody", "yaml", "", "Body"),
        ("---\ntitle: x\n----\nBody\n", "yaml", "title: x\n", "-\nBody\n"),
        ("+++\ntitle = 'x'\n+++\nBody\n", "toml", "title = 'x'\n", "Body\n"),
        ('{"title": "x"}\nBody', "json", '{"title": "x"}\n', "Body"),
        ("#+TITLE: T\n#+LANG: ar\n\nBody", "org", "#+TITLE: T\n#+LANG: ar\n", "\nBody"),
        ("\ufeff---\ntitle: x\n---\nBody", "yaml", "title: x\n", "Body"),
    ],
)
def test_delimiting(text: str, fmt: str, content: str, body: str) -> None:
    located = frontmatter.locate(text)
    assert located.error is None
    assert located.format == fmt
    assert text[located.content.start : located.content.end] == content
    assert text[located.body_start :] == body


@pytest.mark.parametrize(
    ("text", "error", "offset"),
    [
        ("- item\n- item\n", "invalid YAML delimiter", 0),
        ("+ item\n", "invalid TOML delimiter", 0),
        ("{not json\n", "unexpected EOF parsing JSON front matter", 0),
        ("---\ntitle: x\nBody\n", "EOF looking for end YAML front matter delimiter", 4),
        ("+++\ntitle = 1\n", "EOF looking for end TOML front matter delimiter", 4),
    ],
)
def test_delimiting_errors(text: str, error: str, offset: int) -> None:
    located = frontmatter.locate(text)
    assert (located.error, located.error_offset) == (error, offset)
    front_matter = frontmatter.split(text)
    assert front_matter is not None
    assert front_matter.error == error
    assert front_matter.data is None
    assert front_matter.body_start == 0 or text[: front_matter.body_start].strip() in ("---", "+++")


@pytest.mark.parametrize("text", ["Body only\n", "# Heading\n", "", "   \n\n", "<!-- x -->\n"])
def test_no_front_matter(text: str) -> None:
    assert frontmatter.split(text) is None


@pytest.mark.parametrize(
    ("yaml", "data"),
    [
        ("title: Hello\n", {"title": "Hello"}),
        ('title: "a: b # c"\n', {"title": "a: b # c"}),
        ("title: 'it''s'\n", {"title": "it's"}),
        (
            "draft: true\nweight: 10\nratio: 0.5\nnothing: ~\n",
            {"draft": True, "weight": 10, "ratio": 0.5, "nothing": None},
        ),
        ("title: x # comment\n", {"title": "x"}),
        ('tags: [a, b, "c d"]\n', {"tags": ["a", "b", "c d"]}),
        ("tags:\n  - a\n  - b\n", {"tags": ["a", "b"]}),
        ("tags:\n- a\n- b\n", {"tags": ["a", "b"]}),
        ("params:\n  dir: rtl\n  lang: ar\n", {"params": {"dir": "rtl", "lang": "ar"}}),
        ("a:\n  b:\n    c: 1\n", {"a": {"b": {"c": 1}}}),
        ("items:\n  - name: x\n    size: 2\n", {"items": [{"name": "x", "size": 2}]}),
        ("summary: |\n  line 1\n  line 2\n", {"summary": "line 1\nline 2"}),
        ("map: {a: 1, b: two}\n", {"map": {"a": 1, "b": "two"}}),
        ("date: 2024-01-02\n", {"date": "2024-01-02"}),
        ("# only a comment\n", {}),
        ("title: \u0645\u0631\u062d\u0628\u0627\n", {"title": "\u0645\u0631\u062d\u0628\u0627"}),
    ],
)
def test_yaml_subset(yaml: str, data: Dict[str, Any]) -> None:
    front_matter = frontmatter.split("---\n" + yaml + "---\nBody")
    assert front_matter is not None
    assert front_matter.error is None
    assert front_matter.data == data


@pytest.mark.parametrize(
    ("yaml", "line"),
    [
        ('title: "unterminated\n', 2),
        ("just words\n", 2),
        ("a: 1\n  b: 2\n", 3),
    ],
)
def test_yaml_errors_name_the_line(yaml: str, line: int) -> None:
    front_matter = frontmatter.split("---\n" + yaml + "---\n")
    assert front_matter is not None
    assert front_matter.data is None
    assert front_matter.error is not None and f"line {line}" in front_matter.error


@pytest.mark.parametrize(
    ("text", "error_start"),
    [
        ("+++\ntitle = \n+++\n", "unmarshal failed"),
        ('{"a": }\n', "unmarshal failed: invalid character '}' looking for beginning of value"),
        (
            "{{< sc >}}\n",
            "unmarshal failed: invalid character '{' looking for beginning of object key string",
        ),
        ("[1]\n", None),
    ],
)
def test_decode_errors(text: str, error_start: Optional[str]) -> None:
    front_matter = frontmatter.split(text)
    if error_start is None:
        assert front_matter is None
        return
    assert front_matter is not None
    assert front_matter.data is None
    assert front_matter.error is not None and front_matter.error.startswith(error_start)


def test_json_front_matter_that_does_not_decode_is_read_as_content() -> None:
    front_matter = frontmatter.split("{{< sc >}}\nText")
    assert front_matter is not None and front_matter.body_start == 0


def spans(text: str) -> List[Tuple[Tuple[Any, ...], str]]:
    front_matter = frontmatter.split(text)
    assert front_matter is not None and front_matter.data is not None, front_matter
    return [
        (path, text[span.start : span.end])
        for path, span in frontmatter.scalar_spans(front_matter, text)
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            '---\ntitle: "\u0645\u0631\u062d\u0628\u0627 \u202bx"\ndir: rtl\n'
            'params:\n  lang: ar\ntags: [a, "b"]\n---\n',
            [
                (("title",), "\u0645\u0631\u062d\u0628\u0627 \u202bx"),
                (("dir",), "rtl"),
                (("params", "lang"), "ar"),
                (("tags", 0), "a"),
                (("tags", 1), "b"),
            ],
        ),
        (
            "+++\ntitle = \"x\"\n[params]\ndirection = 'rtl'\nweight = 3 # c\n+++\n",
            [(("title",), "x"), (("params", "direction"), "rtl"), (("params", "weight"), "3")],
        ),
        (
            '{"title": "x", "params": {"dir": "rtl", "n": 2}, "tags": ["a", "b"]}\n',
            [
                (("title",), "x"),
                (("params", "dir"), "rtl"),
                (("params", "n"), "2"),
                (("tags", 0), "a"),
                (("tags", 1), "b"),
            ],
        ),
        ("#+TITLE: T1\n#+LANG: ar\n\nBody", [(("title",), "T1"), (("lang",), "ar")]),
    ],
)
def test_scalar_spans(text: str, expected: List[Tuple[Tuple[Any, ...], str]]) -> None:
    assert spans(text) == expected


def test_scalar_spans_of_a_failed_block_are_empty() -> None:
    text = '---\ntitle: "x\n---\n'
    front_matter = frontmatter.split(text)
    assert front_matter is not None
    assert frontmatter.scalar_spans(front_matter, text) == []


@pytest.mark.parametrize(
    "text",
    [
        "{" * 100_000,
        "{" * 50_000 + "}" * 50_000,
        "---\n" + "a: b\n" * 50_000,
        "---\n" + "x" * 1_000_000,
        '{"a": ' * 5_000 + "1" + "}" * 5_000,
        "\x00---\n",
        "---\n\x00: \x00\n---\n",
    ],
    ids=[
        "open-braces",
        "balanced-braces",
        "unclosed-yaml",
        "megabyte-line",
        "deep-json",
        "nul-first",
        "nul-yaml",
    ],
)
def test_bad_input_returns(text: str) -> None:
    front_matter = frontmatter.split(text)
    if front_matter is not None:
        assert 0 <= front_matter.span.start <= front_matter.span.end <= len(text)
        if front_matter.data is not None:
            for _, span in frontmatter.scalar_spans(front_matter, text):
                assert front_matter.span.contains(span) or span == Span(span.start, span.start)
