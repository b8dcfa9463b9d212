"""Hugo site layouts: templates are found where Hugo finds them, through the CLI.

Each case is a tiny site in ``tmp_path`` (files and their text).  Its page
uses ``themed``, a shortcode that only the theme or module defines, and
``nosuch``, which nothing defines.  The expected diagnostics are
``(path, line, code)``.  Where the layout can be built without a network,
real Hugo confirms that ``themed`` resolves and ``nosuch`` does not.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import pytest

from contentlint import discovery
from contentlint.cli import main
from tests.oracles import engines

BASE = 'baseURL = "https://example.org/"\n'
THEMED = "<b>{{ .Get 0 }}</b>"
PAGE = "---\ntitle: p\n---\nA {{< themed x >}} B\n"
PAGE_WITH_TYPO = PAGE + "C {{< nosuch >}}\n"

Files = Dict[str, str]

# id -> (files, expected (path, line, code) for PAGE_WITH_TYPO at content/p.md)
LAYOUTS: Dict[str, Tuple[Files, List[Tuple[str, int, str]]]] = {
    "nested theme name": (
        {
            "hugo.toml": BASE + 'theme = ["docsy/theme"]\n',
            "themes/docsy/theme/layouts/_shortcodes/themed.html": THEMED,
        },
        [("content/p.md", 5, "SD002")],
    ),
    "list of themes, the second defines it": (
        {
            "hugo.toml": BASE + 'theme = ["first", "second"]\n',
            "themes/first/layouts/_shortcodes/other.html": THEMED,
            "themes/second/layouts/_shortcodes/themed.html": THEMED,
        },
        [("content/p.md", 5, "SD002")],
    ),
    "theme as a string, legacy shortcodes folder": (
        {
            "config.toml": BASE + 'theme = "t"\n',
            "themes/t/layouts/shortcodes/themed.html": THEMED,
        },
        [("content/p.md", 5, "SD002")],
    ),
    "themesDir outside the site": (
        {
            "site/hugo.toml": BASE + 'themesDir = "../shared"\ntheme = "t"\n',
            "shared/t/layouts/_shortcodes/themed.html": THEMED,
        },
        [("site/content/p.md", 5, "SD002")],
    ),
    "vendored module": (
        {
            "hugo.toml": BASE + '[[module.imports]]\npath = "github.com/org/theme"\n',
            "_vendor/modules.txt": "# github.com/org/theme v1.0.0\n",
            "_vendor/github.com/org/theme/layouts/_shortcodes/themed.html": THEMED,
        },
        [("content/p.md", 5, "SD002")],
    ),
    "module in the themes folder under its full path": (
        {
            "hugo.toml": BASE + '[module]\n[[module.imports]]\npath = "github.com/org/theme"\n',
            "themes/github.com/org/theme/layouts/_shortcodes/themed.html": THEMED,
        },
        [("content/p.md", 5, "SD002")],
    ),
    "module whose own mounts put templates on layouts": (
        {
            "hugo.toml": BASE + '[[module.imports]]\npath = "github.com/org/theme"\n',
            "_vendor/modules.txt": "# github.com/org/theme v1.0.0\n",
            "_vendor/github.com/org/theme/hugo.toml": (
                '[[module.mounts]]\nsource = "templates"\ntarget = "layouts"\n'
            ),
            "_vendor/github.com/org/theme/templates/_shortcodes/themed.html": THEMED,
            # Not mounted: the module's mounts replace its default layouts folder.
            "_vendor/github.com/org/theme/layouts/_shortcodes/nosuch.html": THEMED,
        },
        [("content/p.md", 5, "SD002")],
    ),
    "project mount on layouts": (
        {
            "hugo.toml": BASE + '[[module.mounts]]\nsource = "tpl"\ntarget = "layouts"\n',
            "tpl/_shortcodes/themed.html": THEMED,
        },
        [("content/p.md", 5, "SD002")],
    ),
    "module.replacements to a folder relative to themesDir": (
        {
            "hugo.toml": BASE
            + '[module]\nreplacements = "github.com/org/theme -> ../local/theme"\n'
            + '[[module.imports]]\npath = "github.com/org/theme"\n',
            "local/theme/layouts/_shortcodes/themed.html": THEMED,
        },
        [("content/p.md", 5, "SD002")],
    ),
    "module in a Go workspace that module.workspace names": (
        {
            "site/hugo.toml": BASE
            + '[module]\nworkspace = "hugo.work"\n'
            + '[[module.imports]]\npath = "example.org/theme"\n',
            "site/hugo.work": "go 1.20\n\nuse (\n\t.\n\t../theme // the theme\n)\n",
            "theme/go.mod": "module example.org/theme\n\ngo 1.20\n",
            "theme/layouts/_shortcodes/themed.html": THEMED,
        },
        [("site/content/p.md", 5, "SD002")],
    ),
    "nested import declared by the theme's own configuration": (
        {
            "hugo.toml": BASE + 'theme = "child"\n',
            "themes/child/hugo.toml": 'theme = ["base"]\n',
            "themes/base/layouts/_shortcodes/themed.html": THEMED,
        },
        [("content/p.md", 5, "SD002")],
    ),
    "config/_default with a module file": (
        {
            "config/_default/hugo.yaml": "baseURL: https://example.org/\n",
            "config/_default/module.yaml": "imports:\n  - path: github.com/org/theme\n",
            "_vendor/modules.txt": "# github.com/org/theme v1.0.0\n",
            "_vendor/github.com/org/theme/layouts/_shortcodes/themed.html": THEMED,
        },
        [("content/p.md", 5, "SD002")],
    ),
    "JSON configuration": (
        {
            "hugo.json": '{"baseURL": "https://example.org/", "theme": ["t"]}',
            "themes/t/layouts/_shortcodes/themed.amp.html": THEMED,
        },
        [("content/p.md", 5, "SD002")],
    ),
    "language and output-format variants only": (
        {
            "hugo.toml": BASE + 'theme = "t"\n',
            "themes/t/layouts/_shortcodes/themed.en.html": THEMED,
            "themes/t/layouts/_shortcodes/themed.md": "{{ .Get 0 }}",
        },
        [("content/p.md", 5, "SD002")],
    ),
    "missing submodule: one SD007, no SD002": (
        {
            "hugo.toml": BASE + 'theme = ["docsy/theme"]\n',
            "themes/docsy/.keep": "",
        },
        [("hugo.toml", 2, "SD007")],
    ),
    "module never vendored: one SD007 on its import": (
        {
            "config/_default/hugo.toml": BASE
            + '\n[module]\n[[module.imports]]\npath = "github.com/org/theme"\n',
        },
        [("config/_default/hugo.toml", 5, "SD007")],
    ),
    "vendor folder that modules.txt does not list: missing": (
        {
            "hugo.toml": BASE + '[[module.imports]]\npath = "github.com/org/theme"\n',
            "_vendor/github.com/org/theme/layouts/_shortcodes/themed.html": THEMED,
        },
        [("hugo.toml", 3, "SD007")],
    ),
    "a theme that is not declared is not used": (
        {
            "hugo.toml": BASE,
            "themes/t/layouts/_shortcodes/themed.html": THEMED,
        },
        [("content/p.md", 4, "SD002"), ("content/p.md", 5, "SD002")],
    ),
}


def build(root: Path, files: Files, page: str) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    site = root / "site" if any(name.startswith("site/") for name in files) else root
    content = site / "content" / "p.md"
    content.parent.mkdir(parents=True, exist_ok=True)
    content.write_text(page, encoding="utf-8")
    return site


def check_json(
    root: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> List[Tuple[str, int, str]]:
    discovery.clear_caches()
    monkeypatch.chdir(root)
    capsys.readouterr()
    main(["check", "--format", "json", "--select", "SD", "."])
    return sorted((d["path"], d["line"], d["code"]) for d in json.loads(capsys.readouterr().out))


@pytest.mark.parametrize("case", list(LAYOUTS), ids=list(LAYOUTS))
def test_layout(
    case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("HUGO_MODULE_REPLACEMENTS", raising=False)
    monkeypatch.delenv("HUGO_THEMESDIR", raising=False)
    monkeypatch.delenv("HUGO_MODULE_WORKSPACE", raising=False)
    files, expected = LAYOUTS[case]
    build(tmp_path, files, PAGE_WITH_TYPO)
    assert check_json(tmp_path, monkeypatch, capsys) == sorted(expected)


def sd007_message(capsys: pytest.CaptureFixture[str]) -> str:
    """The message of the one SD007 a fresh check of the working folder reports."""
    discovery.clear_caches()
    capsys.readouterr()
    main(["check", "--format", "json", "."])
    [warning] = [d for d in json.loads(capsys.readouterr().out) if d["code"] == "SD007"]
    return str(warning["message"])


def test_missing_theme_message_says_what_to_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    build(tmp_path, {"hugo.toml": BASE + 'theme = "t"\n'}, PAGE_WITH_TYPO)
    for index in range(30):  # many pages, still one warning
        build(tmp_path / "content" / f"d{index}", {}, PAGE_WITH_TYPO)
    discovery.clear_caches()
    monkeypatch.chdir(tmp_path)
    capsys.readouterr()
    main(["check", "--format", "json", "."])
    found = [d for d in json.loads(capsys.readouterr().out) if d["code"].startswith("SD")]
    [warning] = found
    assert warning["severity"] == "warning"
    assert "git submodule update --init" in warning["message"]
    assert "themes/t" in warning["message"]

    files = {"hugo.toml": BASE + '[[module.imports]]\npath = "github.com/org/theme"\n'}
    build(tmp_path, files, PAGE)
    module = sd007_message(capsys)
    assert "hugo mod vendor" in module
    assert "npm" not in module

    # A theme installed with npm (themesDir = "node_modules") comes back with npm.
    files = {"hugo.toml": BASE + 'themesDir = "node_modules"\n[[module.imports]]\npath = "docsy"\n'}
    build(tmp_path, files, PAGE)
    npm = sd007_message(capsys)
    assert "node_modules/docsy" in npm
    assert "`npm install`" in npm and "hugo mod vendor" not in npm


def test_a_theme_linked_into_missing_npm_packages_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # The docsy sites' layout: themes/docsy links to the package npm installs.
    build(tmp_path, {"hugo.yaml": "baseURL: https://example.org/\ntheme: [docsy]\n"}, PAGE)
    (tmp_path / "themes").mkdir()
    (tmp_path / "themes" / "docsy").symlink_to(Path("..") / "node_modules" / "docsy")
    monkeypatch.chdir(tmp_path)
    message = sd007_message(capsys)
    assert "`themes/docsy` links to `../node_modules/docsy`, which is missing" in message
    assert "`npm install`" in message and "git submodule" not in message


def test_missing_theme_can_be_ignored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    build(tmp_path, {"hugo.toml": BASE + 'theme = "t"\n'}, PAGE)
    discovery.clear_caches()
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--ignore", "SD007", "."]) == 0


def test_replacements_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    files = {
        "hugo.toml": BASE + '[[module.imports]]\npath = "github.com/org/theme"\n',
        "elsewhere/layouts/_shortcodes/themed.html": THEMED,
    }
    build(tmp_path, files, PAGE_WITH_TYPO)
    replacement = f"github.com/org/theme -> {tmp_path / 'elsewhere'}"
    monkeypatch.setenv("HUGO_MODULE_REPLACEMENTS", replacement)
    assert check_json(tmp_path, monkeypatch, capsys) == [("content/p.md", 5, "SD002")]


def test_precedence_project_then_themes_in_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Whether a closing tag is allowed follows the template Hugo picks."""
    inner, plain = "<div>{{ .Inner }}</div>", "<b>x</b>"
    files = {
        "hugo.toml": BASE + 'theme = ["first", "second"]\n',
        "layouts/_shortcodes/box.html": plain,
        "themes/first/layouts/_shortcodes/box.html": inner,
        "themes/first/layouts/_shortcodes/panel.html": plain,
        "themes/second/layouts/_shortcodes/panel.html": inner,
        "themes/second/layouts/_shortcodes/card.html": inner,
    }
    page = (
        "---\ntitle: p\n---\n"
        "{{< box >}}x{{< /box >}}\n"  # the project's box has no .Inner
        "{{< panel >}}x{{< /panel >}}\n"  # the first theme's panel wins
        "{{< card >}}x{{< /card >}}\n"  # only the second theme has card
    )
    build(tmp_path, files, page)
    discovery.clear_caches()
    monkeypatch.chdir(tmp_path)
    capsys.readouterr()
    main(["check", "--format", "json", "--select", "SC012", "."])
    found = sorted((d["line"], d["code"]) for d in json.loads(capsys.readouterr().out))
    assert found == [(4, "SC012"), (5, "SC012")]


# --- real Hugo agrees ------------------------------------------------------------------------

ORACLE_LAYOUTS = [
    "nested theme name",
    "list of themes, the second defines it",
    "themesDir outside the site",
    "vendored module",
    "module whose own mounts put templates on layouts",
    "project mount on layouts",
    "nested import declared by the theme's own configuration",
    "config/_default with a module file",
    "language and output-format variants only",
    "missing submodule: one SD007, no SD002",
    "vendor folder that modules.txt does not list: missing",
]


def expected_missing(case: str) -> bool:
    return any(code == "SD007" for _, _, code in LAYOUTS[case][1])


def hugo_builds(binary: str, site: Path) -> Tuple[bool, str]:
    status, output = engines.hugo_build_site(binary, site)
    return status == 0, output


@pytest.mark.parametrize("case", ORACLE_LAYOUTS)
def test_real_hugo_resolves_the_same_layouts(case: str, tmp_path: Path) -> None:
    reason = engines.hugo_unavailable_reason()
    if reason is not None:
        pytest.skip(reason)
    binary = engines.hugo_binary()
    assert binary is not None
    files, _ = LAYOUTS[case]
    files = {**files, "layouts/single.html": "{{ .Content }}"}
    if case == "project mount on layouts":  # the project's layouts folder is no longer mounted
        files["tpl/single.html"] = "{{ .Content }}"
    good = tmp_path / "good"
    site = build(good, files, PAGE)
    built, output = hugo_builds(binary, site)
    if expected_missing(case):
        assert not built
        assert "not found" in output  # Hugo stops on the missing theme or module
        return
    assert built, output
    bad = tmp_path / "bad"
    site = build(bad, files, PAGE_WITH_TYPO)
    built, output = hugo_builds(binary, site)
    assert not built
    assert 'template for shortcode "nosuch" not found' in output


def test_files_outside_the_content_folders_are_not_pages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Hugo builds only its content folders; notes beside them are not its pages."""
    note = "# Upgrade notes\n\nChange `{{< nosuch >}}` to:\n\n```\n{{< blocks/cover >}}\n```\n"
    files = {
        "hugo.toml": BASE + 'contentDir = "pages"\n[[module.mounts]]\nsource = "docs"\n'
        'target = "content/docs"\n',
        "README.md": note,
        "tasks/upgrade.md": note,
        "docs/guide.md": "See {{< nosuch >}}.\n",
        "pages/p.md": "A {{< nosuch >}}\n",
    }
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    found = check_json(tmp_path, monkeypatch, capsys)
    assert found == [("docs/guide.md", 1, "SD002"), ("pages/p.md", 1, "SD002")]


# --- themes-dir: a themes folder that only Hugo's command line names ------------------------

# A documentation site inside its theme's repository, built with ``hugo --themesDir ../..``:
# from ``repo/docs`` the themes folder is ``tmp_path``, which holds ``docsy/theme``.
THEMES_DIR_SITE: Files = {
    "repo/docs/hugo.toml": BASE + 'theme = ["docsy/theme"]\n',
    "docsy/theme/layouts/_shortcodes/themed.html": THEMED,
}


def build_themes_dir_site(root: Path, setting: str = "", extra: Optional[Files] = None) -> Path:
    for name, text in {**THEMES_DIR_SITE, **(extra or {})}.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    site = root / "repo" / "docs"
    if setting:
        (site / ".contentlint.toml").write_text(setting, encoding="utf-8")
    page = site / "content" / "p.md"
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(PAGE_WITH_TYPO, encoding="utf-8")
    return site


@pytest.mark.parametrize(
    ("setting", "expected"),
    [
        # Without the setting the theme is looked for in repo/docs/themes.
        ("", [("hugo.toml", 2, "SD007")]),
        # With it, the theme's "themed" is known and only "nosuch" is unknown.
        ('themes-dir = "../.."\n', [("content/p.md", 5, "SD002")]),
        # An absolute folder is taken as it is.
        ("absolute", [("content/p.md", 5, "SD002")]),
    ],
)
def test_themes_dir_setting_finds_the_theme_above_the_site(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    setting: str,
    expected: List[Tuple[str, int, str]],
) -> None:
    monkeypatch.delenv("HUGO_THEMESDIR", raising=False)
    if setting == "absolute":
        setting = f"themes-dir = {json.dumps(str(tmp_path))}\n"
    site = build_themes_dir_site(tmp_path, setting)
    assert check_json(site, monkeypatch, capsys) == expected


def test_themes_dir_setting_is_relative_to_the_configuration_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Checked from elsewhere (the repository's root), ``../..`` still starts at the site."""
    monkeypatch.delenv("HUGO_THEMESDIR", raising=False)
    build_themes_dir_site(tmp_path, 'themes-dir = "../.."\n')
    discovery.clear_caches()
    monkeypatch.chdir(tmp_path / "repo")
    capsys.readouterr()
    main(["check", "--format", "json", "--select", "SD", "docs"])
    found = sorted((d["path"], d["line"], d["code"]) for d in json.loads(capsys.readouterr().out))
    assert found == [("docs/content/p.md", 5, "SD002")]


def test_themes_dir_setting_wins_over_the_sites_themes_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("HUGO_THEMESDIR", raising=False)
    site_config = {"repo/docs/hugo.toml": BASE + 'themesDir = "vendor"\ntheme = ["docsy/theme"]\n'}
    site = build_themes_dir_site(tmp_path, "", site_config)
    assert check_json(site, monkeypatch, capsys) == [("hugo.toml", 3, "SD007")]
    (site / ".contentlint.toml").write_text('themes-dir = "../.."\n', encoding="utf-8")
    assert check_json(site, monkeypatch, capsys) == [("content/p.md", 5, "SD002")]


@pytest.mark.parametrize(
    ("setting", "environment", "missing"),
    [
        ('themes-dir = "nowhere"\n', "../..", False),  # the build's own setting wins
        ('themes-dir = "../.."\n', "nowhere", True),
    ],
)
def test_hugo_themesdir_wins_over_the_themes_dir_setting(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    setting: str,
    environment: str,
    missing: bool,
) -> None:
    monkeypatch.setenv("HUGO_THEMESDIR", environment)
    site = build_themes_dir_site(tmp_path, setting)
    expected = [("hugo.toml", 2, "SD007")] if missing else [("content/p.md", 5, "SD002")]
    assert check_json(site, monkeypatch, capsys) == expected


def test_missing_theme_message_names_the_themes_dir_setting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("HUGO_THEMESDIR", raising=False)
    site = build_themes_dir_site(tmp_path)
    monkeypatch.chdir(site)
    warning = sd007_message(capsys)
    assert "themes/docsy/theme" in warning
    assert "--themesDir" in warning and "themes-dir" in warning

    # HUGO_THEMESDIR wins over themes-dir: the message names the variable,
    # and does not suggest a setting that would change nothing.
    monkeypatch.setenv("HUGO_THEMESDIR", "elsewhere")
    warning = sd007_message(capsys)
    assert "elsewhere/docsy/theme" in warning
    assert "HUGO_THEMESDIR" in warning and "themes-dir" not in warning


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "themes-dir = 2\n",
            ".contentlint.toml: themes-dir: expected a string, got integer 2",
        ),
        (
            'themes-dir = ["../.."]\n',
            ".contentlint.toml: themes-dir: expected a string, got an array",
        ),
        (
            'themes-dir = ""\n',
            ".contentlint.toml: themes-dir: expected a folder, got an empty string",
        ),
    ],
)
def test_themes_dir_of_the_wrong_type_is_a_configuration_error(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    text: str,
    message: str,
) -> None:
    site = build_themes_dir_site(tmp_path, text)
    discovery.clear_caches()
    monkeypatch.chdir(site)
    capsys.readouterr()
    assert main(["check", "."]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == f"contentlint: error: {message}\n"


def test_the_cache_keeps_runs_with_another_themes_dir_apart(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two runs that differ only by ``themes-dir`` do not share a file's findings."""
    monkeypatch.delenv("HUGO_THEMESDIR", raising=False)
    cache = tmp_path / "cache"
    monkeypatch.setenv("CONTENTLINT_CACHE_DIR", str(cache))
    site = build_themes_dir_site(tmp_path / "w", 'themes-dir = "../.."\n')
    found = [("content/p.md", 5, "SD002")]
    missing = [("hugo.toml", 2, "SD007")]
    settings = site / ".contentlint.toml"
    assert check_json(site, monkeypatch, capsys) == found
    assert list(cache.glob("build-*/*.json"))  # the page's findings were recorded
    for _ in range(2):
        settings.write_text('themes-dir = "elsewhere"\n', encoding="utf-8")
        assert check_json(site, monkeypatch, capsys) == missing
        settings.write_text('themes-dir = "../.."\n', encoding="utf-8")
        assert check_json(site, monkeypatch, capsys) == found


def test_what_discovery_keeps_of_a_site_is_kept_per_themes_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In one process (an editor, a server), another ``themes-dir`` or ``HUGO_THEMESDIR``
    is another reading of the site, whatever was read before."""
    monkeypatch.delenv("HUGO_THEMESDIR", raising=False)
    site = build_themes_dir_site(tmp_path)
    page = str(site / "content" / "p.md")
    discovery.clear_caches()
    for _ in range(2):
        missing = discovery.discover(page)
        assert not missing.hugo_templates_complete
        assert "themed" not in (missing.hugo_site_templates or ())
        assert [f.code for f in discovery.site_findings(str(site))] == ["SD007"]
        found = discovery.discover(page, str(tmp_path))
        assert found.hugo_templates_complete
        assert "themed" in (found.hugo_site_templates or ())
        assert discovery.site_findings(str(site), themes_dir=str(tmp_path)) == []
    monkeypatch.setenv("HUGO_THEMESDIR", "nowhere")
    discovery.clear_caches()  # a run starts afresh; the site read before must not answer
    assert not discovery.discover(page, str(tmp_path)).hugo_templates_complete


def test_a_shortcode_of_a_section_layouts_folder_is_defined(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Hugo 0.146 and later also read layouts/<path>/_shortcodes/ for the
    # pages under that path (a public docs site keeps its CLI shortcodes in
    # layouts/docs/_shortcodes/).
    site = build(
        tmp_path, {"hugo.toml": BASE, "layouts/docs/_shortcodes/themed.html": THEMED}, PAGE
    )
    page = site / "content" / "docs" / "q.md"
    page.parent.mkdir(parents=True)
    page.write_text(PAGE_WITH_TYPO, encoding="utf-8")
    found = check_json(tmp_path, monkeypatch, capsys)
    assert ("content/docs/q.md", 5, "SD002") in found
    assert ("content/docs/q.md", 4, "SD002") not in found
