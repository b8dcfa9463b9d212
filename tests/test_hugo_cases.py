"""Every case of research/hugo_shortcode_cases.json, run against the lexer and the parser."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict, List, Optional

import pytest

from contentlint import hugo
from contentlint.model import Severity, Shortcode
from contentlint.rules import ALL_RULES

# The conformance cases, kept as test data.
CASES_FILE = Path(__file__).resolve().parent / "data" / "hugo_shortcode_cases.json"

CASES: List[Dict[str, Any]] = json.loads(CASES_FILE.read_text(encoding="utf-8"))

# Cases about rendering, which a parser cannot decide; each states why.
SKIPPED = {
    "render/comment-shortcode-deprecated": "rendered HTML and a render-time deprecation warning; "
    "the parser does not render (deprecations are SD006's business)",
    "render/plain-text-template-needs-percent": "depends on which template files (.md vs .html) "
    "exist, which the parser is not told",
    "render/markdown-vs-standard-notation": "rendered HTML; the parser does not render",
}

# Problems a linter reports where Hugo silently accepts the input.
SILENT_ACCEPTANCE = {
    "derived/structure/crossed-nesting": {"SC005"},
    "derived/typed/duplicate-named": {"SC007"},
    "derived/unquoted/equals-without-name": {"SC006"},
    "derived/quotes/curly-double-named-no-space": set(),
}


def hugo_position(text: str, offset: int) -> str:
    """``line:column`` as Hugo prints it: the column counts UTF-8 bytes."""
    before = text[:offset]
    line_start = before.rfind("\n") + 1
    return f"{before.count(chr(10)) + 1}:{len(before[line_start:].encode('utf-8')) + 1}"


def tag_as_case(shortcode: Shortcode, text: str) -> Dict[str, Any]:
    """A shortcode in the shape of the cases' ``tags``."""
    named = any(attribute.name is not None for attribute in shortcode.attributes)
    params: Any
    if named:
        params = {
            attribute.name: hugo.typed_value(attribute)
            for attribute in shortcode.attributes
            if attribute.name is not None
        }
    else:
        params = [hugo.typed_value(attribute) for attribute in shortcode.attributes]
    result: Dict[str, Any] = {
        "name": shortcode.name,
        "params": params,
        "inner": inner_as_case(shortcode, text),
        "self_closing": shortcode.form == "self-closing",
        "markdown": shortcode.notation == "%",
    }
    if shortcode.name.endswith(".inline"):
        result["inline"] = True
    return result


def inner_as_case(shortcode: Shortcode, text: str) -> Optional[List[Any]]:
    if shortcode.form != "enclosing" or shortcode.content_span is None:
        return None
    parts: List[Any] = []
    position = shortcode.content_span.start

    def add_text(value: str) -> None:
        if not value:
            return
        if parts and isinstance(parts[-1], str):
            parts[-1] += value
        else:
            parts.append(value)

    for child in shortcode.children:
        add_text(text[position : child.span.start])
        if child.escaped:
            opening = "{{" + (child.notation or "<")
            closing = ("%" if child.notation == "%" else ">") + "}}"
            inner = text[child.open_span.start + 5 : child.open_span.end - 5]
            add_text(opening + inner + closing)
        else:
            parts.append(tag_as_case(child, text))
        position = child.span.end
    add_text(text[position : shortcode.content_span.end])
    return parts


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_case(case: Dict[str, Any]) -> None:
    if case["id"] in SKIPPED:
        pytest.skip(SKIPPED[case["id"]])
    expect = case["expect"]
    text = case["input"]
    page = case["mode"] == "page"
    # The render cases were built against Hugo's embedded templates only.
    templates = case.get("templates", {} if case["id"].startswith("render/") else None)
    checked = False

    if "items" in expect:
        items = hugo.lex(text, case["mode"])
        assert [[item.type, item.value] for item in items] == expect["items"]
        for item in items:
            assert 0 <= item.span.start <= item.span.end <= len(text)
        checked = True

    if "has_shortcode" in expect:
        assert hugo.has_shortcode(text) is expect["has_shortcode"]
        checked = True

    analysis = hugo.analyze(text, templates, front_matter=page)
    if "error" in expect and "at" in expect:
        assert analysis.engine_errors, "Hugo fails here, the emulation found no error"
        first = analysis.engine_errors[0]
        assert first.message == expect["error"]
        assert hugo_position(text, first.offset) == expect["at"]
        problems = analysis.document.problems
        if first.code is not None and first.code.startswith("SC"):
            matching = [p for p in problems if p.code == first.code]
            assert matching, f"no {first.code} problem recorded"
            if first.code not in ("SC003", "SC012", "SC008") or "Cannot mix" in first.message:
                quoted = hugo.escape_message(first.message)
                assert any(quoted in p.message for p in matching)
        checked = True
    elif "error" in expect:
        # Hugo names no position for a removed embedded shortcode; the emulation knows it.
        removal = [error for error in analysis.engine_errors if error.code == "SD006"]
        if not removal:
            pytest.skip("error without a position belongs to rendering")
        assert removal[0].message == expect["error"]
        checked = True

    if "tags" in expect:
        document = analysis.document
        got = [
            tag_as_case(shortcode, text)
            for shortcode in document.shortcodes
            if not shortcode.escaped
        ]
        assert got == expect["tags"]
        assert not analysis.engine_errors
        allowed = SILENT_ACCEPTANCE.get(case["id"], set())
        unexpected = [problem for problem in document.problems if problem.code not in allowed]
        if case["id"].startswith("derived/quotes/") or case["id"].startswith(
            "derived/bidi/rlm-glued"
        ):
            # Hugo accepts these silently; the quote and invisible-character rules report them.
            unexpected = [problem for problem in unexpected if problem.code != "SC009"]
        assert unexpected == []
        # Hugo builds it: nothing the parser says is an error or claims a failure.
        for problem in document.problems:
            if problem.code != "SC009":
                default = next(rule.severity for rule in ALL_RULES if rule.code == problem.code)
                assert (problem.severity or default) is Severity.WARNING, problem
            assert "will fail" not in problem.message
        for code in allowed:
            assert any(problem.code == code for problem in document.problems)
        checked = True

    assert checked, "the case has no expectation this test understands"
