"""QT001-QT005: damaged delimiters of shortcode attribute values, end to end.

Every case goes text -> dialect parser -> quote rules -> fixer, and states
the diagnostics as (line, column, code) and the text after the safe fixes
(and, where it differs, after the unsafe ones).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Dict, List, Optional, Sequence, Tuple

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from contentlint import hugo, wordpress
from contentlint.fixer import fix_text
from contentlint.model import Applicability, Diagnostic, Dialect, Document, Severity
from contentlint.rules.base import RuleContext
from contentlint.rules.quotes import RULES
from contentlint.settings import Settings
from contentlint.source import Source

WP = Dialect.WORDPRESS
HUGO = Dialect.HUGO
QT_CODES = {rule.code for rule in RULES}


def parse(text: str, dialect: Dialect, known: Sequence[str] = ()) -> Document:
    if dialect is WP:
        return wordpress.parse(text, known)
    return hugo.parse(text, {"x": False, "card": False, "figure": False})


def lint(
    text: str, dialect: Dialect, settings: Optional[Settings] = None, known: Sequence[str] = ()
) -> List[Diagnostic]:
    source = Source.from_text("post.md", text)
    context = RuleContext(source, parse(source.text, dialect, known), settings or Settings())
    found = [d for rule in RULES for d in rule.check(context)]
    return sorted(found, key=lambda d: (d.span.start, d.code))


def positions(text: str, diagnostics: Sequence[Diagnostic]) -> List[Tuple[int, int, str]]:
    source = Source.from_text("post.md", text)
    return [(*source.position(d.span.start), d.code) for d in diagnostics]


def fixed(
    text: str, dialect: Dialect, *, unsafe: bool = False, config: Optional[Settings] = None
) -> str:
    return fix_text(text, lambda t: lint(t, dialect, config), unsafe=unsafe).text


@dataclass(frozen=True)
class Case:
    dialect: Dialect
    text: str
    expected: Tuple[Tuple[int, int, str], ...]
    after_fix: str
    after_unsafe_fix: Optional[str] = None

    def __str__(self) -> str:
        return f"{self.dialect.value}:{self.text!r}"


def case(
    dialect: Dialect,
    text: str,
    codes: Sequence[Tuple[int, str]],
    after: str,
    unsafe: Optional[str] = None,
) -> Case:
    """A one-line case: ``codes`` are (column, code) on line 1."""
    return Case(dialect, text, tuple((1, column, code) for column, code in codes), after, unsafe)


NBSP = "\u00a0"

# One entry per delimiter character: "[x a=<open>v<close> b=1]" in WordPress.
TYPOGRAPHIC_PAIRS = [
    ("\u201d", "\u201d", '"'),  # ” ” English texturizer
    ("\u201d", "\u2033", '"'),  # ” ″ value ending in a digit
    ("\u201c", "\u201d", '"'),  # “ ” word processor
    ("\u201c", "\u201c", '"'),  # “ “ German texturizer after =
    ("\u201e", "\u201c", '"'),  # „ “ German
    ("\u201f", "\u201d", '"'),  # ‟ ”
    ("\u2033", "\u2033", '"'),  # ″ ″
    ("\u00ab", "\u00bb", '"'),  # « »
    ("\u00bb", "\u00ab", '"'),  # » « (reversed, typed in an LTR editor)
    (NBSP + "\u00bb", NBSP + "\u00bb", '"'),  # French texturizer after =
    ("\u00ab" + NBSP, NBSP + "\u00bb", '"'),  # French typography
    ("\uff02", "\uff02", '"'),  # ＂ fullwidth
    ("\u2019", "\u2019", "'"),  # ’ ’ English texturizer, single quotes
    ("\u2019", "\u2032", "'"),  # ’ ′ value ending in a digit
    ("\u2018", "\u2019", "'"),  # ‘ ’
    ("\u201a", "\u2018", "'"),  # ‚ ‘ German
    ("\u201b", "\u2019", "'"),  # ‛ ’
    ("\u2032", "\u2032", "'"),  # ′ ′
    ("\u2039", "\u203a", "'"),  # ‹ ›
    ("\uff07", "\uff07", "'"),  # ＇ fullwidth
]

ENTITY_PAIRS = [
    ("&#8221;", "&#8221;", '"'),
    ("&#8221;", "&#8243;", '"'),
    ("&#x201D;", "&#x201D;", '"'),
    ("&#x201d;", "&#x201d;", '"'),
    ("&#X201D;", "&#8221;", '"'),
    ("&rdquo;", "&rdquo;", '"'),
    ("&ldquo;", "&rdquo;", '"'),
    ("&bdquo;", "&ldquo;", '"'),
    ("&#8222;", "&#8220;", '"'),
    ("&rdquo;", "&Prime;", '"'),
    ("&laquo;&nbsp;", "&nbsp;&raquo;", '"'),
    ("&nbsp;&raquo;", "&nbsp;&raquo;", '"'),
    ("&#171;&#160;", "&#160;&#187;", '"'),
    ("&quot;", "&quot;", '"'),
    ("&#34;", "&#34;", '"'),
    ("&#x22;", "&quot;", '"'),
    ("&amp;#8221;", "&amp;#8221;", '"'),
    ("&amp;#8221;", "&amp;#8243;", '"'),
    ("&amp;amp;rdquo;", "&amp;amp;rdquo;", '"'),
    ("&#8217;", "&#8217;", "'"),
    ("&#8217;", "&#8242;", "'"),
    ("&rsquo;", "&rsquo;", "'"),
    ("&lsquo;", "&rsquo;", "'"),
    ("&sbquo;", "&lsquo;", "'"),
    ("&rsquo;", "&prime;", "'"),
    ("&#39;", "&#39;", "'"),
    ("&#039;", "&#039;", "'"),
    ("&apos;", "&apos;", "'"),
    # UTF-8 read as Windows-1252 (undefined bytes kept as C1 controls)...
    ("â€\x9d", "â€\x9d", '"'),
    ("â€œ", "â€\x9d", '"'),
    ("â€\x9d", "â€³", '"'),
    ("â€ž", "â€œ", '"'),
    ("â€™", "â€™", "'"),
    ("â€˜", "â€™", "'"),
    ("â€™", "â€²", "'"),
    ("â€š", "â€˜", "'"),
    ("Â«", "Â»", '"'),
    # ... or lost, or replaced by U+FFFD ...
    ("â€", "â€", '"'),
    ("â€\ufffd", "â€\ufffd", '"'),
    # ... and UTF-8 read as Latin-1.
    ("â\x80\x9d", "â\x80\x9d", '"'),
    ("â\x80\x9c", "â\x80\x9d", '"'),
    ("â\x80\x9d", "â\x80³", '"'),
    ("â\x80\x99", "â\x80\x99", "'"),
    ("â\x80\x98", "â\x80\x99", "'"),
    ("â\x80\x99", "â\x80²", "'"),
]


def _pair_cases() -> List[Case]:
    cases = []
    for pairs, code in ((TYPOGRAPHIC_PAIRS, "QT001"), (ENTITY_PAIRS, "QT003")):
        for opening, closing, straight in pairs:
            cases.append(
                case(
                    WP,
                    f"[x a={opening}v{closing} b=1]",
                    [(4, code)],
                    f"[x a={straight}v{straight} b=1]",
                )
            )
            # Hugo has no single-quote delimiter: everything becomes ".
            cases.append(
                case(HUGO, f"{{{{< x a={opening}v{closing} >}}}}", [(7, code)], '{{< x a="v" >}}')
            )
    return cases


CASES = [
    *_pair_cases(),
    # QT001: the demo's card, mixed closing glyphs.
    case(
        WP,
        "[covid19-ultimate-card region=”EG” bg-color=”#0c3278″ rtl=”true”]",
        [(24, "QT001"), (36, "QT001"), (55, "QT001")],
        '[covid19-ultimate-card region="EG" bg-color="#0c3278" rtl="true"]',
    ),
    # A curly-quoted value with spaces is one attribute.
    case(
        WP, "[x a=“hello world” b=”2″]", [(4, "QT001"), (20, "QT001")], '[x a="hello world" b="2"]'
    ),
    # Positional values, curly-quoted.
    case(WP, "[x “a b” c=”d”]", [(4, "QT001"), (10, "QT001")], '[x "a b" c="d"]'),
    case(HUGO, "{{< x “a b” >}}", [(7, "QT001")], '{{< x "a b" >}}'),
    case(HUGO, "{{< x ”one” ”two” >}}", [(7, "QT001"), (13, "QT001")], '{{< x "one" "two" >}}'),
    # Other tag ends and notations.
    case(WP, "[x a=”v”/]", [(4, "QT001")], '[x a="v"/]'),
    case(WP, "[x a=”v” /]", [(4, "QT001")], '[x a="v" /]'),
    case(WP, "[x a=”v”]text[/x]", [(4, "QT001")], '[x a="v"]text[/x]'),
    case(HUGO, "{{% x a=”v” %}}", [(7, "QT001")], '{{% x a="v" %}}'),
    case(HUGO, "{{< x a=”v” />}}", [(7, "QT001")], '{{< x a="v" />}}'),
    case(HUGO, "{{< x a=”v”>}}", [(7, "QT001")], '{{< x a="v">}}'),
    # Whitespace around =, and a tag over two lines.
    case(WP, "[x a = ”v” b=1]", [(4, "QT001")], '[x a = "v" b=1]'),
    Case(WP, "[x a=1\n  b=”v”]", ((2, 3, "QT001"),), '[x a=1\n  b="v"]'),
    # Quotes inside a value stay: quotations, apostrophes, gershayim, guillemets.
    case(WP, "[x label=”He said “hi”” b=1]", [(4, "QT001")], '[x label="He said “hi”" b=1]'),
    case(
        WP,
        "[x t=”He said “hi” to you” b=”x”]",
        [(4, "QT001"), (28, "QT001")],
        '[x t="He said “hi” to you" b="x"]',
    ),
    case(WP, "[x title=”Don’t” b=1]", [(4, "QT001")], '[x title="Don’t" b=1]'),
    case(WP, "[x title=’Don’t stop’ b=1]", [(4, "QT001")], "[x title='Don’t stop' b=1]"),
    case(WP, "[x t=”צה״ל” b=1]", [(4, "QT001")], '[x t="צה״ל" b=1]'),
    case(WP, "[x t=”قال «نعم» اليوم” b=1]", [(4, "QT001")], '[x t="قال «نعم» اليوم" b=1]'),
    case(WP, "[x t=”«نعم»” b=1]", [(4, "QT001")], '[x t="«نعم»" b=1]'),
    case(HUGO, "{{< x t=”قال «نعم» اليوم” >}}", [(7, "QT001")], '{{< x t="قال «نعم» اليوم" >}}'),
    # Straight delimiters around inner curly quotes: nothing to report.
    case(WP, '[x t="He said “hi” to you" b="x"]', [], '[x t="He said “hi” to you" b="x"]'),
    case(HUGO, '{{< x t="He said “hi” to you" >}}', [], '{{< x t="He said “hi” to you" >}}'),
    case(HUGO, "{{< x t=`”raw”` >}}", [], "{{< x t=`”raw”` >}}"),
    case(WP, "[x a=\"EG\" b='x' c=plain]", [], "[x a=\"EG\" b='x' c=plain]"),
    # The value holds the straight quote: the fix must use another delimiter.
    case(
        WP,
        '[x a=”say "hi"” b=1]',
        [(4, "QT001")],
        '[x a=”say "hi"” b=1]',
        unsafe="[x a='say \"hi\"' b=1]",
    ),
    case(WP, "[x a=’it's’ b=1]", [(4, "QT001")], "[x a=’it's’ b=1]", unsafe='[x a="it\'s" b=1]'),
    case(
        WP,
        '[x a=”it\'s "x"” b=1]',
        [(4, "QT001")],
        '[x a=”it\'s "x"” b=1]',
        unsafe='[x a=”it\'s "x"” b=1]',
    ),
    case(
        HUGO,
        '{{< x a=”say "hi"” >}}',
        [(7, "QT001")],
        '{{< x a=”say "hi"” >}}',
        unsafe='{{< x a=`say "hi"` >}}',
    ),
    case(HUGO, '{{< x a=”say \\"hi\\"” >}}', [(7, "QT001")], '{{< x a="say \\"hi\\"" >}}'),
    case(HUGO, "{{< x a=’it's’ >}}", [(7, "QT001")], '{{< x a="it\'s" >}}'),
    # QT002: one straight delimiter.
    case(WP, '[x a="v” b="w"]', [(4, "QT002")], '[x a="v" b="w"]'),
    case(WP, '[x a=”v" b="w"]', [(4, "QT002")], '[x a="v" b="w"]'),
    case(WP, '[x a="#0c3278″ b=1]', [(4, "QT002")], '[x a="#0c3278" b=1]'),
    case(WP, "[x a='v’ b=1]", [(4, "QT002")], "[x a='v' b=1]"),
    case(WP, "[x a=’v' b=1]", [(4, "QT002")], "[x a='v' b=1]"),
    case(HUGO, '{{< x a="v” >}}', [(7, "QT002")], '{{< x a="v" >}}'),
    case(HUGO, "{{< x a='v’ >}}", [(7, "QT002")], '{{< x a="v" >}}'),
    # QT003 also owns a mix of an entity and a straight quote.
    case(WP, '[x a="v&#8221; b=1]', [(4, "QT003")], '[x a="v" b=1]'),
    case(
        WP, "[randomthing param=&#8221;test&#8221;]", [(14, "QT003")], '[randomthing param="test"]'
    ),
    case(WP, "[x a=&quot;צה&quot;ל&quot; b=1]", [(4, "QT003")], '[x a="צה&quot;ל" b=1]'),
    # QT004, Hugo: ' is not a delimiter.
    case(HUGO, "{{< figure src='a.png' >}}", [(12, "QT004")], '{{< figure src="a.png" >}}'),
    case(
        HUGO,
        "{{< x a='A chart' b='c' >}}",
        [(7, "QT004"), (19, "QT004")],
        '{{< x a="A chart" b="c" >}}',
    ),
    case(HUGO, "{{< x 'v' >}}", [(7, "QT004")], '{{< x "v" >}}'),
    case(
        HUGO,
        "{{< x a='say \"hi\"' >}}",
        [(7, "QT004")],
        "{{< x a='say \"hi\"' >}}",
        unsafe='{{< x a=`say "hi"` >}}',
    ),
    # QT004, WordPress: off unless selected by its code.
    case(WP, "[x a='v' b=\"w\"]", [], "[x a='v' b=\"w\"]"),
    # QT005: texturizer output in values (no fix).
    case(WP, '[x size="640&#215;360"]', [(4, "QT005")], '[x size="640&#215;360"]'),
    case(WP, '[x url="/?a=1&#038;b=2"]', [(4, "QT005")], '[x url="/?a=1&#038;b=2"]'),
    case(WP, '[x t="a &amp;#8211; b"]', [(4, "QT005")], '[x t="a &amp;#8211; b"]'),
    case(WP, "[x size=640×360]", [(4, "QT005")], "[x size=640×360]"),
    case(WP, "[x t=”a — b”]", [(4, "QT001"), (4, "QT005")], '[x t="a — b"]'),
    case(WP, "[x t=”wait…” u=1]", [(4, "QT001"), (4, "QT005")], '[x t="wait…" u=1]'),
    case(WP, '[x t="a — b" u=1]', [], '[x t="a — b" u=1]'),
    case(WP, '[x t="a &amp; b" u="a&#38;b"]', [], '[x t="a &amp; b" u="a&#38;b"]'),
    case(HUGO, '{{< x size="640&#215;360" >}}', [(7, "QT005")], '{{< x size="640&#215;360" >}}'),
    # Never in prose, never in escaped tags.
    case(WP, 'He said “hi” [x a="b"] and “bye”.', [], 'He said “hi” [x a="b"] and “bye”.'),
    case(WP, "[[x a=”b”]]", [], "[[x a=”b”]]"),
    case(HUGO, "{{</* x a=”b” */>}}", [], "{{</* x a=”b” */>}}"),
    case(
        HUGO,
        'He said “hi” {{< x a="b" >}} and ‘bye’.',
        [],
        'He said “hi” {{< x a="b" >}} and ‘bye’.',
    ),
]


@pytest.mark.parametrize("item", CASES, ids=str)
def test_case(item: Case) -> None:
    diagnostics = lint(item.text, item.dialect)
    assert positions(item.text, diagnostics) == sorted(item.expected, key=lambda p: (p[1], p[2]))
    assert fixed(item.text, item.dialect) == item.after_fix
    expected_unsafe = item.after_unsafe_fix or item.after_fix
    assert fixed(item.text, item.dialect, unsafe=True) == expected_unsafe


@pytest.mark.parametrize("item", CASES, ids=str)
def test_fixing_twice_changes_nothing(item: Case) -> None:
    once = fixed(item.text, item.dialect, unsafe=True)
    assert fixed(once, item.dialect, unsafe=True) == once
    remaining = {d.code for d in lint(once, item.dialect) if d.fix is not None}
    assert not remaining & {"QT001", "QT002", "QT003", "QT004"}


@pytest.mark.parametrize(
    ("text", "dialect", "note"),
    [
        (
            "[covid19-ultimate-card region=”EG”]",
            WP,
            "region is delimited by U+201D RIGHT DOUBLE QUOTATION MARK; "
            "WordPress will read it as ”EG”",
        ),
        (
            "[x bg-color=”#0c3278″]",
            WP,
            "bg-color is delimited by U+201D RIGHT DOUBLE QUOTATION MARK and U+2033 DOUBLE "
            "PRIME; WordPress will read it as ”#0c3278″",
        ),
        (
            "[x a=1 x=“hello world”]",
            WP,
            "x is delimited by U+201C LEFT DOUBLE QUOTATION MARK and U+201D RIGHT DOUBLE "
            "QUOTATION MARK; WordPress splits it: x = “hello and positional value 0 = world”",
        ),
        (
            "[x rtl=”true”]",
            WP,
            "rtl is delimited by U+201D RIGHT DOUBLE QUOTATION MARK; WordPress will read it as "
            "”true”, so the shortcode cannot read the rtl flag",
        ),
        (
            "[x a=1 dir=’rtl’]",
            WP,
            "dir is delimited by U+2019 RIGHT SINGLE QUOTATION MARK; WordPress will read it as "
            "’rtl’, so the shortcode cannot read the dir flag",
        ),
        (
            '[x a="v” b="w"]',
            WP,
            "a opens with a straight quote and closes with U+201D RIGHT DOUBLE QUOTATION MARK; "
            'WordPress reads it as positional value 0 = a="v”, so a is not set',
        ),
        (
            "[x a=&#8221;EG&#8221;]",
            WP,
            "a is delimited by the entity &#8221; (U+201D RIGHT DOUBLE QUOTATION MARK); "
            "WordPress will read it as &#8221;EG&#8221;",
        ),
        (
            "[x a=\u00a0»EG\u00a0»]",
            WP,
            "a is delimited by U+00BB RIGHT-POINTING DOUBLE ANGLE QUOTATION MARK with a no-break "
            "space; WordPress splits it: a = »EG and positional value 0 = »",
        ),
        (
            "{{< figure src=”a.png” >}}",
            HUGO,
            "src is delimited by U+201D RIGHT DOUBLE QUOTATION MARK; Hugo keeps the quotes in "
            "the value and will read it as ”a.png”",
        ),
        (
            "{{< x title=“a b” >}}",
            HUGO,
            "title is delimited by U+201C LEFT DOUBLE QUOTATION MARK and U+201D RIGHT DOUBLE "
            "QUOTATION MARK; Hugo will fail: it ends the value at the first space and cannot "
            "read the rest",
        ),
        (
            "{{< x “a” >}}",
            HUGO,
            "positional value 1 (“a”) is delimited by U+201C LEFT DOUBLE QUOTATION MARK and "
            "U+201D RIGHT DOUBLE QUOTATION MARK; Hugo will fail: unrecognized character in "
            "shortcode action: U+201C '“'",
        ),
        (
            "{{< x rtl=”true” >}}",
            HUGO,
            "rtl is delimited by U+201D RIGHT DOUBLE QUOTATION MARK; Hugo keeps the quotes in "
            "the value and will read it as ”true”, so the shortcode cannot read the rtl flag",
        ),
        (
            '{{< x a="v” >}}',
            HUGO,
            "a opens with a straight quote and closes with U+201D RIGHT DOUBLE QUOTATION MARK; "
            "Hugo will fail: unterminated quoted string in shortcode parameter-argument",
        ),
        (
            '{{< x a="v” b="w" >}}',
            HUGO,
            "a opens with a straight quote and closes with U+201D RIGHT DOUBLE QUOTATION MARK; "
            "Hugo will read it as v” b=; then named and positional parameters are mixed; Hugo "
            "will fail: got positional parameter 'w'. Cannot mix named and positional parameters"
            "; more problems may follow in this tag once it is fixed",
        ),
        (
            "{{< figure src='a.png' >}}",
            HUGO,
            "src is delimited by ' (U+0027 APOSTROPHE); Hugo does not read ' as a delimiter "
            "and will read it as 'a.png'",
        ),
        (
            "{{< x 'a' >}}",
            HUGO,
            "positional value 1 ('a') is delimited by ' (U+0027 APOSTROPHE); Hugo will fail: "
            "unrecognized character in shortcode action: U+0027 '''",
        ),
    ],
)
def test_note_says_how_the_engine_reads_it(text: str, dialect: Dialect, note: str) -> None:
    diagnostics = [d for d in lint(text, dialect) if d.code != "QT005"]
    assert [d.note for d in diagnostics] == [note]
    # The exact characters are in the note, not in the message.
    assert all("U+" not in d.message for d in diagnostics)


def test_spans_and_edits_follow_the_spec_example() -> None:
    text = "[covid19-ultimate-card region=”EG” rtl=”true”]"
    source = Source.from_text("post.md", text)
    first = lint(text, WP)[0]
    assert first.code == "QT001"
    assert first.name == "typographic-quote-delimiter"
    assert first.severity is Severity.ERROR
    assert source.position(first.span.start) == (1, 24)
    assert source.position(first.span.end) == (1, 35)
    assert first.fix is not None
    assert first.fix.applicability is Applicability.SAFE
    assert first.fix.message == "use straight quotes"
    assert [
        (source.position(e.span.start), source.position(e.span.end), e.content)
        for e in first.fix.edits
    ] == [((1, 31), (1, 32), '"'), ((1, 34), (1, 35), '"')]


def test_unsafe_fix_says_why() -> None:
    (diagnostic,) = lint('[x a=”say "hi"” b=1]', WP)
    assert diagnostic.fix is not None
    assert diagnostic.fix.applicability is Applicability.UNSAFE
    assert diagnostic.note is not None and 'contains "' in diagnostic.note
    assert diagnostic.message.endswith("run contentlint check --fix --unsafe-fixes")
    (none,) = lint('[x a=”it\'s "x"” b=1]', WP)
    assert none.fix is None
    assert none.note is not None and "no fix" in none.note
    assert none.message.endswith("type straight quotes by hand")


def test_qt005_is_a_warning_without_fix() -> None:
    (diagnostic,) = lint('[x size="640&#215;360"]', WP)
    assert diagnostic.severity is Severity.WARNING
    assert diagnostic.fix is None
    assert diagnostic.note is not None
    assert "&#215; (U+00D7 MULTIPLICATION SIGN" in diagnostic.note


def test_wordpress_mixed_styles_when_selected_by_code() -> None:
    text = "[x a='v' b=\"w\" c='say \"hi\"']"
    for selected in (
        Settings(extend_select=("QT004",)),
        Settings(select=("QT004",)),
        Settings(select=("ALL",)),
    ):
        (diagnostic,) = lint(text, WP, selected)
        assert diagnostic.code == "QT004"
        assert diagnostic.severity is Severity.WARNING
        assert positions(text, [diagnostic]) == [(1, 4, "QT004")]
        assert diagnostic.note is not None and "1 of them contain" in diagnostic.note
        assert fixed(text, WP, config=selected) == '[x a="v" b="w" c=\'say "hi"\']'
    assert lint(text, WP, Settings(extend_select=("QT",))) == []
    assert lint("[x a='v' b='w']", WP, Settings(extend_select=("QT004",))) == []


def test_hugo_single_quotes_are_errors() -> None:
    (diagnostic,) = lint("{{< figure src='a.png' >}}", HUGO)
    assert diagnostic.severity is Severity.ERROR
    assert diagnostic.fix is not None and diagnostic.fix.applicability is Applicability.SAFE


def test_direction_flag_from_the_configured_schema() -> None:
    from contentlint.settings import ShortcodeSchema

    configured = Settings(schemas={"card": ShortcodeSchema(direction_flag='lang-dir="rtl"')})
    (diagnostic,) = lint("[card lang-dir=”rtl”]", WP, configured)
    assert diagnostic.note is not None
    assert diagnostic.note.endswith("so the shortcode cannot read the lang-dir flag")
    assert diagnostic.message.startswith("the shortcode will not see its lang-dir flag: ")
    (plain,) = lint("[card lang-dir=”rtl”]", WP)
    assert plain.note is not None and "flag" not in plain.note + plain.message


# -- the demo article -----------------------------------------------------------------------


def demo_article() -> str:
    path = Path(__file__).parents[1] / "examples" / "arabic-news-covid-cards.txt"
    return path.read_text(encoding="utf-8")


ENTITY_OR_CHARACTER = re.compile(r"&#?[0-9A-Za-z]+;|.", re.DOTALL)


def changed_characters(before: str, after: str) -> List[Tuple[str, str]]:
    """(old, new) for every replaced run, compared character by character.

    An entity counts as one character: its digits never align with a digit of
    the text (``“&#8220; „0″`` against ``"" "0"``).
    """
    old, new = ENTITY_OR_CHARACTER.findall(before), ENTITY_OR_CHARACTER.findall(after)
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    return [
        ("".join(old[i1:i2]), "".join(new[j1:j2]))
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
    ]


def test_demo_article_is_fixed_delimiters_only() -> None:
    text = demo_article()
    diagnostics = lint(text, WP)
    assert [d.code for d in diagnostics] == ["QT001"] * 71
    assert all(d.fix is not None and d.fix.applicability is Applicability.SAFE for d in diagnostics)
    outcome = fix_text(text, lambda t: lint(t, WP))
    assert outcome.converged
    assert len(outcome.fixed) == 71
    assert outcome.remaining == ()
    changes = changed_characters(text, outcome.text)
    assert len(changes) == 142
    assert sorted(set(changes)) == [("”", '"'), ("″", '"')]
    assert changes.count(("″", '"')) == 4
    # The prose quotation stays, and so does every Arabic letter.
    assert "“لا توجد أي مفاوضات" in outcome.text
    assert "عنها”." in outcome.text
    assert [c for c in outcome.text if "\u0600" <= c <= "\u06ff"] == [
        c for c in text if "\u0600" <= c <= "\u06ff"
    ]
    assert lint(outcome.text, WP) == []


@pytest.mark.parametrize(
    ("name", "transform"),
    [
        ("crlf", lambda t: t.replace("\n", "\r\n")),
        ("cr", lambda t: t.replace("\n", "\r")),
        ("mixed", lambda t: t.replace("\n\n", "\r\n\n", 3)),
        ("no-final-newline", lambda t: t.rstrip("\n")),
        ("final-newline", lambda t: t.rstrip("\n") + "\n"),
    ],
)
@pytest.mark.parametrize("bom", [False, True])
def test_demo_article_variants_keep_their_bytes(name: str, transform: object, bom: bool) -> None:
    text = transform(demo_article())  # type: ignore[operator]
    data = (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")
    source = Source.from_bytes("post.txt", data)
    outcome = fix_text(source.text, lambda t: lint(t, WP))
    written = source.encode(outcome.text)
    expected = text.replace("”", '"').replace("″", '"')
    # Only the tags hold ” and ″; the prose uses “…” with an opening “.
    prose_quote = "متمسكون بأرضهم وسيدافعون عنها”."
    expected = expected.replace(prose_quote.replace("”", '"'), prose_quote)
    assert written == (b"\xef\xbb\xbf" if bom else b"") + expected.encode("utf-8")


# -- property: texturize, fix, get the original back ----------------------------------------

# Glyphs a texturizer (or a word processor) writes for each role, per locale
# (research/wordpress.md §8.2/§8.3), in the spellings that reach content:
# the raw character a browser shows, or the entity the HTML source holds.
LOCALES: Dict[str, Dict[str, Tuple[str, ...]]] = {
    "en": {
        "after_equals": ("\u201d", "&#8221;"),
        "double_open": ("\u201c", "&#8220;"),
        "double_close": ("\u201d", "&#8221;", "&rdquo;"),
        "double_prime": ("\u2033", "&#8243;"),
        "single_open": ("\u2018", "&#8216;"),
        "single_close": ("\u2019", "&#8217;"),
        "apostrophe": ("\u2019",),
        "prime": ("\u2032", "&#8242;"),
    },
    "de_DE": {
        "after_equals": ("\u201c", "&#8220;"),
        "double_open": ("\u201e", "&#8222;"),
        "double_close": ("\u201c", "&#8220;"),
        "double_prime": ("\u2033", "&#8243;"),
        "single_open": ("\u201a", "&#8218;"),
        "single_close": ("\u2018", "&#8216;"),
        "apostrophe": ("\u2019",),
        "prime": ("\u2032", "&#8242;"),
    },
    "fr_FR": {
        "after_equals": (NBSP + "\u00bb", "&nbsp;&raquo;"),
        "double_open": ("\u00ab" + NBSP, "&laquo;&nbsp;"),
        "double_close": (NBSP + "\u00bb", "&nbsp;&raquo;"),
        "double_prime": ("&Prime;", "\u2033"),
        "single_open": ("&lsquo;",),
        "single_close": ("&rsquo;",),
        "apostrophe": ("&rsquo;",),
        "prime": ("&prime;",),
    },
    "he_IL": {
        "after_equals": ("&quot;",),
        "double_open": ("&quot;",),
        "double_close": ("&quot;",),
        "double_prime": ("&quot;",),
        "single_open": ("'",),
        "single_close": ("'",),
        "apostrophe": ("'",),
        "prime": ("'",),
    },
    "mojibake": {
        "after_equals": ("â€\x9d", "â€", "â\x80\x9d"),
        "double_open": ("â€œ",),
        "double_close": ("â€\x9d",),
        "double_prime": ("â€³",),
        "single_open": ("â€˜",),
        "single_close": ("â€™",),
        "apostrophe": ("â€™",),
        "prime": ("â€²",),
    },
}

PLAIN_CHARS = "abcdefghijklmnopqrstuvwyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789#%:,_" + (
    "مصرالإماراتעברית"
)
WORD = st.text(alphabet=PLAIN_CHARS, min_size=1, max_size=8)
APOSTROPHE_WORD = st.sampled_from(["Don't", "O'Brien", "it's", "rock'n"])


@st.composite
def value_text(draw: st.DrawFn, *, apostrophes: bool, min_size: int = 0) -> str:
    words = draw(
        st.lists(
            APOSTROPHE_WORD if apostrophes and draw(st.booleans()) else WORD,
            min_size=min_size,
            max_size=3,
        )
    )
    return " ".join(words)


@dataclass(frozen=True)
class Attribute:
    name: Optional[str]
    delimiter: str  # '"', "'", or "" for none
    value: str


NAMES = st.text(alphabet="abcdefghijklmnopqrstuvwyz", min_size=1, max_size=6) | st.sampled_from(
    ["region", "bg-color", "rtl", "region-name", "last-update"]
)


@st.composite
def attributes(draw: st.DrawFn, dialect: Dialect) -> List[Attribute]:
    found: List[Attribute] = []
    names_used = set()
    for _ in range(draw(st.integers(1, 5))):
        name = draw(NAMES)
        if name in names_used:
            continue
        names_used.add(name)
        kinds = ['"', "'", ""] if dialect is WP else ['"', ""]
        delimiter = draw(st.sampled_from(kinds))
        if delimiter == '"':
            value = draw(value_text(apostrophes=True))
        elif delimiter == "'":
            # Empty '' would become a closing double quote: not reversible.
            value = draw(value_text(apostrophes=False, min_size=1))
            if draw(st.booleans()):
                value = f'say "{value}"'
        else:
            value = draw(WORD)
        found.append(Attribute(name, delimiter, value))
    if dialect is WP and draw(st.booleans()):
        found.append(Attribute(None, '"', draw(value_text(apostrophes=False, min_size=1))))
    return found


def render(tag: str, attrs: Sequence[Attribute], dialect: Dialect) -> str:
    parts = []
    for attribute in attrs:
        quoted = f"{attribute.delimiter}{attribute.value}{attribute.delimiter}"
        parts.append(quoted if attribute.name is None else f"{attribute.name}={quoted}")
    body = " ".join(parts)
    return f"[{tag} {body}]" if dialect is WP else f"{{{{< {tag} {body} >}}}}"


def texturize_model(
    tag: str,
    attrs: Sequence[Attribute],
    dialect: Dialect,
    locale: str,
    pick: Callable[[st.SearchStrategy[str]], str],
) -> Tuple[str, str]:
    """(texturized text, what fixing it must give back)."""
    glyphs = LOCALES[locale]

    def glyph(role: str) -> str:
        return pick(st.sampled_from(glyphs[role]))

    parts, expected = [], []
    for attribute in attrs:
        value = attribute.value
        if attribute.delimiter == '"':
            inner = value.replace("'", glyph("apostrophe"))
            closing_role = "double_prime" if value[-1:].isdigit() else "double_close"
            opening_role = "after_equals" if attribute.name is not None else "double_open"
            quoted = glyph(opening_role) + inner + glyph(closing_role)
            kept = f'"{inner}"'
        elif attribute.delimiter == "'":
            inner = value
            closing_role = "prime" if value[-1:].isdigit() else "single_close"
            opening_role = "apostrophe" if attribute.name is not None else "single_open"
            quoted = glyph(opening_role) + inner + glyph(closing_role)
            kept = f"'{inner}'"
        else:
            quoted = kept = value
        prefix = "" if attribute.name is None else f"{attribute.name}="
        parts.append(prefix + quoted)
        expected.append(prefix + kept)
    if dialect is WP:
        return f"[{tag} {' '.join(parts)}]", f"[{tag} {' '.join(expected)}]"
    return f"{{{{< {tag} {' '.join(parts)} >}}}}", f"{{{{< {tag} {' '.join(expected)} >}}}}"


@settings(max_examples=150, deadline=None)
@given(
    data=st.data(),
    dialect=st.sampled_from([WP, HUGO]),
    locale=st.sampled_from(sorted(LOCALES)),
    before=st.sampled_from(["", "Prose with “quotes” and it’s fine.\n", "نص «عربي»\r\n"]),
    after=st.sampled_from(["", "\n", " — and “after”.\n"]),
)
def test_texturized_shortcodes_are_fixed_back(
    data: st.DataObject, dialect: Dialect, locale: str, before: str, after: str
) -> None:
    attrs = data.draw(attributes(dialect))
    tag = "covid19-ultimate-card" if dialect is WP else "card"
    texturized, expected = texturize_model(tag, attrs, dialect, locale, data.draw)
    assert_fixed_back(before + texturized + after, before + expected + after, tag, dialect)


def assert_fixed_back(text: str, expected: str, tag: str, dialect: Dialect) -> None:
    def lint_known(text: str) -> List[Diagnostic]:
        # A configured name: a tag whose every value is damaged is still a shortcode.
        return lint(text, dialect, known=(tag,))

    outcome = fix_text(text, lint_known)
    assert outcome.converged
    assert outcome.text == expected
    assert fix_text(outcome.text, lint_known).text == outcome.text
    # Only delimiters changed: every changed run became straight quotes.
    for old, new in changed_characters(text, outcome.text):
        assert new and set(new) <= {'"', "'"}, (old, new)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # de_DE: an entity closes one value and a digit ends the next; the
        # digits of "&#8220;" are part of a delimiter, never kept text.
        (
            "[covid19-ultimate-card a=\u201c\u201c aa=\u201c&#8220; \u201e0\u2033]",
            '[covid19-ultimate-card a="" aa="" "0"]',
        ),
    ],
)
def test_texturized_table(text: str, expected: str) -> None:
    assert_fixed_back(text, expected, "covid19-ultimate-card", WP)


# -- robustness ---------------------------------------------------------------------------------

# fmt: off
JUNK_PIECES = [
    '"', "'", "`", "”", "“", "″", "’", "′", "«", "»", "\u00a0", "\u200b", " ", "\n", "\r",
    "=", "[", "]", "/", "{{<", "{{%", ">}}", "%}}", "/*", "*/", "a", "x", "rtl", "&",
    "&#8221;", "&nbsp;", "&raquo;", "&quot;", "&amp;", "â€", "\x9d", "œ", "\\", "مصر", "״",
]
# fmt: on
JUNK = st.lists(st.sampled_from(JUNK_PIECES), max_size=40).map("".join)


@settings(max_examples=300, deadline=None)
@given(text=JUNK, dialect=st.sampled_from([WP, HUGO]))
def test_any_text_is_linted_and_fixed_without_surprises(text: str, dialect: Dialect) -> None:
    diagnostics = lint(text, dialect)
    for diagnostic in diagnostics:
        assert 0 <= diagnostic.span.start <= diagnostic.span.end <= len(text)
        for change in diagnostic.fix.edits if diagnostic.fix else ():
            assert diagnostic.span.start <= change.span.start <= change.span.end
            assert change.span.end <= diagnostic.span.end
    outcome = fix_text(text, lambda t: lint(t, dialect), unsafe=True)
    assert outcome.converged
    assert fix_text(outcome.text, lambda t: lint(t, dialect), unsafe=True).text == outcome.text


@pytest.mark.parametrize(
    "text",
    [
        "[x a=”" * 5000,
        "[" * 10000 + "x a=”v”" + "]" * 10000,
        "[x a=”v” " + "b=”w” " * 5000 + "]",
        "{{< x " + "a=“v w” " * 3000 + ">}}",
        "[x a=" + "\u00a0»" * 20000,
        "[x a=" + "&amp;" * 20000 + "]",
        "[x t=”" + "مصر “قال” " * 5000 + "”]",
    ],
    ids=["unclosed", "nested", "many-values", "hugo-many", "nbsp-guillemets", "amps", "long-value"],
)
def test_large_and_unclosed_inputs(text: str) -> None:
    for dialect in (WP, HUGO):
        for diagnostic in lint(text, dialect):
            assert 0 <= diagnostic.span.start <= diagnostic.span.end <= len(text)


def test_hugo_example_site_page() -> None:
    page = Path(__file__).parents[1] / "examples" / "hugo-site" / "content" / "ar" / "news.md"
    if not page.exists():
        pytest.skip(f"{page} is not in this checkout")
    text = page.read_text(encoding="utf-8")
    diagnostics = [d for d in lint(text, HUGO) if d.code.startswith("QT")]
    assert [d.code for d in diagnostics] == ["QT001", "QT001"]
    assert diagnostics[1].note is not None
    assert diagnostics[1].note.endswith("so the shortcode cannot read the rtl flag")
    after = fixed(text, HUGO)
    assert '{{< card title="مصر" rtl="true" >}}' in after
    assert [line for line in after.splitlines() if "card title" not in line] == [
        line for line in text.splitlines() if "card title" not in line
    ]


def test_separators_are_python_white_space_and_invisible_characters() -> None:
    from contentlint import characters, quotes

    every = map(chr, range(0x110000))
    assert set(quotes.WHITESPACE) == {char for char in every if char.isspace()}
    for char in quotes.WHITESPACE + "".join(characters.ZERO_WIDTH):
        assert quotes.is_separator(char)
    assert not any(quotes.is_separator(char) for char in "a=\"'”«&/]")


@pytest.mark.parametrize(
    ("text", "dialect"),
    [
        ('[card label="مصر" title="שלום עולם" rtl="true"]\n', Dialect.WORDPRESS),
        ('{{< card label="مصر" note="Ελληνικά" >}}\n', Dialect.HUGO),
        ('[card label="café déjà vu" size="300 x 200"]\n', Dialect.WORDPRESS),
    ],
)
def test_tags_with_nothing_to_report_are_not_scanned(
    text: str, dialect: Dialect, monkeypatch: pytest.MonkeyPatch
) -> None:
    from contentlint.rules import quotes as quote_rules

    def refuse(*args: object) -> None:
        raise AssertionError("the tag was scanned")

    monkeypatch.setattr(quote_rules, "scan_values", refuse)
    assert lint(text, dialect, known=["card"]) == []
