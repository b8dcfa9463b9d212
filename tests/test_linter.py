"""The pipeline's precedence: one cause, one diagnostic."""

from __future__ import annotations

from typing import List, Tuple

import pytest

from contentlint.linter import check_text
from contentlint.model import Severity, Span
from contentlint.settings import Registry, Settings

CORE = Settings(known=frozenset({"caption", "gallery", "contact-form-7", "card"}))


def codes(text: str, settings: Settings = CORE) -> List[Tuple[str, int]]:
    return [(d.code, d.span.start) for d in check_text(text, settings=settings)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # An unclosed tag swallows the next tag: its attributes repeat and
        # its closing tag is left without an opener. The cause is SC001 alone.
        (
            '[contact-form-7 id="273" title="t"\n\n[caption id="a" width="5"]x[/caption]\n',
            [("SC001", 0)],
        ),
        ('[gallery ids="1" columns="2"\n[gallery ids="3" columns="4"]\n', [("SC001", 0)]),
        # Curly quotes make WordPress split the value; the quote rule says so.
        ("[card title=\u201ca b\u201d x=\u201d1\u201d]", [("QT001", 6), ("QT001", 18)]),
        # A French guillemet with its no-break space is one delimiter.
        ("[card region=\u00ab\u00a0EG\u00a0\u00bb]", [("QT001", 6)]),
        # Unrelated problems in the same file are still reported.
        (
            '[gallery ids="1"\n[card a=1]\n\nMore.[/box] [box a=1]\n',
            [("SC001", 0), ("SC004", 34)],
        ),
    ],
)
def test_one_cause_one_diagnostic(text: str, expected: List[Tuple[str, int]]) -> None:
    assert codes(text) == expected


def test_consequences_show_when_their_cause_is_not_selected() -> None:
    text = '[gallery ids="1" columns="2"\n[gallery ids="3" columns="4"]\n'
    only_duplicates = Settings(known=CORE.known, select=("SC007",))
    assert [code for code, _ in codes(text, only_duplicates)] == ["SC007", "SC007"]


def test_pieces_of_a_value_split_by_its_quotes_are_the_quotes_doing() -> None:
    """A declared schema would call the split-off word an unexpected positional value (SD003);
    the quote rule explains it.  An attribute the schema does not know is still SD003."""
    from contentlint.settings import AttributeSchema, ShortcodeSchema

    schema = ShortcodeSchema(attributes={"title": AttributeSchema(type="string")})
    declared = Settings(known=CORE.known, schemas={"card": schema})
    text = "[card title=\u201ca b\u201d]\n[card title=\u201ca b\u201d colour=1]\n"
    assert codes(text, declared) == [("QT001", 6), ("QT001", 25), ("SD003", 37)]


HUGO_SITE = Registry(
    hugo_templates={"card": False}, hugo_site_root="/site", hugo_site_templates=frozenset({"card"})
)


def hugo_findings(text: str, **overrides: object) -> List[Tuple[str, Severity]]:
    found = check_text(text, "content/p.md", registry=HUGO_SITE, dialect="hugo", **overrides)
    return [(d.code, d.severity) for d in found]


def test_a_hugo_build_failure_caused_by_quotes_is_reported_once() -> None:
    assert hugo_findings("{{< card \u201cx y\u201d >}}") == [("QT001", Severity.ERROR)]


@pytest.mark.parametrize(
    "text",
    [
        "{{< card \u201cx y\u201d >}}",
        "{{< card src=\u201ca.png\u201d alt=\u201cA cat\u201d >}}",
        "{{< card 'hello' >}}",
        '{{< card src="a.png\u201d >}}\nText',
    ],
)
def test_select_sc_reports_a_build_failure_whose_cause_is_a_quote(text: str) -> None:
    found = hugo_findings(text, select=("SC",))
    assert found and all(
        code.startswith("SC") and severity is Severity.ERROR for code, severity in found
    )


def test_a_suppressed_cause_does_not_hide_its_consequence() -> None:
    text = "<!-- contentlint-disable-next-line QT001 -->\n{{< card \u201cx y\u201d >}}\n"
    assert hugo_findings(text) == [("SC006", Severity.ERROR)]


def _code_region_searches(monkeypatch: pytest.MonkeyPatch) -> List[str]:
    """The texts whose code regions are searched from now on, one entry a search."""
    from contentlint import markup

    found: List[str] = []
    real = markup._code_spans

    def counted(text: str) -> Tuple[Span, ...]:
        found.append(text)
        return real(text)

    monkeypatch.setattr(markup, "_code_spans", counted)
    monkeypatch.setattr(markup, "_last_code_spans", ("", ()))
    return found


@pytest.mark.parametrize(
    ("text", "settings"),
    [
        # Nothing ties the file to an engine: the parser reads it with its code blanked.
        ("`[gallery]` and\n\n```\n[card x='1']\n```\n[gallery ids=”1″]\n", Settings()),
        ("`{{< a >}}` and {{< figure src=”x” >}}\n", Settings()),
        # The configuration ties it to WordPress: the parser reads the text itself.
        ("`[gallery]` and [gallery ids=”1″]\n", CORE),
        ("no code in here [gallery ids=”1″]\n", CORE),
    ],
)
def test_code_regions_are_found_once_per_document(
    text: str, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = check_text(text, settings=settings)
    found = _code_region_searches(monkeypatch)
    assert check_text(text, settings=settings) == expected
    assert len(found) == 1


def test_front_matter_is_read_once_per_document(monkeypatch: pytest.MonkeyPatch) -> None:
    from contentlint import frontmatter

    arabic = "قال المتحدث باسم الحكومة اليوم إن الوزارة ستعلن عن خطة جديدة لدعم المدارس\n\n"
    text = "---\ntitle: x\n---\n" + arabic * 4 + "[gallery ids=”1″]\n"
    expected = check_text(text, settings=CORE)
    assert [d.code for d in expected] == ["RTL005", "QT001"]
    found: List[str] = []
    real = frontmatter.split

    def counted(text: str) -> object:
        found.append(text)
        return real(text)

    monkeypatch.setattr(frontmatter, "split", counted)
    assert check_text(text, settings=CORE) == expected
    assert len(found) == 1


def test_a_swallowed_opener_explains_a_closing_tag_after_it_not_before_it() -> None:
    # The unclosed [audio reads [box as attribute text: the [/box] after it
    # is its consequence, while the stray [/box] at the start is not.
    text = "[/box]\n\nText.\n\n[audio mp3='/a.mp3' loop='off'\n\n[box]\n\nMore.\n\n[/box]\n"
    found = [(d.code, d.span.start) for d in check_text(text, dialect="wordpress")]
    assert ("SC004", 0) in found
    assert ("SC001", text.index("[audio")) in found
    assert ("SC004", text.rindex("[/box]")) not in found


def test_an_opener_swallowed_by_several_unclosed_tags_explains_one_closing_tag() -> None:
    # Three unclosed tags run to the same ']' and read the same [caption as
    # attribute text: that one opener explains one orphan [/caption], not two.
    text = (
        "[audio mp3='/a.mp3'\n\n[audio mp3='/b.mp3'\n\n[video src='/c.mp4' [caption] x]\n\n"
        "Text.\n\n[/caption]\n\nMore.\n\n[/caption]\n"
    )
    found = [(d.code, d.span.start) for d in check_text(text, dialect="wordpress")]
    assert [code for code, _ in found].count("SC001") == 3
    assert ("SC004", text.index("[/caption]")) not in found
    assert ("SC004", text.rindex("[/caption]")) in found


def test_a_quote_diagnostic_says_when_its_tag_has_an_error_of_its_own() -> None:
    # The '(' after the name is an error of its own, which the damaged quotes
    # after it stand for until they are fixed: the message says that more
    # may follow.  Errors the damage causes (from the damaged value on) do not.
    from contentlint.fixer import fix_text
    from contentlint.model import MORE_MAY_FOLLOW

    text = 'Text.\n\n[gallery(ids=\u201d3,5\u201d]\n\nMore [gallery ids="1"].\n'
    (quote,) = [d for d in check_text(text, dialect="wordpress") if d.code == "QT001"]
    assert MORE_MAY_FOLLOW in quote.message
    fixed = fix_text(text, lambda t: check_text(t, dialect="wordpress")).text
    assert [d.code for d in check_text(fixed, dialect="wordpress")] == ["SC006"]
    mismatched = '[card region="EG" label="Read more\u201d x="1"]\n'
    (quote,) = [d for d in check_text(mismatched, dialect="wordpress") if d.code == "QT002"]
    assert MORE_MAY_FOLLOW not in quote.message
    # Three damaged values: the errors after the first are the damage's too.
    figure = (
        "{{< figure src=\u201d/a.png\u201d title=\u201cat report council\u201d "
        "width=\u201d363\u2033 >}}\n"
    )
    quotes = [d for d in check_text(figure, dialect="hugo") if d.code.startswith("QT")]
    assert len(quotes) == 3
    assert not [d for d in quotes if MORE_MAY_FOLLOW in d.message]


@pytest.mark.parametrize(
    "text",
    [
        # Code in the front matter is blanked for the parser: the rules read the text's own.
        '---\ntitle: "`a {{< x >}}`"\n---\nbody `code` {{< y >}}\n',
        "---\ntitle: t\n---\nbody `code {{< x >}}` {{< y >}}\n",
        "---\ntitle: t\n---\nbody {{< y >}}\n",
        "body `code` {{< y >}}\n",
    ],
)
def test_the_rules_read_the_front_matter_of_the_text_itself(text: str) -> None:
    from contentlint import frontmatter, linter
    from contentlint.index import DocumentIndex
    from contentlint.model import Dialect
    from contentlint.source import Source

    index = DocumentIndex(text)
    context = linter.FileContext(Settings(), Registry())
    document = linter.parse(Source.from_text("post.md", text), context, index)
    assert document.dialect is Dialect.HUGO
    assert index.front_matter == frontmatter.split(text)


# A file tied to an engine: its parser reads the shortcodes in its code too,
# and the rules ask for its code regions only when they need them.
HUGO_SITE = Registry(hugo_site_root="/site", hugo_templates={"card": False, "note": True})
WORDPRESS_SITE = Registry(wordpress_registered=frozenset({"card", "gallery"}))


@pytest.mark.parametrize(
    ("text", "registry", "expected"),
    [
        # The card in the code example is run, but not judged for its flag.
        ('[card rtl="true"]\n```\n[card region-name="مصر"]\n```\n', WORDPRESS_SITE, []),
        ('{{< card rtl="true" >}}\n```\n{{< card region="مصر" >}}\n```\n', HUGO_SITE, []),
        ('{{< card rtl="true" >}}\n{{< card region="مصر" >}}\n', HUGO_SITE, [("RTL001", 2)]),
        # Right-to-left letters in code are not the page's prose.
        (
            "---\ntitle: x\n---\n```\n"
            + "قال المتحدث باسم الحكومة اليوم إن الوزارة ستعلن\n\n" * 4
            + "```\nThe ministry will announce a plan for the schools of the city.\n",
            WORDPRESS_SITE,
            [],
        ),
        # A comment in code is text, not a suppression.
        (
            "```\n<!-- contentlint-disable -->\n```\n[gallery ids=”1″]\n",
            WORDPRESS_SITE,
            [("QT001", 4)],
        ),
        (
            "<!-- contentlint-disable -->\n[gallery ids=”1″]\n",
            WORDPRESS_SITE,
            [],
        ),
    ],
)
def test_a_file_tied_to_an_engine_judges_its_code_regions(
    text: str, registry: Registry, expected: List[Tuple[str, int]]
) -> None:
    found = check_text(text, registry=registry)
    lines = [text.count("\n", 0, d.span.start) + 1 for d in found]
    assert [(d.code, line) for d, line in zip(found, lines)] == expected


@pytest.mark.parametrize(
    ("text", "computed"),
    [
        ('{{< card region="x" >}}\n{{< note >}}text{{< /note >}}\n', 0),
        ('[card region="x"]\n[gallery ids="1"]\n', 0),
        # A direction flag: which cards are in code matters.
        ('{{< card rtl="true" >}}\n{{< card region="x" >}}\n', 1),
        # A comment: whether it stands in code matters.
        ("<!-- a comment -->\n{{< card region='x' >}}\n", 1),
        # Right-to-left letters: the page's direction is judged on its prose.
        ("[card]\n" + "قال المتحدث باسم الحكومة اليوم إن الوزارة ستعلن\n\n" * 4, 0),
        ("---\ntitle: x\n---\n[card]\n" + "قال المتحدث اليوم إن الوزارة ستعلن\n\n" * 4, 1),
    ],
)
def test_a_tied_file_finds_its_code_regions_only_when_a_rule_needs_them(
    text: str, computed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    registry = HUGO_SITE if "{{<" in text else WORDPRESS_SITE
    expected = check_text(text, registry=registry)
    found = _code_region_searches(monkeypatch)
    assert check_text(text, registry=registry) == expected
    assert len(found) == computed
