"""Diagnostics placed in their file: what reporters, baselines and the CLI consume."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Dict, List, Mapping, Optional, Sequence, Tuple, Union

from contentlint.model import SLOTS, Diagnostic, Edit, Fix
from contentlint.source import Source


# A run keeps every finding until it reports: no dict per object.
@dataclass(frozen=True, **SLOTS)
class LocatedEdit:
    line: int
    column: int
    end_line: int
    end_column: int
    content: str


@dataclass(frozen=True, **SLOTS)
class LocatedFix:
    applicability: str
    message: str
    edits: Tuple[LocatedEdit, ...]


class StoredLines:
    """The lines a file's diagnostics start on, kept without the rest of the file.

    What a cache hands back in place of the file's ``Source``: each line once,
    however many diagnostics start on it.
    """

    __slots__ = ("lines",)

    def __init__(self, lines: Mapping[int, str]) -> None:
        self.lines: Dict[int, str] = dict(lines)

    def line_text(self, line: int) -> str:
        return self.lines.get(line, "")

    def line_length(self, line: int) -> int:
        return len(self.lines.get(line, ""))

    def line_excerpt(self, line: int, low: int, high: int) -> str:
        return self.lines.get(line, "")[max(0, low) : max(0, high)]


LineSource = Union[Source, StoredLines]


def detached(items: Sequence[Located]) -> List[Located]:
    """``items`` holding only the lines they start on, not their files' whole text.

    What a file's run hands back to the run over many files: the report and
    the baseline read only those lines, and a run over 50,000 files must not
    keep every file that had a finding.
    """
    lines: Dict[int, Dict[int, str]] = {}
    for item in items:
        if isinstance(item.source, Source):
            lines.setdefault(id(item.source), {}).setdefault(item.line, "")
    kept: Dict[int, StoredLines] = {}
    result = []
    for item in items:
        source = item.source
        if isinstance(source, Source):
            stored = kept.get(id(source))
            if stored is None:
                needed = lines[id(source)]
                stored = kept[id(source)] = StoredLines(
                    {line: source.line_text(line) for line in needed}
                )
            item = replace(item, source=stored)
        result.append(item)
    return result


@dataclass(frozen=True, **SLOTS)
class Located:
    """One diagnostic with its positions resolved (SPEC "Positions").

    It holds positions, not text: ``source`` is the file's ``Source``, shared
    by all of the file's diagnostics, and the line is read from it only when
    a reporter prints it (``line_text``, ``line_excerpt``).  So memory
    follows the file, not the number of findings times the line's length.
    ``source`` is ``None`` when the file could not be read.
    """

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    offset: int
    end_offset: int
    code: str
    name: str
    severity: str
    message: str
    fix: Optional[LocatedFix]
    source: Optional[LineSource] = field(default=None, compare=False, repr=False)
    note: Optional[str] = None

    def sort_key(self) -> Tuple[str, int, int, str]:
        return (self.path, self.line, self.column, self.code)

    @property
    def line_text(self) -> str:
        """The source line the diagnostic starts on, without its line ending ("" if none)."""
        if self.source is None:
            return ""
        return self.source.line_text(self.line)

    @property
    def line_length(self) -> int:
        """``len(self.line_text)``, without copying the line."""
        return 0 if self.source is None else self.source.line_length(self.line)

    def line_excerpt(self, low: int, high: int) -> str:
        """``self.line_text[low:high]``, copying only that part of the line."""
        return "" if self.source is None else self.source.line_excerpt(self.line, low, high)


def _locate_edit(source: Source, edit: Edit) -> LocatedEdit:
    line, column = source.position(edit.span.start)
    end_line, end_column = source.position(edit.span.end)
    return LocatedEdit(line, column, end_line, end_column, edit.content)


def _locate_fix(source: Source, fix: Optional[Fix]) -> Optional[LocatedFix]:
    if fix is None:
        return None
    return LocatedFix(
        fix.applicability.value, fix.message, tuple(_locate_edit(source, e) for e in fix.edits)
    )


def locate(source: Source, diagnostic: Diagnostic) -> Located:
    line, column = source.position(diagnostic.span.start)
    end_line, end_column = source.position(diagnostic.span.end)
    return Located(
        path=source.path,
        line=line,
        column=column,
        end_line=end_line,
        end_column=end_column,
        offset=diagnostic.span.start,
        end_offset=diagnostic.span.end,
        code=diagnostic.code,
        name=diagnostic.name,
        severity=diagnostic.severity.value,
        message=diagnostic.message,
        fix=_locate_fix(source, diagnostic.fix),
        source=source,
        note=diagnostic.note,
    )


def file_problem(
    path: str, code: str, name: str, message: str, line: int = 1, column: int = 1
) -> Located:
    """A diagnostic about a file that has no usable text (IO001)."""
    return Located(path, line, column, line, column, 0, 0, code, name, "error", message, None)
