"""The WordPress export container: recognising, decoding, mapping back, writing back."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import List

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contentlint.containers import wxr
from contentlint.fixer import apply_edits
from contentlint.model import Edit, Span
from tests.wxr_exports import FRAGMENTS, PostSpec, export, exports

CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
EXCERPT = "{http://wordpress.org/export/1.2/excerpt/}encoded"


def parsed_bodies(text: str) -> List[str]:
    """Post bodies as a conforming XML parser (expat) reads them."""
    root = ET.fromstring(text.encode("utf-8"))
    found: List[str] = []
    for item in root.findall("channel/item"):
        for tag in (CONTENT, EXCERPT):
            element = item.find(tag)
            if element is not None:
                found.append(element.text or "")
    return found


def bodies(text: str) -> List[wxr.Body]:
    found = list(wxr.scan(text))
    problems = [item for item in found if isinstance(item, wxr.Problem)]
    assert not problems, problems
    return [item for item in found if isinstance(item, wxr.Body)]


# --------------------------------------------------------------------------- recognising

SITEMAP = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
    "<url><loc>https://example.org/[gallery ids=\u201d1\u2033]</loc></url></urlset>\n"
)
FEED = (
    '<?xml version="1.0"?>\n<rss version="2.0" '
    'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><item>'
    "<content:encoded><![CDATA[[gallery ids=\u201d1\u2033]]]></content:encoded>"
    "</item></channel></rss>\n"
)


@pytest.mark.parametrize(
    ("text", "is_export"),
    [
        (export([PostSpec(1, "t", "post", "x", "cdata")]), True),
        # The namespace decides, not the prefix or the declaration's place.
        ('<rss xmlns:x="http://wordpress.org/export/1.0/"><channel/></rss>', True),
        ("<!-- generator --><rss\n xmlns:wp='http://wordpress.org/export/1.1/'>", True),
        # WordPress.com exports (the theme unit test data) use https.
        ('<rss xmlns:wp="https://wordpress.org/export/1.2/"><channel/></rss>', True),
        (SITEMAP, False),
        (FEED, False),
        ('<?xml version="1.0"?><config><a>[b c=\u201dd\u201d]</a></config>', False),
    ],
)
def test_classify_by_namespace(text: str, is_export: bool) -> None:
    kind = wxr.classify(text)
    assert kind.export is is_export
    if not is_export:
        assert "not a post, skipped" in kind.reason or "skipped" in kind.reason


@pytest.mark.parametrize(
    ("path", "text", "expected"),
    [
        ("feed.xml", "<rss/>", True),
        ("Export.XML", "<rss/>", True),
        ("export.txt", '<?xml version="1.0"?>\n<rss/>', True),
        ("post.html", "<p>[gallery]</p>", False),
        ("post.txt", "<?xml-ish text", False),
        ("backup.txt", "\n<rss version='2.0'>", True),
        ("post.html", "<rssfeed>", False),
    ],
)
def test_looks_like_xml(path: str, text: str, expected: bool) -> None:
    assert wxr.looks_like_xml(path, text) is expected


# --------------------------------------------------------------------------- decoding

DECODING = [
    # (element content as written, decoded text)
    ("<![CDATA[a ”b″]]>", "a ”b″"),
    ("<![CDATA[x]]]]><![CDATA[>y]]>", "x]]>y"),
    ("a &amp; &lt;b&gt; &quot;c&quot; &apos;d&apos;", "a & <b> \"c\" 'd'"),
    ("&#8221;1&#x2033;", "”1″"),
    ("<![CDATA[a]]>&amp;<![CDATA[b]]>", "a&b"),
    ("a\r\nb\rc\nd", "a\nb\nc\nd"),
    ("<![CDATA[a\r\nb]]>", "a\nb"),
    ("a&#13;&#10;b", "a\r\nb"),
    ("a<!-- note -->b<?pi x?>c", "abc"),
    ("\u0645\u0631\u062d\u0628\u0627 &#1605;", "\u0645\u0631\u062d\u0628\u0627 \u0645"),
    ("", ""),
]


@pytest.mark.parametrize(("written", "decoded"), DECODING)
def test_decode_is_what_an_xml_parser_reads(written: str, decoded: str) -> None:
    text, offsets = wxr.decode(written)
    assert text == decoded
    element = ET.fromstring(f"<e>{written}</e>".encode())
    assert "".join(element.itertext()) == decoded
    assert offsets.length == len(decoded)


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("a &nbsp; b", "&nbsp; is not defined"),
        ("a & b", "'&' that starts no entity"),
        ("a <b>x</b>", "markup inside a post body"),
        ("<![CDATA[never", "never closed"),
        ("a ]]> b", "']]>' outside a CDATA section"),
        ("&#0;", "not defined"),
    ],
)
def test_decode_refuses_what_the_parser_refuses(written: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        wxr.decode(written)


def test_offsets_map_each_character_to_what_wrote_it() -> None:
    written = "<![CDATA[a\r\n]]>&#8221;<!--c-->b&amp;"
    text, offsets = wxr.decode(written)
    assert text == "a\n”b&"
    pieces = [written[offsets.start(i) : offsets.end(i + 1)] for i in range(len(text))]
    assert pieces == ["a", "\r\n", "&#8221;", "b", "&amp;"]
    assert offsets.span(Span(1, 3)) == Span(10, 22)
    assert offsets.span(Span(5, 5)) == Span(len(written), len(written))


# --------------------------------------------------------------------------- scanning


def test_scan_names_each_post_and_reads_both_bodies() -> None:
    posts = [
        PostSpec(7, "A & B", "page", "[gallery ids=”1″]", "escaped", excerpt="short"),
        PostSpec(9, "مقال", "post", "x]]>y", "cdata"),
    ]
    found = bodies(export(posts, "\r\n"))
    assert [(b.post, b.field, b.text) for b in found] == [
        (wxr.Post("A & B", "7", "page"), "content", "[gallery ids=”1″]"),
        (wxr.Post("A & B", "7", "page"), "excerpt", "short"),
        (wxr.Post("مقال", "9", "post"), "content", "x]]>y"),
        (wxr.Post("مقال", "9", "post"), "excerpt", ""),
    ]


def test_scan_reads_only_items_of_the_channel_and_first_bodies() -> None:
    text = (
        '<rss xmlns:wp="http://wordpress.org/export/1.2/" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        "<wp:author><content:encoded>no</content:encoded></wp:author>"
        "<item><content:encoded>first</content:encoded>"
        "<content:encoded>second</content:encoded>"
        "<wp:postmeta><wp:meta_value><![CDATA[<item>]]></wp:meta_value></wp:postmeta>"
        "</item></channel></rss>"
    )
    assert [b.text for b in bodies(text)] == ["first"]


def test_scan_finds_the_content_element_by_namespace() -> None:
    text = (
        '<rss xmlns:wp="http://wordpress.org/export/1.2/" '
        'xmlns:c="http://purl.org/rss/1.0/modules/content/"><channel>'
        "<item><c:encoded>mine</c:encoded></item></channel></rss>"
    )
    assert [b.text for b in bodies(text)] == ["mine"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("<rss xmlns:wp='http://wordpress.org/export/1.2/'><channel></rss>", "</channel>"),
        (
            "<rss xmlns:wp='http://wordpress.org/export/1.2/'><channel><item>"
            "<content:encoded>a &nbsp;</content:encoded></item></channel></rss>",
            "&nbsp;",
        ),
        ("<rss xmlns:wp='http://wordpress.org/export/1.2/'><channel>", "not closed"),
    ],
)
def test_scan_reports_what_the_parser_refuses(text: str, message: str) -> None:
    problems = [p for p in wxr.scan(text) if isinstance(p, wxr.Problem)]
    assert problems and message in problems[0].message
    assert 0 <= problems[0].offset <= len(text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(exports())
def test_scan_reads_what_expat_reads(generated: tuple) -> None:  # type: ignore[type-arg]
    text, _ = generated
    assert [b.text for b in bodies(text)] == parsed_bodies(text)


# --------------------------------------------------------------------------- writing back

WRITE_BACK = [
    # (content as written, decoded edit (start, end, content), content after)
    ("<![CDATA[a ”1″]]>", (2, 3, '"'), '<![CDATA[a "1″]]>'),
    ("a &#8221;1&#8243;", (2, 3, '"'), 'a "1&#8243;'),
    ("a &quot;x&#8221;", (4, 5, '"'), "a &quot;x&quot;"),
    ("<![CDATA[a]]>", (1, 1, "]]>"), "<![CDATA[a]]]]><![CDATA[>]]>"),
    ("<![CDATA[a]]]]>", (3, 3, ">"), "<![CDATA[a]]]]><![CDATA[>]]>"),
    ("<![CDATA[]]x>]]>", (2, 3, ""), "<![CDATA[]]]]><![CDATA[>]]>"),
    ("a]]x&gt;", (3, 4, ""), "a]]&gt;"),
    ("a]]x>", (3, 4, ""), "a]]&gt;"),
    ("<![CDATA[ab]]>cd", (1, 3, "<&"), "<![CDATA[a<&]]>d"),
    ("ab<![CDATA[cd]]>", (1, 3, "<&"), "a&lt;&amp;<![CDATA[d]]>"),
    ("<![CDATA[a\r\nb]]>", (1, 1, "\n"), "<![CDATA[a\r\n\r\nb]]>"),
    ("<![CDATA[ab]]>", (1, 1, "\r"), "<![CDATA[a]]>&#13;<![CDATA[b]]>"),
]


@pytest.mark.parametrize(("written", "edit", "after"), WRITE_BACK)
def test_encode_edit(written: str, edit: tuple, after: str) -> None:  # type: ignore[type-arg]
    decoded, offsets = wxr.decode(written)
    start, end, content = edit
    encoded = wxr.encode_edit(written, offsets, Edit(Span(start, end), content))
    result = apply_edits(written, [encoded])
    assert result == after
    expected = decoded[:start] + content + decoded[end:]
    assert "".join(ET.fromstring(f"<e>{result}</e>".encode()).itertext()) == expected


@st.composite
def edited_exports(draw: st.DrawFn) -> tuple:  # type: ignore[type-arg]
    text, _ = draw(exports())
    found = bodies(text)
    body = draw(st.sampled_from(found))
    count = draw(st.integers(1, 3))
    points = sorted(draw(st.lists(st.integers(0, len(body.text)), min_size=2 * count)))
    edits = []
    for index in range(0, 2 * count, 2):
        start, end = points[index], points[index + 1]
        if edits and start <= edits[-1].span.end:
            continue
        content = "".join(draw(st.lists(st.sampled_from((*FRAGMENTS, '"', "]")), max_size=2)))
        if start == end and not content:
            continue
        edits.append(Edit(Span(start, end), content))
    return text, found.index(body), edits


def test_edits_that_close_up_twice_are_written_as_one() -> None:
    # The third insertion's ]]> is split, which widens it back over the
    # second; once merged, the pair widens back over the first.
    text = (
        '<rss xmlns:wp="http://wordpress.org/export/1.2/"'
        ' xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><item>'
        "<content:encoded><![CDATA[[gallery ids=\u201d5\u2033]]]></content:encoded>"
        "</item></channel></rss>"
    )
    (body,) = bodies(text)
    edits = [Edit(Span(0, 0), "[a]"), Edit(Span(1, 1), "[b]"), Edit(Span(2, 2), "]]>")]
    encoded = wxr.encode_edits(text, body.text, body.offsets, edits)
    assert [b.text for b in bodies(apply_edits(text, encoded))] == [apply_edits(body.text, edits)]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edited_exports())
def test_written_back_edits_decode_to_the_edited_text(case: tuple) -> None:  # type: ignore[type-arg]
    text, index, edits = case
    body = bodies(text)[index]
    encoded = wxr.encode_edits(text, body.text, body.offsets, edits)
    mapped = [body.offsets.span(edit.span) for edit in edits]
    for written in encoded:
        # Only the edits' own ranges change, widened by at most the two
        # characters around them that a split ]]> has to rewrite (edits
        # that close up are written as one).
        group = [m for m in mapped if m.start <= written.span.end and written.span.start <= m.end]
        assert group
        assert group[0].start - 2 <= written.span.start
        assert written.span.end <= group[-1].end + 2
    for span in mapped:
        assert any(w.span.start <= span.start and span.end <= w.span.end for w in encoded)
    result = apply_edits(text, encoded)
    expected = [b.text for b in bodies(text)]
    expected[index] = apply_edits(body.text, edits)
    assert parsed_bodies(result) == expected
    assert [b.text for b in bodies(result)] == expected


# --------------------------------------------------------------------------- the export check


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(exports())
def test_fixing_an_export_fixes_each_body_as_the_wordpress_fix_would(generated: tuple) -> None:  # type: ignore[type-arg]
    from contentlint import fixer, linter
    from contentlint.containers import export as export_check
    from contentlint.settings import Registry, Settings
    from contentlint.source import Source

    text, _ = generated
    context = linter.FileContext(Settings(known=frozenset({"gallery", "caption"})), Registry())
    outcome = export_check.check_export(Source.from_text("e.xml", text), context, fix=True)
    after = text if outcome.text is None else outcome.text
    before_bodies, after_bodies = bodies(text), bodies(after)
    posts = export_check.post_context(context)
    expected = []
    for body in before_bodies:
        document = export_check.post_source("e.xml", body.text)
        expected.append(fixer.fix_text(body.text, linter.linter_for(document, posts)).text)
    assert [b.text for b in after_bodies] == expected
    assert parsed_bodies(after) == expected

    # Outside the post bodies, not a byte changed.
    def outside(source: str, found: List[wxr.Body]) -> List[str]:
        cuts = [
            0,
            *(x for b in found for x in (b.offsets.file_start, b.offsets.file_end)),
            len(source),
        ]
        return [source[a:b] for a, b in zip(cuts[::2], cuts[1::2])]

    assert outside(after, after_bodies) == outside(text, before_bodies)
    # Fixing again changes nothing.
    again = export_check.check_export(Source.from_text("e.xml", after), context, fix=True)
    assert again.text is None
