"""Decoded text of one file, with everything needed to write it back byte for byte.

Positions are computed here and nowhere else: ``Source.position`` maps a
code-point offset to a 1-based line and column.
"""

from __future__ import annotations

import array
import bisect
import codecs
import itertools
import re
import sys
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator, List, Optional, Sequence, Tuple

BOM = "\ufeff"
# How much of a file tells whether it is text.
_SAMPLE_BYTES = 8192
# C0 controls that do not occur in text (tab, line breaks, form feed and
# escape do: terminal transcripts keep their colour codes).
_BINARY_CONTROLS = bytes(b for b in range(0x20) if b not in b"\t\n\v\f\r\x1b")
_NON_ASCII = bytes(range(0x80, 0x100))


class SourceError(Exception):
    """A file that cannot be read as UTF-8 text (reported as IO001)."""

    def __init__(self, message: str, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


def binary_reason(data: bytes) -> Optional[str]:
    """Why ``data`` is not text, or None when it is.

    A NUL byte alone does not make a file binary: a stray one in a page of
    UTF-8 is text with a flaw (IO002).  A file is binary when NUL bytes fill
    every other position (UTF-16 or UTF-32 without a byte order mark), when
    control characters make up more than a tenth of the ASCII bytes of its
    start, or when it holds a NUL and is not UTF-8 either.
    """
    nul = data.find(b"\x00")
    if nul < 0:
        return None
    sample = data[:_SAMPLE_BYTES]
    quarter = len(sample) // 4
    if sample[1::2].count(0) > quarter or sample[0::2].count(0) > quarter:
        return "looks like UTF-16 text without a byte order mark; save the file as UTF-8"
    controls = len(sample) - len(sample.translate(None, _BINARY_CONTROLS))
    # Against the ASCII bytes only: fixes remove or straighten non-ASCII
    # characters (a bidi mark, a curly quote), which must not tip a file they
    # fixed over the line, for the next run to refuse it.
    ascii_bytes = len(sample.translate(None, _NON_ASCII))
    if controls * 10 > ascii_bytes:
        return (
            f"binary file: {controls} of its first {ascii_bytes} ASCII bytes are control "
            f"characters (NUL at byte offset {nul}); not checked"
        )
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        return (
            f"binary file: a NUL byte at byte offset {nul} and invalid UTF-8 at byte offset "
            f"{error.start}; not checked"
        )
    return None


_WIDE_BOMS = (
    # UTF-32 first: its little-endian mark begins with UTF-16's.
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def _wide_encoding(data: bytes) -> Optional[str]:
    """The UTF-16 or UTF-32 form a leading byte order mark declares, if any."""
    for mark, encoding in _WIDE_BOMS:
        if data.startswith(mark):
            return encoding
    return None


_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# Most text has no carriage return: a literal is searched for at C speed,
# where the alternation is tried at every position.
_LINE_FEED = re.compile("\n")


# Machine integers for line offsets: 4 bytes a line while the text's offsets
# fit, 8 beyond.
_SMALL_OFFSETS = "I" if array.array("I").itemsize >= 4 else "q"


def _line_starts(text: str) -> Sequence[int]:
    """Offsets where lines start; ``\r\n``, ``\r`` and ``\n`` each end a line.

    One scan of the text: the cost follows the file's size, whatever its
    line endings.  A machine-integer array takes 4 bytes a line, where a
    list of Python integers would take 36.
    """
    starts = array.array(_SMALL_OFFSETS if len(text) < 1 << 32 else "q", (0,))
    line_break = _LINE_BREAK if "\r" in text else _LINE_FEED
    starts.extend(map(re.Match.end, line_break.finditer(text)))
    return starts


# A position needs the start of its line.  The index keeps a sample every
# _STRIDE lines, and within a long line every _SPAN characters, each with its
# line and the start of that line: a position or a line's start is found by
# searching from the sample before it, at most _STRIDE lines and at most
# about _SPAN characters.
_STRIDE = 16
_SPAN = 1 << 12


class _LineIndex:
    """Samples of where a text's lines start (see ``_STRIDE`` and ``_SPAN``).

    The whole index of a 50 MB file would take 4 MB (a sixth of a file of
    long lines' whole cost beyond its text); a position costs a search
    through at most ``_STRIDE`` lines, and a bounded number of characters
    however long the lines are, so a thousand findings on one long line cost
    what they cost on short lines.
    """

    __slots__ = ("at", "breaks", "count", "line_of", "start_of", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.breaks = _LINE_BREAK if "\r" in text else _LINE_FEED
        code = _SMALL_OFFSETS if len(text) < 1 << 32 else "q"
        # Parallel arrays: a sample's offset, its 1-based line, that line's start.
        self.at = array.array(code, (0,))
        self.line_of = array.array(code, (1,))
        self.start_of = array.array(code, (0,))
        # The line break before every _STRIDE-th line ends where that line starts.
        ends = itertools.islice(self.breaks.finditer(text), _STRIDE - 1, None, _STRIDE)
        line = 1
        last = 0
        for end in map(re.Match.end, ends):
            line += _STRIDE
            if end - last > _SPAN:
                self._fill(end)
            self._sample(end, line, end)
            last = end
        self._fill(len(text))
        breaks = text.count("\n")
        if self.breaks is _LINE_BREAK:
            breaks += text.count("\r") - text.count("\r\n")
        self.count = breaks + 1

    def _sample(self, at: int, line: int, start: int) -> None:
        self.at.append(at)
        self.line_of.append(line)
        self.start_of.append(start)

    def _fill(self, stop: int) -> None:
        """Samples every ``_SPAN`` characters from the last one up to ``stop``."""
        text = self.text
        at, line, start = self.at[-1], self.line_of[-1], self.start_of[-1]
        while stop - at > _SPAN:
            point = at + _SPAN
            if text[point - 1] == "\r" and text[point] == "\n":
                point += 1  # never between the two characters of one line break
            for found in self.breaks.finditer(text, at, point):
                line += 1
                start = found.end()
            at = point
            self._sample(at, line, start)

    def start(self, line: int) -> int:
        """Offset where the 1-based ``line`` starts."""
        if not 1 <= line <= self.count:
            raise IndexError(f"line {line} is not among the text's {self.count} lines")
        sample = bisect.bisect_right(self.line_of, line) - 1
        start = self.start_of[sample]
        rest = line - self.line_of[sample]
        if rest:
            ends = itertools.islice(
                self.breaks.finditer(self.text, self.at[sample]), rest - 1, None
            )
            start = next(ends).end()
        return start

    def position(self, offset: int) -> Tuple[int, int]:
        """1-based line and column of ``offset``, which lies within the text or at its end."""
        sample = bisect.bisect_right(self.at, offset) - 1
        at = self.at[sample]
        line = self.line_of[sample]
        start = self.start_of[sample]
        text = self.text
        if self.breaks is _LINE_FEED:
            found = text.count("\n", at, offset)
            if found:
                line += found
                start = text.rfind("\n", at, offset) + 1
        else:
            # A CR before ``offset`` whose LF follows it ends no line there:
            # the search sees one character past ``offset``.
            for match in self.breaks.finditer(text, at, offset + 1):
                if match.end() > offset:
                    break
                line += 1
                start = match.end()
        return line, offset - start + 1


class _Undecodable(Exception):
    """Invalid UTF-8 met while decoding pieces; ``data`` holds all of the bytes again."""

    def __init__(self, data: bytes) -> None:
        super().__init__("invalid UTF-8")
        self.data = data


# A lead byte of a character that CPython stores in 4 bytes, in 2, in 1 (but
# not ASCII).  A text takes the width of its widest character.
_WIDTHS = (re.compile(b"[\xf0-\xff]"), re.compile(b"[\xc4-\xef]"), re.compile(b"[\x80-\xff]"))


def _widest_at(chunks: Sequence[bytes]) -> int:
    """Byte offset of the first lead byte of the text's widest characters (0 for ASCII)."""
    if all(chunk.isascii() for chunk in chunks):
        return 0
    for lead in _WIDTHS:
        offset = 0
        for chunk in chunks:
            found = lead.search(chunk)
            if found:
                return offset + found.start()
            offset += len(chunk)
    return 0


# Characters encoded at a time (see Source.encoded).
_ENCODE_STEP = 1 << 16
# Bytes decoded at a time (see _decode_utf8).
_STEP = 1 << 16


def _traced() -> bool:
    """Whether a tracer or profiler runs, which turns off CPython's in-place growth of a text."""
    return sys.gettrace() is not None or sys.getprofile() is not None


def concatenated(pieces: Iterable[str]) -> str:
    """The pieces joined, the text built by appending each piece as it comes.

    CPython extends a text in place when nothing else holds it, so only one
    piece is alive beside the text; joining a list would hold every piece
    and the result at once, twice the text.  Under a tracer the pieces are
    joined (see ``_decode_utf8``).
    """
    if _traced():
        return "".join(pieces)
    text = ""
    for piece in pieces:
        text += piece
    return text


def _decode_utf8(chunks: List[bytes]) -> str:
    """The UTF-8 text of ``chunks``, which are freed one by one as they are decoded.

    The text grows by appending the text of each step of bytes.  CPython
    appends in place, with no copy, when nothing else holds the text and the
    text is already as wide as the piece (it stores a text at the width of
    its widest character); otherwise, or until its interpreter has
    specialised the loop, it copies, as a single decode would.  So the
    pieces up to the first of the widest characters are joined first, the
    rest is appended, and memory stays near the text's size.

    A tracer or profiler (coverage, a debugger) turns that specialising
    off, and each step would copy the whole text so far: then the bytes are
    decoded at once, which costs their size in memory but stays linear.
    """
    if _traced():
        data = b"".join(chunks)
        chunks.clear()
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            raise _Undecodable(data) from None
    # That character ends within 4 bytes of its lead byte.
    joined_from = _widest_at(chunks) + 4
    decoder = codecs.getincrementaldecoder("utf-8")()
    head: Optional[List[str]] = []
    text = ""
    position = 0
    chunks.reverse()
    while chunks:
        chunk = chunks.pop()
        view = memoryview(chunk)
        for start in range(0, len(chunk), _STEP):
            step = view[start : start + _STEP]
            pending = decoder.getstate()[0]
            try:
                piece = decoder.decode(step)
            except UnicodeDecodeError:
                done = "".join(head or ()) + text
                rest = (pending, chunk[start:], *reversed(chunks))
                raise _Undecodable(b"".join((done.encode(), *rest))) from None
            position += len(step)
            if head is None:
                text += piece
            else:
                head.append(piece)
                if position >= joined_from:
                    text = "".join(head)
                    head = None
            del piece, step
        del view
    if head is not None:
        text = "".join(head)
    pending = decoder.getstate()[0]
    try:
        return text + decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        raise _Undecodable(text.encode() + pending) from None


@dataclass(frozen=True)
class Source:
    """A file's decoded text.  ``text`` never includes the BOM; line endings are kept.

    The line index is built the first time a position is asked for: most
    files' checks need none until their findings are placed, by which time
    the document that the rules read is gone (a large file's peak of memory
    is its text, its document and whatever else is alive at once).  It
    keeps one line in every ``_STRIDE``.
    """

    path: str
    text: str
    bom: bool = False
    # UTF-8, or the UTF-16/UTF-32 form its byte order mark declared; fixes are
    # written back in the same encoding.
    encoding: str = "utf-8"
    known_lines: Optional[_LineIndex] = field(default=None, init=False, compare=False, repr=False)

    @property
    def lines(self) -> _LineIndex:
        index = self.known_lines
        if index is None:
            index = _LineIndex(self.text)
            object.__setattr__(self, "known_lines", index)
        return index

    @property
    def line_starts(self) -> Sequence[int]:
        """Offsets where every line starts (see ``_line_starts``), found anew."""
        return _line_starts(self.text)

    @classmethod
    def from_text(cls, path: str, text: str) -> Source:
        bom = text.startswith(BOM)
        if bom:
            text = text[1:]
        return cls(path, text, bom)

    @classmethod
    def from_bytes(cls, path: str, data: bytes) -> Source:
        wide = _wide_encoding(data)
        if wide is not None:
            try:
                text = data.decode(wide)
            except UnicodeDecodeError as error:
                raise SourceError(
                    f"invalid {wide.upper()} at byte offset {error.start}; the file was not checked"
                ) from None
            # The codec keeps the byte order mark as U+FEFF; from_text takes it off.
            source = cls.from_text(path, text)
            return Source(source.path, source.text, True, encoding=wide)
        binary = binary_reason(data)
        if binary is not None:
            raise SourceError(binary)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            good = data[: error.start].decode("utf-8")
            starts = _line_starts(good)
            line = len(starts)
            column = len(good) - starts[-1] + 1
            if good.startswith(BOM) and line == 1:
                column -= 1
            raise SourceError(
                f"invalid UTF-8 at byte offset {error.start} "
                f"(byte 0x{data[error.start]:02X}); the file was not checked",
                line,
                column,
            ) from None
        return cls.from_text(path, text)

    @classmethod
    def from_chunks(cls, path: str, chunks: List[bytes]) -> Source:
        """``from_bytes`` of the bytes ``chunks`` hold, emptying ``chunks`` as it decodes.

        The pieces are freed as their text is added, so a large file's bytes
        and its text are never both whole in memory.  Anything but plain
        UTF-8 (a UTF-16 or UTF-32 mark, a NUL byte, invalid UTF-8) takes
        ``from_bytes``'s way, with its diagnostics.
        """
        if len(chunks) <= 1 or len(chunks[0]) < 4:
            return cls.from_bytes(path, b"".join(chunks))
        if _wide_encoding(chunks[0]) is not None or any(b"\x00" in chunk for chunk in chunks):
            return cls.from_bytes(path, b"".join(chunks))
        bom = chunks[0].startswith(codecs.BOM_UTF8)
        if bom:
            chunks[0] = chunks[0][len(codecs.BOM_UTF8) :]
        try:
            text = _decode_utf8(chunks)
        except _Undecodable as error:
            return cls.from_bytes(path, (codecs.BOM_UTF8 if bom else b"") + error.data)
        return cls(path, text, bom)

    def with_text(self, text: str) -> Source:
        """The same file with new text (after fixes); the BOM setting is kept."""
        return Source(self.path, text, self.bom, encoding=self.encoding)

    def encoded(self, text: str | None = None) -> Callable[[], Iterator[bytes]]:
        """``encode``, a step at a time: the bytes of a large text are never all alive."""
        body = self.text if text is None else text
        mark = BOM.encode(self.encoding) if self.bom else b""
        encoding = self.encoding

        def pieces() -> Iterator[bytes]:
            if mark:
                yield mark
            for start in range(0, len(body), _ENCODE_STEP):
                yield body[start : start + _ENCODE_STEP].encode(encoding)

        return pieces

    def encode(self, text: str | None = None) -> bytes:
        """Bytes for ``text`` (default: this source's text), with the BOM restored."""
        body = (self.text if text is None else text).encode(self.encoding)
        # The mark is encoded on its own: prefixed to the text, it would copy the text.
        return BOM.encode(self.encoding) + body if self.bom else body

    def position(self, offset: int) -> Tuple[int, int]:
        """1-based ``(line, column)`` of a code-point offset; columns count code points."""
        return self.lines.position(max(0, min(offset, len(self.text))))

    def offset(self, line: int, column: int) -> int:
        """Inverse of ``position``."""
        return self.lines.start(line) + column - 1

    def line_bounds(self, line: int) -> Tuple[int, int]:
        """Offsets where a 1-based line starts and where its text ends (before the line break)."""
        lines = self.lines
        start = lines.start(line)
        following = lines.breaks.search(self.text, start)
        end = len(self.text) if following is None else following.end()
        if end > start and self.text[end - 1] == "\n":
            end -= 1
        if end > start and self.text[end - 1] == "\r":
            end -= 1
        return start, end

    def line_text(self, line: int) -> str:
        """The text of a 1-based line, without its line ending."""
        start, end = self.line_bounds(line)
        return self.text[start:end]

    def line_length(self, line: int) -> int:
        start, end = self.line_bounds(line)
        return end - start

    def line_excerpt(self, line: int, low: int, high: int) -> str:
        """``line_text(line)[low:high]``, copying only that part of the line."""
        start, end = self.line_bounds(line)
        low, high = max(0, low), max(0, high)
        return self.text[min(start + low, end) : min(start + high, end)]

    @property
    def line_count(self) -> int:
        return self.lines.count
