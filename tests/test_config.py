"""Configuration discovery, validation and path matching."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path
from typing import Dict, List, Optional

import pytest

from contentlint.config import (
    ConfigError,
    ConfigLoader,
    is_excluded,
    is_included,
    parse_direction_flag,
)
from contentlint.globs import glob_matches
from contentlint.settings import AttributeSchema, Settings


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


# --- discovery --------------------------------------------------------------------------------


def test_nearest_config_above_each_file_wins(tmp_path: Path) -> None:
    write(tmp_path / ".contentlint.toml", 'dialect = "wordpress"\n')
    write(tmp_path / "blog" / "contentlint.toml", 'dialect = "hugo"\n')
    write(tmp_path / "blog" / "deep" / "post.md", "x")
    write(tmp_path / "other" / "post.md", "x")
    loader = ConfigLoader()
    blog = loader.settings_for(str(tmp_path / "blog" / "deep" / "post.md"))
    other = loader.settings_for(str(tmp_path / "other" / "post.md"))
    assert blog.dialect == "hugo"
    assert blog.root == str(tmp_path / "blog")
    assert blog.origin == str(tmp_path / "blog" / "contentlint.toml")
    assert other.dialect == "wordpress"
    assert other.root == str(tmp_path)


def test_pyproject_without_table_is_skipped(tmp_path: Path) -> None:
    write(tmp_path / ".contentlint.toml", 'dialect = "hugo"\n')
    write(tmp_path / "sub" / "pyproject.toml", '[project]\nname = "contentlint-site"\n')
    settings = ConfigLoader().settings_for(str(tmp_path / "sub" / "a.md"))
    assert settings.dialect == "hugo"


def test_pyproject_table_is_read(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool.contentlint]\nignore = ["SC007"]\n')
    settings = ConfigLoader().settings_for(str(tmp_path / "a.md"))
    assert settings.ignore == ("SC007",)


def test_preference_order_within_one_folder(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool.contentlint]\ndialect = "wordpress"\n')
    write(tmp_path / "contentlint.toml", 'dialect = "auto"\n')
    write(tmp_path / ".contentlint.toml", 'dialect = "hugo"\n')
    assert ConfigLoader().settings_for(str(tmp_path / "a.md")).dialect == "hugo"


def test_no_config_gives_defaults_rooted_at_cwd(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    settings = ConfigLoader().settings_for(str(tmp_path / "a.md"))
    assert settings.origin is None
    assert settings.root == str(tmp_path)
    assert settings.select is None
    assert settings.presets == ("security",)
    assert "insert_php" in settings.deny
    assert {"gallery", "caption", "embed"} <= settings.known
    assert settings.declared_known == frozenset()


def test_config_option_replaces_discovery(tmp_path: Path) -> None:
    write(tmp_path / ".contentlint.toml", 'dialect = "hugo"\n')
    chosen = write(tmp_path / "elsewhere" / "custom.toml", 'dialect = "wordpress"\n')
    loader = ConfigLoader(str(chosen))
    settings = loader.settings_for(str(tmp_path / "a.md"))
    assert settings.dialect == "wordpress"
    assert settings.root == str(tmp_path / "elsewhere")


def test_extend_merges_with_the_extending_file_winning(tmp_path: Path) -> None:
    write(
        tmp_path / "base.toml",
        """
        dialect = "hugo"
        ignore = ["SC007"]
        [shortcodes]
        known = ["card"]
        [shortcodes.card]
        required = ["region"]
        enclosing = "never"
        """,
    )
    write(
        tmp_path / "site" / ".contentlint.toml",
        """
        extend = "../base.toml"
        ignore = ["SD003"]
        [shortcodes.card]
        enclosing = "optional"
        """,
    )
    settings = ConfigLoader().settings_for(str(tmp_path / "site" / "a.md"))
    assert settings.dialect == "hugo"
    assert settings.ignore == ("SD003",)
    assert "card" in settings.known
    assert settings.declared_known == frozenset({"card"})
    card = settings.schemas["card"]
    assert card.required == ("region",)
    assert card.enclosing == "optional"
    assert settings.root == str(tmp_path / "site")


def test_extend_cycle_is_an_error(tmp_path: Path) -> None:
    write(tmp_path / "a.toml", 'extend = "b.toml"\n')
    write(tmp_path / "b.toml", 'extend = "a.toml"\n')
    with pytest.raises(ConfigError) as error:
        ConfigLoader(str(tmp_path / "a.toml"))
    assert "extends itself" in error.value.message
    assert "a.toml -> " in error.value.message


def test_extend_missing_file(tmp_path: Path) -> None:
    write(tmp_path / ".contentlint.toml", 'extend = "nope.toml"\n')
    with pytest.raises(
        ConfigError, match=r'\.contentlint\.toml: extend: no such file: "nope\.toml"'
    ):
        ConfigLoader().settings_for(str(tmp_path / "a.md"))


# --- validation -------------------------------------------------------------------------------

PYPROJECT_ERRORS = [
    (
        '[tool.contentlint.shortcodes.card]\nenclosing = "sometimes"\n',
        'pyproject.toml: tool.contentlint.shortcodes.card.enclosing: expected one of "never", '
        '"always", "optional", got "sometimes"',
    ),
    (
        '[tool.contentlint]\nextend-exlude = ["a"]\n',
        "pyproject.toml: tool.contentlint.extend-exlude: unknown key; "
        'did you mean "extend-exclude"?',
    ),
    (
        '[tool.contentlint]\nselect = "SC"\n',
        'pyproject.toml: tool.contentlint.select: expected an array of strings, got string "SC"',
    ),
    (
        '[tool.contentlint]\nselect = ["SC", 3]\n',
        "pyproject.toml: tool.contentlint.select[1]: expected a string, got integer 3",
    ),
    (
        '[tool.contentlint]\nselect = ["XX1"]\n',
        'pyproject.toml: tool.contentlint.select[0]: unknown rule code or prefix "XX1"',
    ),
    (
        '[tool.contentlint]\nignore = ["sd001"]\n',
        'pyproject.toml: tool.contentlint.ignore[0]: unknown rule code or prefix "sd001"; '
        'did you mean "SD001"?',
    ),
    (
        '[tool.contentlint]\npresets = ["wordpress"]\n',
        'pyproject.toml: tool.contentlint.presets[0]: expected one of "wordpress-core", '
        '"hugo-embedded", "security", got "wordpress"; did you mean "wordpress-core"?',
    ),
    (
        '[tool.contentlint.severity]\nQT005 = "fatal"\n',
        'pyproject.toml: tool.contentlint.severity.QT005: expected one of "error", "warning", '
        'got "fatal"',
    ),
    (
        '[tool.contentlint.shortcodes.card.attributes]\nregion = { pattern = "([A-Z" }\n',
        "pyproject.toml: tool.contentlint.shortcodes.card.attributes.region.pattern: "
        "invalid regular expression",
    ),
    (
        '[tool.contentlint.shortcodes.card.attributes]\nregion = { kind = "int" }\n',
        "pyproject.toml: tool.contentlint.shortcodes.card.attributes.region.kind: unknown key",
    ),
    (
        '[tool.contentlint.shortcodes.card.attributes]\nregion = { type = "integer" }\n',
        "pyproject.toml: tool.contentlint.shortcodes.card.attributes.region.type: expected one of "
        '"int", "bool", "url", "color", "string", got "integer"',
    ),
    (
        '[tool.contentlint.shortcodes.card]\nrequire = ["a"]\n',
        "pyproject.toml: tool.contentlint.shortcodes.card.require: unknown key; did you mean "
        '"required"?',
    ),
    (
        '[tool.contentlint.shortcodes.card]\ndirection-flag = "rtl"\n',
        "pyproject.toml: tool.contentlint.shortcodes.card.direction-flag: expected an attribute "
        "and its value",
    ),
    (
        '[tool.contentlint.shortcodes]\nknwon = ["a"]\n',
        'pyproject.toml: tool.contentlint.shortcodes.knwon: expected one of "known", "deny", '
        '"allow" or a table of settings for shortcode "knwon", got an array; did you mean "known"?',
    ),
    (
        '[tool.contentlint.shortcodes]\ndeny = ["bad name"]\n',
        'pyproject.toml: tool.contentlint.shortcodes.deny[0]: "bad name" is not a shortcode name',
    ),
    (
        '[tool.contentlint.per-file-ignores]\n"content/**" = ["QQ"]\n',
        'pyproject.toml: tool.contentlint.per-file-ignores."content/**"[0]: unknown rule code or '
        'prefix "QQ"',
    ),
    (
        '[tool.contentlint]\nextend-exclude = ["!keep.md"]\n',
        "pyproject.toml: tool.contentlint.extend-exclude[0]: negated patterns are not supported",
    ),
    (
        "[tool.contentlint]\ndialect = true\n",
        'pyproject.toml: tool.contentlint.dialect: expected one of "auto", "wordpress", "hugo", '
        "got boolean true",
    ),
    (
        '[tool.contentlint]\nhugo-version = "latest"\n',
        'pyproject.toml: tool.contentlint.hugo-version: expected a Hugo version such as "0.158.0", '
        'got "latest"',
    ),
    (
        "[tool.contentlint]\nhugo-version = 0.158\n",
        "pyproject.toml: tool.contentlint.hugo-version: expected a string, got float",
    ),
    (
        "[tool.contentlint]\nthemes-dir = 2\n",
        "pyproject.toml: tool.contentlint.themes-dir: expected a string, got integer 2",
    ),
    (
        "[tool]\ncontentlint = 3\n",
        "pyproject.toml: tool.contentlint: expected a table, got integer 3",
    ),
]


@pytest.mark.parametrize(("text", "message"), PYPROJECT_ERRORS)
def test_errors_name_file_key_and_fault(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        ConfigLoader().settings_for(str(tmp_path / "a.md"))
    assert error.value.message.startswith(message), error.value.message


def test_hugo_version_is_read(tmp_path: Path) -> None:
    (tmp_path / ".contentlint.toml").write_text('hugo-version = "0.150.1"\n', encoding="utf-8")
    assert ConfigLoader().settings_for(str(tmp_path / "a.md")).hugo_version == "0.150.1"
    (tmp_path / ".contentlint.toml").write_text('dialect = "hugo"\n', encoding="utf-8")
    assert ConfigLoader().settings_for(str(tmp_path / "a.md")).hugo_version is None


def test_top_level_keys_in_contentlint_toml(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "contentlint.toml", "[shortcodes.card]\nenclosing = 1\n")
    with pytest.raises(ConfigError) as error:
        ConfigLoader().settings_for("a.md")
    assert error.value.message.startswith(
        'contentlint.toml: shortcodes.card.enclosing: expected one of "never", "always", '
        '"optional", got integer 1'
    )


def test_toml_syntax_error_names_the_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / ".contentlint.toml", 'dialect = "hugo"\nselect = [\n"SC",\nignore = 3\n')
    with pytest.raises(ConfigError) as error:
        ConfigLoader().settings_for("a.md")
    assert error.value.message.startswith(".contentlint.toml: invalid TOML:")
    assert "line 4" in error.value.message


def test_config_option_pyproject_without_table(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[project]\nname = "x"\n')
    with pytest.raises(ConfigError, match=r"no \[tool\.contentlint\] table"):
        ConfigLoader(str(tmp_path / "pyproject.toml"))


def test_config_option_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no such file"):
        ConfigLoader(str(tmp_path / "missing.toml"))


def test_every_key_of_the_spec_example(tmp_path: Path) -> None:
    write(
        tmp_path / "pyproject.toml",
        """
        [tool.contentlint]
        dialect = "auto"
        include = ["content/**/*.md"]
        exclude = ["drafts/"]
        extend-exclude = ["content/legacy/**"]
        select = ["SC", "QT", "RTL", "BD", "SD"]
        extend-select = ["RTL004"]
        ignore = ["SC007"]
        presets = ["wordpress-core", "hugo-embedded", "security"]

        [tool.contentlint.severity]
        QT005 = "error"

        [tool.contentlint.per-file-ignores]
        "content/docs/**" = ["SC007"]

        [tool.contentlint.shortcodes]
        known = ["covid19-ultimate-card", "contact-form-7"]
        deny = ["insert_php", "php"]
        allow = []

        [tool.contentlint.shortcodes.covid19-ultimate-card]
        required = ["region-name"]
        direction-flag = 'rtl="true"'
        enclosing = "never"
        deprecated = "the COVID-19 card plugin was removed in 2023"
        [tool.contentlint.shortcodes.covid19-ultimate-card.attributes]
        region = { pattern = "^[A-Z]{2}$" }
        rtl = { enum = ["true", "false"] }
        count = { type = "int", required = true }
        """,
    )
    settings = ConfigLoader().settings_for(str(tmp_path / "content" / "a.md"))
    assert settings.dialect == "auto"
    assert settings.include == ("content/**/*.md",)
    assert settings.exclude == ("drafts/",)
    assert settings.extend_exclude == ("content/legacy/**",)
    assert settings.select == ("SC", "QT", "RTL", "BD", "SD")
    assert settings.extend_select == ("RTL004",)
    assert settings.ignore == ("SC007",)
    assert settings.presets == ("wordpress-core", "hugo-embedded", "security")
    assert dict(settings.severity) == {"QT005": "error"}
    assert dict(settings.per_file_ignores) == {"content/docs/**": ("SC007",)}
    assert {"covid19-ultimate-card", "contact-form-7", "gallery", "figure"} <= settings.known
    assert {"insert_php", "php", "php_everywhere"} <= settings.deny
    assert settings.allow == frozenset()
    card = settings.schemas["covid19-ultimate-card"]
    assert card.required == ("region-name", "count")
    assert card.direction_flag == 'rtl="true"'
    assert card.enclosing == "never"
    assert card.deprecated == "the COVID-19 card plugin was removed in 2023"
    assert card.attributes is not None
    assert card.attributes["region"] == AttributeSchema(pattern="^[A-Z]{2}$")
    assert card.attributes["rtl"] == AttributeSchema(enum=("true", "false"))
    assert card.attributes["count"] == AttributeSchema(type="int")
    # Preset schemas are present, the user's tables win over them.
    assert settings.schemas["gallery"].attributes is not None
    assert settings.schemas["tweet"].removed is not None


def test_user_table_is_laid_over_a_preset_schema(tmp_path: Path) -> None:
    write(
        tmp_path / ".contentlint.toml",
        """
        presets = ["wordpress-core"]
        [shortcodes.gallery.attributes]
        theme = { enum = ["dark", "light"] }
        """,
    )
    settings = ConfigLoader().settings_for(str(tmp_path / "a.md"))
    gallery = settings.schemas["gallery"].attributes
    assert gallery is not None
    assert {"ids", "columns", "theme"} <= set(gallery)
    assert settings.presets == ("wordpress-core",)
    assert "insert_php" not in settings.deny  # security is not listed


# --- command-line overrides -------------------------------------------------------------------

OVERRIDE_CASES: List[Dict[str, object]] = [
    {
        "file": 'select = ["SC"]\nignore = ["SC007"]\nextend-select = ["RTL004"]\n',
        "overrides": {"select": ["QT"]},
        "select": ("QT",),
        "ignore": (),
        "extend_select": (),
    },
    {
        "file": 'select = ["SC001", "QT"]\n',
        "overrides": {"ignore": ["SC"]},
        "select": ("QT",),
        "ignore": ("SC",),
        "extend_select": (),
    },
    {
        "file": 'ignore = ["SC007", "QT"]\n',
        "overrides": {"extend-select": ["SC"]},
        "select": None,
        "ignore": ("QT",),
        "extend_select": ("SC",),
    },
]


@pytest.mark.parametrize("case", OVERRIDE_CASES)
def test_command_line_overrides_win(tmp_path: Path, case: Dict[str, object]) -> None:
    write(tmp_path / ".contentlint.toml", str(case["file"]))
    overrides = case["overrides"]
    assert isinstance(overrides, dict)
    settings = ConfigLoader(overrides=overrides).settings_for(str(tmp_path / "a.md"))
    assert settings.select == case["select"]
    assert settings.ignore == case["ignore"]
    assert settings.extend_select == case["extend_select"]


def test_overrides_dialect_and_excludes(tmp_path: Path) -> None:
    write(tmp_path / ".contentlint.toml", 'dialect = "wordpress"\nextend-exclude = ["a/"]\n')
    loader = ConfigLoader(overrides={"dialect": "hugo", "extend-exclude": ["b/"]})
    settings = loader.settings_for(str(tmp_path / "x.md"))
    assert settings.dialect == "hugo"
    assert settings.extend_exclude == ("a/", "b/")


def test_override_selectors_may_be_comma_separated(tmp_path: Path) -> None:
    loader = ConfigLoader(overrides={"select": ["SC,QT", "SD001"], "ignore": "SC001, SC002"})
    settings = loader.settings_for(str(tmp_path / "a.md"))
    assert settings.select == ("SC", "QT", "SD001")
    assert settings.ignore == ("SC001", "SC002")


def test_invalid_override_names_the_command_line() -> None:
    with pytest.raises(
        ConfigError, match=r'^command line: select\[0\]: unknown rule code or prefix "ZZ"'
    ):
        ConfigLoader(overrides={"select": ["ZZ"]})


def test_settings_are_cached_per_config(tmp_path: Path) -> None:
    write(tmp_path / ".contentlint.toml", 'dialect = "hugo"\n')
    loader = ConfigLoader()
    first = loader.settings_for(str(tmp_path / "a" / "x.md"))
    second = loader.settings_for(str(tmp_path / "b" / "y.md"))
    assert first is second
    assert loader.settings_for_root(str(tmp_path)) is first


# --- direction flags --------------------------------------------------------------------------

FLAGS = [
    ('rtl="true"', ("rtl", "true")),
    ("dir='rtl'", ("dir", "rtl")),
    ("direction=rtl", ("direction", "rtl")),
    ("rtl", None),
    ('rtl="true', None),
    ("=true", None),
    ('r tl="true"', None),
]


@pytest.mark.parametrize(("flag", "expected"), FLAGS)
def test_parse_direction_flag(flag: str, expected: Optional[tuple]) -> None:  # type: ignore[type-arg]
    assert parse_direction_flag(flag) == expected


# --- paths ------------------------------------------------------------------------------------

GLOBS = [
    # pattern, relative path, is_dir, expected
    ("*.md", "a.md", False, True),
    ("*.md", "content/deep/a.md", False, True),
    ("*.md", "a.html", False, False),
    ("legacy", "content/legacy/a.md", False, True),
    ("legacy", "content/legacy-2/a.md", False, False),
    ("legacy/", "content/legacy/a.md", False, True),
    ("legacy/", "content/legacy", False, False),
    ("legacy/", "content/legacy", True, True),
    ("content/legacy/**", "content/legacy/a/b.md", False, True),
    ("content/legacy/**", "other/content/legacy/a.md", False, False),
    ("/content/*.md", "content/a.md", False, True),
    ("content/*.md", "content/sub/a.md", False, False),
    ("content/**/*.md", "content/a.md", False, True),
    ("content/**/*.md", "content/x/y/a.md", False, True),
    ("content/**/b/*.md", "content/x/b/a.md", False, True),
    ("a?.md", "dir/ab.md", False, True),
    ("a?.md", "dir/abc.md", False, False),
    ("**/drafts", "x/drafts/y.md", False, True),
    ("content/docs/**", "content/docs/guide.md", False, True),
]


@pytest.mark.parametrize(("pattern", "relative", "is_dir", "expected"), GLOBS)
def test_glob_matches(
    tmp_path: Path, pattern: str, relative: str, is_dir: bool, expected: bool
) -> None:
    path = os.path.join(str(tmp_path), *relative.split("/"))
    assert glob_matches(pattern, str(tmp_path), path, is_dir=is_dir) is expected


def test_anchored_patterns_do_not_match_outside_the_root(tmp_path: Path) -> None:
    root = tmp_path / "site"
    outside = tmp_path / "other" / "content" / "a.md"
    assert not glob_matches("content/*.md", str(root), str(outside))
    assert glob_matches("*.md", str(root), str(outside))


def test_glob_matching_is_linear_on_many_stars(tmp_path: Path) -> None:
    pattern = "/".join(["**"] * 50) + "/x"
    path = os.path.join(str(tmp_path), *(["a"] * 200))
    assert not glob_matches(pattern, str(tmp_path), path)


def test_is_excluded_and_is_included(tmp_path: Path) -> None:
    settings = Settings(
        root=str(tmp_path), exclude=("drafts/",), extend_exclude=("content/legacy/**",)
    )
    assert is_excluded(settings, str(tmp_path / "drafts"), is_dir=True)
    assert is_excluded(settings, str(tmp_path / "a" / "drafts" / "x.md"), is_dir=False)
    assert is_excluded(settings, str(tmp_path / "content" / "legacy" / "x.md"), is_dir=False)
    assert not is_excluded(settings, str(tmp_path / "content" / "new" / "x.md"), is_dir=False)
    assert is_included(settings, str(tmp_path / "a.MD"))
    assert not is_included(settings, str(tmp_path / "a.py"))
    only_md = Settings(root=str(tmp_path), include=("content/**/*.md",))
    assert is_included(only_md, str(tmp_path / "content" / "x" / "a.md"))
    assert not is_included(only_md, str(tmp_path / "content" / "a.html"))


def test_themes_dir_is_read_relative_to_the_configuration_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "repo" / "docs"
    site.mkdir(parents=True)
    monkeypatch.chdir(tmp_path)
    (site / ".contentlint.toml").write_text('themes-dir = "../.."\n', encoding="utf-8")
    settings = ConfigLoader().settings_for(str(site / "content" / "a.md"))
    assert settings.themes_dir == str(tmp_path)
    (site / ".contentlint.toml").write_text(f'themes-dir = "{tmp_path / "t"}"\n', encoding="utf-8")
    settings = ConfigLoader().settings_for(str(site / "content" / "a.md"))
    assert settings.themes_dir == str(tmp_path / "t")
    (site / ".contentlint.toml").write_text('dialect = "hugo"\n', encoding="utf-8")
    assert ConfigLoader().settings_for(str(site / "a.md")).themes_dir is None
