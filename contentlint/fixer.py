"""Applying fixes: edits to new text (``contentlint.safeio`` writes it to the file).

Pure text work, no command-line concerns.  A fix changes nothing but its
edits, so bytes outside them, the line endings and the final newline (or
its absence) stay as they were; ``Source.encode`` puts the BOM back.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterator, List, Optional, Sequence, Tuple

from contentlint.edits import ChosenEdits, conflict
from contentlint.model import Applicability, Diagnostic, Edit, Fix, Span
from contentlint.source import concatenated


class OverlappingEditsError(ValueError):
    """Two edits touch the same text, so applying both has no single meaning."""


def apply_edits(text: str, edits: Sequence[Edit]) -> str:
    """``text`` with every edit applied; raises ``OverlappingEditsError`` on overlap.

    Edits may come in any order; offsets refer to ``text`` as given.
    """
    ordered = sorted(edits, key=lambda edit: (edit.span.start, edit.span.end))
    previous: Optional[Span] = None
    for edit in ordered:
        span = edit.span
        if not 0 <= span.start <= span.end <= len(text):
            raise OverlappingEditsError(f"edit {span} lies outside the text ({len(text)})")
        if previous is not None and conflict(previous, span):
            raise OverlappingEditsError(f"edits {previous} and {span} overlap")
        previous = span
    return concatenated(_pieces(text, ordered))


def _pieces(text: str, ordered: Sequence[Edit]) -> Iterator[str]:
    """The new text's pieces, one at a time: the text between edits and their contents."""
    position = 0
    for edit in ordered:
        yield text[position : edit.span.start]
        yield edit.content
        position = edit.span.end
    yield text[position:]


@dataclass(frozen=True)
class FixOutcome:
    """What ``fix_text`` did.

    ``fixed`` holds the diagnostics whose fixes were applied, over all
    passes; ``remaining`` is the lint of the final text.  ``converged`` is
    false when ``max_passes`` ran out while fixes were still applicable.
    """

    text: str
    fixed: Tuple[Diagnostic, ...]
    remaining: Tuple[Diagnostic, ...]
    passes: int
    converged: bool

    @property
    def changed(self) -> bool:
        return bool(self.fixed)


def _applicable(fix: Optional[Fix], unsafe: bool, text: str) -> bool:
    if fix is None or not fix.edits:
        return False
    if fix.applicability is Applicability.UNSAFE and not unsafe:
        return False
    spans = sorted(edit.span for edit in fix.edits)
    if any(not 0 <= span.start <= span.end <= len(text) for span in spans):
        return False
    if any(conflict(first, second) for first, second in zip(spans, spans[1:])):
        return False
    # A fix that would leave the text as it is must not count as progress.
    return any(text[edit.span.start : edit.span.end] != edit.content for edit in fix.edits)


def _choose(
    diagnostics: Sequence[Diagnostic], unsafe: bool, text: str
) -> Tuple[List[Diagnostic], List[Edit]]:
    """The fixes of one pass, in lint order, none of them touching another.

    A fix that would change the text around its edits (together with the
    fixes already chosen) is left for a later pass, where it is judged
    again on the text as it then is.
    """
    chosen: List[Diagnostic] = []
    edits: List[Edit] = []
    pass_edits = ChosenEdits(text)
    for diagnostic in diagnostics:
        fix = diagnostic.fix
        if fix is None or not _applicable(fix, unsafe, text):
            continue
        if any(pass_edits.conflicts(edit.span) for edit in fix.edits):
            continue
        for edit in fix.edits:
            pass_edits.add(edit)
        if not all(pass_edits.keeps_surroundings(edit) for edit in fix.edits):
            for edit in fix.edits:
                pass_edits.remove(edit)
            continue
        chosen.append(diagnostic)
        edits.extend(fix.edits)
    return chosen, edits


def fix_text(
    text: str,
    lint: Callable[[str], Sequence[Diagnostic]],
    *,
    unsafe: bool = False,
    max_passes: int = 10,
) -> FixOutcome:
    """Lint and fix ``text`` until no applicable fix remains or ``max_passes`` is spent.

    Each pass applies the safe fixes (and the unsafe ones when ``unsafe``)
    whose edits do not touch an edit already chosen in that pass; the
    fixes it had to skip are found again by the next pass's lint.
    """
    fixed: List[Diagnostic] = []
    passes = 0
    while True:
        diagnostics = tuple(lint(text))
        chosen, edits = _choose(diagnostics, unsafe, text)
        if not chosen:
            return FixOutcome(text, tuple(fixed), diagnostics, passes, True)
        if passes >= max_passes:
            return FixOutcome(text, tuple(fixed), diagnostics, passes, False)
        text = apply_edits(text, edits)
        fixed.extend(chosen)
        passes += 1
