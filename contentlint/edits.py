"""Edits and the text around them: which edits clash, and which would change their surroundings.

Shared by the fixer, which chooses the fixes of a pass, and by rules, which
offer a fix only when it changes nothing but its edits.  Pure text work,
cheap to import.
"""

from __future__ import annotations

import bisect
from typing import List, Optional, Sequence

from contentlint.model import Edit, Span


def conflict(first: Span, second: Span) -> bool:
    """Whether two edit spans cannot both be applied.

    Two replacements conflict when they share text; two insertions at one
    offset conflict because their order would be arbitrary; an insertion
    at the boundary of a replacement is taken as conflicting too, as the
    two fixes were computed without knowing of each other.
    """
    if first.start < second.end and second.start < first.end:
        return True
    if first.start == second.start:
        return True
    empty_first, empty_second = first.start == first.end, second.start == second.end
    return (empty_first and first.start == second.end) or (
        empty_second and second.start == first.end
    )


class ChosenEdits:
    """The edits chosen so far in one pass, kept sorted by start.

    Chosen edits never conflict, so their spans are disjoint and their ends
    are sorted too: a new span can only conflict with the few chosen spans
    around where it would be inserted, and checking it costs a binary
    search instead of a walk over everything chosen before.  Knowing the
    chosen edits also tells which character will stand on each side of a
    new edit once the pass is applied (see ``keeps_surroundings``).
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self._starts: List[int] = []
        self._edits: List[Edit] = []

    def conflicts(self, span: Span) -> bool:
        index = bisect.bisect_right(self._starts, span.end) - 1
        while index >= 0:
            chosen = self._edits[index].span
            if chosen.end < span.start:
                return False
            if conflict(chosen, span):
                return True
            index -= 1
        return False

    def add(self, edit: Edit) -> None:
        # Fixes come in lint (text) order, so this is nearly always an append.
        index = bisect.bisect_right(self._starts, edit.span.start)
        self._starts.insert(index, edit.span.start)
        self._edits.insert(index, edit)

    def remove(self, edit: Edit) -> None:
        index = bisect.bisect_left(self._starts, edit.span.start)
        while self._edits[index] is not edit:
            index += 1
        del self._starts[index]
        del self._edits[index]

    def _edit_ending_at(self, offset: int) -> Optional[Edit]:
        index = bisect.bisect_left(self._starts, offset) - 1
        while index >= 0:
            edit = self._edits[index]
            if edit.span.end < offset:
                return None
            if edit.span.end == offset and edit.span.start < offset:
                return edit
            index -= 1
        return None

    def _edit_starting_at(self, offset: int, skip: Optional[Edit]) -> Optional[Edit]:
        index = bisect.bisect_left(self._starts, offset)
        while index < len(self._edits) and self._starts[index] == offset:
            edit = self._edits[index]
            if edit is not skip and (edit.span.end > offset or edit.content):
                return edit
            index += 1
        return None

    def char_before(self, offset: int) -> str:
        """The character that will precede ``offset`` after the pass ("" at the start)."""
        while True:
            edit = self._edit_ending_at(offset)
            if edit is None:
                return self.text[offset - 1] if offset > 0 else ""
            if edit.content:
                return edit.content[-1]
            offset = edit.span.start

    def char_after(self, offset: int, skip: Optional[Edit] = None) -> str:
        """The character that will follow ``offset`` after the pass ("" at the end).

        ``skip`` is an insertion at ``offset`` whose own content does not count.
        """
        while True:
            edit = self._edit_starting_at(offset, skip)
            if edit is None:
                return self.text[offset] if offset < len(self.text) else ""
            if edit.content:
                return edit.content[0]
            offset = edit.span.end

    def keeps_surroundings(self, edit: Edit) -> bool:
        """Whether ``edit``, with the edits chosen, leaves the text around it as it was.

        It must not split a CR/LF pair (an edge of the edit between ``\r``
        and ``\n``), join a ``\r`` to a ``\n`` across one of its edges
        (two line breaks would become one), or bring a U+FEFF to the start
        of the text (it would be read back as a byte order mark).
        """
        text = self.text
        start, end, content = edit.span.start, edit.span.end, edit.content
        for edge in (start, end):
            if 0 < edge < len(text) and text[edge - 1] == "\r" and text[edge] == "\n":
                return False
        after = self.char_after(end, skip=edit)
        first = content[:1] or after
        if first == "\n" and self.char_before(start) == "\r":
            return False
        if content[-1:] == "\r" and after == "\n":
            return False
        makes_bom = first == "\ufeff" and text[:1] != "\ufeff"
        return not (makes_bom and self.char_before(start) == "")


def keeps_surroundings(text: str, edits: Sequence[Edit]) -> bool:
    """Whether applying ``edits`` to ``text`` changes nothing around them.

    No line break outside the edits changes (a CR/LF pair split, a ``\r``
    and a ``\n`` joined into one) and no byte order mark appears: what a
    rule checks before it offers a fix, and the fixer before it applies one.
    """
    chosen = ChosenEdits(text)
    for edit in edits:
        chosen.add(edit)
    return all(chosen.keeps_surroundings(edit) for edit in edits)
