"""``--diff``: a fixed file against what was read, as a unified diff, in linear time.

A general diff algorithm costs up to the square of the file's lines, and an
export, whose posts repeat the same lines thousands of times, reaches it: a
4 MB export took 40 s.  A fix changes a few places and leaves the rest of the
file as it was, so this diff walks both texts together instead:

* equal lines are passed over in growing blocks, each compared at C speed;
* where the texts part, the nearest place where they agree again (``_SYNC``
  lines in a row) is looked for in a window that doubles until it holds one;
  the lines in between are one change, compared line by line when it is
  short, so that a line that stayed between two fixes is shown as context.

The result is a valid unified diff (``patch`` and ``git apply`` read it) with
three lines of context.  Lines end at ``\\n`` only, as for those tools: a
``\\r\\n`` stays at the end of its line, and a last line without a line break
is marked ``\\ No newline at end of file``.
"""

from __future__ import annotations

from array import array
from typing import Dict, List, Optional, Tuple

_CONTEXT = 3
# Lines that must agree in a row for the texts to count as together again.
_SYNC = 3
_FIRST_WINDOW = 16
# Of the lines equal to one line, the nearest this many are tried as a sync.
_CANDIDATES = 8
_NO_NEWLINE = "\n\\ No newline at end of file\n"
# A change this many lines long (both sides) or shorter is compared line by
# line, which costs the square of its length.
_REFINED_UP_TO = 200

Change = Tuple[int, int, int, int]  # old lines [i1, i2) become new lines [j1, j2)


class _Lines:
    """A text's lines by offset: ``ends[k]`` is where line ``k`` ends (after its ``\\n``)."""

    __slots__ = ("count", "ends", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        ends = array("q")
        find = text.find
        newline = find("\n")
        while newline != -1:
            ends.append(newline + 1)
            newline = find("\n", newline + 1)
        if text and (not ends or ends[-1] != len(text)):
            ends.append(len(text))
        self.ends = ends
        self.count = len(ends)

    def start(self, line: int) -> int:
        return self.ends[line - 1] if line > 0 else 0

    def line(self, line: int) -> str:
        return self.text[self.start(line) : self.ends[line]]

    def block(self, first: int, stop: int) -> str:
        """Lines ``[first, stop)`` as one string."""
        return self.text[self.start(first) : self.start(stop)]


def unified_diff(path: str, old: str, new: str) -> str:
    """``old`` to ``new`` as a unified diff of ``a/path`` and ``b/path``; ``""`` when equal."""
    if old == new:
        return ""
    a, b = _Lines(old), _Lines(new)
    changes = _changes(a, b)
    out = [f"--- a/{path}\n", f"+++ b/{path}\n"]
    for hunk in _hunks(changes):
        out.extend(_hunk_lines(hunk, a, b))
    return "".join(out)


def _equal_run(a: _Lines, b: _Lines, i: int, j: int) -> int:
    """How many lines are equal from old line ``i`` and new line ``j`` on."""
    most = min(a.count - i, b.count - j)
    if most <= 0:
        return 0
    # Gallop: blocks of 1, 2, 4... lines while they are equal, then halve back.
    # Two blocks of equal text that both start and end at line ends hold the same lines.
    low, step = 0, 1
    while low < most:
        size = min(step, most - low)
        if a.block(i + low, i + low + size) != b.block(j + low, j + low + size):
            break
        low += size
        step *= 2
    else:
        return low
    high = low + min(step, most - low)  # the first unequal line lies in [low, high)
    while high - low > 1:
        middle = (low + high) // 2
        if a.block(i + low, i + middle) == b.block(j + low, j + middle):
            low = middle
        else:
            high = middle
    return low


def _together_again(a: _Lines, b: _Lines, i: int, j: int) -> Tuple[int, int]:
    """The nearest ``(i', j')`` after a difference at ``(i, j)`` from where the texts agree."""
    window = _FIRST_WINDOW
    while True:
        a_stop, b_stop = min(a.count, i + window), min(b.count, j + window)
        where: Dict[str, List[int]] = {}
        for line in range(j, b_stop):
            found = where.setdefault(b.line(line), [])
            if len(found) < _CANDIDATES:
                found.append(line)
        # The sync with the fewest lines changed on both sides together: a
        # line repeated further on must not turn one changed line into many.
        best: Optional[Tuple[int, int]] = None
        for old_line in range(i, a_stop):
            if best is not None and old_line - i >= best[0] - i + best[1] - j:
                break
            for new_line in where.get(a.line(old_line), ()):
                if best is not None and (old_line - i) + (new_line - j) >= sum(best) - i - j:
                    break
                run = _equal_run(a, b, old_line, new_line)
                if run >= _SYNC or (old_line + run == a.count and new_line + run == b.count):
                    best = (old_line, new_line)
                    break
        if best is not None:
            return best
        if a_stop == a.count and b_stop == b.count:
            return a.count, b.count  # they never agree again: the rest is one change
        window *= 2


def _changes(a: _Lines, b: _Lines) -> List[Change]:
    changes: List[Change] = []
    i = j = 0
    while i < a.count or j < b.count:
        run = _equal_run(a, b, i, j)
        i, j = i + run, j + run
        if i == a.count and j == b.count:
            break
        next_i, next_j = _together_again(a, b, i, j)
        changes.extend(_within(a, b, (i, next_i, j, next_j)))
        i, j = next_i, next_j
    return changes


def _within(a: _Lines, b: _Lines, change: Change) -> List[Change]:
    """A small change split where a line between its ends stayed (as a general diff would)."""
    i1, i2, j1, j2 = change
    if i1 == i2 or j1 == j2 or (i2 - i1) + (j2 - j1) > _REFINED_UP_TO:
        return [change]
    import difflib

    old = [a.line(line) for line in range(i1, i2)]
    new = [b.line(line) for line in range(j1, j2)]
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    return [
        (i1 + k1, i1 + k2, j1 + l1, j1 + l2)
        for tag, k1, k2, l1, l2 in matcher.get_opcodes()
        if tag != "equal"
    ]


def _hunks(changes: List[Change]) -> List[List[Change]]:
    """Changes grouped as hunks: those whose context would touch share one."""
    hunks: List[List[Change]] = []
    for change in changes:
        if hunks and change[0] - hunks[-1][-1][1] <= 2 * _CONTEXT:
            hunks[-1].append(change)
        else:
            hunks.append([change])
    return hunks


def _range(start: int, length: int) -> str:
    """A hunk header's range: first line (1-based) and length; empty: the line before."""
    if length == 1:
        return str(start + 1)
    return f"{start + 1 if length else start},{length}"


def _hunk_lines(hunk: List[Change], a: _Lines, b: _Lines) -> List[str]:
    first_i, first_j = hunk[0][0], hunk[0][2]
    before = min(_CONTEXT, first_i)  # equal lines before the first change: same on both sides
    old_start, new_start = first_i - before, first_j - before
    last_i = hunk[-1][1]
    after = min(_CONTEXT, a.count - last_i, b.count - hunk[-1][3])
    old_stop = last_i + after
    new_stop = hunk[-1][3] + after
    lines = [
        f"@@ -{_range(old_start, old_stop - old_start)} "
        f"+{_range(new_start, new_stop - new_start)} @@\n"
    ]
    i = old_start
    for i1, i2, j1, j2 in hunk:
        lines.extend(_marked(" ", a, i, i1))
        lines.extend(_marked("-", a, i1, i2))
        lines.extend(_marked("+", b, j1, j2))
        i = i2
    lines.extend(_marked(" ", a, i, old_stop))
    return lines


def _marked(mark: str, lines: _Lines, first: int, stop: int) -> List[str]:
    marked = []
    for index in range(first, stop):
        line = lines.line(index)
        marked.append(mark + line if line.endswith("\n") else mark + line + _NO_NEWLINE)
    return marked
