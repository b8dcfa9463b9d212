"""Where text is code, or a comment, in Markdown and HTML content.

Engines that run shortcodes do not know Markdown: WordPress and Hugo both run
a shortcode written inside a code fence or a ``<code>`` element.  Rules use
these regions to tell a shortcode that was meant to be shown from one that was
meant to run.  Every function is a single left-to-right scan.
"""

from __future__ import annotations

import bisect
import re
from typing import Dict, Iterable, Iterator, List, Tuple

from contentlint.model import Span

# HTML elements whose content is code (or keyboard input) rather than prose.
CODE_ELEMENTS = ("code", "pre", "kbd", "tt")

# A fence is a run of three or more backticks or tildes with nothing but
# spaces, tabs and quote markers before it on its line.  Each character gets
# its own pattern: one that starts with a literal is searched for at C speed,
# while an alternation (or a class) is tried at every position of the text.
_FENCE_RUNS = ((re.compile(r"```+"), "```"), (re.compile(r"~~~+"), "~~~"))
_LINE_BREAK = re.compile(r"[\r\n]")
_BACKTICKS = re.compile(r"``*")  # not `+: a literal start is found at C speed
_BLANK_LINE = re.compile(r"(?:\r\n|\r|\n)[ \t]*(?:\r\n|\r|\n)")
# The same, for text with no carriage return (most text), with a literal start.
_BLANK_LINE_LF = re.compile(r"\n[ \t]*\n")
# `[^<>]*` stops at the next `<`, so a tag that never closes costs only the
# distance to the next tag.
_ELEMENT_OPEN = re.compile(r"<(code|pre|kbd|tt)(?=[\s>/])[^<>]*>", re.IGNORECASE)
_ELEMENT_CLOSE = re.compile(r"</(code|pre|kbd|tt)\s*>", re.IGNORECASE)


def comment_end(text: str, start: int) -> int:
    """End of the HTML comment that opens with ``<!--`` at ``start``.

    The comment ends after the first ``-->`` that begins at or after the
    comment's first dash (so ``<!-->`` is a whole comment), or at the end of
    the text when it is never closed.
    """
    close = text.find("-->", start + 2)
    return len(text) if close < 0 else close + 3


def comment_spans(text: str) -> Tuple[Span, ...]:
    """Every ``<!-- … -->`` comment; an unclosed one runs to the end of the text."""
    spans: List[Span] = []
    start = text.find("<!--")
    while start >= 0:
        end = comment_end(text, start)
        spans.append(Span(start, end))
        start = text.find("<!--", end)
    return tuple(spans)


# The last text asked about and its code spans: the parser, the linter and
# the rules all ask for the same file's regions, which are computed once.
_last_code_spans: Tuple[str, Tuple[Span, ...]] = ("", ())


def code_spans(text: str) -> Tuple[Span, ...]:
    """Regions where the text is code: fences, inline code, code elements.

    Fenced blocks (```` ``` ```` or ``~~~``, closed by a fence of the same
    character at least as long, or running to the end of the text), inline
    code spans (backtick runs of equal length within one paragraph), and
    ``<code>``, ``<pre>``, ``<kbd>``, ``<tt>`` elements (an element never
    closed is not a region).  The spans are sorted and do not overlap.
    """
    global _last_code_spans
    if _last_code_spans[0] is text:
        return _last_code_spans[1]
    spans = _code_spans(text)
    _last_code_spans = (text, spans)
    return spans


def forget_code_spans() -> None:
    """Let go of the last text asked about, once its file is done with."""
    global _last_code_spans
    _last_code_spans = ("", ())


def _code_spans(text: str) -> Tuple[Span, ...]:
    comments = comment_spans(text)
    spans: List[Span] = []
    position = 0
    for fence in _fenced_blocks(text):
        spans.extend(_inline_spans(text, position, fence.start, comments))
        spans.append(fence)
        position = fence.end
    spans.extend(_inline_spans(text, position, len(text), comments))
    return merge_spans(spans)


def _fence_runs(text: str) -> List[re.Match[str]]:
    """Every run of three or more backticks, and of tildes, in text order."""
    runs = [
        match
        for pattern, fence in _FENCE_RUNS
        if fence in text  # found at C speed; most texts hold no fence
        for match in pattern.finditer(text)
    ]
    runs.sort(key=lambda run: run.start())
    return runs


def _fenced_blocks(text: str) -> Iterator[Span]:
    opening: Tuple[str, int, int] = ("", 0, 0)  # fence character, length, start
    # Only lines that start with a fence run matter: find the runs, not every line.
    for match in _fence_runs(text):
        run_start = match.start()
        line_start = run_start
        while line_start > 0 and text[line_start - 1] in " \t>":
            line_start -= 1
        if line_start > 0 and text[line_start - 1] not in "\r\n":
            continue
        line_break = _LINE_BREAK.search(text, match.end())
        content_end = len(text) if line_break is None else line_break.start()
        if not opening[0]:
            run = match.group()
            info = text[match.end() : content_end]
            if run[0] == "`" and "`" in info:
                continue  # inline code at the start of a line, not a fence
            opening = (run[0], len(run), run_start)
            continue
        run = match.group()
        rest = text[match.end() : content_end]
        if run[0] == opening[0] and len(run) >= opening[1] and not rest.strip(" \t"):
            yield Span(opening[2], content_end)
            opening = ("", 0, 0)
    if opening[0]:
        yield Span(opening[2], len(text))


def _inline_spans(text: str, start: int, end: int, comments: Tuple[Span, ...]) -> List[Span]:
    if start >= end:
        return []
    spans = _backtick_spans(text, start, end)
    spans.extend(_element_spans(text, start, end, spans, comments))
    return spans


def _backtick_spans(text: str, start: int, end: int) -> List[Span]:
    if text.find("`", start, end) < 0:
        return []
    runs: List[Tuple[int, int]] = []
    for match in _BACKTICKS.finditer(text, start, end):
        run_start, run_end = match.start(), match.end()
        backslashes = 0
        while run_start - backslashes - 1 >= start and text[run_start - backslashes - 1] == "\\":
            backslashes += 1
        if backslashes % 2:
            run_start += 1  # an escaped backtick is literal text
            if run_start == run_end:
                continue
        runs.append((run_start, run_end))
    if len(runs) < 2:
        return []
    by_length: Dict[int, List[int]] = {}
    for index, (run_start, run_end) in enumerate(runs):
        by_length.setdefault(run_end - run_start, []).append(index)
    blank_line = _BLANK_LINE if "\r" in text else _BLANK_LINE_LF
    paragraph_breaks = [m.start() for m in blank_line.finditer(text, start, end)]
    spans: List[Span] = []
    index = 0
    while index < len(runs):
        run_start, run_end = runs[index]
        same = by_length[run_end - run_start]
        following = bisect.bisect_right(same, index)
        if following < len(same):
            closer = runs[same[following]]
            blank = bisect.bisect_left(paragraph_breaks, run_end)
            if blank == len(paragraph_breaks) or paragraph_breaks[blank] >= closer[0]:
                spans.append(Span(run_start, closer[1]))
                index = same[following] + 1
                continue
        index += 1
    return spans


def _element_spans(
    text: str, start: int, end: int, taken: List[Span], comments: Tuple[Span, ...]
) -> List[Span]:
    if text.find("</", start, end) < 0:
        return []  # no closing tag, so no element: found at C speed
    closes: Dict[str, List[int]] = {}
    close_ends: Dict[int, int] = {}
    for match in _ELEMENT_CLOSE.finditer(text, start, end):
        closes.setdefault(match.group(1).lower(), []).append(match.start())
        close_ends[match.start()] = match.end()
    taken_regions = tuple(taken)
    spans: List[Span] = []
    position = start
    for match in _ELEMENT_OPEN.finditer(text, start, end):
        open_start = match.start()
        if open_start < position or offset_inside(open_start, taken_regions):
            continue
        if offset_inside(open_start, comments):
            continue
        positions = closes.get(match.group(1).lower(), [])
        index = bisect.bisect_left(positions, match.end())
        if index == len(positions):
            continue
        close_end = close_ends[positions[index]]
        spans.append(Span(open_start, close_end))
        position = close_end
    return spans


def merge_spans(spans: Iterable[Span]) -> Tuple[Span, ...]:
    """The union of ``spans`` as sorted, disjoint spans."""
    merged: List[Span] = []
    for span in sorted(spans):
        if merged and span.start <= merged[-1].end:
            if span.end > merged[-1].end:
                merged[-1] = Span(merged[-1].start, span.end)
            continue
        merged.append(span)
    return tuple(merged)


def offset_inside(offset: int, regions: Tuple[Span, ...]) -> bool:
    """True when ``offset`` lies inside one of the sorted, disjoint ``regions``."""
    index = bisect.bisect_right(regions, Span(offset, _FAR)) - 1
    return index >= 0 and regions[index].start <= offset < regions[index].end


_FAR = 1 << 62


def without(text: str, regions: Iterable[Span]) -> str:
    """``text`` with every bracket and brace inside ``regions`` written as a space.

    Neither engine's tags can open or close there any more, while every
    offset, line and column, and all other text, stay as they were.  When
    no region holds one, ``text`` itself is returned: no copy of a large file.
    """
    regions = [span for span in regions if _BLANKED.search(text, span.start, span.end)]
    if not regions:
        return text
    pieces: List[str] = []
    position = 0
    for span in regions:
        pieces.append(text[position : span.start])
        pieces.append(_BLANKED.sub(" ", text[span.start : span.end]))
        position = span.end
    pieces.append(text[position:])
    return "".join(pieces)


_BLANKED = re.compile(r"[\[\]{}]")

__all__ = [
    "CODE_ELEMENTS",
    "code_spans",
    "comment_end",
    "comment_spans",
    "offset_inside",
    "without",
]
