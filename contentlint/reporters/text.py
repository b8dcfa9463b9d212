"""Human-readable output: ``text`` (with the source line), ``concise``, statistics, summary.

Columns are code points (SPEC "Positions").  The source line is shown as
code points too: a tab is expanded to the next multiple of four cells, and
control and format characters (bidi overrides, zero-width spaces, NUL...) are
shown as ``<U+XXXX>`` so that the snippet cannot reorder or hide itself in
the terminal, the very thing a Trojan Source diagnostic is about.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass
from typing import Callable, Dict, List, Sequence, Tuple

from contentlint.reporters import in_report_order, is_fixable
from contentlint.results import Located

TAB_WIDTH = 4
# A 1 MB line must not become a 1 MB snippet: show this many code points
# around the span at most.
CONTEXT = 40
WINDOW = 160
ELLIPSIS = "\u2026"


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
    if text.isascii() and text.isprintable():
        return text
    if not any(_is_hidden(character) for character in text):
        return text
    return "".join(
        f"<U+{ord(character):04X}>" if _is_hidden(character) else character for character in text
    )


def _cells(character: str, cell: int) -> str:
    """How one code point of the source line is drawn when it starts at display ``cell``."""
    if character == "\t":
        return " " * (TAB_WIDTH - cell % TAB_WIDTH)
    if _is_hidden(character):
        return f"<U+{ord(character):04X}>"
    return character


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
    if window.isascii() and window.isprintable():
        # Printable ASCII is drawn as it is, one cell per code point.
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
        piece = _cells(window[index - low], cell)
        drawn.append(piece)
        cell += len(piece)
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


def _severity_colour(diagnostic: Located, style: Style) -> str:
    return style.red if diagnostic.severity == "error" else style.yellow


def header(diagnostic: Located, style: Style, unsafe_fixes: bool) -> str:
    # A file name can hold a newline or an escape sequence too.
    location = f"{visible(diagnostic.path)}:{diagnostic.line}:{diagnostic.column}:"
    code = style.paint(_severity_colour(diagnostic, style), diagnostic.code)
    marker = f" {style.paint(style.cyan, '[*]')}" if is_fixable(diagnostic, unsafe_fixes) else ""
    return f"{style.paint(style.bold, location)} {code}{marker} {visible(diagnostic.message)}"


def render_concise(diagnostics: Sequence[Located], unsafe_fixes: bool = False) -> str:
    return "".join(
        header(diagnostic, PLAIN, unsafe_fixes) + "\n"
        for diagnostic in in_report_order(diagnostics)
    )


def _help_line(diagnostic: Located, unsafe_fixes: bool) -> str:
    assert diagnostic.fix is not None
    text = visible(diagnostic.fix.message)
    if diagnostic.fix.applicability != "safe" and not unsafe_fixes:
        text += " (unsafe fix: applied only with --unsafe-fixes)"
    return text


def render_full(diagnostic: Located, style: Style, unsafe_fixes: bool) -> str:
    lines = [header(diagnostic, style, unsafe_fixes)]
    if diagnostic.line_length:
        drawn, cell, width = located_snippet(diagnostic)
        number = str(diagnostic.line)
        gutter = " " * len(number)
        bar = style.paint(style.blue, "|")
        underline = style.paint(_severity_colour(diagnostic, style), "^" * width)
        lines += [
            f"{gutter} {bar}",
            f"{style.paint(style.blue, number)} {bar} {drawn}",
            f"{gutter} {bar} {' ' * cell}{underline} {diagnostic.code}",
            f"{gutter} {bar}",
        ]
        if diagnostic.fix is not None:
            help_text = _help_line(diagnostic, unsafe_fixes)
            lines.append(f"{gutter} = {style.paint(style.cyan, 'help')}: {help_text}")
    elif diagnostic.fix is not None:
        lines.append(
            f"  = {style.paint(style.cyan, 'help')}: {_help_line(diagnostic, unsafe_fixes)}"
        )
    return "\n".join(lines) + "\n"


def render_text(diagnostics: Sequence[Located], color: bool, unsafe_fixes: bool = False) -> str:
    style = ANSI if color else PLAIN
    return "\n".join(
        render_full(diagnostic, style, unsafe_fixes) for diagnostic in in_report_order(diagnostics)
    )


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


def summary(
    diagnostics: Sequence[Located],
    *,
    fixed: int = 0,
    unsafe_fixes: bool = False,
    dry_run: bool = False,
) -> str:
    """The closing lines: what was fixed, what remains and how much ``--fix`` would repair."""
    lines: List[str] = []
    if fixed:
        lines.append(f"{'Would fix' if dry_run else 'Fixed'} {_plural(fixed, 'error')}.")
    if diagnostics:
        errors = sum(1 for diagnostic in diagnostics if diagnostic.severity == "error")
        warnings = len(diagnostics) - errors
        found = " and ".join(
            part
            for part in (
                _plural(errors, "error") if errors or not warnings else "",
                _plural(warnings, "warning") if warnings else "",
            )
            if part
        )
        fixable = sum(1 for diagnostic in diagnostics if is_fixable(diagnostic, unsafe_fixes))
        lines.append(f"Found {found}{f' ({fixable} fixable with --fix)' if fixable else ''}.")
        hidden = sum(1 for diagnostic in diagnostics if diagnostic.fix is not None) - fixable
        if hidden:
            fixes = "1 more fix" if hidden == 1 else f"{hidden} more fixes"
            lines.append(f"{fixes} can be applied with --fix --unsafe-fixes.")
    elif not fixed:
        lines.append("All checks passed!")
    return "\n".join(lines) + "\n"
