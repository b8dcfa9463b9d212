"""How a diagnostic speaks to the person who fixes the content.

A message says first what the reader will see go wrong on the page, then
what to do: ``the shortcode will get region wrong: the quotes around EG are
curly; run contentlint check --fix``.  The exact characters (``U+201D RIGHT
DOUBLE QUOTATION MARK``) and the engine's own reading go to the diagnostic's
``note``.

The syntax rules hand on what the parsers found; a parser's text says what
the engine does, so it becomes the note, and ``syntax_message`` gives the
message in front of it.
"""

from __future__ import annotations

from typing import Dict, Optional, Tuple

from contentlint.model import (
    FIX_COMMAND,
    MORE_MAY_FOLLOW,
    UNSAFE_FIX_COMMAND,
    Applicability,
    Dialect,
    Fix,
)

BUILD_FAILS = "the site will not build"


def action(fix: Optional[Fix], manual: str) -> str:
    """What to do: the command when a fix exists, else ``manual``."""
    if fix is None:
        return manual
    if fix.applicability is Applicability.SAFE:
        return f"run {FIX_COMMAND}"
    return f"{manual}, or check the suggested change and run {UNSAFE_FIX_COMMAND}"


def sentence(consequence: str, cause: str, what_to_do: str) -> str:
    return f"{consequence}: {cause}; {what_to_do}"


def hugo_build_fails(engine_text: str) -> bool:
    """Whether a parser's text says that Hugo stops the build."""
    return "Hugo will fail" in engine_text


# code -> (consequence in WordPress, consequence in Hugo when the build goes on, cause, action)
_SYNTAX: Dict[str, Tuple[str, str, str, str]] = {
    "SC001": (
        "the shortcode will show as plain text on the page",
        "the shortcode will show as plain text on the page",
        "its opening tag is never closed",
        "close the tag where it should end",
    ),
    "SC002": (
        "the shortcode will get this value cut short and the rest may show on the page",
        "the shortcode will get this value wrong",
        "a quoted value is never closed",
        "add the closing quote",
    ),
    "SC003": (
        "the shortcode will get none of the content meant for it",
        "the shortcode will get none of the content meant for it",
        "it needs a closing tag and has none",
        "add the closing tag where its content ends",
    ),
    "SC004": (
        "this closing tag will show as text on the page",
        "this closing tag will close a different shortcode",
        "no shortcode of that name is open before it",
        "remove it, or add the opening tag it belongs to",
    ),
    "SC005": (
        "a closing tag will show as text and a shortcode will wrap the wrong content",
        "a shortcode will wrap the wrong content",
        "this closing tag crosses another shortcode that is still open",
        "close the inner shortcode first",
    ),
    "SC006": (
        "the shortcode will not get this attribute as written",
        "the shortcode will not get this parameter as written",
        "the engine cannot read it",
        "rewrite it as the note explains",
    ),
    "SC007": (
        "the shortcode will see only one of these values",
        "the shortcode will see only one of these values",
        "the same attribute is given twice",
        "remove the one you do not want",
    ),
    "SC008": (
        "the shortcode will not get these parameters as written",
        "the shortcode will not get these parameters as written",
        "named and positional parameters are mixed",
        "give every parameter a name, or none",
    ),
    "SC009": (
        "the shortcode may not run or may lose its attributes",
        "the shortcode may not run or may lose its parameters",
        "an invisible character sits inside the tag",
        "delete it",
    ),
    "SC010": (
        "the shortcode will not run",
        "the shortcode will not run",
        "the tag opens with one notation and closes with the other",
        "close it as it opens",
    ),
    "SC012": (
        "the content between the tags will be lost",
        "the content between the tags will be lost",
        "this shortcode's template takes no content, yet it has a closing tag",
        "remove the closing tag, or use a shortcode that takes content",
    ),
}


def syntax_message(
    code: str, dialect: Dialect, engine_text: str, fix: Optional[Fix]
) -> Tuple[str, Optional[str]]:
    """(message, note) for a problem a parser found; ``engine_text`` becomes the note."""
    entry = _SYNTAX.get(code)
    if entry is None:
        return engine_text, None
    wordpress, hugo, cause, manual = entry
    if dialect is Dialect.WORDPRESS:
        consequence = wordpress
    else:
        consequence = BUILD_FAILS if hugo_build_fails(engine_text) else hugo
    if MORE_MAY_FOLLOW in engine_text:
        # The engine stopped here: say so where the reader looks first.
        cause = f"{cause} ({MORE_MAY_FOLLOW})"
    return sentence(consequence, cause, action(fix, manual)), engine_text
