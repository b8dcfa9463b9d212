"""One file's run: read it, decode it, lint it, fix it, write it back.

Nothing here prints or knows the output format: a file's run returns a
``FileOutcome`` of located diagnostics (and, for ``--diff`` or standard
input, the text to show), which the many-file run gathers for a reporter.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from typing import Any, List, Optional, Tuple


@dataclass
class FileOutcome:
    located: List[Any] = field(default_factory=list)
    fixed: List[Any] = field(default_factory=list)
    diff: str = ""
    output_text: Optional[str] = None  # stdin with --fix: the fixed text
    checked: bool = True
    # What was read, for the cache: stat identity and digest of the bytes, when
    # the file was read and left as it was.
    identity: Optional[Tuple[int, int, int, int]] = None
    digest: Optional[str] = None


@dataclass(frozen=True)
class CheckOptions:
    fix: bool
    unsafe: bool
    diff: bool
    cache: bool = False  # report what was read, so the run can record it


class Unreadable(Exception):
    """A file with no text to check (IO001), with the position where known."""

    def __init__(self, message: str, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.message, self.line, self.column = message, line, column


def read_bytes(path: str) -> bytes:
    return read_identified(path)[0]


def read_identified(path: str) -> Tuple[bytes, Optional[Tuple[int, int, int, int]]]:
    """The file's bytes and its stat identity as it was opened (None for stdin)."""
    if path == "-":
        return sys.stdin.buffer.read(), None
    with open(path, "rb") as handle:
        stat = os.fstat(handle.fileno())
        return handle.read(), (stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns)


def io_problem(path: str, message: str, line: int = 1, column: int = 1) -> Any:
    from contentlint.results import file_problem

    return file_problem(path, "IO001", "unreadable-file", message, line, column)


def describe_os_error(error: OSError) -> str:
    if isinstance(error, FileNotFoundError):
        return "the file does not exist (or vanished during the run)"
    if isinstance(error, PermissionError):
        return "permission denied"
    if isinstance(error, IsADirectoryError):
        return "is a directory"
    return error.strerror or str(error)


def load(path: str, shown: str, settings: Any, read: Optional[List[Any]] = None) -> Tuple[Any, Any]:
    """The file's ``Source`` and its ``FileContext``; ``Unreadable`` when it has no text.

    ``read``, when given, receives the stat identity and the digest of the bytes.
    """
    from contentlint import discovery, linter
    from contentlint.source import Source, SourceError

    try:
        data, identity = read_identified(path)
        if read is not None and identity is not None:
            from contentlint.run.cache import digest

            read.extend((identity, digest(data)))
    except OSError as error:
        raise Unreadable(describe_os_error(error)) from None
    try:
        source = Source.from_bytes(shown, data)
    except SourceError as error:
        # Binary files and other encodings; a stray NUL in UTF-8 text is IO002.
        raise Unreadable(error.message, error.line, error.column) from None
    anchor = path if path != "-" else os.path.join(os.getcwd(), shown)
    return source, linter.FileContext(settings, discovery.discover(os.path.abspath(anchor)))


def process_file(path: str, shown: str, options: CheckOptions, settings: Any) -> FileOutcome:
    """Lint (and with ``options`` fix) one file; IO001 only when it is selected."""
    from contentlint import selection
    from contentlint.rules import BY_CODE

    outcome = _process_file(path, shown, options, settings)
    if not selection.is_selected(settings, BY_CODE["IO001"]):
        outcome.located = [item for item in outcome.located if item.code != "IO001"]
    return outcome


def _process_file(path: str, shown: str, options: CheckOptions, settings: Any) -> FileOutcome:
    from contentlint import linter
    from contentlint.results import locate

    outcome = FileOutcome()
    read: List[Any] = []
    try:
        source, context = load(path, shown, settings, read if options.cache else None)
    except Unreadable as error:
        outcome.located.append(io_problem(shown, error.message, error.line, error.column))
        return outcome
    if not (options.fix or options.diff):
        outcome.located = [locate(source, d) for d in linter.check(source, context)]
        if read:
            outcome.identity, outcome.digest = read
        return outcome
    from contentlint import fixer

    result = fixer.fix_text(source.text, linter.linter_for(source, context), unsafe=options.unsafe)
    final = source.with_text(result.text)
    outcome.located = [locate(final, d) for d in result.remaining]
    if result.text == source.text and read:
        outcome.identity, outcome.digest = read
    if result.text != source.text:
        after = final.encode()
        if options.diff:
            outcome.diff = unified_diff(shown, source.text, result.text)
            outcome.fixed = [locate(source, d) for d in result.fixed]
        elif path == "-":
            outcome.output_text = after.decode("utf-8")
            outcome.fixed = [locate(source, d) for d in result.fixed]
        else:
            try:
                fixer.write_atomic(path, after)
            except OSError as error:
                problem = io_problem(
                    shown, f"could not write the fixes: {describe_os_error(error)}"
                )
                outcome.located = [locate(source, d) for d in linter.check(source, context)]
                outcome.located.append(problem)
            else:
                outcome.fixed = [locate(source, d) for d in result.fixed]
    return outcome


def unified_diff(path: str, old: str, new: str) -> str:
    import difflib

    lines = difflib.unified_diff(
        old.splitlines(keepends=True),
        new.splitlines(keepends=True),
        fromfile=f"a/{path}",
        tofile=f"b/{path}",
    )
    chunks = []
    for line in lines:
        chunks.append(
            line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n"
        )
    return "".join(chunks)
