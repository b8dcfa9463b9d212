"""RTL001-RTL005: direction flags on shortcodes and a document's declared direction."""

from __future__ import annotations

from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from contentlint import hugo
from contentlint.model import (
    Applicability,
    Diagnostic,
    Dialect,
    Document,
)
from contentlint.rules import rtl as rtl_rules
from contentlint.rules.base import Rule, RuleContext
from contentlint.settings import Registry, Settings, ShortcodeSchema
from contentlint.source import Source

HERE = Path(__file__).resolve()
SEED_NAME = "arabic-news-covid-cards.txt"
CARD_SCHEMA = {"covid19-ultimate-card": ShortcodeSchema(direction_flag='rtl="true"')}
ARABIC_PARAGRAPH = (
    "قال المتحدث باسم الحكومة اليوم إن الوزارة ستعلن عن خطة جديدة لدعم المدارس في المدينة "
    "والمناطق المجاورة وأكد أن البيانات تشير إلى تحسن كبير في الخدمات الصحية خلال الأسبوع."
)
ENGLISH_PARAGRAPH = (
    "The city council said this week that the new report on public health shows a clear "
    "improvement in local services, and the minister promised a national plan for schools."
)


def seed_article(straight: bool = True) -> str:
    text = (HERE.parents[1] / "examples" / SEED_NAME).read_text(encoding="utf-8")
    return text.replace("\u201d", '"').replace("\u2033", '"') if straight else text


# --- Documents ---------------------------------------------------------------------


def document(text: str, dialect: Dialect) -> Document:
    if dialect is Dialect.HUGO:
        return hugo.parse(text)
    from contentlint import wordpress

    return wordpress.parse(text)


def run(
    rule: Rule,
    text: str,
    dialect: Dialect = Dialect.WORDPRESS,
    settings: Optional[Settings] = None,
    registry: Optional[Registry] = None,
) -> List[Diagnostic]:
    source = Source.from_text("post.md", text)
    context = RuleContext(
        source, document(source.text, dialect), settings or Settings(), registry or Registry()
    )
    return list(rule.check(context))


def located(text: str, diagnostics: Sequence[Diagnostic]) -> List[Tuple[int, int, str]]:
    source = Source.from_text("post.md", text)
    return [(*source.position(d.span.start), d.code) for d in diagnostics]


def apply_fixes(text: str, diagnostics: Sequence[Diagnostic]) -> str:
    edits = sorted(
        (edit for d in diagnostics if d.fix is not None for edit in d.fix.edits),
        key=lambda edit: edit.span.start,
        reverse=True,
    )
    for edit in edits:
        text = text[: edit.span.start] + edit.content + text[edit.span.end :]
    return text


def line_of(text: str, needle: str, occurrence: int = 0) -> int:
    offset = -1
    for _ in range(occurrence + 1):
        offset = text.index(needle, offset + 1)
    return text.count("\n", 0, offset) + 1


# --- The seed article --------------------------------------------------------------


def test_seed_article_with_straight_quotes_is_clean() -> None:
    text = seed_article()
    for rule in rtl_rules.RULES[:3]:
        assert run(rule, text) == []


@pytest.mark.parametrize(
    ("settings", "applicability"),
    [
        (Settings(), Applicability.UNSAFE),  # inferred from the other cards
        (Settings(schemas=CARD_SCHEMA), Applicability.SAFE),  # configured
    ],
)
def test_seed_card_without_its_flag(settings: Settings, applicability: Applicability) -> None:
    text = seed_article()
    third = text.index('region="PS"')
    flag = text.index(' rtl="true"', third)
    damaged = text[:flag] + text[flag + len(' rtl="true"') :]
    found = run(rtl_rules.missing_direction_flag, damaged, settings=settings)
    assert located(damaged, found) == [(line_of(damaged, 'region="PS"'), 1, "RTL001")]
    [diagnostic] = found
    assert diagnostic.fix is not None and diagnostic.fix.applicability is applicability
    fixed = apply_fixes(damaged, found)
    card_end = fixed.index("]", third)
    assert fixed[card_end - len(' rtl="true"') : card_end] == ' rtl="true"'
    assert run(rtl_rules.missing_direction_flag, fixed, settings=settings) == []
    assert run(rtl_rules.invalid_direction_flag, fixed, settings=settings) == []


def test_seed_card_that_says_left_to_right() -> None:
    text = seed_article()
    second = text.index('region="AE"')
    flag = text.index('rtl="true"', second)
    damaged = text[:flag] + 'rtl="false"' + text[flag + len('rtl="true"') :]
    found = run(rtl_rules.contradicting_direction_flag, damaged)
    assert located(damaged, found) == [
        (
            line_of(damaged, 'rtl="false"'),
            1
            + damaged.index('rtl="false"')
            - damaged.rfind("\n", 0, damaged.index('rtl="false"'))
            - 1,
            "RTL002",
        )
    ]
    assert found[0].fix is not None and found[0].fix.applicability is Applicability.UNSAFE
    assert apply_fixes(damaged, found) == text
    assert run(rtl_rules.missing_direction_flag, damaged) == []


def test_seed_article_with_typographic_quotes_is_left_to_the_quote_rules() -> None:
    text = seed_article(straight=False)
    for rule in rtl_rules.RULES[:4]:
        assert [d.code for d in run(rule, text, settings=Settings(schemas=CARD_SCHEMA))] == []
    # Straight quotes everywhere but on the flag.
    straight = seed_article()
    curly = straight.replace('rtl="true"', "rtl=\u201dtrue\u201d", 1)
    for rule in rtl_rules.RULES[:3]:
        assert run(rule, curly, settings=Settings(schemas=CARD_SCHEMA)) == []


# --- RTL001 ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "dialect", "settings", "fixed"),
    [
        # Inferred from another occurrence, in the tag's own quote style.
        (
            "[card name='مصر' rtl='true']\n[card name='فلسطين' id='3']\n",
            Dialect.WORDPRESS,
            Settings(),
            "[card name='مصر' rtl='true']\n[card name='فلسطين' id='3' rtl='true']\n",
        ),
        # The direction attribute is used as written elsewhere (dir="rtl").
        (
            '[box dir="rtl" title="مرحبا"]\n[box title="أهلا وسهلا" /]\n',
            Dialect.WORDPRESS,
            Settings(),
            '[box dir="rtl" title="مرحبا"]\n[box title="أهلا وسهلا" dir="rtl" /]\n',
        ),
        # Enclosed content counts as the shortcode's own text.
        (
            '[note rtl="true"]نص[/note]\n[note]مرحبا بكم في الموقع[/note]\n',
            Dialect.WORDPRESS,
            Settings(),
            '[note rtl="true"]نص[/note]\n[note rtl="true"]مرحبا بكم في الموقع[/note]\n',
        ),
        # Nested content counts for the enclosing shortcode too.
        (
            '[tabs rtl="true"][tab]x[/tab][/tabs]\n[tabs][tab]مرحبا بكم[/tab][/tabs]\n',
            Dialect.WORDPRESS,
            Settings(),
            '[tabs rtl="true"][tab]x[/tab][/tabs]\n[tabs rtl="true"][tab]مرحبا بكم[/tab][/tabs]\n',
        ),
        # A configured flag needs no other occurrence.
        (
            '[covid19-ultimate-card region="EG" region-name="مصر"  ]\n',
            Dialect.WORDPRESS,
            Settings(schemas=CARD_SCHEMA),
            '[covid19-ultimate-card region="EG" region-name="مصر" rtl="true"  ]\n',
        ),
        (
            '---\ntitle: x\n---\n{{< alert type="warning" rtl="true" >}}نص{{< /alert >}}\n'
            '{{< alert type="warning" >}}نص عربي{{< /alert >}}\n',
            Dialect.HUGO,
            Settings(),
            '---\ntitle: x\n---\n{{< alert type="warning" rtl="true" >}}نص{{< /alert >}}\n'
            '{{< alert type="warning" rtl="true" >}}نص عربي{{< /alert >}}\n',
        ),
    ],
)
def test_rtl001_adds_the_flag(text: str, dialect: Dialect, settings: Settings, fixed: str) -> None:
    found = run(rtl_rules.missing_direction_flag, text, dialect, settings)
    assert len(found) == 1
    assert apply_fixes(text, found) == fixed
    assert run(rtl_rules.missing_direction_flag, fixed, dialect, settings) == []


@pytest.mark.parametrize(
    "text",
    [
        # Not RTL-aware: nothing in the file or the configuration says it has a flag.
        '[card region-name="مصر"]\n',
        # Mixed or left-to-right text.
        '[card rtl="true"]\n[card region-name="Egypt (مصر)"]\n[card region-name="Egypt"]\n',
        # Only a URL or an ID holds Arabic letters.
        '[card rtl="true"]\n[card url="https://ar.wikipedia.org/wiki/مصر" id="٣"]\n',
        # A Latin brand first does not make an Arabic label left-to-right - but it has its flag.
        '[card rtl="true" label="iPhone 15 متوفر الآن في مصر"]\n',
        # Escaped and code examples are not run as shown.
        '[card rtl="true"]\n[[card region-name="مصر"]]\n',
        '[card rtl="true"]\n```\n[card region-name="مصر"]\n```\n',
    ],
)
def test_rtl001_does_not_fire(text: str) -> None:
    assert run(rtl_rules.missing_direction_flag, text) == []


@pytest.mark.parametrize(
    "text",
    [
        # An LRM in the flag's name: WordPress loses the flag, and SC009 says why.
        '[card rtl="true"]\n[card region-name="مصر" rtl\u200e="true"]\n',
        # An unclosed tag swallows the next card, flag included: no flag is inferred from it.
        '[gallery ids="1"\n\nنص [card region-name="مصر" rtl="true"]\n'
        '[gallery ids="2" title="صور المدينة"]\n',
    ],
)
def test_rtl001_leaves_misread_tags_to_the_syntax_rules(text: str) -> None:
    from contentlint import wordpress

    assert {p.code for p in wordpress.parse(text).problems} & rtl_rules.MISREADING_CODES
    for rule in rtl_rules.RULES[:4]:
        assert run(rule, text) == []


def test_rtl001_has_no_fix_beside_hugo_positional_parameters() -> None:
    text = '---\ntitle: x\n---\n{{< notice "عنوان الملاحظة" >}}\n'
    settings = Settings(schemas={"notice": ShortcodeSchema(direction_flag='rtl="true"')})
    [diagnostic] = run(rtl_rules.missing_direction_flag, text, Dialect.HUGO, settings)
    assert diagnostic.fix is None


# --- RTL002 - RTL004 ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("attribute", "fixed", "applicability"),
    [
        ('rtl="True"', 'rtl="true"', Applicability.SAFE),
        ('rtl="TRUE"', 'rtl="true"', Applicability.SAFE),
        ('rtl="true\u200f"', 'rtl="true"', Applicability.SAFE),
        ('rtl=" true "', 'rtl="true"', Applicability.SAFE),
        ('rtl="False"', 'rtl="false"', Applicability.SAFE),
        ('rtl="yes"', 'rtl="true"', Applicability.UNSAFE),
        ("rtl=1", "rtl=true", Applicability.UNSAFE),
        ("rtl", 'rtl="true"', Applicability.UNSAFE),  # no value: WordPress reads a positional
        ('dir="rtl\u200f"', 'dir="rtl"', Applicability.SAFE),
        ('dir=" Rtl"', 'dir="rtl"', Applicability.SAFE),
        ('dir="right-to-left"', 'dir="rtl"', Applicability.UNSAFE),
        ('rtl=""', None, None),
        ('rtl="maybe"', None, None),
        ('dir="right"', None, None),
    ],
)
def test_rtl003_invalid_flag_values(
    attribute: str, fixed: Optional[str], applicability: Optional[Applicability]
) -> None:
    name = attribute.split("=")[0]
    other = 'rtl="true"' if name == "rtl" else 'dir="rtl"'
    first = f"[card {other}]\n"
    second = f'[card region-name="مصر" {attribute}]\n'
    text = first + second
    found = run(rtl_rules.invalid_direction_flag, text)
    assert located(text, found) == [(2, 25, "RTL003")]
    [diagnostic] = found
    assert "\u200f" not in diagnostic.message
    if fixed is None:
        assert diagnostic.fix is None
        return
    assert diagnostic.fix is not None and diagnostic.fix.applicability is applicability
    assert apply_fixes(text, found) == first + second.replace(attribute, fixed)
    for rule in (rtl_rules.missing_direction_flag, rtl_rules.invalid_direction_flag):
        assert run(rule, apply_fixes(text, found)) == []
    # One problem, one diagnostic: an invalid flag is not also missing or contradicting.
    assert run(rtl_rules.missing_direction_flag, text) == []
    assert run(rtl_rules.contradicting_direction_flag, text) == []


@pytest.mark.parametrize("value", ["rtl", "RTL", "auto", "ltr", "LTR"])
def test_direction_values_are_case_insensitive(value: str) -> None:
    text = f'[box title="Hello" dir="{value}"]\n'
    assert run(rtl_rules.invalid_direction_flag, text) == []


@pytest.mark.parametrize(
    ("text", "settings", "expected"),
    [
        ('[card region-name="مصر" rtl="false"]\n', Settings(), [(1, 25, "RTL002")]),
        ('[box title="مرحبا" dir="ltr"]\n', Settings(), [(1, 20, "RTL002")]),
        ('[box title="مرحبا" dir="auto"]\n', Settings(), []),
        ('[card region-name="Egypt" rtl="false"]\n', Settings(), []),
        # A configured literal and its partner.
        (
            '[slider label="مرحبا" rtl="0"]\n',
            Settings(schemas={"slider": ShortcodeSchema(direction_flag='rtl="1"')}),
            [(1, 23, "RTL002")],
        ),
    ],
)
def test_rtl002_contradicting_flag(
    text: str, settings: Settings, expected: List[Tuple[int, int, str]]
) -> None:
    found = run(rtl_rules.contradicting_direction_flag, text, settings=settings)
    assert located(text, found) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('[card region-name="Egypt" rtl="true"]\n', [(1, 27, "RTL004")]),
        ('[box dir="rtl"]Hello world[/box]\n', [(1, 6, "RTL004")]),
        ('[card region-name="مصر" rtl="true"]\n', []),
        ('[card region-name="Egypt (مصر)" rtl="true"]\n', []),  # some RTL letters
        ('[card rtl="true"]\n', []),  # no text at all
    ],
)
def test_rtl004_needless_flag(text: str, expected: List[Tuple[int, int, str]]) -> None:
    assert rtl_rules.needless_direction_flag.default_enabled is False
    assert located(text, run(rtl_rules.needless_direction_flag, text)) == expected


# --- RTL005 ------------------------------------------------------------------------

ARABIC_BODY = (ARABIC_PARAGRAPH + "\n\n") * 2
HUGO_SITE = "/site"


@pytest.mark.parametrize(
    ("text", "registry", "expected"),
    [
        ("---\ntitle: x\n---\n" + ARABIC_BODY, None, "add `dir: rtl`"),
        ("---\ntitle: x\ndir: rtl\n---\n" + ARABIC_BODY, None, None),
        ("---\ntitle: x\nDirection: RTL\n---\n" + ARABIC_BODY, None, None),
        ("---\ntitle: x\nlang: ar\n---\n" + ARABIC_BODY, None, None),
        ("---\ntitle: x\nlang: fa-IR\n---\n" + ARABIC_BODY, None, None),
        ("---\nparams:\n  dir: rtl\n---\n" + ARABIC_BODY, None, None),
        ("---\nParams:\n  Dir: rtl\n---\n" + ARABIC_BODY, None, None),
        # Keys are compared lower-cased, and the first of a spelling counts.
        ("---\ndir: ltr\nDIR: rtl\n---\n" + ARABIC_BODY, None, "declares `ltr`"),
        ('+++\ntitle = "x"\nlang = "he"\n+++\n' + ARABIC_BODY, None, None),
        ('{"title": "x", "dir": "rtl"}\n' + ARABIC_BODY, None, None),
        ("---\ntitle: x\nlang: en\n---\n" + ARABIC_BODY, None, "add `dir: rtl`"),
        ("---\ntitle: x\ndir: ltr\n---\n" + ARABIC_BODY, None, "declares `ltr`"),
        # A bare WordPress post body takes its direction from the site's language.
        (ARABIC_BODY, None, None),
        ('<div dir="rtl">\n' + ARABIC_BODY + "</div>\n", None, None),
        ('<!-- intro -->\n<section class="x" dir="RTL">' + ARABIC_BODY + "</section>", None, None),
        (
            '<p dir="ltr">' + ARABIC_BODY + "</p>",
            None,
            "the enclosing `<p>` element declares `ltr`",
        ),
        (
            '<html lang="ar">\n<body><p>' + ARABIC_BODY + "</p></body></html>\n",
            None,
            'add `dir="rtl"`',
        ),
        (
            '<html lang="ar" dir="rtl">\n<body><p>' + ARABIC_BODY + "</p></body></html>\n",
            None,
            None,
        ),
        # Hugo: the page language's direction in the site configuration.
        (
            ARABIC_BODY,
            Registry(
                hugo_site_root=HUGO_SITE, hugo_language_directions={"ar": "rtl"}, page_language="ar"
            ),
            None,
        ),
        (
            ARABIC_BODY,
            Registry(
                hugo_site_root=HUGO_SITE, hugo_language_directions={"AR": "RTL"}, page_language="ar"
            ),
            None,
        ),
        (
            ARABIC_BODY,
            Registry(
                hugo_site_root=HUGO_SITE, hugo_language_directions={"ar": None}, page_language="ar"
            ),
            None,  # the language lacks its direction: reported once, on the site configuration
        ),
        (
            ARABIC_BODY,
            Registry(
                hugo_site_root=HUGO_SITE, hugo_language_directions={"en": None}, page_language="en"
            ),
            "give it a right-to-left language",
        ),
        # Not right-to-left documents.
        (
            "---\ntitle: x\n---\n"
            + (ENGLISH_PARAGRAPH + "\n\n") * 3
            + "The striker محمد صلاح scored twice.\n",
            None,
            None,
        ),
        ("---\ntitle: " + ARABIC_PARAGRAPH + "\n---\n" + ENGLISH_PARAGRAPH + "\n", None, None),
        ("```\n" + ARABIC_BODY + "```\n" + ENGLISH_PARAGRAPH + "\n", None, None),
        ('[card label="' + ARABIC_PARAGRAPH + '"]\n' + ENGLISH_PARAGRAPH + "\n", None, None),
        ("قال المتحدث اليوم\n", None, None),  # too short to judge a page
    ],
)
def test_rtl005_document_direction(
    text: str, registry: Optional[Registry], expected: Optional[str]
) -> None:
    found = run(rtl_rules.missing_document_direction, text, registry=registry)
    if expected is None:
        assert found == []
        return
    assert located(text, found) == [(1, 1, "RTL005")]
    assert found[0].note is not None and expected in found[0].note
    assert found[0].fix is None


@pytest.mark.parametrize(
    ("text", "registry"),
    [
        # No right-to-left letter at all: the index says so, nothing is counted.
        ("---\ntitle: Café\n---\n" + ENGLISH_PARAGRAPH + " “Déjà vu” — naïve.\n", None),
        ("<p>Ελληνικά и русский текст</p>\n" * 40, None),
        # Right-to-left documents that declare their direction.
        ("---\ntitle: x\ndir: rtl\n---\n" + ARABIC_BODY, None),
        ('<html lang="ar" dir="rtl">\n<body><p>' + ARABIC_BODY + "</p></body></html>\n", None),
        (
            ARABIC_BODY,
            Registry(
                hugo_site_root=HUGO_SITE, hugo_language_directions={"ar": "rtl"}, page_language="ar"
            ),
        ),
        # A bare WordPress post body, whose direction the site's language sets.
        (ARABIC_BODY, None),
    ],
)
def test_rtl005_counts_no_letters_where_nothing_can_be_reported(
    text: str, registry: Optional[Registry], monkeypatch: pytest.MonkeyPatch
) -> None:
    from contentlint import rtl

    def refuse(*args: object) -> None:
        raise AssertionError("letters were counted")

    monkeypatch.setattr(rtl, "rtl_document_counts", refuse)
    assert run(rtl_rules.missing_document_direction, text, registry=registry) == []


def test_rtl005_hint_for_a_hugo_page_outside_a_site() -> None:
    text = ARABIC_BODY + '{{< figure src="a.png" >}}\n'
    [diagnostic] = run(rtl_rules.missing_document_direction, text, Dialect.HUGO)
    assert diagnostic.note is not None
    assert diagnostic.note.endswith("add `dir: rtl` to its front matter")


def test_rtl005_in_a_mixed_arabic_article_with_latin_brands() -> None:
    text = (
        "أعلنت شركة Apple اليوم عن هاتف iPhone 16 Pro Max الجديد، بينما كشفت Samsung عن "
        "هاتف Galaxy S25 في معرض برشلونة، وقال المحللون إن المنافسة ستشتد خلال العام.\n"
    ) * 2
    text = "---\ntitle: x\n---\n" + text
    assert located(text, run(rtl_rules.missing_document_direction, text)) == [(1, 1, "RTL005")]


def test_rules_are_in_code_order_with_documentation() -> None:
    assert [rule.code for rule in rtl_rules.RULES] == [
        "RTL001",
        "RTL002",
        "RTL003",
        "RTL004",
        "RTL005",
    ]
    for rule in rtl_rules.RULES:
        for section in (
            "## What it does",
            "## Why is this bad?",
            "## Example",
            "## Use instead",
            "## Fix safety",
        ):
            assert section in rule.doc


def test_flag_checks_are_shared_between_rules() -> None:
    text = '[card rtl="true"]\n[card region-name="مصر"]\n'
    source = Source.from_text("post.md", text)
    context = RuleContext(source, document(text, Dialect.WORDPRESS), Settings())
    first = rtl_rules.flag_checks(context)
    assert rtl_rules.flag_checks(context) is first
    assert [check.reading.state for check in first] == ["rtl", "missing"]


def test_configured_flags() -> None:
    flags: Dict[str, Optional[rtl_rules.DirectionFlag]] = {
        text: rtl_rules.configured_flag(text)
        for text in ('rtl="true"', "dir='rtl'", 'rtl="1"', "rtl", "", 'rtl=""')
    }
    assert flags['rtl="true"'] == rtl_rules.DirectionFlag(
        "rtl", "rtl", "true", "false", False, True
    )
    assert flags["dir='rtl'"] == rtl_rules.DirectionFlag("dir", "dir", "rtl", "ltr", True, True)
    assert flags['rtl="1"'] == rtl_rules.DirectionFlag("rtl", "rtl", "1", "0", False, True)
    assert flags["rtl"] == rtl_rules.DirectionFlag("rtl", "rtl", "true", "false", False, True)
    assert flags[""] is None
    assert flags['rtl=""'] is None


@pytest.mark.parametrize(
    "text",
    [
        "[" * 10000 + "]" * 10000,
        '[note rtl="true"]x[/note]' + "[note]نص " * 3000 + "[/note]" * 3000,
        '[card rtl="true"]\n' + '[card label="' + "مصر " * 250_000 + '"]\n',
        "مصر " * 250_000,
        '[card rtl="true"]\n[card x="' * 5000,
    ],
    ids=["nested-brackets", "nested-shortcodes", "long-value", "long-line", "unclosed-values"],
)
def test_pathological_inputs_finish(text: str) -> None:
    for rule in rtl_rules.RULES:
        for diagnostic in run(rule, text):
            assert 0 <= diagnostic.span.start <= diagnostic.span.end <= len(text)


_PIECES = [
    "[card",
    "[box",
    " ",
    "]",
    " /]",
    "[/card]",
    "\n",
    'rtl="true"',
    "rtl='True'",
    "rtl=yes",
    'dir="ltr"',
    "rtl",
    'label="',
    "label='",
    '"',
    "'",
    "مصر",
    "Egypt",
    "\u200f",
    "\u201d",
    "```\n",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=40).map("".join))
def test_rtl_rules_on_arbitrary_text(text: str) -> None:
    found = [d for rule in rtl_rules.RULES for d in run(rule, text)]
    for diagnostic in found:
        assert 0 <= diagnostic.span.start <= diagnostic.span.end <= len(text)
        for edit in diagnostic.fix.edits if diagnostic.fix else ():
            assert 0 <= edit.span.start <= edit.span.end <= len(text)
    for code, rule in (
        ("RTL001", rtl_rules.missing_direction_flag),
        ("RTL003", rtl_rules.invalid_direction_flag),
    ):
        before = [d for d in found if d.code == code]
        fixable = [d for d in before if d.fix is not None]
        if fixable:
            # Fixed diagnostics go away; only those without a fix remain.
            after = run(rule, apply_fixes(text, fixable))
            assert len(after) == len(before) - len(fixable)
