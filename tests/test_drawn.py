"""Findings drawn where their file is checked, and kept drawn in the cache.

A plain check in ``text``, ``concise`` or ``github`` has each file's findings
drawn by the run that checks the file; the cache keeps the drawing, so that a
re-run that changed nothing writes stored text.  Whatever the route, the
report is byte for byte the one drawn from the findings themselves.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import List, Tuple

import pytest

from contentlint import reporting
from contentlint.cli import main
from contentlint.run import cache as cache_module

FILES = {
    "a/post.html": "intro\n[card region=\u201dEG\u201d title=\u201dsale\u201d]\n",
    "a/rtl.md": '{{< figure src="\u202e/img.png" title="\u05e9\u05dc\u05d5\u05dd" >}}\n',
    "a/wide.html": "[card region=\u201d\u65e5\u672c\u201d]\ttab\n",
    "b/clean.md": "nothing to say\n",
    "b/binary.md": "\x00\x01 not text\n",
}
VARIANTS: List[Tuple[str, ...]] = [
    ("--format", "text"),
    ("--format", "text", "--color", "always"),
    ("--format", "text", "--unsafe-fixes"),
    ("--format", "text", "--quiet"),
    ("--format", "concise"),
    ("--format", "concise", "--color", "always"),
    ("--format", "github"),
    ("--format", "json"),
    ("--format", "sarif"),
]


@pytest.fixture()
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CONTENTLINT_CACHE_DIR", str(tmp_path / "cache"))
    root = tmp_path / "site"
    for name, text in FILES.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return root


def _report(capsys: pytest.CaptureFixture[str], *argv: str) -> Tuple[int, str]:
    status = main(["check", *argv])
    return status, capsys.readouterr().out


@pytest.mark.parametrize("variant", VARIANTS, ids=" ".join)
def test_a_cached_report_is_the_fresh_one(
    site: Path, capsys: pytest.CaptureFixture[str], variant: Tuple[str, ...]
) -> None:
    fresh = _report(capsys, "--no-cache", *variant, "site")
    assert fresh[0] == 1 and "QT001" in fresh[1]
    first = _report(capsys, *variant, "site")
    second = _report(capsys, *variant, "site")
    assert first == fresh
    assert second == fresh


def test_a_warm_run_writes_the_stored_drawing(
    site: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (site / "b" / "binary.md").unlink()  # a file with no text is checked on every run
    fresh = _report(capsys, "--no-cache", "site")
    assert _report(capsys, "site") == fresh

    def refuse(*_args: object) -> object:
        raise AssertionError("a warm run drew or decoded findings")

    monkeypatch.setattr(reporting.Drawing, "draw", refuse)
    monkeypatch.setattr(cache_module, "decode_located", refuse)
    assert _report(capsys, "site") == fresh


def test_a_format_not_yet_drawn_is_drawn_once_and_kept(
    site: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (site / "b" / "binary.md").unlink()  # a file with no text is checked on every run
    fresh = _report(capsys, "--no-cache", "--format", "concise", "site")
    _report(capsys, "--format", "text", "site")  # recorded, drawn as text
    assert _report(capsys, "--format", "concise", "site") == fresh  # drawn from the cache
    monkeypatch.setattr(reporting.Drawing, "draw", lambda *_: 1 / 0)
    assert _report(capsys, "--format", "concise", "site") == fresh


def test_the_drawing_follows_the_path_shown(
    site: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from_above = _report(capsys, "--no-cache", "site")
    assert "site/a/post.html:2:" in from_above[1]
    assert _report(capsys, "site") == from_above
    monkeypatch.chdir(site)
    from_inside = _report(capsys, "--no-cache", ".")
    assert "\na/post.html:2:" in "\n" + from_inside[1]
    assert _report(capsys, ".") == from_inside
    monkeypatch.chdir(site.parent)
    assert _report(capsys, "site") == from_above


def _through_findings(
    fmt: str, paths: List[str], *, jobs: int = 1, no_cache: bool = False
) -> Tuple[str, str]:
    """The report drawn file by file, and the report drawn from every finding at once."""
    from contentlint.run.files import CheckOptions
    from contentlint.run.many import Request, run_check

    drawing = reporting.Drawing(fmt)
    run = run_check(
        Request(paths, jobs=jobs, no_cache=no_cache),
        CheckOptions(fix=False, unsafe=False, diff=False),
        None,
        None,
        drawing,
    )
    drawn = "".join(reporting.drawn_chunks(drawing, run.parts(), run.tally()))
    whole = reporting.render(fmt, run.located, files_checked=len(run.targets))
    return drawn, whole


@pytest.mark.parametrize("no_cache", [False, True], ids=["cache", "no-cache"])
@pytest.mark.parametrize("fmt", ["text", "concise", "github"])
def test_drawn_by_file_is_drawn_from_the_findings(site: Path, fmt: str, no_cache: bool) -> None:
    drawn, whole = _through_findings(fmt, ["site"], no_cache=no_cache)
    assert drawn == whole and "QT001" in drawn
    # The same file twice: its findings interleave with their copy's, as the
    # findings sort; so does a finding of another source on the same path.
    post = "site/a/post.html"
    for paths in ([post, post], [post, "site", post]):
        drawn, whole = _through_findings(fmt, paths, no_cache=no_cache)
        assert drawn == whole
        assert drawn.count("QT001") == whole.count("QT001") > 0


def test_findings_that_do_not_decode_are_found_again(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    post = "site/a/post.html"
    fresh = _report(capsys, "--no-cache", post, post)
    assert _report(capsys, post, post) == fresh
    (build,) = (site.parent / "cache").glob("build-*")
    for shard in build.glob("*.json"):
        document = json.loads(shard.read_text(encoding="utf-8"))
        for entry in document["entries"].values():
            entry[3] = "{not json"  # the drawing stays, the findings do not decode
        shard.write_text(json.dumps(document), encoding="utf-8")
    # Twice on the command line, the report needs the findings themselves.
    assert _report(capsys, post, post) == fresh


def test_workers_draw_what_this_process_draws(site: Path) -> None:
    for number in range(40):
        (site / "b" / f"p{number}.html").write_text(FILES["a/post.html"], encoding="utf-8")
    paths = ["site", "site/a/post.html"]
    serial = _through_findings("text", paths, no_cache=True)
    parallel = _through_findings("text", paths, jobs=2, no_cache=True)
    assert serial == parallel
    assert serial[0] == serial[1]


def test_what_invalidates_findings_invalidates_their_drawing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CONTENTLINT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)
    site = tmp_path / "site"
    (site / "layouts" / "shortcodes").mkdir(parents=True)
    (site / "hugo.toml").write_text('baseURL = "https://example.org/"\n', encoding="utf-8")
    box = site / "layouts" / "shortcodes" / "box.html"
    box.write_text("<div>{{ .Inner }}</div>\n", encoding="utf-8")
    page = site / "content" / "page.md"
    page.parent.mkdir()
    page.write_text("{{< box >}}\n", encoding="utf-8")

    def same_as_fresh() -> str:
        fresh = _report(capsys, "--no-cache", "site/content")
        assert _report(capsys, "site/content") == fresh
        return fresh[1]

    reports = [same_as_fresh()]
    page.write_text("\n{{< box >}}\n", encoding="utf-8")  # the bytes
    reports.append(same_as_fresh())
    box.write_text("<div>static</div>\n", encoding="utf-8")  # a template
    reports.append(same_as_fresh())
    box.unlink()
    reports.append(same_as_fresh())
    (site / ".contentlint.toml").write_text('ignore = ["SD002"]\n', encoding="utf-8")  # settings
    reports.append(same_as_fresh())
    assert all(before != after for before, after in zip(reports, reports[1:]))
