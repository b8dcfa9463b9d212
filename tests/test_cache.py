"""The result cache: what invalidates an entry, concurrent runs, corrupt entries, --no-cache."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any, Dict, List

import pytest

from contentlint.cli import main

DAMAGED = "[card region=\u201dEG\u201d]\n"
CLEAN = '[card region="EG"]\n'


@pytest.fixture()
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("CONTENTLINT_CACHE_DIR", str(folder))
    return folder


def _codes(capsys: pytest.CaptureFixture[str], *argv: str) -> List[str]:
    main(["check", "--format", "json", *argv])
    return [item["code"] for item in json.loads(capsys.readouterr().out)]


def _index(cache_dir: Path) -> Dict[str, Any]:
    (index,) = cache_dir.glob("index-*.json")
    document: Dict[str, Any] = json.loads(index.read_text(encoding="utf-8"))
    return document


def _poison(cache_dir: Path) -> None:
    """Make every recorded entry say the file was clean."""
    (index,) = cache_dir.glob("index-*.json")
    document = json.loads(index.read_text(encoding="utf-8"))
    for entry in document["entries"].values():
        entry[3] = []
    index.write_text(json.dumps(document), encoding="utf-8")


def test_a_second_run_answers_from_the_cache(
    tmp_path: Path, cache_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    post = tmp_path / "site" / "post.html"
    post.parent.mkdir()
    post.write_text(DAMAGED, encoding="utf-8")
    first = _codes(capsys, str(post.parent))
    assert first == ["QT001"]
    assert (cache_dir / ".gitignore").read_text(encoding="utf-8").strip().endswith("*")
    assert (
        str(post.resolve()) in _index(cache_dir)["entries"]
        or str(post) in _index(cache_dir)["entries"]
    )
    # The poisoned entry is believed: the second run did not lint the file again.
    _poison(cache_dir)
    assert _codes(capsys, str(post.parent)) == []


def test_no_cache_neither_reads_nor_writes(
    tmp_path: Path, cache_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    post = tmp_path / "post.html"
    post.write_text(DAMAGED, encoding="utf-8")
    assert _codes(capsys, "--no-cache", str(tmp_path)) == ["QT001"]
    assert not cache_dir.exists()
    _codes(capsys, str(tmp_path))
    _poison(cache_dir)
    assert _codes(capsys, "--no-cache", str(tmp_path)) == ["QT001"]


def test_changed_bytes_invalidate(
    tmp_path: Path, cache_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    post = tmp_path / "post.html"
    clean = '[card region="EG"] abc\n'
    post.write_text(clean, encoding="utf-8")
    assert _codes(capsys, str(tmp_path)) == []
    stat = post.stat()
    # Same size, same modification time, same inode: only the bytes tell.
    broken = DAMAGED.encode("utf-8")
    assert len(broken) == len(clean.encode("utf-8"))
    with open(post, "r+b") as handle:
        handle.write(broken)
    os.utime(post, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert post.stat().st_ino == stat.st_ino and post.stat().st_size == stat.st_size
    assert _codes(capsys, str(tmp_path)) != []


def test_changed_configuration_invalidates(
    tmp_path: Path, cache_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    post = tmp_path / "post.html"
    post.write_text(DAMAGED, encoding="utf-8")
    assert _codes(capsys, str(tmp_path)) == ["QT001"]
    (tmp_path / ".contentlint.toml").write_text('ignore = ["QT001"]\n', encoding="utf-8")
    assert _codes(capsys, str(tmp_path)) == []
    (tmp_path / ".contentlint.toml").write_text("", encoding="utf-8")
    assert _codes(capsys, str(tmp_path)) == ["QT001"]


def test_changed_template_invalidates(
    tmp_path: Path, cache_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "hugo.toml").write_text('baseURL = "https://example.org/"\n', encoding="utf-8")
    templates = tmp_path / "layouts" / "shortcodes"
    templates.mkdir(parents=True)
    box = templates / "box.html"
    box.write_text("<div>{{ .Inner }}</div>\n", encoding="utf-8")
    content = tmp_path / "content"
    content.mkdir()
    (content / "page.md").write_text("{{< box >}}\n", encoding="utf-8")
    with_inner = _codes(capsys, str(content))
    box.write_text("<div>static</div>\n", encoding="utf-8")
    without_inner = _codes(capsys, str(content))
    assert with_inner != without_inner
    box.unlink()
    assert "SD002" in _codes(capsys, str(content))


def test_corrupt_index_is_ignored(
    tmp_path: Path, cache_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    post = tmp_path / "post.html"
    post.write_text(DAMAGED, encoding="utf-8")
    _codes(capsys, str(tmp_path))
    (index,) = cache_dir.glob("index-*.json")
    for garbage in ("{not json", '{"format": 1, "entries": []}', "[]", ""):
        index.write_text(garbage, encoding="utf-8")
        assert _codes(capsys, str(tmp_path)) == ["QT001"]
    # An entry of the wrong shape is a miss, not a crash.
    document = json.loads(index.read_text(encoding="utf-8"))
    for entry in document["entries"].values():
        entry[3] = [{"path": 3}]
    index.write_text(json.dumps(document), encoding="utf-8")
    assert _codes(capsys, str(tmp_path)) == ["QT001"]


def test_concurrent_runs_keep_the_cache_whole(tmp_path: Path, cache_dir: Path) -> None:
    folders = []
    for number in range(6):
        folder = tmp_path / f"part{number}"
        folder.mkdir()
        for page in range(20):
            text = DAMAGED if page % 3 == 0 else CLEAN
            (folder / f"p{page}.html").write_text(text, encoding="utf-8")
        folders.append(folder)
    command = [sys.executable, "-m", "contentlint", "check", "--format", "json"]
    env = {**os.environ, "CONTENTLINT_CACHE_DIR": str(cache_dir)}
    runs = [
        subprocess.Popen([*command, str(folder)], stdout=subprocess.PIPE, env=env)
        for folder in folders
    ]
    first = [json.loads(run.communicate()[0]) for run in runs]
    document = _index(cache_dir)  # parses: no run left a torn index
    assert document["format"] == 1
    again = [
        json.loads(subprocess.run([*command, str(f)], stdout=subprocess.PIPE, env=env).stdout)
        for f in folders
    ]
    assert again == first
    assert all(len(report) == 7 for report in first)
    assert not [name for name in os.listdir(cache_dir) if name.endswith(".tmp")]


def test_cached_findings_keep_their_line_once_per_line() -> None:
    from contentlint.linter import FileContext, check
    from contentlint.results import locate
    from contentlint.run.cache import decode_located, encode_located
    from contentlint.settings import Registry, Settings
    from contentlint.source import Source

    source = Source.from_text("post.md", "intro\n" + "[gallery ids=\u201d1\u201d] " * 3 + "\n")
    located = [locate(source, d) for d in check(source, FileContext(Settings(), Registry()))]
    assert len(located) == 3
    stored = json.loads(json.dumps(encode_located(located)))
    assert stored["lines"] == {"2": source.line_text(2)}  # the line once, not once per finding
    again = decode_located(stored)
    assert again == located
    assert [item.line_text for item in again] == [item.line_text for item in located]


def test_a_cached_finding_with_a_fix_is_still_fixed(
    tmp_path: Path, cache_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    post = tmp_path / "post.html"
    post.write_text(DAMAGED, encoding="utf-8")
    assert _codes(capsys, str(tmp_path)) == ["QT001"]  # recorded in the cache
    main(["check", "--fix", str(tmp_path)])
    capsys.readouterr()
    assert post.read_text(encoding="utf-8") == CLEAN
    assert _codes(capsys, str(tmp_path)) == []
