"""Where a large text can be checked a piece at a time.

A parsed document holds objects for every tag, about a kilobyte a tag: a
50 MB file with a shortcode in every paragraph would take several times its
size in memory.  Above ``LARGE_TEXT`` characters the linter checks such a
text in pieces of about ``PIECE_TEXT`` characters (``linter.check``), each
parsed and checked on its own and then let go.  A cut is made only where
nothing that the engines or the rules read reaches across it, so that the
findings are those of the whole text:

* after the front matter, at the start of a paragraph (after a blank line)
  that opens with a letter or a digit, so that the piece after it reads as
  the text around it would;
* outside code (``markup.code_spans``), and with no tag still open before it:
  every ``[`` before it (WordPress) or ``{{<``/``{{%`` (Hugo) has its end
  before it, outside code and HTML regions (where the parser may not see it);
* outside HTML comments, CDATA sections and HTML tags (WordPress hides the
  brackets there), and outside the block editor's Shortcode blocks;
* so that a tag and its closing tag always share a piece: for WordPress,
  past the first closing tag that surely ends each opening tag of the name;
  for Hugo, which nests tags of one name, where no tag of a name that has
  closing tags stands open, and not before a closing tag.

What a piece cannot see of the whole is handed to it: the registered names
and Markdown reference definitions of the whole text (WordPress), its code
regions and its dialect.  What the rules judge of the whole document (its
direction, RTL005) is judged once, from counts summed over the pieces.  A
text is checked whole when it holds a suppression comment (their regions and
CL001 belong to the whole file), more than one Hugo summary divider, Org
front matter, or front matter with no end.
"""

from __future__ import annotations

import bisect
import heapq
import re
from array import array
from typing import Any, Callable, Collection, Dict, List, Optional, Sequence, Tuple

from contentlint.model import Dialect, Span

# Texts shorter than this (in characters) are checked whole.
LARGE_TEXT = 1024 * 1024
# About how long a piece is; one is longer when no cut can be made sooner.
PIECE_TEXT = 128 * 1024

# A blank line, then a letter or digit: where a cut may fall (before that letter).
_PARAGRAPH_START = re.compile(r"\n[ \t]*\r?\n(?=\w)")
_WORDPRESS_CLOSER = re.compile(r"\[/([^\[\]<>&/=\x00-\x20]+)\]")
_HUGO_CLOSER = re.compile(r"\{\{[<%]\s*/\s*([^\s<>%{}/]+)")
_HUGO_CLOSING_AT = re.compile(r"\{\{[<%]\s*/")
_HUGO_SUMMARY_DIVIDER = "<!--more-->"


def cuts(
    text: str, dialect: Dialect, code_spans: Sequence[Span], enclosing: Collection[str] = ()
) -> List[int]:
    """The offsets where ``text`` is cut into pieces, in order; empty to check it whole.

    ``enclosing`` names the Hugo shortcodes whose template takes inner
    content: one left open runs to the end of the text.
    """
    from contentlint import frontmatter, suppressions

    if len(text) < LARGE_TEXT or suppressions.PREFIX in text:
        return []

    located = frontmatter.locate(text)
    if located.error is not None or located.org_divider:
        return []  # front matter with no end, or Org's own summary divider
    regions: Tuple[Sequence[int], Sequence[int]] = ((), ())
    if dialect is Dialect.HUGO:
        if text.count(_HUGO_SUMMARY_DIVIDER) > 1:
            return []
        openers, closers = _hugo_delimiters(text)
        blocked: List[Tuple[int, int]] = []
    else:
        from contentlint import wordpress

        openers, closers = wordpress.offsets_of(text, "["), wordpress.offsets_of(text, "]")
        blocked = wordpress.shortcode_block_spans(text)
        regions = wordpress.hidden_region_bounds(text)  # sorted and disjoint already
    code = _merged([(span.start, span.end) for span in code_spans])

    def seen(position: int) -> bool:
        # A delimiter in code or in an HTML region may be one the parser never
        # sees: only the others surely end what is open before them.
        return not _inside(*code, position) and not _inside(*regions, position)

    closers = array("q", (p for p in closers if seen(p)))
    pairs: Any = (
        _HugoPairs(text, enclosing)
        if dialect is Dialect.HUGO
        else _WordPressPairs(text, closers, seen)
    )
    blocked.extend((span.start, span.end) for span in code_spans)
    spans = _merged(blocked)
    found: List[int] = []
    last = 0
    for match in _PARAGRAPH_START.finditer(text, PIECE_TEXT):
        cut = match.end()
        if cut - last < PIECE_TEXT or len(text) - cut < PIECE_TEXT // 2:
            continue
        if cut <= located.body_start:
            continue  # the front matter is the first piece's
        if _inside(*spans, cut) or _inside(*regions, cut) or _open_before(openers, closers, cut):
            continue
        if pairs.hold(cut):
            continue
        if dialect is Dialect.HUGO and _closing_first(text, openers, cut):
            continue
        found.append(cut)
        last = cut
    return found


def _hugo_delimiters(text: str) -> Tuple[Sequence[int], Sequence[int]]:
    """The offsets of every Hugo tag's opening and closing delimiter."""
    from contentlint.wordpress import offsets_of

    # Merged without a list: a large page holds hundreds of thousands of tags.
    openers = array("q", heapq.merge(offsets_of(text, "{{<"), offsets_of(text, "{{%")))
    closers = array("q", heapq.merge(offsets_of(text, ">}}"), offsets_of(text, "%}}")))
    return openers, closers


def _open_before(openers: Sequence[int], closers: Sequence[int], cut: int) -> bool:
    """Whether the last opening delimiter before ``cut`` has no closing one after it."""
    last_open = bisect.bisect_left(openers, cut) - 1
    if last_open < 0:
        return False
    last_close = bisect.bisect_left(closers, cut) - 1
    return last_close < 0 or closers[last_close] < openers[last_open]


class _WordPressPairs:
    """Whether a ``[name`` before a cut may still be answered by a ``[/name]`` after it.

    For each name that a ``[/name]``
    closes: WordPress ends an opening tag at its first ``]`` (``brackets``:
    those surely seen) and closes it at the first ``[/name]`` after that, so
    a cut holds when the last ``[name`` before it is closed by a closer the
    parser surely sees (``seen``) before the cut, or while a ``[name`` that
    the engine never closes stands open (``_Name``).
    """

    def __init__(self, text: str, brackets: Sequence[int], seen: Callable[[int], bool]) -> None:
        self.brackets = brackets
        closers: Dict[str, array[int]] = {}
        for match in _WORDPRESS_CLOSER.finditer(text):
            closers.setdefault(match.group(1), array("q")).append(match.start())
        self.names: List[_Name] = []
        for name, found in closers.items():
            opening = re.compile(r"\[" + re.escape(name) + r"(?![A-Za-z0-9_-])")
            openers = array("q", (m.start() for m in opening.finditer(text, 0, found[-1])))
            if openers:
                sure = array("q", (p for p in found if seen(p)))
                self.names.append(_Name(openers, found, sure, brackets, seen))

    def hold(self, cut: int) -> bool:
        """Whether some ``[name`` before ``cut`` may be closed after it."""
        return any(name.holds(cut, self.brackets) for name in self.names)


class _Name:
    """The opening and closing tags of one name, and where its tags stop allowing cuts.

    WordPress pairs an opening tag with the first closing tag after its
    ``]``; an opening tag of the name between the two is in the content and
    is never closed.  While such a tag stands open, every later closing tag
    of the name may be read as its own (contentlint reports none of them as
    an orphan): from the first such tag to the last closing tag, no cut.
    """

    __slots__ = ("closers", "openers", "sure", "unclosed")

    def __init__(
        self,
        openers: Sequence[int],
        closers: Sequence[int],
        sure: Sequence[int],
        brackets: Sequence[int],
        seen: Callable[[int], bool],
    ) -> None:
        self.openers, self.closers, self.sure = openers, closers, sure
        self.unclosed = self.closers[-1] + 1  # past every closing tag: nothing held
        # A tag in code or in an HTML region is read (or not) apart from the
        # main pass: it may stand open to the end.
        hidden = next((opener for opener in openers if not seen(opener)), None)
        if hidden is not None:
            self.unclosed = min(self.unclosed, hidden)
        index = 0
        while index < len(openers):
            closer = self._closer(openers[index], brackets)
            after = bisect.bisect_right(openers, closer) if closer is not None else len(openers)
            if after > index + 1:
                self.unclosed = min(self.unclosed, openers[index + 1])
                break
            index = after

    def _closer(self, opener: int, brackets: Sequence[int]) -> Optional[int]:
        """The first closing tag surely seen after the ``]`` of the tag at ``opener``."""
        bracket = bisect.bisect_right(brackets, opener)
        if bracket == len(brackets):
            return None
        closing = bisect.bisect_right(self.sure, brackets[bracket])
        return self.sure[closing] if closing < len(self.sure) else None

    def holds(self, cut: int, brackets: Sequence[int]) -> bool:
        if cut > self.closers[-1]:
            return False  # no closing tag after the cut
        if cut > self.unclosed:
            return True
        last = bisect.bisect_left(self.openers, cut) - 1
        if last < 0:
            return False
        closer = self._closer(self.openers[last], brackets)
        return closer is None or closer >= cut


class _HugoPairs:
    """Whether a Hugo tag of a name that has closing tags stands open at a cut.

    Hugo nests tags of one name, a closing tag closing the last one open.
    A tag still open runs to the last closing tag of its name, or to the end
    of the text when its name must enclose content (``enclosing``).  Asked of
    cuts in increasing order: each name's tags are walked once.
    """

    def __init__(self, text: str, enclosing: Collection[str]) -> None:
        closers: Dict[str, array[int]] = {}
        for match in _HUGO_CLOSER.finditer(text):
            closers.setdefault(match.group(1), array("q")).append(match.end())
        self.names: List[_HugoName] = []
        for name in {*closers, *(name for name in enclosing if name in text)}:
            opening = re.compile(r"\{\{[<%]\s*" + re.escape(name) + r"(?![^\s>%/])")
            openers = array("q", (found.start() for found in opening.finditer(text)))
            if openers:
                ends = closers.get(name, array("q"))
                self.names.append(_HugoName(openers, ends, name in enclosing))

    def hold(self, cut: int) -> bool:
        return any(name.holds(cut) for name in self.names)


class _HugoName:
    """One name's opening and closing tags, and how many stand open so far."""

    __slots__ = ("closers", "enclosing", "next_closer", "next_opener", "open", "openers")

    def __init__(self, openers: Sequence[int], closers: Sequence[int], enclosing: bool) -> None:
        self.openers, self.closers, self.enclosing = openers, closers, enclosing
        self.next_opener = self.next_closer = self.open = 0

    def holds(self, cut: int) -> bool:
        openers, closers = self.openers, self.closers
        while True:
            opener = openers[self.next_opener] if self.next_opener < len(openers) else cut
            closer = closers[self.next_closer] if self.next_closer < len(closers) else cut
            if min(opener, closer) >= cut:
                break
            if opener < closer:
                self.open += 1
                self.next_opener += 1
            else:
                self.open = max(0, self.open - 1)  # nothing open: printed as text
                self.next_closer += 1
        if not self.open:
            return False
        return self.enclosing or (len(closers) > 0 and cut <= closers[-1])


def _closing_first(text: str, openers: Sequence[int], cut: int) -> bool:
    """Whether the first Hugo tag after ``cut`` closes one: Hugo's reading of a closing
    tag depends on the tags before it."""
    first = bisect.bisect_left(openers, cut)
    return first < len(openers) and _HUGO_CLOSING_AT.match(text, openers[first]) is not None


def _merged(spans: List[Tuple[int, int]]) -> Tuple[array[int], array[int]]:
    """``spans`` merged where they overlap or touch, as sorted starts and ends."""
    starts, ends = array("q"), array("q")
    for start, end in sorted(spans):
        if ends and start <= ends[-1]:
            ends[-1] = max(ends[-1], end)
        else:
            starts.append(start)
            ends.append(end)
    return starts, ends


def _inside(starts: Sequence[int], ends: Sequence[int], cut: int) -> bool:
    """Whether ``cut`` falls strictly inside one of the spans (sorted and disjoint)."""
    index = bisect.bisect_left(starts, cut) - 1
    return index >= 0 and ends[index] > cut


__all__ = ["LARGE_TEXT", "PIECE_TEXT", "cuts"]
