"""Right-to-left text: strong letters counted in prose, and right-to-left languages.

A text is judged by its strong *letters* (``Bidi_Class`` R or AL against L,
format characters such as RLM excluded) after the parts that are not prose
are blanked out: code spans, HTML tags and comments, shortcode tags, URLs,
e-mail addresses and character entities.  A ratio, not the first strong
letter, decides: a Latin brand at the start of an Arabic sentence leaves it
right-to-left, and an Arabic name quoted in an English article leaves the
article left-to-right.

Pure-ASCII text is answered without touching ``regex`` (``str.isascii`` is a
stored flag), and the property patterns are compiled on first use.
"""

from __future__ import annotations

import importlib
import re
import unicodedata
from typing import Iterator, List, NamedTuple, Optional, Protocol, Sequence, Tuple

from contentlint.characters import character_name
from contentlint.model import Span

# SPEC "RTL text": the thresholds per scope.
VALUE_MIN_RTL_LETTERS = 1
DOCUMENT_MIN_RTL_LETTERS = 50
RTL_RATIO = 0.5

# Where a non-prose construct may start.  Each trigger is resolved by a
# bounded or memoised look-ahead in ``_non_prose_spans``.
_TRIGGER = re.compile(r"[`<\[{&@]|(?i:https?://|ftp://|www\.)")
_NON_SPACE_RUN = re.compile(r"\S*")
_SHORTCODE_NAME_CHARS = frozenset(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-"
)
_ENTITY_MAX = 32
_ASCII_LETTERS_REMOVED = str.maketrans(
    "", "", "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
)

# Languages whose usual script is right-to-left.  Script-dependent ones
# (``ku``, ``az``, ``pa``, ``ks``) count only with an RTL script subtag.
_RTL_LANGUAGES = frozenset(
    {"ae", "ar", "arc", "bcc", "bqi", "ckb", "dv", "fa", "glk", "he", "iw"}
    | {"ji", "mzn", "nqo", "pnb", "ps", "sd", "syr", "ug", "ur", "yi"}
)
_RTL_SCRIPTS = frozenset(
    {"arab", "hebr", "syrc", "thaa", "nkoo", "adlm", "rohg", "mand", "samr", "mend", "yezi"}
)


class _Pattern(Protocol):
    def sub(self, repl: str, string: str) -> str: ...


_letter_patterns: Optional[Tuple[_Pattern, _Pattern]] = None


def _patterns() -> Tuple[_Pattern, _Pattern]:
    """The strong-letter patterns, compiled on first use.

    Set operations need ``(?V1)``: without it ``&&`` is read literally.
    """
    global _letter_patterns
    if _letter_patterns is None:
        regex = importlib.import_module("regex")
        _letter_patterns = (
            regex.compile(r"(?V1)[[\p{bc=R}\p{bc=AL}]&&\p{L}]+"),
            regex.compile(r"(?V1)[\p{bc=L}&&\p{L}]+"),
        )
    return _letter_patterns


class LetterCounts(NamedTuple):
    """Strong right-to-left and left-to-right letters in a text's prose."""

    rtl: int
    ltr: int

    @property
    def ratio(self) -> Optional[float]:
        """Share of right-to-left letters; ``None`` when there are no strong letters."""
        total = self.rtl + self.ltr
        return self.rtl / total if total else None

    def is_rtl(self, minimum_rtl: int = VALUE_MIN_RTL_LETTERS) -> bool:
        """At least ``minimum_rtl`` RTL letters, and at least half of the strong letters."""
        ratio = self.ratio
        return self.rtl >= minimum_rtl and ratio is not None and ratio >= RTL_RATIO


class _Next:
    """``str.find`` of one needle, remembered while the scan moves forward.

    A scan that only asks for positions at or after the last answer's
    starting point reads each character at most once per needle.
    """

    def __init__(self, text: str, needle: str) -> None:
        self._text = text
        self._needle = needle
        self._found = -1

    def at_or_after(self, index: int) -> int:
        """First occurrence at or after ``index``; ``len(text)`` when there is none."""
        if self._found < index:
            found = self._text.find(self._needle, index)
            self._found = len(self._text) if found < 0 else found
        return self._found


def _entity_end(text: str, start: int) -> int:
    """End of a character entity starting at ``start`` (an ``&``), or -1."""
    limit = min(len(text), start + _ENTITY_MAX)
    index = start + 1
    if index < limit and text[index] == "#":
        index += 1
        if index < limit and text[index] in "xX":
            index += 1
    body_start = index
    while index < limit and text[index].isascii() and text[index].isalnum():
        index += 1
    if index > body_start and index < limit and text[index] == ";":
        return index + 1
    return -1


def _email_span(text: str, at: int, floor: int) -> Optional[Tuple[int, int]]:
    """The address around the ``@`` at ``at``; the local part starts no earlier than ``floor``."""
    start = at
    while start > floor and (text[start - 1].isalnum() or text[start - 1] in "._+-"):
        start -= 1
    end = at + 1
    while end < len(text) and (text[end].isalnum() or text[end] in ".-"):
        end += 1
    domain = text[at + 1 : end].strip(".")
    if start == at or "." not in domain:
        return None
    return start, end


def _non_prose_spans(text: str) -> Iterator[Tuple[int, int]]:
    """Spans of code, tags, shortcode syntax, URLs, e-mails and entities, in order."""
    length = len(text)
    newline = _Next(text, "\n")
    backtick = _Next(text, "`")
    less_than = _Next(text, "<")
    greater_than = _Next(text, ">")
    comment_end = _Next(text, "-->")
    open_bracket = _Next(text, "[")
    close_bracket = _Next(text, "]")
    close_braces = _Next(text, "}}")
    position = 0
    while position < length:
        match = _TRIGGER.search(text, position)
        if match is None:
            return
        start = match.start()
        char = text[start]
        end = -1
        if char == "`":
            close = backtick.at_or_after(start + 1)
            if close < newline.at_or_after(start + 1):
                end = close + 1
        elif char == "<":
            following = text[start + 1 : start + 2]
            if text.startswith("<!--", start):
                close = comment_end.at_or_after(start + 4)
                if close < length:
                    end = close + 3
            elif following.isascii() and (following.isalpha() or following in "/!?"):
                close = greater_than.at_or_after(start + 1)
                if close < length and close < less_than.at_or_after(start + 1):
                    end = close + 1
        elif char == "[":
            end = _shortcode_tag_end(text, start, open_bracket, close_bracket)
        elif char == "{":
            if text.startswith("{{", start):
                close = close_braces.at_or_after(start + 2)
                if close < length:
                    end = close + 2
        elif char == "&":
            end = _entity_end(text, start)
        elif char == "@":
            email = _email_span(text, start, position)
            if email is not None:
                start, end = email
        else:  # a URL runs to the next white space
            run = _NON_SPACE_RUN.match(text, start)
            end = run.end() if run is not None else start + 1
        if end < 0:
            position = start + 1
        else:
            yield start, end
            position = end


def _shortcode_tag_end(text: str, start: int, open_bracket: _Next, close_bracket: _Next) -> int:
    """End of a ``[name ...]`` or ``[/name]`` tag at ``start``, or -1 (links are prose)."""
    index = start + 1
    if index < len(text) and text[index] == "/":
        index += 1
    name_start = index
    while index < len(text) and text[index] in _SHORTCODE_NAME_CHARS:
        index += 1
    if index == name_start or (index < len(text) and text[index] not in " \t\r\n]/"):
        return -1
    close = close_bracket.at_or_after(index)
    if close >= len(text) or close > open_bracket.at_or_after(start + 1):
        return -1
    if text[close + 1 : close + 2] in ("(", "["):  # a Markdown link or reference
        return -1
    return close + 1


def non_prose_spans(text: str) -> List[Span]:
    """Where ``text`` holds code spans, tags, shortcode syntax, URLs, e-mails or entities."""
    return [Span(start, end) for start, end in _non_prose_spans(text)]


def prose(text: str) -> str:
    """``text`` without its non-prose parts (each replaced by one space)."""
    pieces: List[str] = []
    position = 0
    for start, end in _non_prose_spans(text):
        pieces.append(text[position:start])
        pieces.append(" ")
        position = end
    if not pieces:
        return text
    pieces.append(text[position:])
    return "".join(pieces)


def _count(text: str, ltr_needed_from: int) -> LetterCounts:
    """Counts in ``text``'s prose; Latin letters only when at least ``ltr_needed_from`` RTL ones.

    Counting the (usually many) Latin letters is the slow part, and a ratio
    only matters once there are enough right-to-left letters.
    """
    if not may_hold_rtl_letters(text):
        return LetterCounts(0, 0)
    body = prose(text)
    rtl_pattern, ltr_pattern = _patterns()
    rtl = _letters(rtl_pattern, body)
    if rtl < max(ltr_needed_from, 1):
        return LetterCounts(rtl, 0)
    return LetterCounts(rtl, _letters(ltr_pattern, body))


def _letters(pattern: _Pattern, text: str) -> int:
    """How many characters of ``text`` the runs of ``pattern`` cover.

    Counted from what is left once they are removed: a list of the runs
    would cost a string object per word, ten times a large text's size.
    """
    return len(text) - len(pattern.sub("", text))


# Every strong right-to-left letter lies in one of these blocks (Hebrew to
# Arabic Extended-A, the Hebrew and Arabic presentation forms, and the
# supplementary right-to-left blocks).  A text with no character in them has
# no right-to-left letter, which the standard library tells far faster than
# the letter classes can.  The blocks are named, not their complement: the
# complement scans twice as fast but takes 9 ms to compile, which every
# one-file run (the pre-commit case) would pay.
_RTL_BLOCKS = re.compile(
    "[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff\U00010800-\U00010fff\U0001e800-\U0001efff]"
)


def may_hold_rtl_letters(text: str) -> bool:
    """False when ``text`` surely holds no strong RTL letter.

    A document's answer is kept by its ``DocumentIndex``.
    """
    return not text.isascii() and _RTL_BLOCKS.search(text) is not None


def letter_counts(text: str) -> LetterCounts:
    """Strong RTL and LTR letters in the prose of ``text``."""
    if text.isascii():
        body = prose(text)
        return LetterCounts(0, len(body) - len(body.translate(_ASCII_LETTERS_REMOVED)))
    body = prose(text)
    rtl_pattern, ltr_pattern = _patterns()
    return LetterCounts(_letters(rtl_pattern, body), _letters(ltr_pattern, body))


def has_rtl_letters(text: str) -> bool:
    """Whether the prose of ``text`` holds at least one strong RTL letter."""
    return _count(text, 2**62).rtl > 0


def is_rtl_value(text: str) -> bool:
    """An attribute value, label or shortcode content that reads right-to-left.

    At least one RTL letter, and at least half of the strong letters RTL:
    ``مصر`` is, ``Egypt (مصر)`` is not.
    """
    return _count(text, VALUE_MIN_RTL_LETTERS).is_rtl(VALUE_MIN_RTL_LETTERS)


def without_spans(text: str, exclude: Sequence[Span]) -> str:
    """``text`` with the ``exclude`` spans cut out, the pieces joined by line breaks."""
    if not exclude:
        return text
    pieces: List[str] = []
    position = 0
    for span in sorted(exclude):
        start = max(span.start, position)
        if span.end <= start:
            continue
        pieces.append(text[position:start])
        position = span.end
    pieces.append(text[position:])
    return "\n".join(pieces)


def rtl_document_counts(text: str, exclude: Sequence[Span] = ()) -> Optional[LetterCounts]:
    """The letter counts of a document that reads right-to-left, else ``None``.

    At least 50 RTL letters and at least half of the strong letters RTL, so
    that a quoted name or one Arabic paragraph in an English article does not
    make the article right-to-left.  ``exclude`` (front matter, code, tags)
    is cut out first.
    """
    if not may_hold_rtl_letters(text):
        return None
    counts = _count(without_spans(text, exclude), DOCUMENT_MIN_RTL_LETTERS)
    return counts if counts.is_rtl(DOCUMENT_MIN_RTL_LETTERS) else None


def is_rtl_document(text: str, exclude: Sequence[Span] = ()) -> bool:
    """A whole document that reads right-to-left (see ``rtl_document_counts``)."""
    return rtl_document_counts(text, exclude) is not None


describe_character = character_name


def _invisible(char: str) -> bool:
    category = unicodedata.category(char)
    return category in ("Cf", "Cc", "Zl", "Zp") or (category == "Zs" and char != " ")


def escape_invisibles(text: str) -> str:
    """``text`` with format and zero-width characters shown as ``<U+200F>``."""
    return "".join(f"<U+{ord(char):04X}>" if _invisible(char) else char for char in text)


def is_rtl_language(tag: str) -> bool:
    """Whether a language tag (``ar``, ``fa-IR``, ``ku-Arab``, ``he_IL``) is written right-to-left.

    An explicit script subtag decides (``az-Arab`` yes, ``sd-Deva`` no);
    otherwise the language's usual script does.
    """
    subtags = tag.strip().replace("_", "-").lower().split("-")
    if not subtags or not subtags[0]:
        return False
    for subtag in subtags[1:]:
        if len(subtag) == 4 and subtag.isalpha():
            return subtag in _RTL_SCRIPTS
    return subtags[0] in _RTL_LANGUAGES
