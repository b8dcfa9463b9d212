"""Site discovery: Hugo templates, WordPress registrations, dialect choice."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Iterator, List, Optional, Tuple

import pytest

from contentlint import discovery
from contentlint.model import Dialect


@pytest.fixture(autouse=True)
def fresh_caches() -> Iterator[None]:
    discovery.clear_caches()
    yield
    discovery.clear_caches()


def write(path: Path, text: str = "") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


SITE_MARKERS: List[Tuple[str, str, bool]] = [
    ("hugo.toml", "title = 'x'\n", True),
    ("hugo.yaml", "title: x\n", True),
    ("hugo.json", "{}", True),
    ("config.toml", "baseURL = 'https://example.org/'\n", True),
    ("config.yaml", "baseurl: https://example.org/\n", True),
    ("config.toml", "title = 'not hugo'\n", False),
    ("layouts/shortcodes/x.html", "x", True),
    ("layouts/_shortcodes/x.html", "x", True),
    ("config/_default/hugo.toml", "", True),
    ("layouts/x.html", "x", False),
]


@pytest.mark.parametrize(("marker", "text", "is_site"), SITE_MARKERS)
def test_find_hugo_site(tmp_path: Path, marker: str, text: str, is_site: bool) -> None:
    write(tmp_path / marker, text)
    page = write(tmp_path / "content" / "posts" / "a.md", "x")
    expected: Optional[str] = str(tmp_path) if is_site else None
    assert discovery.find_hugo_site(str(page)) == expected


TEMPLATE_NAMES = [
    ("a/b.html", "a/b"),
    ("x.en.html", "x"),
    ("x.amp.html", "x"),
    ("x.md", "x"),
    ("Notice.HTML", "notice"),
    ("deep/er/name.ar.html", "deep/er/name"),
]


@pytest.mark.parametrize(("relative", "name"), TEMPLATE_NAMES)
def test_template_name(relative: str, name: str) -> None:
    assert discovery.template_name(relative) == name


INNER = [
    ("{{ .Inner }}", True),
    ("{{- .InnerDeindent | markdownify -}}", True),
    ("{{ $noop := .Inner }}", True),
    ("{{ with $.Inner }}{{ . }}{{ end }}", True),
    ("{{ .Get 0 }}", False),
    ("{{/* uses .Inner in a comment */}}{{ .Get 0 }}", False),
    ("{{- /* a }} inside .Inner comment */ -}}{{ .Get 0 }}", False),
    ("<p>.Inner outside an action</p>", False),
    ("{{ .Innerx }}", False),
    ("{{ .Inner", True),
]


@pytest.mark.parametrize(("template", "expected"), INNER)
def test_uses_inner(template: str, expected: bool) -> None:
    assert discovery.uses_inner(template) is expected


def test_discover_hugo_templates_themes_and_embedded(tmp_path: Path) -> None:
    write(tmp_path / "hugo.toml", "baseURL = 'https://example.org/'\ntheme = 't'\n")
    write(tmp_path / "layouts" / "_shortcodes" / "notice.html", "<div>{{ .Inner }}</div>")
    write(tmp_path / "layouts" / "_shortcodes" / "card.html", '{{ .Get "region" }}')
    write(tmp_path / "layouts" / "shortcodes" / "old.html", "{{ .Get 0 }}")
    write(tmp_path / "layouts" / "_shortcodes" / "a" / "b.en.html", "{{ .Inner }}")
    # The site's own template wins over the theme's of the same name.
    write(tmp_path / "themes" / "t" / "layouts" / "_shortcodes" / "card.html", "{{ .Inner }}")
    write(tmp_path / "themes" / "t" / "layouts" / "_shortcodes" / "themed.html", "x")
    # A theme the configuration does not declare is not used by Hugo.
    write(tmp_path / "themes" / "unused" / "layouts" / "_shortcodes" / "spare.html", "x")
    write(tmp_path / "layouts" / "_shortcodes" / "figure.html", "{{ .Inner }}")
    page = write(tmp_path / "content" / "a.md", "x")
    registry = discovery.discover(str(page))
    templates = registry.hugo_templates
    assert templates is not None
    assert templates["notice"] is True
    assert templates["card"] is False
    assert templates["old"] is False
    assert templates["a/b"] is True
    assert templates["themed"] is False
    assert "spare" not in templates
    assert templates["figure"] is True  # the site overrides the embedded figure
    assert templates["details"] is True and templates["youtube"] is False
    assert templates["tweet"] is False  # removed, but Hugo still finds its template
    assert registry.hugo_site_templates == frozenset(
        {"notice", "card", "old", "a/b", "themed", "figure"}
    )
    assert registry.hugo_site_root == str(tmp_path)
    assert registry.wordpress_registered is None


def test_discover_hugo_languages(tmp_path: Path) -> None:
    write(
        tmp_path / "hugo.toml",
        """
        baseURL = 'https://example.org/'
        defaultContentLanguage = 'en'
        [languages.ar]
        direction = 'rtl'
        [languages.en]
        """,
    )
    arabic = write(tmp_path / "content" / "about.ar.md", "x")
    english = write(tmp_path / "content" / "about.md", "x")
    registry = discovery.discover(str(arabic))
    assert registry.hugo_language_directions == {"ar": "rtl", "en": None}
    assert registry.page_language == "ar"
    assert discovery.discover(str(english)).page_language == "en"


def test_no_site_no_templates(tmp_path: Path) -> None:
    page = write(tmp_path / "notes" / "a.md", "x")
    registry = discovery.discover(str(page))
    assert registry.hugo_templates is None
    assert registry.hugo_site_root is None
    assert registry.wordpress_registered is None


PHP_CALLS: List[Tuple[str, List[str]]] = [
    ("add_shortcode('card', 'card_cb');", ["card"]),
    ('add_shortcode( "contact-form-7", array( $this, "x" ) );', ["contact-form-7"]),
    ("add_shortcode(\n  'multi',\n  'cb'\n);", ["multi"]),
    ("add_shortcode('it\\'s', 'cb');", ["it's"]),
    ("add_shortcode($tag, 'cb');", []),
    ('add_shortcode("pre_{$name}", "cb");', []),
    ("remove_add_shortcode('no', 'cb'); $x->add_shortcode('no2', 'cb');", []),
    ("add_shortcode", []),
    ("add_shortcode('unterminated", []),
]


@pytest.mark.parametrize(("php", "names"), PHP_CALLS)
def test_registered_names(php: str, names: List[str]) -> None:
    assert list(discovery.registered_names(php)) == names


def test_discover_wordpress_registrations(tmp_path: Path) -> None:
    plugin = tmp_path / "wp-content" / "plugins" / "cards"
    write(plugin / "cards.php", "<?php add_shortcode('card', 'card_cb');")
    write(plugin / "inc" / "more.php", "<?php add_shortcode(\"card-list\", 'x');")
    write(
        tmp_path / "wp-content" / "themes" / "t" / "functions.php",
        "<?php add_shortcode('box', 'b');",
    )
    write(tmp_path / "wp-content" / "uploads" / "evil.php", "<?php add_shortcode('skipped', 'b');")
    page = write(tmp_path / "export" / "posts.xml", "x")
    registry = discovery.discover(str(page))
    assert registry.wordpress_registered == frozenset({"card", "card-list", "box"})
    assert registry.hugo_templates is None


DIALECTS: List[Tuple[str, str, bool, Dialect]] = [
    # text, setting, inside a Hugo site, expected
    ("[gallery]", "auto", False, Dialect.WORDPRESS),
    ("{{< figure >}}", "auto", False, Dialect.HUGO),
    ("{{% notice %}}", "auto", False, Dialect.HUGO),
    ("plain text", "auto", True, Dialect.HUGO),
    ("{{< figure >}}", "wordpress", True, Dialect.WORDPRESS),
    ("[gallery]", "hugo", False, Dialect.HUGO),
]


@pytest.mark.parametrize(("text", "setting", "in_site", "expected"), DIALECTS)
def test_choose_dialect(
    tmp_path: Path, text: str, setting: str, in_site: bool, expected: Dialect
) -> None:
    if in_site:
        write(tmp_path / "hugo.toml", "")
    page = write(tmp_path / "content" / "a.md", text)
    in_site_found = discovery.discover(str(page)).hugo_site_root is not None
    assert in_site_found is in_site
    assert discovery.choose_dialect(text, setting, in_site_found) is expected


def test_the_files_of_one_folder_each_get_their_own_page_language(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "content" / "news").mkdir(parents=True)
    (site / "hugo.toml").write_text(
        '[languages.en]\nweight = 1\n[languages.ar]\nweight = 2\ndirection = "rtl"\n'
    )
    for name in ("a.md", "a.ar.md", "b.md", "b.ar.md", "c.en.md"):
        (site / "content" / "news" / name).write_text("x\n")
    (site / "README.md").write_text("x\n")
    discovery.clear_caches()
    languages = {
        name: discovery.discover_file(str(site / "content" / "news" / name)).page_language
        for name in ("a.md", "a.ar.md", "b.md", "b.ar.md", "c.en.md")
    }
    assert languages == {
        "a.md": "en",
        "a.ar.md": "ar",
        "b.md": "en",
        "b.ar.md": "ar",
        "c.en.md": "en",
    }
    # A file of the site's folder that is not content is outside the site, after its pages too.
    assert discovery.discover_file(str(site / "README.md")).hugo_site_root is None
    assert discovery.discover_file(str(site / "content" / "news" / "a.md")).hugo_site_root == str(
        site
    )
