"""The ``shortcodes`` command's records: every occurrence the engine would run."""

from __future__ import annotations

from collections import Counter
from typing import Any, Dict, Iterable, List, Tuple

from contentlint.model import Document, Shortcode
from contentlint.source import Source


def occurrence(source: Source, shortcode: Shortcode) -> Dict[str, Any]:
    line, column = source.position(shortcode.span.start)
    end_line, end_column = source.position(shortcode.span.end)
    text = source.text
    content = None
    if shortcode.content_span is not None:
        content = text[shortcode.content_span.start : shortcode.content_span.end]
    return {
        "path": source.path,
        "line": line,
        "column": column,
        "end_line": end_line,
        "end_column": end_column,
        "offset": shortcode.span.start,
        "end_offset": shortcode.span.end,
        "dialect": shortcode.dialect.value,
        "name": shortcode.name,
        "notation": shortcode.notation,
        "form": shortcode.form,
        "escaped": shortcode.escaped,
        "attributes": [
            {
                "name": attribute.name,
                "value": attribute.value,
                "raw": text[attribute.span.start : attribute.span.end],
                "quote": attribute.delimiter,
            }
            for attribute in shortcode.attributes
        ],
        "content": content,
    }


def occurrences(source: Source, document: Document) -> List[Dict[str, Any]]:
    """One record per occurrence, nested ones included, in file order."""
    found = [occurrence(source, shortcode) for shortcode in document.walk()]
    found.sort(key=lambda record: (record["offset"], -record["end_offset"]))
    return found


def summary(records: Iterable[Dict[str, Any]]) -> Dict[str, Any]:
    """Counts per shortcode name, and per attribute name of each shortcode."""
    names: Counter[str] = Counter()
    attributes: Dict[str, Counter[str]] = {}
    files: Dict[str, set] = {}  # type: ignore[type-arg]
    for record in records:
        name = record["name"]
        names[name] += 1
        files.setdefault(name, set()).add(record["path"])
        per_name = attributes.setdefault(name, Counter())
        for attribute in record["attributes"]:
            per_name[attribute["name"] if attribute["name"] is not None else "(positional)"] += 1
    ordered: List[Tuple[str, int]] = sorted(names.items(), key=lambda item: (-item[1], item[0]))
    return {
        "shortcodes": [
            {
                "name": name,
                "count": count,
                "files": len(files[name]),
                "attributes": dict(
                    sorted(attributes[name].items(), key=lambda item: (-item[1], item[0]))
                ),
            }
            for name, count in ordered
        ]
    }
