"""Progress on long runs: only on a terminal, never in CI, piped or quiet."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from contentlint.run import progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_wanted_only_on_a_terminal_outside_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    assert progress.wanted(Terminal(), quiet=False)
    assert not progress.wanted(io.StringIO(), quiet=False)  # piped
    assert not progress.wanted(Terminal(), quiet=True)
    monkeypatch.setenv("CI", "true")
    assert not progress.wanted(Terminal(), quiet=False)


def test_line_appears_after_the_delay_and_is_cleared(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = [100.0]
    monkeypatch.setattr(progress.time, "monotonic", lambda: clock[0])
    stream = Terminal()
    shown = progress.Progress(stream)
    clock[0] += 0.5
    shown.update(10, 40, walking=True)
    assert stream.getvalue() == ""  # short runs print nothing extra
    clock[0] += 1.5
    shown.update(500, 800, walking=True)
    assert "500/800+ files (250 files/s)" in stream.getvalue()
    clock[0] += 1.0
    shown.update(900, 1000, walking=False)
    assert stream.getvalue().endswith("900/1000 files (300 files/s)")
    shown.close()
    assert stream.getvalue().endswith("\r")
    last = stream.getvalue().rsplit("\r", 2)[-2]
    assert last.strip() == ""


def test_the_cli_shows_progress_on_a_terminal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from contentlint import cli

    for number in range(5):
        (tmp_path / f"p{number}.html").write_text("text\n", encoding="utf-8")
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setattr(progress, "DELAY", 0.0)
    monkeypatch.setattr(progress, "INTERVAL", 0.0)
    terminal = Terminal()
    monkeypatch.setattr(cli.sys, "stderr", terminal)
    assert cli.main(["check", "--jobs", "1", str(tmp_path)]) == 0
    assert "contentlint: 5/5" in terminal.getvalue()
    monkeypatch.setattr(cli.sys, "stderr", Terminal())
    cli.main(["check", "--quiet", "--jobs", "1", str(tmp_path)])
    assert "files (" not in cli.sys.stderr.getvalue()
