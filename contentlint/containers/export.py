"""Checking a WordPress export: every post body is a WordPress document.

Each body is linted with the WordPress dialect and the file's settings, as
the text the importer stores; its diagnostics are placed back in the export
through the body's offset map and name the post.  Fixes are made on the
decoded text, one pass at a time, and written back in the export's own
encoding; the export is written once, by the caller.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Callable, Dict, Iterator, List, Optional, Sequence, Tuple

from contentlint.containers import wxr
from contentlint.linter import FileContext
from contentlint.model import Diagnostic, Edit, Fix, Span
from contentlint.results import Located, file_problem, locate
from contentlint.source import Source, concatenated

# As for a plain file: stop after this many passes over one body.
MAX_PASSES = 10


@dataclass
class ExportOutcome:
    """``text`` is the export after fixes (``None`` when nothing changed)."""

    located: List[Located] = field(default_factory=list)
    fixed: List[Located] = field(default_factory=list)
    text: Optional[str] = None


def post_context(context: FileContext) -> FileContext:
    """The file's settings, with the dialect the importer's content is written in."""
    return FileContext(replace(context.settings, dialect="wordpress"), context.registry)


def post_source(path: str, text: str) -> Source:
    # ``with_text`` keeps a leading U+FEFF as text: it belongs to the post.
    return Source.from_text(path, "").with_text(text)


def _label(body_post: wxr.Post, body_field: str) -> str:
    return body_post.label() + (" excerpt" if body_field == "excerpt" else "")


def _placed(
    diagnostic: Diagnostic,
    segment: str,
    decoded: str,
    offsets: wxr.OffsetMap,
    base: int,
    label: str,
) -> Diagnostic:
    """A body's diagnostic moved into the export (``base``: the segment's offset)."""
    span = offsets.span(diagnostic.span)
    fix: Optional[Fix] = None
    if diagnostic.fix is not None:
        edits = wxr.encode_edits(segment, decoded, offsets, diagnostic.fix.edits)
        fix = Fix(
            diagnostic.fix.applicability,
            diagnostic.fix.message,
            tuple(Edit(Span(e.span.start + base, e.span.end + base), e.content) for e in edits),
        )
    return replace(
        diagnostic,
        span=Span(span.start + base, span.end + base),
        fix=fix,
        message=f"{label}: {diagnostic.message}",
    )


def _problem(source: Source, problem: wxr.Problem) -> Located:
    line, column = source.position(problem.offset)
    return file_problem(
        source.path,
        "IO001",
        "unreadable-file",
        f"not well-formed XML, the importer would not read it as written: {problem.message}",
        line,
        column,
    )


def _memo(lint: Callable[[str], Sequence[Diagnostic]]) -> Callable[[str], Sequence[Diagnostic]]:
    """The fixer lints each text twice (after one pass, before the next): once is enough."""
    last: List[Tuple[str, Sequence[Diagnostic]]] = []

    def cached(text: str) -> Sequence[Diagnostic]:
        if last and last[0][0] == text:
            return last[0][1]
        found = lint(text)
        last[:] = [(text, found)]
        return found

    return cached


def _fix_body(
    segment: str, lint: Callable[[str], Sequence[Diagnostic]], unsafe: bool, label: str, base: int
) -> Tuple[str, List[Diagnostic], List[Diagnostic], str, wxr.OffsetMap]:
    """Fix one body: ``(segment, fixed, remaining, decoded, offsets)`` after the passes.

    ``fixed`` holds each pass's diagnostics placed where the pass found them
    (in the segment as it was then); ``remaining`` is in the decoded text.
    """
    from contentlint import fixer

    decoded, offsets = wxr.decode(segment)
    fixed: List[Diagnostic] = []
    for _ in range(MAX_PASSES):
        outcome = fixer.fix_text(decoded, lint, unsafe=unsafe, max_passes=1)
        if not outcome.fixed:
            break
        edits = [edit for d in outcome.fixed if d.fix is not None for edit in d.fix.edits]
        written = fixer.apply_edits(segment, wxr.encode_edits(segment, decoded, offsets, edits))
        new_decoded, new_offsets = wxr.decode(written)
        if new_decoded != outcome.text:
            # Never write what would not read back as the fixed text.
            break
        fixed.extend(_placed(d, segment, decoded, offsets, base, label) for d in outcome.fixed)
        segment, decoded, offsets = written, new_decoded, new_offsets
    return segment, fixed, list(lint(decoded)), decoded, offsets


def check_export(
    source: Source, context: FileContext, *, fix: bool = False, unsafe: bool = False
) -> ExportOutcome:
    """Lint (and with ``fix``, fix) every post body of an export."""
    outcome = ExportOutcome()
    text = source.text
    if not fix:
        for item, label, lint in _bodies(source, context, outcome):
            for d in lint(item.text):
                outcome.located.append(
                    locate(source, _placed(d, text, item.text, item.offsets, 0, label))
                )
        return outcome
    placed: List[Diagnostic] = []
    # Built a piece at a time: the fixed export and the export are the
    # largest things alive, never a list of every piece beside them.
    new_text = concatenated(_fixed_pieces(source, context, unsafe, outcome, placed))
    final = source.with_text(new_text) if new_text != text else source
    outcome.located.extend(locate(final, d) for d in placed)
    if new_text != text:
        outcome.text = new_text
    return outcome


def _bodies(
    source: Source, context: FileContext, outcome: ExportOutcome
) -> Iterator[Tuple[wxr.Body, str, Callable[[str], List[Diagnostic]]]]:
    """Each post body of the export, with its label and the linter for it; what the
    XML parser would refuse goes to ``outcome`` as IO001."""
    from contentlint import linter

    posts = post_context(context)
    for item in wxr.scan(source.text):
        if isinstance(item, wxr.Problem):
            outcome.located.append(_problem(source, item))
            continue
        lint = linter.linter_for(post_source(source.path, item.text), posts)
        yield item, _label(item.post, item.field), lint


def _fixed_pieces(
    source: Source,
    context: FileContext,
    unsafe: bool,
    outcome: ExportOutcome,
    placed: List[Diagnostic],
) -> Iterator[str]:
    """The fixed export, piece by piece; what was fixed goes to ``outcome``, and what
    remains to ``placed``, at its offset in the fixed export."""
    text = source.text
    copied = 0  # ``text[:copied]`` is given already
    written = 0  # length of the new text given so far
    for item, label, lint in _bodies(source, context, outcome):
        start, end = item.offsets.file_start, item.offsets.file_end
        new_segment, fixed, remaining, decoded, new_offsets = _fix_body(
            text[start:end], _memo(lint), unsafe, label, start
        )
        outcome.fixed.extend(locate(source, d) for d in fixed)
        yield text[copied:start]
        written += start - copied
        placed.extend(
            _placed(d, new_segment, decoded, new_offsets, written, label) for d in remaining
        )
        yield new_segment
        written += len(new_segment)
        copied = end
    yield text[copied:]


def occurrences(source: Source, context: FileContext) -> Tuple[List[Dict[str, Any]], List[Located]]:
    """Inventory records of every post body, placed in the export and naming the post.

    Returns the records (each with a ``post`` field: id, title, type and
    field) and what the XML parser would refuse, as IO001 problems.
    """
    from contentlint import inventory, linter

    posts = post_context(context)
    records: List[Dict[str, Any]] = []
    problems: List[Located] = []
    for item in wxr.scan(source.text):
        if isinstance(item, wxr.Problem):
            problems.append(_problem(source, item))
            continue
        document = post_source(source.path, item.text)
        for record in inventory.occurrences(document, linter.parse(document, posts)):
            span = item.offsets.span(Span(record["offset"], record["end_offset"]))
            line, column = source.position(span.start)
            end_line, end_column = source.position(span.end)
            record.update(
                line=line,
                column=column,
                end_line=end_line,
                end_column=end_column,
                offset=span.start,
                end_offset=span.end,
                post={**item.post.as_dict(), "field": item.field},
            )
            records.append(record)
    return records, problems


__all__ = ["ExportOutcome", "check_export", "occurrences", "post_context", "post_source"]
