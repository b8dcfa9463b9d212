"""Baselines: old problems stay quiet, new ones are reported, line shifts do not matter."""

from __future__ import annotations

import json
import os
import random
from dataclasses import replace
from pathlib import Path
from typing import Any, List

import pytest

from contentlint.baseline import (
    BASELINE_VERSION,
    Baseline,
    BaselineEntry,
    BaselineError,
    filter_new,
    load_baseline,
    normalise_line_text,
    write_baseline,
)
from contentlint.model import Diagnostic, Severity, Span
from contentlint.results import Located, locate
from contentlint.source import Source

CURLY = "\u201d"


def curly_quote_diagnostics(path: str, text: str) -> List[Located]:
    """What a quote rule reports: one QT001 per ``=”...”`` value (a stand-in for the linter)."""
    source = Source.from_text(path, text)
    found = []
    start = source.text.find("=" + CURLY)
    while start >= 0:
        end = source.text.index(CURLY, start + 2) + 1
        found.append(
            locate(
                source,
                Diagnostic(
                    "QT001",
                    "typographic-quote-delimiter",
                    Severity.ERROR,
                    Span(start + 1, end),
                    "curly quotes",
                ),
            )
        )
        start = source.text.find("=" + CURLY, end)
    return found


@pytest.fixture(autouse=True)
def in_tmp_path(tmp_path: Path, monkeypatch: Any) -> None:
    """Diagnostic paths are relative to the working folder, as the CLI shows them."""
    monkeypatch.chdir(tmp_path)


def damaged_line(index: int) -> str:
    return f"Card {index}: [card region={CURLY}R{index}{CURLY}]\n"


@pytest.mark.parametrize(
    ("text", "normalised"),
    [
        ("  [card  region=x]\t", "[card region=x]"),
        ("\t\ta\u00a0 b", "a b"),
        ("", ""),
        ("same", "same"),
    ],
)
def test_line_text_is_normalised(text: str, normalised: str) -> None:
    assert normalise_line_text(text) == normalised


def test_old_problems_are_quiet_after_lines_move(tmp_path: Path) -> None:
    text = "".join(damaged_line(index) for index in range(100))
    baseline_file = str(tmp_path / "baseline.json")
    write_baseline(baseline_file, curly_quote_diagnostics("content/post.md", text))

    # Lines inserted above, the old lines re-indented, and one new problem.
    changed = "# Title\n\nA new intro.\n" + "".join(
        "  " + damaged_line(index) for index in range(100)
    )
    changed = changed.replace(damaged_line(50), damaged_line(50) + damaged_line(1000))
    diagnostics = curly_quote_diagnostics("content/post.md", changed)
    assert len(diagnostics) == 101

    new, stale = filter_new(diagnostics, load_baseline(baseline_file))
    assert [(d.line, d.line_text) for d in new] == [(55, damaged_line(1000).rstrip("\n"))]
    assert stale == []


def test_counts_tolerate_as_many_identical_problems_as_recorded(tmp_path: Path) -> None:
    line = f"[x a={CURLY}1{CURLY}]\n"
    baseline = write_baseline(str(tmp_path / "b.json"), curly_quote_diagnostics("p.md", line * 2))
    assert [entry.count for entry in baseline.entries] == [2]
    new, stale = filter_new(curly_quote_diagnostics("p.md", line * 3), baseline)
    assert [d.line for d in new] == [3]
    new, stale = filter_new(curly_quote_diagnostics("p.md", line), baseline)
    assert new == []
    assert [(entry.text, entry.count) for entry in stale] == [(line.strip(), 1)]


def test_stale_entries_are_those_no_longer_found(tmp_path: Path) -> None:
    baseline = write_baseline(
        str(tmp_path / "b.json"),
        curly_quote_diagnostics("a.md", damaged_line(1))
        + curly_quote_diagnostics("b.md", damaged_line(2)),
    )
    new, stale = filter_new(curly_quote_diagnostics("a.md", damaged_line(1)), baseline)
    assert new == []
    assert [(entry.path, entry.code, entry.count) for entry in stale] == [("b.md", "QT001", 1)]
    # A run that checked only a.md cannot tell whether b.md was fixed.
    _, stale = filter_new(curly_quote_diagnostics("a.md", damaged_line(1)), baseline, ["a.md"])
    assert stale == []


def test_keys_include_path_and_code(tmp_path: Path) -> None:
    baseline = write_baseline(
        str(tmp_path / "b.json"), curly_quote_diagnostics("a.md", damaged_line(1))
    )
    other_path = curly_quote_diagnostics("b.md", damaged_line(1))
    assert filter_new(other_path, baseline)[0] == other_path
    other_code = [
        replace(d, code="QT002") for d in curly_quote_diagnostics("a.md", damaged_line(1))
    ]
    assert filter_new(other_code, baseline)[0] == other_code


def test_paths_are_relative_to_the_baseline_folder(tmp_path: Path, monkeypatch: Any) -> None:
    site = tmp_path / "site"
    (site / "content").mkdir(parents=True)
    monkeypatch.chdir(site)
    baseline_file = str(site / "baseline.json")
    write_baseline(baseline_file, curly_quote_diagnostics("content/post.md", damaged_line(1)))
    stored = json.loads(Path(baseline_file).read_text(encoding="utf-8"))
    assert stored["entries"][0]["path"] == "content/post.md"

    monkeypatch.chdir(site / "content")  # the same file, seen from another folder
    new, stale = filter_new(
        curly_quote_diagnostics("post.md", damaged_line(1)), load_baseline(baseline_file)
    )
    assert (new, stale) == ([], [])


def test_file_is_stable_sorted_and_versioned(tmp_path: Path) -> None:
    diagnostics = [
        d
        for index in range(20)
        for d in curly_quote_diagnostics(f"p{index % 3}.md", damaged_line(index) * (index % 4 + 1))
    ]
    first, second = tmp_path / "1.json", tmp_path / "2.json"
    write_baseline(str(first), diagnostics)
    random.Random(7).shuffle(diagnostics)
    write_baseline(str(second), diagnostics)
    assert first.read_bytes() == second.read_bytes()
    document = json.loads(first.read_text(encoding="utf-8"))
    assert document["version"] == BASELINE_VERSION
    assert document["tool"] == "contentlint"
    keys = [(e["path"], e["code"], e["text"]) for e in document["entries"]]
    assert keys == sorted(keys) and len(set(keys)) == len(keys)
    assert sum(e["count"] for e in document["entries"]) == len(diagnostics)
    # Non-ASCII text is stored readable, as UTF-8.
    assert CURLY in first.read_text(encoding="utf-8")


def test_round_trip(tmp_path: Path) -> None:
    path = str(tmp_path / "b.json")
    written = write_baseline(path, curly_quote_diagnostics("a.md", damaged_line(3) * 2))
    loaded = load_baseline(path)
    assert loaded == written
    assert loaded == Baseline(
        (BaselineEntry("a.md", "QT001", damaged_line(3).strip(), 2),), str(tmp_path)
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "does not exist"),
        (b"{not json", "invalid JSON at line 1"),
        (b"\xff\xfe", "not UTF-8"),
        (b"[]", "not written by contentlint"),
        (b'{"tool": "other", "version": 1, "entries": []}', "not written by contentlint"),
        (b'{"tool": "contentlint", "version": 99, "entries": []}', "version 99"),
        (b'{"tool": "contentlint", "version": 1, "entries": {}}', "'entries' is not a list"),
        (b'{"tool": "contentlint", "version": 1, "entries": [3]}', "entry 0 is not an object"),
        (
            b'{"tool": "contentlint", "version": 1, "entries": '
            b'[{"path": "a", "code": "X", "text": "t", "count": "2"}]}',
            "no valid 'count'",
        ),
        (
            b'{"tool": "contentlint", "version": 1, "entries": '
            b'[{"path": "a", "code": "X", "text": "t", "count": 0}]}',
            "count below 1",
        ),
    ],
)
def test_unusable_files_raise_a_clear_error(tmp_path: Path, content: Any, message: str) -> None:
    path = tmp_path / "baseline.json"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(BaselineError, match=message) as raised:
        load_baseline(str(path))
    assert str(path) in str(raised.value)


def test_unwritable_location_raises_baseline_error(tmp_path: Path) -> None:
    with pytest.raises(BaselineError, match="cannot write"):
        write_baseline(str(tmp_path / "missing-folder" / "b.json"), [])


def test_cli_reports_only_the_new_problem(tmp_path: Path, monkeypatch: Any, capsys: Any) -> None:
    from contentlint.cli import main

    monkeypatch.delenv("CONTENTLINT_OUTPUT_FORMAT", raising=False)
    post = tmp_path / "post.md"
    post.write_text("".join(damaged_line(index) for index in range(100)), encoding="utf-8")
    assert main(["check", "--write-baseline", "baseline.json", "post.md"]) == 0
    assert "recorded 100 findings in baseline.json" in capsys.readouterr().err

    post.write_text(
        "Inserted above.\n\n" + post.read_text(encoding="utf-8") + damaged_line(1000),
        encoding="utf-8",
    )
    status = main(["check", "--baseline", "baseline.json", "--format", "json", "post.md"])
    reported = json.loads(capsys.readouterr().out)
    assert status == 1
    assert [(d["line"], d["code"]) for d in reported] == [(103, "QT001")]

    os.remove("baseline.json")
    assert main(["check", "--baseline", "baseline.json", "post.md"]) == 2
    assert "does not exist" in capsys.readouterr().err
