"""The command line as a new user meets it: usage errors, ruff's option names, streams."""

from __future__ import annotations

import json
import os
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


def post(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str) -> Path:
    """``post.md`` holding ``text``, in the working directory, with no format or colour set."""
    monkeypatch.chdir(tmp_path)
    for variable in ("CONTENTLINT_OUTPUT_FORMAT", "FORCE_COLOR", "NO_COLOR"):
        monkeypatch.delenv(variable, raising=False)
    path = tmp_path / "post.md"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def damaged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return post(tmp_path, monkeypatch, DAMAGED)


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


def test_verbose_says_configuration_dialect_and_skipped_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / ".contentlint.toml").write_text(
        'extend-exclude = ["old.md"]\n', encoding="utf-8"
    )
    (tmp_path / "docs" / "post.md").write_text("{{< card >}}\n", encoding="utf-8")
    (tmp_path / "docs" / "old.md").write_text("x\n", encoding="utf-8")
    (tmp_path / "docs" / "logo.png").write_bytes(b"\x89PNG")
    (tmp_path / "page.md").write_text("[card]\n", encoding="utf-8")
    (tmp_path / ".gitignore").write_text("draft.md\n", encoding="utf-8")
    (tmp_path / "draft.md").write_text("x\n", encoding="utf-8")
    status, out, err = run(["check", "-v", "--format", "concise", "."], capsys)
    assert status == 0
    assert "All checks passed!" in out
    lines = err.splitlines()
    assert f"contentlint: docs{os.sep}: configuration docs{os.sep}.contentlint.toml" in lines
    assert f"contentlint: .{os.sep}: configuration none (defaults)" in lines
    assert (
        "contentlint: docs/post.md: dialect hugo (the text uses {{< or {{% outside code)" in lines
    )
    assert any(line.startswith("contentlint: page.md: dialect wordpress") for line in lines)
    assert "contentlint: skipped docs/old.md: excluded by the configuration" in lines
    assert "contentlint: skipped docs/logo.png: not a content file extension" in lines
    assert "contentlint: skipped draft.md: ignored by .gitignore" in lines
    # Without -v, standard error stays quiet; with it again, files the cache knows are told too.
    assert run(["check", "."], capsys)[2] == ""
    again = run(["check", "-v", "."], capsys)[2].splitlines()
    assert (
        "contentlint: docs/post.md: dialect hugo (the text uses {{< or {{% outside code)" in again
    )


def test_show_files_lists_what_would_be_checked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.md").write_text(DAMAGED, encoding="utf-8")
    (tmp_path / "b.txt").write_text(DAMAGED, encoding="utf-8")
    (tmp_path / "c.png").write_bytes(b"x")
    status, out, _ = run(["check", "--show-files", "."], capsys)
    assert (status, out) == (0, "a.md\nb.txt\n")


def test_show_settings_as_text_and_json(damaged: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (damaged.parent / ".contentlint.toml").write_text(
        'ignore = ["SC011"]\n[severity]\nQT005 = "error"\n', encoding="utf-8"
    )
    status, out, _ = run(["check", "--show-settings", damaged.name], capsys)
    assert status == 0
    assert "# origin: .contentlint.toml" in out.splitlines()
    assert 'ignore = ["SC011"]' in out.splitlines()
    assert "[severity]" in out and 'QT005 = "error"' in out
    document = json.loads(
        run(["check", "--show-settings", damaged.name, "--format", "json"], capsys)[1]
    )
    assert document["settings"]["ignore"] == ["SC011"]
    assert "SC011" not in document["rules"] and "QT001" in document["rules"]
    assert document["dialect"]["chosen"] == "wordpress"
    assert "themes-dir" not in document["settings"]


def test_show_settings_tells_where_the_themes_are_looked_for(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # A relative themes-dir counts from the configuration's folder: the
    # settings show the folder it names, so a wrong guess can be seen.
    site = tmp_path / "repo" / "docs"
    site.mkdir(parents=True)
    (site / ".contentlint.toml").write_text(
        'themes-dir = "../.."\nhugo-version = "0.150.0"\n', encoding="utf-8"
    )
    (site / "post.md").write_text("text\n", encoding="utf-8")
    monkeypatch.chdir(site)
    status, out, _ = run(["check", "--show-settings", "post.md"], capsys)
    assert status == 0
    assert f"themes-dir = {json.dumps(str(tmp_path))}" in out.splitlines()
    assert 'hugo-version = "0.150.0"' in out.splitlines()
    document = json.loads(
        run(["check", "--show-settings", "post.md", "--format", "json"], capsys)[1]
    )
    assert document["settings"]["themes-dir"] == str(tmp_path)


def test_no_file_checked_is_a_warning_not_a_pass(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes.rst").write_text("x\n", encoding="utf-8")
    status, out, err = run(["check", "."], capsys)
    assert status == 0
    assert "All checks passed" not in out
    assert "warning: no content files found in ." in err
    status, out, _ = run(["check", "--format", "json", "."], capsys)
    assert json.loads(out) == []


# ------------------------------------------------------------------ 3. severity as a filter


@pytest.fixture
def mixed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return post(tmp_path, monkeypatch, ERROR_AND_WARNING)


def test_severity_error_reports_errors_only(
    mixed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    everything = run(["check", "--format", "json", mixed.name], capsys)[1]
    assert sorted(r["severity"] for r in json.loads(everything)) == ["error", "warning"]
    status, out, _ = run(["check", "--severity", "error", "--format", "json", mixed.name], capsys)
    assert status == 1
    assert [r["code"] for r in json.loads(out)] == ["QT001"]


def test_the_exit_status_follows_what_is_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "post.md").write_text('[card a="1" a="2"]\n', encoding="utf-8")
    assert run(["check", "post.md"], capsys)[0] == 1
    status, out, _ = run(["check", "--severity", "error", "post.md"], capsys)
    assert status == 0 and "All checks passed!" in out


def test_report_severity_in_the_configuration(
    mixed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = mixed.parent / ".contentlint.toml"
    config.write_text('report-severity = "error"\n', encoding="utf-8")
    out = run(["check", "--format", "json", mixed.name], capsys)[1]
    assert [r["code"] for r in json.loads(out)] == ["QT001"]
    # The command line wins over the file.
    out = run(["check", "--severity", "warning", "--format", "json", mixed.name], capsys)[1]
    assert len(json.loads(out)) == 2
    # ``severity`` is the per-rule table; a bare level there says where it belongs.
    config.write_text('severity = "error"\n', encoding="utf-8")
    status, _, err = run(["check", mixed.name], capsys)
    assert status == 2 and 'report-severity = "error"' in err


# ------------------------------------------------------------------ 4. clean streams


@pytest.mark.parametrize("fmt", ["text", "json", "sarif"])
def test_diff_prints_only_the_diff(
    damaged: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    status, out, err = run(["check", "--diff", "--format", fmt, damaged.name], capsys)
    assert status == 1
    assert out.startswith("--- a/post.md\n+++ b/post.md\n")
    assert all(line[:1] in "-+ @" for line in out.splitlines())
    assert '+[card region="EG"]' in out
    assert err == "Would fix 1 error.\n"
    assert damaged.read_text(encoding="utf-8") == DAMAGED


def test_diff_with_an_output_file_writes_the_report_there(
    damaged: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = damaged.parent / "report.json"
    run(["check", "--diff", "--format", "json", "-o", str(report), damaged.name], capsys)
    assert json.loads(report.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("fmt", ["text", "concise", "json", "json-lines"])
def test_statistics_in_every_format_that_has_them(
    mixed: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    status, out, _ = run(["check", "--statistics", "--format", fmt, mixed.name], capsys)
    assert status == 1
    assert "QT001" in out and "SC007" in out
    if fmt.startswith("json"):
        assert {row["code"] for row in json.loads(out)} == {"QT001", "SC007"}


@pytest.mark.parametrize("fmt", ["sarif", "github", "gitlab", "junit"])
def test_statistics_elsewhere_is_refused_clearly(
    mixed: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    status, out, err = run(["check", "--statistics", "--format", fmt, mixed.name], capsys)
    assert status == 2 and out == ""
    assert f"--statistics cannot be shown as {fmt}" in err


def test_write_baseline_writes_says_and_exits_zero(
    mixed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(["check", "--write-baseline", "base.json", mixed.name], capsys)
    assert (status, out) == (0, "")
    assert err == "contentlint: recorded 2 findings in base.json\n"
    assert (mixed.parent / "base.json").is_file()
    status, out, _ = run(["check", "--baseline", "base.json", mixed.name], capsys)
    assert status == 0 and "All checks passed!" in out
