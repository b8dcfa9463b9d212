"""Finding the delimiters of shortcode attribute values in raw tag text.

Damaged delimiters are exactly what makes the engines read a tag wrongly, so
this module does not trust any engine's split of a tag.  It scans the raw
attribute text of a tag once, left to right, and rebuilds each value from
its delimiters, whatever they are: straight quotes, typographic quotes,
primes, guillemets, fullwidth quotes, their HTML entity spellings (also
double-encoded as ``&amp;#8221;``) and their UTF-8 mojibake (``â€œ``).

The rules of ``contentlint.rules.quotes`` decide what to report; this module
only answers "where are the delimiters, and what do they stand for".

How a value is delimited (the texturizer and word processors produce these):

* after ``name=`` (or at the start of a positional value) the first quote
  mark opens the value;
* the value ends at the next quote mark of the same family (double or
  single) that is followed by whitespace, the end of the attribute text, or
  a tag end (``/``, ``]``, ``>}}``, ``%}}``);
* such a candidate is passed over when the text up to the next candidate
  has no ``=`` and no quote mark opening a new value: then the candidate was
  a quotation inside the value (``label=”He said “hi” to you”``).

Every scan is linear in the length of the attribute text: each position is
looked at a bounded number of times.
"""

from __future__ import annotations

import bisect
import re
import sys
from typing import Dict, Iterable, Iterator, List, Optional, Tuple

from contentlint.characters import ZERO_WIDTH, character_name
from contentlint.model import Dialect, Span, record

DOUBLE = "double"
SINGLE = "single"

STRAIGHT = "straight"
TYPOGRAPHIC = "typographic"
ENTITY = "entity"
MOJIBAKE = "mojibake"

NBSP = "\u00a0"

# Every character that can stand in for a straight quote as a delimiter, with
# its family.  Hebrew geresh and gershayim (U+05F3, U+05F4) are letters'
# punctuation, never delimiters, and are deliberately absent.
QUOTE_FAMILY: Dict[str, str] = {
    '"': DOUBLE,
    "\u201c": DOUBLE,  # “ opening (English), closing (de_DE)
    "\u201d": DOUBLE,  # ” closing (English)
    "\u201e": DOUBLE,  # „ opening (de_DE)
    "\u201f": DOUBLE,  # ‟
    "\u2033": DOUBLE,  # ″ double prime, after a digit
    "\u00ab": DOUBLE,  # « (fr_FR)
    "\u00bb": DOUBLE,  # » (fr_FR)
    "\uff02": DOUBLE,  # ＂ fullwidth
    "'": SINGLE,
    "\u2018": SINGLE,  # ‘
    "\u2019": SINGLE,  # ’ closing single and apostrophe
    "\u201a": SINGLE,  # ‚ opening single (de_DE)
    "\u201b": SINGLE,  # ‛
    "\u2032": SINGLE,  # ′ prime, after a digit
    "\u2039": SINGLE,  # ‹
    "\u203a": SINGLE,  # ›
    "\uff07": SINGLE,  # ＇ fullwidth
}

STRAIGHT_QUOTE = {DOUBLE: '"', SINGLE: "'"}
GUILLEMETS = frozenset("\u00ab\u00bb\u2039\u203a")

# Named entities that spell a quote mark or a no-break space.  Names are
# case-sensitive in HTML: &Prime; is ″ and &prime; is ′.
_NAMED_ENTITIES: Dict[str, str] = {
    "quot": '"',
    "apos": "'",
    "ldquo": "\u201c",
    "rdquo": "\u201d",
    "bdquo": "\u201e",
    "Prime": "\u2033",
    "laquo": "\u00ab",
    "raquo": "\u00bb",
    "lsquo": "\u2018",
    "rsquo": "\u2019",
    "sbquo": "\u201a",
    "prime": "\u2032",
    "lsaquo": "\u2039",
    "rsaquo": "\u203a",
    "nbsp": NBSP,
}

# Longest entity body worth reading ("#x0000201D" and the like); anything
# longer is not one of ours, which keeps entity matching O(1) per position.
_MAX_ENTITY_BODY = 12
# "&amp;amp;amp;#8221;": each round of HTML escaping adds one "amp;".
_MAX_AMP_ROUNDS = 4


def _mojibake_spellings() -> Dict[str, str]:
    """UTF-8 bytes of each quote mark read as Windows-1252 or as Latin-1.

    Windows-1252 leaves five bytes undefined (0x81 0x8D 0x8F 0x90 0x9D);
    decoders pass them through as C1 controls, drop them, or put U+FFFD in
    their place.  Only ” (E2 80 9D) ends in such a byte, which is why a
    bare ``â€`` is read as ” (its third byte was lost).
    """
    spellings: Dict[str, str] = {}
    for glyph in QUOTE_FAMILY:
        if glyph in "\"'":
            continue
        data = glyph.encode("utf-8")
        spellings[data.decode("latin-1")] = glyph
        windows = "".join(
            chr(byte) if byte in (0x81, 0x8D, 0x8F, 0x90, 0x9D) else bytes([byte]).decode("cp1252")
            for byte in data
        )
        spellings[windows] = glyph
        if "\x9d" in windows:
            spellings[windows.replace("\x9d", "\ufffd")] = glyph
            spellings[windows.replace("\x9d", "")] = glyph
    return spellings


MOJIBAKE_SPELLINGS: Dict[str, str] = _mojibake_spellings()
_MOJIBAKE_LENGTHS: Tuple[int, ...] = tuple(
    sorted({len(spelling) for spelling in MOJIBAKE_SPELLINGS}, reverse=True)
)
_MOJIBAKE_STARTS = frozenset(spelling[0] for spelling in MOJIBAKE_SPELLINGS)

# Characters at which a quote mark (in any spelling) can start.
MARK_STARTS = frozenset(QUOTE_FAMILY) | {"&", NBSP} | _MOJIBAKE_STARTS
_NEXT_MARK_START = re.compile("[" + "".join(sorted(map(re.escape, MARK_STARTS))) + "]")

# Tag ends that may follow a closing delimiter directly (no space needed).
_TAG_ENDS = ("]", "/]", ">}}", "/>}}", "%}}")


# Invisible characters that right-to-left editors leave between attributes
# (marks, joiners, a BOM).  SC009 reports them; here they only separate.
_INVISIBLE_SEPARATORS = ZERO_WIDTH
# The characters ``str.isspace`` accepts (the same in every supported Python).
WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004"
    "\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
_SEPARATORS = frozenset(WHITESPACE) | _INVISIBLE_SEPARATORS


def _class(characters: Iterable[str]) -> str:
    return "".join(sorted(map(re.escape, characters)))


# The scans below step over runs with these instead of a character at a time.
_TOKEN = re.compile("[^" + _class(_SEPARATORS) + "]*")
_NAME_STOPS = {
    hugo: re.compile("[=" + _class(_SEPARATORS | MARK_STARTS) + ("`" if hugo else "") + "]")
    for hugo in (False, True)
}


def is_separator(char: str) -> bool:
    """Whitespace between attributes.

    WordPress turns runs of NBSP and ZWSP into a space before splitting
    attributes, so they separate values there.  They, and the other
    invisible characters an editor leaves after a closing quote, are kept as
    separators in both dialects because a damaged tag is read for its
    author's intent.
    """
    return char in _SEPARATORS


@record()
class QuoteMark:
    """A quote mark as written in the source.

    ``glyph`` is the character the spelling stands for (``”`` for
    ``&#8221;`` and for ``â€\\x9d``; ``"`` for ``&quot;``).  ``spelling`` is
    one of ``straight``, ``typographic``, ``entity``, ``mojibake``.
    ``with_nbsp`` is true when a no-break space written next to a guillemet
    (as French typography wants) belongs to the mark.
    """

    span: Span
    text: str
    glyph: str
    spelling: str
    with_nbsp: bool = False

    @property
    def family(self) -> str:
        return QUOTE_FAMILY[self.glyph]

    @property
    def straight(self) -> str:
        """The straight quote of this mark's family."""
        return STRAIGHT_QUOTE[self.family]

    @property
    def is_straight(self) -> bool:
        return self.spelling == STRAIGHT

    def describe(self) -> str:
        """How the mark is named in messages."""
        name = character_name(self.glyph)
        nbsp = " with a no-break space" if self.with_nbsp else ""
        if self.spelling == ENTITY:
            return f"the entity {self.text.replace(NBSP, '')} ({name}{nbsp})"
        if self.spelling == MOJIBAKE:
            shown = "".join(
                char if char.isprintable() else f"\\x{ord(char):02x}" for char in self.text
            )
            return f"{shown} ({name} garbled by a wrong text encoding)"
        return f"{name}{nbsp}"


@record()
class ValueText:
    """One attribute value as delimited in the raw text of a tag.

    ``name`` is ``None`` for a positional value, whose 0-based place among
    the tag's positional values is ``position``.  ``opening``/``closing``
    are ``None`` for a value without delimiters.  ``span`` covers the whole
    attribute: from its name (or opening delimiter) through its closing
    delimiter.
    """

    name: Optional[str]
    name_span: Optional[Span]
    position: int
    span: Span
    value_span: Span
    opening: Optional[QuoteMark] = None
    closing: Optional[QuoteMark] = None

    @property
    def delimited(self) -> bool:
        return self.opening is not None and self.closing is not None

    def delimiters(self) -> Tuple[QuoteMark, ...]:
        return tuple(mark for mark in (self.opening, self.closing) if mark is not None)


def _entity_at(text: str, pos: int, end: int) -> Optional[Tuple[int, str]]:
    """An entity spelling a quote mark or NBSP at ``pos``: (its end, the character)."""
    index = pos + 1
    rounds = 0
    while text.startswith("amp;", index) and rounds < _MAX_AMP_ROUNDS and index + 4 <= end:
        index += 4
        rounds += 1
    limit = min(end, index + _MAX_ENTITY_BODY + 1)
    semicolon = text.find(";", index, limit)
    if semicolon < 0 or semicolon == index:
        return None
    body = text[index:semicolon]
    char: Optional[str]
    if body[0] == "#":
        digits = body[1:]
        try:
            if digits[:1] in ("x", "X"):
                code = int(digits[1:], 16) if digits[1:].isascii() and digits[1:] else -1
            else:
                code = int(digits) if digits.isascii() and digits.isdigit() else -1
        except ValueError:
            return None
        char = chr(code) if 0 <= code <= sys.maxunicode else None
    else:
        char = _NAMED_ENTITIES.get(body)
    if char is None or (char not in QUOTE_FAMILY and char != NBSP):
        return None
    return semicolon + 1, char


def _single_mark_at(text: str, pos: int, end: int) -> Optional[QuoteMark]:
    """A quote mark in one spelling at ``pos``, without any NBSP around it."""
    char = text[pos]
    if char in QUOTE_FAMILY:
        spelling = STRAIGHT if char in "\"'" else TYPOGRAPHIC
        return QuoteMark(Span(pos, pos + 1), char, char, spelling)
    if char == "&":
        found = _entity_at(text, pos, end)
        if found is None or found[1] == NBSP:
            return None
        stop, glyph = found
        return QuoteMark(Span(pos, stop), text[pos:stop], glyph, ENTITY)
    if char in _MOJIBAKE_STARTS:
        for length in _MOJIBAKE_LENGTHS:
            if pos + length <= end:
                glyph_or_none = MOJIBAKE_SPELLINGS.get(text[pos : pos + length])
                if glyph_or_none is not None:
                    return QuoteMark(
                        Span(pos, pos + length), text[pos : pos + length], glyph_or_none, MOJIBAKE
                    )
    return None


def _nbsp_at(text: str, pos: int, end: int) -> int:
    """End of a no-break space (raw or as an entity) at ``pos``; ``pos`` when there is none."""
    if pos >= end:
        return pos
    if text[pos] == NBSP:
        return pos + 1
    if text[pos] == "&":
        found = _entity_at(text, pos, end)
        if found is not None and found[1] == NBSP:
            return found[0]
    return pos


def quote_mark_at(text: str, pos: int, end: int, *, opening: bool) -> Optional[QuoteMark]:
    """The quote mark starting at ``pos``, in any spelling, or ``None``.

    A no-break space written before a guillemet belongs to it; one written
    after an opening guillemet too (``«\\u00a0text\\u00a0»``).
    """
    if pos >= end or text[pos] not in MARK_STARTS:
        return None
    after_nbsp = _nbsp_at(text, pos, end)
    if after_nbsp > pos:
        if after_nbsp >= end:
            return None
        mark = _single_mark_at(text, after_nbsp, end)
        if mark is None or mark.glyph not in GUILLEMETS:
            return None
        mark = QuoteMark(
            Span(pos, mark.span.end), text[pos : mark.span.end], mark.glyph, mark.spelling, True
        )
    else:
        found = _single_mark_at(text, pos, end)
        if found is None:
            return None
        mark = found
    if opening and mark.glyph in GUILLEMETS and not mark.with_nbsp:
        stop = _nbsp_at(text, mark.span.end, end)
        if stop > mark.span.end:
            mark = QuoteMark(Span(pos, stop), text[pos:stop], mark.glyph, mark.spelling, True)
    return mark


def _ends_value(text: str, pos: int, end: int) -> bool:
    """Whether a closing delimiter may end at ``pos``."""
    if pos >= end:
        return True
    char = text[pos]
    if char in _SEPARATORS:
        return True
    if char == "/" and pos + 1 == end:
        return True
    return text.startswith(_TAG_ENDS, pos, end)


class _Scanner:
    """One pass over the attribute text of one tag."""

    def __init__(self, text: str, start: int, end: int, dialect: Dialect) -> None:
        self.text = text
        self.start = start
        self.end = end
        self.dialect = dialect
        self._hugo = dialect is Dialect.HUGO
        self._candidates: Dict[str, List[QuoteMark]] = {DOUBLE: [], SINGLE: []}
        self._candidate_starts: Dict[str, List[int]] = {DOUBLE: [], SINGLE: []}
        self._collect_candidates()

    # -- closing delimiters -------------------------------------------------

    def _collect_candidates(self) -> None:
        """Every quote mark that could close a value, found in one pass."""
        text, end = self.text, self.end
        next_start = _NEXT_MARK_START.search
        index = self.start
        while index < end:
            found = next_start(text, index, end)
            if found is None:
                return
            index = found.start()
            mark = quote_mark_at(text, index, end, opening=False)
            if mark is not None:
                # Hugo reads \" inside a double-quoted value as a quote, not an end.
                escaped = (
                    self._hugo
                    and mark.text == '"'
                    and index > self.start
                    and text[index - 1] == "\\"
                )
                # "«\u00a0" is how French typography opens a value, never how it closes one.
                opener = (
                    mark.glyph in GUILLEMETS
                    and not mark.with_nbsp
                    and _nbsp_at(text, mark.span.end, end) > mark.span.end
                )
                if not escaped and not opener and _ends_value(text, mark.span.end, end):
                    self._candidates[mark.family].append(mark)
                    self._candidate_starts[mark.family].append(mark.span.start)
                index = mark.span.end
                continue
            index += 1

    def _next_candidate(self, pos: int, family: str) -> Optional[QuoteMark]:
        """The first quote mark of ``family`` at or after ``pos`` that can close a value."""
        found = bisect.bisect_left(self._candidate_starts[family], pos)
        candidates = self._candidates[family]
        return candidates[found] if found < len(candidates) else None

    def _opens_new_value(self, pos: int, stop: int) -> bool:
        """Whether ``text[pos:stop]`` starts another attribute: an ``=`` or an opening quote."""
        text = self.text
        if text.find("=", pos, stop) >= 0:
            return True
        next_start = _NEXT_MARK_START.search
        index = pos
        while index < stop:
            found = next_start(text, index, stop)
            if found is None:
                return False
            index = found.start()
            # An opening quote follows a separator (or starts the range).
            if (
                text[index] not in _SEPARATORS
                and (index == pos or text[index - 1] in _SEPARATORS)
                and quote_mark_at(text, index, stop, opening=True) is not None
            ):
                return True
            index += 1
        return False

    def find_closing(self, pos: int, family: str) -> Optional[QuoteMark]:
        while True:
            candidate = self._next_candidate(pos, family)
            if candidate is None:
                return None
            after = candidate.span.end
            following = self._next_candidate(after, family)
            if following is None or self._opens_new_value(after, following.span.start):
                return candidate
            pos = after

    # -- attributes ---------------------------------------------------------

    def _skip_separators(self, pos: int) -> int:
        while pos < self.end and self.text[pos] in _SEPARATORS:
            # A no-break space right before a guillemet is part of the mark.
            if self.text[pos] == NBSP and quote_mark_at(self.text, pos, self.end, opening=True):
                break
            pos += 1
        return pos

    def _skip_token(self, pos: int) -> int:
        if pos >= self.end:
            return pos
        token = _TOKEN.match(self.text, pos, self.end)
        return pos if token is None else token.end()

    def _name_end(self, pos: int) -> int:
        """Where a name ends: a separator, ``=``, a Hugo backtick, or an opening quote."""
        text, end = self.text, self.end
        stops = _NAME_STOPS[self._hugo].search
        index = pos
        while index < end:
            found = stops(text, index, end)
            if found is None:
                return end
            index = found.start()
            char = text[index]
            if char in _SEPARATORS or char in "=`":
                return index
            if quote_mark_at(text, index, end, opening=True):
                return index
            index += 1
        return index

    def _raw_string_end(self, pos: int) -> Optional[int]:
        """Hugo raw strings: a backtick value, or one delimited by backslash-quote pairs."""
        if not self._hugo:
            return None
        text = self.text
        if text.startswith("`", pos, self.end):
            close = text.find("`", pos + 1, self.end)
            return self.end if close < 0 else close + 1
        if text.startswith('\\"', pos, self.end):
            close = text.find('\\"', pos + 2, self.end)
            return self.end if close < 0 else close + 2
        return None

    def _value(
        self, pos: int, name: Optional[str], name_span: Optional[Span], position: int
    ) -> Tuple[ValueText, int]:
        """The value starting at ``pos`` (after ``=`` and spaces, or a positional slot)."""
        begin = name_span.start if name_span is not None else pos
        raw_end = self._raw_string_end(pos)
        if raw_end is not None:
            value = ValueText(name, name_span, position, Span(begin, raw_end), Span(pos, raw_end))
            return value, raw_end
        opening = quote_mark_at(self.text, pos, self.end, opening=True)
        if opening is not None:
            closing = self.find_closing(opening.span.end, opening.family)
            if closing is not None:
                value = ValueText(
                    name,
                    name_span,
                    position,
                    Span(begin, closing.span.end),
                    Span(opening.span.end, closing.span.start),
                    opening,
                    closing,
                )
                return value, closing.span.end
        # An unclosed opening mark may start with a no-break space: step over it.
        skip_from = opening.span.end if opening is not None else pos
        stop = self._skip_token(skip_from)
        return ValueText(name, name_span, position, Span(begin, stop), Span(pos, stop)), stop

    def values(self) -> Iterator[ValueText]:
        text, end = self.text, self.end
        pos = self.start
        position = 0
        while True:
            pos = self._skip_separators(pos)
            if pos >= end:
                return
            name_stop = self._name_end(pos)
            after_name = name_stop
            while after_name < end and text[after_name] in " \t\r\n":
                after_name += 1
            if after_name < end and text[after_name] == "=":
                value_start = after_name + 1
                while value_start < end and text[value_start] in " \t\r\n":
                    value_start += 1
                if name_stop > pos:
                    name: Optional[str] = text[pos:name_stop]
                    name_span: Optional[Span] = Span(pos, name_stop)
                    value, pos = self._value(value_start, name, name_span, -1)
                else:
                    # "[tag=value]": a value with no name at all.
                    value, pos = self._value(value_start, None, None, position)
                    position += 1
                yield value
                continue
            if name_stop == pos:
                value, pos = self._value(pos, None, None, position)
                position += 1
                yield value
                continue
            stop = self._skip_token(pos)
            yield ValueText(None, None, position, Span(pos, stop), Span(pos, stop))
            position += 1
            pos = stop


def scan_values(text: str, span: Span, dialect: Dialect) -> List[ValueText]:
    """Every attribute value in ``text[span.start:span.end]`` (a tag's raw attribute text)."""
    start = max(0, min(span.start, len(text)))
    end = max(start, min(span.end, len(text)))
    return list(_Scanner(text, start, end, dialect).values())
