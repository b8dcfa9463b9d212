"""Reading regular files and writing fixes over what was read (contentlint.safeio)."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

import pytest

from contentlint import safeio
from contentlint.safeio import (
    FileProblem,
    NotFixed,
    read_regular,
    write_fixed,
    write_report,
)


def _written(path: Path, old: bytes, new: bytes) -> None:
    path.write_bytes(old)
    _, identity = read_regular(str(path))
    write_fixed(str(path), new, identity)


def test_write_fixed_replaces_content_and_keeps_mode(tmp_path: Path) -> None:
    target = tmp_path / "post.md"
    target.write_bytes(b"old")
    os.chmod(target, 0o640)
    _, identity = read_regular(str(target))
    write_fixed(str(target), b"new \xd9\x85", identity)
    assert target.read_bytes() == b"new \xd9\x85"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["post.md"]


def test_write_fixed_keeps_executable_bits(tmp_path: Path) -> None:
    target = tmp_path / "script.md"
    target.write_bytes(b"old")
    os.chmod(target, 0o755)
    _written(target, b"old", b"new")
    assert stat.S_IMODE(target.stat().st_mode) == 0o755


def test_write_fixed_follows_a_symbolic_link(tmp_path: Path) -> None:
    real = tmp_path / "real.md"
    real.write_bytes(b"old")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    _, identity = read_regular(str(link))
    write_fixed(str(link), b"new", identity)
    assert link.is_symlink()
    assert real.read_bytes() == b"new"


def test_write_fixed_cleans_up_and_raises_on_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "post.md"
    target.write_bytes(b"old")
    _, identity = read_regular(str(target))

    def failing_replace(source: str, destination: str) -> None:
        raise PermissionError(13, "Permission denied", destination)

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(OSError):
        write_fixed(str(target), b"new", identity)
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["post.md"]


def test_write_fixed_refuses_another_state_of_the_file(tmp_path: Path) -> None:
    target = tmp_path / "post.md"
    target.write_bytes(b"old")
    _, identity = read_regular(str(target))
    target.write_bytes(b"ole")  # same size
    os.utime(target, ns=(identity.mtime_ns, identity.mtime_ns))
    with pytest.raises(NotFixed, match="changed during the run"):
        write_fixed(str(target), b"new", identity)
    assert target.read_bytes() == b"ole"


def test_a_change_between_the_check_and_the_rename_is_caught_by_the_last_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The last comparison happens after the new bytes are on disk, just before the rename."""
    target = tmp_path / "post.md"
    target.write_bytes(b"old")
    _, identity = read_regular(str(target))
    real_fsync = os.fsync

    def fsync_then_save(descriptor: int) -> None:
        real_fsync(descriptor)
        target.write_bytes(b"saved by an editor")

    monkeypatch.setattr(os, "fsync", fsync_then_save)
    with pytest.raises(NotFixed):
        write_fixed(str(target), b"new", identity)
    monkeypatch.undo()
    assert target.read_bytes() == b"saved by an editor"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["post.md"]


@pytest.mark.parametrize(("mode", "read_only"), [(0o444, True), (0o400, True), (0o644, False)])
def test_read_only_is_judged_by_the_mode_bits_too(
    tmp_path: Path, mode: int, read_only: bool
) -> None:
    target = tmp_path / "post.md"
    target.write_bytes(b"old")
    target.chmod(mode)
    assert safeio.is_read_only(str(target), target.stat().st_mode) is read_only


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0, reason="giving a file away needs root"
)
def test_an_owner_that_cannot_be_kept_means_rewriting_in_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "post.md"
    target.write_bytes(b"old content")
    os.chown(target, 4242, 4242)
    _, identity = read_regular(str(target))
    inode = target.stat().st_ino

    def refused(*args: Any) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "chown", refused)
    write_fixed(str(target), b"new", identity)
    assert target.read_bytes() == b"new"
    info = target.stat()
    assert (info.st_ino, info.st_uid) == (inode, 4242)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["post.md"]


def test_read_regular_refuses_a_file_over_the_limit(tmp_path: Path) -> None:
    target = tmp_path / "big.md"
    target.write_bytes(b"x" * 100)
    assert read_regular(str(target), 100)[0] == b"x" * 100
    with pytest.raises(FileProblem, match="max-file-size"):
        read_regular(str(target), 99)


def _growing_after_its_size_is_taken(
    monkeypatch: pytest.MonkeyPatch, target: Path, more: bytes
) -> None:
    real_fstat = os.fstat

    def fstat(descriptor: int) -> os.stat_result:
        info = real_fstat(descriptor)
        with target.open("ab") as handle:
            handle.write(more)
        return info

    monkeypatch.setattr(safeio.os, "fstat", fstat)


@pytest.mark.parametrize("size", [0, 5, 4096, (1 << 20) + 3])
def test_read_regular_reads_a_file_that_grows_while_it_is_read_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, size: int
) -> None:
    target = tmp_path / "post.md"
    first = bytes(range(256)) * (size // 256) + b"y" * (size % 256)
    target.write_bytes(first)
    _growing_after_its_size_is_taken(monkeypatch, target, b"[more]" * 3000)
    data, identity = read_regular(str(target))
    assert data == first + b"[more]" * 3000
    assert identity.digest == safeio.digest(data)


def test_read_regular_refuses_a_file_that_grows_past_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "post.md"
    target.write_bytes(b"x" * 50)
    _growing_after_its_size_is_taken(monkeypatch, target, b"x" * 51)
    with pytest.raises(FileProblem, match="max-file-size"):
        read_regular(str(target), 100)


def test_read_regular_refuses_a_folder(tmp_path: Path) -> None:
    with pytest.raises(FileProblem, match="a folder"):
        read_regular(str(tmp_path))


def test_read_regular_says_when_a_file_is_missing(tmp_path: Path) -> None:
    with pytest.raises(FileProblem, match="does not exist"):
        read_regular(str(tmp_path / "gone.md"))


def test_write_report_creates_a_new_file_with_the_default_mode(tmp_path: Path) -> None:
    target = tmp_path / "deep" / "er" / "report.txt"
    mask = os.umask(0o027)
    try:
        write_report(str(target), b"data")
    finally:
        os.umask(mask)
    assert target.read_bytes() == b"data"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert sorted(p.name for p in target.parent.iterdir()) == ["report.txt"]


def test_write_report_replaces_a_regular_file(tmp_path: Path) -> None:
    target = tmp_path / "report.txt"
    target.write_bytes(b"an older report, longer than the new one")
    target.chmod(0o600)
    write_report(str(target), b"new")
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_a_fix_run_removes_stale_temporaries_of_dead_writers(tmp_path: Path) -> None:
    import subprocess
    import sys

    from contentlint import safeio
    from contentlint.cli import main

    post = tmp_path / "post.html"
    post.write_text("[card region=\u201dEG\u201d]\n", encoding="utf-8")
    # A writer that is gone: start a process, let it end, and use its id.
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = tmp_path / f".post.html.{dead.pid}.abc123{safeio.TEMPORARY_SUFFIX}"
    stale.write_bytes(b"half")
    # A writer that is alive (this process) keeps its file.
    live = tmp_path / f".post.html.{os.getpid()}.def456{safeio.TEMPORARY_SUFFIX}"
    live.write_bytes(b"busy")
    safeio._cleaned.clear()
    assert main(["check", "--no-cache", "--fix", str(tmp_path)]) == 0
    assert not stale.exists()
    assert live.exists()
    assert post.read_text(encoding="utf-8") == '[card region="EG"]\n'
    # A check without --fix writes nothing and removes nothing.
    stale.write_bytes(b"half")
    safeio._cleaned.clear()
    main(["check", "--no-cache", str(tmp_path)])
    assert stale.exists()
