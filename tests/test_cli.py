"""The command line end to end: files in tmp_path, exit codes, bytes on disk."""

from __future__ import annotations

import io
import json
import os
import stat
import sys
from pathlib import Path
from typing import List, Tuple

import pytest

from contentlint.cli import main

DAMAGED = "Intro “quoted” prose.\n\n[card region=”EG” label=”مصر”]\n"
REPAIRED = 'Intro “quoted” prose.\n\n[card region="EG" label="مصر"]\n'


def run(args: List[str], capsys: pytest.CaptureFixture[str]) -> Tuple[int, str, str]:
    status = main(args)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_clean_file_exits_zero(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "ok.md").write_text('[card region="EG"]\n', encoding="utf-8")
    status, out, _ = run(["check", str(tmp_path)], capsys)
    assert status == 0
    assert "All checks passed" in out


def test_diagnostics_exit_one_with_positions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "post.md"
    path.write_text(DAMAGED, encoding="utf-8")
    status, out, _ = run(["check", "--format", "concise", str(path)], capsys)
    assert status == 1
    lines = [line for line in out.splitlines() if "QT001" in line]
    assert len(lines) == 2
    assert lines[0].startswith(f"{path}:3:7: QT001")
    assert lines[1].startswith(f"{path}:3:19: QT001")


def test_exit_zero(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "post.md").write_text(DAMAGED, encoding="utf-8")
    assert run(["check", "--exit-zero", str(tmp_path)], capsys)[0] == 0


def test_json_output_matches_the_spec_fields(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "post.md"
    path.write_text(DAMAGED, encoding="utf-8")
    status, out, _ = run(["check", "--format", "json", str(path)], capsys)
    records = json.loads(out)
    assert status == 1
    assert [r["code"] for r in records] == ["QT001", "QT001"]
    first = records[0]
    assert list(first) == [
        "path",
        "line",
        "column",
        "end_line",
        "end_column",
        "code",
        "name",
        "severity",
        "message",
        "note",
        "fix",
    ]
    assert "U+201D" in first["note"] and "U+201D" not in first["message"]
    # As in SPEC: the diagnostic covers the attribute, the edits its two delimiters.
    assert (first["line"], first["column"], first["end_line"], first["end_column"]) == (3, 7, 3, 18)
    assert first["name"] == "typographic-quote-delimiter"
    assert first["fix"]["applicability"] == "safe"
    assert [(e["column"], e["end_column"], e["content"]) for e in first["fix"]["edits"]] == [
        (14, 15, '"'),
        (17, 18, '"'),
    ]


def test_fix_repairs_delimiters_only_and_keeps_mode(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "post.md"
    path.write_bytes(DAMAGED.replace("\n", "\r\n").encode("utf-8"))
    os.chmod(path, 0o640)
    status, out, _ = run(["check", "--fix", str(path)], capsys)
    assert status == 0
    assert path.read_bytes() == REPAIRED.replace("\n", "\r\n").encode("utf-8")
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert "Fixed 2" in out
    # A second run finds nothing and writes nothing.
    before = path.stat().st_mtime_ns
    assert run(["check", "--fix", str(path)], capsys)[0] == 0
    assert path.stat().st_mtime_ns == before


def test_exit_non_zero_on_fix(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "post.md"
    path.write_text(DAMAGED, encoding="utf-8")
    assert run(["check", "--fix", "--exit-non-zero-on-fix", str(path)], capsys)[0] == 1
    assert path.read_text(encoding="utf-8") == REPAIRED


def test_diff_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "post.md"
    path.write_text(DAMAGED, encoding="utf-8")
    status, out, _ = run(["check", "--diff", str(path)], capsys)
    assert path.read_text(encoding="utf-8") == DAMAGED
    assert f"--- a/{path}" in out
    assert '+[card region="EG" label="مصر"]' in out
    assert status == 1


def test_show_fixes_lists_what_was_fixed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "post.md"
    path.write_text(DAMAGED, encoding="utf-8")
    _, out, _ = run(["check", "--fix", "--show-fixes", str(path)], capsys)
    assert "2 × QT001 (typographic-quote-delimiter)" in out


@pytest.mark.skipif(
    os.geteuid() == 0 if hasattr(os, "geteuid") else True, reason="root can write read-only folders"
)
def test_unwritable_file_is_reported_and_others_still_fixed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "a.md").write_text(DAMAGED, encoding="utf-8")
    (tmp_path / "b.md").write_text(DAMAGED, encoding="utf-8")
    os.chmod(locked, 0o555)
    try:
        status, out, _ = run(["check", "--fix", str(tmp_path)], capsys)
    finally:
        os.chmod(locked, 0o755)
    assert status == 1
    assert "IO001" in out and "could not write" in out
    assert (tmp_path / "b.md").read_text(encoding="utf-8") == REPAIRED


def test_unwritable_file_via_failing_replace(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.md").write_text(DAMAGED, encoding="utf-8")
    (tmp_path / "b.md").write_text(DAMAGED, encoding="utf-8")
    real_replace = os.replace

    def refuse_a(src: str, dst: str) -> None:
        if str(dst).endswith("a.md"):
            raise PermissionError(13, "Permission denied")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", refuse_a)
    status, out, _ = run(["check", "--fix", str(tmp_path)], capsys)
    assert status == 1
    assert "IO001" in out and "could not write" in out
    assert (tmp_path / "a.md").read_text(encoding="utf-8") == DAMAGED
    assert (tmp_path / "b.md").read_text(encoding="utf-8") == REPAIRED
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md", "b.md"]


@pytest.mark.parametrize(
    ("data", "needle"),
    [
        (b'[card region="EG"]\n\xff\xfe junk', "invalid UTF-8 at byte offset"),
        ("[card a=1]".encode("utf-16-le"), "UTF-16"),
        (b"\x00\x01\x02binary", "binary file"),
    ],
)
def test_unreadable_files_are_io001_and_the_run_goes_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], data: bytes, needle: str
) -> None:
    (tmp_path / "bad.md").write_bytes(data)
    (tmp_path / "good.md").write_text(DAMAGED, encoding="utf-8")
    status, out, _ = run(["check", "--format", "concise", str(tmp_path)], capsys)
    assert status == 1
    assert any("bad.md" in line and "IO001" in line and needle in line for line in out.splitlines())
    assert sum("QT001" in line for line in out.splitlines()) == 2


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_text_with_a_wide_byte_order_mark_is_checked_and_fixed_in_its_encoding(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], encoding: str
) -> None:
    def encoded(text: str) -> bytes:
        data = text.encode(encoding)
        return b"\xfe\xff" + data if encoding == "utf-16-be" else data

    post = tmp_path / "post.md"
    post.write_bytes(encoded("# \u0645\u0635\u0631\r\n" + DAMAGED))
    status, out, _ = run(["check", "--format", "concise", str(post)], capsys)
    assert status == 1 and "QT001" in out and "IO001" not in out
    run(["check", "--fix", str(post)], capsys)
    assert post.read_bytes() == encoded("# \u0645\u0635\u0631\r\n" + REPAIRED)


def test_missing_literal_path_is_io001(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(["check", "--format", "concise", str(tmp_path / "gone.md")], capsys)
    assert status == 1
    assert "IO001" in out and "does not exist" in out


def test_paths_with_spaces_parentheses_and_non_ascii(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "خبر (1) [draft] copy.md"
    path.write_text(DAMAGED, encoding="utf-8")
    status, out, _ = run(["check", "--format", "concise", str(path)], capsys)
    assert status == 1
    assert out.count(str(path)) == 2


def test_stdin_with_stdin_filename(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(DAMAGED.encode("utf-8"))))
    status, out, _ = run(
        ["check", "--format", "concise", "--stdin-filename", "post.md", "-"], capsys
    )
    assert status == 1
    assert out.startswith("post.md:3:7: QT001")


def test_select_and_ignore(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "post.md").write_text(DAMAGED, encoding="utf-8")
    assert run(["check", "--ignore", "QT", str(tmp_path)], capsys)[0] == 0
    assert run(["check", "--select", "SC", str(tmp_path)], capsys)[0] == 0
    assert run(["check", "--select", "QT001", str(tmp_path)], capsys)[0] == 1


def test_usage_errors_exit_two(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["check", "--format", "nope"], capsys)[0] == 2
    assert run(["rule", "XX999"], capsys)[0] == 2


def test_rule_documentation(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(["rule", "QT001"], capsys)
    assert status == 0
    for section in ("What it does", "Why is this bad?", "Example", "Use instead", "Fix safety"):
        assert section in out


def test_statistics(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "post.md").write_text(DAMAGED, encoding="utf-8")
    _, out, _ = run(["check", "--statistics", str(tmp_path)], capsys)
    assert any("QT001" in line and "2" in line for line in out.splitlines())


def test_bad_inputs_never_crash(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "nested.md").write_text("[" * 10000 + "{{<" * 10000, encoding="utf-8")
    (tmp_path / "long.md").write_text("[card a=1 " + "x" * 1_000_000, encoding="utf-8")
    (tmp_path / "eof1.md").write_text("text [card", encoding="utf-8")
    (tmp_path / "eof2.md").write_text("text {{<", encoding="utf-8")
    status, _, err = run(["check", "--exit-zero", str(tmp_path)], capsys)
    assert status == 0
    assert "internal error" not in err


MARKDOWN_ONLY = """# Notes

See [the guide](https://example.org/guide), the [reference][ref], and [this][].
A claim with a footnote[^1] and a citation [12]. An image: ![alt text](a.png).

- [ ] write the summary
- [x] add the screenshots
* [X] review

[ref]: https://example.org/ref
[this]: https://example.org/this "Title"
[^1]: The footnote text, with [a link](https://example.org).

| a | b |
|---|---|
| [link](x) | [^1] |
"""


def test_markdown_links_footnotes_and_task_lists_give_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "notes.md").write_text(MARKDOWN_ONLY, encoding="utf-8")
    status, out, _ = run(["check", "--format", "concise", str(tmp_path)], capsys)
    assert (status, out.strip()) == (0, "All checks passed!")
    status, out, _ = run(["shortcodes", "--format", "json", str(tmp_path)], capsys)
    assert json.loads(out) == []


def test_jobs_give_the_same_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for index in range(6):
        (tmp_path / f"p{index}.md").write_text(DAMAGED * (index + 1), encoding="utf-8")
    sequential = run(["check", "--format", "json", str(tmp_path)], capsys)
    parallel = run(["check", "--format", "json", "--jobs", "2", str(tmp_path)], capsys)
    assert sequential == parallel
    assert len(json.loads(sequential[1])) == 2 + 4 + 6 + 8 + 10 + 12


def test_config_file_and_force_exclude(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "legacy").mkdir()
    old = tmp_path / "legacy" / "old.md"
    old.write_text(DAMAGED, encoding="utf-8")
    (tmp_path / "new.md").write_text(DAMAGED, encoding="utf-8")
    (tmp_path / ".contentlint.toml").write_text('extend-exclude = ["legacy/**"]\n', "utf-8")
    _, out, _ = run(["check", "--format", "concise", str(tmp_path)], capsys)
    assert "new.md" in out and "old.md" not in out
    # A name given literally is checked, unless --force-exclude applies the excludes.
    assert run(["check", str(old)], capsys)[0] == 1
    assert run(["check", "--force-exclude", str(old)], capsys)[0] == 0
    elsewhere = tmp_path / "other.toml"
    elsewhere.write_text('ignore = ["QT"]\n', encoding="utf-8")
    assert run(["check", "--config", str(elsewhere), str(tmp_path / "new.md")], capsys)[0] == 0


def test_configuration_errors_exit_two_and_name_the_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / ".contentlint.toml").write_text('dialekt = "hugo"\n', encoding="utf-8")
    (tmp_path / "p.md").write_text("x\n", encoding="utf-8")
    status, _, err = run(["check", str(tmp_path)], capsys)
    assert status == 2
    assert "dialekt" in err and "dialect" in err


def test_init_then_check_reports_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a.md").write_text('[card region="EG" rtl="true"]مصر\n[gallery ids="1"]\n', "utf-8")
    assert run(["init", str(tmp_path)], capsys)[0] == 0
    assert (tmp_path / ".contentlint.toml").is_file()
    assert run(["check", str(tmp_path)], capsys)[0] == 0
    assert run(["init", str(tmp_path)], capsys)[0] == 2  # never overwrites
