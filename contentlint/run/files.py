"""One file's run: read it, decode it, lint it, fix it, write it back.

Nothing here prints or knows the output format: a file's run returns a
``FileOutcome`` of located diagnostics (and, for ``--diff`` or standard
input, the text to show), which the many-file run gathers for a reporter.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from typing import Any, Callable, List, Optional, Tuple

from contentlint.diffs import unified_diff
from contentlint.safeio import (
    FileIdentity,
    FileProblem,
    describe_os_error,
    read_chunks,
    take_refused,
    write_fixed,
)


@dataclass
class FileOutcome:
    located: List[Any] = field(default_factory=list)
    fixed: List[Any] = field(default_factory=list)
    diff: str = ""
    output_text: Optional[str] = None  # stdin with --fix: the fixed text
    skipped: str = ""  # why a file that is not a post was not checked
    # With ``CheckOptions.explain``: the dialect chosen and why (``--verbose``).
    dialect: Optional[str] = None
    # What was read, for the cache: stat identity and digest of the bytes, when
    # the file was read and left as it was.
    identity: Optional[Tuple[int, int, int, int, int]] = None
    digest: Optional[str] = None
    # Files read to learn about the content (configuration, templates...) that
    # were refused meanwhile: ``(absolute path, message)``, for the run to report.
    refused: List[Tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class CheckOptions:
    fix: bool
    unsafe: bool
    diff: bool
    explain: bool = False  # say which dialect was chosen and why
    cache: bool = False  # report what was read, so the run can record it


class Unreadable(Exception):
    """A file with no text to check (IO001), with the position where known."""

    def __init__(self, message: str, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.message, self.line, self.column = message, line, column


def io_problem(path: str, message: str, line: int = 1, column: int = 1) -> Any:
    from contentlint.results import file_problem

    return file_problem(path, "IO001", "unreadable-file", message, line, column)


def load(path: str, shown: str, settings: Any) -> Tuple[Any, Any, Optional[FileIdentity]]:
    """The file's ``Source``, its ``FileContext`` and what was read (``None`` for stdin).

    Raises ``Unreadable`` when it has no text to check.
    """
    from contentlint import discovery, linter
    from contentlint.source import Source, SourceError

    identity: Optional[FileIdentity] = None
    if path == "-":
        chunks = [sys.stdin.buffer.read()]
    else:
        try:
            chunks, identity = read_chunks(path, settings.max_file_size)
        except FileProblem as problem:
            raise Unreadable(problem.message) from None
    try:
        # The bytes are freed as they are decoded: what a fix is written over
        # is checked against ``identity`` (its digest), not against a copy.
        source = Source.from_chunks(shown, chunks)
    except SourceError as error:
        # Binary files and other encodings; a stray NUL in UTF-8 text is IO002.
        raise Unreadable(error.message, error.line, error.column) from None
    if path == "-":
        registry = discovery.discover(
            os.path.abspath(os.path.join(os.getcwd(), shown)), settings.themes_dir
        )
    else:
        registry = discovery.discover_file(path, settings.themes_dir)  # just read, so a file
    context = linter.FileContext(settings, registry)
    return source, context, identity


def process_file(path: str, shown: str, options: CheckOptions, settings: Any) -> FileOutcome:
    """Lint (and with ``options`` fix) one file; IO001 only when it is selected.

    Only diagnostics at ``settings.report_severity`` or above are reported.
    """
    from contentlint import markup, selection
    from contentlint.results import detached
    from contentlint.rules import BY_CODE

    outcome = _process_file(path, shown, options, settings)
    # The regions of the last text are remembered for the parsers and the
    # rules: a large file's text must not outlive its run.
    markup.forget_code_spans()
    outcome.refused = take_refused()
    if not selection.is_selected(settings, BY_CODE["IO001"]):
        outcome.located = [item for item in outcome.located if item.code != "IO001"]
    if settings.report_severity == "error":
        outcome.located = [item for item in outcome.located if item.severity == "error"]
    outcome.located = detached(outcome.located)
    outcome.fixed = detached(outcome.fixed)
    return outcome


def _process_file(path: str, shown: str, options: CheckOptions, settings: Any) -> FileOutcome:
    from contentlint import linter

    outcome = FileOutcome()
    try:
        source, context, identity = load(path, shown, settings)
    except Unreadable as error:
        outcome.located.append(io_problem(shown, error.message, error.line, error.column))
        return outcome
    if options.fix and path != "-":
        from contentlint.safeio import remove_stale_temporaries

        remove_stale_temporaries(os.path.dirname(os.path.realpath(path)))
    read = identity if options.cache else None
    kind = container(shown, source.text)
    if kind is not None and not kind.export:
        # Not recorded in the cache, so that --verbose can say why on every run.
        outcome.skipped = kind.reason
        return outcome
    if options.explain and kind is None:
        from contentlint.discovery import explain_dialect

        dialect, why = explain_dialect(
            source.text, settings.dialect, context.registry.hugo_site_root is not None
        )
        outcome.dialect = f"{dialect.value} ({why})"
    if kind is None and not (options.fix or options.diff):
        outcome.located = _located(source, linter.check(source, context))
        _record_read(outcome, read)
        return outcome
    run = _run_export if kind is not None else _run_text
    new_text, outcome.located, fixed, unfixed = run(source, context, options)
    if new_text == source.text:
        _record_read(outcome, read)
        return outcome
    return _deliver(outcome, path, options, source, new_text, fixed, unfixed, identity)


def _located(source: Any, diagnostics: List[Any]) -> List[Any]:
    """``diagnostics`` placed in ``source``, each let go once placed (a large file has many)."""
    from contentlint.results import locate

    diagnostics.reverse()
    located = []
    while diagnostics:
        located.append(locate(source, diagnostics.pop()))
    return located


Unfixed = Callable[[], List[Any]]


def _run_text(
    source: Any, context: Any, options: CheckOptions
) -> Tuple[str, List[Any], List[Any], Unfixed]:
    """Fix a post: ``(new text, remaining, fixed, the diagnostics as they stand)``."""
    from contentlint import fixer, linter
    from contentlint.results import locate

    result = fixer.fix_text(source.text, linter.linter_for(source, context), unsafe=options.unsafe)
    final = source.with_text(result.text)
    return (
        result.text,
        [locate(final, d) for d in result.remaining],
        [locate(source, d) for d in result.fixed],
        lambda: [locate(source, d) for d in linter.check(source, context)],
    )


def _run_export(
    source: Any, context: Any, options: CheckOptions
) -> Tuple[str, List[Any], List[Any], Unfixed]:
    """An export: each post body is checked and fixed; the file is written once."""
    from contentlint.containers import export

    fixing = options.fix or options.diff
    result = export.check_export(source, context, fix=fixing, unsafe=options.unsafe)
    new_text = source.text if result.text is None else result.text
    return (
        new_text,
        result.located,
        result.fixed,
        lambda: export.check_export(source, context).located,
    )


def container(shown: str, text: str) -> Any:
    """The ``Kind`` of an XML file (a WordPress export, or skipped), ``None`` for a post."""
    from contentlint.containers import looks_like_xml

    if not looks_like_xml(shown, text):
        return None
    from contentlint.containers import wxr

    kind = wxr.classify(text)
    return kind if kind.export or kind.reason else None


def _deliver(
    outcome: FileOutcome,
    path: str,
    options: CheckOptions,
    source: Any,
    new_text: str,
    fixed: List[Any],
    unfixed: Unfixed,
    identity: Optional[FileIdentity],
) -> FileOutcome:
    """Show (``--diff``), print (standard input) or write the fixed text.

    ``unfixed`` gives the file's diagnostics as they stand, for when the
    fixes cannot be written.
    """
    shown = source.path
    if options.diff:
        outcome.diff = unified_diff(shown, source.text, new_text)
        outcome.fixed = fixed
    elif path == "-":
        outcome.output_text = source.with_text(new_text).encode().decode(source.encoding)
        outcome.fixed = fixed
    else:
        assert identity is not None
        from contentlint.run.pool import writing

        writing()  # a stop from here on lets the write finish
        try:
            write_fixed(path, source.encoded(new_text), identity)
        except (OSError, FileProblem) as error:
            message = (
                error.message
                if isinstance(error, FileProblem)
                else f"could not write the fixes: {describe_os_error(error)}"
            )
            outcome.located = [*unfixed(), io_problem(shown, message)]
        else:
            outcome.fixed = fixed
    return outcome


def _record_read(outcome: FileOutcome, identity: Optional[FileIdentity]) -> None:
    """Tell the cache which state of the file its findings are about."""
    if identity is not None:
        outcome.identity = (
            identity.device,
            identity.inode,
            identity.size,
            identity.mtime_ns,
            identity.ctime_ns,
        )
        outcome.digest = identity.digest.hex()
