"""The engine oracles agree with the recorded conformance cases.

These tests check the oracles themselves (tests/oracles/engines.py) against
the expectations in shared/research, so that differential tests built on them
compare against the real engines. Each test skips, with the reason, when its
engine is not installed (.ci/install-oracles installs both).
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any, Dict, List, Tuple

import pytest

from tests.oracles import engines

RESEARCH = Path(__file__).resolve().parent / "data"

# Glyph sets for the localised texturize cases (wordpress.md §8.3 and the
# test filters named in wp_texturize_cases.json).
LOCALES: Dict[str, Dict[str, str]] = {
    "filter_translate:": {
        "opening_single": "!openq1!",
        "closing_single": "!closeq1!",
        "apostrophe": "!apos!",
        "opening_double": "!openq2!",
        "closing_double": "!closeq2!",
        "prime": "!prime1!",
        "double_prime": "!prime2!",
    },
    "filter_translate2:": {
        "opening_single": "!q1!",
        "closing_single": "!q1!",
        "apostrophe": "!apos!",
        "opening_double": "!q2!",
        "closing_double": "!q2!",
        "prime": "!prime1!",
        "double_prime": "!prime2!",
    },
    "de_DE": {
        "opening_double": "&#8222;",
        "closing_double": "&#8220;",
        "opening_single": "&#8218;",
        "closing_single": "&#8216;",
    },
    "fr_FR": {
        "opening_double": "«\u00a0",
        "closing_double": "\u00a0»",
        "opening_single": "&lsquo;",
        "closing_single": "&rsquo;",
        "apostrophe": "&rsquo;",
        "prime": "&prime;",
        "double_prime": "&Prime;",
    },
    "he_IL": {
        "opening_double": "&quot;",
        "closing_double": "&quot;",
        "opening_single": "'",
        "closing_single": "'",
        "apostrophe": "'",
        "prime": "'",
        "double_prime": "&quot;",
    },
}

# Hugo cases the oracle cannot reproduce by design: inline shortcodes are not
# recorded, plain-text (.md) shortcode templates are not modelled, and the
# .Inner of a {{% %}} shortcode nested in another one is Markdown-rendered by
# Hugo (the case records the source text).
HUGO_UNSUPPORTED = {
    "extract/inline",
    "inline/test-inline-shortcodes",
    "render/plain-text-template-needs-percent",
    "extract/nested-nested-inner",
}
# Lexer table cases name no templates; the lexer errors they expect come first
# when sc1/sc2 exist and take inner content.
HUGO_DEFAULT_TEMPLATES = {"sc1": True, "sc2": True}


def _load(name: str) -> List[Dict[str, Any]]:
    path = RESEARCH / name
    if not path.is_file():
        pytest.skip(f"conformance data {path} not present")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(data, list)
    return data


def _need_wordpress() -> None:
    reason = engines.wordpress_unavailable_reason()
    if reason is not None:
        pytest.skip(f"WordPress oracle unavailable: {reason}")


def _need_hugo() -> None:
    reason = engines.hugo_unavailable_reason()
    if reason is not None:
        pytest.skip(f"Hugo oracle unavailable: {reason}")


def _wp_tag(tag: Dict[str, Any]) -> Dict[str, Any]:
    """The case files write all-positional attributes either way: as a list
    or as an object with keys "0", "1", ...; compare them as objects."""
    out = {k: v for k, v in tag.items() if k != "children"}
    if isinstance(out["attrs"], list):
        out["attrs"] = {str(i): v for i, v in enumerate(out["attrs"])}
    return out


def test_wp_do_shortcode_matches_conformance_cases() -> None:
    _need_wordpress()
    cases = [c for c in _load("wp_shortcode_cases.json") if c["fn"] == "do_shortcode"]
    results = engines.wp_do_shortcode([(c["input"], c["registered"]) for c in cases])
    checked = 0
    for case, result in zip(cases, results):
        assert result["matches_agree"], case["id"]
        expect = case["expect"]
        if "tags" in expect:
            got = [_wp_tag(t) for t in engines.wp_tags(result)]
            want = [_wp_tag(t) for t in expect["tags"]]
            assert got == want, case["id"]
            checked += 1
        if "match" in expect:
            assert result["calls"][-1]["match"] == expect["match"], case["id"]
        if "output" in expect and not result["calls"] and expect.get("compare") != "strip_ws":
            assert result["output"] == expect["output"], case["id"]
    assert checked >= 70


def test_wp_do_shortcode_records_calls_and_bytes() -> None:
    _need_wordpress()
    invalid = b'[b a="1"\xff]'.decode("utf-8", "surrogateescape")
    plain, escaped, broken = engines.wp_do_shortcode(
        [
            ("x [b A=1 \"two\" c='3']in[/b] [b/]", ["b", "bad name"]),
            ("[[b]] [b]", ["b"]),
            (invalid, ["b"]),
        ]
    )
    first, second = plain["calls"]
    assert first["tag"] == "b"
    assert first["atts"] == {"a": "1", "0": "two", "c": "3"}
    assert first["atts_order"] == ["a", "0", "c"]
    assert first["content"] == "in" and first["enclosing"] is True
    assert second["content"] is None and second["self_closing"] is True
    assert plain["output"] == "x \x00SC0\x00 \x00SC1\x00"
    assert plain["registered"] == ["b"]
    assert any("bad name" in w for w in plain["warnings"])
    assert escaped["output"] == "[b] \x00SC0\x00"
    assert [m["escaped"] for m in escaped["matches"]] == [True, False]
    # Invalid UTF-8 in the attribute text makes WordPress drop every attribute.
    assert broken["calls"][0]["atts"] == []
    assert broken["calls"][0]["match"][0] == invalid


def test_wp_texturize_matches_conformance_cases() -> None:
    _need_wordpress()
    cases = _load("wp_texturize_cases.json")
    plain = [c for c in cases if "filters" not in c]
    outputs = engines.wp_texturize([(c["input"], c["registered"]) for c in plain])
    for case, output in zip(plain, outputs):
        assert output == case["output"], case["id"]
    for case in cases:
        filters = case.get("filters")
        if not filters:
            continue
        if "no_texturize_shortcodes" in filters:
            (output,) = engines.wp_texturize(
                [(case["input"], case["registered"])], no_texturize_shortcodes=["audio"]
            )
        else:
            described = filters["gettext_with_context"]
            quotes = next(v for k, v in LOCALES.items() if described.startswith(k))
            (output,) = engines.wp_texturize([(case["input"], case["registered"])], quotes)
        assert output == case["output"], case["id"]


def _hugo_groups(mode: str) -> Dict[Tuple[str, ...], List[Dict[str, Any]]]:
    groups: Dict[Tuple[str, ...], List[Dict[str, Any]]] = defaultdict(list)
    for case in _load("hugo_shortcode_cases.json"):
        expect = case["expect"]
        if case["mode"] != mode or case["id"] in HUGO_UNSUPPORTED:
            continue
        if "tags" not in expect and "at" not in expect:
            continue
        templates = case.get("templates", HUGO_DEFAULT_TEMPLATES)
        groups[(json.dumps(templates, sort_keys=True),)].append(case)
    return groups


def _hugo_want(case: Dict[str, Any]) -> Dict[str, Any]:
    expect = case["expect"]
    if "tags" in expect:
        return engines.hugo_comparable({"tags": expect["tags"]})
    return {"error": expect["error"], "at": expect["at"]}


def test_hugo_bodies_match_conformance_cases() -> None:
    _need_hugo()
    checked = 0
    for (templates_json,), cases in _hugo_groups("body").items():
        results = engines.hugo_extract([c["input"] for c in cases], json.loads(templates_json))
        for case, result in zip(cases, results):
            assert engines.hugo_comparable(result) == _hugo_want(case), case["id"]
            checked += 1
    assert checked >= 150


def test_hugo_raw_pages_match_conformance_cases() -> None:
    _need_hugo()
    checked = 0
    for (templates_json,), cases in _hugo_groups("page").items():
        results = engines.hugo_extract(
            [c["input"] for c in cases], json.loads(templates_json), raw=True
        )
        for case, result in zip(cases, results):
            assert engines.hugo_comparable(result) == _hugo_want(case), case["id"]
            checked += 1
    assert checked >= 10


def test_hugo_methods_agree_and_map_positions() -> None:
    _need_hugo()
    bodies = [
        'é {{< sc a="x" b=2 c=true d=1.5 >}}\n{{% inner 1 "two" %}}*x*{{% /inner %}}',
        "{{< inner />}}{{< inner >}}{{< /inner >}}",
        "line\n  {{< sc a=“x” b >}}",
        "{{</* sc */>}} only a comment",
        "{{</* sc >}}",
        '{{< tweet user="a" id="1" >}}',
    ]
    templates = {"sc": False, "inner": True}
    fast = engines.hugo_extract(bodies, templates)
    slow = engines.hugo_extract(bodies, templates, method="pages")
    assert fast == slow
    first = fast[0]["tags"]
    assert first[0] == {
        "name": "sc",
        "params": {"a": "x", "b": 2, "c": True, "d": 1.5},
        "inner": None,
        "self_closing": False,
        "markdown": False,
        "at": "1:4",
    }
    assert first[1]["inner"] == ["*x*"] and first[1]["markdown"] is True
    assert first[1]["params"] == [1, "two"] and first[1]["at"] == "2:1"
    assert [t["inner"] for t in fast[1]["tags"]] == [None, []]
    assert fast[2]["at"] == "2:20"
    assert fast[2]["error"].startswith("got positional parameter 'b'")
    assert fast[3] == {"tags": []}
    assert fast[4] == {"error": "comment must be closed", "at": "1:1"}
    assert "tweet" in fast[5]["error"] and fast[5]["at"] is None
