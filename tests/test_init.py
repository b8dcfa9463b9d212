"""``contentlint init``: a starter configuration from the repository's inventory."""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import Any, Dict

import pytest

from contentlint.config import ConfigLoader
from contentlint.init import run_init

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def hugo_site(root: Path) -> None:
    write(root / "hugo.toml", 'baseURL = "https://example.org/"\n')
    write(root / "layouts" / "_shortcodes" / "notice.html", "<div>{{ .Inner }}</div>")
    write(root / "layouts" / "_shortcodes" / "card.html", '{{ .Get "region" }}')
    write(
        root / "content" / "a.md",
        "---\ntitle: a\n---\n\n"
        '{{< card region="EG" rtl="true" >}}\n'
        '{{< card region="SA" rtl="false" >}}\n'
        '{{< card region="FR" >}}\n'
        '{{< notice dir="rtl" >}}نص{{< /notice >}}\n'
        '{{< figure src="a.png" alt="A" >}}\n',
    )


def init(root: Path) -> Dict[str, Any]:
    out = io.StringIO()
    assert run_init(str(root), stdout=out) == 0
    assert ".contentlint.toml" in out.getvalue()
    text = (root / ".contentlint.toml").read_text(encoding="utf-8")
    return {"text": text, "data": tomllib.loads(text)}


def test_hugo_site_inventory(tmp_path: Path) -> None:
    hugo_site(tmp_path)
    result = init(tmp_path)
    data, text = result["data"], result["text"]
    assert data["dialect"] == "hugo"
    assert data["presets"] == ["security", "hugo-embedded"]
    # Most used first, with the counts as comments.
    assert data["shortcodes"]["known"] == ["card", "figure", "notice"]
    assert '"card",  # 3 uses' in text
    assert '"figure",  # 1 use\n' in text
    assert data["shortcodes"]["card"]["direction-flag"] == 'rtl="true"'
    assert data["shortcodes"]["notice"]["direction-flag"] == 'dir="rtl"'
    assert "figure" not in {k for k, v in data["shortcodes"].items() if isinstance(v, dict)}
    # The file is a valid configuration.
    settings = ConfigLoader().settings_for(str(tmp_path / "content" / "a.md"))
    assert settings.declared_known == frozenset({"card", "figure", "notice"})
    assert settings.schemas["card"].direction_flag == 'rtl="true"'


def test_wordpress_inventory_and_preset_misfits(tmp_path: Path) -> None:
    write(
        tmp_path / "posts" / "a.html",
        '<p>[gallery ids="1,2" colums="3"]</p>\n<p>[box title="x"]inner[/box]</p>\n',
    )
    write(tmp_path / "posts" / "b.html", '<p>[box title="y"]more[/box]</p>\n')
    result = init(tmp_path)
    data, text = result["data"], result["text"]
    assert data["dialect"] == "wordpress"
    assert data["shortcodes"]["known"] == ["box", "gallery"]
    # One gallery use does not fit the preset's schema (colums): not listed, and said why.
    assert data["presets"] == ["security"]
    assert '"wordpress-core" is not listed: 1 of its 1 uses do not fit' in text


def test_mixed_repository_is_auto(tmp_path: Path) -> None:
    write(tmp_path / "wp" / "a.html", '[gallery ids="1,2"]\n')
    write(tmp_path / "notes" / "b.md", 'Text\n{{< figure src="a.png" >}}\n')
    data = init(tmp_path)["data"]
    assert data["dialect"] == "auto"
    assert data["presets"] == ["security", "wordpress-core", "hugo-embedded"]


@pytest.mark.parametrize("existing", [".contentlint.toml", "contentlint.toml", "pyproject.toml"])
def test_never_overwrites(tmp_path: Path, existing: str) -> None:
    content = (
        '[tool.contentlint]\ndialect = "hugo"\n' if existing == "pyproject.toml" else "x = 1\n"
    )
    write(tmp_path / existing, content)
    out, err = io.StringIO(), io.StringIO()
    assert run_init(str(tmp_path), stdout=out, stderr=err) == 2
    assert "already exists" in err.getvalue()
    assert existing in err.getvalue()
    assert (tmp_path / existing).read_text(encoding="utf-8") == content
    assert (tmp_path / ".contentlint.toml").exists() is (existing == ".contentlint.toml")


def test_not_a_folder(tmp_path: Path) -> None:
    err = io.StringIO()
    assert run_init(str(tmp_path / "missing"), stdout=io.StringIO(), stderr=err) == 2
    assert "not a folder" in err.getvalue()


def test_init_then_check_reports_nothing_on_a_clean_repository(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from contentlint.cli import main

    hugo_site(tmp_path / "site")
    write(tmp_path / "wp" / "post.html", '<p>[gallery ids="1,2" columns="3"]</p>\n')
    monkeypatch.chdir(tmp_path)
    assert main(["check", "."]) == 0
    capsys.readouterr()
    assert main(["init", "."]) == 0
    assert (tmp_path / ".contentlint.toml").is_file()
    capsys.readouterr()
    assert main(["check", str(tmp_path)]) == 0, capsys.readouterr().out
    # A new name is now unknown to the declared registry (SD002).
    write(tmp_path / "wp" / "new.html", '<p>[boxx title="x"]</p>\n')
    assert main(["check", str(tmp_path)]) == 1
    assert "SD002" in capsys.readouterr().out


def test_known_holds_only_names_a_template_defines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from contentlint.cli import main

    write(tmp_path / "hugo.toml", 'baseURL = "https://example.org/"\ntheme = ["docsy/theme"]\n')
    write(tmp_path / "themes" / "docsy" / "theme" / "layouts" / "_shortcodes" / "alert.html", "x")
    write(
        tmp_path / "content" / "a.md",
        "---\ntitle: a\n---\n{{< alert >}}\n{{< alret >}}\n{{< alret >}}\n{{< figure src=x >}}\n",
    )
    result = init(tmp_path)
    data, text = result["data"], result["text"]
    assert data["shortcodes"]["known"] == ["alert", "figure"]
    assert '#   "alret",  # 2 uses' in text
    monkeypatch.chdir(tmp_path)
    capsys.readouterr()
    assert main(["check", "--select", "SD002", "."]) == 1
    out = capsys.readouterr().out
    assert "Found 2 errors" in out and out.count("SD002 the site will not build") == 2


# ----------------------------------------------------------------------------- learning flags


def test_init_does_not_learn_a_direction_flag_from_damaged_quotes(tmp_path: Path) -> None:
    write(
        tmp_path / "posts" / "a.html",
        "[card rtl=\u201dtrue\u201d]\n[card region=\u201dEG\u201d]\n"
        "[note dir=\u201crtl\u201d]x[/note]\n",
    )
    out = io.StringIO()
    assert run_init(str(tmp_path), stdout=out) == 0
    text = (tmp_path / ".contentlint.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    tables = {k: v for k, v in data["shortcodes"].items() if isinstance(v, dict)}
    assert all("direction-flag" not in table for table in tables.values())
    # It says so, in the file and on the terminal, naming what to do.
    for said in (text, out.getvalue()):
        assert "card" in said and "note" in said
        assert "no direction-flag" in said
    assert "contentlint check --fix" in text


def test_init_learns_from_the_clean_uses_only(tmp_path: Path) -> None:
    write(
        tmp_path / "posts" / "a.html",
        "[card rtl=\u201dyes\u201d]\n" * 3 + '[card rtl="true"]\n[card rtl=\u2018on\u2019]\n',
    )
    data = init(tmp_path)["data"]
    assert data["shortcodes"]["card"]["direction-flag"] == 'rtl="true"'


def test_init_in_a_hugo_site_ignores_typographic_values(tmp_path: Path) -> None:
    write(tmp_path / "hugo.toml", 'baseURL = "https://example.org/"\n')
    write(tmp_path / "layouts" / "_shortcodes" / "card.html", "x")
    write(tmp_path / "content" / "a.md", "{{< card rtl=\u201dtrue\u201d >}}\n")
    data = init(tmp_path)["data"]
    assert "direction-flag" not in data["shortcodes"].get("card", {})


def test_init_then_unsafe_fixes_never_write_damage_into_the_flag(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from contentlint.cli import main

    post = tmp_path / "posts" / "a.html"
    write(post, "[card rtl=\u201dtrue\u201d]\n[card]\u0645\u0635\u0631[/card]\n")
    init(tmp_path)
    monkeypatch.chdir(tmp_path)
    main(["check", "--fix", "--unsafe-fixes", "."])
    capsys.readouterr()
    assert "\u201d\u201d" not in post.read_text(encoding="utf-8")
    assert '"\u201d' not in post.read_text(encoding="utf-8")
