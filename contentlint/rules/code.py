"""Code rules: shortcodes written inside code, where the engine still runs them."""

from __future__ import annotations

from typing import Iterator, List, Tuple

from contentlint import markup
from contentlint.model import (
    Applicability,
    Diagnostic,
    Dialect,
    Edit,
    Fix,
    Severity,
    Shortcode,
    Span,
)
from contentlint.rules import wording
from contentlint.rules.base import Rule, RuleContext, rule


def code_spans(context: RuleContext) -> Tuple[Span, ...]:
    """The document's code regions, computed once per document and shared."""
    return context.index.code_spans


@rule(
    "SC011",
    "shortcode-in-code",
    Severity.WARNING,
    summary="A shortcode inside code that the engine will still run",
    fix="unsafe",
    default_enabled=False,
)
def shortcode_in_code(context: RuleContext) -> Iterator[Diagnostic]:
    """## What it does
    Finds a shortcode written inside a code fence, an inline code span, or a
    `<code>`, `<pre>`, `<kbd>` or `<tt>` element. Off by default.

    ## Why is this bad?
    Neither engine knows Markdown code: WordPress and Hugo both run the
    shortcode, so a page that means to show `[gallery]` or
    `{{< figure src="a.png" >}}` as an example shows the gallery or the
    figure instead (or fails the Hugo build when the example is incomplete).

    ## Example
    ````
    Write `[gallery ids="1,2"]` to show a gallery.

    ```
    {{< figure src="a.png" >}}
    ```
    ````

    ## Use instead
    ````
    Write `[[gallery ids="1,2"]]` to show a gallery.

    ```
    {{</* figure src="a.png" */>}}
    ```
    ````

    ## Fix safety
    Unsafe: the fix escapes the shortcode (WordPress `[[…]]`, Hugo
    `{{</* … */>}}`) so that it is shown rather than run; that is wrong when
    the shortcode was meant to run inside the code element.

    ## When to turn it on
    Documentation sites run shortcodes inside code on purpose, to put a
    version or a path into a command (`tar -xzf app_{{% param vers %}}.tgz`),
    and the fix would break those pages; so the rule is off by default. Turn
    it on where code is meant to be shown as written: a blog or a tutorial
    that explains shortcodes, or a site whose examples should never run.
    Select it by its exact code (a prefix such as `SC` does not turn it
    on), and keep it off where code runs shortcodes on purpose:

    ```toml
    [tool.contentlint]
    extend-select = ["SC011"]

    [tool.contentlint.per-file-ignores]
    "content/docs/**" = ["SC011"]
    ```
    """
    regions = code_spans(context)
    if not regions:
        return
    for shortcode in _outermost_in_code(context.document.shortcodes, regions):
        fix = Fix(Applicability.UNSAFE, "escape the shortcode so it is shown", _escape(shortcode))
        message = wording.sentence(
            "the page will show what the shortcode makes, not the code example",
            "a shortcode inside code still runs",
            wording.action(fix, "escape it if it is an example"),
        )
        yield shortcode_in_code.diagnostic(shortcode.open_span, message, fix, _note(shortcode))


def _outermost_in_code(
    shortcodes: Tuple[Shortcode, ...], regions: Tuple[Span, ...]
) -> Iterator[Shortcode]:
    """Non-escaped occurrences inside code, not counting those inside a reported one."""
    for shortcode in shortcodes:
        if shortcode.escaped:
            continue
        if markup.offset_inside(shortcode.span.start, regions):
            yield shortcode
            continue
        yield from _outermost_in_code(shortcode.children, regions)


def _note(shortcode: Shortcode) -> str:
    if shortcode.dialect is Dialect.HUGO:
        tag = f"{{{{{shortcode.notation or '<'} {shortcode.name} …}}}}"
        return f"{tag} inside code: Hugo will run it; it does not know Markdown code"
    return f"[{shortcode.name}] inside code: WordPress will run it; it does not know Markdown code"


def _escape(shortcode: Shortcode) -> Tuple[Edit, ...]:
    if shortcode.dialect is Dialect.WORDPRESS:
        return (
            Edit(Span(shortcode.span.start, shortcode.span.start), "["),
            Edit(Span(shortcode.span.end, shortcode.span.end), "]"),
        )
    edits: List[Edit] = []
    for tag in (shortcode.open_span, shortcode.close_span):
        if tag is None:
            continue
        # Hugo tags open with `{{<`/`{{%` and close with `>}}`/`%}}`.
        after_open, before_close = tag.start + 3, tag.end - 3
        if after_open >= before_close:  # an empty tag: one insertion
            edits.append(Edit(Span(after_open, after_open), "/**/"))
            continue
        edits.append(Edit(Span(after_open, after_open), "/*"))
        edits.append(Edit(Span(before_close, before_close), "*/"))
    return tuple(edits)


RULES: Tuple[Rule, ...] = (shortcode_in_code,)
