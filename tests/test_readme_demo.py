"""The README's demo shows what contentlint really prints for the seed article."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import List

import pytest

from contentlint.cli import main

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = ROOT / "examples" / "arabic-news-covid-cards.txt"


def _demo_block() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(r"<!-- demo:start -->(.*)<!-- demo:end -->", readme, re.S)
    assert match, "README.md lost its demo block"
    return match.group(1)


def _console_blocks() -> List[str]:
    return re.findall(r"```console\n(.*?)```", _demo_block(), re.S)


def test_demo_diagnostics_are_real(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    assert main(["check", "--format", "concise", "examples/arabic-news-covid-cards.txt"]) == 1
    printed = capsys.readouterr().out.splitlines()
    concise = _console_blocks()[0].splitlines()
    shown = [line for line in concise if line.startswith("examples/")]
    assert len(shown) >= 4
    for line in shown:
        assert line in printed
    closing = [line for line in concise if line.startswith("Found ") or "fixable with" in line]
    assert closing == printed[-len(closing) :]
    assert closing[-1] == "71 fixable with `contentlint check --fix`."


def test_demo_full_report_is_real(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The header, note and help lines of the full report are printed as shown.

    (The drawn source line and its carets are left to the snapshot tests.)
    """
    monkeypatch.chdir(ROOT)
    assert main(["check", "examples/arabic-news-covid-cards.txt"]) == 1
    printed = capsys.readouterr().out.splitlines()
    full = _console_blocks()[1].splitlines()
    shown = [line for line in full if line.startswith(("examples/", "  = "))]
    assert any(line.startswith("  = note: ") for line in shown)
    start = printed.index(shown[0])
    assert (
        shown
        == [line for line in printed[start:] if line.startswith(("examples/", "  = "))][
            : len(shown)
        ]
    )


def test_demo_fix_is_real(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "examples").mkdir()
    copy = tmp_path / "examples" / ARTICLE.name
    shutil.copyfile(ARTICLE, copy)
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--fix", f"examples/{ARTICLE.name}"]) == 0
    assert "Fixed 71 errors." in capsys.readouterr().out
    before = ARTICLE.read_text(encoding="utf-8")
    after = copy.read_text(encoding="utf-8")
    changed = [(a, b) for a, b in zip(before, after) if a != b]
    assert len(before) == len(after)
    assert len(changed) == 142
    assert {a for a, _ in changed} == {"\u201d", "\u2033"}
    assert {b for _, b in changed} == {'"'}
    assert "“لا توجد أي مفاوضات" in after
