"""contentlint's errors against real Hugo's verdict on generated content.

Each example is a batch of bodies built by Hugo in one call.  The bodies mix
closing tags whose name differs from the innermost open shortcode, nested
shortcodes, stray closings, Hugo's removed embedded shortcodes and damaged
quotes.  For every body, contentlint reports an error exactly when Hugo
fails the build; with ``--select SC`` every failure that the syntax causes
is still an SC error, and the failures caused by a name (no template, a
removed shortcode) are errors of the SD rules.
"""

from __future__ import annotations

from typing import Dict, List

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from contentlint import hugo, presets
from contentlint.linter import check_text
from contentlint.model import Diagnostic, Severity
from contentlint.settings import Registry
from tests.oracles import engines

REASON = engines.hugo_unavailable_reason()
pytestmark = pytest.mark.skipif(REASON is not None, reason=f"Hugo is not available: {REASON}")

# Names the oracle site defines: name -> its template uses .Inner.
TEMPLATES: Dict[str, bool] = {"lead": True, "outer": True, "pic": False, "note": False}
REGISTRY = Registry(
    hugo_templates={**presets.HUGO_EMBEDDED_INNER, **TEMPLATES},
    hugo_site_root="/site",
    hugo_site_templates=frozenset(TEMPLATES),
)
REMOVED = sorted(presets.HUGO_REMOVED)
OPENED = ["lead", "outer", "pic", "note"]


def _tag(notation: str, body: str) -> str:
    return f"{{{{{notation} {body} {'%' if notation == '%' else '>'}}}}}"


notations = st.sampled_from(["<", "%"])
opening = st.builds(
    lambda notation, name, slash: _tag(notation, name + slash),
    notations,
    st.sampled_from(OPENED),
    st.sampled_from(["", "", "", " /"]),
)
closing = st.builds(
    lambda notation, name: _tag(notation, "/" + name), notations, st.sampled_from(OPENED)
)
removed = st.builds(lambda name: f'{{{{< {name} "a" >}}}}', st.sampled_from(REMOVED))
# Damage that fails the build, and damage that builds with the curly quotes
# in the value (a warning: the page is wrong, the site builds).
damaged = st.sampled_from(
    [
        "{{< pic \u201cx y\u201d >}}",
        "{{< note x=\u201cy z\u201d >}}",
        '{{< pic x="y >}}',
        "{{< pic x=\u201dy\u201d >}}",
        "{{< note \u201dy\u2033 >}}",
    ]
)
text = st.sampled_from(["x", " ", "\n", "Body", "a b"])
piece = st.one_of(opening, opening, closing, closing, text, damaged)
bodies = st.lists(piece, min_size=1, max_size=7).map("".join)
# Hugo logs a removed shortcode's error without naming the page, so the
# oracle has to split its batch to find the page: a few such bodies per batch.
with_removed = st.builds(lambda before, name, after: before + name + after, bodies, removed, bodies)


def errors(found: List[Diagnostic]) -> List[Diagnostic]:
    return [d for d in found if d.severity is Severity.ERROR]


def lint(body: str, *select: str) -> List[Diagnostic]:
    overrides = {"select": select} if select else {}
    return check_text(body, "content/p.md", registry=REGISTRY, dialect="hugo", **overrides)


def caused_by_a_name(message: str) -> bool:
    return "template for shortcode" in message or any(
        message.startswith(removal[:40]) for removal in presets.HUGO_REMOVED.values()
    )


def assert_agrees(pages: List[str]) -> None:
    results = engines.hugo_extract(pages, TEMPLATES)
    for page, result in zip(pages, results):
        everything = errors(lint(page))
        syntax = errors(lint(page, "SC"))
        names = errors(lint(page, "SD002", "SD006"))
        if "error" not in result:
            assert everything == [], (page, result)
            assert not any("will fail" in d.message for d in lint(page)), page
            continue
        message = str(result["error"])
        assert everything, (page, message)
        if caused_by_a_name(message):
            assert names, (page, message)
        else:
            assert syntax, (page, message)
            assert all(d.code.startswith("SC") for d in syntax), page
        first = hugo.analyze(page, REGISTRY.hugo_templates, front_matter=False).engine_errors
        assert first, (page, message)
        assert message.startswith(first[0].message), (page, message, first[0].message)


SLOW = [HealthCheck.too_slow, HealthCheck.data_too_large]


@settings(max_examples=10, deadline=None, suppress_health_check=SLOW)
@given(st.lists(bodies, min_size=40, max_size=60))
@example(
    [
        "{{% lead %}}x{{% /lead %}} {{% outer %}}Body{{% /lead %}}",
        "{{< note >}}{{< lead >}}x{{< /note >}}",
        "{{< lead >}}a{{< outer >}}b{{< /lead >}}c{{< /outer >}}",
        "{{< lead >}}a{{< outer >}}b{{< /lead >}}",
        "{{< lead >}}a{{< /lead >}}{{< /lead >}}",
        "{{< lead >}}a{{< pic >}}b{{< /pic >}}",
        "{{< pic \u201cx y\u201d >}}",
        "{{< pic x=\u201dy\u201d >}}",
    ]
)
def test_errors_are_exactly_hugo_build_failures(pages: List[str]) -> None:
    assert_agrees(pages)


@settings(max_examples=2, deadline=None, suppress_health_check=SLOW)
@given(st.lists(with_removed, min_size=2, max_size=3))
@example(
    [
        "{{< twitter user=a id=1 >}}",
        '{{% lead %}}x{{% /lead %}} {{% outer %}}{{< gist "a" >}}{{% /lead %}}',
        '{{< instagram_simple "a" >}}{{< /lead >}}',
    ]
)
def test_removed_shortcodes_fail_as_hugo_fails(pages: List[str]) -> None:
    assert_agrees(pages)
