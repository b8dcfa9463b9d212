"""What the quote messages say WordPress reads is what real WordPress hands the shortcode.

Each input holds one damaged value.  Its diagnostic's note quotes the
engine's reading: "will read it as V", "splits it: name = V, positional
value N = W ..." or "reads it as ..., so NAME is not set".  The values and
keys quoted there must be exactly the attributes that WordPress's
``do_shortcode`` passes to the callback for that value (C-unescaped, numeric
keys as PHP gives them), in the same order.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import FrozenSet, List, Optional, Tuple

import pytest

from contentlint import wordpress
from contentlint.model import Diagnostic
from contentlint.rules.base import RuleContext
from contentlint.rules.quotes import RULES
from contentlint.settings import Settings
from contentlint.source import Source
from tests.oracles import engines

pytestmark = pytest.mark.skipif(
    engines.wordpress_unavailable_reason() is not None,
    reason=f"WordPress oracle: {engines.wordpress_unavailable_reason()}",
)


@dataclass(frozen=True)
class Case:
    text: str
    name: Optional[str]  # the damaged value's attribute name; None when positional
    others: FrozenSet[str] = frozenset()  # oracle keys that belong to other, sound values


CASES = [
    Case("[card region=\u201dEG\u201d]", "region"),
    # A Markdown converter's "\_": WordPress C-unescapes values.
    Case("[card id=\u201dattachment\\_963\u201d]", "id"),
    Case("[card x=\u201da\\x41b\u201d]", "x"),
    Case("[card title=\u201dContact form 1\u2033]", "title"),
    # After the key 5, PHP numbers the next positional value 6.
    Case('[card 5="x" title=\u201dContact form 1\u2033]', "title", frozenset({"5"})),
    Case("[card a b title=\u201dx y\u201d]", "title", frozenset({"0", "1"})),
    Case('[card label="Read more\u201d url="/more"]', "label", frozenset({"url"})),
    Case("[card title=&quot;Hello world&quot;]", "title"),
    Case("[card title=&#8220;Hello&#8221;]", "title"),
    Case("[card \u201dEG\u201d]", None),
    Case("[card \u201da b\u201d]", None),
    Case("[card Region=\u201cEG\u201d]", "Region"),
]


def _lint(text: str) -> List[Diagnostic]:
    source = Source.from_text("post.md", text)
    context = RuleContext(source, wordpress.parse(source.text, ("card",)), Settings())
    return [d for rule in RULES for d in rule.check(context)]


def _oracle_pieces(text: str, others: FrozenSet[str]) -> List[Tuple[str, str]]:
    (result,) = engines.wp_do_shortcode([(text, ["card"])])
    (call,) = result["calls"]
    atts = call["atts"] or {}
    return [(key, atts[key]) for key in call["atts_order"] if key not in others]


def _piece(key: str, value: str) -> str:
    # The inputs give no attribute a numeric name, so a numeric key is positional.
    return f"positional value {key} = {value}" if key.isdigit() else f"{key} = {value}"


def _expected_reading(name: Optional[str], pieces: List[Tuple[str, str]]) -> str:
    listed = [_piece(key, value) for key, value in pieces]
    joined = listed[0] if len(listed) == 1 else ", ".join(listed[:-1]) + " and " + listed[-1]
    if len(pieces) == 1 and (name is None or pieces[0][0] == name.lower()):
        return f"WordPress will read it as {pieces[0][1]}"
    if name is None or pieces[0][0] == name.lower():
        return f"WordPress splits it: {joined}"
    return f"WordPress reads it as {joined}, so {name} is not set"


@pytest.mark.parametrize("case", CASES, ids=[case.text for case in CASES])
def test_the_reading_in_the_note_is_what_wordpress_hands_the_shortcode(case: Case) -> None:
    (diagnostic,) = _lint(case.text)
    assert diagnostic.note is not None
    expected = _expected_reading(case.name, _oracle_pieces(case.text, case.others))
    assert f"; {expected}" in diagnostic.note, diagnostic.note


def test_the_backslash_case_shows_the_unescaped_value() -> None:
    (diagnostic,) = _lint("[card id=\u201dattachment\\_963\u201d]")
    assert diagnostic.note is not None
    assert diagnostic.note.endswith("WordPress will read it as \u201dattachment_963\u201d")
    assert "\\_" not in diagnostic.note


@dataclass(frozen=True)
class HugoCase:
    text: str
    key: object  # the parameter's name, or its position


HUGO_CASES = [
    HugoCase("{{< card title=\u201dx\u201d >}}", "title"),
    HugoCase('{{< card title="Good" alt=\u201cx\u201d >}}', "alt"),
    HugoCase("{{< card title='x' >}}", "title"),
    HugoCase('{{< card title="a b\u201d >}}', "title"),
    HugoCase("{{< card \u201dEG\u201d >}}", 0),
    HugoCase("{{< card title=\u201da b\u201d >}}", "title"),
    # Hugo reads the value to the next straight quote, and then fails on what follows.
    HugoCase('{{< card title="a b\u201d c="d" >}}', "title"),
]


def _lint_hugo(text: str) -> List[Diagnostic]:
    from contentlint import hugo

    source = Source.from_text("post.md", text)
    context = RuleContext(source, hugo.parse(source.text, {"card": False}), Settings())
    return [d for rule in RULES for d in rule.check(context)]


@pytest.mark.skipif(
    engines.hugo_unavailable_reason() is not None,
    reason=f"Hugo oracle: {engines.hugo_unavailable_reason()}",
)
def test_hugo_messages_say_what_hugo_builds() -> None:
    results = engines.hugo_extract([case.text for case in HUGO_CASES], {"card": False})
    for case, result in zip(HUGO_CASES, results):
        (diagnostic,) = _lint_hugo(case.text)
        assert diagnostic.note is not None
        if "error" in result:
            assert diagnostic.message.startswith("the site will not build: "), case.text
            continue
        (tag,) = result["tags"]
        params = tag["params"]
        value = params[case.key]
        assert not diagnostic.message.startswith("the site will not build"), case.text
        assert diagnostic.note.endswith(f"will read it as {value}"), (case.text, diagnostic.note)
