"""Markdown that belongs to neither engine: code holds no shortcodes there.

A file that no Hugo site, WordPress tree, dialect setting or declared name ties
to an engine is plain Markdown: a command reference, a book, a Liquid site.
Its code spans and fences are examples to read, never shortcodes to run.
Each input is a minimal reconstruction of a pattern seen in such repositories.
"""

from __future__ import annotations

from pathlib import Path
from typing import List, Tuple

import pytest

from contentlint import config, discovery, markup
from contentlint.linter import check_text
from contentlint.model import Dialect
from contentlint.settings import Registry, Settings

NEITHER_ENGINE_CLEAN = [
    # Placeholders around key names, in a code span.
    "- Move left:\n\n`{{<Space>|<b>}}`\n",
    # A printf format inside a code span.
    '- Print a value:\n\n`printf "{{%s\\n}}"`\n',
    # Alternatives inside placeholders.
    "- Run a command:\n\n`docker {{[exec|container exec]}} {{name}}`\n",
    "- Debug info:\n\n`rustc {{[-g|--codegen debuginfo=2]}} {{path/to/main.rs}}`\n",
    # An optional part in brackets.
    "- Upload:\n\n`tool s3://{{bucket_name[/prefix]}}`\n",
    # Console markup inside a quoted argument.
    '- Style:\n\n`rich "[bold]World[/bold]"`\n',
    '- Style:\n\n`rich --print "{{Hi [green on black]x[/green on black]}}"`\n',
    # The same in a fence.
    '```\ndocker {{[exec|container exec]}}\nrich "[bold]W[/bold]"\nx {{< a1 \'b >}}\n```\n',
    # mdBook includes and Jekyll Liquid.
    "Listing:\n\n```rust\n{{#include ../listings/main.rs}}\n```\n\n{{#rustdoc_include x.rs:a}}\n",
    "---\ntitle: t\n---\n{% include note.html %}\n{{ page.title }} {% raw %}{{ x }}{% endraw %}\n",
    # A name no engine accepts, whatever follows it, outside code too.
    "Use [-g|--codegen debuginfo=2] or [exec|container exec] here.\n",
    "Path `s3://bucket_name[/prefix]` and `{{bucket[/p]}}`\n",
]


@pytest.mark.parametrize("text", NEITHER_ENGINE_CLEAN)
def test_neither_engine_markdown_is_clean(text: str, tmp_path: Path) -> None:
    # The default configuration (the security preset's names are known).
    defaults = config.ConfigLoader().settings_for(str(tmp_path / "page.md"))
    assert "exec" in defaults.known
    found = check_text(text, "page.md", settings=defaults, extend_select=("SC011",))
    assert [(d.code, d.message) for d in found] == []


@pytest.mark.parametrize(
    ("text", "dialect"),
    [
        ('`printf "{{%s\\n}}"` and `{{<Space>}}`\n', Dialect.WORDPRESS),
        ("```\n{{< x >}}\n```\n", Dialect.WORDPRESS),
        ("<code>{{< x >}}</code>\n", Dialect.WORDPRESS),
        ("Prose {{< x >}} and `code`\n", Dialect.HUGO),
        ("Prose {{% x %}}\n", Dialect.HUGO),
    ],
)
def test_code_does_not_make_a_file_hugo(text: str, dialect: Dialect) -> None:
    assert discovery.choose_dialect(text, "auto", False) is dialect


def test_code_in_a_hugo_site_still_hugo() -> None:
    assert discovery.choose_dialect("`{{< x >}}`\n", "auto", True) is Dialect.HUGO


def _codes(found: List[object]) -> List[Tuple[str, int]]:
    return [(d.code, d.span.start) for d in found]  # type: ignore[attr-defined]


TIED_TEXT = '`{{< card "x >}}`\n'


@pytest.mark.parametrize(
    ("overrides", "registry"),
    [
        ({"dialect": "hugo"}, Registry()),
        ({}, Registry(hugo_templates={"card": False}, hugo_site_root="/site")),
    ],
)
def test_a_file_tied_to_an_engine_keeps_shortcodes_in_code(
    overrides: dict, registry: Registry
) -> None:
    # Engines do not know Markdown: once a file is tied to one, a shortcode
    # in code runs, and its damage is reported.
    found = check_text(TIED_TEXT, "page.md", registry=registry, **overrides)
    assert any(d.code.startswith("SC") for d in found)


def test_wordpress_names_declared_in_configuration_tie_the_file() -> None:
    text = '`[gallery ids="1,2]`\n'
    assert check_text(text, "page.md") == []
    declared = frozenset({"gallery"})
    found = check_text(text, "page.md", known=declared, declared_known=declared)
    assert [d.code for d in found if d.code.startswith("SC")]


def test_bidi_controls_in_code_are_still_reported() -> None:
    found = check_text("`echo \u202eabc`\n", "page.md")
    assert [d.code for d in found if d.code.startswith("BD")]


def test_shortcodes_outside_code_still_count_in_untied_files() -> None:
    text = '[gallery ids="1]\n`[gallery]`\n[/gallery]\n'
    code = range(text.index("`"), text.rindex("`") + 1)
    found = check_text(text, "page.md", extend_select=("SC011",))
    assert [d.code for d in found] == ["SC002"]
    assert all(d.span.start not in code for d in found)


def test_text_in_code_inside_a_tag_keeps_its_value() -> None:
    from contentlint import linter
    from contentlint.source import Source

    text = 'Call [box title="run `make all` now"] here.\n'
    source = Source.from_text("page.md", text)
    document = linter.parse(source, linter.FileContext(Settings(), Registry()))
    (shortcode,) = document.shortcodes
    assert [a.value for a in shortcode.attributes] == ["run `make all` now"]
    assert document.code_spans == markup.code_spans(text)
