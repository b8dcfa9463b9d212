"""What a run reads and writes, end to end: the promises SECURITY.md makes.

Only regular files are read; a fix is written only over the file it was
computed from, keeping its owner, mode and links; a read-only file is
refused; ``--output-file`` never replaces what is not a regular file.
Devices are only ever read, through a link created in ``tmp_path``.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any, Callable, List, Tuple

import pytest

from contentlint import fixer
from contentlint.cli import main

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DAMAGED = "Intro.\n\n[card region=\u201dEG\u201d]\n"
REPAIRED = 'Intro.\n\n[card region="EG"]\n'

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
needs_root = pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0, reason="changing a file's owner needs root"
)


def run(args: List[str], capsys: pytest.CaptureFixture[str]) -> Tuple[int, str, str]:
    status = main(args)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def _limit_memory() -> None:  # pragma: no cover - runs in the child
    import resource

    limit = 2 * 1024**3
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def run_process(
    args: List[str], cwd: Path, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """A run in its own process, bounded in time and memory: these inputs once hung it."""
    env = dict(os.environ, PYTHONPATH=str(PROJECT_ROOT), NO_COLOR="1")
    return subprocess.run(
        [sys.executable, "-m", "contentlint", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        preexec_fn=_limit_memory if sys.platform.startswith("linux") else None,
    )


# ----------------------------------------------------------------------------- reading


@needs_fifo
def test_a_fifo_named_on_the_command_line_is_skipped_with_a_diagnostic(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "x.md")
    (tmp_path / "post.md").write_text(DAMAGED, encoding="utf-8")
    completed = run_process(["check", "--format", "concise", "x.md", "post.md"], tmp_path)
    assert completed.returncode == 1, completed.stderr
    assert "x.md:1:1: IO001" in completed.stdout
    assert "FIFO" in completed.stdout
    assert "post.md:3:" in completed.stdout  # the run went on


@needs_fifo
def test_a_fifo_found_by_walking_is_skipped_with_a_diagnostic(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    os.mkfifo(tmp_path / "content" / "x.md")
    (tmp_path / "content" / "y.md").write_text(DAMAGED, encoding="utf-8")
    completed = run_process(["check", "--fix", "--format", "concise", "content"], tmp_path)
    assert "content/x.md:1:1: IO001" in completed.stdout, completed.stderr
    assert stat.S_ISFIFO(os.lstat(tmp_path / "content" / "x.md").st_mode)
    assert (tmp_path / "content" / "y.md").read_text(encoding="utf-8") == REPAIRED


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero on this platform")
def test_a_named_link_to_a_device_is_refused_not_read(tmp_path: Path) -> None:
    (tmp_path / "zero.md").symlink_to("/dev/zero")
    completed = run_process(["check", "--fix", "--format", "concise", "zero.md"], tmp_path)
    assert completed.returncode == 1, completed.stderr
    assert "zero.md:1:1: IO001" in completed.stdout
    assert "character device" in completed.stdout
    assert (tmp_path / "zero.md").is_symlink()


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero on this platform")
def test_walking_does_not_follow_a_link_out_of_the_tree(tmp_path: Path) -> None:
    tree = tmp_path / "site"
    tree.mkdir()
    outside = tmp_path / "elsewhere.md"
    outside.write_text(DAMAGED, encoding="utf-8")
    (tree / "zero.md").symlink_to("/dev/zero")
    (tree / "out.md").symlink_to(outside)
    (tree / "inside.md").write_text(DAMAGED, encoding="utf-8")
    (tree / "alias.md").symlink_to(tree / "inside.md")
    completed = run_process(["check", "--format", "concise", "site"], tmp_path)
    assert completed.returncode == 1, completed.stderr
    reported = {line.split(":", 1)[0] for line in completed.stdout.splitlines() if ": " in line}
    assert reported == {"site/inside.md", "site/alias.md"}
    # Named, the same link is followed.
    named = run_process(["check", "--format", "concise", "site/out.md"], tmp_path)
    assert "site/out.md:3:" in named.stdout


def test_max_file_size_is_a_configuration_key_with_a_diagnostic(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / ".contentlint.toml").write_text("max-file-size = 64\n", encoding="utf-8")
    (tmp_path / "big.md").write_text(DAMAGED * 4, encoding="utf-8")
    (tmp_path / "small.md").write_text(DAMAGED, encoding="utf-8")
    status, out, _ = run(["check", "--fix", "--format", "concise", str(tmp_path)], capsys)
    assert status == 1
    assert "big.md:1:1: IO001" in out and "max-file-size" in out
    assert (tmp_path / "big.md").read_text(encoding="utf-8") == DAMAGED * 4
    assert (tmp_path / "small.md").read_text(encoding="utf-8") == REPAIRED


@pytest.mark.parametrize("value", ['"big"', "0", "-1", "1.5", "true"])
def test_max_file_size_must_be_a_positive_number_of_bytes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], value: str
) -> None:
    (tmp_path / ".contentlint.toml").write_text(f"max-file-size = {value}\n", encoding="utf-8")
    (tmp_path / "a.md").write_text(REPAIRED, encoding="utf-8")
    status, _, err = run(["check", str(tmp_path)], capsys)
    assert status == 2
    assert "max-file-size" in err


def test_an_unreadable_folder_is_a_diagnostic(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Root reads any folder, so the refusal is simulated where the walk meets it.
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "a.md").write_text(DAMAGED, encoding="utf-8")
    (tmp_path / "open.md").write_text(REPAIRED, encoding="utf-8")
    real_scandir = os.scandir

    def scandir(path: Any = ".") -> Any:
        if os.path.basename(os.fspath(path)) == "locked":
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.chdir(tmp_path)
    status, out, _ = run(["check", "--format", "concise", "."], capsys)
    assert status == 1
    assert "locked:1:1: IO001" in out and "permission denied" in out


# ----------------------------------------------------------------------------- the race


def _during_the_fix(monkeypatch: pytest.MonkeyPatch, act: Callable[[], None]) -> List[int]:
    """Run ``act`` after the text was read and fixed, before the fix is written."""
    calls: List[int] = []
    original = fixer.fix_text

    def fix_then_act(*args: Any, **kwargs: Any) -> Any:
        outcome = original(*args, **kwargs)
        act()
        calls.append(1)
        return outcome

    monkeypatch.setattr(fixer, "fix_text", fix_then_act)
    return calls


def test_a_save_in_place_during_the_run_is_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Same inode, same size, same modification time: only the bytes tell."""
    path = tmp_path / "post.md"
    path.write_text(DAMAGED, encoding="utf-8")
    before = os.stat(path)
    saved = DAMAGED.replace("Intro", "Later").encode("utf-8")

    def save() -> None:
        with open(path, "r+b") as handle:
            handle.write(saved)
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))

    calls = _during_the_fix(monkeypatch, save)
    status, out, _ = run(["check", "--fix", "--format", "concise", str(path)], capsys)
    assert calls == [1]
    assert path.read_bytes() == saved
    assert status == 1
    assert "changed during the run, not fixed" in out


def test_a_save_by_rename_during_the_run_is_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "post.md"
    path.write_text(DAMAGED, encoding="utf-8")

    def save() -> None:
        (tmp_path / "editor.swp").write_text("rewritten by an editor\n", encoding="utf-8")
        os.replace(tmp_path / "editor.swp", path)

    calls = _during_the_fix(monkeypatch, save)
    status, out, _ = run(["check", "--fix", "--format", "concise", str(path)], capsys)
    assert calls == [1]
    assert path.read_text(encoding="utf-8") == "rewritten by an editor\n"
    assert "changed during the run, not fixed" in out
    assert status == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["post.md"]


def test_a_file_deleted_during_the_run_is_not_created_again(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "post.md"
    path.write_text(DAMAGED, encoding="utf-8")
    calls = _during_the_fix(monkeypatch, path.unlink)
    status, out, _ = run(["check", "--fix", "--format", "concise", str(path)], capsys)
    assert calls == [1]
    assert list(tmp_path.iterdir()) == []
    assert status == 1
    assert "deleted during the run" in out


# ----------------------------------------------------------------------------- writing


def test_a_read_only_file_is_refused_even_for_root(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "post.md"
    path.write_text(DAMAGED, encoding="utf-8")
    path.chmod(0o444)
    status, out, _ = run(["check", "--fix", "--format", "concise", str(path)], capsys)
    assert path.read_text(encoding="utf-8") == DAMAGED
    assert stat.S_IMODE(path.stat().st_mode) == 0o444
    assert status == 1
    assert "read-only" in out and "post.md:3:" in out


@needs_root
def test_owner_and_group_are_kept(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "post.md"
    path.write_text(DAMAGED, encoding="utf-8")
    os.chown(path, 4242, 4343)
    path.chmod(0o640)
    assert run(["check", "--fix", str(path)], capsys)[0] == 0
    info = path.stat()
    assert (info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)) == (4242, 4343, 0o640)
    assert path.read_text(encoding="utf-8") == REPAIRED


def test_hard_links_stay_linked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "post.md"
    path.write_text(DAMAGED, encoding="utf-8")
    os.link(path, tmp_path / "also.md")
    inode = path.stat().st_ino
    assert run(["check", "--fix", str(path)], capsys)[0] == 0
    assert path.stat().st_ino == inode and path.stat().st_nlink == 2
    assert (tmp_path / "also.md").read_text(encoding="utf-8") == REPAIRED
    assert sorted(p.name for p in tmp_path.iterdir()) == ["also.md", "post.md"]


# ----------------------------------------------------------------------------- --output-file


def test_output_file_in_a_missing_folder_is_created(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a.md").write_text(DAMAGED, encoding="utf-8")
    report = tmp_path / "reports" / "ci" / "lint.json"
    status, _, err = run(
        ["check", "--format", "json", "--output-file", str(report), str(tmp_path / "a.md")],
        capsys,
    )
    assert status == 1, err
    assert '"QT' in report.read_text(encoding="utf-8")


def test_output_file_that_is_a_folder_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a.md").write_text(DAMAGED, encoding="utf-8")
    (tmp_path / "out").mkdir()
    status, _, err = run(["check", "--output-file", str(tmp_path / "out"), str(tmp_path)], capsys)
    assert status == 2
    assert "is a folder" in err and "internal error" not in err
    assert (tmp_path / "out").is_dir()


@needs_fifo
def test_output_file_writes_into_a_fifo_and_leaves_it_a_fifo(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a.md").write_text(DAMAGED, encoding="utf-8")
    pipe = tmp_path / "report.pipe"
    os.mkfifo(pipe)
    received: List[bytes] = []

    def reader() -> None:
        with open(pipe, "rb") as handle:
            received.append(handle.read())

    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    status, _, err = run(
        ["check", "--format", "concise", "--output-file", str(pipe), str(tmp_path / "a.md")],
        capsys,
    )
    thread.join(timeout=30)
    assert status == 1, err
    assert b"a.md:3:" in received[0]
    assert stat.S_ISFIFO(os.lstat(pipe).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md", "report.pipe"]


# ----------------------------------------------------------------------------- what a run touches


def _snapshot(root: Path) -> dict:  # type: ignore[type-arg]
    return {
        str(path.relative_to(root)): (path.read_bytes(), path.stat().st_mtime_ns)
        for path in sorted(root.rglob("*"))
        if path.is_file() and not path.is_symlink()
    }


def test_a_fix_run_starts_no_process_opens_no_socket_and_writes_only_fixed_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import socket

    site = tmp_path / "site"
    (site / "layouts" / "_shortcodes").mkdir(parents=True)
    (site / "hugo.toml").write_text('baseURL = "https://example.org/"\n', encoding="utf-8")
    (site / "layouts" / "_shortcodes" / "card.html").write_text(
        '{{ .Get "region" }}{{ os.ReadFile "/etc/passwd" }}', encoding="utf-8"
    )
    (site / "content").mkdir()
    damaged = site / "content" / "a.md"
    damaged.write_text(
        "{{< card region=\u201dEG\u201d >}}\n<?php system('touch pwned'); ?>\n", encoding="utf-8"
    )
    (site / "content" / "clean.md").write_text('{{< card region="EG" >}}\n', encoding="utf-8")
    wordpress = tmp_path / "wp" / "wp-content" / "plugins" / "p"
    wordpress.mkdir(parents=True)
    (wordpress / "p.php").write_text(
        "<?php add_shortcode('box', function () { system('touch pwned'); });\n", encoding="utf-8"
    )
    (tmp_path / "wp" / "post.html").write_text("[box title=\u201dx\u201d]\n", encoding="utf-8")
    outside = tmp_path / "outside.md"
    outside.write_text("{{< card region=\u201dEG\u201d >}}\n", encoding="utf-8")
    (site / "content" / "link.md").symlink_to(outside)
    before = _snapshot(tmp_path)

    def forbidden(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError(f"a check started a process or opened a connection: {args}")

    for name in ("Popen", "run", "call", "check_call", "check_output"):
        monkeypatch.setattr(subprocess, name, forbidden)
    for name in ("system", "popen", "execv", "execve", "execvp", "fork", "posix_spawn"):
        if hasattr(os, name):
            monkeypatch.setattr(os, name, forbidden)
    monkeypatch.setattr(socket.socket, "connect", forbidden)
    monkeypatch.setattr(socket, "create_connection", forbidden)
    monkeypatch.chdir(tmp_path)
    _, _, err = run(["check", "--fix", "--unsafe-fixes", "--jobs", "1", "site", "wp"], capsys)
    assert "internal error" not in err, err
    after = _snapshot(tmp_path)
    changed = {name for name in after if after[name] != before.get(name)}
    assert set(after) == set(before)  # nothing created, nothing removed
    assert changed == {"site/content/a.md", "wp/post.html"}
    assert "\u201d" in outside.read_text(encoding="utf-8")  # never outside the tree
    assert not list(tmp_path.rglob("pwned"))


def test_every_test_security_md_names_exists() -> None:
    """SECURITY.md names the tests that hold each promise; a renamed test must not orphan one."""
    import re

    text = (PROJECT_ROOT / "SECURITY.md").read_text(encoding="utf-8")
    named: List[Tuple[str, str]] = []
    module = ""
    for match in re.finditer(r"`(tests/[\w/]+\.py)?::(\w+)`", text):
        module = match.group(1) or module
        named.append((module, match.group(2)))
    assert len(named) >= 20
    for module, test in named:
        source = (PROJECT_ROOT / module).read_text(encoding="utf-8")
        assert f"def {test}(" in source, f"SECURITY.md names {module}::{test}, which is gone"


@needs_fifo
def test_init_and_a_fifo_gitignore_do_not_hang_the_walk(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "x.md")
    os.mkfifo(tmp_path / ".gitignore")
    (tmp_path / "a.html").write_text('[card rtl="true"]\n', encoding="utf-8")
    completed = run_process(["init", "."], tmp_path)
    assert completed.returncode == 0, completed.stderr
    assert "direction-flag" in (tmp_path / ".contentlint.toml").read_text(encoding="utf-8")
    checked = run_process(["check", "--format", "concise", "."], tmp_path)
    assert "x.md:1:1: IO001" in checked.stdout, checked.stderr
