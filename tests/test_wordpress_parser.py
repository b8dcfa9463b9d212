"""contentlint.wordpress as a linter sees it: registration evidence, Markdown,
problems with their codes and positions, raw tags, attribute spans, bad input."""

from __future__ import annotations

from dataclasses import replace
from typing import Dict, List, Optional, Sequence, Tuple

import pytest

from contentlint import wordpress
from contentlint.model import Applicability, Dialect, Document, Problem, Span

NBSP = "\u00a0"
ZWSP = "\u200b"
RLM = "\u200f"


def _names(document: Document) -> List[str]:
    return [shortcode.name for shortcode in document.walk()]


def _codes(document: Document) -> List[Tuple[str, str]]:
    return [(p.code, _text_of(document, p)) for p in document.problems]


_TEXTS: Dict[int, str] = {}


def _parse(text: str, known: Sequence[str] = (), **options: object) -> Document:
    document = wordpress.parse(text, known, **options)  # type: ignore[arg-type]
    _TEXTS[id(document)] = text
    return document


def _text_of(document: Document, problem: Problem) -> str:
    return _TEXTS[id(document)][problem.span.start : problem.span.end]


def _apply(text: str, problem: Problem) -> str:
    assert problem.fix is not None
    for edit in sorted(problem.fix.edits, key=lambda e: e.span.start, reverse=True):
        text = text[: edit.span.start] + edit.content + text[edit.span.end :]
    return text


# ---------------------------------------------------------------------------
# Which names are registered
# ---------------------------------------------------------------------------

REGISTRATION = [
    # (text, known, strict, names read)
    ("[box a=1]", (), False, ["box"]),
    ("[box]", (), False, []),
    ("[box rtl]", (), False, []),
    ("[box rtl]", ("box",), False, ["box"]),
    ("[box]x[/box]", (), False, ["box"]),
    ("[box] then [box a=1]", (), False, ["box", "box"]),
    ("[box a=1]", (), True, []),
    ("[box a=1]", ("box",), True, ["box"]),
    ("[box]x[/box]", (), True, []),
    ('[[box title="x"]]', (), False, ["box"]),
    ("[Box a=1] [box]", (), False, ["Box"]),
    ("see [box x=“a”]", (), False, ["box"]),
    ("[/box] alone registers box, [box] too", (), False, ["box"]),
]


@pytest.mark.parametrize(("text", "known", "strict", "names"), REGISTRATION)
def test_registered_names(
    text: str, known: Tuple[str, ...], strict: bool, names: List[str]
) -> None:
    assert _names(_parse(text, known, strict=strict)) == names


MARKDOWN = [
    "[gallery](http://example.com)",
    "![alt text](image.png) and [a=b](http://x.com/?a=b)",
    "[gallery][ref]\n\n[ref]: http://example.com",
    "[gallery]\n\n[gallery]: http://example.com",
    "[gallery][]\n\n[gallery]: http://example.com",
    "  [ref]: http://example.com\n",
    "A footnote[^1].\n\n[^1]: The note.",
    "- [x] done\n- [ ] todo\n- [X] also done",
    "As shown in [12] and [3, 4].",
    "[/docs](http://example.com/docs)",
]


@pytest.mark.parametrize("text", MARKDOWN)
def test_markdown_constructs_are_never_shortcodes(text: str) -> None:
    document = _parse(text, ("gallery", "ref", "x", "12", "docs"))
    assert list(document.walk()) == []
    assert document.raw_tags == ()
    assert document.problems == ()


def test_markdown_constructs_are_shortcodes_to_the_engine() -> None:
    document = _parse("[gallery](http://example.com)", ("gallery",), strict=True)
    assert _names(document) == ["gallery"]


def test_a_markdown_document_gives_no_problems() -> None:
    text = (
        "# Notes\n\n"
        "See [the docs](https://example.com/docs?a=1&b=2) and [the spec][spec].\n"
        "Footnotes work too[^note], as do citations [1] and [2, 3].\n\n"
        "- [x] write the parser\n- [ ] write the tests\n"
        "* [ ] a task with [a link](http://x.org)\n\n"
        "> [quote]: http://example.org/quote\n\n"
        '[spec]: https://example.com/spec "The spec"\n'
        "[^note]: A note with [a link](http://example.com).\n"
    )
    document = _parse(text)
    assert document.problems == ()
    assert list(document.walk()) == []


# ---------------------------------------------------------------------------
# Problems
# ---------------------------------------------------------------------------

PROBLEMS = [
    # (text, known, inner, [(code, text of span)], words in the first message)
    ('[gallery ids="1,2,3"', ("gallery",), None, [("SC001", "[gallery")], "show it as text"),
    ('[box a="1" [box b=2]', ("box",), None, [("SC001", "[box")], "attribute text"),
    ('[box title="a<b"] x', ("box",), None, [("SC001", "[box")], "'<'"),
    # The tag ends at the first ']': "[/card" is attribute text, not a closing tag.
    ("[card \n[/card]", (), None, [("SC001", "[card")], "'[/card' as attribute text"),
    (
        '[button label="Read more] ok',
        ("button",),
        None,
        [("SC002", 'label="Read more')],
        "positional value 'label=\"Read'",
    ),
    ('[box a="x]y"]', ("box",), None, [("SC002", 'a="x')], "first ']'"),
    ('[box a="x b="y"]', ("box",), None, [("SC002", 'a="x')], "next attribute"),
    ("[details]Text", ("details",), {"details": True}, [("SC003", "[details]")], "[/details]"),
    ("[details]Text[/details]", ("details",), {"details": True}, [], ""),
    ("[details /]", ("details",), {"details": True}, [], ""),
    ("Some text.[/box]", (), None, [("SC004", "[/box]")], "print it as text"),
    ("[box]a[/box][/box]", (), None, [("SC004", "[/box]")], "no open [box]"),
    ("[a][b][/a][/b]", (), None, [("SC005", "[/a]")], "[b] opened inside it"),
    ('[box x.y="2"]', ("box",), None, [("SC006", 'x.y="2"')], "positional value 'x.y=\"2\"'"),
    ('[box a="x"b="y"]', ("box",), None, [("SC006", 'a="x"b="y"')], "no space"),
    ('[box a="x\\"y"]', ("box",), None, [("SC006", 'a="x\\"y"')], "backslash"),
    # `[name=value]`: WordPress hands `=1` to the callback, as documented for it.
    ("[box=1]", ("box",), None, [], ""),
    (
        "[box url=http://x.com/]",
        ("box",),
        None,
        [("SC006", "url=http://x.com/]")],
        "'http://x.com'",
    ),
    ("[box.y]", ("box",), None, [("SC006", "[box.y")], "will not run [box]"),
    ("[box] [box.y]", ("box",), None, [("SC006", "[box.y")], "only because"),
    ("[box title=Don't]", ("box",), None, [("SC006", "title=Don't")], "cannot contain a quote"),
    ("[box A=1 a=2]", ("box",), None, [("SC007", "a=2")], "keeps the last value '2'"),
    # Not problems of the parser: typographic quotes are the quote rules' business.
    ("[box region=”EG” x=“hello world”]", ("box",), None, [], ""),
    ("[box region=”EG]", ("box",), None, [], ""),
    ("[box a=\"x y\" b='z' c=1 \"p\" 'q' r /]", ("box",), None, [], ""),
    ("[box https://www.youtube.com/watch?v=72xdCU__XCk]", ("box",), None, [], ""),
    ("<!-- [box a=1 -->", ("box",), None, [], ""),
    ("[[box a='x\"]]", ("box",), None, [], ""),
]


@pytest.mark.parametrize(("text", "known", "inner", "expected", "words"), PROBLEMS)
def test_problems(
    text: str,
    known: Tuple[str, ...],
    inner: Optional[Dict[str, bool]],
    expected: List[Tuple[str, str]],
    words: str,
) -> None:
    document = _parse(text, known, inner=inner)
    assert _codes(document) == expected
    if expected:
        assert words in document.problems[0].message
        assert "WordPress" in document.problems[0].message


INVISIBLES = [
    # (text, known, text of the run, replacement, words in the message)
    (f'[card region="EG"{RLM} rtl="true"]', ("card",), RLM, "", "U+200F RIGHT-TO-LEFT MARK"),
    (f'[card region="EG"{RLM}rtl="true"]', ("card",), RLM, " ", "right after a closing quote"),
    (f"[box{NBSP}a=1]", ("box",), NBSP, " ", "U+00A0 NO-BREAK SPACE"),
    (f"[box{ZWSP}a=1]", ("box",), ZWSP, " ", "will not run [box]"),
    (f"[bo{ZWSP}x a=1]", ("box",), ZWSP, "", "inside the name [box]"),
    (f'[box a={RLM}"x"]', ("box",), RLM, "", "next to '='"),
    (f'[box a{RLM}="x"]', ("box",), RLM, "", "next to '='"),
    (f'[box a="1"{NBSP}b="2"]', ("box",), NBSP, " ", "reads it as a space"),
    (f'[box a="1" {NBSP}{NBSP}b="2"]', ("box",), NBSP + NBSP, "", "2 \u00d7 U+00A0"),
    (f'[box a="1"{RLM}]', ("box",), RLM, "", "before the end of the tag"),
    (f"[box]x[/box{RLM}]", ("box",), RLM, "", "closing tag"),
]


@pytest.mark.parametrize(("text", "known", "run", "replacement", "words"), INVISIBLES)
def test_invisible_characters(
    text: str, known: Tuple[str, ...], run: str, replacement: str, words: str
) -> None:
    document = _parse(text, known)
    (problem,) = [p for p in document.problems if p.code == "SC009"]
    assert text[problem.span.start : problem.span.end] == run
    assert words in problem.message
    assert problem.fix is not None
    assert problem.fix.applicability is Applicability.SAFE
    assert [edit.content for edit in problem.fix.edits] == [replacement]
    fixed = _apply(text, problem)
    assert [p.code for p in _parse(fixed, known).problems if p.code == "SC009"] == []


@pytest.mark.parametrize(
    "text",
    [
        f'[box a="x{RLM}y" b="{NBSP}"]',  # inside quoted values: content
        f"[box a=”EG{RLM}”]",  # inside a typographically quoted value
        f"{RLM}[box a=1]{NBSP}text",  # outside the tag
        f"[[box{NBSP}a=1]]",  # escaped: shown, not run
    ],
)
def test_invisible_characters_that_are_not_tag_syntax(text: str) -> None:
    assert [p for p in _parse(text, ("box",)).problems if p.code == "SC009"] == []


def test_invisible_fix_makes_the_engine_read_the_intended_attributes() -> None:
    text = f'[card region="EG"{RLM}rtl="true"]'
    document = _parse(text, ("card",))
    assert [a.name for a in document.shortcodes[0].attributes] == [None]
    (problem,) = document.problems
    fixed = _apply(text, problem)
    reread = _parse(fixed, ("card",), strict=True)
    assert [(a.name, a.value) for a in reread.shortcodes[0].attributes] == [
        ("region", "EG"),
        ("rtl", "true"),
    ]


def test_a_problem_with_a_fix_never_comes_twice_for_one_cause() -> None:
    document = _parse(f'[card region="EG"{RLM} rtl="true" x="1"{RLM}y="2"]', ("card",))
    assert [p.code for p in document.problems] == ["SC009", "SC009"]


# ---------------------------------------------------------------------------
# Occurrences, raw tags, attributes
# ---------------------------------------------------------------------------


def test_occurrence_spans() -> None:
    text = 'x [outer a="1"]one [inner/] two[/outer] y'
    document = _parse(text, ("outer", "inner"))
    (outer,) = document.shortcodes
    assert outer.dialect is Dialect.WORDPRESS
    assert outer.notation is None
    assert outer.form == "enclosing"
    assert text[outer.span.start : outer.span.end] == '[outer a="1"]one [inner/] two[/outer]'
    assert text[outer.open_span.start : outer.open_span.end] == '[outer a="1"]'
    assert text[outer.name_span.start : outer.name_span.end] == "outer"
    assert text[outer.attributes_span.start : outer.attributes_span.end] == ' a="1"'
    assert outer.close_span is not None and outer.content_span is not None
    assert text[outer.close_span.start : outer.close_span.end] == "[/outer]"
    assert text[outer.content_span.start : outer.content_span.end] == "one [inner/] two"
    (inner,) = outer.children
    assert inner.form == "self-closing"
    assert text[inner.span.start : inner.span.end] == "[inner/]"
    assert [s.name for s in document.walk()] == ["outer", "inner"]


def test_escaped_occurrences_are_listed_but_not_read() -> None:
    text = '[[box a="1"]x[/box]] and [box]'
    document = _parse(text, ("box",))
    escaped, plain = document.shortcodes
    assert escaped.escaped and escaped.attributes == () and escaped.children == ()
    assert text[escaped.span.start : escaped.span.end] == '[[box a="1"]x[/box]]'
    assert not plain.escaped
    assert [tag.span for tag in document.raw_tags] == [plain.open_span]


def test_raw_tags_list_delimited_tags_the_engine_may_not_run() -> None:
    text = f"[box{NBSP}b=2] text [card c=”3”]"
    document = _parse(text)
    assert [(t.name, t.accepted) for t in document.raw_tags] == [("box", False), ("card", True)]
    first = document.raw_tags[0]
    assert text[first.span.start : first.span.end] == f"[box{NBSP}b=2]"
    assert text[first.name_span.start : first.name_span.end] == "box"
    assert text[first.attributes_span.start : first.attributes_span.end] == f"{NBSP}b=2"
    # WordPress reads the first name as "box<NBSP>b": only the second one runs.
    assert [s.name for s in document.shortcodes] == ["card"]
    # With a plain "[box" anywhere in the text, WordPress runs the first one too.
    again = _parse(text + " [box]")
    assert (again.raw_tags[0].name, again.raw_tags[0].accepted) == ("box", True)


def test_attributes() -> None:
    text = "[box a=\"x y\" b='z' C=w \"p\" 'q' r d=”EG” “hi”]"
    (shortcode,) = _parse(text, ("box",)).shortcodes
    rows = [
        (
            a.name,
            a.value,
            a.delimiter,
            text[a.span.start : a.span.end],
            text[a.value_span.start : a.value_span.end],
            None if a.name_span is None else text[a.name_span.start : a.name_span.end],
        )
        for a in shortcode.attributes
    ]
    assert rows == [
        ("a", "x y", '"', 'a="x y"', "x y", "a"),
        ("b", "z", "'", "b='z'", "z", "b"),
        ("c", "w", "", "C=w", "w", "C"),
        (None, "p", '"', '"p"', "p", None),
        (None, "q", "'", "'q'", "q", None),
        (None, "r", "", "r", "r", None),
        ("d", "”EG”", "”", "d=”EG”", "”EG”", "d"),
        (None, "“hi”", "“", "“hi”", "“hi”", None),
    ]


@pytest.mark.parametrize(
    ("attribute_text", "expected"),
    [
        (
            'a="tab\\there" b="back\\\\slash" c="\\x41\\101"',
            {"a": "tab\there", "b": "back\\slash", "c": "AA"},
        ),
        ('a="<b>x</b>" c="<unclosed" d="a>b"', {"a": "<b>x</b>", "c": "", "d": "a>b"}),
        (f'a="x{NBSP}{NBSP}{ZWSP}y"', {"a": "x y"}),
        ('a="" b=\'\' "" c', {"a": "", "b": "", 0: "c"}),
        ('5="five" x 0="dropped" y', {5: "five", 6: "x", 7: "y"}),
        ('A=1 Foo="Bar" fOO=baz', {"a": "1", "foo": "baz"}),
        ('a="\\xff"', {"a": "\ufffd"}),
        ("", {}),
    ],
)
def test_engine_values(attribute_text: str, expected: Dict[object, str]) -> None:
    assert wordpress.engine_atts(wordpress.parse_attributes(attribute_text)) == expected


@pytest.mark.parametrize(
    ("name", "valid"),
    [("box", True), ("good!", True), ("a.b:c", True), ("é", True), ("", False),
     (" ", False), ("a b", False), ("a/b", False), ("[x]", False), ("a=b", False),
     ("a\tb", False), ("&amp;", False)],
)  # fmt: skip
def test_is_valid_name(name: str, valid: bool) -> None:
    assert wordpress.is_valid_name(name) is valid


def test_comments_and_cdata_hide_shortcodes() -> None:
    text = "<!-- [box a=1] --> <![CDATA[ [box b=2] ]]> [box c=3] <!-- [/box]"
    document = _parse(text, ("box",))
    assert [[a.name for a in s.attributes] for s in document.shortcodes] == [["c"]]
    assert len(document.raw_tags) == 1
    assert document.problems == ()


def test_shortcodes_inside_html_tags_are_read_within_the_tag() -> None:
    text = '<a href="[url]">link</a> [url]'
    document = _parse(text, ("url",))
    assert [text[s.span.start : s.span.end] for s in document.shortcodes] == ["[url]", "[url]"]


def test_code_spans_are_recorded() -> None:
    text = "`[box]` and [box]"
    assert _parse(text, ("box",)).code_spans == (Span(0, 7),)


# ---------------------------------------------------------------------------
# Bad input
# ---------------------------------------------------------------------------

BAD_INPUT = [
    "[" * 10_000,
    "]" * 10_000,
    "".join(f"[t{i} a=1]" for i in range(2_000)) + "".join(f"[/t{i}]" for i in range(2_000)),
    "[box a=1]" * 2_000 + "[/box]" * 2_000,
    "[box a=1 " + "a" * 1_000_000,
    "[x" * 100_000,
    "[/" * 100_000,
    "<" * 100_000 + "[box a=1]",
    "<!--" * 10_000,
    "text [",
    "[box",
    "[[",
    "\x00[box\x00 a=1]\x00[/box\x00]",
    '[box a="' + "\\" * 10_001 + '"]',
    "[box " + 'a="x ' * 50_000 + "]",
    "\ud800[box a=\ud800]",
    "```\n" * 1_000 + "`" * 10_000,
]


@pytest.mark.parametrize("text", BAD_INPUT, ids=[f"bad{index}" for index in range(len(BAD_INPUT))])
def test_bad_input_is_read_without_crashing(text: str) -> None:
    document = wordpress.parse(text, ("box",))
    strict = wordpress.parse(text, ("box",), strict=True)
    for read in (document, strict):
        for shortcode in read.walk():
            assert 0 <= shortcode.span.start <= shortcode.span.end <= len(text)
        for problem in read.problems:
            assert 0 <= problem.span.start <= problem.span.end <= len(text)


@pytest.mark.parametrize(
    ("text", "is_shortcode"),
    [
        ("[card a=&quot;Don't&quot;]", True),
        ("[card a=&#8221;x y&#8221;]", True),
        ("[card a=\u201dx y\u201d]", True),
        ("[card a=\u00e2\u20ac\u009dx\u00e2\u20ac\u009d]", True),
        ("[card] and [card &amp; more]", False),
        ("[this] is [a link](x)", False),
    ],
)
def test_a_damaged_named_value_is_evidence_of_a_shortcode(text: str, is_shortcode: bool) -> None:
    document = wordpress.parse(text)
    assert bool(document.raw_tags) is is_shortcode


def test_code_regions_the_caller_already_has_are_the_documents() -> None:
    text = "Run `[box]` or\n\n```\n[box a=1]\n```\n\n[box b=2]x[/box]\n"
    given = (Span(4, 11),)
    document = wordpress.parse(text, ["box"], code_spans=given)
    assert document.code_spans == given
    computed = wordpress.parse(text, ["box"])
    assert computed.code_spans != given
    assert replace(document, code_spans=computed.code_spans) == computed


@pytest.mark.parametrize("known", [(), ["gallery"], frozenset({"gallery"})])
def test_names_one_document_shows_are_not_registered_for_the_next(
    known: Sequence[str],
) -> None:
    # Registered names are kept between documents; what a document's own
    # evidence adds must stay with that document.
    shown = wordpress.parse("[note a=1]x [/aside]", known)
    assert [shortcode.name for shortcode in shown.shortcodes] == ["note"]
    assert [tag.name for tag in shown.raw_tags] == ["note"]
    alone = wordpress.parse("[note] [aside]x", known)
    assert alone.shortcodes == ()
    assert alone.raw_tags == ()
