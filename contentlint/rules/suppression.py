"""CL001: a suppression comment that suppressed nothing.

Suppressions are handled after the other rules have run
(``contentlint.suppressions.finalize``), which is also where CL001 is
reported; this module carries its documentation and its code.
"""

from __future__ import annotations

from typing import Iterable, Tuple

from contentlint.model import Diagnostic, Severity
from contentlint.rules.base import Rule, RuleContext, rule


@rule(
    "CL001",
    "unused-suppression",
    Severity.WARNING,
    summary="A suppression comment that suppressed nothing",
    fix="safe",
)
def unused_suppression(context: RuleContext) -> Iterable[Diagnostic]:
    """## What it does
    Finds a `<!-- contentlint-disable... -->` comment that suppressed no
    diagnostic, or codes in it that suppressed nothing, and a
    `<!-- contentlint-enable -->` that closes no open `disable`.

    The check runs after every other rule, once suppressions have been
    applied; a suppression of a rule that is not enabled is unused too.

    ## Why is this bad?
    A stale suppression hides the next real problem on that line or in that
    region, long after the problem it was written for has been fixed.

    ## Example
    ```
    <!-- contentlint-disable-next-line QT001 -->
    [card region="EG"]
    ```

    ## Use instead
    ```
    [card region="EG"]
    ```

    ## Fix safety
    Safe: the fix removes the comment (and its line, when the comment was
    alone on it), or only the unused codes from it. Comments are not shown
    on the page. No fix is offered for a comment after an opening `[` or
    `{{` that is not closed yet: the engine may read the comment as part of
    the tag, which removing it would change.
    """
    return ()


RULES: Tuple[Rule, ...] = (unused_suppression,)
