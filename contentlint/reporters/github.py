"""``github``: GitHub Actions workflow commands that become annotations on the pull request.

GitHub reads ``::error file=...,line=...::message`` lines from a step's
output.  Property values and the message are escaped as the runner expects
(``%``, CR and LF everywhere; ``:`` and ``,`` in properties too).  GitHub
accepts columns only for a one-line range and counts ``endColumn``
inclusively, so a span on one line ends at its last character, and a span
over several lines is given by lines only.  A diagnostic's note follows its
message on a line of its own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, List, Sequence, Tuple

from contentlint.reporters import in_report_order

if TYPE_CHECKING:
    from contentlint.results import Located


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(diagnostic: Located) -> str:
    command = "error" if diagnostic.severity == "error" else "warning"
    properties: List[Tuple[str, str]] = [
        ("file", diagnostic.path),
        ("line", str(diagnostic.line)),
    ]
    if diagnostic.end_line == diagnostic.line:
        last_column = max(diagnostic.column, diagnostic.end_column - 1)
        properties += [
            ("col", str(diagnostic.column)),
            ("endLine", str(diagnostic.end_line)),
            ("endColumn", str(last_column)),
        ]
    else:
        properties.append(("endLine", str(diagnostic.end_line)))
    properties.append(("title", f"{diagnostic.code} ({diagnostic.name})"))
    rendered = ",".join(f"{name}={escape_property(value)}" for name, value in properties)
    message = (
        f"{diagnostic.path}:{diagnostic.line}:{diagnostic.column}: "
        f"{diagnostic.code} {diagnostic.message}"
    )
    if diagnostic.note:
        message += f"\nnote: {diagnostic.note}"
    return f"::{command} {rendered}::{escape_data(message)}"


def render_github(diagnostics: Sequence[Located]) -> str:
    return "".join(annotation(diagnostic) + "\n" for diagnostic in in_report_order(diagnostics))
