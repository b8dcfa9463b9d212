"""Right-to-left text detection (``contentlint.rtl``): SPEC "RTL text", research/rtl.md §0-§1."""

from __future__ import annotations

from typing import List, Set, Tuple

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from contentlint import rtl
from contentlint.model import Span

ARABIC_NEWS = (
    "قال المتحدث باسم الحكومة اليوم إن الوزارة ستعلن عن خطة جديدة لدعم المدارس في المدينة "
    "والمناطق المجاورة وأكد أن البيانات تشير إلى تحسن كبير في الخدمات الصحية خلال الأسبوع الماضي."
)
ENGLISH_NEWS = (
    "The city council said this week that the new report on public health shows a clear "
    "improvement in local services, and the minister promised a national plan for schools. "
)


@pytest.mark.parametrize(
    ("text", "rtl_letters", "ltr_letters"),
    [
        ("مصر", 3, 0),
        ("Egypt (مصر)", 3, 5),
        # A Latin brand first: still mostly Arabic letters (research/rtl.md §1.4).
        ("iPhone 15 Pro متوفر الآن في مصر بسعر ٤٥٬٠٠٠ جنيه", 22, 9),
        # RLM is a strong character, but not a letter.
        ("\u200fhello", 0, 5),
        # Digits alone are neutral, Arabic-Indic or Persian.
        ("١٢٣٤ ۱۲۳۴", 0, 0),
        # Persian with ZWNJ: the joiner is not a letter and splits nothing.
        ("می\u200cخواهم کتاب\u200cها را بخوانم", 21, 0),
        # Hebrew gershayim is punctuation (bc=R, but not a letter).
        ("צה״ל הודיע", 8, 0),
        # A URL is not prose, even when it holds Arabic.
        ("زوروا https://example.com/ar/مصر اليوم", 10, 0),
        ("mail محمد@example.com now", 0, 7),
        ("`مصر` code", 0, 4),
        ("<span title='مصر'>hi</span>", 0, 2),
        ('[card region-name="مصر"] hello', 0, 5),
        ('{{< card title="مصر" >}} hello', 0, 5),
        ("&#1605;&rlm; ok", 0, 2),
        ("<!-- مصر --> ok", 0, 2),
        # A Markdown link's text is prose; its URL is not.
        ("[مصر](https://example.com/egypt) ok", 3, 2),
        ("", 0, 0),
        ("plain ascii words", 0, 15),
    ],
)
def test_letter_counts(text: str, rtl_letters: int, ltr_letters: int) -> None:
    assert rtl.letter_counts(text) == (rtl_letters, ltr_letters)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("مصر", True),
        ("الإمارات العربية المتحدة", True),
        ("تم تحديث البيانات في :", True),
        ("iPhone 15 Pro متوفر الآن في مصر", True),
        ("Egypt (مصر)", False),  # mixed: a ratio of 0.38
        ("Egypt", False),
        ("#0c3278", False),
        ("Y-m-d H:i", False),
        ("\u200f\u061c", False),  # marks only
        ("١٢٣", False),
        ("https://ar.wikipedia.org/wiki/مصر", False),
        ("", False),
    ],
)
def test_is_rtl_value(text: str, expected: bool) -> None:
    assert rtl.is_rtl_value(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (ARABIC_NEWS * 2, True),
        # An English article that quotes one Arabic name stays English.
        (ENGLISH_NEWS * 3 + "The striker محمد صلاح scored twice. " + ENGLISH_NEWS, False),
        # An Arabic article full of Latin brand names stays Arabic.
        (
            ARABIC_NEWS
            + " أعلنت Apple عن iPhone 16 Pro Max بينما كشفت Samsung عن Galaxy S25 في المعرض. "
            + ARABIC_NEWS,
            True,
        ),
        # Too short to decide a whole page: under 50 right-to-left letters.
        ("قال المتحدث باسم الحكومة اليوم", False),
        # One Arabic paragraph in a long English article.
        (ENGLISH_NEWS * 6 + ARABIC_NEWS + ENGLISH_NEWS * 6, False),
        (ENGLISH_NEWS * 4, False),
    ],
)
def test_is_rtl_document(text: str, expected: bool) -> None:
    assert rtl.is_rtl_document(text) is expected


def test_document_exclusions_cut_out_non_body_text() -> None:
    front_matter = "---\ntitle: " + ARABIC_NEWS * 3 + "\n---\n"
    text = front_matter + ENGLISH_NEWS
    assert rtl.is_rtl_document(text)
    assert not rtl.is_rtl_document(text, [Span(0, len(front_matter))])


def test_rtl_document_counts_reports_the_letters() -> None:
    counts = rtl.rtl_document_counts(ARABIC_NEWS * 2)
    assert counts is not None
    assert counts.rtl > 50
    assert counts.ratio == 1.0
    assert rtl.rtl_document_counts(ENGLISH_NEWS) is None


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("a `code` b", "a   b"),
        ("a <b>bold</b> c", "a  bold  c"),
        ('x [gallery ids="1,2"] y [/gallery] z', "x   y   z"),
        ("see [the docs](https://example.com) now", "see [the docs](  now"),
        ("write to a.b@example.org today", "write to   today"),
        ("AT&amp;T", "AT T"),
        ("a < b and c > d", "a < b and c > d"),
        ("unclosed `tick and <tag", "unclosed `tick and <tag"),
        ("www.example.com/x and more", "  and more"),
    ],
)
def test_prose_strips_non_prose(text: str, kept: str) -> None:
    assert rtl.prose(text) == kept


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("ar", True),
        ("ar-EG", True),
        ("fa_IR", True),
        ("he", True),
        ("iw", True),
        ("ckb", True),
        ("ur", True),
        ("ku-Arab", True),
        ("az-Arab", True),
        ("ku", False),  # script-dependent
        ("ku-Latn", False),
        ("sd-Deva", False),
        ("en", False),
        ("en-US", False),
        ("zh-Hant", False),
        ("", False),
    ],
)
def test_is_rtl_language(tag: str, expected: bool) -> None:
    assert rtl.is_rtl_language(tag) is expected


@pytest.mark.parametrize(
    "text",
    [
        "<a" * 20000 + "م",
        "[a " * 20000 + "م",
        "`x" * 20000 + "م",
        "a@" * 20000 + "م",
        "{{" * 20000 + "م",
        "&#" * 20000 + "م",
        "[" * 10000 + "]" * 10000 + "م",
        "http://" * 5000 + "م",
        "\x00\xff\ufffe\U0010ffff" * 1000,
    ],
)
def test_adversarial_inputs_are_counted(text: str) -> None:
    counts = rtl.letter_counts(text)
    assert 0 <= counts.rtl <= len(text)
    assert 0 <= counts.ltr <= len(text)


def _check_spans(text: str, spans: List[Span]) -> None:
    previous_end = 0
    for span in spans:
        assert previous_end <= span.start < span.end <= len(text)
        previous_end = span.end


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from([*"ab <>[]/`{}%&#;@.:= \n\"'", "م", "א", "\u200f", "https://"]),
        max_size=120,
    ).map("".join)
)
def test_non_prose_spans_are_ordered_and_inside_the_text(text: str) -> None:
    _check_spans(text, rtl.non_prose_spans(text))
    counts = rtl.letter_counts(text)
    assert counts.rtl <= text.count("م") + text.count("א")


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 60), st.integers(0, 60)), max_size=6), st.text(max_size=60)
)
def test_without_spans_keeps_only_text_outside_the_spans(
    bounds: List[Tuple[int, int]], text: str
) -> None:
    spans = [Span(min(a, b), max(a, b)) for a, b in bounds]
    kept = rtl.without_spans(text, spans)
    covered: Set[int] = set()
    for span in spans:
        covered.update(range(span.start, min(span.end, len(text))))
    outside = "".join(char for index, char in enumerate(text) if index not in covered)
    assert kept.replace("\n", "") == outside.replace("\n", "")


def test_the_quick_rtl_check_never_misses_a_right_to_left_letter() -> None:
    # The quick check lets a text with no character in the RTL blocks skip the
    # letter counts: every strong RTL letter must lie in those blocks.
    import regex

    letter = regex.compile(r"(?V1)[[\p{bc=R}\p{bc=AL}]&&\p{L}]")
    missed = [
        hex(code)
        for code in range(0x110000)
        if not 0xD800 <= code < 0xE000
        and letter.match(chr(code))
        and not rtl.may_hold_rtl_letters("a" + chr(code))
    ]
    assert missed == []


@pytest.mark.parametrize(
    ("text", "answer"),
    [("plain", False), ("“quoted” café", False), ("“quoted” مصر", True), ("שלום", True)],
)
def test_the_quick_rtl_check_answers_each_text(text: str, answer: bool) -> None:
    assert rtl.may_hold_rtl_letters(text) is answer
    # The answer kept for the last text is not reused for a different one.
    assert rtl.may_hold_rtl_letters(text + " x") is answer
