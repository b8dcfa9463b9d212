"""IO002 (a stray NUL byte in text) and what makes a file binary (IO001)."""

from __future__ import annotations

import codecs
import json
from pathlib import Path
from typing import List, Tuple

import pytest

from contentlint.cli import main
from contentlint.fixer import fix_text
from contentlint.linter import check_text
from contentlint.model import Applicability, Severity
from contentlint.source import Source, SourceError, binary_reason


def _nul(text: str) -> List[Tuple[int, int]]:
    return [(d.span.start, d.span.end) for d in check_text(text, "page.md") if d.code == "IO002"]


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        ("A line\x00 of text\n", [(6, 7)]),
        ("\x00\x00start\n", [(0, 2)]),
        ("a\x00b\x00c\n", [(1, 2), (3, 4)]),
        ("no nul here\n", []),
    ],
)
def test_each_run_of_nul_bytes_is_one_positioned_warning(
    text: str, spans: List[Tuple[int, int]]
) -> None:
    assert _nul(text) == spans


def test_nul_is_a_warning_whose_fix_removes_only_it() -> None:
    text = "Intro\x00 [gallery ids=\u201d1\u201d]\n"
    (found,) = [d for d in check_text(text, "page.md") if d.code == "IO002"]
    assert found.severity is Severity.WARNING
    assert "NUL" in found.message
    result = fix_text(text, lambda t: check_text(t, "page.md"))
    assert "\x00" not in result.text
    assert result.text.replace("\u201d", '"') == 'Intro [gallery ids="1"]\n'


@pytest.mark.parametrize(
    "data",
    [
        b"# Title\n\nSome text\x00 and more\x00.\n" * 300,
        "Arabic \u0627\u0644\u0639\u0631\u0628\u064a\u0629\x00 text\n".encode(),
        b"tab\tand\x1b[0mescape\x0cform feed\n",
    ],
)
def test_text_with_a_stray_nul_is_text(data: bytes) -> None:
    assert binary_reason(data) is None
    assert Source.from_bytes("page.md", data).text == data.decode("utf-8")


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256)) * 4, "binary"),
        (b"\x00\x01\x02binary", "control"),
        ("# Title\n[card a=1]\n".encode("utf-16-le"), "UTF-16"),
        ("# Title\n[card a=1]\n".encode("utf-16-be"), "UTF-16"),
    ],
)
def test_binary_files_are_io001_with_the_reason(data: bytes, words: str) -> None:
    reason = binary_reason(data)
    assert reason is not None and words in reason
    with pytest.raises(SourceError) as raised:
        Source.from_bytes("file.md", data)
    assert words in raised.value.message


def test_a_bom_still_decides_first() -> None:
    # With its byte order mark, UTF-16 text is text, NUL bytes and all.
    source = Source.from_bytes("file.md", codecs.BOM_UTF16_LE + "x".encode("utf-16-le"))
    assert (source.text, source.encoding, source.bom) == ("x", "utf-16-le", True)


def test_cli_lints_a_file_with_stray_nul_bytes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    body = "Some prose line that fills the page.\n" * 380
    text = body + "Stray\x00 here [/card] and\x00 there\n"
    (tmp_path / "page.md").write_bytes(text.encode())
    assert main(["check", "--format", "json", str(tmp_path)]) == 1
    found = json.loads(capsys.readouterr().out)
    codes = sorted((d["code"], d["line"]) for d in found)
    assert codes == [("IO002", 381), ("IO002", 381), ("SC004", 381)]


@pytest.mark.parametrize(
    "text",
    [
        "A closing tag [/capti\x00\x00] that the NUL bytes keep from being one.\n",
        "[caption]a caption[/capti\x00\x00on] whose name the NUL bytes split.\n",
        "Two line breaks\r\x00\nthat removing the NUL would make one.\n",
        "A code span `\x00` whose backticks would join.\n",
        "```\n[gallery ids=\u201d1\u201d]\n`\x00``\n\n[gallery ids=\u201d2\u201d]\n",
    ],
)
def test_removing_a_nul_that_may_join_markup_is_not_a_safe_fix(text: str) -> None:
    # Removing the NUL joins the characters around it: a name and a ']', two
    # backticks.  That may make a tag or a code fence where there was none.
    found = [d for d in check_text(text, "page.md") if d.code == "IO002"]
    assert found and all(d.fix is not None for d in found)
    assert [d.fix.applicability for d in found if d.fix] == [Applicability.UNSAFE]
    assert "\x00" in fix_text(text, lambda t: check_text(t, "page.md")).text


def test_removing_a_nul_from_prose_is_a_safe_fix() -> None:
    (found,) = [
        d for d in check_text("Read the guide\x00 first.\n", "page.md") if d.code == "IO002"
    ]
    assert found.fix is not None and found.fix.applicability is Applicability.SAFE
