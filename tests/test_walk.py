"""Walking folders: extensions, .gitignore, skipped folders, literal names."""

from __future__ import annotations

import os
from pathlib import Path

import hypothesis
import pytest
from hypothesis import strategies as st

from contentlint.walk import IgnorePattern, Walker, display_path, parse_gitignore


def _tree(root: Path, files: list) -> None:
    for name in files:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", encoding="utf-8")


def _walked(root: Path) -> list:
    return sorted(
        os.path.relpath(path, root).replace(os.sep, "/") for path, _ in Walker().walk([str(root)])
    )


def test_default_extensions_and_skipped_folders(tmp_path: Path) -> None:
    _tree(
        tmp_path,
        [
            "a.md",
            "b.HTML",
            "c.txt",
            "d.xml",
            "e.mdx",
            "f.py",
            "g.png",
            "node_modules/x.md",
            ".git/y.md",
            "sub/h.markdown",
        ],
    )
    assert _walked(tmp_path) == ["a.md", "b.HTML", "c.txt", "d.xml", "e.mdx", "sub/h.markdown"]


def test_hugo_output_folders_are_skipped_only_in_a_hugo_site(tmp_path: Path) -> None:
    _tree(
        tmp_path,
        [
            "site/hugo.toml",
            "site/public/p.html",
            "site/layouts/_default/single.html",
            "site/themes/t/layouts/x.html",
            "site/content/c.md",
            "other/public/q.md",
        ],
    )
    assert _walked(tmp_path) == ["other/public/q.md", "site/content/c.md"]


@pytest.mark.parametrize(
    "marker",
    ["config.yaml", "hugo.json", "config/_default/hugo.toml", "config/_default/config.yaml"],
)
def test_a_hugo_site_is_known_by_any_of_its_configuration_files(
    tmp_path: Path, marker: str
) -> None:
    _tree(tmp_path, [f"site/{marker}", "site/public/p.md", "site/content/c.md"])
    assert _walked(tmp_path) == ["site/content/c.md"]


def test_a_folder_named_like_a_configuration_file_marks_no_site(tmp_path: Path) -> None:
    _tree(
        tmp_path,
        ["site/hugo.toml/x.txt", "site/config/_default/hugo.yaml/y.txt", "site/public/p.md"],
    )
    assert _walked(tmp_path) == [
        "site/config/_default/hugo.yaml/y.txt",
        "site/hugo.toml/x.txt",
        "site/public/p.md",
    ]


def test_gitignore_patterns(tmp_path: Path) -> None:
    _tree(tmp_path, ["keep.md", "drafts/a.md", "x/build/b.md", "x/c.md", "x/important.md", "y.md"])
    (tmp_path / ".gitignore").write_text("drafts/\nbuild\n/y.md\n", encoding="utf-8")
    (tmp_path / "x" / ".gitignore").write_text("*.md\n!important.md\n", encoding="utf-8")
    assert _walked(tmp_path) == ["keep.md", "x/important.md"]


def test_literal_names_are_never_globs(tmp_path: Path) -> None:
    odd = tmp_path / "a (1) [draft]*.md"
    odd.write_text("x", encoding="utf-8")
    (tmp_path / "a (1) d*.md").write_text("x", encoding="utf-8")
    assert list(Walker().walk([str(odd)])) == [(str(odd), True)]


def test_a_missing_literal_name_is_still_yielded_for_the_caller_to_report(tmp_path: Path) -> None:
    missing = str(tmp_path / "gone.md")
    assert list(Walker().walk([missing])) == [(missing, True)]


def test_display_path(tmp_path: Path) -> None:
    found = str(tmp_path / "c" / "p.md")
    assert display_path(found, False, cwd=str(tmp_path)) == "c/p.md"
    assert display_path("./x/../p.md", True) == "./x/../p.md"


def test_gitignore_parsing_details() -> None:
    patterns = parse_gitignore("# comment\n\n\\#hash\n!keep\n/root/\n")
    assert [(p.pattern, p.negated, p.directory_only, p.anchored) for p in patterns] == [
        ("#hash", False, False, False),
        ("keep", True, False, False),
        ("root", False, True, True),
    ]


def test_a_link_to_a_folder_is_not_walked_but_a_named_one_is(tmp_path: Path) -> None:
    _tree(tmp_path, ["outside/far.md", "site/inside/near.md"])
    site = tmp_path / "site"
    (site / "out").symlink_to(tmp_path / "outside", target_is_directory=True)
    (site / "again").symlink_to(site / "inside", target_is_directory=True)
    assert _walked(site) == ["inside/near.md"]
    named = [path for path, _ in Walker().walk([str(site / "out")])]
    assert [os.path.basename(path) for path in named] == ["far.md"]


def test_a_walked_file_is_shown_as_display_path_shows_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from contentlint import config
    from contentlint.run.many import Request, targets

    _tree(tmp_path, ["site/a.md", "site/sub/b.md", "site/..c.md", "site/sub/..d.md", "e.md"])
    inner = tmp_path / "site" / "sub"
    cases = [
        (tmp_path, ["."]),
        (tmp_path, ["site", "./site", "site/", "site//sub", str(tmp_path / "site")]),
        (inner, [".", "..", "../sub", "../..", str(tmp_path)]),
    ]
    for cwd, roots in cases:
        monkeypatch.chdir(cwd)
        for root in roots:
            loader = config.ConfigLoader()
            found = list(targets(Request([root]), loader))
            assert found, root
            for path, shown, given in found:
                assert not given
                # The run puts a folder's shown prefix before each name.
                assert shown == display_path(path, False), (cwd, root, path)


@pytest.mark.parametrize("absolute", [False, True])
def test_a_gitignore_above_the_walked_folder_applies_to_its_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, absolute: bool
) -> None:
    # Walking repo/site: repo/.gitignore's anchored and ** patterns are matched
    # against paths relative to repo, whatever form the walked path takes.
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    _tree(repo, ["site/a.md", "site/drafts/b.md", "site/deep/x/gen/c.md", "site/deep/d.md"])
    (repo / ".gitignore").write_text("/site/drafts/\nsite/**/gen\n", encoding="utf-8")
    monkeypatch.chdir(repo)
    top = str(repo / "site") if absolute else "site"
    found = sorted(os.path.relpath(p, top).replace(os.sep, "/") for p, _ in Walker().walk([top]))
    assert found == ["a.md", "deep/d.md"]


_GLOB = st.lists(st.sampled_from(["a", "b", "*", "**", "?", "[ab]", "[!a]", ".", "/"]), min_size=1)
_PATH = st.lists(st.sampled_from(["a", "b", "/", "x.md", ".", "ab"]), max_size=6)


@hypothesis.given(pattern=_GLOB.map("".join), relative=_PATH.map("".join), anchored=st.booleans())
def test_a_pattern_matches_what_glob_matching_matches(
    pattern: str, relative: str, anchored: bool
) -> None:
    # Patterns are compiled once; they must match what fnmatch's glob does,
    # with ``a/**/b`` also matching ``a/b`` when anchored.
    import fnmatch

    if anchored:
        forms = [pattern]
        if "**" in pattern:
            forms += [pattern.replace("**/", ""), pattern.replace("/**", "")]
        expected = any(fnmatch.fnmatchcase(relative, form) for form in forms)
    else:
        expected = fnmatch.fnmatchcase(relative.rsplit("/", 1)[-1], pattern)
    assert IgnorePattern(pattern, False, False, anchored).matches(relative, False) == expected
