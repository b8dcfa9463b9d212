"""IO001: a file, or its front matter, that could not be read.

The runner reports a file that cannot be decoded, because it has no
``Source`` for a rule to look at; this module carries the documentation so
that the code can be selected, ignored and explained like any other.  The
rule itself reports front matter nested too deep to be read.
"""

from __future__ import annotations

from typing import Iterable, Tuple

from contentlint import frontmatter, nesting
from contentlint.model import Diagnostic, Span
from contentlint.rules.base import Rule, RuleContext, rule


@rule("IO001", "unreadable-file", summary="A file that cannot be read as UTF-8 text")
def unreadable_file(context: RuleContext) -> Iterable[Diagnostic]:
    """## What it does
    Reports a file that could not be checked: invalid UTF-8 (with the byte
    offset of the first bad byte), UTF-16 or UTF-32 text, permission denied,
    or a file that vanished while the run was going on. The run goes on with
    the other files. Front matter nested more than 100 levels deep is
    reported where the nesting passes that depth; its values are not checked.

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
        front_matter = frontmatter.split(context.text)
    if front_matter is None or front_matter.unread_at is None:
        return ()
    at = front_matter.unread_at
    message = f"front matter {nesting.NESTED_TOO_DEEP}; its values are not checked"
    return (unreadable_file.diagnostic(Span(at, at + 1), message),)


RULES: Tuple[Rule, ...] = (unreadable_file,)
