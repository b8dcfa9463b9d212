"""Turn a run's diagnostics into the output of ``check --format FORMAT``.

``render`` returns the whole report as one string (ending in a newline, or
empty when there is nothing to print); the CLI writes it.  Each format lives
in its own module under ``contentlint.reporters``.

For ``text`` and ``concise`` a summary closes the report (``Fixed 2 warnings
and 1 error.``, ``Found 3 errors.``, ``All checks passed!``), and its last
line is the command that fixes what is fixable (``2 fixable with
`contentlint check --fix`.``); ``quiet`` leaves it out.  ``statistics``
replaces the list of diagnostics by counts per rule: a JSON array for
``json``/``json-lines``, a table for ``text``/``concise``; the other formats
have no statistics form.
Machine formats (json, json-lines, github, gitlab, sarif, junit) print
exactly their documents, never a summary or colour.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable, Iterator, Optional, Sequence

from contentlint.reporters import in_report_order

if TYPE_CHECKING:
    from contentlint.reporters.text import Tally
    from contentlint.results import Located

# Each format's module is imported only when that format is asked for: the
# tool starts on every commit, and SARIF alone pulls in every rule's docs.

FORMATS = ("text", "concise", "json", "json-lines", "github", "gitlab", "sarif", "junit")
HUMAN_FORMATS = ("text", "concise")
# ``--statistics`` is a table (text, concise) or a JSON array (json, json-lines).
STATISTICS_FORMATS = ("text", "concise", "json", "json-lines")


def render(
    fmt: str,
    diagnostics: Sequence[Located],
    *,
    files_checked: int,
    fixed: Sequence[Located] = (),
    color: bool = False,
    statistics: bool = False,
    quiet: bool = False,
    checked_paths: Optional[Sequence[str]] = None,
    unsafe_fixes: bool = False,
    dry_run: bool = False,
) -> str:
    """The report for ``diagnostics`` (those that remain) in format ``fmt``.

    ``fixed`` are the diagnostics ``--fix`` repaired (with ``dry_run``, those
    ``--diff`` would repair).  ``color`` adds ANSI colour to ``text`` and
    ``concise`` (the only formats with colour); the caller decides it from
    ``--color``, the terminal and ``NO_COLOR`` /
    ``FORCE_COLOR``.  ``checked_paths`` (the paths as shown) lets ``junit``
    list the files that passed.  ``unsafe_fixes`` counts unsafe fixes as
    fixable, as ``--unsafe-fixes`` would apply them.  ``files_checked`` is
    accepted for callers' symmetry; no format prints it today.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown output format {fmt!r}; choose from {', '.join(FORMATS)}")
    if statistics and fmt not in STATISTICS_FORMATS:
        raise ValueError(f"--statistics has no {fmt} form")
    if statistics and fmt in ("json", "json-lines"):
        from contentlint.reporters.json_output import render_statistics_json

        return render_statistics_json(diagnostics, unsafe_fixes)
    if fmt == "json":
        from contentlint.reporters.json_output import render_json

        return render_json(diagnostics)
    if fmt == "json-lines":
        from contentlint.reporters.json_output import render_json_lines

        return render_json_lines(diagnostics)
    if fmt == "github" and not statistics:
        from contentlint.reporters.github import render_github

        return render_github(diagnostics)
    if fmt == "gitlab" and not statistics:
        from contentlint.reporters.gitlab import render_gitlab

        return render_gitlab(diagnostics)
    if fmt == "sarif" and not statistics:
        from contentlint.reporters.sarif import render_sarif

        return render_sarif(diagnostics)
    if fmt == "junit" and not statistics:
        from contentlint.reporters.junit import render_junit

        return render_junit(diagnostics, checked_paths)
    return "".join(
        human_chunks(
            fmt,
            diagnostics,
            fixed=fixed,
            color=color,
            statistics=statistics,
            quiet=quiet,
            unsafe_fixes=unsafe_fixes,
            dry_run=dry_run,
        )
    )


def human_chunks(
    fmt: str,
    diagnostics: Sequence[Located],
    *,
    fixed: Sequence[Located] = (),
    color: bool = False,
    statistics: bool = False,
    quiet: bool = False,
    unsafe_fixes: bool = False,
    dry_run: bool = False,
) -> Iterator[str]:
    """The ``text`` or ``concise`` report in pieces, for writing as it is drawn.

    A run over many files then never holds its whole report at once.
    """
    from contentlint.reporters import text

    if statistics:
        pieces: Iterable[str] = [text.render_statistics(diagnostics, unsafe_fixes)]
    elif fmt == "text":
        pieces = text.text_chunks(diagnostics, color, unsafe_fixes)
    else:
        pieces = [text.render_concise(diagnostics, unsafe_fixes, color)]
    written = False
    for piece in pieces:
        written = written or bool(piece)
        yield piece
    if not quiet:
        closing = text.summary(diagnostics, fixed=fixed, unsafe_fixes=unsafe_fixes, dry_run=dry_run)
        yield f"\n{closing}" if written else closing


# Formats whose report is each file's findings drawn one after the other,
# with this between two drawn diagnostics: a file's part can be drawn where
# the file is checked, and kept in the cache.
DRAWN_FORMATS = {"text": "\n", "concise": "", "github": ""}


@dataclass(frozen=True)
class Drawing:
    """How a run draws each file's findings for a report in ``fmt``, as it checks the file."""

    fmt: str
    color: bool = False
    unsafe_fixes: bool = False

    @property
    def separator(self) -> str:
        return DRAWN_FORMATS[self.fmt]

    def key(self, shown: str) -> str:
        """What a file's drawn text depends on besides its findings: the cache keeps it by this."""
        return f"{self.fmt}:{int(self.color)}:{int(self.unsafe_fixes)}:{shown}"

    def draw(self, diagnostics: Sequence[Located]) -> str:
        """``diagnostics`` (of one file, or one alone) as the report shows them."""
        if self.fmt == "github":
            from contentlint.reporters.github import render_github

            return render_github(diagnostics)
        from contentlint.reporters import text

        style = text.ANSI if self.color else text.PLAIN
        ordered = in_report_order(diagnostics)
        if self.fmt == "concise":
            return "".join(text.header(d, style, self.unsafe_fixes) + "\n" for d in ordered)
        return "\n".join(text.render_full(d, style, self.unsafe_fixes) for d in ordered)


def drawn_chunks(
    drawing: Drawing, parts: Iterable[str], remaining: Tally, *, quiet: bool = False
) -> Iterator[str]:
    """The report from each file's drawn part, in report order, and the tally of them all."""
    written = False
    separator = drawing.separator
    for part in parts:
        if not part:
            continue
        yield f"{separator}{part}" if written else part
        written = True
    if drawing.fmt in HUMAN_FORMATS and not quiet:
        from contentlint.reporters.text import tallied_summary

        closing = tallied_summary(remaining, unsafe_fixes=drawing.unsafe_fixes)
        yield f"\n{closing}" if written else closing
