"""Exports through the command line: check, fix, diff, shortcodes, skipped XML."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import List

import pytest

from contentlint import cli
from tests.wxr_exports import PostSpec, export

CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
ARABIC_TITLE = "\u0645\u0639\u0631\u0636"

DAMAGED = (
    '<?xml version="1.0" encoding="UTF-8"?>\r\n'
    '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"'
    ' xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"'
    ' xmlns:wp="http://wordpress.org/export/1.2/">\r\n<channel>\r\n'
    "<item>\r\n<title>Plain</title>\r\n"
    '<content:encoded><![CDATA[[gallery ids="1"]]]></content:encoded>\r\n'
    "<wp:post_id>41</wp:post_id>\r\n<wp:post_type>post</wp:post_type>\r\n</item>\r\n"
    f"<item>\r\n<title>{ARABIC_TITLE}</title>\r\n"
    "<content:encoded><![CDATA[\u0635\u0648\u0631\r\n"
    "[gallery ids=\u201d1,2\u2033]]]></content:encoded>\r\n"
    "<excerpt:encoded>[audio src=&#8220;a.mp3&#8221;]</excerpt:encoded>\r\n"
    "<wp:post_id>42</wp:post_id>\r\n<wp:post_type>page</wp:post_type>\r\n</item>\r\n"
    "</channel>\r\n</rss>\r\n"
)
FIXED = DAMAGED.replace("ids=\u201d1,2\u2033", 'ids="1,2"').replace(
    "&#8220;a.mp3&#8221;", '"a.mp3"'
)

SITEMAP = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
    "<url><loc>https://example.org/?p=[gallery ids=\u201d1\u2033]</loc></url>\n</urlset>\n"
)
FEED = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
    'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><item>\n'
    "<content:encoded><![CDATA[\n[gallery ids=\u201d1\u2033 columns=\u201d3\u2033]\n]]>"
    "</content:encoded></item></channel></rss>\n"
)


def run(args: List[str], capsys: pytest.CaptureFixture[str]) -> tuple:  # type: ignore[type-arg]
    status = cli.main(args)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def write(path: Path, text: str) -> Path:
    path.write_bytes(text.encode("utf-8"))
    return path


def test_damaged_export_is_flagged_where_it_is_and_names_the_post(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = write(tmp_path / "site-export.xml", DAMAGED)
    status, out, _ = run(["check", "--format", "json", str(target)], capsys)
    assert status == 1
    found = [(d["line"], d["column"], d["code"], d["message"], d["note"]) for d in json.loads(out)]
    assert [item[:3] for item in found] == [(13, 10, "QT001"), (14, 25, "QT001")]
    assert found[0][3].startswith(f"post 42 '{ARABIC_TITLE}' (page): ")
    assert found[0][4].startswith("ids is delimited")
    assert found[1][3].startswith(f"post 42 '{ARABIC_TITLE}' (page) excerpt: ")
    assert found[1][4].startswith("src is delimited")
    assert target.read_bytes() == DAMAGED.encode()


def test_fix_repairs_the_export_into_well_formed_xml(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = write(tmp_path / "export.xml", DAMAGED)
    status, _, _ = run(["check", "--fix", str(target)], capsys)
    assert status == 0
    # Only the damaged quotes changed; every other byte, CRLF included, stays.
    assert target.read_bytes() == FIXED.encode()
    root = ET.fromstring(target.read_bytes())
    bodies = [item.find(CONTENT).text for item in root.iter("item")]  # type: ignore[union-attr]
    assert bodies == ['[gallery ids="1"]', '\u0635\u0648\u0631\n[gallery ids="1,2"]']
    status, out, _ = run(["check", str(target)], capsys)
    assert status == 0, out


def test_diff_shows_the_export_fix_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = write(tmp_path / "export.xml", DAMAGED)
    status, out, _ = run(["check", "--diff", str(target)], capsys)
    assert status == 1
    assert '+[gallery ids="1,2"]]]></content:encoded>' in out
    assert target.read_bytes() == DAMAGED.encode()


def test_standard_input_export_is_fixed_to_standard_output(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import io
    import sys

    stdin = io.TextIOWrapper(io.BytesIO(DAMAGED.encode()), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", stdin)
    status, out, _ = run(["check", "--fix", "--stdin-filename", "export.xml", "-"], capsys)
    assert status == 0
    assert out.replace("\r\n", "\n") == FIXED.replace("\r\n", "\n")


@pytest.mark.parametrize("style", ["escaped", "cdata", "mix"])
def test_straight_quotes_give_no_quote_finding(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], style: str
) -> None:
    text = export([PostSpec(3, "t", "post", '[gallery ids="1" columns="3"] x', style, (10,))])
    if style == "escaped":
        assert "&quot;1&quot;" in text
    target = write(tmp_path / "export.xml", text)
    status, out, _ = run(["check", "--format", "json", str(target)], capsys)
    assert json.loads(out) == []
    assert status == 0


@pytest.mark.parametrize("text", [SITEMAP, FEED])
def test_other_xml_gives_no_finding_and_verbose_says_why(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str
) -> None:
    target = write(tmp_path / "other.xml", text)
    status, out, err = run(["check", "--format", "json", str(target)], capsys)
    assert (status, json.loads(out), err) == (0, [], "")
    status, out, err = run(["check", "--verbose", str(target)], capsys)
    assert status == 0
    assert "other.xml: XML <" in err and "not a post" in err and "skipped" in err
    status, out, _ = run(["shortcodes", "--format", "json", str(target)], capsys)
    assert (status, json.loads(out)) == (0, [])


def test_an_export_is_recognised_whatever_its_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = write(tmp_path / "backup.txt", DAMAGED.split("\r\n", 1)[1])
    status, out, _ = run(["check", "--format", "json", str(target)], capsys)
    assert status == 1
    assert [d["code"] for d in json.loads(out)] == ["QT001", "QT001"]
    assert all(d["message"].startswith("post 42 ") for d in json.loads(out))


def test_shortcodes_lists_occurrences_with_their_post(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = write(tmp_path / "export.xml", DAMAGED)
    status, out, _ = run(["shortcodes", "--format", "json", str(target)], capsys)
    assert status == 0
    records = json.loads(out)
    assert [(r["line"], r["column"], r["name"], r["post"]) for r in records] == [
        (6, 27, "gallery", {"id": "41", "title": "Plain", "type": "post", "field": "content"}),
        (13, 1, "gallery", {"id": "42", "title": ARABIC_TITLE, "type": "page", "field": "content"}),
        (14, 18, "audio", {"id": "42", "title": ARABIC_TITLE, "type": "page", "field": "excerpt"}),
    ]
    assert records[2]["attributes"][0]["value"] == "\u201ca.mp3\u201d"


def test_xml_the_importer_refuses_is_reported_and_the_rest_checked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = DAMAGED.replace("<title>Plain</title>", "<title>Plain &nbsp;</title>").replace(
        '[gallery ids="1"]', "[gallery ids=\u201d1\u2033]"
    )
    broken = broken.replace("<![CDATA[[gallery ids=\u201d1\u2033]]]>", "[gallery] &copy;", 1)
    target = write(tmp_path / "export.xml", broken)
    status, out, _ = run(["check", "--format", "json", str(target)], capsys)
    found = json.loads(out)
    assert status == 1
    codes = [(d["line"], d["code"]) for d in found]
    assert (5, "IO001") in codes and (6, "IO001") in codes
    assert "&nbsp; is not defined in XML" in found[0]["message"]
    assert (13, "QT001") in codes
