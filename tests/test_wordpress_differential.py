"""contentlint's WordPress parser against real WordPress, on generated content.

Each example is a batch of generated texts run through WordPress's own
``do_shortcode`` (one PHP process per batch); every top-level match of its
main pass must equal what ``contentlint.wordpress.parse(strict=True)`` reads:
name, escaping, stray brackets, form, attributes (keys, values, order) and
enclosed content.
"""

from __future__ import annotations

from typing import Any, Dict, List, Mapping, Sequence, Tuple

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from contentlint import wordpress
from contentlint.model import Shortcode
from tests.oracles import engines

REGISTERED = ["box", "box-x", "Tag", "b"]
TAG_NAMES = [*REGISTERED, "BOX", "boxy", "bo", "box.y", "x"]
ATTRIBUTE_NAMES = ["a", "A", "data-x", "x.y", "0", "5", "-1", "\u00e9", "b_c", "a-", "rtl"]
VALUE_PIECES = [
    "a", "b", "1", " ", "  ", "=", '"', "'", "\\", "/", "]", "[", "<", ">", "\n", "x y",
    "\u00a0", "\u200b", "\u201d", "\u2033", "&#91;", "\\x41", "\\t", "\\\\", "http://x.com/",
    "<b>x</b>", "\u200f", "\u202f",
]  # fmt: skip
SEPARATORS = [" ", "  ", "\n", "\t", "", "\u00a0", "\u200b", "\u202f", "\u200f", "\u00a0\u200b"]
JUNK_PIECES = [
    "text ", "[", "]", "[[", "]]", "/", "\n", "<!-- ", " -->", "<p>", "</p>", "<a href=\"",
    "\">", "&", "=", '"', "x", " [x] ", "[/", "\u00a0", "<", ">", "<![CDATA[", "]]>",
    "\\[", "\\]", "\\[/box\\]", "<!-- wp:shortcode -->", "<!-- /wp:shortcode -->",
]  # fmt: skip

values = st.lists(st.sampled_from(VALUE_PIECES), max_size=4).map("".join)
names = st.sampled_from(ATTRIBUTE_NAMES)
around_equals = st.sampled_from(["", " ", "\u00a0"])


def _named(quote: str) -> Any:
    return st.builds(
        lambda name, left, right, value: f"{name}{left}={right}{quote}{value}{quote}",
        names,
        around_equals,
        around_equals,
        values,
    )


attribute = st.one_of(
    _named('"'),
    _named("'"),
    _named(""),
    values.map(lambda value: f'"{value}"'),
    values.map(lambda value: f"'{value}'"),
    values,
)


@st.composite
def opening_tag(draw: Any) -> str:
    name = draw(st.sampled_from(TAG_NAMES))
    parts = [draw(st.sampled_from(["[", "[", "[", "[["])), name]
    for item in draw(st.lists(attribute, max_size=4)):
        parts.append(draw(st.sampled_from(SEPARATORS)))
        parts.append(item)
    parts.append(draw(st.sampled_from(["", "", " ", "/", " /", "=v", "=http://x/"])))
    parts.append(draw(st.sampled_from(["]", "]", "]", "]]", ""])))
    return "".join(parts)


closing_tag = st.sampled_from(TAG_NAMES).map(lambda name: f"[/{name}]")
junk = st.lists(st.sampled_from(JUNK_PIECES), max_size=3).map("".join)
content = st.lists(st.one_of(opening_tag(), closing_tag, junk), max_size=8).map("".join)
batches = st.lists(content, min_size=20, max_size=40)


def _as_text(value: str) -> str:
    # The oracle sends invalid UTF-8 back as surrogate escapes; contentlint
    # shows such bytes as U+FFFD.
    return value.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _pairs(attrs: Any) -> List[Tuple[str, str]]:
    if attrs is None:
        return []
    if isinstance(attrs, list):
        return [(str(index), _as_text(value)) for index, value in enumerate(attrs)]
    return [(str(key), _as_text(value)) for key, value in attrs.items()]


def _engine_tags(result: Mapping[str, Any]) -> List[Dict[str, Any]]:
    return [
        {
            "tag": tag["tag"],
            "escaped": tag["escaped"],
            "self_closing": tag["self_closing"],
            "extra_open": bool(tag.get("extra_open")),
            "extra_close": bool(tag.get("extra_close")),
            "attrs": _pairs(tag["attrs"]),
            "content": None if tag["content"] is None else _as_text(tag["content"]),
        }
        for tag in engines.wp_tags(result)
    ]


def _our_tags(text: str) -> List[Dict[str, Any]]:
    document = wordpress.parse(text, REGISTERED, strict=True)
    elements = [r.span for r in wordpress.html_regions(text) if r.kind == "element"]
    tags = []
    for shortcode in document.shortcodes:
        if any(e.start <= shortcode.span.start < e.end for e in elements):
            continue  # run by WordPress's HTML-tag pass, not its main pass
        tags.append(_record(text, shortcode))
    return tags


def _record(text: str, shortcode: Shortcode) -> Dict[str, Any]:
    start, end = shortcode.span.start, shortcode.span.end
    content = None
    if shortcode.content_span is not None and not shortcode.escaped:
        content = wordpress.engine_content(text, shortcode.content_span)
    elif shortcode.content_span is not None:
        content = text[shortcode.content_span.start : shortcode.content_span.end]
    atts = wordpress.engine_atts(shortcode.attributes)
    return {
        "tag": shortcode.name,
        "escaped": shortcode.escaped,
        "self_closing": shortcode.form == "self-closing",
        "extra_open": not shortcode.escaped and start > 0 and text[start - 1] == "[",
        "extra_close": not shortcode.escaped and text[end : end + 1] == "]",
        "attrs": [(str(key), value) for key, value in atts.items()],
        "content": content,
    }


# The oracle's callbacks return this marker.  WordPress runs shortcodes inside
# HTML tags before its main pass, so such a marker can end up inside a value
# or content of a main-pass match: that text is a callback's output, which no
# parser can know, and only the structure of the match is compared.
CALLBACK_OUTPUT = "\x00SC"


def _without_callback_output(
    ours: List[Dict[str, Any]], engine: List[Dict[str, Any]]
) -> Tuple[List[Dict[str, Any]], List[Dict[str, Any]]]:
    if len(ours) != len(engine):
        return ours, engine
    for index, tag in enumerate(engine):
        seen = [value for _, value in tag["attrs"]] + [tag["content"] or ""]
        if any(CALLBACK_OUTPUT in value for value in seen):
            for side in (ours, engine):
                side[index] = {**side[index], "attrs": None, "content": None}
    return ours, engine


def _engine_results(texts: Sequence[str]) -> List[Tuple[str, Mapping[str, Any]]]:
    """WordPress's reading of each text, in one PHP run when possible.

    A shortcode inside a quoted HTML attribute makes WordPress sanitise the
    output with KSES, which needs runtime functions the oracle does not
    provide; such a text crashes the run.  Then every text is run on its own
    and the ones that crash are left out.
    """
    try:
        results = engines.wp_do_shortcode([(text, REGISTERED) for text in texts])
        return list(zip(texts, results))
    except engines.OracleError:
        pass
    kept: List[Tuple[str, Mapping[str, Any]]] = []
    for text in texts:
        try:
            (result,) = engines.wp_do_shortcode([(text, REGISTERED)])
        except engines.OracleError:
            continue
        kept.append((text, result))
    return kept


def _compare(texts: Sequence[str]) -> None:
    for text, result in _engine_results(texts):
        assert result["matches_agree"], text
        ours, engine = _without_callback_output(_our_tags(text), _engine_tags(result))
        assert ours == engine, text


@pytest.fixture(scope="module", autouse=True)
def _wordpress_available() -> None:
    reason = engines.wordpress_unavailable_reason()
    if reason is not None:
        pytest.skip(f"WordPress oracle unavailable: {reason}")


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    # Shrinking a batch through PHP takes minutes; the failure names its text.
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
)
@given(batches)
def test_generated_content_reads_like_wordpress(texts: List[str]) -> None:
    _compare(texts)


# Inputs the generator found once, or that are easy to get wrong: kept so that
# every run checks them.
REGRESSIONS = [
    '[box a="x]y"] [box a="x\\"y" b=2] [box a="unclosed b=2]',
    "[box\u00a0a=1] [box] [box.y] [box:y] [box-y]",
    "[box a=1]x[box]y[/box]z[/box] [box /]x[/box]",
    "[[box]] [[[box]]] [[box] [b]] [[box a=1]x[/box]]",
    '[box a="<b>x</b>" c="<unclosed" d="a>b"] <!-- [box] --> [box x=<![CDATA[ ]]>]',
    '[box -5="x" y 0="z" 7=q w] [box a="" \'\' "" c]',
    '[box a="1"\u202fb="2"] [box a="1"\u200bb="2"] [box a="\u00a0\u00a0x"]',
    "[box url=http://x.com/] [box=https://wordpress.org/] [b=1/]",
    '[box a="\\x41\\101\\q\\" b="\\xff"]',
    # (A shortcode inside an HTML tag inside a value would be replaced by its
    # output before the value is read: no parser can know that output.)
    '<p [box]> [box a="<a href=\'[/b]\'>"] [box title="a<b"] x [box] y',
    # `[name=value]`, shortcode blocks, numeric keys then positional values,
    # and Markdown's backslash escapes, which WordPress does not know.
    "[box=https://x.com/?v=1&w=2] [box=v w] [box =v]",
    "<!-- wp:shortcode -->\n[box]\n<!-- /wp:shortcode -->\n",
    "<!-- wp:shortcode -->[b /]<!-- /wp:shortcode --> <!-- wp:shortcode {} -->[Tag]",
    '[box 5="x" y 6=z w] [box a b 1=c] [box 2=x 0=y z] [box -1=a b]',
    "\\[box a=1\\]x\\[/box\\] [box]y\\[/box\\] [box]z[/box\\]",
]


def test_regressions() -> None:
    _compare(REGRESSIONS)


# What the linter reads without knowing the registered names (the text's own
# evidence), against WordPress with the names registered.
EVIDENCE = [
    # A Shortcode block: an attribute-less run is a shortcode.
    ("<!-- wp:shortcode -->\n[site_url]\n<!-- /wp:shortcode -->\n", ["site_url"]),
    ("<!-- wp:shortcode -->[recent-posts /]<!-- /wp:shortcode -->", ["recent-posts"]),
    # The documented `[name=value]` form: one positional value `=value`.
    ("[youtube=https://example.com/watch?v=abc]", ["youtube"]),
    ("[youtube=https://example.com/v w=1 x]", ["youtube"]),
    # A numeric key, then positional values: PHP's next integer key.
    ('[gallery 5="x" y ids="1,2" z]', ["gallery"]),
    ('[gallery a b 1="c" d]', ["gallery"]),
]


@pytest.mark.parametrize(("text", "registered"), EVIDENCE)
def test_evidence_reads_like_wordpress(text: str, registered: List[str]) -> None:
    (result,) = engines.wp_do_shortcode([(text, registered)])
    known = [] if "wp:shortcode" in text else registered
    document = wordpress.parse(text, known)
    ours = [_record(text, shortcode) for shortcode in document.shortcodes]
    assert ours == _engine_tags(result)


@pytest.mark.parametrize(("text", "registered"), EVIDENCE)
def test_inventory_index_is_the_engine_key(text: str, registered: List[str]) -> None:
    from contentlint.inventory import positional_indexes

    (result,) = engines.wp_do_shortcode([(text, registered)])
    for shortcode, tag in zip(wordpress.parse(text, registered).shortcodes, _engine_tags(result)):
        indexes = positional_indexes(shortcode)
        rebuilt: Dict[str, str] = {}
        for attribute, index in zip(shortcode.attributes, indexes):
            key = attribute.name if index is None else str(index)
            rebuilt[str(key)] = attribute.value
        engine = dict(tag["attrs"])
        assert sorted(rebuilt.items()) == sorted(engine.items()), text
        positional = [index for index in indexes if index is not None]
        assert all(str(index) in engine for index in positional), text


@pytest.mark.parametrize(
    "text",
    [
        "[caption]A cat\\[/caption\\]",
        '\\[caption id="a"\\]A cat\\[/caption\\]',
        "[caption]A \\[b\\] cat[/caption]",
    ],
)
def test_a_backslash_escaped_closing_tag_closes_nothing(text: str) -> None:
    # WordPress does not know Markdown: `[/caption\]` is text to it, never a
    # closing tag; contentlint reads no tag named `caption\` either.
    (result,) = engines.wp_do_shortcode([(text, ["caption"])])
    engine = _engine_tags(result)
    ours = wordpress.parse(text, ["caption"])
    assert "\\[/caption]" not in [tag["content"] for tag in engine]
    assert all(not s.name.endswith("\\") for s in ours.shortcodes)
    # Where both read a tag, they agree on its form.
    for shortcode in ours.shortcodes:
        record = _record(text, shortcode)
        assert record in engine, text
