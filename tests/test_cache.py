"""The result cache: what invalidates an entry, concurrent runs, corrupt entries, --no-cache."""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
import zlib
from pathlib import Path
from typing import Any, Dict, List

import pytest

from contentlint.cli import main
from contentlint.run import cache as cache_module

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


def _shards(cache_dir: Path) -> List[Path]:
    (build,) = cache_dir.glob("build-*")  # one contentlint build, one folder
    return sorted(build.glob("*.json"))


def _index(cache_dir: Path) -> Dict[str, Any]:
    """Every shard's entries together, and the format they all share."""
    documents = [json.loads(shard.read_text(encoding="utf-8")) for shard in _shards(cache_dir)]
    (version,) = {document["format"] for document in documents}
    entries = {path: e for document in documents for path, e in document["entries"].items()}
    return {"format": version, "entries": entries}


def _poison(cache_dir: Path) -> None:
    """Make every recorded entry say the file was clean."""
    for shard in _shards(cache_dir):
        document = json.loads(shard.read_text(encoding="utf-8"))
        for entry in document["entries"].values():
            entry[3], entry[5], entry[6] = "[]", [0, 0, 0, 0], {}
        shard.write_text(json.dumps(document), encoding="utf-8")


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


@pytest.mark.parametrize("first_format", ["json", "text"])
def test_recorded_findings_answer_a_report_that_needs_them(
    tmp_path: Path,
    cache_dir: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    first_format: str,
) -> None:
    post = tmp_path / "post.html"
    post.write_text(DAMAGED, encoding="utf-8")
    main(["check", "--format", first_format, str(tmp_path)])
    capsys.readouterr()
    from contentlint import linter

    def never(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the file was linted again")

    # The findings as recorded (packed) are read back, not found again.
    monkeypatch.setattr(linter, "check", never)
    assert _codes(capsys, "--jobs", "1", str(tmp_path)) == ["QT001"]


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
    (index,) = _shards(cache_dir)
    for garbage in ("{not json", '{"format": 1, "entries": []}', "[]", ""):
        index.write_text(garbage, encoding="utf-8")
        assert _codes(capsys, str(tmp_path)) == ["QT001"]
    # An entry of the wrong shape is a miss, not a crash.
    document = json.loads(index.read_text(encoding="utf-8"))
    # Packed findings that do not unpack: bad base64, not zlib, not JSON, not ASCII.
    packed = ["z!!", "z" + base64.b64encode(b"not zlib").decode()]
    packed += ["z" + base64.b64encode(zlib.compress(raw)).decode() for raw in (b"{", b"\xff")]
    for shape in ([{"path": 3}], '[{"path": 3}]', "{not json", *packed):
        for entry in document["entries"].values():
            entry[3] = shape
        index.write_text(json.dumps(document), encoding="utf-8")
        assert _codes(capsys, str(tmp_path)) == ["QT001"]
    for entry in document["entries"].values():
        entry[5] = ["1", 0, 0, 0]  # a tally that is not counts
    index.write_text(json.dumps(document), encoding="utf-8")
    main(["check", "--format", "concise", str(tmp_path)])
    assert "QT001" in capsys.readouterr().out


@pytest.mark.parametrize("fmt", ["json", "text"])
def test_concurrent_runs_keep_the_cache_whole(tmp_path: Path, cache_dir: Path, fmt: str) -> None:
    folders = []
    for number in range(6):
        folder = tmp_path / f"part{number}"
        folder.mkdir()
        for page in range(20):
            text = DAMAGED if page % 3 == 0 else CLEAN
            (folder / f"p{page}.html").write_text(text, encoding="utf-8")
        folders.append(folder)
    command = [sys.executable, "-m", "contentlint", "check", "--format", fmt]
    env = {**os.environ, "CONTENTLINT_CACHE_DIR": str(cache_dir)}
    runs = [
        subprocess.Popen([*command, str(folder)], stdout=subprocess.PIPE, env=env)
        for folder in folders
    ]
    first = [run.communicate()[0] for run in runs]
    document = _index(cache_dir)  # parses: no run left a torn index
    assert document["format"] == cache_module._FORMAT
    again = [
        subprocess.run([*command, str(f)], stdout=subprocess.PIPE, env=env).stdout for f in folders
    ]
    fresh = [
        subprocess.run([*command, "--no-cache", str(f)], stdout=subprocess.PIPE, env=env).stdout
        for f in folders
    ]
    assert again == first == fresh
    assert all(report.count(b"QT001") == (7 if fmt == "json" else 14) for report in first)
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


def _reads_on_lookup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, settled_ns: int) -> int:
    """How many times a lookup of an unchanged, recorded file reads the file."""
    from contentlint import safeio
    from contentlint.run.cache import Cache, identity_of

    post = tmp_path / "post.md"
    post.write_text(CLEAN, encoding="utf-8")
    monkeypatch.setattr(cache_module, "_SETTLED_NS", settled_ns)
    recorder = Cache(str(tmp_path / "cache"))
    _data, identity = safeio.read_regular(str(post))
    recorder.record(str(post), identity_of(os.stat(post)), identity.digest.hex(), "ctx", [])
    recorder.save()
    reads = []
    real = safeio.read_chunks
    monkeypatch.setattr(
        safeio, "read_chunks", lambda *a: (reads.append(a) if a[0] == str(post) else 0) or real(*a)
    )
    assert Cache(str(tmp_path / "cache")).lookup(str(post), "ctx") == []
    return len(reads)


def test_a_file_still_before_the_run_is_not_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _reads_on_lookup(tmp_path, monkeypatch, settled_ns=0) == 0


def test_a_file_changed_as_the_run_began_is_hashed_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Its times could hide a write in the same clock tick: the bytes decide.
    assert _reads_on_lookup(tmp_path, monkeypatch, settled_ns=10**15) == 1


def test_a_file_found_unchanged_once_it_has_settled_is_not_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Recorded while it was still being written (a run just after a checkout),
    # the file is hashed on the next run; found unchanged and settled by
    # then, it is trusted from its times from that run on, not hashed forever.
    from contentlint import safeio
    from contentlint.run.cache import Cache

    assert _reads_on_lookup(tmp_path, monkeypatch, settled_ns=10**15) == 1
    post = str(tmp_path / "post.md")
    monkeypatch.setattr(cache_module, "_SETTLED_NS", 0)
    reads: List[str] = []
    real = safeio.read_chunks
    monkeypatch.setattr(safeio, "read_chunks", lambda *a: reads.append(a[0]) or real(*a))
    hashing = Cache(str(tmp_path / "cache"))
    assert hashing.lookup(post, "ctx") == []
    hashing.save()
    assert reads == [post]
    assert Cache(str(tmp_path / "cache")).lookup(post, "ctx") == []
    assert reads == [post]


def test_entries_read_back_hold_their_repeated_values_once(tmp_path: Path) -> None:
    # A warm run over 50,000 files keeps every entry it looks up: the context
    # key, the empty findings and the tallies that most entries repeat were
    # each a string or list of their own (a 50,000-file warm run peaked at
    # 139 MiB, now 120 MiB).
    from contentlint import safeio
    from contentlint.run.cache import Cache, identity_of

    paths = []
    for number in range(40):
        post = tmp_path / f"post{number}.md"
        post.write_text(f"text {number}\n", encoding="utf-8")
        paths.append(str(post))
    context = "".join(["ctx-", "0" * 60])
    recorder = Cache(str(tmp_path / "cache"))
    for path in paths:
        digest = safeio.read_regular(path)[1].digest.hex()
        recorder.record(path, identity_of(os.stat(path)), digest, context, [])
    recorder.save()
    reader = Cache(str(tmp_path / "cache"))
    hits = [reader.find(path, context) for path in paths]
    assert all(hit is not None for hit in hits)
    entries = [entry for shard in reader._shards.values() for entry in shard.values()]
    assert len(entries) == len(paths)
    for value in (2, 3, 5, 6):  # context, findings, tally, drawings
        assert len({id(entry[value]) for entry in entries}) == 1, value


def test_same_size_and_times_with_other_bytes_is_a_miss(
    tmp_path: Path,
    cache_dir: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Even for a settled entry: a write moves the change time, which utime cannot set back.
    monkeypatch.setattr(cache_module, "_SETTLED_NS", 0)
    post = tmp_path / "post.html"
    post.write_text(DAMAGED, encoding="utf-8")
    assert _codes(capsys, str(tmp_path)) == ["QT001"]
    before = os.stat(post)
    post.write_text(DAMAGED.replace("EG", "EH"), encoding="utf-8")
    os.utime(post, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert os.stat(post).st_size == before.st_size
    _poison(cache_dir)  # were the entry believed, the run would say nothing
    assert _codes(capsys, str(tmp_path)) == ["QT001"]


def test_a_one_file_check_reads_one_shard(tmp_path: Path, cache_dir: Path) -> None:
    from contentlint.run.cache import SHARDS, Cache

    cache = Cache(str(cache_dir))
    paths = [str(tmp_path / f"p{number}.md") for number in range(4 * SHARDS)]
    used = {cache.shard_path(path) for path in paths}
    assert len(used) > SHARDS // 2  # spread, not one file for the whole repository
    assert len({cache.shard_path(paths[0]) for _ in range(3)}) == 1  # stable
