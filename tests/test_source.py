"""Source: decoding, BOM and line endings, positions in code points."""

from __future__ import annotations

import pytest

from contentlint.source import Source, SourceError


@pytest.mark.parametrize(
    ("data", "starts"),
    [
        (b"", (0,)),
        (b"a\nb", (0, 2)),
        (b"a\r\nb\r\n", (0, 3, 6)),
        (b"a\rb\rc", (0, 2, 4)),
        (b"a\r\n\nb\rc\n", (0, 3, 4, 6, 8)),
    ],
)
def test_line_starts_follow_every_line_ending(data: bytes, starts: tuple) -> None:
    assert tuple(Source.from_bytes("f", data).line_starts) == starts


def test_bom_is_kept_out_of_the_text_and_restored_on_encode() -> None:
    data = b"\xef\xbb\xbf[box]\r\n"
    source = Source.from_bytes("f", data)
    assert source.bom
    assert source.text == "[box]\r\n"
    assert source.encode() == data
    assert source.with_text("[x]\r\n").encode() == b"\xef\xbb\xbf[x]\r\n"


def test_columns_count_code_points() -> None:
    source = Source.from_text("f", 'مصر [box a="1"]\nب😀x')
    assert source.position(4) == (1, 5)
    # U+1F600 is one column although it is 4 bytes and 2 UTF-16 units.
    assert source.position(source.text.rindex("x")) == (2, 3)
    assert source.offset(2, 3) == source.text.rindex("x")


def test_line_text_drops_the_ending_only() -> None:
    source = Source.from_text("f", "one\r\ntwo\rthree")
    assert [source.line_text(n) for n in (1, 2, 3)] == ["one", "two", "three"]


@pytest.mark.parametrize(
    ("data", "offset", "line", "column"),
    [
        (b"ab\xff", 2, 1, 3),
        (b"a\nb\xc3(", 3, 2, 2),
        (b"\xef\xbb\xbf\xe2\x80", 3, 1, 1),
    ],
)
def test_invalid_utf8_names_the_byte_offset_and_position(
    data: bytes, offset: int, line: int, column: int
) -> None:
    with pytest.raises(SourceError) as caught:
        Source.from_bytes("f", data)
    assert f"byte offset {offset}" in caught.value.message
    assert (caught.value.line, caught.value.column) == (line, column)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_are_refused_with_a_reason(encoding: str) -> None:
    data = "[box a=1]".encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    with pytest.raises(SourceError) as caught:
        Source.from_bytes("f", data)
    assert "UTF-" in caught.value.message
