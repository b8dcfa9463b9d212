"""``junit``: JUnit XML for CI systems that show test reports.

One test suite, ``contentlint``.  Each diagnostic is a failing test case
(``classname`` = the file, ``name`` = code and position); each checked file
without diagnostics is one passing test case, so the report also says what
was checked.  Characters that XML 1.0 cannot hold (NUL and other C0
controls, lone surrogates, U+FFFE/U+FFFF) are written as ``\\uXXXX`` text.
"""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from typing import Dict, List, Optional, Sequence

from contentlint.reporters import in_report_order
from contentlint.reporters.text import located_snippet
from contentlint.results import Located


def _xml_safe_character(character: str) -> str:
    code = ord(character)
    allowed = (
        code in (0x9, 0xA, 0xD)
        or 0x20 <= code <= 0xD7FF
        or 0xE000 <= code <= 0xFFFD
        or 0x10000 <= code <= 0x10FFFF
    )
    return character if allowed else f"\\u{code:04x}"


def xml_safe(text: str) -> str:
    return "".join(_xml_safe_character(character) for character in text)


def _failure_text(diagnostic: Located) -> str:
    lines = [
        f"{diagnostic.path}:{diagnostic.line}:{diagnostic.column}: "
        f"{diagnostic.code} {diagnostic.message}"
    ]
    if diagnostic.note:
        lines.append(f"note: {diagnostic.note}")
    if diagnostic.line_length:
        # The same window of the line as the text format shows, with bidi
        # controls spelled out so that it cannot reorder itself in a viewer.
        lines.append(located_snippet(diagnostic)[0])
    if diagnostic.fix is not None:
        lines.append(f"fix ({diagnostic.fix.applicability}): {diagnostic.fix.message}")
    return "\n".join(lines)


def render_junit(diagnostics: Sequence[Located], checked_paths: Optional[Sequence[str]]) -> str:
    by_path: Dict[str, List[Located]] = {}
    for diagnostic in in_report_order(diagnostics):
        by_path.setdefault(diagnostic.path, []).append(diagnostic)
    paths = sorted(set(checked_paths or ()) | set(by_path))

    suite = ElementTree.Element("testsuite", name="contentlint")
    tests = failures = 0
    for path in paths:
        found = by_path.get(path, [])
        if not found:
            tests += 1
            ElementTree.SubElement(
                suite,
                "testcase",
                classname=xml_safe(path),
                name=xml_safe(path),
                file=xml_safe(path),
            )
            continue
        for diagnostic in found:
            tests += 1
            failures += 1
            case = ElementTree.SubElement(
                suite,
                "testcase",
                classname=xml_safe(path),
                name=f"{diagnostic.code} {xml_safe(path)}:{diagnostic.line}:{diagnostic.column}",
                file=xml_safe(path),
                line=str(diagnostic.line),
            )
            failure = ElementTree.SubElement(
                case, "failure", message=xml_safe(diagnostic.message), type=diagnostic.code
            )
            failure.text = xml_safe(_failure_text(diagnostic))
    counts = {"tests": str(tests), "failures": str(failures), "errors": "0", "skipped": "0"}
    suite.attrib.update(counts)
    root = ElementTree.Element("testsuites", {"name": "contentlint", **counts})
    root.append(suite)
    ElementTree.indent(root)
    body = ElementTree.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"
