"""WordPress's own shortcode test cases (research/wp_shortcode_cases.json), all of them.

Every case runs against ``contentlint.wordpress`` with ``strict=True`` and the
case's registered names, so the parser must behave exactly like WordPress.
Cases about other functions (``strip_shortcodes``, ``has_shortcode``, the JS
port, registration, callback output) go through small adapters below that
compute the function's result from the parser's reading.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Callable, Dict, List, Mapping, Optional, Sequence, Tuple

import pytest

from contentlint import wordpress
from contentlint.model import Shortcode, Span

# The shared research folder sits beside the repository (locally and in CI).
CASES_FILE = Path(__file__).resolve().parent / "data" / "wp_shortcode_cases.json"

CASES: List[Dict[str, Any]] = json.loads(CASES_FILE.read_text(encoding="utf-8"))

# Each skip names what the case needs beyond the shortcode grammar.
SKIPS = {
    "test_escaping#2": "output depends on KSES rejecting a non-allowed HTML attribute",
    "test_escaping#4": "needs WordPress's core [caption] callback and its HTML",
    "test_escaping#8": "output depends on KSES sanitising CSS in a style attribute",
    "test_escaping#14": "output depends on KSES stripping a URL protocol",
    "test_escaping#15": "output depends on KSES rejecting an event-handler attribute",
    "test_smilies_arent_converted#0": "needs the whole the_content filter chain (smilies, img)",
    "test_shortcode_unautop#0": "needs wpautop's paragraph formatting",
}


# The case's strip_shortcodes_tagnames filter (described in its note) keeps
# only these names for stripping.
STRIP_TAGNAMES_FILTER = {"test_strip_shortcodes_filter#0": ["gallery"]}


def test_every_case_is_loaded() -> None:
    assert len(CASES) == 168
    assert len({case["id"] for case in CASES}) == len(CASES)


# ---------------------------------------------------------------------------
# What the parser read, in the shape of the cases' ``expect.tags``
# ---------------------------------------------------------------------------


def _attrs(shortcode: Shortcode) -> Optional[Dict[str, str]]:
    if shortcode.escaped:
        return None
    return {str(key): value for key, value in wordpress.engine_atts(shortcode.attributes).items()}


def _expected_attrs(attrs: Any) -> Optional[Dict[str, str]]:
    if attrs is None:
        return None
    if isinstance(attrs, list):
        return {str(index): value for index, value in enumerate(attrs)}
    return dict(attrs)


def _record(text: str, shortcode: Shortcode, with_children: bool) -> Dict[str, Any]:
    record: Dict[str, Any] = {
        "tag": shortcode.name,
        "attrs": _attrs(shortcode),
        "content": None,
        "self_closing": shortcode.form == "self-closing",
        "escaped": shortcode.escaped,
        "extra_open": False,
        "extra_close": False,
    }
    if shortcode.content_span is not None:
        record["content"] = text[shortcode.content_span.start : shortcode.content_span.end]
    if not shortcode.escaped:
        record["extra_open"] = shortcode.span.start > 0 and text[shortcode.span.start - 1] == "["
        record["extra_close"] = text[shortcode.span.end : shortcode.span.end + 1] == "]"
    if with_children:
        record["children"] = [_record(text, child, True) for child in shortcode.children]
    return record


def _expected_record(tag: Mapping[str, Any], with_children: bool) -> Dict[str, Any]:
    record: Dict[str, Any] = {
        "tag": tag["tag"],
        "attrs": _expected_attrs(tag["attrs"]),
        "content": tag["content"],
        "self_closing": tag["self_closing"],
        "escaped": tag["escaped"],
        "extra_open": bool(tag.get("extra_open")),
        "extra_close": bool(tag.get("extra_close")),
    }
    if with_children:
        record["children"] = [_expected_record(c, True) for c in tag.get("children", [])]
    return record


def _main_pass(text: str, shortcodes: Sequence[Shortcode]) -> List[Shortcode]:
    """The occurrences of WordPress's main pass (not those inside HTML tags)."""
    elements = tuple(
        region.span for region in wordpress.html_regions(text) if region.kind == "element"
    )
    return [s for s in shortcodes if not any(e.start <= s.span.start < e.end for e in elements)]


# ---------------------------------------------------------------------------
# Callbacks of WordPress's test class, and do_shortcode's output from them
# ---------------------------------------------------------------------------

Render = Callable[[Shortcode], str]


def _callbacks(case: Mapping[str, Any], render_content: Render) -> Dict[str, Render]:
    filtered = bool(case.get("filters"))

    def footag(shortcode: Shortcode) -> str:
        return f"foo = {_atts(shortcode).get('foo', '')}"

    def bartag(shortcode: Shortcode) -> str:
        atts = _atts(shortcode)
        foo = atts.get("foo", "no foo")
        if filtered and foo == "foo1":  # the case's shortcode_atts_bartag filter
            foo = "no foo"
        return f"foo = {foo}"

    def dumptag(shortcode: Shortcode) -> str:
        return "".join(f"{key} = {value}\n" for key, value in _atts(shortcode).items())

    def constant(output: str) -> Render:
        return lambda shortcode: output

    return {
        "footag": footag,
        "bartag": bartag,
        "baztag": lambda shortcode: "content = " + render_content(shortcode),
        "dumptag": dumptag,
        "url": constant("http://www.wordpress.org/"),
        "hyphen": constant("shortcode_hyphen"),
        "hyphen-foo": constant("shortcode_hyphen_foo"),
        "hyphen-foo-bar": constant("shortcode_hyphen_foo_bar"),
        "test-shortcode-tag": constant(""),
        "gallery": constant(""),  # no attachments in the test site
        "pre_do_shortcode_tag": constant("foo"),
    }


def _atts(shortcode: Shortcode) -> Dict[Any, str]:
    return dict(wordpress.engine_atts(shortcode.attributes))


def _do_shortcode(case: Mapping[str, Any]) -> str:
    text = case["input"]
    document = wordpress.parse(text, case["registered"], strict=True)

    def render(start: int, end: int, shortcodes: Sequence[Shortcode]) -> str:
        pieces: List[str] = []
        position = start
        for shortcode in sorted(shortcodes, key=lambda s: s.span.start):
            pieces.append(text[position : shortcode.span.start])
            if shortcode.escaped:
                pieces.append(text[shortcode.span.start + 1 : shortcode.span.end - 1])
            else:
                pieces.append(callbacks[shortcode.name](shortcode))
            position = shortcode.span.end
        pieces.append(text[position:end])
        return "".join(pieces)

    def render_content(shortcode: Shortcode) -> str:
        if shortcode.content_span is None:
            return ""
        span = shortcode.content_span
        return render(span.start, span.end, shortcode.children)

    callbacks = _callbacks(case, render_content)
    return render(0, len(text), document.shortcodes)


def _strip_whitespace(text: str) -> List[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


# ---------------------------------------------------------------------------
# Adapters for the other functions
# ---------------------------------------------------------------------------


def _strip_shortcodes(text: str, registered: Sequence[str]) -> str:
    """strip_shortcodes: matches become their stray brackets, escapes lose one pair."""
    document = wordpress.parse(text, registered, strict=True)
    pieces: List[str] = []
    position = 0
    for shortcode in _main_pass(text, document.shortcodes):
        pieces.append(text[position : shortcode.span.start])
        if shortcode.escaped:
            pieces.append(text[shortcode.span.start + 1 : shortcode.span.end - 1])
        position = shortcode.span.end
    pieces.append(text[position:])
    return "".join(pieces)


_PARAGRAPH = re.compile(r"<p>(?:\s|\u00a0|&nbsp;)*(.*?)(?:\s|\u00a0|&nbsp;)*</p>", re.DOTALL)


def _shortcode_unautop(text: str, registered: Sequence[str]) -> str:
    """A paragraph that holds exactly one shortcode loses its <p> wrapper."""
    match = _PARAGRAPH.fullmatch(text)
    if match is None:
        return text
    inner = match.group(1)
    shortcodes = wordpress.parse(inner, registered, strict=True).shortcodes
    if len(shortcodes) == 1 and shortcodes[0].span == Span(0, len(inner)):
        return inner
    return text


def _js_matches(text: str, tag: str) -> List[Tuple[int, Shortcode]]:
    """(index of the match including a stray '[', occurrence) for the JS port."""
    document = wordpress.parse(text, [tag], strict=True)
    found = []
    for shortcode in document.shortcodes:
        start = shortcode.span.start
        if not shortcode.escaped and start > 0 and text[start - 1] == "[":
            start -= 1
        found.append((start, shortcode))
    return found


def _js_next(text: str, tag: str, index: int) -> Optional[int]:
    for start, shortcode in _js_matches(text, tag):
        if start >= index and not shortcode.escaped:
            return shortcode.span.start
    return None


def _js_replace(text: str, tag: str, output: str) -> str:
    pieces: List[str] = []
    position = 0
    for _, shortcode in _js_matches(text, tag):
        if shortcode.escaped:
            continue  # the JS port leaves escaped tags as written
        pieces.append(text[position : shortcode.span.start])
        pieces.append(output)
        position = shortcode.span.end
    pieces.append(text[position:])
    return "".join(pieces)


_JS_CALL = re.compile(
    r"wp\.shortcode\.(next|replace)\('([^']+)', input(?:, (\d+))?(?:, \(\) => '([^']*)')?\)"
)


def _match_groups(text: str, shortcode: Shortcode) -> List[str]:
    extra_open = shortcode.span.start > 0 and text[shortcode.span.start - 1] == "["
    extra_close = text[shortcode.span.end : shortcode.span.end + 1] == "]"
    start = shortcode.span.start - (1 if extra_open else 0)
    end = shortcode.span.end + (1 if extra_close else 0)
    content = shortcode.content_span
    return [
        text[start:end],
        "[" if extra_open else "",
        shortcode.name,
        text[shortcode.attributes_span.start : shortcode.attributes_span.end],
        "/" if shortcode.form == "self-closing" else "",
        text[content.start : content.end] if content is not None else "",
        "]" if extra_close else "",
    ]


# ---------------------------------------------------------------------------
# The cases
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_case(case: Dict[str, Any]) -> None:
    if case["id"] in SKIPS:
        pytest.skip(SKIPS[case["id"]])
    fn = case["fn"]
    text = case["input"]
    expect = case["expect"]
    registered = case["registered"]
    if fn == "do_shortcode":
        _check_do_shortcode(case)
    elif fn == "strip_shortcodes":
        names = STRIP_TAGNAMES_FILTER.get(case["id"], registered)
        assert _strip_shortcodes(text, names) == expect["output"]
    elif fn == "add_shortcode":
        assert wordpress.is_valid_name(text) is expect["registered"]
    elif fn == "has_shortcode":
        document = wordpress.parse(text, registered, strict=True)
        found = {shortcode.name for shortcode in document.walk()}
        for tag, present in expect["has_shortcode"].items():
            assert (tag in found) is present
    elif fn == "shortcode_parse_atts":
        atts = wordpress.engine_atts(wordpress.parse_attributes(text))
        assert {str(key): value for key, value in atts.items()} == expect["atts"]
    elif fn == "shortcode_unautop":
        assert _shortcode_unautop(text, registered) == expect["output"]
    elif fn == "wp.shortcode.attrs(input)":
        attributes = wordpress.parse_attributes(text)
        # The JS port hands values over as written (no C-unescaping).
        named = {
            a.name: text[a.value_span.start : a.value_span.end]
            for a in attributes
            if a.name is not None
        }
        numeric = [
            text[a.value_span.start : a.value_span.end] for a in attributes if a.name is None
        ]
        assert named == expect["named"]
        assert numeric == expect["numeric"]
    elif fn == "wp.shortcode.string(args)":
        # Serialising is not reading; check that the serialised form reads back.
        args = case["args"]
        document = wordpress.parse(expect["output"], [args["tag"]], strict=True)
        (shortcode,) = document.shortcodes
        assert shortcode.name == args["tag"]
        assert shortcode.form == args["type"]
        atts = wordpress.engine_atts(shortcode.attributes)
        assert [v for k, v in atts.items() if isinstance(k, int)] == args["attrs"]["numeric"]
        assert {k: v for k, v in atts.items() if isinstance(k, str)} == args["attrs"]["named"]
    elif fn.startswith("wp.shortcode."):
        call = _JS_CALL.fullmatch(fn)
        assert call is not None, fn
        kind, tag, index, output = call.groups()
        if kind == "next":
            assert _js_next(text, tag, int(index or 0)) == expect["index"]
        else:
            assert _js_replace(text, tag, output) == expect["output"]
    else:  # pragma: no cover - a new kind of case must be adapted, not ignored
        pytest.fail(f"no adapter for {fn}")


def _check_do_shortcode(case: Dict[str, Any]) -> None:
    text = case["input"]
    expect = case["expect"]
    document = wordpress.parse(text, case["registered"], strict=True)
    main = _main_pass(text, document.shortcodes)
    if "tags" in expect:
        with_children = any("children" in tag for tag in expect["tags"])
        got = [_record(text, shortcode, with_children) for shortcode in main]
        wanted = [_expected_record(tag, with_children) for tag in expect["tags"]]
        assert got == wanted
    if "match" in expect:
        (shortcode,) = main
        assert _match_groups(text, shortcode) == expect["match"]
    if "output" in expect:
        output = _do_shortcode(case)
        if expect.get("compare") == "strip_ws":
            assert _strip_whitespace(output) == _strip_whitespace(expect["output"])
        else:
            assert output == expect["output"]
