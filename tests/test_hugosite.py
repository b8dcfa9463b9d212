"""Reading a Hugo site's language directions and a page's language (research/hugo.md §8)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Dict, Optional

import pytest

from contentlint import hugosite

TOML_CURRENT = """\
baseURL = "https://example.org/"
defaultContentLanguage = "en"
[languages.en]
weight = 1
[languages.ar]
direction = "rtl"
contentDir = "content/ar"
"""
TOML_LEGACY = """\
baseURL = "https://example.org/"
[languages.en]
weight = 1
[languages.fa]
languageDirection = "rtl"
"""
TOML_BOTH = """\
[languages.he]
languageDirection = "ltr"
direction = "rtl"
"""
TOML_CASE = """\
[Languages.AR]
LanguageDirection = "RTL"
"""
YAML_CONFIG = """\
---
baseURL: https://example.org/
defaultContentLanguage: ar
languages:
  ar:
    languageName: "العربية"
    direction: rtl
    contentDir: content/ar
  en:
    weight: 2
menus:
  main:
    - name: Home
      url: /
"""
JSON_CONFIG = '{"languages": {"ur": {"languageDirection": "rtl"}, "en": {}}}'


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        ({"hugo.toml": TOML_CURRENT}, {"en": None, "ar": "rtl"}),
        ({"config.toml": TOML_LEGACY}, {"en": None, "fa": "rtl"}),
        ({"hugo.toml": TOML_BOTH}, {"he": "rtl"}),  # direction wins
        ({"hugo.toml": TOML_CASE}, {"ar": "RTL"}),  # keys are case-insensitive; the value is kept
        ({"hugo.yaml": YAML_CONFIG}, {"ar": "rtl", "en": None}),
        ({"hugo.json": JSON_CONFIG}, {"ur": "rtl", "en": None}),
        # hugo.* is read instead of config.*.
        ({"hugo.toml": TOML_BOTH, "config.toml": TOML_LEGACY}, {"he": "rtl"}),
        # The config folder, with its own languages file.
        (
            {
                "config/_default/hugo.toml": 'baseURL = "/"\n',
                "config/_default/languages.toml": '[ar]\ndirection = "rtl"\n[en]\nweight = 1\n',
            },
            {"ar": "rtl", "en": None},
        ),
        # The root file wins over the config folder for the same language.
        (
            {
                "config/_default/languages.toml": '[ar]\ndirection = "ltr"\n',
                "hugo.toml": '[languages.ar]\ndirection = "rtl"\n',
            },
            {"ar": "rtl"},
        ),
        # A broken file is skipped, not fatal.
        ({"hugo.toml": "[languages.ar\ndirection = "}, {}),
        ({"hugo.json": "{not json"}, {}),
        # A BOM is allowed in front of TOML.
        ({"hugo.toml": "\ufeff" + TOML_LEGACY}, {"en": None, "fa": "rtl"}),
        ({}, {}),
    ],
)
def test_read_language_directions(
    tmp_path: Path, files: Dict[str, str], expected: Dict[str, Optional[str]]
) -> None:
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert hugosite.read_language_directions(str(tmp_path)) == expected


@pytest.mark.parametrize(
    ("page", "default_language", "expected"),
    [
        ("content/about.ar.md", None, "ar"),
        ("content/about.AR.md", None, "ar"),
        ("content/ar/news/item.md", None, "ar"),  # the language's contentDir
        ("content/news/item.md", None, "en"),  # defaultContentLanguage
        ("content/news/item.md", "fr", "fr"),  # the caller's default wins
        ("content/about.xx.md", None, "en"),  # not a configured language
        ("content/ar/about.en.md", None, "en"),  # the file-name suffix wins
    ],
)
def test_page_language(
    tmp_path: Path, page: str, default_language: Optional[str], expected: str
) -> None:
    (tmp_path / "hugo.toml").write_text(TOML_CURRENT, encoding="utf-8")
    path = os.path.join(str(tmp_path), page)
    assert hugosite.page_language(path, str(tmp_path), default_language) == expected


def test_page_language_follows_configuration_changes(tmp_path: Path) -> None:
    config = tmp_path / "hugo.toml"
    config.write_text(TOML_CURRENT, encoding="utf-8")
    page = str(tmp_path / "content" / "about.fa.md")
    assert hugosite.page_language(page, str(tmp_path), None) == "en"
    config.write_text(TOML_CURRENT + '[languages.fa]\ndirection = "rtl"\n', encoding="utf-8")
    os.utime(config, ns=(0, 10**18))  # a new mtime even on coarse clocks
    assert hugosite.page_language(page, str(tmp_path), None) == "fa"


def test_site_without_languages_uses_hugo_default(tmp_path: Path) -> None:
    (tmp_path / "hugo.toml").write_text('baseURL = "/"\n', encoding="utf-8")
    site = hugosite.read_site(str(tmp_path))
    assert site.languages == {}
    assert site.page_language(str(tmp_path / "content" / "a.md")) == "en"


@pytest.mark.parametrize(
    ("text", "version"),
    [
        ("0.160.1", (0, 160, 1)),
        ("v0.158", (0, 158, 0)),
        ("0.146.0-DEV", (0, 146, 0)),
        ("latest", None),
        ("", None),
    ],
)
def test_parse_version(text: str, version: Optional[hugosite.Version]) -> None:
    assert hugosite.parse_version(text) == version


def test_site_version_and_the_direction_key(tmp_path: Path) -> None:
    (tmp_path / "hugo.toml").write_text(
        '[module.hugoVersion]\nmin = "0.150.0"\nmax = "0.170.0"\n', encoding="utf-8"
    )
    declared = hugosite.read_site(str(tmp_path)).hugo_version
    assert declared == hugosite.HugoVersionRange((0, 150, 0), (0, 170, 0))
    assert hugosite.direction_key(declared) == "languageDirection"
    configured = hugosite.site_version(declared, "0.160.0")
    assert configured == hugosite.HugoVersionRange((0, 160, 0), (0, 160, 0))
    assert hugosite.direction_key(configured) == "direction"
    assert hugosite.site_version(None, None) == hugosite.HugoVersionRange()


def test_yaml_a_key_the_reader_cannot_take_loses_only_itself(tmp_path: Path) -> None:
    (tmp_path / "hugo.yaml").write_text(
        "theme: [base/theme]\n"
        "params:\n"
        "  minimum: &hugoMin 0.150.0\n"
        "  odd: { a: [1, {b: 2}] }\n"  # flow style the front-matter reader refuses
        "    - misplaced\n"
        "module:\n"
        "  hugoVersion:\n"
        "    min: *hugoMin\n",
        encoding="utf-8",
    )
    (tmp_path / "themes" / "base" / "theme").mkdir(parents=True)
    site = hugosite.read_site(str(tmp_path))
    [theme] = site.components
    assert (theme.path, theme.declared.line) == ("base/theme", 1)
    assert theme.folder == str(tmp_path / "themes" / "base" / "theme")
    assert site.hugo_version.minimum == (0, 150, 0)
