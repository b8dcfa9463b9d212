"""Human-readable output: ``text`` (with the source line), ``concise``, statistics, summary.

Columns in headers are code points (SPEC "Positions").  The source line under
a header is drawn for a terminal, and the carets are placed by display width:
a wide East Asian character or an emoji takes two cells, a combining mark
none, and a tab runs to the next multiple of four cells.  Control and format
characters (bidi overrides, zero-width spaces, NUL...) and other invisible
characters are shown as ``<U+XXXX>`` so that the excerpt cannot reorder or
hide itself in the terminal, the very thing a Trojan Source diagnostic is
about.

A line that holds right-to-left letters is printed after U+200E LEFT-TO-RIGHT
MARK and inside U+202D LEFT-TO-RIGHT OVERRIDE ... U+202C POP DIRECTIONAL
FORMATTING.  A terminal without bidi support draws those as nothing and shows
the characters in stored order, which is what the carets count.  A bidi-aware
terminal finds the mark first, so it lays the line out left to right (rules
P2/P3 of UAX #9) instead of right to left when the line starts with Arabic
or Hebrew prose; the override then makes every character inside left to right
(rule X6), so no run is reversed and each character stays in the cell the
caret counts.  The right-to-left words read backwards in that excerpt; the
header above it keeps them in reading order.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Dict, Iterator, List, Sequence, Set, Tuple

from contentlint.characters import ZERO_WIDTH
from contentlint.reporters import in_report_order, is_fixable

if TYPE_CHECKING:
    from contentlint.results import Located

TAB_WIDTH = 4
# A 1 MB line must not become a 1 MB snippet: show this many code points
# around the span at most.
CONTEXT = 40
WINDOW = 160
ELLIPSIS = "\u2026"
LEFT_TO_RIGHT_MARK = "\u200e"
LEFT_TO_RIGHT_OVERRIDE = "\u202d"
POP_DIRECTIONAL_FORMATTING = "\u202c"


@dataclass(frozen=True)
class Style:
    """ANSI escapes, or nothing when colour is off."""

    bold: str = ""
    red: str = ""
    yellow: str = ""
    cyan: str = ""
    blue: str = ""
    reset: str = ""

    def paint(self, colour: str, text: str) -> str:
        return f"{colour}{text}{self.reset}" if colour else text


PLAIN = Style()
ANSI = Style(
    bold="\x1b[1m",
    red="\x1b[1;31m",
    yellow="\x1b[1;33m",
    cyan="\x1b[36m",
    blue="\x1b[1;34m",
    reset="\x1b[0m",
)


def _is_hidden(character: str) -> bool:
    return unicodedata.category(character) in ("Cc", "Cf", "Cs", "Zl", "Zp")


def visible(text: str) -> str:
    """``text`` with control and format characters spelled out as ``<U+XXXX>``."""
    if text.isprintable():
        return text  # every hidden category is one that str.isprintable refuses
    if not any(_is_hidden(character) for character in text):
        return text
    return "".join(
        f"<U+{ord(character):04X}>" if _is_hidden(character) else character for character in text
    )


def display_width(character: str) -> int:
    """The terminal cells one drawn code point takes: 2 wide, 0 combining or invisible, else 1."""
    if unicodedata.category(character) in ("Mn", "Me", "Cf"):
        return 0
    if unicodedata.east_asian_width(character) in ("W", "F"):
        return 2
    return 1


# How each code point met so far is drawn: a report draws the same few
# hundred characters thousands of times.
_DRAWN: Dict[str, Tuple[str, int]] = {}


def _cells(character: str, cell: int) -> Tuple[str, int]:
    """How one code point of the source line is drawn at display ``cell``, and its width."""
    if character == "\t":
        width = TAB_WIDTH - cell % TAB_WIDTH
        return " " * width, width
    drawn = _DRAWN.get(character)
    if drawn is None:
        if _is_hidden(character) or character in ZERO_WIDTH:
            escape = f"<U+{ord(character):04X}>"
            drawn = (escape, len(escape))
        else:
            drawn = (character, display_width(character))
        _DRAWN[character] = drawn
    return drawn


# Characters met so far that are drawn as themselves in one cell, and that
# are not right to left: most lines hold only these, and a set difference
# finds the few others.
_PLAIN_CELLS: Set[str] = set()
_NOT_RIGHT_TO_LEFT: Set[str] = set()


def _one_cell_each(window: str) -> bool:
    """Whether every code point of ``window`` is drawn as itself, in one cell."""
    if window.isascii():
        return window.isprintable()
    if "\t" in window or not window.isprintable():
        return False
    for character in set(window) - _PLAIN_CELLS:
        if _cells(character, 0) != (character, 1):
            return False
        _PLAIN_CELLS.add(character)
    return True


def snippet(line_text: str, start: int, end: int) -> Tuple[str, int, int]:
    """The line as drawn, and the cell where the span starts and how many cells it covers.

    ``start``/``end`` are 0-based code-point indexes into ``line_text``; the
    span is clipped to the line and to a window around it.
    """
    return line_snippet(len(line_text), lambda low, high: line_text[low:high], start, end)


def line_snippet(
    length: int, read: Callable[[int, int], str], start: int, end: int
) -> Tuple[str, int, int]:
    """``snippet`` for a line of ``length`` code points of which only the window is read.

    ``read(low, high)`` returns the line's code points ``low`` to ``high``:
    a long line with many findings is never copied whole for each of them.
    """
    start = max(0, min(start, length))
    end = max(start, min(end, length))
    low = max(0, start - CONTEXT)
    high = min(length, max(end, start + 1) + CONTEXT, low + WINDOW)
    window = read(low, high)
    if _one_cell_each(window):
        lead = 1 if low > 0 else 0
        tail = ELLIPSIS if high < length else ""
        span_start = lead + start - low
        span_end = lead + min(end, high) - low
        return (ELLIPSIS if lead else "") + window + tail, span_start, max(1, span_end - span_start)
    drawn: List[str] = [ELLIPSIS] if low > 0 else []
    cell = len(drawn)
    span_start = span_end = -1
    for index in range(low, high):
        if index == start:
            span_start = cell
        if index == end:
            span_end = cell
        piece, width = _cells(window[index - low], cell)
        drawn.append(piece)
        cell += width
    if span_start < 0:
        span_start = cell
    if span_end < 0:
        span_end = cell
    if high < length:
        drawn.append(ELLIPSIS)
    return "".join(drawn), span_start, max(1, span_end - span_start)


def located_snippet(diagnostic: Located) -> Tuple[str, int, int]:
    """``snippet`` of the line a diagnostic starts on, read from its file as it is printed."""
    length = diagnostic.line_length
    end = diagnostic.end_column - 1 if diagnostic.end_line == diagnostic.line else length
    return line_snippet(length, diagnostic.line_excerpt, diagnostic.column - 1, end)


def _is_right_to_left(character: str) -> bool:
    return unicodedata.bidirectional(character) in ("R", "AL")


def _holds_right_to_left(drawn: str) -> bool:
    if drawn.isascii():
        return False
    for character in set(drawn) - _NOT_RIGHT_TO_LEFT:
        if _is_right_to_left(character):
            return True
        _NOT_RIGHT_TO_LEFT.add(character)
    return False


def excerpt(line_text: str, start: int, end: int) -> Tuple[str, str]:
    """The source line as printed, and the caret line that underlines ``start``..``end``.

    Both are plain text (no colour, no gutter); columns are 0-based code-point
    indexes into ``line_text``, ``end`` exclusive.
    """
    return _wrapped(*snippet(line_text, start, end))


def located_excerpt(diagnostic: Located) -> Tuple[str, str]:
    """``excerpt`` of the line a diagnostic starts on, read from its file as it is printed."""
    return _wrapped(*located_snippet(diagnostic))


def _wrapped(drawn: str, cell: int, width: int) -> Tuple[str, str]:
    if _holds_right_to_left(drawn):
        drawn = f"{LEFT_TO_RIGHT_MARK}{LEFT_TO_RIGHT_OVERRIDE}{drawn}{POP_DIRECTIONAL_FORMATTING}"
    return drawn, " " * cell + "^" * width


def _severity_colour(diagnostic: Located, style: Style) -> str:
    return style.red if diagnostic.severity == "error" else style.yellow


def header(diagnostic: Located, style: Style, unsafe_fixes: bool) -> str:
    # A file name can hold a newline or an escape sequence too.
    location = f"{visible(diagnostic.path)}:{diagnostic.line}:{diagnostic.column}:"
    code = style.paint(_severity_colour(diagnostic, style), diagnostic.code)
    marker = f" {style.paint(style.cyan, '[*]')}" if is_fixable(diagnostic, unsafe_fixes) else ""
    return f"{style.paint(style.bold, location)} {code}{marker} {visible(diagnostic.message)}"


def render_concise(
    diagnostics: Sequence[Located], unsafe_fixes: bool = False, color: bool = False
) -> str:
    style = ANSI if color else PLAIN
    return "".join(
        header(diagnostic, style, unsafe_fixes) + "\n"
        for diagnostic in in_report_order(diagnostics)
    )


def _help_line(diagnostic: Located, unsafe_fixes: bool) -> str:
    assert diagnostic.fix is not None
    text = visible(diagnostic.fix.message)
    if diagnostic.fix.applicability != "safe" and not unsafe_fixes:
        text += " (unsafe fix: applied only with --unsafe-fixes)"
    return text


def _notes(diagnostic: Located, style: Style, unsafe_fixes: bool, gutter: str) -> List[str]:
    """The ``= note:`` (exact characters, engine details) and ``= help:`` (the fix) lines."""
    lines = []
    if diagnostic.note:
        lines.append(f"{gutter} = {style.paint(style.bold, 'note')}: {visible(diagnostic.note)}")
    if diagnostic.fix is not None:
        help_text = _help_line(diagnostic, unsafe_fixes)
        lines.append(f"{gutter} = {style.paint(style.cyan, 'help')}: {help_text}")
    return lines


def render_full(diagnostic: Located, style: Style, unsafe_fixes: bool) -> str:
    lines = [header(diagnostic, style, unsafe_fixes)]
    if diagnostic.line_length:
        shown, carets = located_excerpt(diagnostic)
        number = str(diagnostic.line)
        gutter = " " * len(number)
        bar = style.paint(style.blue, "|")
        indent = carets[: len(carets) - len(carets.lstrip(" "))]
        underline = style.paint(_severity_colour(diagnostic, style), carets[len(indent) :])
        lines += [
            f"{gutter} {bar}",
            f"{style.paint(style.blue, number)} {bar} {shown}",
            f"{gutter} {bar} {indent}{underline} {diagnostic.code}",
            f"{gutter} {bar}",
        ]
        lines += _notes(diagnostic, style, unsafe_fixes, gutter)
    else:
        lines += _notes(diagnostic, style, unsafe_fixes, " ")
    return "\n".join(lines) + "\n"


def render_text(diagnostics: Sequence[Located], color: bool, unsafe_fixes: bool = False) -> str:
    return "".join(text_chunks(diagnostics, color, unsafe_fixes))


def text_chunks(
    diagnostics: Sequence[Located], color: bool, unsafe_fixes: bool = False
) -> Iterator[str]:
    """``render_text`` a diagnostic at a time."""
    style = ANSI if color else PLAIN
    for number, diagnostic in enumerate(in_report_order(diagnostics)):
        drawn = render_full(diagnostic, style, unsafe_fixes)
        yield f"\n{drawn}" if number else drawn


@dataclass(frozen=True)
class CodeCount:
    code: str
    name: str
    count: int
    fixable: int


def code_counts(diagnostics: Sequence[Located], unsafe_fixes: bool = False) -> List[CodeCount]:
    """Counts per code, most frequent first, then by code."""
    counts: Counter[str] = Counter()
    fixable: Counter[str] = Counter()
    names: Dict[str, str] = {}
    for diagnostic in diagnostics:
        counts[diagnostic.code] += 1
        names.setdefault(diagnostic.code, diagnostic.name)
        if is_fixable(diagnostic, unsafe_fixes):
            fixable[diagnostic.code] += 1
    ordered = sorted(counts, key=lambda code: (-counts[code], code))
    return [CodeCount(code, names[code], counts[code], fixable[code]) for code in ordered]


def render_statistics(diagnostics: Sequence[Located], unsafe_fixes: bool = False) -> str:
    rows = code_counts(diagnostics, unsafe_fixes)
    if not rows:
        return ""
    count_width = max(len(str(row.count)) for row in rows)
    code_width = max(len(row.code) for row in rows)
    any_fixable = any(row.fixable for row in rows)
    lines = []
    for row in rows:
        marker = ("[*] " if row.fixable else "[ ] ") if any_fixable else ""
        lines.append(f"{row.count:>{count_width}}  {row.code:<{code_width}}  {marker}{row.name}")
    return "\n".join(lines) + "\n"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


# What the closing lines count of a set of diagnostics: errors, warnings,
# fixes that are safe, fixes that are not.  A file's tally travels with its
# drawn text, so the summary needs no diagnostics.
Tally = Tuple[int, int, int, int]
NO_TALLY: Tally = (0, 0, 0, 0)


def tally(diagnostics: Sequence[Located]) -> Tally:
    errors = safe = unsafe = 0
    for diagnostic in diagnostics:
        if diagnostic.severity == "error":
            errors += 1
        if diagnostic.fix is not None:
            if diagnostic.fix.applicability == "safe":
                safe += 1
            else:
                unsafe += 1
    return (errors, len(diagnostics) - errors, safe, unsafe)


def add_tallies(first: Tally, second: Tally) -> Tally:
    return (
        first[0] + second[0],
        first[1] + second[1],
        first[2] + second[2],
        first[3] + second[3],
    )


def _by_severity(errors: int, warnings: int) -> str:
    parts = [
        _plural(errors, "error") if errors or not warnings else "",
        _plural(warnings, "warning") if warnings else "",
    ]
    return " and ".join(part for part in parts if part)


def count_by_severity(diagnostics: Sequence[Located]) -> str:
    """``2 warnings and 1 error``: errors first, each severity named as it is."""
    counted = tally(diagnostics)
    return _by_severity(counted[0], counted[1])


def summary(
    diagnostics: Sequence[Located],
    *,
    fixed: Sequence[Located] = (),
    unsafe_fixes: bool = False,
    dry_run: bool = False,
) -> str:
    """The closing lines: what was fixed, what remains, and last the command that fixes it.

    ``fixed`` are the diagnostics ``--fix`` repaired (with ``dry_run``, those
    ``--diff`` would repair); they are counted by severity, as the rest.
    """
    return tallied_summary(
        tally(diagnostics), fixed=tally(fixed), unsafe_fixes=unsafe_fixes, dry_run=dry_run
    )


def tallied_summary(
    remaining: Tally,
    *,
    fixed: Tally = NO_TALLY,
    unsafe_fixes: bool = False,
    dry_run: bool = False,
) -> str:
    """``summary`` from the tallies of what remains and what was fixed."""
    from contentlint.model import FIX_COMMAND, UNSAFE_FIX_COMMAND

    lines: List[str] = []
    if fixed[0] or fixed[1]:
        lines.append(f"{'Would fix' if dry_run else 'Fixed'} {_by_severity(fixed[0], fixed[1])}.")
    if remaining[0] or remaining[1]:
        lines.append(f"Found {_by_severity(remaining[0], remaining[1])}.")
        fixable = remaining[2] + (remaining[3] if unsafe_fixes else 0)
        hidden = remaining[2] + remaining[3] - fixable
        command = UNSAFE_FIX_COMMAND if unsafe_fixes else FIX_COMMAND
        if fixable:
            lines.append(f"{fixable} fixable with `{command}`.")
        if hidden:
            more = " more" if fixable else ""
            lines.append(f"{hidden}{more} fixable with `{UNSAFE_FIX_COMMAND}` (check each change).")
    elif not (fixed[0] or fixed[1]):
        lines.append("All checks passed!")
    return "\n".join(lines) + "\n"
