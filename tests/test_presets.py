"""Presets: what each one contributes, and the defaults when none is configured."""

from __future__ import annotations

from typing import Any, Dict, FrozenSet, List, Tuple

import pytest

from contentlint import hugo
from contentlint.config import build_settings
from contentlint.presets import (
    DEFAULT_HUGO_VERSION,
    HUGO_DEPRECATED,
    HUGO_EMBEDDED_INNER,
    HUGO_REMOVED,
    PRESETS,
    SECURITY_DENY,
    WORDPRESS_CORE_NAMES,
    hugo_engine_schema,
)


def test_wordpress_core_lists_every_core_shortcode() -> None:
    assert (
        frozenset({"audio", "video", "caption", "wp_caption", "gallery", "playlist", "embed"})
        == WORDPRESS_CORE_NAMES
    )


CORE_ATTRIBUTES: List[Tuple[str, FrozenSet[str]]] = [
    (
        "gallery",
        frozenset(
            [
                "ids",
                "id",
                "order",
                "orderby",
                "itemtag",
                "icontag",
                "captiontag",
                "columns",
                "size",
                "include",
                "exclude",
                "link",
                "type",
            ]
        ),
    ),
    (
        "audio",
        frozenset(
            [
                "src",
                "loop",
                "autoplay",
                "preload",
                "class",
                "style",
                "mp3",
                "ogg",
                "flac",
                "m4a",
                "wav",
                "wma",
            ]
        ),
    ),
    (
        "video",
        frozenset(
            [
                "src",
                "poster",
                "loop",
                "autoplay",
                "muted",
                "preload",
                "height",
                "width",
                "class",
                "mp4",
                "m4v",
                "webm",
                "ogv",
                "wmv",
                "flv",
            ]
        ),
    ),
    ("caption", frozenset(["id", "caption_id", "align", "width", "class", "caption"])),
    ("wp_caption", frozenset(["id", "caption_id", "align", "width", "class", "caption"])),
    (
        "playlist",
        frozenset(
            [
                "type",
                "order",
                "orderby",
                "id",
                "ids",
                "exclude",
                "include",
                "style",
                "tracklist",
                "tracknumbers",
                "images",
                "artists",
            ]
        ),
    ),
    ("embed", frozenset(["width", "height", "src"])),
]


@pytest.mark.parametrize(("name", "attributes"), CORE_ATTRIBUTES)
def test_wordpress_core_attributes(name: str, attributes: FrozenSet[str]) -> None:
    schema = PRESETS["wordpress-core"].schemas[name]
    assert schema.attributes is not None
    assert frozenset(schema.attributes) == attributes


def test_hugo_embedded_agrees_with_the_parser_on_inner_content() -> None:
    # The parser's table may list fewer names; where both list one, they agree.
    for name, inner in hugo.EMBEDDED_TEMPLATES.items():
        assert HUGO_EMBEDDED_INNER[name] is inner, name


def test_hugo_embedded_schemas_match_inner_content() -> None:
    schemas = PRESETS["hugo-embedded"].schemas
    assert set(schemas) == set(HUGO_EMBEDDED_INNER)
    for name, schema in schemas.items():
        if schema.enclosing == "always":
            assert HUGO_EMBEDDED_INNER[name], name
        if schema.enclosing == "never":
            assert not HUGO_EMBEDDED_INNER[name], name


def test_hugo_removed_and_deprecated_messages_are_hugos() -> None:
    assert set(HUGO_REMOVED) == {"tweet", "twitter", "twitter_simple", "gist", "instagram_simple"}
    assert HUGO_REMOVED["gist"] == (
        'The "gist" shortcode was deprecated in v0.143.0 and removed in v0.156.0.'
    )
    assert HUGO_REMOVED["tweet"] == (
        'The "twitter", "tweet", and "twitter_simple" shortcodes were deprecated in v0.142.0 '
        'and removed in v0.156.0. Please use the "x" shortcode instead.'
    )
    assert HUGO_REMOVED["instagram_simple"].startswith(
        'The "instagram_simple" shortcode was removed in v0.123.0. Use the "instagram" '
        "shortcode instead."
    )
    assert set(HUGO_DEPRECATED) == {"comment"}
    schemas = PRESETS["hugo-embedded"].schemas
    assert all(schemas[name].removed == message for name, message in HUGO_REMOVED.items())
    assert schemas["comment"].deprecated == HUGO_DEPRECATED["comment"]


def test_security_denies_code_execution() -> None:
    assert {"insert_php", "php", "exec", "phpcode", "php_everywhere", "allow_php"} <= SECURITY_DENY
    assert PRESETS["security"].deny == SECURITY_DENY


MERGES: List[Tuple[Dict[str, Any], bool, bool, bool]] = [
    # options, insert_php denied, gallery has a schema, figure has a schema
    ({}, True, False, False),
    ({"presets": ()}, False, False, False),
    ({"presets": ("wordpress-core",)}, False, True, False),
    ({"presets": ("hugo-embedded", "security")}, True, False, True),
]


@pytest.mark.parametrize(("options", "denied", "gallery", "figure"), MERGES)
def test_presets_merge_into_settings(
    options: Dict[str, Any], denied: bool, gallery: bool, figure: bool
) -> None:
    settings = build_settings(options, "/repo", None)
    assert ("insert_php" in settings.deny) is denied
    assert ("gallery" in settings.schemas) is gallery
    assert ("figure" in settings.schemas) is figure
    # WordPress's own shortcodes are always known: WordPress always registers them.
    assert settings.known >= WORDPRESS_CORE_NAMES


def test_hugo_removals_follow_the_release() -> None:
    # "twitter" was deprecated in 0.142 and removed in 0.156.
    assert hugo_engine_schema("twitter", (0, 141, 0)) is None
    deprecated = hugo_engine_schema("twitter", (0, 150, 0))
    assert deprecated is not None and deprecated.removed is None and deprecated.deprecated
    removed = hugo_engine_schema("twitter", (0, 156, 0))
    assert removed is not None and removed.removed == HUGO_REMOVED["twitter"]
    assert hugo_engine_schema("twitter") == removed  # the default release is later
    assert DEFAULT_HUGO_VERSION >= (0, 156, 0)
