"""Diagnostics placed in their file: what reporters, baselines and the CLI consume."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Tuple

from contentlint.model import Diagnostic, Edit, Fix
from contentlint.source import Source


@dataclass(frozen=True)
class LocatedEdit:
    line: int
    column: int
    end_line: int
    end_column: int
    content: str


@dataclass(frozen=True)
class LocatedFix:
    applicability: str
    message: str
    edits: Tuple[LocatedEdit, ...]


@dataclass(frozen=True)
class Located:
    """One diagnostic with its positions resolved (SPEC "Positions").

    ``line_text`` is the source line the diagnostic starts on (for a caret
    display and for baseline keys); empty when the file could not be read.
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
    line_text: str = ""
    note: Optional[str] = None

    def sort_key(self) -> Tuple[str, int, int, str]:
        return (self.path, self.line, self.column, self.code)


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
        line_text=source.line_text(line),
        note=diagnostic.note,
    )


def file_problem(
    path: str, code: str, name: str, message: str, line: int = 1, column: int = 1
) -> Located:
    """A diagnostic about a file that has no usable text (IO001)."""
    return Located(path, line, column, line, column, 0, 0, code, name, "error", message, None)
