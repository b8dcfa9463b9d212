"""WordPress exports against the real importer's reading and WordPress's own parser.

Generated exports (CDATA, split CDATA, entities and mixes; Arabic text; CRLF
line ends; damaged quotes) are read by PHP's XML extension the way the
importer reads them, and ``do_shortcode`` runs on every post body.  The
bodies contentlint reads must be the ones WordPress stores, and the
shortcodes it lists inside them must be exactly those WordPress finds,
before and after ``--fix``.
"""

from __future__ import annotations

from typing import Any, Dict, List, Sequence, Tuple

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contentlint import config, fixer, linter, wordpress
from contentlint.containers import export as export_check
from contentlint.containers import wxr
from contentlint.model import Span
from contentlint.settings import Registry
from contentlint.source import Source
from tests.oracles import engines
from tests.wxr_exports import exports

# WordPress's own shortcodes: the names a site always has.
REGISTERED = ["audio", "caption", "embed", "gallery", "playlist", "video", "wp_caption"]


@pytest.fixture(autouse=True)
def _need_importer() -> None:
    reason = engines.wordpress_import_unavailable_reason()
    if reason:
        pytest.skip(reason)


def _context(path: str) -> linter.FileContext:
    settings_ = config.ConfigLoader(None, {}).settings_for(path)
    return linter.FileContext(settings_, Registry())


def _engine_tags(result: Dict[str, Any]) -> List[Tuple[str, bool, List[Tuple[str, str]]]]:
    tags = []
    for tag in engines.wp_tags(result):
        attrs = tag["attrs"]
        pairs: List[Tuple[str, str]] = []
        if isinstance(attrs, list):
            pairs = [(str(i), v) for i, v in enumerate(attrs)]
        elif isinstance(attrs, dict):
            pairs = [(str(k), v) for k, v in attrs.items()]
        tags.append((tag["tag"], bool(tag["escaped"]), pairs))
    return tags


def _listed(text: str) -> Dict[Tuple[str, str], List[Tuple[str, bool, List[Tuple[str, str]]]]]:
    """What contentlint lists per post body, top level and outside HTML tags.

    WordPress's recording callbacks do not run nested shortcodes, and it runs
    those inside HTML tags in a pass of their own, before the main one.
    """
    source = Source.from_text("export.xml", text)
    records, problems = export_check.occurrences(source, _context("/tmp/export.xml"))
    assert not problems
    skipped: List[Span] = []
    for body in wxr.scan(text):
        assert isinstance(body, wxr.Body)
        for region in wordpress.html_regions(body.text):
            if region.kind == "element":
                skipped.append(body.offsets.span(region.span))
    listed: Dict[Tuple[str, str], List[Tuple[str, bool, List[Tuple[str, str]]]]] = {}
    outer: List[Span] = []
    for record in records:
        span = Span(record["offset"], record["end_offset"])
        if any(o.start <= span.start and span.end <= o.end for o in outer):
            continue
        outer.append(span)
        if any(s.start <= span.start < s.end for s in skipped):
            continue
        positional = 0
        pairs = []
        for attribute in record["attributes"]:
            if attribute["name"] is None:
                pairs.append((str(positional), attribute["value"]))
                positional += 1
            else:
                pairs.append((attribute["name"], attribute["value"]))
        key = (record["post"]["id"], record["post"]["field"])
        listed.setdefault(key, []).append((record["name"], record["escaped"], pairs))
    return listed


def _compare(texts: Sequence[str]) -> List[Dict[str, Any]]:
    results = engines.wp_import([(text, REGISTERED) for text in texts])
    for text, result in zip(texts, results):
        assert result["well_formed"], result["errors"]
        ours = [b for b in wxr.scan(text) if isinstance(b, wxr.Body)]
        theirs = result["posts"]
        # Every body as the importer stores it, and the post it belongs to.
        assert [(b.post.post_id, b.post.title, b.post.post_type, b.text) for b in ours] == [
            (p["post_id"], p["title"], p["post_type"], p[field])
            for p in theirs
            for field in ("content", "excerpt")
        ]
        listed = _listed(text)
        for post in theirs:
            for field in ("content", "excerpt"):
                want = _engine_tags(post[f"{field}_shortcodes"])
                assert listed.get((post["post_id"], field), []) == want, (field, post[field])
    return results


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(exports(), min_size=8, max_size=8))
def test_listed_shortcodes_are_wordpress_s_before_and_after_fix(batch: list) -> None:  # type: ignore[type-arg]
    texts = [text for text, _ in batch]
    _compare(texts)
    fixed_texts = []
    for text in texts:
        source = Source.from_text("export.xml", text)
        context = _context("/tmp/export.xml")
        outcome = export_check.check_export(source, context, fix=True)
        after = outcome.text if outcome.text is not None else text
        # The decoded bodies are what the WordPress-dialect fix gives on them.
        posts = export_check.post_context(context)
        for before, body in zip(
            [b for b in wxr.scan(text) if isinstance(b, wxr.Body)],
            [b for b in wxr.scan(after) if isinstance(b, wxr.Body)],
        ):
            document = export_check.post_source("export.xml", before.text)
            expected = fixer.fix_text(before.text, linter.linter_for(document, posts)).text
            assert body.text == expected
        fixed_texts.append(after)
    results = _compare(fixed_texts)
    for result in results:
        for post in result["posts"]:
            for field in ("content", "excerpt"):
                for tag in engines.wp_tags(post[f"{field}_shortcodes"]):
                    values = tag["attrs"].values() if isinstance(tag["attrs"], dict) else []
                    assert not any("\u201d" in v or "\u2033" in v for v in values), tag


def test_damaged_export_is_found_named_and_fixed_into_what_wordpress_reads() -> None:
    text = (
        '<?xml version="1.0" encoding="UTF-8"?>\r\n'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"'
        ' xmlns:wp="http://wordpress.org/export/1.2/">\r\n<channel>\r\n<item>\r\n'
        "<title>\u0645\u0639\u0631\u0636</title>\r\n"
        "<content:encoded><![CDATA[\u0635\u0648\u0631\r\n"
        "[gallery ids=\u201d1,2\u2033 columns=\u201d3\u2033]]]></content:encoded>\r\n"
        "<wp:post_id>42</wp:post_id>\r\n<wp:post_type>page</wp:post_type>\r\n"
        "</item>\r\n</channel>\r\n</rss>\r\n"
    )
    source = Source.from_text("export.xml", text)
    context = _context("/tmp/export.xml")
    found = export_check.check_export(source, context).located
    assert [(d.line, d.column, d.code) for d in found] == [(7, 10, "QT001"), (7, 20, "QT001")]
    assert all(d.message.startswith("post 42 '\u0645\u0639\u0631\u0636' (page): ") for d in found)
    before = engines.wp_import([(text, REGISTERED)])[0]["posts"][0]
    assert _engine_tags(before["content_shortcodes"])[0][2] == [
        ("ids", "\u201d1,2\u2033"),
        ("columns", "\u201d3\u2033"),
    ]
    fixed = export_check.check_export(source, context, fix=True).text
    assert fixed is not None
    after = engines.wp_import([(fixed, REGISTERED)])[0]
    assert after["well_formed"]
    assert _engine_tags(after["posts"][0]["content_shortcodes"]) == [
        ("gallery", False, [("ids", "1,2"), ("columns", "3")])
    ]
