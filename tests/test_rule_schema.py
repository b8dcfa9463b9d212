"""SD001-SD006: schema rules, on Hugo text (real parser) and WordPress documents."""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Dict, List, Optional, Sequence, Tuple

import pytest

from contentlint import hugo
from contentlint.config import build_settings
from contentlint.model import (
    Applicability,
    Attribute,
    Diagnostic,
    Dialect,
    Document,
    Severity,
    Shortcode,
    Span,
)
from contentlint.presets import HUGO_REMOVED
from contentlint.rules import schema
from contentlint.rules.base import RuleContext
from contentlint.settings import Registry, Settings
from contentlint.source import Source

SITE = Registry(
    hugo_templates={**hugo.EMBEDDED_TEMPLATES, "card": False, "notice": True},
    hugo_site_templates=frozenset({"card", "notice"}),
    hugo_site_root="/site",
)


def settings(**options: Any) -> Settings:
    return build_settings(options, "/repo", None)


def run(text: str, document: Document, config: Settings, registry: Registry) -> List[Diagnostic]:
    context = RuleContext(Source.from_text("post.md", text), document, config, registry)
    found: List[Diagnostic] = []
    for rule in schema.RULES:
        found.extend(rule.check(context))
    return found


def hugo_findings(
    text: str, config: Optional[Settings] = None, registry: Registry = SITE
) -> List[Tuple[str, str, str]]:
    """(code, text under the span, message) for each diagnostic on Hugo text."""
    body = "Intro\n" + text
    templates = dict(registry.hugo_templates) if registry.hugo_templates is not None else None
    document = hugo.parse(body, templates)
    found = run(body, document, config or settings(), registry)
    return [(d.code, body[d.span.start : d.span.end], d.message) for d in found]


# --- WordPress documents, built by hand so these tests do not depend on the parser ---------


def _attribute(text: str, raw: str, start: int) -> Attribute:
    position = text.index(raw, start)
    name: Optional[str] = None
    value_raw = raw
    name_span = None
    if "=" in raw and raw[0] not in "\"'":
        name, _, value_raw = raw.partition("=")
        name_span = Span(position, position + len(name))
        name = name.lower()
    value_start = position + len(raw) - len(value_raw)
    delimiter = value_raw[0] if value_raw[:1] in ("'", '"') else ""
    value = value_raw[1:-1] if delimiter else value_raw
    inner = Span(value_start + len(delimiter), position + len(raw) - len(delimiter))
    return Attribute(name, value, Span(position, position + len(raw)), inner, delimiter, name_span)


def wp_tag(
    text: str, tag: str, attributes: Sequence[str] = (), closing: Optional[str] = None
) -> Shortcode:
    start = text.index(tag)
    open_span = Span(start, start + len(tag))
    name_end = start + 1
    while name_end < open_span.end and text[name_end] not in " ]/":
        name_end += 1
    name = text[start + 1 : name_end]
    end = open_span.end
    form = "single"
    close_span = content_span = None
    if closing is not None:
        close_start = text.index(closing, end)
        close_span = Span(close_start, close_start + len(closing))
        content_span = Span(end, close_start)
        end = close_span.end
        form = "enclosing"
    return Shortcode(
        dialect=Dialect.WORDPRESS,
        name=name,
        span=Span(start, end),
        open_span=open_span,
        name_span=Span(start + 1, name_end),
        attributes_span=Span(name_end, open_span.end - 1),
        attributes=tuple(_attribute(text, raw, name_end) for raw in attributes),
        form=form,
        close_span=close_span,
        content_span=content_span,
    )


def wp_findings(
    text: str,
    tags: Sequence[Shortcode],
    config: Optional[Settings] = None,
    registry: Optional[Registry] = None,
) -> List[Tuple[str, str, str]]:
    registry = registry or Registry()
    document = Document(Dialect.WORDPRESS, tuple(tags))
    found = run(text, document, config or settings(), registry)
    return [(d.code, text[d.span.start : d.span.end], d.message) for d in found]


def codes(findings: Sequence[Tuple[str, str, str]]) -> List[Tuple[str, str]]:
    return [(code, where) for code, where, _ in findings]


# --- SD001 ------------------------------------------------------------------------------------


def test_security_preset_denies_code_execution_by_default() -> None:
    text = "Hi [insert_php]echo 1;[/insert_php] bye"
    tag = wp_tag(text, "[insert_php]", closing="[/insert_php]")
    context = RuleContext(
        Source.from_text("p.md", text), Document(Dialect.WORDPRESS, (tag,)), settings(), Registry()
    )
    (diagnostic,) = list(schema.disallowed_shortcode.check(context))
    assert diagnostic.code == "SD001"
    assert "runs code typed into the content" in diagnostic.message
    assert diagnostic.fix is not None
    assert diagnostic.fix.applicability is Applicability.UNSAFE
    (edit,) = diagnostic.fix.edits
    assert text[: edit.span.start] + edit.content + text[edit.span.end :] == "Hi  bye"


SD001_CASES: List[Tuple[str, Dict[str, Any], List[Tuple[str, str]]]] = [
    ("{{< Php >}}", {"shortcodes": {"deny": ("php",), "tables": {}}}, [("SD001", "{{< Php >}}")]),
    (
        '{{< card a="1" >}} {{< figure src="a" >}}',
        {"shortcodes": {"allow": ("card",), "tables": {}}},
        [("SD001", '{{< figure src="a" >}}')],
    ),
    ('{{< card a="1" >}}', {"shortcodes": {"allow": ("Card",), "tables": {}}}, []),
    ("{{< insert_php >}}", {"presets": ()}, [("SD002", "{{< insert_php >}}")]),
]


@pytest.mark.parametrize(("text", "options", "expected"), SD001_CASES)
def test_sd001_hugo(text: str, options: Dict[str, Any], expected: List[Tuple[str, str]]) -> None:
    assert codes(hugo_findings(text, settings(**options))) == expected


def test_sd001_allow_list_wordpress() -> None:
    text = "[box a=1] and [button href=x]"
    tags = [wp_tag(text, "[box a=1]", ["a=1"]), wp_tag(text, "[button href=x]", ["href=x"])]
    found = wp_findings(text, tags, settings(shortcodes={"allow": ("box",), "tables": {}}))
    assert codes(found) == [("SD001", "[button href=x]")]
    assert "not in the allowed shortcodes" in found[0][2]


def test_sd001_wordpress_names_are_case_sensitive() -> None:
    text = "[PHP a=1]"
    found = wp_findings(text, [wp_tag(text, "[PHP a=1]", ["a=1"])])
    assert found == []


# --- SD002 ------------------------------------------------------------------------------------


def test_sd002_hugo_unknown_template_with_suggestion() -> None:
    ((code, where, message),) = hugo_findings('{{< crad a="1" >}}')
    assert (code, where) == ("SD002", '{{< crad a="1" >}}')
    assert 'did you mean "card"?' in message
    assert 'template for shortcode "crad" not found' in message


HUGO_KNOWN = [
    '{{< Card a="1" >}}',  # Hugo looks templates up lower-cased
    '{{< figure src="a.png" >}}',  # embedded
    "{{< gist user 123 >}}",  # embedded (removed: SD006 only)
    "{{</* nothere */>}}",  # escaped
    "{{< mine.inline >}}x{{< /mine.inline >}}",  # inline
]


@pytest.mark.parametrize("text", HUGO_KNOWN)
def test_sd002_hugo_names_with_a_template(text: str) -> None:
    assert [c for c, _, _ in hugo_findings(text)] in ([], ["SD006"])


def test_sd002_hugo_configured_known_name() -> None:
    config = settings(shortcodes={"known": ("Chart",), "tables": {}})
    assert hugo_findings("{{< chart >}}", config) == []


def test_sd002_hugo_without_a_site_says_nothing() -> None:
    assert hugo_findings("{{< crad >}}", registry=Registry()) == []


def test_sd002_wordpress_only_with_a_declared_registry() -> None:
    text = "[foo a=1] [gallery ids=1] [bar a=2]"
    tags = [
        wp_tag(text, "[foo a=1]", ["a=1"]),
        wp_tag(text, "[gallery ids=1]", ["ids=1"]),
        wp_tag(text, "[bar a=2]", ["a=2"]),
    ]
    assert wp_findings(text, tags) == []
    declared = settings(shortcodes={"known": ("fooo",), "tables": {}})
    found = wp_findings(text, tags, declared)
    assert codes(found) == [("SD002", "[foo a=1]"), ("SD002", "[bar a=2]")]
    assert 'did you mean "fooo"?' in found[0][2]
    assert "WordPress will show it as text" in found[0][2]
    discovered = Registry(wordpress_registered=frozenset({"foo"}))
    assert codes(wp_findings(text, tags, registry=discovered)) == [("SD002", "[bar a=2]")]


# --- SD003 / SD004 / SD005 ------------------------------------------------------------------

CORE = {"presets": ("wordpress-core",)}


def test_sd003_wordpress_core_attributes_only_when_the_preset_is_listed() -> None:
    text = '[gallery colums="4" ids="1,2" 7]'
    tag = wp_tag(text, text, ['colums="4"', 'ids="1,2"', "7"])
    assert wp_findings(text, [tag]) == []
    found = wp_findings(text, [tag], settings(**CORE))
    assert codes(found) == [("SD003", 'colums="4"'), ("SD003", "7")]
    assert 'did you mean "columns"?' in found[0][2]
    assert "positional value 1" in found[1][2]


def test_sd003_wordpress_attribute_names_are_compared_lower_cased() -> None:
    text = '[gallery Columns="4"]'
    tag = wp_tag(text, text, ['Columns="4"'])
    assert wp_findings(text, [tag], settings(**CORE)) == []


HUGO_EMBEDDED = {"presets": ("hugo-embedded",)}

HUGO_SCHEMA_CASES: List[Tuple[str, Dict[str, Any], List[Tuple[str, str]]]] = [
    ('{{< figure src="a.png" titel="x" >}}', HUGO_EMBEDDED, [("SD003", 'titel="x"')]),
    ('{{< figure src="a.png" titel="x" >}}', {}, []),
    ("{{< youtube 0RKpf3rK57I >}}", HUGO_EMBEDDED, []),
    ("{{< youtube id=0RKpf3rK57I start=30s >}}", HUGO_EMBEDDED, [("SD005", "30s")]),
    ('{{< x user="SanDiegoZoo" >}}', HUGO_EMBEDDED, [("SD004", '{{< x user="SanDiegoZoo" >}}')]),
    ("{{< instagram >}}", HUGO_EMBEDDED, [("SD004", "{{< instagram >}}")]),
    ("{{< instagram CxOWiQNP2MO >}}", HUGO_EMBEDDED, []),
    ('{{< qr text="x" level="max" />}}', HUGO_EMBEDDED, [("SD005", "max")]),
    ('{{< qr text="x" level="high" scale=4 />}}', HUGO_EMBEDDED, []),
    # A preset's WordPress schemas say nothing about Hugo content.
    (
        '{{< gallery colums="4" >}}',
        {"presets": ("wordpress-core",)},
        [("SD002", '{{< gallery colums="4" >}}')],
    ),
]


@pytest.mark.parametrize(("text", "options", "expected"), HUGO_SCHEMA_CASES)
def test_hugo_schemas(text: str, options: Dict[str, Any], expected: List[Tuple[str, str]]) -> None:
    assert codes(hugo_findings(text, settings(**options))) == expected


def test_site_template_replaces_the_embedded_schema() -> None:
    registry = Registry(
        hugo_templates={**hugo.EMBEDDED_TEMPLATES, "figure": False},
        hugo_site_templates=frozenset({"figure"}),
    )
    text = '{{< figure src="a.png" titel="x" >}}'
    assert hugo_findings(text, settings(**HUGO_EMBEDDED), registry) == []


def card_settings(**attributes: Any) -> Settings:
    from contentlint.settings import AttributeSchema

    declared = {name: AttributeSchema(**spec) for name, spec in attributes.items()}
    return settings(
        shortcodes={
            "tables": {
                "card": {
                    "required": ("region",),
                    "direction-flag": 'rtl="true"',
                    "attributes": declared,
                }
            }
        }
    )


VALUE_CASES: List[Tuple[str, Dict[str, Any], Optional[str]]] = [
    # value, attribute schema, expected problem (None: valid)
    ("EG", {"pattern": "^[A-Z]{2}$"}, None),
    ("Egypt", {"pattern": "^[A-Z]{2}$"}, 'does not match the pattern "^[A-Z]{2}$"'),
    ("news", {"enum": ("news", "sport")}, None),
    ("News", {"enum": ("news", "sport")}, 'is not one of "news", "sport"'),
    ("42", {"type": "int"}, None),
    ("-3", {"type": "int"}, None),
    ("٤٢", {"type": "int"}, "is not an integer (ASCII digits)"),
    ("4.5", {"type": "int"}, "is not an integer (ASCII digits)"),
    ("", {"type": "int"}, "is not an integer (ASCII digits)"),
    ("true", {"type": "bool"}, None),
    ("0", {"type": "bool"}, None),
    ("yes", {"type": "bool"}, "is not true or false"),
    ("https://example.org/a?b=c", {"type": "url"}, None),
    ("/images/a.png", {"type": "url"}, None),
    ("javascript:alert(1)", {"type": "url"}, "is not a URL"),
    ("https://example.org/a b", {"type": "url"}, "is not a URL"),
    ("#c0ffee", {"type": "color"}, None),
    ("#abc", {"type": "color"}, None),
    ("rebeccapurple", {"type": "color"}, None),
    ("rgb(10, 20, 30)", {"type": "color"}, None),
    ("#ggg", {"type": "color"}, "is not a color"),
    ("blurple", {"type": "color"}, "is not a color"),
    ("anything at all", {"type": "string"}, None),
]


@pytest.mark.parametrize(("value", "spec", "problem"), VALUE_CASES)
def test_value_checks(value: str, spec: Dict[str, Any], problem: Optional[str]) -> None:
    from contentlint.settings import AttributeSchema

    assert schema.value_problem(value, AttributeSchema(**spec)) == problem


def test_sd005_reports_at_the_value_in_wordpress() -> None:
    text = '[card region="Egypt" rtl="yes"]'
    tag = wp_tag(text, text, ['region="Egypt"', 'rtl="yes"'])
    found = wp_findings(
        text,
        [tag],
        card_settings(region={"pattern": "^[A-Z]{2}$"}, rtl={"enum": ("true", "false")}),
    )
    # The direction flag's value is RTL003's to judge, not SD005's.
    assert codes(found) == [("SD005", "Egypt")]
    assert found[0][2] == '"region" of "card": "Egypt" does not match the pattern "^[A-Z]{2}$"'


DAMAGED = [
    ("[card region=”EG”]", "region=”EG”", []),
    ("[card region=&#8221;EG&#8221;]", "region=&#8221;EG&#8221;", []),
    ("[card region=”Egypt”]", "region=”Egypt”", ["SD005"]),
]


@pytest.mark.parametrize(("text", "raw", "expected"), DAMAGED)
def test_sd005_leaves_damaged_quotes_to_the_quote_rules(
    text: str, raw: str, expected: List[str]
) -> None:
    tag = wp_tag(text, text, [raw])
    found = wp_findings(text, [tag], card_settings(region={"pattern": "^[A-Z]{2}$"}))
    assert [code for code, _, _ in found] == expected


def test_sd004_required_attribute() -> None:
    text = '[card rtl="true"] [card region="EG"]'
    tags = [
        wp_tag(text, '[card rtl="true"]', ['rtl="true"']),
        wp_tag(text, '[card region="EG"]', ['region="EG"']),
    ]
    found = wp_findings(text, tags, card_settings(region={}, rtl={}))
    assert found == [("SD004", '[card rtl="true"]', '"card" requires attribute "region"')]


def test_attribute_required_flag_in_configuration(tmp_path: Any) -> None:
    (tmp_path / ".contentlint.toml").write_text(
        "[shortcodes.card.attributes]\nregion = { required = true }\n", encoding="utf-8"
    )
    from contentlint.config import ConfigLoader

    config = ConfigLoader().settings_for(str(tmp_path / "a.md"))
    text = "[card]"
    found = wp_findings(text, [wp_tag(text, "[card]")], config)
    assert codes(found) == [("SD004", "[card]")]


def test_pathological_pattern_does_not_hang() -> None:
    config = card_settings(region={"pattern": r"^(([a-z])+.)+[A-Z]([a-z])+$"})
    value = "a" * 5000
    text = f'[card region="{value}"]'
    tag = wp_tag(text, text, [f'region="{value}"'])
    # Too slow to decide: reported as not checked, never a crash, a stall or a silent pass.
    ((code, under, message),) = wp_findings(text, [tag], config)
    assert (code, under) == ("SD005", value)
    assert "could not be checked" in message


# --- SD006 ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(HUGO_REMOVED))
def test_sd006_hugo_removed_shortcodes_quote_hugo(name: str) -> None:
    ((code, _, message),) = hugo_findings(f'{{{{< {name} user="a" id="1" >}}}}')
    assert code == "SD006"
    assert message == f'"{name}" was removed: Hugo fails the build: {HUGO_REMOVED[name]}'


@pytest.mark.parametrize(
    ("version", "expected"),
    [
        # The release that removed it, and any later one, fails the build.
        (None, Severity.ERROR),
        ((0, 156, 0), Severity.ERROR),
        # Deprecated but still there: Hugo builds and warns.
        ((0, 150, 0), Severity.WARNING),
    ],
)
def test_sd006_a_removed_shortcode_is_an_error_in_the_versions_it_fails(
    version: Optional[Tuple[int, int, int]], expected: Severity
) -> None:
    registry = replace(SITE, hugo_version=version)
    body = "Intro\n{{< twitter user=a id=1 >}}"
    document = hugo.parse(body, dict(SITE.hugo_templates or {}))
    (found,) = run(body, document, settings(), registry)
    assert (found.code, found.severity) == ("SD006", expected)
    assert ("fails the build" in found.message) is (expected is Severity.ERROR)


def test_sd006_hugo_comment_is_deprecated() -> None:
    ((code, _, message),) = hugo_findings("{{< comment >}}x{{< /comment >}}")
    assert code == "SD006"
    assert message.startswith('"comment" is deprecated: Hugo warns: The "comment" shortcode')


def test_sd006_not_when_the_site_has_its_own_template() -> None:
    registry = Registry(
        hugo_templates={**hugo.EMBEDDED_TEMPLATES, "tweet": False},
        hugo_site_templates=frozenset({"tweet"}),
    )
    assert hugo_findings('{{< tweet user="a" id="1" >}}', registry=registry) == []


def test_sd006_configured_deprecation_in_wordpress() -> None:
    text = "[covid a=1]"
    config = settings(shortcodes={"tables": {"covid": {"deprecated": "the plugin is gone"}}})
    found = wp_findings(text, [wp_tag(text, text, ["a=1"])], config)
    assert found == [("SD006", text, '"covid" is deprecated: the plugin is gone')]


def test_escaped_shortcodes_are_never_checked() -> None:
    text = "{{</* tweet user=a */>}} {{</* insert_php */>}}"
    assert hugo_findings(text, settings(shortcodes={"deny": ("insert_php",), "tables": {}})) == []


# --- a pattern that times out on one value ------------------------------------------------


def _sd005(text: str) -> List[Tuple[str, str]]:
    from contentlint.linter import check_text

    slow = card_settings(code={"pattern": "^(a|aa)+$"})
    found = check_text(text, settings=slow, dialect="wordpress")
    return [(d.code, text[d.span.start : d.span.end]) for d in found if d.code == "SD005"]


def test_a_pattern_that_times_out_reports_that_value_and_stays_on() -> None:
    slow_value = "a" * 60 + "!"
    slow = f'[card region="EG" code="{slow_value}"]\n'
    bad = '[card region="EG" code="b"]\n'
    alone = _sd005(bad)
    assert alone == [("SD005", "b")]
    # The timed-out value is a finding of its own, not a silent pass...
    assert _sd005(slow) == [("SD005", slow_value)]
    # ...and the pattern still checks every later value, in this file and the next.
    assert _sd005(slow + bad) == [("SD005", slow_value), ("SD005", "b")]
    assert _sd005(bad) == alone


def test_a_timed_out_value_says_it_was_not_checked() -> None:
    from contentlint.settings import AttributeSchema

    problem = schema.value_problem("a" * 60 + "!", AttributeSchema(pattern="^(a|aa)+$"))
    assert problem is not None and "could not be checked" in problem
