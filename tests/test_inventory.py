"""`contentlint shortcodes --format json` against SPEC's schema, field by field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from contentlint.cli import main

FIELDS = [
    "path",
    "line",
    "column",
    "end_line",
    "end_column",
    "offset",
    "end_offset",
    "dialect",
    "name",
    "notation",
    "form",
    "escaped",
    "attributes",
    "content",
]


def inventory(tmp_path: Path, name: str, text: str, capsys: pytest.CaptureFixture[str]) -> list:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    assert main(["shortcodes", "--format", "json", str(path)]) == 0
    return json.loads(capsys.readouterr().out)


def test_hugo_enclosing_occurrence(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = "Intro line\nsecond\n{{% notice info %}}inner text{{% /notice %}}\n"
    (record,) = inventory(tmp_path, "p.md", text, capsys)
    assert list(record) == FIELDS
    start = text.index("{{%")
    end = text.rindex("%}}") + 3
    assert record == {
        "path": str(tmp_path / "p.md"),
        "line": 3,
        "column": 1,
        "end_line": 3,
        "end_column": end - start + 1,
        "offset": start,
        "end_offset": end,
        "dialect": "hugo",
        "name": "notice",
        "notation": "%",
        "form": "enclosing",
        "escaped": False,
        "attributes": [{"name": None, "value": "info", "raw": "info", "quote": "", "index": 0}],
        "content": "inner text",
    }


def test_wordpress_forms_nesting_and_escapes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = '[box Title="A b" x=1]see [inner n=1/][/box] [[box]] [img src=”a.png” /]\n'
    records = inventory(tmp_path, "p.txt", text, capsys)
    summary = [(r["name"], r["form"], r["escaped"], r["notation"], r["dialect"]) for r in records]
    assert summary == [
        ("box", "enclosing", False, None, "wordpress"),
        ("inner", "self-closing", False, None, "wordpress"),
        ("box", "single", True, None, "wordpress"),
        ("img", "self-closing", False, None, "wordpress"),
    ]
    box = records[0]
    assert box["content"] == "see [inner n=1/]"
    assert box["attributes"] == [
        {"name": "title", "value": "A b", "raw": 'Title="A b"', "quote": '"', "index": None},
        {"name": "x", "value": "1", "raw": "x=1", "quote": "", "index": None},
    ]
    assert records[3]["attributes"] == [
        {"name": "src", "value": "”a.png”", "raw": "src=”a.png”", "quote": "”", "index": None}
    ]


def test_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.md").write_text('[card region="EG"] [card region="AE" rtl="true"]', "utf-8")
    assert main(["shortcodes", "--summary", "--format", "json", str(tmp_path)]) == 0
    table = json.loads(capsys.readouterr().out)
    assert table["shortcodes"] == [
        {
            "name": "card",
            "count": 2,
            "escaped": 0,
            "files": 1,
            "attributes": {"region": 2, "rtl": 1},
        }
    ]
