"""Fixing what WordPress's real texturizer does to shortcode attribute quotes.

Two sources of truth: the texturize conformance cases of
``research/wp_texturize_cases.json`` (all of them), and the real
``wptexturize`` run by the PHP oracle on generated shortcodes that are not
registered (so their quotes get curled), in English and with the quote
glyphs of the de_DE, fr_FR and he_IL translations (research/wordpress.md
§8.3).  Fixing the texturized text must give the original back.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Mapping, Optional, Sequence, Tuple

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from contentlint import wordpress
from contentlint.fixer import apply_edits, fix_text
from contentlint.model import Diagnostic
from contentlint.rules.base import RuleContext
from contentlint.rules.quotes import RULES
from contentlint.settings import Settings
from contentlint.source import Source
from tests.oracles import engines

# The conformance cases, kept as test data.
CASES_FILE = Path(__file__).resolve().parent / "data" / "wp_texturize_cases.json"

DELIMITER_CODES = {"QT001", "QT002", "QT003"}


def lint(text: str, known: Sequence[str]) -> List[Diagnostic]:
    source = Source.from_text("post.html", text)
    context = RuleContext(source, wordpress.parse(source.text, tuple(known)), Settings())
    return [d for rule in RULES for d in rule.check(context)]


def fix(text: str, known: Sequence[str]) -> str:
    outcome = fix_text(text, lambda t: lint(t, known))
    assert outcome.converged
    return outcome.text


QUOTE_GLYPHS = set("\"'“”„‟″‘’‚‛′«»‹›")


def assert_only_delimiters_change(text: str, known: Sequence[str]) -> None:
    """Every edit the fixer makes turns one quote mark (in any spelling) into a straight quote."""
    outcome = fix_text(text, lambda t: lint(t, known))
    assert outcome.passes <= 1
    edits = [edit for d in outcome.fixed if d.fix is not None for edit in d.fix.edits]
    assert apply_edits(text, edits) == outcome.text
    for edit in edits:
        replaced = html.unescape(text[edit.span.start : edit.span.end]).replace("\u00a0", "")
        assert edit.content in ('"', "'")
        assert len(replaced) == 1 and replaced in QUOTE_GLYPHS, replaced


# -- the conformance cases ----------------------------------------------------------------------


def load_cases() -> List[object]:
    cases: List[object] = json.loads(CASES_FILE.read_text(encoding="utf-8"))
    return cases


# Cases whose texturized output has damaged shortcode delimiters: the fix
# must give the input back exactly.
REVERSIBLE = {
    "test_unregistered_shortcodes#5",  # [randomthing param=&#8221;test&#8221;]
    "derived#0",  # English: =&#8221;…&#8243; after a digit
    "derived#2",  # single quotes: =&#8217;…&#8242;
    "derived#3",
    "derived#4",  # '22' and '99': the year-abbreviation rule
    "derived#8",  # empty values
    "derived#11",  # inside <p>
    "derived#12",  # [box=&#8221;1&#8243;]
    "derived#13",  # a=&#8221;1<2" — only the first quote was curled
    "derived#14",  # an unregistered tag inside a registered one
    "derived#15",  # de_DE: =&#8220;…&#8220;
    "derived#16",  # fr_FR: = »…» with NBSP, &Prime;
    "derived#17",  # he_IL: &quot;
}

# The texturizer also changed characters inside the values: only the
# delimiters are fixed, the rest is QT005's to report.
INSIDE_VALUES = {
    "derived#6": '[card title="Don&#8217;t stop" name="O&#8217;Brien"]',
    "derived#7": '[card text="a &#8212; b" dots="&#8230;" x="3&#215;4" '
    'url="http://example.com/?a=1&#038;b=2"]',
}


@pytest.mark.parametrize("case", load_cases(), ids=lambda case: str(case["id"]))
def test_texturize_case(case: Mapping[str, object]) -> None:
    known = tuple(str(name) for name in case["registered"])  # type: ignore[attr-defined]
    source, output = str(case["input"]), str(case["output"])
    fixed = fix(output, known)
    if case["id"] in REVERSIBLE:
        assert fixed == source
    elif case["id"] in INSIDE_VALUES:
        assert fixed == INSIDE_VALUES[str(case["id"])]
        assert {d.code for d in lint(fixed, known)} == (
            {"QT005"} if case["id"] == "derived#7" else set()
        )
    else:
        # Prose, HTML, comments, registered tags, texturized text that is no
        # shortcode with damaged values: nothing to fix, nothing changes.
        assert fixed == output
    assert fix(fixed, known) == fixed


def test_positional_values_of_a_configured_name() -> None:
    # derived#5: no name=value attribute, so only a configured name makes it a shortcode.
    texturized = "[card &#8220;positional value&#8221; 42 &#8220;7&#8221;]"
    assert fix(texturized, ()) == texturized
    assert fix(texturized, ("card",)) == '[card "positional value" 42 "7"]'


# -- the real texturizer on generated shortcodes -------------------------------------------

ENGLISH: Optional[Dict[str, str]] = None
LOCALES: Dict[str, Optional[Dict[str, str]]] = {
    "en": ENGLISH,
    "de_DE": {
        "opening_double": "&#8222;",
        "closing_double": "&#8220;",
        "opening_single": "&#8218;",
        "closing_single": "&#8216;",
        "apostrophe": "&#8217;",
        "prime": "&#8242;",
        "double_prime": "&#8243;",
    },
    "fr_FR": {
        "opening_double": "\u00ab\u00a0",
        "closing_double": "\u00a0\u00bb",
        "opening_single": "&lsquo;",
        "closing_single": "&rsquo;",
        "apostrophe": "&rsquo;",
        "prime": "&prime;",
        "double_prime": "&Prime;",
    },
    "fr_FR-2014": {
        "opening_double": "&laquo;&nbsp;",
        "closing_double": "&nbsp;&raquo;",
        "opening_single": "&lsquo;",
        "closing_single": "&rsquo;",
        "apostrophe": "&rsquo;",
        "prime": "&prime;",
        "double_prime": "&Prime;",
    },
    "he_IL": {
        "opening_double": "&quot;",
        "closing_double": "&quot;",
        "opening_single": "'",
        "closing_single": "'",
        "apostrophe": "'",
        "prime": "'",
        "double_prime": "&quot;",
    },
}
APOSTROPHE = {"en": "&#8217;", "de_DE": "&#8217;", "fr_FR": "&rsquo;", "fr_FR-2014": "&rsquo;",
              "he_IL": "'"}  # fmt: skip

TAG = "covid19-ultimate-card"
# Characters the texturizer leaves alone inside a value: no dashes, dots,
# "x" (3x4), "&", brackets or quotes.
PLAIN = "abcdefghijklmnopqrstuvwyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789#%:,_مصرالإماراتעברית"
WORD = st.text(alphabet=PLAIN, min_size=1, max_size=8)
APOSTROPHE_WORD = st.sampled_from(["Don't", "O'Brien", "it's", "rock'n"])
NAME = st.sampled_from(["region", "bg-color", "rtl", "region-name", "label", "a", "b", "c"])


@dataclass(frozen=True)
class Shortcode:
    attributes: Tuple[Tuple[Optional[str], str, str], ...]  # (name, delimiter, value)

    def text(self) -> str:
        parts = []
        for name, delimiter, value in self.attributes:
            quoted = f"{delimiter}{value}{delimiter}"
            parts.append(quoted if name is None else f"{name}={quoted}")
        return f"[{TAG} {' '.join(parts)}]"

    def expected(self, apostrophe: str) -> str:
        """The original, except that apostrophes inside double-quoted values stay curled."""
        parts = []
        for name, delimiter, value in self.attributes:
            if delimiter == '"':
                value = value.replace("'", apostrophe)
            quoted = f"{delimiter}{value}{delimiter}"
            parts.append(quoted if name is None else f"{name}={quoted}")
        return f"[{TAG} {' '.join(parts)}]"


@st.composite
def shortcodes(draw: st.DrawFn) -> Shortcode:
    attributes: List[Tuple[Optional[str], str, str]] = []
    for name in draw(st.lists(NAME, min_size=1, max_size=5, unique=True)):
        delimiter = draw(st.sampled_from(['"', "'", ""]))
        if delimiter == '"':
            words = st.one_of(WORD, APOSTROPHE_WORD)
            value = " ".join(draw(st.lists(words, max_size=3)))
        elif delimiter == "'":
            # Never empty: the texturizer turns '' into one closing double quote.
            value = " ".join(draw(st.lists(WORD, min_size=1, max_size=3)))
        else:
            value = draw(WORD)
        attributes.append((name, delimiter, value))
    if draw(st.booleans()):
        value = " ".join(draw(st.lists(WORD, min_size=1, max_size=3)))
        position = draw(st.integers(0, len(attributes)))
        attributes.insert(position, (None, draw(st.sampled_from(['"', "'"])), value))
    return Shortcode(tuple(attributes))


def texturize(texts: Sequence[str], locale: str) -> List[str]:
    return engines.wp_texturize([(text, []) for text in texts], quotes=LOCALES[locale])


@pytest.fixture(scope="module")
def wordpress_oracle() -> None:
    reason = engines.wordpress_unavailable_reason()
    if reason is not None:
        pytest.skip(f"WordPress oracle unavailable: {reason}")


@pytest.mark.usefixtures("wordpress_oracle")
@settings(max_examples=60, deadline=None)
@given(
    batch=st.lists(shortcodes(), min_size=20, max_size=30),
    locale=st.sampled_from(sorted(LOCALES)),
    rendered=st.booleans(),
)
def test_real_texturizer_output_is_fixed_back(
    batch: List[Shortcode], locale: str, rendered: bool
) -> None:
    """``rendered``: copied from a browser (entities shown as characters), else from HTML."""
    sources = [shortcode.text() for shortcode in batch]
    outputs = texturize(sources, locale)
    for shortcode, source, output in zip(batch, sources, outputs):
        damaged = html.unescape(output) if rendered else output
        apostrophe = html.unescape(APOSTROPHE[locale]) if rendered else APOSTROPHE[locale]
        expected = shortcode.expected(apostrophe)
        text = f"Before “prose”.\n{damaged}\nAfter.\n"
        fixed = fix(text, (TAG,))
        assert fixed == f"Before “prose”.\n{expected}\nAfter.\n", (source, output)
        assert fix(fixed, (TAG,)) == fixed
        assert not {d.code for d in lint(fixed, (TAG,))} & DELIMITER_CODES
        assert_only_delimiters_change(text, (TAG,))


@pytest.mark.usefixtures("wordpress_oracle")
def test_the_demo_card_through_every_locale() -> None:
    source = (
        '[covid19-ultimate-card region="EG" region-name="مصر" bg-color="#0c3278" '
        'rtl=\'true\' last-update="Y-m-d H:i" last-update-label="تم تحديث البيانات في :"]'
    )
    for locale in sorted(LOCALES):
        (output,) = texturize([source], locale)
        assert output != source
        for damaged in (output, html.unescape(output)):
            assert fix(damaged, ()) == source, (locale, damaged)
