"""Syntax rules: what the dialect parsers found that the engine cannot read.

The parsers (``contentlint.wordpress`` and ``contentlint.hugo``) model the
engines' grammars and record each problem under the code of the rule that
reports it; these rules carry the documentation and hand the problems on.
"""

from __future__ import annotations

from typing import Iterable, Tuple

from contentlint.model import Diagnostic, Severity
from contentlint.rules.base import Rule, RuleContext, problems_rule


@problems_rule("SC001", "unclosed-tag", summary="An opening tag never reaches its closing bracket")
def unclosed_tag(context: RuleContext) -> Iterable[Diagnostic]:
    """## What it does
    Finds an opening `[name`, `{{<` or `{{%` that never reaches its `]`,
    `>}}` or `%}}`.

    ## Why is this bad?
    WordPress shows the whole run as text on the page. Hugo fails the build
    with "unclosed shortcode action", positioned at the end of the file, far
    from the cause. A common cause is an unquoted value glued to the closing
    delimiter: `{{< figure src=a.png>}}` swallows `>}}` into the value.

    ## Example
    ```
    [gallery ids="1,2,3"
    {{< figure src=a.png>}}
    ```

    ## Use instead
    ```
    [gallery ids="1,2,3"]
    {{< figure src="a.png" >}}
    ```

    ## Fix safety
    No fix: where the tag should end cannot be known.
    """
    return ()


@problems_rule(
    "SC002", "unterminated-string", summary="A quoted value is not closed inside the tag"
)
def unterminated_string(context: RuleContext) -> Iterable[Diagnostic]:
    """## What it does
    Finds a quoted attribute value whose closing quote is missing before the
    tag ends (WordPress: before the `]`; Hugo: before the end of the line, or
    the end of the file for a backtick string).

    ## Why is this bad?
    WordPress ends a tag at the first `]`, even inside quotes, so the rest of
    the value spills onto the page and the attribute becomes a positional
    fragment with the quote in it. Hugo fails the build with "unterminated
    quoted string in shortcode parameter-argument".

    ## Example
    ```
    [button label="Read more]
    {{< note title="Read more >}}
    ```

    ## Use instead
    ```
    [button label="Read more"]
    {{< note title="Read more" >}}
    ```

    ## Fix safety
    No fix: where the value should end cannot be known.
    """
    return ()


@problems_rule(
    "SC003", "unclosed-shortcode", summary="A shortcode that needs a closing tag has none"
)
def unclosed_shortcode(context: RuleContext) -> Iterable[Diagnostic]:
    """## What it does
    Finds a shortcode that must enclose content but is never closed: in Hugo,
    one whose template uses `.Inner` or `.InnerDeindent`; in either dialect,
    one configured with `enclosing = "always"`.

    ## Why is this bad?
    Hugo fails the build with `shortcode "x" must be closed or self-closed`.
    A WordPress shortcode that expects content renders empty, and the text
    meant for it shows outside it.

    ## Example
    ```
    {{< details summary="More" >}}
    Hidden text.
    ```

    ## Use instead
    ```
    {{< details summary="More" >}}
    Hidden text.
    {{< /details >}}
    ```

    ## Fix safety
    No fix: where the content should end cannot be known.
    """
    return ()


@problems_rule(
    "SC004", "orphan-closing-tag", summary="A closing tag with no open shortcode of that name"
)
def orphan_closing_tag(context: RuleContext) -> Iterable[Diagnostic]:
    """## What it does
    Finds a closing tag (`[/name]`, `{{< /name >}}`) with no open shortcode of
    that name before it.

    ## Why is this bad?
    WordPress prints the stray `[/name]` as text. Hugo fails the build with
    "got closing shortcode, but none is open" or "closing tag for shortcode
    'x' does not match start tag" when the name was never opened before (it
    compares names byte for byte, so `{{< Foo >}}…{{< /foo >}}` fails too),
    and when no shortcode that takes inner content is open. Otherwise Hugo
    uses the closing tag to close the innermost open shortcode, whatever its
    name, and builds: `{{% outer %}}Body{{% /lead %}}` closes `outer`. That
    case is a warning, and the message says which shortcode Hugo closes.

    ## Example
    ```
    Some text.[/box]
    ```

    ## Use instead
    ```
    [box]Some text.[/box]
    ```

    ## Fix safety
    No fix: the closing tag may be stray, or its opening tag may be missing.
    """
    return ()


@problems_rule(
    "SC005", "misnested-shortcodes", summary="A closing tag crosses another open shortcode"
)
def misnested_shortcodes(context: RuleContext) -> Iterable[Diagnostic]:
    """## What it does
    Finds a closing tag that closes a shortcode while another shortcode opened
    inside it is still open: `[a][b][/a][/b]`.

    ## Why is this bad?
    WordPress encloses up to the first matching closing tag, so the inner
    shortcode's closing tag ends up outside and prints as text, or the inner
    one swallows content it was not meant to. Hugo closes the innermost open
    shortcode at each closing tag, whatever its name, so the content lands
    in the other shortcode without a word; in Hugo it is a warning, since
    the page builds.

    ## Example
    ```
    {{< tabs >}}{{< tab >}}One{{< /tabs >}}{{< /tab >}}
    ```

    ## Use instead
    ```
    {{< tabs >}}{{< tab >}}One{{< /tab >}}{{< /tabs >}}
    ```

    ## Fix safety
    No fix: the intended nesting cannot be known.
    """
    return ()


@problems_rule(
    "SC006", "invalid-attribute", summary="An attribute the engine cannot read as written"
)
def invalid_attribute(context: RuleContext) -> Iterable[Diagnostic]:
    """## What it does
    Finds an attribute that the engine reads differently from how it looks:
    a name with characters the engine does not accept (`x.y="2"` in
    WordPress), no space between two attributes (`a="x"b="y"`), a value glued
    to the closing delimiter, a Hugo name with a period, or any character
    Hugo rejects inside a tag. The message says how the engine reads it.
    (`[youtube=https://…]` is not one: WordPress hands `=https://…` to the
    shortcode as its one positional value, as such shortcodes expect.)

    ## Why is this bad?
    WordPress silently turns such an attribute into a positional fragment, so
    the shortcode never sees the named value. Hugo fails the build, often
    with an error that points elsewhere.

    ## Example
    ```
    [box title="A"class="wide"]
    ```

    ## Use instead
    ```
    [box title="A" class="wide"]
    ```

    ## Fix safety
    No fix: the intended attributes cannot be known in general.
    """
    return ()


@problems_rule(
    "SC007", "duplicate-attribute", Severity.WARNING, summary="The same attribute is given twice"
)
def duplicate_attribute(context: RuleContext) -> Iterable[Diagnostic]:
    """## What it does
    Finds an attribute given twice in one tag (for WordPress after its ASCII
    lower-casing of names, so `Title` and `title` are the same).

    ## Why is this bad?
    Both engines keep the last value and drop the first without a word, so
    an edit to the first one has no effect.

    ## Example
    ```
    [button url="/a" label="Go" URL="/b"]
    ```

    ## Use instead
    ```
    [button url="/a" label="Go"]
    ```

    ## Fix safety
    No fix: which of the two values is meant cannot be known.
    """
    return ()


@problems_rule(
    "SC008", "mixed-parameters", summary="Hugo: named and positional parameters in one call"
)
def mixed_parameters(context: RuleContext) -> Iterable[Diagnostic]:
    """## What it does
    Finds a Hugo shortcode call that mixes named and positional parameters,
    including the spaced form `a = "v"` followed by more parameters, which
    Hugo's lexer counts as positional.

    ## Why is this bad?
    Hugo fails the build: "Cannot mix named and positional parameters", or
    "invalid state: invalid param type".

    ## Example
    ```
    {{< figure "a.png" alt="A cat" >}}
    ```

    ## Use instead
    ```
    {{< figure src="a.png" alt="A cat" >}}
    ```

    ## Fix safety
    No fix: the name of a positional value cannot be known.
    """
    return ()


@problems_rule(
    "SC009",
    "invisible-character-in-tag",
    summary="An invisible character inside tag syntax",
    fix="safe",
)
def invisible_character_in_tag(context: RuleContext) -> Iterable[Diagnostic]:
    """## What it does
    Finds a no-break space, zero-width space, zero-width joiner or non-joiner,
    bidi mark (LRM, RLM, ALM), BOM or other invisible character inside tag
    syntax: in a name, between attributes, or touching a delimiter. Inside a
    quoted value they are content and are left alone.

    ## Why is this bad?
    They cannot be seen in an editor, but the engines read them. After a
    closing quote, WordPress turns every following named attribute into
    positional junk; after a name, WordPress may not see the shortcode at
    all. Hugo fails the build with "unrecognized character in shortcode
    action". They are common in content typed in right-to-left editors.

    ## Example
    ```
    [card region="EG"<U+200F> rtl="true"]   (an RLM after the quote)
    ```

    ## Use instead
    ```
    [card region="EG" rtl="true"]
    ```

    ## Fix safety
    Safe: a separating character becomes one ASCII space, any other is
    removed; the text the engine reads is then what the author sees.
    """
    return ()


@problems_rule(
    "SC010",
    "mismatched-delimiters",
    summary="Hugo: a tag closed with the other notation",
    fix="safe",
)
def mismatched_delimiters(context: RuleContext) -> Iterable[Diagnostic]:
    """## What it does
    Finds a Hugo tag that opens with one notation and closes with the other:
    `{{< x %}}` or `{{% x >}}`.

    ## Why is this bad?
    Hugo fails the build with "unrecognized character in shortcode action".

    ## Example
    ```
    {{< notice info %}}
    ```

    ## Use instead
    ```
    {{< notice info >}}
    ```

    ## Fix safety
    Safe: the closing delimiter is made to match the opening one, which
    decides the notation.
    """
    return ()


@problems_rule(
    "SC012", "unexpected-closing", summary="Hugo: a closing tag on a template without .Inner"
)
def unexpected_closing(context: RuleContext) -> Iterable[Diagnostic]:
    """## What it does
    Finds a Hugo closing tag, or a self-closing `/>}}`, on a shortcode whose
    template never uses `.Inner` or `.InnerDeindent` (as discovered in the
    site's `layouts/_shortcodes/`, or for Hugo's embedded shortcodes).

    ## Why is this bad?
    Hugo fails the build: `shortcode "x" does not evaluate .Inner or
    .InnerDeindent, yet a closing tag was provided`. When another shortcode
    that takes inner content is open around it, Hugo uses the closing tag to
    close that one instead and builds; that case is a warning.

    ## Example
    ```
    {{< figure src="a.png" />}}
    ```

    ## Use instead
    ```
    {{< figure src="a.png" >}}
    ```

    ## Fix safety
    No fix: the template may be the one that is wrong.
    """
    return ()


RULES: Tuple[Rule, ...] = (
    unclosed_tag,
    unterminated_string,
    unclosed_shortcode,
    orphan_closing_tag,
    misnested_shortcodes,
    invalid_attribute,
    duplicate_attribute,
    mixed_parameters,
    invisible_character_in_tag,
    mismatched_delimiters,
    unexpected_closing,
)
