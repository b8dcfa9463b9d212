"""Source: decoding, BOM and line endings, positions in code points."""

from __future__ import annotations

from typing import Callable, List, Tuple

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from contentlint import source as source_module
from contentlint.source import Source, SourceError, binary_reason


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
def test_utf16_and_utf32_with_a_bom_are_decoded_and_encoded_back(encoding: str) -> None:
    data = "[box a=1]\r\n\u0645".encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    source = Source.from_bytes("f", data)
    assert source.text == "[box a=1]\r\n\u0645" and source.bom
    assert source.encode() == data
    assert source.with_text("x").encode() == ("\ufeffx").encode(source.encoding)


@settings(max_examples=200, deadline=None)
@given(
    text=st.lists(st.sampled_from(["a", "\u201d", "\u0645", "\U0001f600", "\r\n"])).map("".join),
    encoding=st.sampled_from(["utf-8", "utf-16-le", "utf-32-be"]),
    bom=st.booleans(),
    step=st.integers(min_value=1, max_value=4),
)
def test_encoding_step_by_step_gives_the_bytes_of_encoding_at_once(
    text: str, encoding: str, bom: bool, step: int
) -> None:
    # A large fixed file is written from its text a step at a time.
    source = Source("f", "", bom, encoding=encoding)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(source_module, "_ENCODE_STEP", step)
        assert b"".join(source.encoded(text)()) == source.encode(text)


def test_utf16_without_a_bom_is_refused_with_a_reason() -> None:
    with pytest.raises(SourceError) as caught:
        Source.from_bytes("f", "[box a=1]".encode("utf-16-le"))
    assert "UTF-16" in caught.value.message


class _ReadCounter(str):
    """Text that counts the characters its searches read."""

    read = 0

    def find(self, sub: str, start: int = 0, *rest: int) -> int:  # type: ignore[override]
        found = super().find(sub, start, *rest)
        _ReadCounter.read += (len(self) if found < 0 else found + len(sub)) - start
        return found


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_line_index_reads_the_text_once(newline: str) -> None:
    # A 100 MB export is one file: indexing its lines must stay one pass
    # (the search for a CR once restarted at every line of an LF-only file).
    lines = 5_000
    text = _ReadCounter(("0123456789" + newline) * lines)
    _ReadCounter.read = 0
    assert len(Source.from_text("t", text).line_starts) == lines + 1
    # Each of the two searches (LF, CR) reads the text at most once.
    assert _ReadCounter.read <= 2 * len(text) + 2 * lines


_PIECES = st.sampled_from(
    [b"a", b"\n", b"\r", b"\xc3\xa9", b"\xe2\x80\x9d", b"\xf0\x9f\x98\x80", b"\xd8\xa8"]
)
# A BOM (at the start or not), invalid UTF-8 and a NUL.
_ODD = st.sampled_from([b"", b"\xef\xbb\xbf", b"\xff", b"\xe2\x80", b"\xc3", b"\x00"])


def _read(make: Callable[[], Source]) -> Tuple[object, ...]:
    try:
        source = make()
    except SourceError as error:
        return ("error", error.message, error.line, error.column)
    return (source.text, source.bom, tuple(source.line_starts), source.encoding)


@settings(max_examples=400, deadline=None)
# Invalid UTF-8 in a later step of a later piece.
@example(parts=[b"a"] * 15, odd=b"\xff", at=12, cuts=[8, 15], step=2)
@given(
    parts=st.lists(_PIECES, max_size=40),
    odd=_ODD,
    at=st.integers(min_value=0, max_value=40),
    cuts=st.lists(st.integers(min_value=4, max_value=120), max_size=5),
    step=st.integers(min_value=1, max_value=5),
)
def test_decoding_pieces_reads_what_decoding_the_whole_reads(
    parts: List[bytes], odd: bytes, at: int, cuts: List[int], step: int
) -> None:
    # A large file is decoded piece by piece, a few bytes at a time here:
    # the text, the BOM, the lines and every error with its position are
    # those of decoding all of its bytes at once.
    parts.insert(at, odd)
    data = b"".join(parts)
    bounds = sorted({0, len(data), *(cut for cut in cuts if cut < len(data))})
    chunks = [data[low:high] for low, high in zip(bounds, bounds[1:])]
    whole = _read(lambda: Source.from_bytes("f", data))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(source_module, "_STEP", step)
        assert _read(lambda: Source.from_chunks("f", list(chunks))) == whole


def _positions_from_every_line_start(text: str) -> List[Tuple[int, int]]:
    """Line and column of every offset, from the start of every line."""
    starts = list(source_module._line_starts(text))
    line = 0
    found = []
    for offset in range(len(text) + 1):
        while line + 1 < len(starts) and starts[line + 1] <= offset:
            line += 1
        found.append((line + 1, offset - starts[line] + 1))
    return found


@settings(max_examples=300, deadline=None)
@given(
    text=st.lists(st.sampled_from(["a", "\u201d", "\n", "\r", "\r\n"]), max_size=80).map("".join),
    stride=st.integers(min_value=1, max_value=5),
    span=st.integers(min_value=1, max_value=8),
)
def test_positions_from_a_sampled_line_index_are_those_of_every_line_start(
    text: str, stride: int, span: int
) -> None:
    # Only one line start in every few lines, and one point in every few
    # characters of a long line, are kept; positions, offsets and line
    # bounds are those that every line's start gives, whatever the endings.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(source_module, "_STRIDE", stride)
        patch.setattr(source_module, "_SPAN", span)
        source = Source.from_text("f", text)
        expected = _positions_from_every_line_start(text)
        assert [source.position(offset) for offset in range(len(text) + 1)] == expected
        starts = list(source.line_starts)
        assert source.line_count == len(starts)
        for line, start in enumerate(starts, 1):
            assert source.offset(line, 1) == start
            following = starts[line] if line < len(starts) else len(text)
            stripped = text[start:following].rstrip("\n")
            stripped = stripped[:-1] if stripped.endswith("\r") else stripped
            assert source.line_text(line) == stripped


# A stray NUL and another control character in a tiny file, beside marks a
# safe fix removes (found by fuzzing): the fix must not make the file one
# the next run refuses as binary.
_TINY = "\x00\ufeff==CL0#\u202c\tI\x17\t4I\t"


@pytest.mark.parametrize(
    "text",
    [_TINY, "\x00\u202c" + "a" * 16 + "\x17", "\x00" + "\u201d" * 30 + "\x01\x02" + "b" * 15],
)
def test_a_fix_does_not_turn_text_into_what_is_read_as_binary(text: str) -> None:
    from contentlint.fixer import fix_text
    from contentlint.linter import FileContext, linter_for
    from contentlint.settings import Registry, Settings

    context = FileContext(Settings(dialect="wordpress"), Registry())
    try:
        source = Source.from_bytes("post.md", text.encode("utf-8"))
    except SourceError:
        return  # read as binary from the start: nothing is fixed
    fixed = fix_text(source.text, linter_for(source, context), unsafe=True).text
    assert Source.from_bytes("post.md", source.with_text(fixed).encode()).text == fixed


def test_control_characters_are_counted_against_the_ascii_of_a_file() -> None:
    # Fixes remove or straighten non-ASCII characters, never control
    # characters' share of the ASCII: so that share decides.
    arabic = "\u0645\u0631\u062d\u0628\u0627 " * 400
    assert binary_reason(("\x00\x01" + arabic + "\x02").encode()) is None
    assert binary_reason(b"\x00\x01\x02binary") is not None
