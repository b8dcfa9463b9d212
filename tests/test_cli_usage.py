"""The command line as a new user meets it: usage errors, ruff's option names, streams."""

from __future__ import annotations

import json
from pathlib import Path
from typing import List, Tuple

import pytest

from contentlint.cli import main

DAMAGED = "Intro.\n\n[card region=”EG”]\n"
# One error (QT001) and one warning (SC007, a repeated attribute).
ERROR_AND_WARNING = '[card region=”EG”]\n\n[card a="1" a="2"]\n'


def run(args: List[str], capsys: pytest.CaptureFixture[str]) -> Tuple[int, str, str]:
    status = main(args)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.fixture
def damaged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CONTENTLINT_OUTPUT_FORMAT", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    path = tmp_path / "post.md"
    path.write_text(DAMAGED, encoding="utf-8")
    return path


# ------------------------------------------------------------------ 1. usage errors


def test_unknown_command_is_a_usage_error_with_a_suggestion(
    damaged: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(["chek", str(damaged)], capsys)
    assert status == 2
    assert out == ""
    assert "did you mean 'check'?" in err
    assert "IO001" not in err


def test_an_existing_path_still_means_check(
    damaged: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run([damaged.name, "--output-format", "concise"], capsys)
    assert status == 1
    assert "post.md:3:7: QT001" in out


def test_abbreviated_options_are_refused(damaged: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(["check", "--out", "json", str(damaged)], capsys)
    assert status == 2
    assert "--out" in err
    assert not (damaged.parent / "json").exists()


@pytest.mark.parametrize("value", ["-1", "two", "1.5"])
def test_jobs_must_be_positive_or_zero(
    damaged: Path, capsys: pytest.CaptureFixture[str], value: str
) -> None:
    status, _, err = run(["check", "--jobs", value, str(damaged)], capsys)
    assert status == 2
    assert "0 for automatic" in err


def test_config_on_a_folder_says_what_it_expects(
    damaged: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, err = run(["check", "--config", ".", str(damaged)], capsys)
    assert status == 2
    assert "is a folder" in err and ".contentlint.toml" in err


# ------------------------------------------------------------------ 2. ruff's names


def test_output_format_and_its_alias_and_environment(
    damaged: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    by_name = run(["check", "--output-format", "json", str(damaged)], capsys)[1]
    by_alias = run(["check", "--format", "json", str(damaged)], capsys)[1]
    monkeypatch.setenv("CONTENTLINT_OUTPUT_FORMAT", "json")
    by_env = run(["check", str(damaged)], capsys)[1]
    assert by_name == by_alias == by_env
    assert [record["code"] for record in json.loads(by_name)] == ["QT001"]
    monkeypatch.setenv("CONTENTLINT_OUTPUT_FORMAT", "yaml")
    status, _, err = run(["check", str(damaged)], capsys)
    assert status == 2 and "CONTENTLINT_OUTPUT_FORMAT" in err


@pytest.mark.parametrize("fmt", ["text", "concise"])
def test_color_always_and_never(
    damaged: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    coloured = run(["check", "--format", fmt, "--color", "always", str(damaged)], capsys)[1]
    assert "\x1b[" in coloured
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("FORCE_COLOR", "1")
    plain = run(["check", "--format", fmt, "--color", "never", str(damaged)], capsys)[1]
    assert "\x1b[" not in plain
    assert "\x1b[" in run(["check", "--format", fmt, str(damaged)], capsys)[1]


def test_never_colour_in_the_output_file(
    damaged: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    report = damaged.parent / "report.txt"
    for extra in ([], ["--color", "always"]):
        run(["check", *extra, "-o", str(report), str(damaged)], capsys)
        text = report.read_text(encoding="utf-8")
        assert "QT001" in text and "\x1b[" not in text


def test_rules_are_listed_in_code_order(capsys: pytest.CaptureFixture[str]) -> None:
    out = run(["rules"], capsys)[1]
    codes = [line.split()[0] for line in out.splitlines()[1:]]
    assert codes.index("SC011") < codes.index("SC012")
    sc = [code for code in codes if code.startswith("SC")]
    assert sc == sorted(sc)
    listed = [r["code"] for r in json.loads(run(["rules", "--format", "json"], capsys)[1])]
    assert listed == codes


def test_rule_all_prints_every_rule(capsys: pytest.CaptureFixture[str]) -> None:
    codes = [line.split()[0] for line in run(["rules"], capsys)[1].splitlines()[1:]]
    status, out, _ = run(["rule", "--all"], capsys)
    assert status == 0
    positions = [out.index(f"{code} (") for code in codes]
    assert positions == sorted(positions)
    assert run(["rule"], capsys)[0] == 2


@pytest.mark.parametrize(
    ("options", "kept"),
    [
        (["--select", "QT001", "--ignore", "QT"], True),
        (["--select", "QT", "--ignore", "QT001"], False),
        (["--ignore", "QT", "--extend-select", "QT001"], True),
        (["--select", "ALL", "--ignore", "QT001"], False),
    ],
)
def test_select_and_ignore_by_specificity(
    damaged: Path, capsys: pytest.CaptureFixture[str], options: List[str], kept: bool
) -> None:
    status, out, _ = run(["check", "--format", "concise", *options, str(damaged)], capsys)
    assert ("QT001" in out) is kept
    assert status == (1 if kept else 0)


def test_command_line_ignore_overrides_the_files_select(
    damaged: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (damaged.parent / ".contentlint.toml").write_text('select = ["QT001"]\n', encoding="utf-8")
    assert "QT001" in run(["check", "--format", "concise", str(damaged)], capsys)[1]
    out = run(["check", "--format", "concise", "--ignore", "QT", str(damaged)], capsys)[1]
    assert "QT001" not in out
