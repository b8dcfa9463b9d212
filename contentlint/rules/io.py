"""IO001: a file, or its front matter, that could not be read; IO002: a stray NUL byte in text.

The runner reports IO001 for a file that cannot be decoded, because it has
no ``Source`` for a rule to look at; this module carries its documentation so
that the code can be selected, ignored and explained like any other.  The
IO001 rule itself reports front matter nested too deep to be read.
"""

from __future__ import annotations

import re
from typing import Iterable, Iterator, Tuple

from contentlint import nesting
from contentlint.characters import TYPOGRAPHIC_QUOTES
from contentlint.model import Applicability, Diagnostic, Edit, Fix, Severity, Span
from contentlint.rules.base import Rule, RuleContext, rule


@rule("IO001", "unreadable-file", summary="A file that cannot be read as UTF-8 text")
def unreadable_file(context: RuleContext) -> Iterable[Diagnostic]:
    """## What it does
    Reports a file that could not be checked: invalid UTF-8 (with the byte
    offset of the first bad byte), UTF-16 or UTF-32 text, a binary file
    (control characters fill its start, or it holds NUL bytes and is not
    UTF-8; the message says which), permission denied, or a file that vanished
    while the run was going on. A FIFO, a socket or a device is never read,
    nor is one read to learn about the content (a configuration file, a Hugo
    site's configuration, template or module list, a WordPress plugin file):
    it is reported on that file, with what the run did without it. The run
    goes on with the other files. A UTF-8
    file with a stray NUL byte is text: it is checked, and IO002 points at
    the byte.
    Front matter nested more than 100 levels deep is reported where the
    nesting passes that depth; its values are not checked.

    ## Why is this bad?
    A file that contentlint cannot read was not checked at all, so its
    problems stay hidden. Both engines expect UTF-8: WordPress shows invalid
    bytes as replacement characters, and a shortcode's attributes are lost
    when they hold invalid UTF-8; Hugo reads the file as UTF-8 too.

    ## Example
    ```
    A post saved as Windows-1252: caf<byte 0xE9> [gallery ids="1,2"]
    ```

    ## Use instead
    ```
    The same post saved as UTF-8: café [gallery ids="1,2"]
    ```

    ## Fix safety
    No fix: the intended encoding cannot be known for certain.
    """
    front_matter = context.document.front_matter
    if front_matter is None and context.text.lstrip()[:1] in ("-", "+", "{"):
        front_matter = context.index.front_matter
    if front_matter is None or front_matter.unread_at is None:
        return ()
    at = front_matter.unread_at
    message = f"front matter {nesting.NESTED_TOO_DEEP}; its values are not checked"
    return (unreadable_file.diagnostic(Span(at, at + 1), message),)


_NUL_RUN = re.compile("\x00+")
# Characters that make markup of the text around them: a NUL between one of
# them and its neighbour is not removed by a safe fix.
_MARKUP = frozenset("`~[]{}<>\"'=/%*_|\\#-:!&") | TYPOGRAPHIC_QUOTES


@rule(
    "IO002",
    "nul-byte",
    Severity.WARNING,
    summary="A NUL byte (U+0000) in text",
    fix="safe",
)
def nul_byte(context: RuleContext) -> Iterator[Diagnostic]:
    """## What it does
    Points at each run of NUL bytes (U+0000) in a file that is otherwise
    text. The rest of the file is checked as usual.

    ## Why is this bad?
    A NUL byte is invisible in most editors and means nothing in content. It
    is usually left by a broken copy, an export or an editor crash. Markdown
    renderers show it as U+FFFD (the replacement character, a box with a
    question mark), and HTML parsers drop it or report it, so the page does
    not show what the author sees.

    ## Example
    ```
    Read the guide<NUL> first.
    ```

    ## Use instead
    ```
    Read the guide first.
    ```

    ## Fix safety
    Safe: the fix removes the NUL bytes and nothing else. Unsafe when a
    markup character stands next to them (a bracket, a backtick, a quote,
    `=`, `/`...) or when they sit inside a tag (between `[` and `]`, or `{{`
    and `}}`, on one line): removing them joins what stands around them,
    which may make a tag, a name or a code fence where there was none.
    """
    text = context.text
    if "\x00" not in text:
        return
    for match in _NUL_RUN.finditer(text):
        span = Span(match.start(), match.end())
        count = span.end - span.start
        what = "a NUL byte" if count == 1 else f"{count} NUL bytes"
        before, after = text[span.start - 1 : span.start], text[span.end : span.end + 1]
        fix = Fix(Applicability.SAFE, "remove it", (Edit(span, ""),))
        joins_line_breaks = before == "\r" and after == "\n"  # two line breaks made one
        if before in _MARKUP or after in _MARKUP or joins_line_breaks or _in_tag(text, span):
            # Removing it joins what stands around it: a name and a ']' make
            # a closing tag, two backticks a code fence, two halves one name.
            fix = Fix(
                Applicability.UNSAFE,
                f"remove it, joining {before!r} and {after!r}, which may change the markup",
                fix.edits,
            )
        yield nul_byte.diagnostic(
            span,
            f"{what} (U+0000) in the text; Markdown renderers show it as U+FFFD and "
            "HTML parsers drop it",
            fix,
        )


def _in_tag(text: str, span: Span) -> bool:
    """Whether ``span`` lies between a ``[`` and a ``]`` (or ``{{`` and ``}}``) of its line."""
    line_start = text.rfind("\n", 0, span.start) + 1
    line_end = text.find("\n", span.end)
    before = text[line_start : span.start]
    after = text[span.end : len(text) if line_end < 0 else line_end]
    return (before.rfind("[") > before.rfind("]") and "]" in after) or (
        before.rfind("{{") > before.rfind("}}") and "}}" in after
    )


RULES: Tuple[Rule, ...] = (unreadable_file, nul_byte)
