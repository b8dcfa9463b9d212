"""A large text is checked in pieces, and the findings are those of the whole text.

``linter.check`` parses a text above ``segments.LARGE_TEXT`` characters a
piece at a time, so that only one piece's document is alive (the memory
promise of ``test_large_file``).  Here the thresholds are lowered so that
short texts are cut too, and every check is compared with the check of the
same text whole.
"""

from __future__ import annotations

import random
from contextlib import contextmanager
from typing import Iterator, List, Tuple

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from contentlint import linter, segments
from contentlint.index import DocumentIndex
from contentlint.model import Diagnostic, Dialect
from contentlint.settings import Registry, Settings
from contentlint.source import Source

LATIN = "Plain prose a writer typed, with a few words and nothing to report at all."
ARABIC = (
    "\u0642\u0627\u0644 \u0627\u0644\u0645\u062a\u062d\u062f\u062b \u0625\u0646 "
    "\u0627\u0644\u0648\u0632\u0627\u0631\u0629 \u0633\u062a\u0639\u0644\u0646 "
    "\u062e\u0637\u0629 \u062c\u062f\u064a\u062f\u0629 \u0627\u0644\u064a\u0648\u0645."
)
CARD = "covid19-ultimate-card"

# Paragraphs (a blank line between each) with what reaches across paragraphs:
# enclosing pairs, unclosed tags, code and HTML regions, reference
# definitions, flags learned from other tags, and damage to find.
WORDPRESS_PARAGRAPHS = [
    LATIN,
    ARABIC,
    '[gallery ids="1,2,3" columns="3"]',
    "[gallery ids=\u201d4,5\u201d]",
    "Words [caption]a caption[/caption] in a line.",
    "[box]",
    "[/box]",
    "[audio mp3='/a.mp3' loop='off'",
    "[audio mp3='/b.mp3']",
    f'[{CARD} region="EG" rtl="true"]',
    f'[{CARD} region="\u0645\u0635\u0631"]',
    "[custom-thing]",
    "[custom-thing size=large]",
    "Read [the guide] first.",
    "[the guide]: https://example.com/guide",
    "```\n[embed]https://example.com/v[/embed]\n\n[gallery ids=\u201d9\u201d]\n```",
    "<!-- a comment\n\n[gallery ids=\u201d7\u201d]\n\nthat ends here -->",
    '<div dir="rtl">',
    "</div>",
    "Reversed \u202etext with an override left open.",
    "Text with a NUL\x00 in it.",
]
HUGO_PARAGRAPHS = [
    LATIN,
    ARABIC,
    '{{< figure src="a.jpg" title="A" >}}',
    "{{< figure src=\u201db.jpg\u201d >}}",
    "{{< note >}}",
    "{{< /note >}}",
    '{{% details title="More" %}}Inside{{% /details %}}',
    '{{< figure src="c.jpg" title="unterminated >}}',
    "{{< highlight go >}}\n\nfunc main() {}\n\n{{< /highlight >}}",
    "```\n{{< figure src=\u201dd.jpg\u201d >}}\n\n{{< note >}}\n```",
    '{{< figure src=`a.jpg title="A" >}}',  # a raw string Hugo reads to the next backtick
    "Reversed \u202etext with an override left open.",
]
FRONT_MATTER = ["", "---\ntitle: A page\n---\n\n", "---\ntitle: x\nlang: ar\n---\n\n"]


@contextmanager
def _pieces(large: int, piece: int) -> Iterator[None]:
    saved = segments.LARGE_TEXT, segments.PIECE_TEXT
    segments.LARGE_TEXT, segments.PIECE_TEXT = large, piece
    try:
        yield
    finally:
        segments.LARGE_TEXT, segments.PIECE_TEXT = saved


def _check(text: str, dialect: str) -> List[Diagnostic]:
    context = linter.FileContext(Settings(dialect=dialect), Registry())
    return linter.check(Source.from_text("page.md", text), context)


def _both(text: str, dialect: str) -> Tuple[List[Diagnostic], List[Diagnostic], List[int]]:
    """(findings of the text whole, findings in pieces, where it was cut)."""
    whole = _check(text, dialect)
    with _pieces(200, 60):
        cuts = segments.cuts(text, Dialect(dialect), DocumentIndex(text).code_spans)
        pieces = _check(text, dialect)
    return whole, pieces, cuts


def _text(paragraphs: List[str], front_matter: str = "") -> str:
    return front_matter + "\n\n".join(paragraphs) + "\n"


PARAGRAPHS = {"wordpress": WORDPRESS_PARAGRAPHS, "hugo": HUGO_PARAGRAPHS}


@pytest.mark.parametrize("dialect", ["wordpress", "hugo"])
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_a_text_in_pieces_has_the_findings_of_the_whole(dialect: str, data: st.DataObject) -> None:
    front_matter = data.draw(st.sampled_from(FRONT_MATTER))
    paragraphs = data.draw(st.lists(st.sampled_from(PARAGRAPHS[dialect]), min_size=4, max_size=40))
    whole, pieces, _ = _both(_text(paragraphs, front_matter), dialect)
    assert pieces == whole


@pytest.mark.parametrize("dialect", ["wordpress", "hugo"])
def test_long_mixed_texts_are_cut_and_keep_their_findings(dialect: str) -> None:
    # The property above, on longer texts, also proves that cuts are made.
    paragraphs = PARAGRAPHS[dialect]
    cut = 0
    for seed in range(12):
        # Mostly prose, as pages are: a closing tag holds every cut since
        # the first opening tag of its name, in Hugo.
        weights = [8 if paragraph in (LATIN, ARABIC) else 1 for paragraph in paragraphs]
        chosen = random.Random(seed).choices(paragraphs, weights, k=80)
        whole, pieces, cuts = _both(_text(chosen), dialect)
        assert whole, "the texts hold damage to find"
        assert pieces == whole, f"seed {seed}"
        cut += bool(cuts)
    assert cut >= 6, "most of the texts were checked in pieces"


def _filler(count: int) -> List[str]:
    return [LATIN] * count


def test_a_flag_learned_after_a_cut_holds_for_the_tags_before_it() -> None:
    # The first card carries no rtl; only a later one shows the file's flag.
    paragraphs = [f'[{CARD} region="\u0645\u0635\u0631"]', *_filler(12), f'[{CARD} rtl="true"]']
    whole, pieces, cuts = _both(_text(paragraphs), "wordpress")
    assert cuts
    assert [d.code for d in whole if d.code == "RTL001"] == ["RTL001"]
    assert pieces == whole


def test_an_unclosed_tag_runs_past_code_that_holds_a_closing_bracket() -> None:
    paragraphs = [
        "[audio mp3='/a.mp3' loop='off'",
        "```\n[embed]https://example.com/v[/embed]\n```",
        *_filler(6),
        "[audio mp3='/b.mp3' loop='off']",
        *_filler(6),
    ]
    whole, pieces, cuts = _both(_text(paragraphs), "wordpress")
    assert cuts
    assert any(d.code == "SC001" for d in whole)
    assert pieces == whole


def test_a_name_shown_to_be_a_shortcode_after_a_cut_is_one_before_it() -> None:
    # WordPress runs only registered names; a later tag with a value shows
    # that the bare one at the start is a shortcode too.
    paragraphs = ["[custom-thing]", *_filler(12), "[custom-thing size=\u201dlarge\u201d]"]
    text = _text(paragraphs)
    whole, pieces, cuts = _both(text, "wordpress")
    assert cuts
    assert pieces == whole
    document = linter.parse(
        Source.from_text("page.md", text),
        linter.FileContext(Settings(dialect="wordpress"), Registry()),
    )
    assert [s.name for s in document.shortcodes] == ["custom-thing", "custom-thing"]


def test_a_reference_definition_after_a_cut_makes_a_link_before_it() -> None:
    paragraphs = ["Read [the guide] first.", *_filler(12), "[the guide]: https://example.com"]
    whole, pieces, cuts = _both(_text(paragraphs), "wordpress")
    assert cuts
    assert pieces == whole


def test_the_direction_of_a_document_is_judged_on_all_of_its_pieces() -> None:
    # Left-to-right at first, right-to-left over the whole: one RTL005.
    paragraphs = [*_filler(4), *[ARABIC] * 30]
    whole, pieces, cuts = _both(_text(paragraphs, "---\ntitle: x\n---\n\n"), "hugo")
    assert cuts
    assert [d.code for d in whole] == ["RTL005"]
    assert pieces == whole


@pytest.mark.parametrize(
    "paragraph",
    [
        "<!-- contentlint-disable-next-line QT001 -->",  # suppressions are the whole file's
    ],
)
def test_a_text_with_a_suppression_comment_is_checked_whole(paragraph: str) -> None:
    text = _text([paragraph, *_filler(40)])
    with _pieces(200, 60):
        assert segments.cuts(text, Dialect.WORDPRESS, ()) == []
        assert segments.cuts(_text(_filler(41)), Dialect.WORDPRESS, ())


def test_a_hugo_text_with_two_summary_dividers_is_checked_whole() -> None:
    text = _text(["<!--more-->", *_filler(20), "<!--more-->", *_filler(20)])
    with _pieces(200, 60):
        assert segments.cuts(text, Dialect.HUGO, ()) == []
    # One divider is read the same way whole or in pieces.
    whole, pieces, cuts = _both(_text([*_filler(3), "<!--more-->", *_filler(20)]), "hugo")
    assert cuts and pieces == whole


@pytest.mark.parametrize(
    ("dialect", "opening", "closing"),
    [
        ("wordpress", "[box]", "[/box]"),
        ("wordpress", "<!-- a comment", "-->"),
        ("wordpress", "[gallery ids='1'", "]"),
        ("hugo", "{{< note >}}", "{{< /note >}}"),
        ("hugo", '{{< figure src="a.jpg"', ">}}"),
    ],
)
def test_no_cut_falls_between_an_opening_and_its_end(
    dialect: str, opening: str, closing: str
) -> None:
    paragraphs = [*_filler(3), opening, *_filler(20), closing, *_filler(3)]
    text = _text(paragraphs)
    start, end = text.index(opening), text.rindex(closing)
    with _pieces(200, 60):
        cuts = segments.cuts(text, Dialect(dialect), DocumentIndex(text).code_spans)
    assert not [cut for cut in cuts if start < cut <= end]


def test_a_hugo_string_that_runs_past_its_tag_has_the_text_checked_whole() -> None:
    # Hugo reads an unclosed raw string on to the next backtick or the end of
    # the text, past the tag's end and past any cut: a broken Hugo tag makes
    # the text checked whole, and its findings are the same.
    paragraphs = [*_filler(3), '{{< figure src=`a.jpg title="A" >}}', *_filler(20)]
    whole, pieces, cuts = _both(_text(paragraphs), "hugo")
    assert cuts
    assert any(d.code == "SC002" for d in whole)
    assert pieces == whole


def test_a_tag_the_engine_never_closes_holds_every_later_closing_tag() -> None:
    # WordPress closes the first [box] at the first [/box]; the inner [box]
    # is never closed, so no later [/box] is an orphan, however far.
    paragraphs = ["[box]", "[box]", *_filler(2), "[/box]", *_filler(8), "[/box]", *_filler(8)]
    paragraphs += ["[/box]", *_filler(8)]
    whole, pieces, cuts = _both(_text(paragraphs), "wordpress")
    assert cuts
    assert not [d for d in whole if d.code == "SC004"]
    assert pieces == whole


def test_a_name_present_after_a_cut_is_looked_for_before_it() -> None:
    # WordPress looks for the registered names the whole text holds as a
    # [name run: a later plain [gallery makes it run [gallery)ids at the start.
    paragraphs = ['[gallery)ids="1"]', *_filler(12), '[gallery ids="2"]']
    whole, pieces, cuts = _both(_text(paragraphs), "wordpress")
    assert cuts
    assert [d.code for d in whole] == ["SC006"]
    assert pieces == whole


@pytest.mark.parametrize("dialect", ["wordpress", "hugo"])
def test_no_cut_falls_inside_front_matter(dialect: str) -> None:
    front_matter = "---\ntitle: A page\n" + "".join(
        f"\nkey{number}: a value with words\n" for number in range(12)
    )
    text = _text(["{{< note >}}", *_filler(12)], front_matter + "---\n\n")
    body = text.index("{{< note >}}")
    whole, pieces, cuts = _both(text, dialect)
    assert cuts and min(cuts) > body
    assert pieces == whole


def test_a_misnesting_is_named_after_the_first_closing_tag_it_leaves_as_text() -> None:
    # [embed] closes while an inner [caption] and an inner [embed] are still
    # open: the next closing tag in the text, [/embed], is the one named,
    # whatever name the text closed first.
    paragraphs = [
        "Intro [caption]a[/caption].",
        *_filler(8),
        "[embed]x [caption]y [embed]z[/embed] after",
        "[/embed]",
        "[/caption]",
    ]
    whole, pieces, cuts = _both(_text(paragraphs), "wordpress")
    assert cuts
    (misnested,) = [d for d in whole if d.code == "SC005"]
    assert misnested.note is not None and misnested.note.endswith("later [/embed] as text")
    assert pieces == whole
