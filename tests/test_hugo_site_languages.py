"""RTL005 at the level where Hugo sets direction: the language, once per site and run."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict, List

import pytest

from contentlint import discovery
from contentlint.cli import main

ARABIC = (
    "قال المتحدث باسم الحكومة اليوم إن الوزارة ستعلن عن خطة جديدة لدعم المدارس في "
    "المدينة والمناطق المجاورة وأكد أن البيانات تشير إلى تحسن كبير في الخدمات.\n\n"
)
ENGLISH = (
    "The committee met on Tuesday to review the budget for the coming year and agreed "
    "to publish the minutes together with the full report next week.\n\n"
)
FRONT = "---\ntitle: t\n---\n"
ARABIC_PAGE = FRONT + ARABIC * 3
# Untranslated text and markup push the letter ratio far below one half.
LOW_RATIO_ARABIC_PAGE = FRONT + ARABIC + ENGLISH * 6

TOML = """\
baseURL = "https://example.org/"
defaultContentLanguage = "en"
[languages.en]
weight = 1
[languages.ar]
weight = 2
"""


def write(root: Path, files: Dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def run(
    root: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> List[Dict[str, Any]]:
    discovery.clear_caches()
    monkeypatch.chdir(root)
    capsys.readouterr()
    main(["check", "--format", "json", "--select", "RTL005", "."])
    found: List[Dict[str, Any]] = json.loads(capsys.readouterr().out)
    return found


def test_one_diagnostic_per_language_not_per_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pages = {f"content/post{index}.ar.md": ARABIC_PAGE for index in range(12)}
    pages["content/low.ar.md"] = LOW_RATIO_ARABIC_PAGE
    pages["content/about.md"] = FRONT + ENGLISH
    write(tmp_path, {"hugo.toml": TOML, **pages})
    [finding] = run(tmp_path, monkeypatch, capsys)
    assert (finding["path"], finding["line"], finding["code"]) == ("hugo.toml", 5, "RTL005")
    assert finding["severity"] == "warning"
    # The low-ratio page counts as Arabic: 13 pages, not the 12 that read right-to-left.
    assert "`ar`" in finding["message"] and "13 pages in this run" in finding["message"]
    assert "add `direction = 'rtl'` under `[languages.ar]`" in finding["message"]


@pytest.mark.parametrize(
    ("declared", "setting", "key"),
    [
        ("", "", "direction"),  # unknown: today's Hugo
        ('[module.hugoVersion]\nmin = "0.150.0"\n', "", "languageDirection"),
        ('[module.hugoVersion]\nmin = "0.158.0"\n', "", "direction"),
        ('[module.hugoVersion]\nmin = "0.150.0"\n', 'hugo-version = "0.160.0"\n', "direction"),
        ("", 'hugo-version = "0.120.1"\n', "languageDirection"),
    ],
)
def test_the_key_the_sites_hugo_version_reads(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    declared: str,
    setting: str,
    key: str,
) -> None:
    files = {"hugo.toml": TOML + declared, "content/a.ar.md": ARABIC_PAGE}
    if setting:
        files[".contentlint.toml"] = setting
    write(tmp_path, files)
    [finding] = run(tmp_path, monkeypatch, capsys)
    assert f"add `{key} = 'rtl'`" in finding["message"]


def test_yaml_config_folder_and_content_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write(
        tmp_path,
        {
            "config/_default/hugo.yaml": "baseURL: https://example.org/\n",
            "config/_default/languages.yaml": (
                "en:\n  weight: 1\nfa:\n  weight: 2\n  contentDir: content/fa\n"
                "ur:\n  weight: 3\n  direction: rtl\n"
            ),
            "content/fa/low.md": LOW_RATIO_ARABIC_PAGE,
            "content/fa/b.md": ARABIC_PAGE,
            "content/a.ur.md": ARABIC_PAGE,
        },
    )
    [finding] = run(tmp_path, monkeypatch, capsys)
    assert (finding["path"], finding["line"]) == ("config/_default/languages.yaml", 3)
    assert "`fa`" in finding["message"] and "2 pages in this run" in finding["message"]
    assert "add `direction: rtl` under `languages.fa`" in finding["message"]


def test_declared_direction_gives_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    config = TOML.replace("weight = 2\n", "weight = 2\nlanguageDirection = 'rtl'\n")
    write(tmp_path, {"hugo.toml": config, "content/a.ar.md": LOW_RATIO_ARABIC_PAGE})
    assert run(tmp_path, monkeypatch, capsys) == []


def test_letter_ratio_decides_without_languages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write(
        tmp_path,
        {
            "hugo.toml": 'baseURL = "https://example.org/"\n',
            "content/arabic.md": ARABIC_PAGE,
            "content/mixed.md": LOW_RATIO_ARABIC_PAGE,
        },
    )
    found = run(tmp_path, monkeypatch, capsys)
    assert [(d["path"], d["line"]) for d in found] == [("content/arabic.md", 1)]


def test_arabic_text_in_a_left_to_right_language_is_judged_per_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    config = TOML.replace("weight = 2\n", "weight = 2\ndirection = 'rtl'\n")
    write(tmp_path, {"hugo.toml": config, "content/news.md": ARABIC_PAGE})
    [finding] = run(tmp_path, monkeypatch, capsys)
    assert finding["path"] == "content/news.md"
    assert "give it a right-to-left language" in (finding["message"] + (finding["note"] or ""))


def test_monolingual_site_whose_default_language_is_right_to_left(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    config = 'baseURL = "https://example.org/"\ndefaultContentLanguage = "ur"\n'
    write(tmp_path, {"hugo.toml": config, "content/a.md": LOW_RATIO_ARABIC_PAGE})
    [finding] = run(tmp_path, monkeypatch, capsys)
    assert (finding["path"], finding["line"]) == ("hugo.toml", 2)
    assert "`ur`" in finding["message"]


@pytest.mark.parametrize(
    ("setting", "declared", "removed"),
    [
        ("", "", True),  # contentlint's assumed release: tweet is gone
        ('hugo-version = "0.150.0"\n', "", False),  # still there, deprecated
        ("", '[module.hugoVersion]\nmax = "0.150.0"\n', False),
        ('hugo-version = "0.160.0"\n', '[module.hugoVersion]\nmax = "0.150.0"\n', True),
    ],
)
def test_the_sites_hugo_release_decides_removed_shortcodes(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    setting: str,
    declared: str,
    removed: bool,
) -> None:
    files = {
        "hugo.toml": 'baseURL = "https://example.org/"\n' + declared,
        "content/a.md": FRONT + "{{< tweet user=x id=1 >}}\n",
    }
    if setting:
        files[".contentlint.toml"] = setting
    write(tmp_path, files)
    discovery.clear_caches()
    monkeypatch.chdir(tmp_path)
    capsys.readouterr()
    main(["check", "--format", "json", "--select", "SD006", "."])
    [finding] = json.loads(capsys.readouterr().out)
    assert (finding["severity"] == "error") is removed, finding["message"]


@pytest.mark.parametrize("theme_on_disk", [True, False])
def test_a_theme_not_on_disk_may_replace_hugos_own_shortcodes(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    theme_on_disk: bool,
) -> None:
    # "comment" is one of Hugo's own, deprecated; a theme may define its own "comment".
    files = {
        "hugo.toml": 'baseURL = "https://example.org/"\ntheme = "docs"\n',
        "content/a.md": FRONT + "{{< comment >}}a note{{< /comment >}}\n",
    }
    if theme_on_disk:
        files["themes/docs/layouts/_shortcodes/card.html"] = "{{ .Inner }}\n"
    write(tmp_path, files)
    discovery.clear_caches()
    monkeypatch.chdir(tmp_path)
    capsys.readouterr()
    main(["check", "--format", "json", "--select", "SD006,SD007", "."])
    codes = sorted(finding["code"] for finding in json.loads(capsys.readouterr().out))
    # Without the theme the site says so once (SD007), and Hugo's own shortcode is
    # not judged: the theme may replace it.  With it, the deprecation is reported.
    assert codes == (["SD006"] if theme_on_disk else ["SD007"])
