"""Suppression comments, and CL001 for the ones that suppress nothing.

Suppressions are HTML comments, which neither engine shows on the page:

* ``<!-- contentlint-disable-next-line QT001 -->``: diagnostics that start on
  the line after the comment;
* ``<!-- contentlint-disable-line -->``: diagnostics that start on the
  comment's own line;
* ``<!-- contentlint-disable SC -->`` ... ``<!-- contentlint-enable -->``:
  diagnostics that start between the two (or to the end of the file);
  ``enable`` with codes ends only the regions of those codes;
* ``<!-- contentlint-disable-file -->``: the whole file.

Codes are full codes or prefixes (``SC``, ``QT00``), separated by commas
and/or spaces; no code means every code.  A comment inside a code span or
fence is an example, not a suppression.

CL001 (``unused-suppression``) reports a suppression, or codes in it, that
suppressed nothing, and an ``enable`` that closes nothing.  A blanket
suppression never hides CL001; one that names ``CL001`` (or ``CL``) does.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence, Set, Tuple

from contentlint import markup
from contentlint.model import Applicability, Diagnostic, Edit, Fix, Span
from contentlint.source import Source

OPEN = "<!--"
CLOSE = "-->"
PREFIX = "contentlint-"
KINDS = ("disable-next-line", "disable-line", "disable-file", "disable", "enable")
UNUSED_CODE = "CL001"


@dataclass
class Directive:
    """One suppression comment."""

    kind: str
    span: Span  # the whole comment
    selectors: Tuple[str, ...]  # empty: every code
    selector_spans: Tuple[Span, ...]
    line: int
    end_line: int
    # Regions (start, end offsets) per selector index, -1 for "every code".
    regions: List[Tuple[int, int, int]] = field(default_factory=list)
    used: Set[int] = field(default_factory=set)
    closes: List[int] = field(default_factory=list)  # enable: the disables it closed


def _parse_directive(
    text: str, start: int, end: int
) -> Optional[Tuple[str, List[Tuple[str, Span]]]]:
    """Kind and selectors of the comment ``text[start:end]`` (``None``: not a directive)."""
    inner_start = start + len(OPEN)
    inner_end = end - len(CLOSE)
    position = inner_start
    while position < inner_end and text[position].isspace():
        position += 1
    if not text.startswith(PREFIX, position):
        return None
    position += len(PREFIX)
    word_end = position
    while word_end < inner_end and (text[word_end].isalpha() or text[word_end] == "-"):
        word_end += 1
    kind = text[position:word_end]
    if kind not in KINDS:
        return None
    if word_end < inner_end and not (text[word_end].isspace() or text[word_end] == ","):
        return None
    selectors: List[Tuple[str, Span]] = []
    position = word_end
    while position < inner_end:
        while position < inner_end and (text[position].isspace() or text[position] == ","):
            position += 1
        token_start = position
        while position < inner_end and not (text[position].isspace() or text[position] == ","):
            position += 1
        if position > token_start:
            selectors.append((text[token_start:position], Span(token_start, position)))
    return kind, selectors


def find_directives(source: Source, code_spans: Sequence[Span] = ()) -> List[Directive]:
    """Every suppression comment of ``source``, in file order (linear scan).

    A comment that overlaps ``code_spans`` (code, or a shortcode tag, where
    the engine reads it as text) is an example or content, not a directive:
    nor is one that a tag starts or ends inside, so that the fix of an
    unused one (CL001) never edits tag syntax.
    """
    text = source.text
    regions = markup.merge_spans(code_spans)
    directives: List[Directive] = []
    position = 0
    while True:
        start = text.find(OPEN, position)
        if start < 0:
            break
        close = text.find(CLOSE, start + len(OPEN))
        if close < 0:
            break
        end = close + len(CLOSE)
        position = end
        if _overlaps(Span(start, end), regions):
            continue
        parsed = _parse_directive(text, start, end)
        if parsed is None:
            continue
        kind, selectors = parsed
        line = source.position(start)[0]
        end_line = source.position(end)[0]
        directives.append(
            Directive(
                kind,
                Span(start, end),
                tuple(selector for selector, _ in selectors),
                tuple(span for _, span in selectors),
                line,
                end_line,
            )
        )
    return directives


def _matches(selector: str, code: str) -> bool:
    return selector == "ALL" or (bool(selector) and code.startswith(selector))


def _build_regions(source: Source, directives: List[Directive]) -> None:
    """Turn each directive into offset regions per selector."""
    text_end = len(source.text)
    line_count = source.line_count

    def line_region(line: int) -> Tuple[int, int]:
        start = source.offset(line, 1)
        end = source.offset(line + 1, 1) if line < line_count else text_end
        return start, end

    open_regions: List[Tuple[int, int, int]] = []  # (directive index, selector index, start)
    for index, directive in enumerate(directives):
        indexes = list(range(len(directive.selectors))) or [-1]
        if directive.kind == "disable-file":
            directive.regions = [(i, 0, text_end + 1) for i in indexes]
        elif directive.kind == "disable-line":
            start, end = line_region(directive.line)
            directive.regions = [(i, start, end) for i in indexes]
        elif directive.kind == "disable-next-line":
            if directive.end_line < line_count:
                start, end = line_region(directive.end_line + 1)
                directive.regions = [(i, start, end) for i in indexes]
        elif directive.kind == "disable":
            open_regions.extend((index, i, directive.span.end) for i in indexes)
        else:  # enable
            still_open: List[Tuple[int, int, int]] = []
            for owner, selector_index, start in open_regions:
                owner_directive = directives[owner]
                selector = (
                    owner_directive.selectors[selector_index] if selector_index >= 0 else None
                )
                closes = not directive.selectors or selector in directive.selectors
                if closes:
                    owner_directive.regions.append((selector_index, start, directive.span.start))
                    if owner not in directive.closes:
                        directive.closes.append(owner)
                else:
                    still_open.append((owner, selector_index, start))
            open_regions = still_open
    for owner, selector_index, start in open_regions:
        directives[owner].regions.append((selector_index, start, text_end + 1))


def _covers(directive: Directive, diagnostic: Diagnostic, *, explicit_only: bool) -> List[int]:
    """Selector indexes of ``directive`` whose regions hold ``diagnostic``."""
    hits: List[int] = []
    offset = diagnostic.span.start
    for selector_index, start, end in directive.regions:
        if not start <= offset < end:
            continue
        if selector_index < 0:
            if not explicit_only:
                hits.append(selector_index)
        elif _matches(directive.selectors[selector_index], diagnostic.code):
            if explicit_only and directive.selectors[selector_index] == "ALL":
                continue
            hits.append(selector_index)
    return hits


def _overlaps(span: Span, regions: Tuple[Span, ...]) -> bool:
    """Whether ``span`` shares text with one of the sorted, disjoint ``regions``."""
    if markup.offset_inside(span.start, regions):
        return True
    index = bisect.bisect_right(regions, Span(span.start, _FAR))
    return index < len(regions) and regions[index].start < span.end


_FAR = 1 << 62


def _line_bounds(text: str, start: int, end: int) -> Tuple[int, int]:
    line_start = max(text.rfind("\n", 0, start), text.rfind("\r", 0, start)) + 1
    line_end = end
    while line_end < len(text) and text[line_end] not in "\r\n":
        line_end += 1
    return line_start, line_end


def removal_edit(text: str, span: Span) -> Edit:
    """Remove a comment; with its line when nothing else is on it."""
    line_start, line_end = _line_bounds(text, span.start, span.end)
    before = text[line_start : span.start]
    after = text[span.end : line_end]
    if not before.strip() and not after.strip():
        if text.startswith("\r\n", line_end):
            return Edit(Span(line_start, line_end + 2), "")
        if line_end < len(text):
            return Edit(Span(line_start, line_end + 1), "")
        if line_start > 0:
            # The last line: take the line break before it, so the file
            # keeps ending the way it did.
            previous = line_start - 1
            if previous > 0 and text[previous] == "\n" and text[previous - 1] == "\r":
                previous -= 1
            return Edit(Span(previous, line_end), "")
        return Edit(Span(line_start, line_end), "")
    start, end = span.start, span.end
    if before.strip():
        while start > line_start and text[start - 1] in " \t":
            start -= 1
    else:
        while end < line_end and text[end] in " \t":
            end += 1
    return Edit(Span(start, end), "")


def _selectors_edit(source: Source, directive: Directive, unused: Sequence[int]) -> Edit:
    """Rewrite the selector list of ``directive`` without the ``unused`` ones."""
    kept = [s for i, s in enumerate(directive.selectors) if i not in unused]
    first = directive.selector_spans[0]
    last = directive.selector_spans[-1]
    between = (
        source.text[first.end : directive.selector_spans[1].start]
        if len(directive.selector_spans) > 1
        else ", "
    )
    separator = ", " if "," in between else " "
    return Edit(Span(first.start, last.end), separator.join(kept))


def _known_selector(selector: str, codes: Sequence[str]) -> bool:
    return selector == "ALL" or any(code.startswith(selector) for code in codes)


def _unused_diagnostics(
    source: Source, directives: List[Directive], candidates: Sequence[int]
) -> List[Diagnostic]:
    from contentlint.rules import ALL_RULES
    from contentlint.rules.suppression import unused_suppression

    codes = [rule.code for rule in ALL_RULES]
    text = source.text
    found: List[Diagnostic] = []
    enables_taken: Set[int] = set()
    closers: Dict[int, List[int]] = {}
    for other_index, other in enumerate(directives):
        if other.kind == "enable" and len(other.closes) == 1:
            closers.setdefault(other.closes[0], []).append(other_index)
    open_tags = _OpenTags(text)
    for index in candidates:
        directive = directives[index]
        label = f"contentlint-{directive.kind}"
        if directive.kind == "enable":
            if directive.closes or index in enables_taken:
                continue
            fix = Fix(
                Applicability.SAFE, "remove the comment", (removal_edit(text, directive.span),)
            )
            found.append(
                unused_suppression.diagnostic(
                    directive.span,
                    _unused_message(fix),
                    fix,
                    f'"{label}" closes no open "contentlint-disable"',
                )
            )
            continue
        if directive.selectors:
            unused = [i for i in range(len(directive.selectors)) if i not in directive.used]
        else:
            unused = [] if directive.used else [-1]
        if not unused:
            continue
        if unused == [-1] or len(unused) == len(directive.selectors):
            edits = [removal_edit(text, directive.span)]
            if directive.kind == "disable":
                # Its ``enable`` would be left closing nothing: remove it too.
                for other_index in closers.get(index, ()):
                    if other_index not in enables_taken:
                        edits.append(removal_edit(text, directives[other_index].span))
                        enables_taken.add(other_index)
                        break
            fix = Fix(Applicability.SAFE, "remove the unused suppression", tuple(edits))
            if unused == [-1]:
                message = f'"{label}" suppresses nothing'
            else:
                message = (
                    f'"{label}" suppresses nothing (unused: {_describe(directive, unused, codes)})'
                )
        else:
            fix = Fix(
                Applicability.SAFE,
                "remove the unused codes",
                (_selectors_edit(source, directive, unused),),
            )
            message = f'"{label}": unused codes: {_describe(directive, unused, codes)}'
        safe_fix = open_tags.safe(fix)
        found.append(
            unused_suppression.diagnostic(
                directive.span, _unused_message(safe_fix), safe_fix, message
            )
        )
    return found


def _unused_message(fix: Optional[Fix]) -> str:
    from contentlint.rules import wording

    return wording.sentence(
        "nothing changes on the page, but the comment could hide a future problem",
        "this suppression comment suppresses nothing",
        wording.action(fix, "remove it"),
    )


class _OpenTags:
    """Where a shortcode tag may be open: after a ``[`` or ``{{`` not closed yet.

    A comment there may be part of the tag as the engine reads it (WordPress
    runs ``[gallery <!-- x -->]`` with the comment among its attributes), so
    removing it would change the tag: such a comment gets no fix.  One scan
    of the text, then a binary search per comment.
    """

    def __init__(self, text: str) -> None:
        self._marks: Dict[str, List[int]] = {"[": [], "]": [], "{{": [], "}}": []}
        for match in _BRACKETS.finditer(text):
            self._marks[match.group()].append(match.start())

    def _last_before(self, mark: str, offset: int) -> int:
        positions = self._marks[mark]
        index = bisect.bisect_left(positions, offset) - 1
        return positions[index] if index >= 0 else -1

    def around(self, offset: int) -> bool:
        return self._last_before("[", offset) > self._last_before("]", offset) or (
            self._last_before("{{", offset) > self._last_before("}}", offset)
        )

    def safe(self, fix: Fix) -> Optional[Fix]:
        """``fix``, or ``None`` when one of its edits may lie inside an open tag."""
        if any(self.around(edit.span.start) for edit in fix.edits):
            return None
        return fix


_BRACKETS = re.compile(r"\{\{|\}\}|\[|\]")


def _describe(directive: Directive, unused: Sequence[int], codes: Sequence[str]) -> str:
    parts = []
    for i in unused:
        selector = directive.selectors[i]
        parts.append(selector if _known_selector(selector, codes) else f"{selector} (unknown code)")
    return ", ".join(parts)


def finalize(
    source: Source,
    diagnostics: Sequence[Diagnostic],
    cl001_enabled: bool,
    *,
    code_spans: Sequence[Span] = (),
) -> List[Diagnostic]:
    """Drop suppressed diagnostics; add CL001 for suppressions that were not used."""
    if OPEN not in source.text:
        return list(diagnostics)
    directives = find_directives(source, code_spans)
    if not directives:
        return list(diagnostics)
    _build_regions(source, directives)

    kept: List[Diagnostic] = []
    for diagnostic in diagnostics:
        suppressed = False
        for directive in directives:
            hits = _covers(directive, diagnostic, explicit_only=diagnostic.code == UNUSED_CODE)
            if hits:
                directive.used.update(hits)
                suppressed = True
        if not suppressed:
            kept.append(diagnostic)
    if not cl001_enabled:
        return kept

    names_cl001 = {
        index
        for index, directive in enumerate(directives)
        if any(
            _matches(selector, UNUSED_CODE) and selector != "ALL"
            for selector in directive.selectors
        )
    }
    # Directives that could hide CL001 are judged last, once they had the
    # chance to be used by hiding it.
    first = [i for i in range(len(directives)) if i not in names_cl001]
    unused: List[Diagnostic] = []
    for diagnostic in _unused_diagnostics(source, directives, first):
        if not _suppress_explicitly(directives, names_cl001, diagnostic):
            unused.append(diagnostic)
    unused.extend(_unused_diagnostics(source, directives, sorted(names_cl001)))
    return kept + unused


def _suppress_explicitly(
    directives: List[Directive], indexes: Set[int], diagnostic: Diagnostic
) -> bool:
    suppressed = False
    for index in indexes:
        hits = _covers(directives[index], diagnostic, explicit_only=True)
        if hits:
            directives[index].used.update(hits)
            suppressed = True
    return suppressed


__all__ = ["Directive", "finalize", "find_directives", "removal_edit"]
