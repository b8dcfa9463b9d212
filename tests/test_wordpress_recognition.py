"""What WordPress recognises: `[name=value]`, shortcode blocks, escaped brackets, array keys.

Minimal reconstructions of forms seen in real WordPress content; the PHP
oracle checks the same forms in tests/test_wordpress_differential.py.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict, List

import pytest

from contentlint import wordpress
from contentlint.cli import main
from contentlint.linter import check_text


def _codes(text: str, known: frozenset = frozenset()) -> List[str]:
    return [d.code for d in check_text(text, "post.html", known=known)]


def test_tag_value_form_is_one_positional_value() -> None:
    text = "[youtube=https://example.com/watch?v=abc]"
    (shortcode,) = wordpress.parse(text, ["youtube"]).shortcodes
    assert shortcode.name == "youtube"
    assert [(a.name, a.value) for a in shortcode.attributes] == [
        (None, "=https://example.com/watch?v=abc")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "[youtube=https://example.com/watch?v=abc]",
        "Watch: [youtube=https://example.com/v&w=640]\n",
        "[youtube=https://example.com/v list]",
    ],
)
def test_tag_value_form_is_not_sc006_when_the_name_is_known(text: str) -> None:
    assert _codes(text, frozenset({"youtube"})) == []


SHORTCODE_BLOCK = "<!-- wp:shortcode -->\n{}\n<!-- /wp:shortcode -->\n"


@pytest.mark.parametrize("inner", ["[site_url]", "[recent-posts]", "[site_url /]"])
def test_a_shortcode_block_is_evidence(inner: str) -> None:
    document = wordpress.parse(SHORTCODE_BLOCK.format(inner))
    assert [s.name for s in document.shortcodes] == [inner[1:].rstrip("]/ ")]


def test_outside_a_shortcode_block_an_attribute_less_run_is_not_evidence() -> None:
    assert wordpress.parse("<!-- wp:paragraph -->\n<p>[site_url]</p>\n").shortcodes == ()


@pytest.mark.parametrize(
    "text",
    [
        '\\[caption id="attachment_1" align="alignnone"\\]<img src="a.png"> A cat\\[/caption\\]\n',
        "Text \\[/caption\\] more\n",
        '[caption id="a"]<img src="a.png"> A cat\\[/caption\\]\n',
    ],
)
def test_backslash_escaped_brackets_are_not_tags(text: str) -> None:
    document = wordpress.parse(text)
    assert all("\\" not in s.name for s in document.shortcodes)
    assert [c for c in _codes(text) if c in ("SC004", "SC001", "SC003")] == []


def test_escaped_bracket_registers_no_name() -> None:
    text = "See \\[/caption\\] and [caption\\]\n"
    assert wordpress.parse(text).shortcodes == ()


def test_overwritten_key_is_sc007() -> None:
    # `a` and `b` get keys 0 and 1; the named key 1 then replaces `b`.
    assert _codes("[gallery a b 1=c]", frozenset({"gallery"})) == ["SC007"]
    assert _codes('[gallery 5="x" y 6=z]', frozenset({"gallery"})) == ["SC007"]
    assert _codes('[gallery 5="x" y z]', frozenset({"gallery"})) == []


def _inventory(tmp_path: Path, text: str, capsys: pytest.CaptureFixture[str]) -> Any:
    path = tmp_path / "post.html"
    path.write_text(text, encoding="utf-8")
    assert main(["shortcodes", "--format", "json", str(path)]) == 0
    return json.loads(capsys.readouterr().out)


def test_inventory_positional_index_is_the_php_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (record,) = _inventory(tmp_path, '[gallery 5="x" y ids="1,2" z]', capsys)
    keys: List[Dict[str, Any]] = [
        {"name": a["name"], "index": a["index"]} for a in record["attributes"]
    ]
    assert keys == [
        {"name": "5", "index": None},
        {"name": None, "index": 6},
        {"name": "ids", "index": None},
        {"name": None, "index": 7},
    ]


def test_summary_counts_escaped_examples_apart(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a.html").write_text('[gallery ids="1"] [[gallery]] [[gallery id=2]]', "utf-8")
    assert main(["shortcodes", "--summary", "--format", "json", str(tmp_path)]) == 0
    table = json.loads(capsys.readouterr().out)
    assert table["shortcodes"] == [
        {"name": "gallery", "count": 1, "escaped": 2, "files": 1, "attributes": {"ids": 1}}
    ]
    assert main(["shortcodes", "--summary", str(tmp_path)]) == 0
    assert "2 escaped" in capsys.readouterr().out
