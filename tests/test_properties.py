"""Properties of the whole pipeline on generated content (STYLE.md "Tests").

Never crash; every position lies inside the file; fixing is idempotent;
after a fix its diagnostic is gone and no new error appears.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contentlint.fixer import fix_text
from contentlint.linter import FileContext, check, linter_for
from contentlint.model import Applicability, Diagnostic
from contentlint.settings import Registry, Settings, ShortcodeSchema
from contentlint.source import Source

PIECES = [
    "[card",
    "[/card]",
    "[gallery ids=",
    "]",
    "[",
    "[[",
    "]]",
    "/]",
    " ",
    "\n",
    "\r\n",
    "region=",
    "rtl=",
    "dir=",
    '"',
    "'",
    "\u201d",
    "\u201c",
    "\u2033",
    "\u2019",
    "\u00ab",
    "\u00bb",
    "\u00a0",
    "\u200b",
    "\u200f",
    "\u202e",
    "\u202b",
    "\u202c",
    "\u2067",
    "\u2069",
    "&quot;",
    "&#8221;",
    "\u00e2\u20ac\u009d",
    "EG",
    "true",
    "True",
    "\u0645\u0635\u0631",
    "\u0627\u0644\u0639\u0631\u0628\u064a\u0629 ",
    "hello world",
    "{{<",
    "{{%",
    ">}}",
    "%}}",
    "{{< /card >}}",
    "{{</* x */>}}",
    "/>}}",
    "`",
    "```\n",
    "<!-- contentlint-disable-line -->",
    "---\ntitle: x\n---\n",
    "x=1",
    'a="b"',
    "\\",
    "<code>",
    "</code>",
    "[/box]",
    "[box]",
]

TEXT = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)

CONTEXTS = [
    FileContext(Settings(), Registry()),
    FileContext(
        Settings(
            known=frozenset({"card", "box"}),
            schemas={"card": ShortcodeSchema(direction_flag='rtl="true"')},
            extend_select=("ALL",),
        ),
        Registry(hugo_templates={"card": True, "box": False}),
    ),
]


def _applies(diagnostic: Diagnostic, unsafe: bool) -> bool:
    fix = diagnostic.fix
    return fix is not None and (unsafe or fix.applicability is Applicability.SAFE)


@settings(
    max_examples=600,
    deadline=None,
    derandomize=True,  # the same examples on every run: CI must not flake
    suppress_health_check=[HealthCheck.too_slow],
)
@given(TEXT, st.sampled_from([0, 1]), st.booleans())
def test_any_text_is_linted_and_fixed_without_surprises(
    text: str, which: int, unsafe: bool
) -> None:
    context = CONTEXTS[which]
    source = Source.from_text("post.md", text)
    found = check(source, context)
    for diagnostic in found:
        assert 0 <= diagnostic.span.start <= diagnostic.span.end <= len(source.text)
        line, column = source.position(diagnostic.span.start)
        assert 1 <= line <= source.line_count and column >= 1
        for edit in diagnostic.fix.edits if diagnostic.fix else ():
            assert 0 <= edit.span.start <= edit.span.end <= len(source.text)
    outcome = fix_text(source.text, linter_for(source, context), unsafe=unsafe)
    if not outcome.converged:
        return  # bounded passes; nothing more to say about a partial fix
    again = fix_text(outcome.text, linter_for(source, context), unsafe=unsafe)
    assert again.text == outcome.text  # idempotent
    for diagnostic in check(source.with_text(outcome.text), context):
        assert not _applies(diagnostic, unsafe), (
            f"fixable diagnostic left after --fix: {diagnostic}"
        )


# -- valid content, damaged the ways content gets damaged ----------------------------------

NAMES = st.sampled_from(["card", "box", "gallery"])
WORDS = st.sampled_from(["EG", "true", "#0c3278", "12", "hello world", "مصر", "الحالات الجديدة"])
DAMAGE = st.sampled_from(["curly", "prime", "entity", "nbsp", "rlm", "stray-pdf", "none"])


@st.composite
def damaged_shortcode(draw: st.DrawFn, hugo: bool = False) -> tuple:  # type: ignore[type-arg]
    name = draw(NAMES)
    opener, closer = ("{{< ", " >}}") if hugo else ("[", "]")
    pairs = draw(
        st.lists(
            st.tuples(st.sampled_from(["region", "label", "color", "size"]), WORDS),
            min_size=1,
            max_size=4,
            unique_by=lambda pair: pair[0],
        )
    )
    clean = opener + name + "".join(f' {key}="{value}"' for key, value in pairs) + closer
    damaged = opener + name
    for key, value in pairs:
        kind = draw(DAMAGE)
        separator = "\u00a0" if kind == "nbsp" else " "
        opening = closing = '"'
        if kind == "curly":
            opening = closing = "\u201d"
        elif kind == "prime":
            opening, closing = "\u201d", "\u2033"
        elif kind == "entity":
            opening = closing = "&#8221;"
        suffix = "\u200f" if kind == "rlm" else ""
        stray = "\u202c" if kind == "stray-pdf" else ""
        damaged += f"{separator}{key}={opening}{value}{closing}{suffix}"
        damaged += stray
    return clean, damaged + closer


@settings(max_examples=300, deadline=None, derandomize=True)
@given(
    st.booleans().flatmap(lambda hugo: st.lists(damaged_shortcode(hugo), min_size=1, max_size=5)),
    st.sampled_from(["\n", "\r\n"]),
)
def test_damaged_shortcodes_are_fixed_back_exactly(pairs: list, newline: str) -> None:  # type: ignore[type-arg]
    prose = "قال “المتحدث” اليوم إن الخطة جاهزة." + newline
    clean = prose + newline.join(c for c, _ in pairs) + newline
    damaged = prose + newline.join(d for _, d in pairs) + newline
    context = CONTEXTS[0]
    source = Source.from_text("post.md", damaged)
    outcome = fix_text(damaged, linter_for(source, context))
    assert outcome.text == clean
    assert check(source.with_text(outcome.text), context) == []
